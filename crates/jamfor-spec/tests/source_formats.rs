//! The kinds of file a source may be (SAS datasets, SPSS files) and the options that read a file
//! as delivered (value labels, a code or number extracted from a value, one column per year):
//! what `check` accepts, and each mistake reported where it was written.

#![allow(clippy::unwrap_used, reason = "a test: a panic is the failure report")]

use std::collections::BTreeMap;
use std::path::Path;

use jamfor_spec::Rule;
use jamfor_spec::keywords::{Extract, FormatKind};
use jamfor_spec::manifest::{Manifest, YearColumns};
use jamfor_spec::render::{self, OutputFormat, Style};
use jamfor_spec::resolve::{self, Options};

/// The base definitions of the rule fixtures; the release computes 2023 and 2024.
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

/// Checks the base with `sources/befolkning.toml` edited by `edit`: the manifest when clean, what
/// a user reads, and the rules that fired.
fn check(
    edit: impl FnOnce(&mut BTreeMap<String, String>),
) -> (Option<Manifest>, String, Vec<Rule>) {
    let mut files = base();
    edit(&mut files);
    let (spec, mut diagnostics) = jamfor_spec::from_files(files);
    let (manifest, found) = resolve::resolve(&spec, &Options::default());
    diagnostics.extend(found);
    let rendered = render::render(&spec.files, &diagnostics, OutputFormat::Human, Style::Plain);
    let rules = diagnostics.iter().map(|d| d.rule).collect();
    (manifest, rendered, rules)
}

fn replace(from: &'static str, to: &'static str) -> impl FnOnce(&mut BTreeMap<String, String>) {
    move |files| {
        let text = files.get_mut("sources/befolkning.toml").unwrap();
        assert!(text.contains(from), "{from}");
        *text = text.replacen(from, to, 1);
    }
}

/// The population table as SCB's statistical database exports it, read for every year from one
/// file.
fn scb_export(files: &mut BTreeMap<String, String>) {
    let text = files.get_mut("sources/befolkning.toml").unwrap();
    *text = text
        .replace(
            "kind = \"csv\"\ndelimiter = \";\"",
            "kind = \"csv\"\nencoding = \"iso-8859-1\"\nyear_columns = { year = \"ar\", value = \"antal\" }",
        )
        .replace(
            "role = \"kommun\"",
            "role = \"kommun\"\nextract = \"code\"",
        )
        .replace("role = \"alder\"", "role = \"alder\"\nextract = \"number\"")
        + "\n[[source.columns]]\nname = \"ar\"\ntype = \"integer\"\nrole = \"period\"\n";
    let release = files.get_mut("pipelines/oj-2024.toml").unwrap();
    *release = release.replace("data/befolkning_{year}.csv", "data/befolkning_scb.csv");
}

#[test]
fn an_scb_export_is_declared_as_downloaded() {
    let (manifest, rendered, _) = check(scb_export);
    let manifest = manifest.unwrap_or_else(|| panic!("{rendered}"));
    let source = manifest.source("befolkning").unwrap();
    assert_eq!(
        source.format.year_columns,
        Some(YearColumns {
            year: "ar".into(),
            value: "antal".into()
        })
    );
    assert_eq!(
        source.column("kommun").unwrap().extract,
        Some(Extract::Code)
    );
    assert_eq!(
        source.column("alder").unwrap().extract,
        Some(Extract::Number)
    );
    // One file for every year, since each year is read from its own column.
    let inputs = &manifest.releases[0].inputs["befolkning"];
    assert_eq!(inputs[&2023], "data/befolkning_scb.csv");
    assert_eq!(inputs[&2024], "data/befolkning_scb.csv");
}

