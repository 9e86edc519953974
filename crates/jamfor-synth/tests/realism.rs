//! The data looks like the real thing: population near the real one, a few kommuner missing from
//! the kommunenkät, survey non-response, dates of decisions and placements in the right year and
//! order. How registers follow persons over the years is in `careers.rs`.

#![allow(clippy::print_stderr)] // a note when the shared reference is absent

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{Table, day, generate, manifest, national, root, small, year_of};

/// Inhabitants per kommun code from a generated befolkning file.
fn population(year: i32) -> BTreeMap<String, u64> {
    let manifest = manifest();
    let source = manifest.source("befolkning").expect("declared");
    let table = Table::read(source, &generate(source, year, &small(1)));
    let (k, n) = (table.column("kommun"), table.column("antal"));
    let mut sum = BTreeMap::new();
    for row in &table.rows {
        *sum.entry(row[k].clone()).or_insert(0) += row[n].parse::<u64>().expect("integer");
    }
    sum
}

/// Kolada's population per kommun for a year from the shared reference, when it is present.
fn facts(year: &str) -> Option<BTreeMap<String, u64>> {
    let path = root()
        .join("../shared/reference/population/population_by_sex_1994_2022_from_kolada_n01951.csv");
    let text = std::fs::read_to_string(path).ok()?;
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next()?.split(',').collect();
    let col = |name: &str| header.iter().position(|h| h.trim_matches('"') == name);
    let (code, level, ar, totalt) = (col("kod")?, col("level")?, col("year")?, col("totalt")?);
    let mut out = BTreeMap::new();
    for line in lines {
        let f: Vec<&str> = line.split(',').map(|x| x.trim_matches('"')).collect();
        if f[level] == "kommun" && f[ar] == year {
            out.insert(f[code].to_string(), f[totalt].parse().ok()?);
        }
    }
    Some(out)
}

/// The largest relative difference over kommuner.
fn worst(synthetic: &BTreeMap<String, u64>, facts: &BTreeMap<String, u64>) -> (String, f64) {
    assert_eq!(synthetic.len(), facts.len());
    synthetic
        .iter()
        .map(|(k, &n)| {
            let f = facts[k] as f64;
            (k.clone(), (n as f64 - f).abs() / f)
        })
        .fold((String::new(), 0.0), |a, b| if b.1 > a.1 { b } else { a })
}

#[test]
fn population_of_the_first_year_is_within_a_few_percent_of_2019() {
    let synthetic = population(2020);
    assert_eq!(synthetic.len(), 290);
    let total: u64 = synthetic.values().sum();
    assert!((10_300_000..10_500_000).contains(&total), "{total}");
    let Some(facts) = facts("2019") else {
        eprintln!("note: ../shared/reference absent; compared with the national total only");
        return;
    };
    let (kommun, diff) = worst(&synthetic, &facts);
    assert!(diff < 0.03, "{kommun}: {:.1} %", diff * 100.0);
}

#[test]
fn population_stays_near_the_real_development() {
    let Some(facts) = facts("2022") else {
        return;
    };
    let synthetic = population(2022);
    // Synth grows kommuner by group, not by their real history: a kommun that boomed (Knivsta)
    // drifts most, yet stays within a tenth, and the typical kommun within a few percent.
    let (kommun, diff) = worst(&synthetic, &facts);
    assert!(diff < 0.10, "{kommun}: {:.1} %", diff * 100.0);
    let mean = synthetic
        .iter()
        .map(|(k, &n)| (n as f64 / facts[k] as f64 - 1.0).abs())
        .sum::<f64>()
        / synthetic.len() as f64;
    assert!(mean < 0.03, "mean deviation {:.1} %", mean * 100.0);
    let (s, f): (u64, u64) = (synthetic.values().sum(), facts.values().sum());
    assert!((s as f64 / f as f64 - 1.0).abs() < 0.01, "{s} vs {f}");
}

#[test]
fn population_before_the_base_year_is_near_the_real_one() {
    let Some(facts) = facts("2016") else {
        return;
    };
    let synthetic = population(2016);
    let (s, f): (u64, u64) = (synthetic.values().sum(), facts.values().sum());
    assert!((s as f64 / f as f64 - 1.0).abs() < 0.01, "{s} vs {f}");
    let (kommun, diff) = worst(&synthetic, &facts);
    assert!(diff < 0.10, "{kommun}: {:.1} %", diff * 100.0);
}

