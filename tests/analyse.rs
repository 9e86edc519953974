//! `jamfor analyse` end to end: one kommun's bruttolista, read from a release folder written by
//! `jamfor run` and computed afresh, which must print the same.
//!
//! The catalogue is the repository's, on small synthetic data over two years, publishing one area
//! (krisberedskap) whose comparable kommuner are defined by population nyckeltal moved into it, so
//! the run stays short while every step (results, protection, groups, lists, Parquet, workbook)
//! is the real one.

#![allow(clippy::unwrap_used)]

mod support;

use std::fs;
use std::path::{Path, PathBuf};

use support::{copy_catalogue, jamfor, scratch, stderr, stdout};

const PIPELINE: &str = "\
[release]
id = \"analys\"
title = \"Öppna jämförelser socialtjänst, testutgåva\"
year = 2024
history = [2023]
published = 2024-11-26
disclosure = \"socialtjanst-2024\"
areas = [\"krisberedskap\"]

[synthetic]
scale = \"small\"
seed = 7
";

fn root(name: &str) -> PathBuf {
    let dir = scratch(name);
    copy_catalogue(&dir);
    let ind = dir.join("indicators");
    fs::rename(
        ind.join("aldreomsorg/befolkning.toml"),
        ind.join("krisberedskap/befolkning_aldre.toml"),
    )
    .unwrap();
    fs::rename(
        ind.join("ekonomiskt_bistand/befolkning.toml"),
        ind.join("krisberedskap/befolkning_ekb.toml"),
    )
    .unwrap();
    support::edit(
        &ind.join("krisberedskap/area.toml"),
        "nyckeltal = [\"aldre_invanare_80_andel\", \"barn_invanare_0_20_andel\", \"befolkning_invanare_antal\"]",
        "nyckeltal = [\"aldre_invanare_80_andel\", \"aldre_invanare_65_andel\", \"befolkning_invanare_antal\"]",
    );
    let pipelines = dir.join("pipelines");
    fs::remove_dir_all(&pipelines).unwrap();
    fs::create_dir_all(&pipelines).unwrap();
    let text = format!("{PIPELINE}{}", support::inputs_in_data(&dir));
    fs::write(pipelines.join("analys.toml"), text).unwrap();
    dir
}

fn release(root: &Path) -> PathBuf {
    let run = jamfor(
        root,
        &[
            "run",
            "pipelines/analys.toml",
            "--out",
            "releases",
            "--quiet",
        ],
    );
    assert!(run.status.success(), "{}", stderr(&run));
    root.join("releases/analys")
}

#[test]
fn a_kommuns_list_from_a_release_equals_the_computed_one() {
    let root = root("analyse_ale");
    let folder = release(&root);
    for file in ["parquet/comparable.parquet", "parquet/bruttolista.parquet"] {
        assert!(folder.join(file).is_file(), "{file}");
    }

    let read = jamfor(
        &root,
        &["analyse", "--kommun", "Ale", "--release", "releases/analys"],
    );
    assert!(read.status.success(), "{}", stderr(&read));
    let text = stdout(&read);
    assert!(
        text.starts_with(
            "Bruttolista för Ale (1440) — Öppna jämförelser socialtjänst, testutgåva, 2024\n\nSocialtjänstens krisberedskap\n  Liknande kommuner: "
        ),
        "{text}"
    );
    let group = text
        .lines()
        .find(|l| l.starts_with("  Liknande kommuner: "))
        .unwrap();
    assert_eq!(group.split(", ").count(), 7, "{group}");
    // Every entry has a number, a title with its value, and at least one reason under it.
    let entries: Vec<&str> = text
        .lines()
        .filter(|l| l.trim_start().starts_with(|c: char| c.is_ascii_digit()))
        .collect();
    assert!(!entries.is_empty(), "{text}");
    assert!(entries[0].trim_start().starts_with("1. "), "{text}");
    assert!(text.contains("         – "), "{text}");
    // Yes/no answers read as Ja or Nej, and compared with the group's share of yes.
    assert!(text.contains(" mot ") && text.contains(" % ja)"), "{text}");
    assert!(
        !text.contains("ja/nej: 100\n") && !text.contains("ja/nej: 0\n"),
        "{text}"
    );

    // Computed from the definitions and inputs (protected, as the release is): the same list.
    let computed = jamfor(
        &root,
        &[
            "analyse",
            "--kommun",
            "1440",
            "--pipeline",
            "pipelines/analys.toml",
        ],
    );
    assert!(computed.status.success(), "{}", stderr(&computed));
    assert_eq!(stdout(&computed), text);
}

#[test]
fn a_release_without_analysis_tables_is_named() {
    let dir = scratch("analyse_no_tables");
    fs::create_dir_all(dir.join("rel/parquet")).unwrap();
    let output = jamfor(&dir, &["analyse", "--kommun", "1440", "--release", "rel"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("manifest.json: cannot be read"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn an_unknown_kommun_is_a_usage_error_with_a_suggestion() {
    let dir = scratch("analyse_unknown");
    let output = jamfor(&dir, &["analyse", "--kommun", "Alle"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("did you mean 1440 (Ale)"),
        "{}",
        stderr(&output)
    );
}
