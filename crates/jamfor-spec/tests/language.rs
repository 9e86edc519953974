//! The definition language beyond plain SQL — dates, date parts, the year computed, per-person
//! `having`, counts of other years — checked before any data is read: what is accepted, and each
//! mistake reported at its caret with the rule that caught it.

#![allow(clippy::unwrap_used, reason = "a test: a panic is the failure report")]

use std::collections::BTreeMap;
use std::path::Path;

use jamfor_spec::Rule;
use jamfor_spec::expr::{AggregateFunction, DatePart, Row};
use jamfor_spec::manifest::{Count, Manifest, Measure};
use jamfor_spec::render::{self, OutputFormat, Style};
use jamfor_spec::resolve::{self, Options};

/// The base definitions of the rule fixtures (`ekb_register` has `manad`, a date `beslutsdatum`,
/// the identifying `lopnr`; the release computes 2023 and 2024).
fn base() -> BTreeMap<String, String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rules/_base");
    let mut files = BTreeMap::new();
    for folder in [
        "sources",
        "indicators/ekonomiskt_bistand",
        "policies",
        "pipelines",
    ] {
        for entry in std::fs::read_dir(root.join(folder)).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            files.insert(
                format!("{folder}/{name}"),
                std::fs::read_to_string(&path).unwrap(),
            );
        }
    }
    files
}

const FILE: &str = "indicators/ekonomiskt_bistand/prov.toml";

fn indicator(measure: &str) -> String {
    format!(
        "[[indicator]]\nid = \"prov\"\ntitle = \"Prov\"\nkind = \"nyckeltal\"\ndirection = \"none\"\nunit = \"antal\"\n\n[indicator.description]\nshows = \"Prov.\"\n\n[indicator.measure]\n{measure}\n"
    )
}

/// Checks the base with `measure` as one more indicator: the manifest when clean, and what a
/// user reads.
fn check_with(
    measure: &str,
    edit: impl FnOnce(&mut BTreeMap<String, String>),
) -> (Option<Manifest>, String, Vec<Rule>) {
    let mut files = base();
    files.insert(FILE.to_string(), indicator(measure));
    edit(&mut files);
    let (spec, mut diagnostics) = jamfor_spec::from_files(files);
    let (manifest, found) = resolve::resolve(&spec, &Options::default());
    diagnostics.extend(found);
    let rendered = render::render(&spec.files, &diagnostics, OutputFormat::Human, Style::Plain);
    let rules = diagnostics.iter().map(|d| d.rule).collect();
    (manifest, rendered, rules)
}

fn check(measure: &str) -> (Option<Manifest>, String, Vec<Rule>) {
    check_with(measure, |_| {})
}

fn measure_of(manifest: &Manifest) -> &Measure {
    &manifest.indicator("prov").unwrap().measure
}

#[test]
fn months_per_person_are_a_having_with_an_aggregate() {
    let (manifest, rendered, _) = check(
        "type = \"count\"\nsource = \"ekb_register\"\ndistinct = \"lopnr\"\nwhere = \"alder >= 18\"\nhaving = \"COUNT(DISTINCT manad) >= 10\"\nwithin = \"kommun\"",
    );
    let manifest = manifest.unwrap_or_else(|| panic!("{rendered}"));
    let Measure::Count(Count::Source {
        person: Some(p),
        year: 0,
        ..
    }) = measure_of(&manifest)
    else {
        panic!("a count with a person filter")
    };
    assert!(p.within_kommun);
    assert_eq!(p.window, (0, 0));
    assert_eq!(p.having.aggregates.len(), 1);
    assert_eq!(p.having.aggregates[0].function, AggregateFunction::Count);
    assert!(p.having.aggregates[0].distinct);
    assert_eq!(p.having.columns, ["manad"]);
}

#[test]
fn dates_subtract_to_days_and_have_parts() {
    let (manifest, rendered, _) = check(
        "type = \"mean\"\nsource = \"ekb_register\"\nvalue = \"MAKE_DATE(MEASURE_YEAR, 12, 31) - beslutsdatum\"\nwhere = \"HALF_YEAR(beslutsdatum) = 1 AND beslutsdatum >= '2024-01-01' AND beslutsdatum < DATE '2024-07-01'\"",
    );
    let manifest = manifest.unwrap_or_else(|| panic!("{rendered}"));
    let Measure::Mean { value, filter, .. } = measure_of(&manifest) else {
        panic!("a mean")
    };
    assert!(matches!(value.row, Row::Binary(..)));
    // The date written as text became a day number; the plain part stayed SQL.
    let filter = format!("{:?}", filter.as_ref().unwrap().row);
    assert!(filter.contains("Day(19723)"), "{filter}");
    assert!(
        filter.contains(&format!("{:?}", DatePart::HalfYear)),
        "{filter}"
    );
}

#[test]
fn a_plain_condition_stays_plain_sql() {
    let (manifest, rendered, _) = check(
        "type = \"count\"\nsource = \"ekb_register\"\ndistinct = \"lopnr\"\nwhere = \"alder BETWEEN 18 AND 64 AND manad IN (1, 2)\"",
    );
    let manifest = manifest.unwrap_or_else(|| panic!("{rendered}"));
    let Measure::Count(Count::Source {
        filter: Some(f), ..
    }) = measure_of(&manifest)
    else {
        panic!("a count")
    };
    assert_eq!(f.row, Row::Sql(f.sql.clone()));
}