#[test]
fn a_few_kommuner_do_not_answer_the_kommunenkat_and_some_questions_are_empty() {
    let manifest = manifest();
    let source = manifest.source("kommunenkat").expect("declared");
    let mut missing_by_year = Vec::new();
    for year in 2020..=2024 {
        let table = Table::read(source, &generate(source, year, &small(1)));
        let missing = 290 - table.rows.len();
        assert!((3..=7).contains(&missing), "{year}: {missing} missing");
        let present: BTreeSet<&str> = table.values("kommun").collect();
        missing_by_year.push(present.len());
        let empty = table.rows.iter().flatten().filter(|v| v.is_empty()).count();
        assert!(empty > 0, "{year}: every question answered everywhere");
        // Answers are mostly Ja or Nej, not mostly empty.
        assert!(empty * 10 < table.rows.len() * table.header.len());
    }
}

#[test]
fn survey_has_non_response_and_design_weights() {
    let manifest = manifest();
    let source = manifest.source("brukar_ifo").expect("declared");
    let table = Table::read(source, &generate(source, 2024, &small(1)));
    let svarat = table.column("svarat");
    let bemotande = table.column("bemotande");
    let nej = table.rows.iter().filter(|r| r[svarat] == "Nej").count();
    let share = nej as f64 / table.rows.len() as f64;
    assert!((0.3..0.6).contains(&share), "non-response {share}");
    // Non-respondents have no answers.
    assert!(
        table
            .rows
            .iter()
            .filter(|r| r[svarat] == "Nej")
            .all(|r| r[bemotande].is_empty())
    );
    // One weight per kommun × verksamhet, never below 1.
    let (k, v, w) = (
        table.column("kommun"),
        table.column("verksamhet"),
        table.column("vikt"),
    );
    let mut weights: BTreeMap<(&str, &str), BTreeSet<&str>> = BTreeMap::new();
    for r in &table.rows {
        weights.entry((&r[k], &r[v])).or_default().insert(&r[w]);
        assert!(r[w].replace(',', ".").parse::<f64>().expect("decimal") >= 1.0);
    }
    assert!(weights.values().all(|s| s.len() == 1));
}

#[test]
fn a_recipient_has_each_month_once_and_a_pseudonymous_number() {
    let manifest = manifest();
    let source = manifest.source("ekb_register").expect("declared");
    let table = Table::read(source, &generate(source, 2024, &small(1)));
    let (l, m) = (table.column("lopnr"), table.column("manad"));
    let mut months: BTreeMap<&str, BTreeSet<u32>> = BTreeMap::new();
    for r in &table.rows {
        let month: u32 = r[m].parse().expect("month");
        assert!((1..=12).contains(&month), "{month}");
        assert!(
            months.entry(&r[l]).or_default().insert(month),
            "month twice"
        );
    }
    // Some recipients all year, some for a month: not everyone alike.
    assert!(months.values().any(|s| s.len() == 12));
    assert!(months.values().any(|s| s.len() == 1));
    // Identifiers are `p` and 12 hex digits: never digits only, as a personnummer would be.
    assert!(months.keys().all(|id| {
        id.len() == 13 && id.starts_with('p') && id[1..].bytes().all(|b| b.is_ascii_hexdigit())
    }));
}

#[test]
fn small_kommuner_give_small_cells() {
    let manifest = manifest();
    let source = manifest.source("barn_placeringar").expect("declared");
    let table = Table::read(source, &generate(source, 2024, &small(1)));
    let mut per_kommun: BTreeMap<&str, usize> = BTreeMap::new();
    for k in table.values("kommun") {
        *per_kommun.entry(k).or_default() += 1;
    }
    let small_cells = per_kommun.values().filter(|&&n| n < 3).count();
    assert!(
        small_cells > 20,
        "{small_cells} kommuner with fewer than 3 placements"
    );
    assert!(
        per_kommun.values().any(|&n| n > 100),
        "the cities are large"
    );
}

