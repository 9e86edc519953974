//! The whole default catalogue, all eight areas, through `jamfor run` on small synthetic data for
//! one year: the path a newcomer's first command takes, at a size a test build runs in well
//! under a minute. Guards what only the full catalogue exercises: every indicator computed and
//! published, one workbook per area, protection of every linked count of the year passing its
//! audit, kommungrupp rows without counts, and the internal QA (with the protection problems)
//! kept outside the release.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use parquet::record::Field;
use support::{copy_catalogue, jamfor, repo_root, results, scratch, stderr, stdout};
use toml::de::{DeTable, DeValue};

const PIPELINE: &str = "\
[release]
id = \"full\"
title = \"Öppna jämförelser socialtjänst, testutgåva\"
year = 2024
history = []
published = 2024-11-26
disclosure = \"socialtjanst-2024\"

[synthetic]
scale = \"small\"
seed = 11
";

/// A definitions root with the repository's catalogue and a one-year pipeline over every area.
fn root() -> PathBuf {
    let dir = scratch("full-catalogue");
    copy_catalogue(&dir);
    let pipelines = dir.join("pipelines");
    fs::remove_dir_all(&pipelines).expect("pipelines can be removed");
    fs::create_dir_all(&pipelines).expect("pipelines folder");
    let text = format!("{PIPELINE}{}", support::inputs_in_data(&dir));
    fs::write(pipelines.join("full.toml"), text).expect("pipeline written");
    dir
}

/// Indicator ids declared under `indicators/`, by area folder.
fn catalogue(root: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut out: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for area in fs::read_dir(root.join("indicators")).expect("indicators") {
        let area = area.expect("entry").path();
        let name = area
            .file_name()
            .expect("name")
            .to_string_lossy()
            .to_string();
        for file in fs::read_dir(&area).expect("area folder") {
            let text = fs::read_to_string(file.expect("entry").path()).expect("toml");
            let doc = DeTable::parse(&text).expect("valid TOML");
            let Some(DeValue::Array(list)) = doc.get_ref().get("indicator").map(|v| v.get_ref())
            else {
                continue;
            };
            for ind in list {
                let DeValue::Table(t) = ind.get_ref() else {
                    continue;
                };
                let Some(DeValue::String(id)) = t.get("id").map(|v| v.get_ref()) else {
                    panic!("an indicator without id in {}", area.display());
                };
                out.entry(name.clone()).or_default().insert(id.to_string());
            }
        }
    }
    out
}

fn text(row: &BTreeMap<String, Field>, column: &str) -> String {
    match &row[column] {
        Field::Str(s) => s.clone(),
        other => panic!("{column} is not text: {other:?}"),
    }
}

#[test]
fn every_area_is_computed_protected_and_written() {
    let root = root();
    let out = jamfor(
        &root,
        &[
            "run",
            "pipelines/full.toml",
            "--out",
            "releases",
            "--qa",
            "qa",
            "--quiet",
        ],
    );
    assert!(
        out.status.success(),
        "jamfor run failed:\n{}{}",
        stdout(&out),
        stderr(&out)
    );
    let release = root.join("releases/full");
    let declared = catalogue(&root);
    assert_eq!(declared.len(), 8, "eight areas: {:?}", declared.keys());
    for area in declared.keys() {
        let workbook = release.join(format!("excel/{area}-2024.xlsx"));
        assert!(workbook.is_file(), "{} missing", workbook.display());
    }

    let rows = results(&release);
    let published: BTreeSet<String> = rows.iter().map(|r| text(r, "indicator_id")).collect();
    let all: BTreeSet<String> = declared.values().flatten().cloned().collect();
    assert_eq!(published, all, "every declared indicator has rows");

    let mut confidential = 0;
    for row in &rows {
        let status = text(row, "status");
        let level = text(row, "geo_level");
        if status == "confidential" {
            confidential += 1;
            for column in ["value", "numerator", "denominator"] {
                assert_eq!(row[column], Field::Null, "{column} behind `..`: {row:?}");
            }
        }
        if level == "kommungrupp" {
            for column in ["numerator", "denominator"] {
                assert_eq!(row[column], Field::Null, "kommungrupp {column}: {row:?}");
            }
        }
    }
    // Small synthetic kommuner: protection had work to do, and the audit let it through.
    assert!(confidential > 1000, "{confidential} confidential rows");

    // The internal QA is outside the release and holds the year's protection problems.
    let qa = root.join("qa/full");
    assert!(qa.join("disclosure.csv").is_file());
    let problems: Vec<_> = fs::read_dir(qa.join("problems"))
        .expect("problems kept")
        .map(|e| e.expect("entry").file_name().to_string_lossy().to_string())
        .collect();
    assert!(
        problems.iter().all(|p| p.starts_with("2024-")) && !problems.is_empty(),
        "{problems:?}"
    );
    assert!(!release.join("problems").exists() && !release.join("disclosure.csv").exists());

    // The examples researchers copy from docs/release.md run against this release and return
    // rows (an indicator id that does not exist would return none).
    run_doc_examples(&release);
}

/// Runs the Python examples of docs/release.md against `release`.
fn run_doc_examples(release: &Path) {
    support::python_check(
        support::python_imports("pyarrow, duckdb, pandas"),
        "pyarrow, duckdb and pandas must be installed (python3 -m pip install pyarrow duckdb pandas)",
        None,
        "run_doc_examples.py",
        &[&repo_root().join("docs/release.md"), release],
    );
}
