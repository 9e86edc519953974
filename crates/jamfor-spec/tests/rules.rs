//! One fixture per validation rule, each with the diagnostic a user reads, exactly.
//!
//! Every rule in `Rule::ALL` has a file `tests/rules/<rule-name>.txt`:
//!
//! ```text
//! # One or more comment lines: what the fixture shows.
//! === indicators/ekonomiskt_bistand/langvarigt.toml
//! …the text of that definition file…
//! === -sources/kommunenkat.toml
//! === expected
//! …the rendered human output (plain, no colour), exactly…
//! ```
//!
//! A fixture starts from the valid definitions in `tests/rules/_base/` (real files, readable and
//! checkable with `jamfor check --root crates/jamfor-spec/tests/rules/_base`).
//!
//! - `=== <path>` adds a definition file, or replaces the base file with that path. Its text runs to
//!   the next `===` line; trailing blank lines are dropped, so sections may be separated by one.
//! - `=== -<path>` removes a base file.
//! - `=== expected` comes last: everything after it is the expected output — the diagnostics
//!   rendered for people (`OutputFormat::Human`, `Style::Plain`), a blank line and the summary.
//! - A header line `#! check-inputs` resolves with `Options::root` set to `_base`, as
//!   `jamfor check --check-inputs` does, so that release inputs are looked up on disk (the base's
//!   `data/` folder holds a file per source and year). Without it, `Options::default()`.
//!
//! The output must contain at least one diagnostic of the rule the fixture is named after.
//! `UPDATE_EXPECT=1 cargo test -p jamfor-spec --test rules` rewrites the expected sections from the
//! current output; read the diff before committing it.

#![allow(clippy::unwrap_used, reason = "a test: a panic is the failure report")]
#![allow(
    clippy::print_stdout,
    clippy::print_stderr,
    reason = "a test reports what it rewrote and why it failed"
)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use jamfor_spec::Rule;
use jamfor_spec::diagnostic;
use jamfor_spec::load::DEFINITION_FOLDERS;
use jamfor_spec::render::{self, OutputFormat, Style};
use jamfor_spec::resolve::{self, Options};

const EXPECTED: &str = "=== expected";

fn rules_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/rules")
}

fn base_dir() -> PathBuf {
    rules_dir().join("_base")
}

/// The base definitions: root-relative path → text.
fn base() -> BTreeMap<String, String> {
    fn walk(dir: &Path, relative: &str, out: &mut BTreeMap<String, String>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            let child = format!("{relative}/{name}");
            if entry.file_type().unwrap().is_dir() {
                walk(&entry.path(), &child, out);
            } else {
                out.insert(child, std::fs::read_to_string(entry.path()).unwrap());
            }
        }
    }
    let mut files = BTreeMap::new();
    for folder in DEFINITION_FOLDERS {
        walk(&base_dir().join(folder), folder, &mut files);
    }
    files
}

/// A fixture file, split into its parts.
struct Fixture {
    check_inputs: bool,
    /// Files added or replaced (`Some`) or removed (`None`).
    changes: Vec<(String, Option<String>)>,
    /// Everything before the expected output, kept as written when the output is rewritten.
    head: String,
    expected: Option<String>,
}

fn parse(text: &str) -> Result<Fixture, String> {
    let marker = format!("\n{EXPECTED}");
    let at = text.find(&marker).filter(|&at| {
        let rest = &text[at + marker.len()..];
        rest.is_empty() || rest.starts_with('\n')
    });
    let (head, expected) = match at {
        Some(at) => {
            let rest = &text[at + marker.len()..];
            (
                text[..=at].to_string(),
                Some(rest.strip_prefix('\n').unwrap_or(rest).to_string()),
            )
        }
        None => (format!("{}\n", text.trim_end_matches('\n')), None),
    };
    let mut check_inputs = false;
    let mut changes: Vec<(String, Option<String>)> = Vec::new();
    let mut body: Option<Vec<&str>> = None;
    let mut commented = false;
    let close = |changes: &mut Vec<(String, Option<String>)>, body: Option<Vec<&str>>| {
        if let (Some(mut lines), Some((_, text @ Some(_)))) = (body, changes.last_mut()) {
            while lines.last().is_some_and(|l| l.trim().is_empty()) {
                lines.pop();
            }
            *text = Some(lines.iter().map(|l| format!("{l}\n")).collect());
        }
    };
    for line in head.lines() {
        if let Some(section) = line.strip_prefix("=== ") {
            close(&mut changes, body.take());
            let section = section.trim();
            if let Some(path) = section.strip_prefix('-') {
                changes.push((path.trim().to_string(), None));
            } else {
                changes.push((section.to_string(), Some(String::new())));
                body = Some(Vec::new());
            }
        } else if let Some(lines) = &mut body {
            lines.push(line);
        } else if changes.is_empty() && line.starts_with('#') {
            commented = true;
            check_inputs |= line.trim() == "#! check-inputs";
        } else if !line.trim().is_empty() {
            return Err(format!("unexpected line outside a section: {line:?}"));
        }
    }
    close(&mut changes, body);
    if !commented {
        return Err("a fixture starts with `#` lines saying what it shows".into());
    }
    Ok(Fixture {
        check_inputs,
        changes,
        head,
        expected,
    })
}

