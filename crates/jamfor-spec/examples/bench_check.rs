//! Benchmark of `jamfor check` at catalogue scale (a benchmark, not a timed test).
//!
//! ```text
//! cargo run --release -p jamfor-spec --example bench_check [-- --reps 25] [--write DIR]
//! ```
//!
//! Generates in memory a definition set shaped like the repository's own: 500 indicators over 8
//! areas (5 per file), mixing the measure types share, rate, count, mean, median, yes_no, index and
//! survey_share, each with a couple of conditions, over 25 sources of 4–19 columns (a register, a
//! kommunenkät and a brukarundersökning per area, and the population), plus a policy file and a
//! release. Then times, over several repetitions, (a) the baseline: parsing the same texts with
//! `toml::de::DeTable::parse` alone, (b) `from_files` (parse + decode), (c) `resolve`, and (d) the
//! whole check as the CLI runs it minus file reading (decode, resolve, sort, render, summary).
//!
//! `--write DIR` also writes the definitions under `DIR`, so that the CLI can be timed end to end:
//! `/usr/bin/time -v target/release/jamfor check --root DIR`.

#![allow(clippy::print_stdout, clippy::print_stderr, clippy::unwrap_used)]

use std::fmt::Write as _;
use std::hint::black_box;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use jamfor_spec::render::{self, OutputFormat, Style};
use jamfor_spec::resolve::{self, Options};

const INDICATORS: usize = 500;
const PER_FILE: usize = 5;
const AREAS: &[(&str, &str)] = &[
    ("aldreomsorg", "Äldreomsorg och hemsjukvård"),
    ("barn_och_unga", "Barn och unga"),
    ("ekonomiskt_bistand", "Ekonomiskt bistånd"),
    (
        "funktionsnedsattning",
        "Stöd till personer med funktionsnedsättning",
    ),
    (
        "hemloshet",
        "Hemlöshet och utestängning från bostadsmarknaden",
    ),
    ("krisberedskap", "Krisberedskap"),
    ("missbruk", "Missbruks- och beroendevård"),
    ("vald_i_nara_relationer", "Våld i nära relationer"),
];
const TYPES: &[&str] = &[
    "share",
    "rate",
    "count",
    "mean",
    "median",
    "yes_no",
    "index",
    "survey_share",
];
const QUESTIONS: usize = 16;
const SURVEY_ITEMS: usize = 6;

type Input = Vec<(String, String)>;

// ---------------------------------------------------------------------------------------------
// The generated definitions.

fn column(out: &mut String, name: &str, ty: &str, extra: &str) {
    let _ = write!(
        out,
        "\n[[source.columns]]\nname = \"{name}\"\ntype = \"{ty}\"\n{extra}"
    );
}

fn source_head(out: &mut String, id: &str, title: &str, family: &str, extra: &str) {
    let _ = write!(
        out,
        "# Generated for bench_check.\n[source]\nid = \"{id}\"\ntitle = \"{title}\"\nfamily = \"{family}\"\n\
         provider = \"Socialstyrelsen\"\ndescription = \"En genererad källa med samma form som de riktiga.\"\n{extra}\n\
         [source.format]\nkind = \"csv\"\ndelimiter = \";\"\ndecimal = \",\"\n"
    );
}

const KON: &str = "role = \"kon\"\ncodes = [\"K\", \"M\"]\nkvinnor = \"K\"\nman = \"M\"\n";
const JA_NEJ: &str = "codes = [\"Ja\", \"Nej\"]\nnullable = true\n";

