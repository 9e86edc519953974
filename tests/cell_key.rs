//! The cell key method end to end: the repository's example policy (`policies/cell-key-exempel.toml`)
//! protecting the small release. Every count is published perturbed within the table's range,
//! never as 1 or 2, the same count alike in every indicator that publishes it; shares and rates
//! are recomputed from the perturbed counts; runs with the same secret are byte-identical, and
//! a run without the secret writes nothing.

#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::print_stderr)]

mod small_release;
mod support;

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;
use std::process::{Command, Output};

use calamine::Reader;
use parquet::record::Field;
use small_release::{PIPELINE, RELEASE, REUSING, files, workspace};
use support::{copy_catalogue, edit, jamfor, results, scratch, stderr, stdout};

const VARIABLE: &str = "JAMFOR_CELL_KEY_SEED";
const SECRET: &str = "ett hemligt värde för provkörningarna";

/// Runs the small release into `out` with the secret `secret` (or none).
fn run(root: &Path, out: &str, secret: Option<&str>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_jamfor"));
    command
        .args(["run", PIPELINE, "--out", out])
        .current_dir(root)
        .env_remove("NO_COLOR")
        .env_remove(VARIABLE);
    if let Some(secret) = secret {
        command.env(VARIABLE, secret);
    }
    command.output().unwrap()
}

/// The small workspace twice over: protected by suppression (`suppressed`) and by the example
/// cell key policy (`perturbed`), with the same generated inputs.
fn workspaces(name: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    let suppressed = workspace(&format!("{name}_suppressed"));
    fs::write(
        suppressed.join("indicators/hemloshet/bostad_forst_kvot.toml"),
        REUSING,
    )
    .unwrap();
    let first = run(&suppressed, "out", None);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let perturbed = workspace(&format!("{name}_perturbed"));
    fs::write(
        perturbed.join("indicators/hemloshet/bostad_forst_kvot.toml"),
        REUSING,
    )
    .unwrap();
    fs::create_dir_all(perturbed.join("data")).unwrap();
    for (file, bytes) in files(&suppressed.join("data")) {
        fs::write(perturbed.join("data").join(file), bytes).unwrap();
    }
    edit(
        &perturbed.join(PIPELINE),
        "disclosure = \"socialtjanst-2024\"",
        "disclosure = \"cellkey-exempel\"",
    );
    (suppressed, perturbed)
}

type Key = (String, i32, String, String, String);

struct Row {
    status: String,
    value: Option<f64>,
    numerator: Option<f64>,
    denominator: Option<f64>,
}

fn rows(release: &Path) -> BTreeMap<Key, Row> {
    let text = |r: &BTreeMap<String, Field>, c: &str| match &r[c] {
        Field::Str(s) => s.clone(),
        _ => String::new(),
    };
    let number = |r: &BTreeMap<String, Field>, c: &str| match r[c] {
        Field::Double(v) => Some(v),
        _ => None,
    };
    results(release)
        .iter()
        .map(|r| {
            let Field::Int(year) = r["period"] else {
                panic!("period is an int32")
            };
            (
                (
                    text(r, "indicator_id"),
                    year,
                    text(r, "geo_level"),
                    text(r, "geo_code"),
                    text(r, "gender"),
                ),
                Row {
                    status: text(r, "status"),
                    value: number(r, "value"),
                    numerator: number(r, "numerator"),
                    denominator: number(r, "denominator"),
                },
            )
        })
        .collect()
}

/// Register counts of the small release (numerators of these indicators).
const REGISTER: [&str; 4] = [
    "hemloshet_boendeinsats_per_10000",
    "hemloshet_akutboende_andel",
    "hemloshet_bostad_forst_antal",
    "hemloshet_bostad_forst_per_10000",
];

