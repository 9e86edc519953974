//! `jamfor diff` on small releases made by the binary: equal releases compare equal (exit 0);
//! an edited definition, a new input file, a stricter policy and another tool version are
//! found, counted and explained (exit 1); folders that are not releases are refused (exit 2).

#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::print_stderr)]

mod small_release;
mod support;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::OnceLock;

use small_release::{PIPELINE, RELEASE, copy_all, release, workspace};
use support::{edit, jamfor, scratch, stderr, stdout};

/// A workspace with release `a` made once; each test works on its own copy of it.
fn with_release_a(name: &str) -> (PathBuf, PathBuf) {
    static TEMPLATE: OnceLock<PathBuf> = OnceLock::new();
    let template = TEMPLATE.get_or_init(|| {
        let root = workspace("diff-template");
        release(&root, "a");
        root
    });
    let root = scratch(name);
    copy_all(template, &root);
    let a = root.join("a").join(RELEASE);
    (root, a)
}

fn diff(root: &Path, old: &Path, new: &Path, format: &str) -> Output {
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

/// The JSON report, after checking the exit code.
fn json(root: &Path, old: &Path, new: &Path, code: i32) -> serde_json::Value {
    let out = diff(root, old, new, "json");
    assert_eq!(out.status.code(), Some(code), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("diff --format json prints JSON")
}

/// The human report, after checking the exit code.
fn human(root: &Path, old: &Path, new: &Path, code: i32) -> String {
    let out = diff(root, old, new, "human");
    assert_eq!(out.status.code(), Some(code), "{}", stderr(&out));
    stdout(&out)
}

fn indicator<'a>(report: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    report["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id)
        .unwrap_or_else(|| panic!("{id} is listed: {report}"))
}

fn listed(report: &serde_json::Value) -> Vec<String> {
    report["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_rerun_compares_equal() {
    let (root, a) = with_release_a("diff-rerun");
    let b = release(&root, "b");
    let text = human(&root, &a, &b, 0);
    assert!(text.contains("no change"), "{text}");
    let report = json(&root, &a, &b, 0);
    assert_eq!(report["cells"]["changed"], 0);
    assert!(report["cells"]["new"].as_u64().unwrap() > 1000, "{report}");
    assert_eq!(report["cells"]["new"], report["cells"]["old"]);
    assert!(listed(&report).is_empty(), "{report}");
    assert!(report["tool"].is_null());
    // A release compared with itself, too.
    human(&root, &a, &a, 0);
}

#[test]
fn a_definition_change_names_the_changed_fields_and_the_largest_moves() {
    let (root, a) = with_release_a("diff-definition");
    let file = root.join("indicators/hemloshet/boendeinsatser.toml");
    // What the share counts: emergency housing and transitional housing, not only the former.
    edit(
        &file,
        "where = \"malgrupp = 'HL' AND insats = 'AKUT'\"",
        "where = \"malgrupp = 'HL' AND insats IN ('AKUT', 'TRAN')\"",
    );
    // A wording change of another indicator (a kommunenkät answer, outside disclosure control):
    // listed, but its results do not move.
    edit(
        &root.join("indicators/hemloshet/kartlaggning.toml"),
        "title = \"Kartläggning av hemlöshet de senaste två åren, ja/nej\"",
        "title = \"Kommunen har kartlagt hemlösheten de senaste två åren, ja/nej\"",
    );
    let c = release(&root, "c");

    let text = human(&root, &a, &c, 1);
    assert!(
        text.contains("hemloshet_akutboende_andel (hemloshet)"),
        "{text}"
    );
    assert!(
        text.contains("why: definition changed: measure.numerator.where"),
        "{text}"
    );
    assert!(text.contains("largest moves:"), "{text}");
    assert!(
        text.contains("hemloshet_kartlaggning (hemloshet)\n  results unchanged"),
        "{text}"
    );
    assert!(text.contains("why: definition changed: title"), "{text}");

    let report = json(&root, &a, &c, 1);
    // Besides the two edited, only counts protected together with the edited one may move
    // (persons with Bostad först are among persons with a housing intervention), and they say so.
    let listed = listed(&report);
    assert!(listed.contains(&"hemloshet_akutboende_andel".to_string()));
    assert!(listed.contains(&"hemloshet_kartlaggning".to_string()));
    for id in &listed {
        if !matches!(
            id.as_str(),
            "hemloshet_akutboende_andel" | "hemloshet_kartlaggning"
        ) {
            assert_eq!(indicator(&report, id)["why"][0]["kind"], "linked", "{id}");
        }
    }
    let edited = indicator(&report, "hemloshet_akutboende_andel");
    assert!(edited["values_changed"].as_u64().unwrap() > 0, "{edited}");
    assert_eq!(edited["why"][0]["kind"], "definition");
    assert_eq!(
        edited["why"][0]["fields"],
        serde_json::json!(["measure.numerator.where"])
    );
    // Largest first, and every one a real move.
    let moves = edited["largest_moves"].as_array().unwrap();
    assert!(!moves.is_empty());
    let size =
        |m: &serde_json::Value| (m["new"].as_f64().unwrap() - m["old"].as_f64().unwrap()).abs();
    assert!(moves.iter().all(|m| size(m) > 0.0), "{moves:?}");
    assert!(
        moves.windows(2).all(|w| size(&w[0]) >= size(&w[1])),
        "{moves:?}"
    );
    let retitled = indicator(&report, "hemloshet_kartlaggning");
    assert_eq!(retitled["values_changed"], 0);
    assert_eq!(retitled["why"][0]["fields"], serde_json::json!(["title"]));
    assert!(report["inputs"].as_array().unwrap().is_empty());
    assert!(report["policies"].as_array().unwrap().is_empty());
}

#[test]
fn a_changed_input_file_is_named_for_the_indicators_reading_it() {
    let (root, a) = with_release_a("diff-input");
    // Another seed gives other register rows for 2024.
    let other = root.join("other-seed");
    let synth = jamfor(
        &root,
        &[
            "synth",
            "--scale",
            "small",
            "--seed",
            "8",
            "--pipeline",
            PIPELINE,
            "--out",
            other.to_str().unwrap(),
        ],
    );
    assert_eq!(synth.status.code(), Some(0), "{}", stderr(&synth));
    std::fs::copy(
        other.join("vuxna_insatser_2024.csv"),
        root.join("data/vuxna_insatser_2024.csv"),
    )
    .unwrap();
    let b = release(&root, "b");

    let text = human(&root, &a, &b, 1);
    assert!(
        text.contains("input vuxna_insatser 2024 changed: data/vuxna_insatser_2024.csv"),
        "{text}"
    );
    assert!(
        text.contains(
            "why: input data changed: vuxna_insatser 2024 (data/vuxna_insatser_2024.csv)"
        ),
        "{text}"
    );
    let report = json(&root, &a, &b, 1);
    assert!(report["cells"]["changed"].as_u64().unwrap() > 0);
    let ids = listed(&report);
    assert!(
        ids.contains(&"hemloshet_boendeinsats_per_10000".to_string()),
        "{ids:?}"
    );
    for i in report["indicators"].as_array().unwrap() {
        let kinds: Vec<&str> = i["why"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["kind"].as_str().unwrap())
            .collect();
        assert!(!kinds.contains(&"definition"), "{i}");
        // Only indicators reading the register are said to have new input data; others can
        // only have moved through the linked protection.
        let reads_register = i["why"].to_string().contains("vuxna_insatser");
        assert!(reads_register || kinds == ["linked"], "{i}");
    }
    // Kommunenkät indicators read no changed file and share no counts: not listed.
    assert!(
        !ids.contains(&"hemloshet_arbetssatt_index".to_string()),
        "{ids:?}"
    );
}

#[test]
fn a_stricter_policy_makes_cells_newly_confidential() {
    let (root, a) = with_release_a("diff-policy");
    edit(
        &root.join("policies/socialtjanst.toml"),
        "min_count = 3",
        "min_count = 10",
    );
    let b = release(&root, "b");

    let text = human(&root, &a, &b, 1);
    assert!(
        text.contains("policy socialtjanst-2024 changed: min_count"),
        "{text}"
    );
    assert!(text.contains("value → confidential"), "{text}");
    let report = json(&root, &a, &b, 1);
    assert_eq!(report["policies"][0]["id"], "socialtjanst-2024");
    assert_eq!(
        report["policies"][0]["fields"],
        serde_json::json!(["min_count"])
    );
    let shares = indicator(&report, "hemloshet_boendeinsats_per_10000");
    let newly: u64 = shares["statuses"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|t| t["from"] == "value" && t["to"] == "confidential")
        .map(|t| t["cells"].as_u64().unwrap())
        .sum();
    assert!(newly > 0, "{shares}");
    assert!(
        shares["why"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["kind"] == "policy_definition"
                && r["fields"] == serde_json::json!(["min_count"])),
        "{shares}"
    );
}

#[test]
fn another_tool_version_is_reported() {
    let (root, a) = with_release_a("diff-tool");
    // A release written by an earlier jamfor: the same files with another version recorded.
    let old = root.join("old").join(RELEASE);
    copy_all(&a, &old);
    let manifest = old.join("manifest.json");
    let mut value: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&manifest).unwrap()).unwrap();
    let current = value["tool"]["version"].as_str().unwrap().to_string();
    value["tool"]["version"] = "0.0.1".into();
    std::fs::write(&manifest, serde_json::to_string_pretty(&value).unwrap()).unwrap();

    let text = human(&root, &old, &a, 1);
    assert!(
        text.contains(&format!("tool: jamfor 0.0.1 → {current}")),
        "{text}"
    );
    let report = json(&root, &old, &a, 1);
    assert_eq!(report["tool"]["old"], "0.0.1");
    assert_eq!(report["tool"]["new"], current.as_str());
    assert_eq!(report["cells"]["changed"], 0);
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