/// A register of 14 columns: one row per person and month.
fn register(area: &str, title: &str) -> String {
    let mut s = String::new();
    source_head(
        &mut s,
        &format!("reg_{area}"),
        &format!("Register, {title}"),
        "register",
        "",
    );
    column(&mut s, "lopnr", "text", "role = \"identifying\"\n");
    column(&mut s, "kommun", "text", "role = \"kommun\"\n");
    column(&mut s, "kon", "code", KON);
    column(&mut s, "alder", "integer", "role = \"alder\"\n");
    column(&mut s, "manad", "integer", "");
    column(
        &mut s,
        "insats",
        "code",
        "codes = { \"I0\" = \"Hemtjänst\", \"I1\" = \"Särskilt boende\", \"I2\" = \"Placering\", \"I3\" = \"Öppenvård\" }\n",
    );
    column(&mut s, "beslutsdatum", "date", "");
    column(&mut s, "dagar", "integer", "nullable = true\n");
    column(
        &mut s,
        "timmar",
        "decimal",
        "nullable = true\ndescription = \"Beviljade timmar under månaden.\"\n",
    );
    column(&mut s, "belopp", "decimal", "nullable = true\n");
    column(
        &mut s,
        "placering",
        "code",
        "codes = [\"A\", \"B\", \"C\"]\nnullable = true\n",
    );
    column(&mut s, "akut", "code", "codes = [\"Ja\", \"Nej\"]\n");
    column(&mut s, "antal_besok", "integer", "nullable = true\n");
    column(&mut s, "personal_antal", "integer", "nullable = true\n");
    s
}

/// A kommunenkät of 19 columns: one row per kommun, yes/no questions.
fn enkat(area: &str, title: &str) -> String {
    let mut s = String::new();
    source_head(
        &mut s,
        &format!("enkat_{area}"),
        &format!("Kommunenkät, {title}"),
        "kommunenkat",
        "unique_by = [\"kommun\"]\n",
    );
    column(&mut s, "kommun", "text", "role = \"kommun\"\n");
    for q in 0..QUESTIONS {
        column(
            &mut s,
            &format!("q{q:02}"),
            "code",
            &format!("{JA_NEJ}description = \"Fråga {q} om rutiner och arbetssätt.\"\n"),
        );
    }
    column(&mut s, "dagar_1", "integer", "nullable = true\n");
    column(&mut s, "dagar_2", "integer", "nullable = true\n");
    s
}

/// A brukarundersökning of 11 columns: one row per person in the sample.
fn brukar(area: &str, title: &str) -> String {
    let mut s = String::new();
    source_head(
        &mut s,
        &format!("brukar_{area}"),
        &format!("Brukarundersökning, {title}"),
        "brukarundersokning",
        "",
    );
    column(&mut s, "kommun", "text", "role = \"kommun\"\n");
    column(
        &mut s,
        "verksamhet",
        "code",
        "codes = { \"EKB\" = \"Ekonomiskt bistånd\", \"MB\" = \"Missbruk\", \"BU\" = \"Barn och unga\", \"VNR\" = \"Våld\" }\n",
    );
    column(&mut s, "kon", "code", KON);
    column(&mut s, "vikt", "decimal", "role = \"weight\"\n");
    column(&mut s, "svarat", "code", "codes = [\"Ja\", \"Nej\"]\n");
    for f in 0..SURVEY_ITEMS {
        column(
            &mut s,
            &format!("f{f}"),
            "code",
            "codes = [\"Mycket bra\", \"Ganska bra\", \"Varken bra eller dåligt\", \"Ganska dåligt\", \"Mycket dåligt\"]\nnullable = true\n",
        );
    }
    s
}

const BEFOLKNING: &str = r#"# Folkmängd 31 december per kommun, ålder och kön (SCB).
[source]
id = "befolkning"
title = "Folkmängd efter kommun, ålder och kön"
family = "statistik"
provider = "SCB"
unique_by = ["kommun", "alder", "kon"]

[source.format]
kind = "csv"
delimiter = ";"

[[source.columns]]
name = "kommun"
type = "text"
role = "kommun"

[[source.columns]]
name = "alder"
type = "integer"
role = "alder"

[[source.columns]]
name = "kon"
type = "code"
role = "kon"
codes = { "1" = "män", "2" = "kvinnor" }
kvinnor = "2"
man = "1"

[[source.columns]]
name = "antal"
type = "integer"
"#;

const POLICY: &str = r#"[[policy]]
id = "socialtjanst-2024"
title = "Standard för register och enkäter"
method = "suppression"
min_count = 3
complement = true
min_respondents = 5
min_denominator = 10
zeros = "publish"
published_decimals = 1

[[policy]]
id = "socialtjanst-strikt"
title = "Skärpt skydd för känsliga register"
method = "suppression"
min_count = 5
complement = true
min_respondents = 10
zeros = "publish"
published_decimals = 0
"#;