#[test]
fn one_file_for_every_year_needs_year_columns() {
    let (_, rendered, rules) = check(|files| {
        let release = files.get_mut("pipelines/oj-2024.toml").unwrap();
        *release = release.replace("data/befolkning_{year}.csv", "data/befolkning_scb.csv");
    });
    assert_eq!(rules, vec![Rule::InvalidValue], "{rendered}");
    assert!(
        rendered.contains("a table with one column per year declares `year_columns`"),
        "{rendered}"
    );
}

#[test]
fn year_columns_name_declared_columns_and_an_integer_year() {
    let (_, rendered, rules) = check(|files| {
        scb_export(files);
        replace("value = \"antal\"", "value = \"antl\"")(files);
    });
    assert_eq!(rules, vec![Rule::UnknownColumn], "{rendered}");
    assert!(
        rendered.contains("source `befolkning` has no column `antl`"),
        "{rendered}"
    );
    assert!(rendered.contains("did you mean `antal`?"), "{rendered}");

    let (_, rendered, rules) = check(|files| {
        scb_export(files);
        let text = files.get_mut("sources/befolkning.toml").unwrap();
        *text = text.replace(
            "name = \"ar\"\ntype = \"integer\"",
            "name = \"ar\"\ntype = \"date\"",
        );
    });
    assert!(rules.contains(&Rule::InvalidValue), "{rendered}");
    assert!(
        rendered.contains("the year column `ar` is of type `date`"),
        "{rendered}"
    );
}

#[test]
fn extract_fits_the_column_type_and_is_a_known_way() {
    let (_, rendered, rules) = check(replace(
        "role = \"kommun\"",
        "role = \"kommun\"\nextract = \"number\"",
    ));
    assert_eq!(rules, vec![Rule::InvalidValue], "{rendered}");
    assert!(
        rendered.contains("`extract = \"number\"` on column `kommun` of type `text`"),
        "{rendered}"
    );

    let (_, rendered, rules) = check(replace(
        "role = \"kommun\"",
        "role = \"kommun\"\nextract = \"kod\"",
    ));
    assert_eq!(rules, vec![Rule::InvalidValue], "{rendered}");
    assert!(
        rendered.contains("expected one of `code` or `number`"),
        "{rendered}"
    );
}

#[test]
fn sas_and_spss_sources_refuse_options_of_other_files() {
    let (manifest, rendered, _) = check(replace(
        "kind = \"csv\"\ndelimiter = \";\"",
        "kind = \"sav\"",
    ));
    let manifest = manifest.unwrap_or_else(|| panic!("{rendered}"));
    assert_eq!(
        manifest.source("befolkning").unwrap().format.kind,
        FormatKind::Sav
    );
    let (manifest, rendered, _) = check(replace("kind = \"csv\"", "kind = \"sas7bdat\"\n"));
    assert!(manifest.is_none(), "delimiter on a SAS dataset");
    assert!(
        rendered.contains("`delimiter` only applies to csv"),
        "{rendered}"
    );

    let (_, rendered, rules) = check(replace(
        "kind = \"csv\"\ndelimiter = \";\"",
        "kind = \"sas7bdat\"\nheader = false",
    ));
    assert_eq!(rules, vec![Rule::InvalidValue], "{rendered}");
    assert!(
        rendered.contains("`header` only applies to csv and xlsx"),
        "{rendered}"
    );

    // Value labels are an SPSS file's.
    let (_, rendered, rules) = check(replace(
        "name = \"kon\"",
        "name = \"kon\"\nuse_value_labels = true",
    ));
    assert_eq!(rules, vec![Rule::InvalidValue], "{rendered}");
    assert!(
        rendered.contains("`use_value_labels` only applies to sav"),
        "{rendered}"
    );

    // A misspelt option is refused with the keys the table has.
    let (_, rendered, rules) = check(replace(
        "name = \"kon\"",
        "name = \"kon\"\nuse_value_label = true",
    ));
    assert_eq!(rules, vec![Rule::UnknownField], "{rendered}");
    assert!(
        rendered.contains("did you mean `use_value_labels`?"),
        "{rendered}"
    );
}
