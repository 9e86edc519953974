//! `jamfor check` end to end: the repository's own catalogue, broken copies of it, every output
//! format and every exit code.

#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::print_stderr)]

mod support;

use support::{copy_catalogue, edit, jamfor, repo_root, scratch, stderr, stdout};

#[test]
fn the_repository_catalogue_checks_clean() {
    let out = jamfor(&repo_root(), &["check"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(text.starts_with("No problems found.\n"), "{text}");
    assert!(text.contains("8 areas"), "{text}");
}

#[test]
fn a_misspelt_column_is_reported_at_its_line_with_a_hint() {
    let dir = scratch("misspelt_column");
    copy_catalogue(&dir);
    let file = dir.join("indicators/aldreomsorg/befolkning.toml");
    edit(&file, "where = \"alder >= 80\"", "where = \"aldr >= 80\"");
    let out = jamfor(&dir, &["check"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    let expected = "\
error[unknown-column]: source `befolkning` has no column `aldr`
  --> indicators/aldreomsorg/befolkning.toml:21:62
   |
21 | numerator = { source = \"befolkning\", sum = \"antal\", where = \"aldr >= 80\" }
   |                                                              ^^^^ unknown column
   |
  ::: sources/befolkning.toml:3:6
   |
 3 | id = \"befolkning\"
   |      ------------ source declared here
   |
   = help: did you mean `alder`?
";
    assert!(text.starts_with(expected), "got:\n{text}");
    assert!(text.ends_with("Found 1 error.\n"), "{text}");
}

#[test]
fn every_problem_is_reported_in_one_run() {
    let dir = scratch("many_problems");
    copy_catalogue(&dir);
    edit(
        &dir.join("indicators/aldreomsorg/hemtjanst.toml"),
        "kind = \"nyckeltal\"",
        "kind = \"nyckeltale\"",
    );
    edit(
        &dir.join("indicators/ekonomiskt_bistand/handlaggning.toml"),
        "decimals = 0",
        "decimals = \"0\"",
    );
    edit(
        &dir.join("pipelines/oj-2024.toml"),
        "disclosure = \"socialtjanst-2024\"",
        "disclosure = \"socialtjanst-2042\"",
    );
    let out = jamfor(&dir, &["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules: Vec<&str> = doc["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert_eq!(
        rules,
        ["invalid-value", "wrong-type", "unknown-disclosure-policy"],
        "{doc:#}"
    );
    assert_eq!(doc["summary"]["errors"], 3);
    let policy = &doc["diagnostics"][2];
    assert_eq!(policy["location"]["file"], "pipelines/oj-2024.toml");
    assert_eq!(policy["help"][0], "did you mean `socialtjanst-2024`?");
}

#[test]
fn github_format_annotates_the_line() {
    let dir = scratch("github_format");
    copy_catalogue(&dir);
    edit(
        &dir.join("indicators/aldreomsorg/befolkning.toml"),
        "direction = \"none\"",
        "direction = \"upp\"",
    );
    let out = jamfor(&dir, &["check", "--format", "github"]);
    assert_eq!(out.status.code(), Some(1));
    let text = stdout(&out);
    assert!(
        text.starts_with("::error file=indicators/aldreomsorg/befolkning.toml,line=6,col=13,"),
        "{text}"
    );
    assert!(text.contains("title=invalid-value::"), "{text}");
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let dir = scratch("colour");
    copy_catalogue(&dir);
    edit(
        &dir.join("indicators/aldreomsorg/befolkning.toml"),
        "unit = \"procent\"",
        "unit = \"percent\"",
    );
    let piped = stdout(&jamfor(&dir, &["check"]));
    assert!(!piped.contains('\x1b'), "no escape codes in a pipe");
    let forced = stdout(&jamfor(&dir, &["check", "--color", "always"]));
    assert!(
        forced.contains("\x1b[1;31merror[invalid-value]"),
        "{forced}"
    );
}

#[test]
fn warnings_pass_unless_denied() {
    let dir = scratch("warnings");
    copy_catalogue(&dir);
    let out = jamfor(&dir, &["check", "--check-inputs"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(stdout(&out).contains("warning[input-file-not-found]"));
    let denied = jamfor(&dir, &["check", "--check-inputs", "--deny-warnings"]);
    assert_eq!(denied.status.code(), Some(1));
}

#[test]
fn an_unreadable_root_is_a_usage_error() {
    let out = jamfor(&repo_root(), &["check", "--root", "no/such/folder"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("`no/such/folder` is not a folder"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_file_that_is_not_utf8_is_named() {
    let dir = scratch("not_utf8");
    copy_catalogue(&dir);
    std::fs::write(
        dir.join("sources/latin1.toml"),
        b"[source]\ntitle = \"Folkm\xe4ngd\"\n",
    )
    .unwrap();
    let out = jamfor(&dir, &["check"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("sources/latin1.toml:2: not UTF-8"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_dangling_link_is_named() {
    let dir = scratch("dangling_link");
    copy_catalogue(&dir);
    std::os::unix::fs::symlink(dir.join("gone.toml"), dir.join("sources/gone.toml")).unwrap();
    let out = jamfor(&dir, &["check"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("sources/gone.toml: cannot be read: "), "{err}");
}

#[test]
fn an_unknown_flag_is_a_usage_error() {
    let out = jamfor(&repo_root(), &["check", "--formt", "json"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn the_kolada_output_is_a_switch() {
    let dir = scratch("kolada_switch");
    copy_catalogue(&dir);
    let pipeline = dir.join("pipelines/oj-2024.toml");
    edit(
        &pipeline,
        "excel = true\n",
        "excel = true\nkolada = \"ja\"\n",
    );
    let out = jamfor(&dir, &["check"]);
    let text = stdout(&out);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("pipelines/oj-2024.toml:52:10"), "{text}");
    edit(&pipeline, "kolada = \"ja\"", "kolada = true");
    let out = jamfor(&dir, &["check"]);
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
}