/// One indicator: metadata like the real files, and a measure of one of the eight `TYPES`.
fn indicator(out: &mut String, n: usize, area: &str) {
    // Shifted every 40 indicators, so that every area gets every type.
    let ty = TYPES[(n + n / 40) % TYPES.len()];
    let age = 18 + (n * 7) % 60;
    let insats = n % 4;
    let q = |k: usize| format!("q{:02}", (n + k) % QUESTIONS);
    let (kind, unit, title, meta) = match ty {
        "share" => (
            "nyckeltal",
            "procent",
            "andel (%)",
            "direction = \"none\"\nbreakdown = [\"kon\"]\n",
        ),
        "rate" => (
            "valfardsindikator",
            "per_10000",
            "antal per 10 000 invånare",
            "direction = \"none\"\ndecimals = 1\nbreakdown = [\"kon\"]\ndisclosure = \"socialtjanst-strikt\"\n",
        ),
        "count" => (
            "nyckeltal",
            "antal",
            "antal",
            "direction = \"none\"\nbreakdown = [\"kon\"]\n",
        ),
        "mean" => (
            "kvalitetsindikator",
            "antal",
            "medelvärde",
            "dimension = \"individanpassad\"\ntype = \"process\"\ndirection = \"lower\"\ndecimals = 1\n\
             colour = { rule = \"relative\", green = 25, red = 25 }\n",
        ),
        "median" => (
            "kvalitetsindikator",
            "dagar",
            "median",
            "dimension = \"saker\"\ntype = \"process\"\ndirection = \"lower\"\ndecimals = 0\ncolour = { rule = \"relative\" }\n",
        ),
        "yes_no" => (
            "kvalitetsindikator",
            "ja_nej",
            "ja/nej",
            "dimension = \"kunskapsbaserad\"\ntype = \"struktur\"\ndirection = \"higher\"\ncolour = { rule = \"yes_no\" }\n",
        ),
        "index" => (
            "kvalitetsindikator",
            "poang",
            "index (0–3)",
            "dimension = \"saker\"\ntype = \"struktur\"\ndirection = \"higher\"\ndecimals = 1\n\
             colour = { rule = \"thresholds\", green = 3, red = 1 }\n",
        ),
        _ => (
            "kvalitetsindikator",
            "procent",
            "andel (%)",
            "dimension = \"individanpassad\"\ntype = \"resultat\"\ndirection = \"higher\"\ndecimals = 0\n\
             breakdown = [\"kon\"]\ncolour = { rule = \"relative\" }\n",
        ),
    };
    let _ = write!(
        out,
        "[[indicator]]\nid = \"{area}_{n:03}\"\ntitle = \"Genererad indikator {n} inom {area}, {title}\"\n\
         kind = \"{kind}\"\nunit = \"{unit}\"\n{meta}\n\
         [indicator.description]\nshows = \"Vad indikator {n} visar, i en mening som i de riktiga filerna.\"\n\
         source = \"Socialstyrelsen, genererad.\"\n\
         interpretation = \"Hur värdet ska läsas; skillnader mellan kommuner är ofta små.\"\n\n\
         [indicator.measure]\ntype = \"{ty}\"\n"
    );
    let measure = match ty {
        "share" => format!(
            "numerator = {{ source = \"reg_{area}\", distinct = \"lopnr\", where = \"insats = 'I{insats}' AND alder >= {age}\" }}\n\
             denominator = {{ source = \"befolkning\", sum = \"antal\", where = \"alder >= {age}\" }}\n"
        ),
        "rate" => format!(
            "per = 10000\n\
             numerator = {{ source = \"reg_{area}\", distinct = \"lopnr\", where = \"akut = 'Ja' AND alder BETWEEN 0 AND 20\" }}\n\
             denominator = {{ source = \"befolkning\", sum = \"antal\", where = \"alder <= 20\" }}\n"
        ),
        "count" => format!(
            "source = \"reg_{area}\"\ndistinct = \"lopnr\"\nwhere = \"insats IN ('I{insats}', 'I3') AND manad >= {}\"\n",
            1 + n % 12
        ),
        "mean" => format!(
            "source = \"reg_{area}\"\ncolumn = \"timmar\"\nwhere = \"insats = 'I{insats}' AND alder >= {age} AND timmar IS NOT NULL\"\n"
        ),
        "median" => format!(
            "source = \"reg_{area}\"\ncolumn = \"dagar\"\n\
             where = \"dagar IS NOT NULL AND placering IN ('A', 'B') AND beslutsdatum >= '2024-01-01'\"\n"
        ),
        "yes_no" => format!(
            "source = \"enkat_{area}\"\nyes = \"{q0} = 'Ja'\"\nanswered = \"{q0} IS NOT NULL\"\n",
            q0 = q(0)
        ),
        "index" => format!(
            "source = \"enkat_{area}\"\nitems = [\n  {{ when = \"{} = 'Ja'\", points = 1 }},\n  \
             {{ when = \"{} = 'Ja'\", points = 1 }},\n  {{ when = \"{} = 'Ja' AND dagar_1 <= 30\", points = 1 }},\n]\n",
            q(1),
            q(2),
            q(3)
        ),
        _ => {
            let f = n % SURVEY_ITEMS;
            format!(
                "source = \"brukar_{area}\"\nwhere = \"verksamhet = 'EKB' AND svarat = 'Ja'\"\n\
                 positive = \"f{f} IN ('Mycket bra', 'Ganska bra')\"\nanswered = \"f{f} IS NOT NULL\"\n"
            )
        }
    };
    out.push_str(&measure);
    out.push('\n');
}

