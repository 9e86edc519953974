//! `jamfor diff` on small releases made by the binary: equal releases compare equal, and a changed
//! definition or input file is found, counted and explained.

#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::print_stderr)]

mod support;

use std::path::{Path, PathBuf};

use support::{copy_catalogue, edit, jamfor, scratch, stderr, stdout};

const PIPELINE: &str = "pipelines/oj-2024.toml";
const RELEASE: &str = "oj-socialtjanst-2024";

/// A copy of the catalogue computing two years from small synthetic data.
fn workspace(name: &str) -> PathBuf {
    let root = scratch(name);
    copy_catalogue(&root);
    edit(
        &root.join(PIPELINE),
        "history = [2020, 2021, 2022, 2023]",
        "history = [2023]",
    );
    let data = root.join("data/default");
    let synth = jamfor(
        &root,
        &["synth", "--scale", "small", "--out", data.to_str().unwrap()],
    );
    assert_eq!(synth.status.code(), Some(0), "{}", stderr(&synth));
    root
}

/// Runs the release into `<root>/<out>/` and returns its folder.
fn release(root: &Path, out: &str) -> PathBuf {
    let run = jamfor(root, &["run", PIPELINE, "--out", out, "--quiet"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    root.join(out).join(RELEASE)
}

fn diff(root: &Path, old: &Path, new: &Path, format: &str) -> std::process::Output {
    jamfor(
        root,
        &[
            "diff",
            old.to_str().unwrap(),
            new.to_str().unwrap(),
            "--format",
            format,
        ],
    )
}

fn json(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).expect("diff --format json prints JSON")
}

#[test]
fn unchanged_releases_compare_equal_and_a_definition_change_is_explained() {
    let root = workspace("diff-definition");
    let a = release(&root, "a");
    let b = release(&root, "b");
    let same = diff(&root, &a, &b, "human");
    assert_eq!(same.status.code(), Some(0), "{}", stdout(&same));
    assert!(stdout(&same).contains("no change"), "{}", stdout(&same));
    let same = json(&diff(&root, &a, &b, "json"));
    assert_eq!(same["cells"]["changed"], 0);
    assert!(same["cells"]["new"].as_u64().unwrap() > 1000);

    edit(
        &root.join("indicators/aldreomsorg/befolkning.toml"),
        "where = \"alder >= 80\"",
        "where = \"alder >= 65\"",
    );
    let c = release(&root, "c");
    let changed = diff(&root, &a, &c, "human");
    assert_eq!(changed.status.code(), Some(1), "{}", stderr(&changed));
    let text = stdout(&changed);
    assert!(
        text.contains("aldre_invanare_80_andel (aldreomsorg)"),
        "{text}"
    );
    assert!(text.contains("why: definition changed: measure."), "{text}");
    assert!(text.contains("largest moves:"), "{text}");

    let report = json(&diff(&root, &a, &c, "json"));
    let indicators = report["indicators"].as_array().unwrap();
    let edited = indicators
        .iter()
        .find(|i| i["id"] == "aldre_invanare_80_andel")
        .expect("the edited indicator is listed");
    assert!(edited["values_changed"].as_u64().unwrap() > 290);
    assert_eq!(edited["why"][0]["kind"], "definition");
    let fields = edited["why"][0]["fields"].to_string();
    assert!(fields.contains("where"), "{fields}");
    // No other indicator's own definition changed.
    for other in indicators
        .iter()
        .filter(|i| i["id"] != "aldre_invanare_80_andel")
    {
        assert!(
            other["why"]
                .as_array()
                .unwrap()
                .iter()
                .all(|r| r["kind"] != "definition"),
            "{other}"
        );
    }
    // The largest move is listed first.
    let moves = edited["largest_moves"].as_array().unwrap();
    let size =
        |m: &serde_json::Value| (m["new"].as_f64().unwrap() - m["old"].as_f64().unwrap()).abs();
    assert!(moves.windows(2).all(|w| size(&w[0]) >= size(&w[1])));
}

#[test]
fn a_changed_input_file_is_named_for_the_indicators_reading_it() {
    let root = workspace("diff-input");
    let a = release(&root, "a");
    // Another seed gives other population figures for 2024.
    let other = root.join("other-seed");
    let synth = jamfor(
        &root,
        &[
            "synth",
            "--scale",
            "small",
            "--seed",
            "7",
            "--out",
            other.to_str().unwrap(),
        ],
    );
    assert_eq!(synth.status.code(), Some(0), "{}", stderr(&synth));
    std::fs::copy(
        other.join("befolkning_2024.csv"),
        root.join("data/default/befolkning_2024.csv"),
    )
    .unwrap();
    let b = release(&root, "b");
    let out = diff(&root, &a, &b, "human");
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("input befolkning 2024 changed: data/default/befolkning_2024.csv"),
        "{text}"
    );
    assert!(
        text.contains(
            "why: input data changed: befolkning 2024 (data/default/befolkning_2024.csv)"
        ),
        "{text}"
    );
    let report = json(&diff(&root, &a, &b, "json"));
    for i in report["indicators"].as_array().unwrap() {
        let reasons = i["why"].to_string();
        assert!(!reasons.contains("\"definition\""), "{i}");
    }
    assert!(report["cells"]["changed"].as_u64().unwrap() > 0);
}

#[test]
fn folders_that_are_not_releases_are_refused_with_exit_2() {
    let dir = scratch("diff-refused");
    let missing = dir.join("nowhere");
    let out = jamfor(
        &dir,
        &["diff", missing.to_str().unwrap(), dir.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("nowhere"), "{}", stderr(&out));
    assert!(stderr(&out).contains("is not a folder"), "{}", stderr(&out));

    let empty = dir.join("empty");
    std::fs::create_dir_all(&empty).unwrap();
    let out = jamfor(
        &dir,
        &["diff", empty.to_str().unwrap(), empty.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("manifest.json"), "{}", stderr(&out));
    assert!(stderr(&out).contains("jamfor run"), "{}", stderr(&out));

    std::fs::write(empty.join("manifest.json"), "{\"format\": 1}").unwrap();
    let out = jamfor(
        &dir,
        &["diff", empty.to_str().unwrap(), empty.to_str().unwrap()],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("is not a release manifest"),
        "{}",
        stderr(&out)
    );
}