#[test]
fn older_persons_survey_has_stadsdelar_only_where_declared() {
    let manifest = manifest();
    let source = manifest.source("brukar_aldre").expect("declared");
    let table = Table::read(source, &generate(source, 2024, &small(1)));
    let (k, s) = (table.column("kommun"), table.column("stadsdel"));
    let mut per_kommun: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for r in &table.rows {
        per_kommun.entry(&r[k]).or_default().insert(&r[s]);
    }
    for (kommun, stadsdelar) in &per_kommun {
        match *kommun {
            "0180" | "1280" | "1480" => {
                assert!(stadsdelar.iter().all(|s| s.starts_with(kommun)), "{kommun}");
                assert!(stadsdelar.len() >= 5, "{kommun}: {stadsdelar:?}");
            }
            _ => assert_eq!(stadsdelar, &BTreeSet::from([""]), "{kommun}"),
        }
    }
    assert_eq!(per_kommun.len(), 290);
    // Everyone in the sample is 65 or older.
    assert!(
        table
            .values("alder")
            .all(|a| a.parse::<u32>().expect("age") >= 65)
    );
}

/// Distinct persons per code of `column` in a national-scale file.
fn persons_by(id: &str, column: &str) -> BTreeMap<String, usize> {
    let manifest = manifest();
    let source = manifest.source(id).expect("declared");
    let table = Table::read(source, &generate(source, 2024, &national(1)));
    let (l, c) = (table.column("lopnr"), table.column(column));
    let mut persons: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for r in &table.rows {
        persons.entry(r[c].clone()).or_default().insert(&r[l]);
    }
    persons.into_iter().map(|(k, v)| (k, v.len())).collect()
}

#[test]
fn adults_with_insatser_are_about_as_many_as_in_sweden() {
    // Skadligt bruk about 75 000 a year, våld i nära relationer and hemlöshet about 25 000 each.
    let persons = persons_by("vuxna_insatser", "malgrupp");
    let within = |k: &str, low: usize, high: usize| {
        let n = persons[k];
        assert!((low..=high).contains(&n), "{k}: {n}");
    };
    within("MB", 55_000, 95_000);
    within("VNR", 15_000, 35_000);
    within("HL", 15_000, 35_000);
}

#[test]
fn lvm_only_in_heldygnsvard_and_violence_mostly_against_women() {
    let manifest = manifest();
    let source = manifest.source("vuxna_insatser").expect("declared");
    let table = Table::read(source, &generate(source, 2024, &small(1)));
    let (m, i, l, k) = (
        table.column("malgrupp"),
        table.column("insats"),
        table.column("lagrum"),
        table.column("kon"),
    );
    assert!(table.rows.iter().all(|r| r[l] == "SoL" || r[i] == "HDV"));
    assert!(table.rows.iter().any(|r| r[l] == "LVM"));
    let vald: Vec<_> = table.rows.iter().filter(|r| r[m] == "VNR").collect();
    let kvinnor = vald.iter().filter(|r| r[k] == "K").count();
    assert!(kvinnor * 10 > vald.len() * 7, "{kvinnor} of {}", vald.len());
    // Skyddat boende only for våld, boendeinsatser only for hemlöshet.
    for r in &table.rows {
        match r[i].as_str() {
            "SKB" => assert_eq!(r[m], "VNR"),
            "BF" | "TRAN" | "AKUT" => assert_eq!(r[m], "HL"),
            "HDV" => assert_eq!(r[m], "MB"),
            _ => {}
        }
    }
}

#[test]
fn lss_decisions_are_about_as_many_as_in_sweden_and_mostly_granted() {
    let decisions = persons_by("lss_beslut", "beslut");
    let total: usize = decisions.values().sum();
    assert!((25_000..=50_000).contains(&total), "{total} decisions");
    assert!(decisions["A"] * 5 < decisions["B"], "{decisions:?}");
}