fn generate() -> Input {
    let mut files = Vec::new();
    files.push((
        "sources/befolkning.toml".to_string(),
        BEFOLKNING.to_string(),
    ));
    for (area, title) in AREAS {
        files.push((format!("sources/reg_{area}.toml"), register(area, title)));
        files.push((format!("sources/enkat_{area}.toml"), enkat(area, title)));
        files.push((format!("sources/brukar_{area}.toml"), brukar(area, title)));
        files.push((
            format!("indicators/{area}/area.toml"),
            format!("[area]\nid = \"{area}\"\ntitle = \"{title}\"\ndescription = \"Genererat område.\"\n"),
        ));
    }
    // Indicators n, n+1, … go to area (file index mod 8), five to a file.
    for (file_index, first) in (0..INDICATORS).step_by(PER_FILE).enumerate() {
        let area = AREAS[file_index % AREAS.len()].0;
        let mut text = String::new();
        for n in first..(first + PER_FILE).min(INDICATORS) {
            indicator(&mut text, n, area);
        }
        files.push((format!("indicators/{area}/fil_{file_index:03}.toml"), text));
    }
    files.push(("policies/socialtjanst.toml".to_string(), POLICY.to_string()));
    let mut pipeline = String::from(
        "[release]\nid = \"bench-2024\"\ntitle = \"Genererad release\"\nyear = 2024\nhistory = [2022, 2023]\n\
         published = 2024-11-26\ndisclosure = \"socialtjanst-2024\"\n",
    );
    let mut ids = vec!["befolkning".to_string()];
    for (area, _) in AREAS {
        ids.extend([
            format!("reg_{area}"),
            format!("enkat_{area}"),
            format!("brukar_{area}"),
        ]);
    }
    for id in ids {
        let _ = write!(
            pipeline,
            "\n[inputs.{id}]\npath = \"data/bench/{id}_{{year}}.csv\"\n"
        );
    }
    pipeline.push_str("\n[outputs]\nparquet = true\nexcel = true\n");
    files.push(("pipelines/bench-2024.toml".to_string(), pipeline));
    files
}

// ---------------------------------------------------------------------------------------------
// Timing.

struct Timing {
    name: &'static str,
    samples: Vec<Duration>,
}

impl Timing {
    fn median(&self) -> Duration {
        let mut s = self.samples.clone();
        s.sort();
        s[s.len() / 2]
    }
    fn min(&self) -> Duration {
        self.samples.iter().copied().min().unwrap_or_default()
    }
}