#[test]
fn counts_are_perturbed_consistently_within_the_table_and_shares_follow_them() {
    let (suppressed, perturbed) = workspaces("cell_key");
    let truth = rows(&suppressed.join("out").join(RELEASE));

    // Without the secret nothing is written, and the message says which variable to set.
    let refused = run(&perturbed, "out", None);
    assert_eq!(refused.status.code(), Some(2), "{}", stdout(&refused));
    let message = stderr(&refused);
    assert!(message.contains(VARIABLE), "{message}");
    assert!(message.contains("cellkey-exempel"), "{message}");
    assert!(!perturbed.join("out").join(RELEASE).exists());

    let a = run(&perturbed, "a", Some(SECRET));
    assert_eq!(a.status.code(), Some(0), "{}", stderr(&a));
    let summary = stdout(&a);
    assert!(
        summary.contains("published perturbed (cell key method)"),
        "{summary}"
    );
    let shown = rows(&perturbed.join("a").join(RELEASE));
    assert_eq!(shown.len(), truth.len());

    let mut compared = 0;
    let mut moved = 0;
    for (key, row) in &shown {
        if !REGISTER.contains(&key.0.as_str()) || key.2 == "kommungrupp" {
            continue;
        }
        // Nothing is withheld for confidentiality; only the quality rule on small
        // denominators can withhold a share or rate, never a count.
        if key.0 == "hemloshet_bostad_forst_antal" {
            assert_ne!(row.status, "confidential", "{key:?}");
        }
        let Some(n) = row.numerator else { continue };
        assert!(n == 0.0 || n >= 3.0, "{key:?}: a count of {n} is shown");
        // The example table changes a count by at most 3 (a true 3 may be shown as 0) and
        // leaves zeros alone; where suppression published the true count, compare.
        if let Some(t) = truth.get(key).and_then(|t| t.numerator) {
            assert!((n - t).abs() <= 3.0, "{key:?}: {t} shown as {n}");
            if t == 0.0 {
                assert_eq!(n, 0.0, "{key:?}: a zero moved");
            }
            if t > 0.0 {
                compared += 1;
                moved += usize::from(n != t);
            }
        }
        // Shares and rates are recomputed from the perturbed counts.
        if let (Some(v), Some(d)) = (row.value, row.denominator)
            && key.0 != "hemloshet_bostad_forst_antal"
        {
            // A share above 100 % is shown as 100 %.
            let (figure, decimals) = if key.0.ends_with("_andel") {
                ((100.0 * n / d).min(100.0), 0)
            } else {
                (10_000.0 * n / d, 1)
            };
            let expected = jamfor_spec::rounding::published_value(figure, decimals);
            assert_eq!(v, expected, "{key:?}: {n}/{d}");
        }
    }
    // Of non-zero counts the example table changes about half.
    assert!(compared > 50, "only {compared} non-zero counts compared");
    assert!(
        moved * 3 > compared,
        "{moved} of {compared} non-zero counts were changed: the noise is missing"
    );

    // One count, one published value: the count indicator and the rate built on it agree.
    let mut shared = 0;
    for (key, row) in &shown {
        if key.0 != "hemloshet_bostad_forst_per_10000" || key.2 == "kommungrupp" {
            continue;
        }
        let count = &shown[&(
            "hemloshet_bostad_forst_antal".to_string(),
            key.1,
            key.2.clone(),
            key.3.clone(),
            key.4.clone(),
        )];
        if let (Some(n), Some(v)) = (row.numerator, count.value) {
            assert_eq!(n, v, "{key:?}");
            shared += 1;
        }
    }
    assert!(shared > 500, "{shared}");

    // The same secret gives the same files; another secret other noise.
    let b = run(&perturbed, "b", Some(SECRET));
    assert_eq!(b.status.code(), Some(0), "{}", stderr(&b));
    let (fa, fb) = (
        files(&perturbed.join("a").join(RELEASE)),
        files(&perturbed.join("b").join(RELEASE)),
    );
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (name, bytes) in &fa {
        assert!(fb[name] == *bytes, "{name} differs between two runs");
    }
    let c = run(&perturbed, "c", Some("ett annat hemligt värde, lika långt"));
    assert_eq!(c.status.code(), Some(0), "{}", stderr(&c));
    let other = rows(&perturbed.join("c").join(RELEASE));
    let differing = shown
        .iter()
        .filter(|(k, r)| other[*k].numerator != r.numerator)
        .count();
    assert!(
        differing > 100,
        "only {differing} counts differ between secrets"
    );

    // The workbook tells its reader that counts carry noise, and how much.
    let workbook = perturbed
        .join("a")
        .join(RELEASE)
        .join("excel/hemloshet-2024.xlsx");
    let mut xlsx: calamine::Xlsx<_> = calamine::open_workbook(&workbook).unwrap();
    let sheet = xlsx.worksheet_range("Läsanvisning").unwrap();
    let texts: Vec<String> = sheet
        .cells()
        .filter_map(|(_, _, c)| match c {
            calamine::Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    assert!(texts.iter().any(|t| t == "Störda antal"), "{texts:?}");
    assert!(
        texts
            .iter()
            .any(|t| t.contains("störda med högst 3 uppåt eller nedåt")),
        "{texts:?}"
    );

    // The secret is never written anywhere in the release.
    for (name, bytes) in &fa {
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains(SECRET), "{name} contains the secret");
    }
}

#[test]
fn a_short_secret_is_refused() {
    let root = workspace("cell_key_short");
    edit(
        &root.join(PIPELINE),
        "disclosure = \"socialtjanst-2024\"",
        "disclosure = \"cellkey-exempel\"",
    );
    let out = run(&root, "out", Some("kort"));
    assert_eq!(out.status.code(), Some(2));
    let message = stderr(&out);
    assert!(message.contains("shorter than 16"), "{message}");
    assert!(!message.contains("kort"), "the secret is echoed: {message}");
    assert!(!root.join("out").join(RELEASE).exists());
}

/// A mean over persons: the cell key method has nothing to perturb it with.
const MEAN: &str = r#"[[indicator]]
id = "hemloshet_bostad_forst_alder"
title = "Medelålder bland personer med Bostad först"
kind = "nyckeltal"
direction = "none"
unit = "ar"
decimals = 0

[indicator.description]
shows = "Hur gamla de med Bostad först är i genomsnitt."
source = "Socialstyrelsen, registret över socialtjänstinsatser till vuxna."

[indicator.measure]
type = "mean"
source = "vuxna_insatser"
value = "alder"
where = "malgrupp = 'HL' AND insats = 'BF'"
"#;

#[test]
fn a_cell_key_policy_cannot_protect_a_mean() {
    let root = workspace("cell_key_mean");
    fs::write(root.join("indicators/hemloshet/alder.toml"), MEAN).unwrap();
    edit(
        &root.join(PIPELINE),
        "disclosure = \"socialtjanst-2024\"",
        "disclosure = \"cellkey-exempel\"",
    );
    let out = run(&root, "out", Some(SECRET));
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    let message = stderr(&out);
    assert!(
        message.contains("`hemloshet_bostad_forst_alder` publishes a mean"),
        "{message}"
    );
    assert!(
        message.contains("perturbs counts and the shares and rates built on them only"),
        "{message}"
    );
    assert!(!root.join("out").join(RELEASE).exists());
}

#[test]
fn bad_perturbation_tables_are_refused_by_check_at_their_line() {
    let dir = scratch("cell_key_check");
    copy_catalogue(&dir);
    let file = dir.join("policies/cell-key-exempel.toml");
    // A biased entry: a true 2 shown as 0 or 3 only, half each, averages 1.5.
    edit(
        &file,
        "published = [0, 3, 4]\nprobability = [0.4, 0.4, 0.2]",
        "published = [0, 3]\nprobability = [0.5, 0.5]",
    );
    let out = jamfor(&dir, &["check"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("the perturbations of 2 do not average to zero"),
        "{text}"
    );
    assert!(text.contains("policies/cell-key-exempel.toml:35"), "{text}");

    // A table publishing a count the threshold hides.
    let dir = scratch("cell_key_check_small");
    copy_catalogue(&dir);
    let file = dir.join("policies/cell-key-exempel.toml");
    edit(
        &file,
        "published = [0, 3, 4]\nprobability = [0.7, 0.2, 0.1]",
        "published = [0, 2]\nprobability = [0.5, 0.5]",
    );
    let out = jamfor(&dir, &["check"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("1 may be published as 2, but counts from 1 to 2 are never shown"),
        "{text}"
    );

    // A secret written where its variable's name belongs.
    let dir = scratch("cell_key_check_secret");
    copy_catalogue(&dir);
    let file = dir.join("policies/cell-key-exempel.toml");
    edit(
        &file,
        "seed_env = \"JAMFOR_CELL_KEY_SEED\"",
        "seed_env = \"mitt hemliga lösenord\"",
    );
    let out = jamfor(&dir, &["check"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("is not an environment variable name"),
        "{text}"
    );

    // Table keys under a suppression policy.
    let dir = scratch("cell_key_check_method");
    copy_catalogue(&dir);
    let file = dir.join("policies/cell-key-exempel.toml");
    edit(
        &file,
        "\nmethod = \"cell_key\"",
        "\nmethod = \"suppression\"",
    );
    let out = jamfor(&dir, &["check"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(
        text.contains("`perturbation` belongs to the cell key method"),
        "{text}"
    );
}

/// A history year republished next year shows the same perturbed counts: the noise depends on
/// what is counted, the year and the place, and the secret, never on the release. Two releases
/// of the same data and secret, one for 2023 alone and one for 2024 with 2023 as history, agree
/// on every 2023 count.
#[test]
fn a_history_year_republished_keeps_its_noise() {
    let root = workspace("cell_key_history");
    let pipeline = root.join(PIPELINE);
    edit(
        &pipeline,
        "disclosure = \"socialtjanst-2024\"",
        "disclosure = \"cellkey-exempel\"",
    );
    edit(
        &pipeline,
        "year = 2024\n",
        "year = 2024\nhistory = [2023]\n",
    );
    let later = run(&root, "later", Some(SECRET));
    assert_eq!(later.status.code(), Some(0), "{}", stderr(&later));
    edit(
        &pipeline,
        "year = 2024\nhistory = [2023]\n",
        "year = 2023\n",
    );
    let earlier = run(&root, "earlier", Some(SECRET));
    assert_eq!(earlier.status.code(), Some(0), "{}", stderr(&earlier));

    let later = rows(&root.join("later").join(RELEASE));
    let earlier = rows(&root.join("earlier").join(RELEASE));
    let mut compared = 0;
    for (key, row) in &earlier {
        // Group means rest on groups each release draws for itself.
        let own = matches!(key.2.as_str(), "kommun" | "lan" | "riket");
        if key.1 != 2023 || !own || !REGISTER.contains(&key.0.as_str()) {
            continue;
        }
        let again = &later[key];
        assert_eq!(again.numerator, row.numerator, "{key:?}");
        assert_eq!(again.value, row.value, "{key:?}");
        compared += usize::from(row.numerator.is_some_and(|n| n > 0.0));
    }
    assert!(compared > 50, "only {compared} non-zero counts compared");
}
