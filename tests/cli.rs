//! The generated artefacts users rely on stay in step with the code: the JSON Schemas editors
//! read, the rules reference, and the schemas' agreement with the catalogue.

#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::print_stderr)]

mod support;

use std::process::Command;

use support::{jamfor, repo_root, scratch, stderr, stdout};

#[test]
fn committed_schemas_are_up_to_date() {
    let dir = scratch("schemas");
    let out = jamfor(&repo_root(), &["schema", "--out", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    for kind in ["source", "indicators", "area", "policies", "release"] {
        let name = format!("{kind}.schema.json");
        let fresh = std::fs::read_to_string(dir.join(&name)).unwrap();
        let committed =
            std::fs::read_to_string(repo_root().join("schemas").join(&name)).unwrap_or_default();
        assert!(
            fresh == committed,
            "schemas/{name} is out of date: run `cargo run -p jamfor -- schema --out schemas`"
        );
    }
}

#[test]
fn one_schema_prints_and_an_unknown_one_is_refused() {
    let out = jamfor(&repo_root(), &["schema", "indicators"]);
    assert_eq!(out.status.code(), Some(0));
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(schema["title"], "jamfor indicators");
    let wrong = jamfor(&repo_root(), &["schema", "indicator"]);
    assert_eq!(wrong.status.code(), Some(2));
    assert!(
        stderr(&wrong).contains("did you mean `indicators`?"),
        "{}",
        stderr(&wrong)
    );
}

#[test]
fn the_rules_reference_is_up_to_date() {
    let out = jamfor(&repo_root(), &["rule", "--markdown"]);
    let committed = std::fs::read_to_string(repo_root().join("docs/rules.md")).unwrap_or_default();
    assert!(
        stdout(&out) == committed,
        "docs/rules.md is out of date: run `cargo run -p jamfor -- rule --markdown > docs/rules.md`"
    );
}

#[test]
fn a_rule_is_explained_by_name() {
    let out = jamfor(&repo_root(), &["rule", "unknown-column"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).starts_with("## `unknown-column` (error)"));
    let wrong = jamfor(&repo_root(), &["rule", "unknown-colum"]);
    assert_eq!(wrong.status.code(), Some(2));
    assert!(stderr(&wrong).contains("did you mean `unknown-column`?"));
}

/// The schemas must accept every file `check` accepts, or editors would flag valid definitions.
/// Validated with Python's `jsonschema`, an implementation independent of ours; `.ci/run`
/// installs it, and in CI its absence is a failure rather than a skip.
#[test]
fn the_schemas_accept_the_catalogue() {
    let has_validator = Command::new("python3")
        .args(["-c", "import jsonschema, tomllib"])
        .status()
        .is_ok_and(|s| s.success());
    if !has_validator {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must install python3 jsonschema"
        );
        eprintln!("skipped: python3 with jsonschema is not installed");
        return;
    }
    let out = Command::new("python3")
        .arg(repo_root().join("scripts/validate_schemas.py"))
        .arg(repo_root().join("schemas"))
        .arg(repo_root())
        .output()
        .unwrap();
    assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
}