fn time<T>(
    reps: usize,
    name: &'static str,
    mut setup: impl FnMut() -> T,
    mut run: impl FnMut(T),
) -> Timing {
    // One warm-up run, then `reps` measured ones; the setup (cloning inputs) is not timed.
    run(setup());
    let samples = (0..reps)
        .map(|_| {
            let input = setup();
            let t0 = Instant::now();
            run(input);
            t0.elapsed()
        })
        .collect();
    Timing { name, samples }
}

/// The whole check as `jamfor check` runs it after reading the files.
fn whole_check(files: Input) -> (String, bool) {
    let (spec, mut diagnostics) = jamfor_spec::from_files(files);
    let (manifest, found) = resolve::resolve(&spec, &Options::default());
    diagnostics.extend(found);
    jamfor_spec::diagnostic::sort(&mut diagnostics);
    let mut text = render::render(&spec.files, &diagnostics, OutputFormat::Human, Style::Plain);
    text.push_str(&render::summary(&diagnostics));
    (text, manifest.is_some())
}

fn main() -> ExitCode {
    let mut reps = 25;
    let mut write_to: Option<PathBuf> = None;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match (a.as_str(), args.next()) {
            ("--reps", Some(n)) => reps = n.parse().unwrap_or(reps).max(1),
            ("--write", Some(dir)) => write_to = Some(PathBuf::from(dir)),
            _ => {
                eprintln!("usage: bench_check [--reps N] [--write DIR]");
                return ExitCode::from(2);
            }
        }
    }

    let files = generate();
    let bytes: usize = files.iter().map(|(_, t)| t.len()).sum();
    let conditions: usize = files
        .iter()
        .map(|(_, t)| {
            [
                "where = ",
                "yes = ",
                "answered = ",
                "positive = ",
                "when = ",
            ]
            .iter()
            .map(|k| t.matches(k).count())
            .sum::<usize>()
        })
        .sum();

    // The generated set must be clean, or the benchmark measures error paths instead.
    let (report, ok) = whole_check(files.clone());
    println!("{}", report.lines().last().unwrap_or(""));
    if !ok {
        eprintln!("the generated definitions do not check:\n{report}");
        return ExitCode::from(1);
    }
    let (spec, _) = jamfor_spec::from_files(files.clone());
    let (manifest, _) = resolve::resolve(&spec, &Options::default());
    let m = manifest.unwrap();
    println!(
        "generated: {} files, {:.0} KiB, {} sources, {} areas, {} indicators, {} conditions, {} policies, {} release",
        files.len(),
        bytes as f64 / 1024.0,
        m.sources.len(),
        m.areas.len(),
        m.indicators.len(),
        conditions,
        m.policies.len(),
        m.releases.len()
    );

    if let Some(dir) = &write_to {
        for (path, text) in &files {
            let target = dir.join(path);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent).unwrap();
            }
            std::fs::write(&target, text).unwrap();
        }
        println!("written to {}", dir.display());
    }

    let baseline = time(
        reps,
        "(a) toml DeTable::parse only",
        || (),
        |()| {
            for (_, text) in &files {
                black_box(toml::de::DeTable::parse(black_box(text)).is_ok());
            }
        },
    );
    let decode = time(
        reps,
        "(b) from_files (parse + decode)",
        || files.clone(),
        |f| {
            black_box(jamfor_spec::from_files(f));
        },
    );
    let resolve = time(
        reps,
        "(c) resolve",
        || (),
        |()| {
            black_box(resolve::resolve(&spec, &Options::default()));
        },
    );
    let whole = time(
        reps,
        "(d) whole check (b + c + render)",
        || files.clone(),
        |f| {
            black_box(whole_check(f));
        },
    );

    println!("\n{reps} repetitions (after one warm-up), release build expected:");
    println!(
        "{:<36} {:>10} {:>10} {:>14}",
        "", "median", "min", "× baseline"
    );
    let base = baseline.median().as_secs_f64();
    for t in [&baseline, &decode, &resolve, &whole] {
        println!(
            "{:<36} {:>8.2}ms {:>8.2}ms {:>13.1}×",
            t.name,
            t.median().as_secs_f64() * 1e3,
            t.min().as_secs_f64() * 1e3,
            t.median().as_secs_f64() / base
        );
    }
    if cfg!(debug_assertions) {
        println!("(debug build: run with --release for meaningful figures)");
    }
    ExitCode::SUCCESS
}