/// Builds the definitions of a fixture, checks them, and renders what a user reads.
fn run(
    files: BTreeMap<String, String>,
    check_inputs: bool,
) -> (String, Vec<jamfor_spec::Diagnostic>) {
    let (spec, mut diagnostics) = jamfor_spec::from_files(files);
    let options = Options {
        root: check_inputs.then(base_dir),
    };
    let (_, found) = resolve::resolve(&spec, &options);
    diagnostics.extend(found);
    diagnostic::sort(&mut diagnostics);
    let rendered = render::render(&spec.files, &diagnostics, OutputFormat::Human, Style::Plain);
    let summary = render::summary(&diagnostics);
    (format!("{rendered}\n{summary}\n"), diagnostics)
}

fn fixtures() -> Vec<(String, PathBuf)> {
    let mut out: Vec<(String, PathBuf)> = std::fs::read_dir(rules_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| (p.file_stem().unwrap().to_string_lossy().into_owned(), p))
        .collect();
    out.sort();
    out
}

/// `-`/`+` lines for the lines that differ, with a little context.
fn diff(expected: &str, actual: &str) -> String {
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    // Longest common subsequence, small inputs only.
    let mut lcs = vec![vec![0usize; a.len() + 1]; e.len() + 1];
    for i in (0..e.len()).rev() {
        for j in (0..a.len()).rev() {
            lcs[i][j] = if e[i] == a[j] {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut out = String::new();
    let (mut i, mut j) = (0, 0);
    while i < e.len() || j < a.len() {
        if i < e.len() && j < a.len() && e[i] == a[j] {
            let _ = writeln!(out, "  {}", e[i]);
            (i, j) = (i + 1, j + 1);
        } else if i < e.len() && (j == a.len() || lcs[i + 1][j] >= lcs[i][j + 1]) {
            let _ = writeln!(out, "- {}", e[i]);
            i += 1;
        } else {
            let _ = writeln!(out, "+ {}", a[j]);
            j += 1;
        }
    }
    out
}

#[test]
fn the_base_is_clean() {
    for check_inputs in [false, true] {
        let (output, diagnostics) = run(base(), check_inputs);
        assert!(
            diagnostics.is_empty(),
            "the base must check clean:\n{output}"
        );
    }
}

#[test]
fn every_rule_has_a_fixture() {
    let names: Vec<String> = fixtures().into_iter().map(|(n, _)| n).collect();
    let missing: Vec<&str> = Rule::ALL
        .iter()
        .map(|r| r.name())
        .filter(|n| !names.iter().any(|f| f == n))
        .collect();
    assert!(
        missing.is_empty(),
        "rules without a fixture in tests/rules/: {missing:?}"
    );
}

#[test]
fn every_fixture_is_named_after_a_rule() {
    let orphans: Vec<String> = fixtures()
        .into_iter()
        .map(|(n, _)| n)
        .filter(|n| Rule::from_name(n).is_none())
        .collect();
    assert!(
        orphans.is_empty(),
        "fixtures named after no rule: {orphans:?}"
    );
}

#[test]
fn fixtures_render_as_expected() {
    let update = std::env::var_os("UPDATE_EXPECT").is_some_and(|v| v == "1");
    let mut failures = Vec::new();
    for (name, path) in fixtures() {
        let shown = path
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap_or(&path)
            .display()
            .to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        let fixture = match parse(&text) {
            Ok(f) => f,
            Err(e) => {
                failures.push(format!("{shown}: {e}"));
                continue;
            }
        };
        let mut files = base();
        for (file, change) in &fixture.changes {
            match change {
                Some(text) => {
                    files.insert(file.clone(), text.clone());
                }
                None => {
                    if files.remove(file).is_none() {
                        failures.push(format!("{shown}: `=== -{file}` removes no base file"));
                    }
                }
            }
        }
        let (actual, diagnostics) = run(files, fixture.check_inputs);
        if !diagnostics.iter().any(|d| d.rule.name() == name) {
            failures.push(format!(
                "{shown}: no `[{name}]` diagnostic in the output:\n{actual}"
            ));
        }
        if fixture.expected.as_deref() == Some(actual.as_str()) {
            continue;
        }
        if update {
            std::fs::write(&path, format!("{}{EXPECTED}\n{actual}", fixture.head)).unwrap();
            println!("updated {shown}");
        } else {
            let expected = fixture.expected.unwrap_or_default();
            failures.push(format!(
                "{shown}: output differs (- expected, + actual; UPDATE_EXPECT=1 rewrites it):\n{}",
                diff(&expected, &actual)
            ));
        }
    }
    if !failures.is_empty() {
        for f in &failures {
            eprintln!("{f}\n");
        }
        panic!("{} fixture problem(s), see above", failures.len());
    }
}
