//! Two consecutive releases: `small-2023` (2022–2023) and `small-2024` (2022–2024), which
//! `follows` it, on small synthetic data for one area (hemlöshet: register counts and shares
//! under disclosure control). Between them one kommun's 2023 register data is revised. A reader
//! holding both releases must find the shared years consistent: where the data did not change, a
//! cell published in one is published in the other and a cell withheld in one is withheld in
//! the other. A release that cannot follow its earlier release is refused before anything is
//! written.

#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use parquet::record::Field;
use support::{copy_catalogue, jamfor, results, scratch, stderr, stdout};

fn pipeline(year: i32, history: &[i32], follows: Option<&str>) -> String {
    let history: Vec<String> = history.iter().map(i32::to_string).collect();
    let follows = follows.map_or_else(String::new, |f| format!("follows = \"{f}\"\n"));
    format!(
        "[release]
id = \"small-{year}\"
title = \"Öppna jämförelser socialtjänst {year}, liten testutgåva\"
year = {year}
history = [{}]
published = {year}-11-26
areas = [\"hemloshet\"]
disclosure = \"socialtjanst-2024\"
{follows}
[inputs.befolkning]
path = \"data/befolkning_{{year}}.csv\"

[inputs.kommunenkat]
path = \"data/kommunenkat_{{year}}.csv\"

[inputs.vuxna_insatser]
path = \"data/vuxna_insatser_{{year}}.csv\"

[synthetic]
scale = \"small\"
seed = 7
",
        history.join(", ")
    )
}

const EARLIER: &str = "releases/small-2023";

/// A root with the catalogue, the 2023 release written, and the 2024 pipeline following it
/// (`pipelines/b.toml`) beside one that does not (`pipelines/fresh.toml`, another id).
fn workspace(name: &str) -> PathBuf {
    let root = scratch(name);
    copy_catalogue(&root);
    let pipelines = root.join("pipelines");
    fs::remove_dir_all(&pipelines).unwrap();
    fs::create_dir_all(&pipelines).unwrap();
    fs::write(pipelines.join("a.toml"), pipeline(2023, &[2022], None)).unwrap();
    let run = jamfor(&root, &["run", "pipelines/a.toml", "--quiet"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    fs::write(
        pipelines.join("b.toml"),
        pipeline(2024, &[2022, 2023], Some(EARLIER)),
    )
    .unwrap();
    fs::write(
        pipelines.join("fresh.toml"),
        pipeline(2024, &[2022, 2023], None).replace("small-2024", "fresh-2024"),
    )
    .unwrap();
    root
}

/// Revises 2023's register: the two persons of the kommun with the median number of
/// hemlöshet persons are taken out, as a corrected delivery would. Returns the kommun.
fn revise_one_kommun(root: &Path) -> String {
    let path = root.join("data/vuxna_insatser_2023.csv");
    let text = fs::read_to_string(&path).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(';').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (kommun, lopnr, malgrupp) = (col("kommun"), col("lopnr"), col("malgrupp"));
    let mut persons: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(';').collect();
        if f[malgrupp] == "HL" {
            persons
                .entry(f[kommun].to_string())
                .or_default()
                .insert(f[lopnr].to_string());
        }
    }
    let mut by_size: Vec<(usize, &String)> = persons.iter().map(|(k, p)| (p.len(), k)).collect();
    by_size.sort();
    let (_, chosen) = by_size[by_size.len() / 2];
    let gone: BTreeSet<&String> = persons[chosen].iter().take(2).collect();
    let kept: Vec<&str> = text
        .lines()
        .filter(|line| {
            let f: Vec<&str> = line.split(';').collect();
            !(f.len() == header.len()
                && f[kommun] == chosen
                && gone.contains(&f[lopnr].to_string()))
        })
        .collect();
    let mut out = kept.join("\n");
    out.push('\n');
    fs::write(&path, out).unwrap();
    chosen.clone()
}

type Key = (String, i32, String, String, String, Option<String>);

fn text(row: &BTreeMap<String, Field>, column: &str) -> Option<String> {
    match &row[column] {
        Field::Str(s) => Some(s.clone()),
        _ => None,
    }
}

/// Every row's status (and value) by indicator, year, level, code, kön and age group.
fn statuses(release: &Path) -> BTreeMap<Key, (String, Option<f64>)> {
    results(release)
        .iter()
        .map(|r| {
            let year = match r["period"] {
                Field::Int(y) => y,
                _ => panic!("period is an int32"),
            };
            let value = match r["value"] {
                Field::Double(v) => Some(v),
                _ => None,
            };
            (
                (
                    text(r, "indicator_id").unwrap(),
                    year,
                    text(r, "geo_level").unwrap(),
                    text(r, "geo_code").unwrap(),
                    text(r, "gender").unwrap(),
                    text(r, "age_group"),
                ),
                (text(r, "status").unwrap(), value),
            )
        })
        .collect()
}

/// Cells of the years both publish whose status is `value` in one release and
/// `confidential` in the other, by year; `skip` leaves cells out.
fn inconsistent(
    a: &BTreeMap<Key, (String, Option<f64>)>,
    b: &BTreeMap<Key, (String, Option<f64>)>,
    skip: &dyn Fn(&Key) -> bool,
) -> BTreeMap<i32, usize> {
    let mut out = BTreeMap::new();
    for (key, (status, _)) in a {
        let Some((other, _)) = b.get(key) else {
            continue;
        };
        let flipped = matches!(
            (status.as_str(), other.as_str()),
            ("value", "confidential") | ("confidential", "value")
        );
        if flipped && !skip(key) {
            *out.entry(key.1).or_default() += 1;
        }
    }
    out
}

#[test]
fn a_following_release_keeps_the_earlier_pattern_where_the_data_did_not_change() {
    let root = workspace("follows");
    let kommun = revise_one_kommun(&root);
    let lan = kommun[..2].to_string();

    let run = jamfor(&root, &["run", "pipelines/b.toml"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let summary = stdout(&run);
    assert!(
        summary.contains("follows      releases/small-2023 (small-2023): years 2022–2023 shared"),
        "{summary}"
    );
    assert!(
        summary.contains("2022 data unchanged: earlier pattern kept whole"),
        "{summary}"
    );
    assert!(
        summary.contains("revised input: vuxna_insatser 2023 (data/vuxna_insatser_2023.csv)"),
        "{summary}"
    );
    let fresh = jamfor(&root, &["run", "pipelines/fresh.toml", "--quiet"]);
    assert_eq!(fresh.status.code(), Some(0), "{}", stderr(&fresh));

    let a = statuses(&root.join(EARLIER));
    let b = statuses(&root.join("releases/small-2024"));
    let f = statuses(&root.join("releases/fresh-2024"));
    // Group means follow their members' statuses; the revised kommun, its län and riket hold
    // the revised counts.
    let revised = |k: &Key| {
        k.2 == "kommungrupp"
            || k.2 == "liknande"
            || (k.1 == 2023 && (k.3 == kommun || k.3 == lan || k.2 == "riket"))
    };
    let following = inconsistent(&a, &b, &|_| false);
    let afresh = inconsistent(&a, &f, &|_| false);
    eprintln!("cells published in one release and withheld in the other, by shared year:");
    eprintln!("  following: {following:?}; protected afresh: {afresh:?} (kommun {kommun} revised)");
    assert!(
        inconsistent(&a, &b, &revised).is_empty(),
        "outside the revised kommun every cell keeps its status: {:?}",
        inconsistent(&a, &b, &revised)
    );
    // Unchanged values stay as they were, too.
    for (key, (status, value)) in a.iter().filter(|(k, _)| k.1 == 2022) {
        assert_eq!(b.get(key), Some(&(status.clone(), *value)), "{key:?}");
    }

    // Byte for byte the same when run again.
    let before = fs::read(root.join("releases/small-2024/parquet/results.parquet")).unwrap();
    let again = jamfor(&root, &["run", "pipelines/b.toml", "--quiet"]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    let after = fs::read(root.join("releases/small-2024/parquet/results.parquet")).unwrap();
    assert!(before == after, "a following release is deterministic");

    // The manifest says which release, exactly, was followed.
    let manifest: serde_json::Value =
        serde_json::from_slice(&fs::read(root.join("releases/small-2024/manifest.json")).unwrap())
            .unwrap();
    assert_eq!(manifest["follows"]["release"], "small-2023");
    assert_eq!(
        manifest["follows"]["years"],
        serde_json::json!([2022, 2023])
    );

    // `diff` names the revised history year and counts what changed status in shared years.
    let diff = jamfor(
        &root,
        &["diff", EARLIER, "releases/small-2024", "--format", "json"],
    );
    assert_eq!(diff.status.code(), Some(1), "{}", stderr(&diff));
    let report: serde_json::Value = serde_json::from_slice(&diff.stdout).unwrap();
    assert_eq!(report["shared_years"], serde_json::json!([2022, 2023]));
    let revised_inputs = report["revised_inputs"].as_array().unwrap();
    assert!(
        revised_inputs
            .iter()
            .any(|i| i["source"] == "vuxna_insatser" && i["year"] == 2023),
        "{report}"
    );
    let flips: u64 = report["shared_statuses"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| {
            matches!(
                (s["from"].as_str(), s["to"].as_str()),
                (Some("value"), Some("confidential")) | (Some("confidential"), Some("value"))
            )
        })
        .map(|s| s["cells"].as_u64().unwrap())
        .sum();
    assert_eq!(flips as usize, following.values().sum::<usize>());
}

#[test]
fn a_release_that_cannot_follow_its_earlier_release_is_refused_before_writing() {
    let root = workspace("follows-refused");
    let refused = |pipeline: &str, expected: &[&str]| {
        let run = jamfor(&root, &["run", pipeline]);
        assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
        for e in expected {
            assert!(stderr(&run).contains(e), "`{e}` not in: {}", stderr(&run));
        }
        assert!(!root.join("releases/small-2024").exists());
    };

    // The earlier release is not where the pipeline says.
    let moved = root.join("releases/moved");
    fs::rename(root.join(EARLIER), &moved).unwrap();
    refused(
        "pipelines/b.toml",
        &["releases/small-2023", "no such folder", "pipelines/b.toml"],
    );
    fs::rename(&moved, root.join(EARLIER)).unwrap();

    // Its private state (the true counts of what it withheld) is gone.
    let state = root.join(".jamfor/state");
    let kept = root.join("kept-state");
    fs::rename(&state, &kept).unwrap();
    refused(
        "pipelines/b.toml",
        &[
            "private state",
            ".jamfor/state/small-2023/",
            "pipelines/a.toml",
        ],
    );
    fs::rename(&kept, &state).unwrap();

    // Its results were altered after it was written.
    let results = root.join(EARLIER).join("parquet/results.parquet");
    let original = fs::read(&results).unwrap();
    fs::write(&results, b"not parquet").unwrap();
    refused(
        "pipelines/b.toml",
        &["results.parquet", "restore the release"],
    );
    fs::write(&results, original).unwrap();

    // The policy's thresholds changed since: the earlier pattern was made under other rules.
    support::edit(
        &root.join("policies/socialtjanst.toml"),
        "min_count = 3",
        "min_count = 4",
    );
    refused(
        "pipelines/b.toml",
        &["socialtjanst-2024", "other rules", "remove `follows`"],
    );
}