#[test]
fn a_date_minus_text_is_refused_at_its_caret() {
    let (manifest, rendered, rules) =
        check("type = \"mean\"\nsource = \"ekb_register\"\nvalue = \"beslutsdatum - hushallstyp\"");
    assert!(manifest.is_none());
    assert_eq!(rules, [Rule::TypeMismatch]);
    assert!(
        rendered.contains("a date - text is not a value"),
        "{rendered}"
    );
    assert!(
        rendered.contains("^^^^^^^^^^^^^^^^^^^^^^^^^^"),
        "{rendered}"
    );
}

#[test]
fn a_mean_of_a_date_says_to_subtract_another() {
    let (_, rendered, rules) =
        check("type = \"mean\"\nsource = \"ekb_register\"\nvalue = \"beslutsdatum\"");
    assert_eq!(rules, [Rule::TypeMismatch]);
    assert!(
        rendered.contains("a value must be a number, this is a date"),
        "{rendered}"
    );
    assert!(rendered.contains("subtract another date"), "{rendered}");
}

#[test]
fn a_date_part_of_a_number_and_an_impossible_day_are_refused() {
    let (_, rendered, rules) = check(
        "type = \"count\"\nsource = \"ekb_register\"\nwhere = \"YEAR(alder) = 2024 OR beslutsdatum = MAKE_DATE(2024, 2, 30) OR beslutsdatum > '2024-13-01'\"",
    );
    assert_eq!(rules, [Rule::TypeMismatch; 3], "{rendered}");
    assert!(
        rendered.contains("`YEAR` needs a date, this is a number"),
        "{rendered}"
    );
    assert!(rendered.contains("no such day of the year"), "{rendered}");
    assert!(
        rendered.contains("`2024-13-01` is not a date"),
        "{rendered}"
    );
}

#[test]
fn a_nested_aggregate_and_a_bad_within_are_refused() {
    let (_, rendered, rules) = check(
        "type = \"count\"\nsource = \"ekb_register\"\ndistinct = \"lopnr\"\nhaving = \"MAX(COUNT(manad)) > 1\"\nwithin = \"lan\"",
    );
    assert!(rules.contains(&Rule::AggregateOutsideHaving), "{rendered}");
    assert!(rules.contains(&Rule::InvalidValue), "{rendered}");
    assert!(
        rendered.contains("`COUNT` inside another aggregate"),
        "{rendered}"
    );
}

#[test]
fn a_window_without_having_is_refused() {
    let (_, rendered, rules) = check(
        "type = \"count\"\nsource = \"ekb_register\"\ndistinct = \"lopnr\"\nwindow = [-1, 0]",
    );
    assert_eq!(rules, [Rule::InvalidYearWindow], "{rendered}");
    assert!(rendered.contains("`window` without `having`"), "{rendered}");
}

#[test]
fn a_lag_reads_the_previous_years_file_which_the_release_must_declare() {
    let lagged = "type = \"share\"\nnumerator = { source = \"ekb_register\", distinct = \"lopnr\" }\ndenominator = { source = \"befolkning\", sum = \"antal\", year = -1 }";
    // With a `{year}` pattern the earlier year's file is declared too.
    let (manifest, rendered, _) = check(lagged);
    let manifest = manifest.unwrap_or_else(|| panic!("{rendered}"));
    let release = &manifest.releases[0];
    assert!(
        release.inputs["befolkning"].contains_key(&2022),
        "{:?}",
        release.inputs
    );
    assert!(!release.inputs["ekb_register"].contains_key(&2022));
    // With files by year, a missing 2022 is an error naming the indicator that reads it.
    let (manifest, rendered, rules) = check_with(lagged, |files| {
        let pipeline = files.get_mut("pipelines/oj-2024.toml").unwrap();
        *pipeline = pipeline.replace(
            "[inputs.befolkning]\npath = \"data/befolkning_{year}.csv\"",
            "[inputs.befolkning]\nfiles = { \"2023\" = \"data/befolkning_2023.csv\", \"2024\" = \"data/befolkning_2024.csv\" }",
        );
    });
    assert!(manifest.is_none());
    assert_eq!(rules, [Rule::MissingInput], "{rendered}");
    assert!(
        rendered.contains("source `befolkning` has no file for 2022"),
        "{rendered}"
    );
    assert!(
        rendered.contains("`prov` reads 2022 to compute 2023"),
        "{rendered}"
    );
}

#[test]
fn fewer_comparable_kommuner_than_a_group_mean_needs_are_refused() {
    let area = |minimum: u32| {
        format!(
            "[area]\nid = \"ekonomiskt_bistand\"\ntitle = \"Ekonomiskt bistånd\"\nmin_group_members = {minimum}\n\n[comparable]\nk = 7\nnyckeltal = [\"prov\"]\n"
        )
    };
    let measure = "type = \"count\"\nsource = \"ekb_register\"\ndistinct = \"lopnr\"";
    let (manifest, text, rules) = check_with(measure, |files| {
        files.insert(
            "indicators/ekonomiskt_bistand/area.toml".to_string(),
            area(8),
        );
    });
    assert!(manifest.is_none(), "{text}");
    assert_eq!(rules, [Rule::InvalidValue], "{text}");
    assert!(
        text.contains("`k = 7` comparable kommuner can never reach"),
        "{text}"
    );
    let (manifest, text, _) = check_with(measure, |files| {
        files.insert(
            "indicators/ekonomiskt_bistand/area.toml".to_string(),
            area(7),
        );
    });
    assert!(manifest.is_some(), "{text}");
}