#[test]
fn lss_decisions_fall_in_the_year_after_the_application_and_are_carried_out_only_when_granted() {
    let manifest = manifest();
    let source = manifest.source("lss_beslut").expect("declared");
    let table = Table::read(source, &generate(source, 2024, &national(1)));
    let (a, d, v, b, i) = (
        table.column("ansokningsdatum"),
        table.column("beslutsdatum"),
        table.column("verkstallighetsdatum"),
        table.column("beslut"),
        table.column("insats"),
    );
    let mut handling = Vec::new();
    let mut bostad = Vec::new();
    let mut previous_year = 0;
    for r in &table.rows {
        assert_eq!(year_of(&r[d]), 2024, "decided in the file's year");
        let (applied, decided) = (day(&r[a]), day(&r[d]));
        assert!(applied < decided, "{} before {}", r[a], r[d]);
        handling.push(decided - applied);
        previous_year += usize::from(year_of(&r[a]) < 2024);
        if r[v].is_empty() {
            continue;
        }
        assert_eq!(r[b], "B", "carried out only when granted");
        let done = day(&r[v]);
        assert!(
            done > decided && year_of(&r[v]) == 2024,
            "{} after {}",
            r[v],
            r[d]
        );
        if r[i] == "BMSS" {
            bostad.push(done - decided);
        }
    }
    handling.sort_unstable();
    let median = handling[handling.len() / 2];
    assert!(
        (45..=100).contains(&median),
        "median handling {median} days"
    );
    // Decisions early in the year were applied for the year before.
    let share = previous_year as f64 / table.rows.len() as f64;
    assert!(
        (0.05..0.35).contains(&share),
        "applied the year before: {share}"
    );
    // Granted decisions late in the year are not carried out yet.
    assert!(table.rows.iter().any(|r| r[b] == "B" && r[v].is_empty()));
    // Waits for a bostad are months (those carried out by the year's end, so shorter than all).
    let mean = bostad.iter().sum::<i64>() as f64 / bostad.len() as f64;
    assert!((80.0..180.0).contains(&mean), "bostad wait {mean}");
}

#[test]
fn placements_are_followed_up_after_weeks_and_less_often_when_made_late_in_the_year() {
    let manifest = manifest();
    let source = manifest.source("barn_placeringar").expect("declared");
    let table = Table::read(source, &generate(source, 2024, &national(1)));
    let (p, u, s) = (
        table.column("placeringsdatum"),
        table.column("uppfoljningsdatum"),
        table.column("avslutsdatum"),
    );
    let mut days = Vec::new();
    // [first quarter, last quarter]: (placements, followed up)
    let mut quarters = [(0, 0); 2];
    for r in &table.rows {
        assert_eq!(year_of(&r[p]), 2024);
        let start = day(&r[p]);
        if !r[s].is_empty() {
            assert!(day(&r[s]) > start && year_of(&r[s]) == 2024, "{}", r[s]);
        }
        if !r[u].is_empty() {
            let followed = day(&r[u]);
            assert!(followed > start && year_of(&r[u]) == 2024, "{}", r[u]);
            days.push(followed - start);
        }
        let quarter = match &r[p][5..7] {
            "01" | "02" | "03" => 0,
            "10" | "11" | "12" => 1,
            _ => continue,
        };
        quarters[quarter].0 += 1;
        quarters[quarter].1 += usize::from(!r[u].is_empty());
    }
    days.sort_unstable();
    let median = days[days.len() / 2];
    assert!(
        (30..=60).contains(&median),
        "median {median} days to follow-up"
    );
    let share = |(n, f): (usize, usize)| f as f64 / n as f64;
    assert!(share(quarters[0]) > 0.8, "{quarters:?}");
    assert!(
        share(quarters[1]) < share(quarters[0]) - 0.2,
        "{quarters:?}"
    );
    assert!(table.values("avslutsdatum").any(str::is_empty));
    assert!(table.values("avslutsdatum").any(|v| !v.is_empty()));
}

#[test]
fn surveys_reach_about_130_000_respondents_a_year_at_national_scale() {
    let manifest = manifest();
    let options = jamfor_synth::Options {
        scale: jamfor_synth::Scale::National,
        seed: 1,
    };
    let mut respondents = 0;
    for id in ["brukar_ifo", "brukar_aldre", "brukar_lss"] {
        let source = manifest.source(id).expect("declared");
        let table = Table::read(source, &generate(source, 2024, &options));
        let answered = table.values("svarat").filter(|v| *v == "Ja").count();
        let share = answered as f64 / table.rows.len() as f64;
        assert!((0.25..0.65).contains(&share), "{id}: response rate {share}");
        respondents += answered;
    }
    assert!(
        (110_000..150_000).contains(&respondents),
        "{respondents} respondents"
    );
}
