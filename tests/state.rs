//! `jamfor run PIPELINE --state OLD_RELEASE`: only indicators whose fingerprint changed (and
//! those reusing them) are recomputed, the rest is carried over from the private state of the
//! old run, and the release is byte-identical to a full run's. The state never lands in the
//! output folder, and a missing state means a full run with a notice.

#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::print_stderr)]

mod small_release;
mod support;

use std::fs;

use small_release::{RELEASE, REUSING, files, release_with, workspace};
use support::{edit, jamfor, stderr};

fn computed_line(summary: &str) -> &str {
    summary
        .lines()
        .find(|l| l.trim_start().starts_with("computed"))
        .unwrap_or_else(|| panic!("the summary says what was computed: {summary}"))
}

#[test]
fn only_changed_indicators_are_recomputed_and_the_release_equals_a_full_run() {
    let root = workspace("state");
    fs::write(
        root.join("indicators/hemloshet/bostad_forst_kvot.toml"),
        REUSING,
    )
    .unwrap();
    let (a, summary) = release_with(&root, "a", &[]);
    assert!(
        computed_line(&summary).contains("13 indicators (all)"),
        "{summary}"
    );

    // The unprotected state lives under the definitions root, never beside the release.
    let out: Vec<_> = fs::read_dir(root.join("a"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(out, [RELEASE]);
    let release_files: Vec<String> = files(&a).into_keys().collect();
    assert!(
        release_files
            .iter()
            .all(|f| f == "manifest.json" || f.starts_with("parquet/") || f.starts_with("excel/")),
        "{release_files:?}"
    );
    let states = root.join(".jamfor/state").join(RELEASE);
    assert_eq!(fs::read_dir(&states).unwrap().count(), 1);

    // Bostad först now also counts transitional housing: the count and the rate reusing it
    // change; nothing else does.
    edit(
        &root.join("indicators/hemloshet/boendeinsatser.toml"),
        "where = \"malgrupp = 'HL' AND insats = 'BF'\"",
        "where = \"malgrupp = 'HL' AND insats IN ('BF', 'TRAN')\"",
    );
    let (full, summary) = release_with(&root, "full", &[]);
    assert!(
        computed_line(&summary).contains("13 indicators (all)"),
        "{summary}"
    );
    let run = jamfor(
        &root,
        &[
            "run",
            small_release::PIPELINE,
            "--out",
            "incremental",
            "--state",
            a.to_str().unwrap(),
            "--verbose",
            "--log-format",
            "json",
        ],
    );
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let summary = String::from_utf8_lossy(&run.stdout);
    let line = computed_line(&summary);
    assert!(
        line.contains("2 indicators · 11 carried over from") && line.contains("a/small"),
        "{summary}"
    );
    // CI reads the same from the JSON log.
    let logged = stderr(&run)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|l| l["fields"]["message"] == "indicators")
        .expect("the log says what was computed");
    assert_eq!(logged["fields"]["computed"], 2);
    assert_eq!(logged["fields"]["carried_over"], 11);

    let incremental = root.join("incremental").join(RELEASE);
    let (x, y) = (files(&full), files(&incremental));
    assert_eq!(x.keys().collect::<Vec<_>>(), y.keys().collect::<Vec<_>>());
    for (name, bytes) in &x {
        assert!(bytes == &y[name], "{name} differs from the full run's");
    }
    // The release moved: the carried-over rows are not simply the old release.
    assert_ne!(
        files(&a)["parquet/results.parquet"],
        x["parquet/results.parquet"]
    );

    // Nothing changed since: nothing is computed, and still the same release.
    let (again, summary) =
        release_with(&root, "again", &["--state", incremental.to_str().unwrap()]);
    assert!(
        computed_line(&summary).contains("0 indicators · 13 carried over"),
        "{summary}"
    );
    assert!(
        files(&again) == x,
        "a run computing nothing equals the full run"
    );
}

#[test]
fn without_a_state_everything_is_computed_with_a_notice() {
    let root = workspace("state-missing");
    let (a, _) = release_with(&root, "a", &["--quiet"]);
    fs::remove_dir_all(root.join(".jamfor")).unwrap();
    let run = jamfor(
        &root,
        &[
            "run",
            small_release::PIPELINE,
            "--out",
            "b",
            "--state",
            a.to_str().unwrap(),
        ],
    );
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("no private state"),
        "{}",
        stderr(&run)
    );
    let summary = String::from_utf8_lossy(&run.stdout);
    assert!(computed_line(&summary).contains("(all)"), "{summary}");
    // What protection worked with, without the primary/secondary split: persons with Bostad
    // först are among persons with a housing intervention, so there are relations.
    let protected = summary
        .lines()
        .find(|l| l.trim_start().starts_with("protected"))
        .unwrap_or_else(|| panic!("{summary}"));
    assert!(
        protected.contains("relations between counts"),
        "{protected}"
    );
    assert!(!protected.contains(" 0 relations"), "{protected}");
    assert!(!summary.contains("primary"), "{summary}");
    assert!(files(&a) == files(&root.join("b").join(RELEASE)));

    // A folder that is no release is a usage error naming it.
    let run = jamfor(
        &root,
        &[
            "run",
            small_release::PIPELINE,
            "--out",
            "c",
            "--state",
            "nowhere",
        ],
    );
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    assert!(stderr(&run).contains("nowhere"), "{}", stderr(&run));
    assert!(stderr(&run).contains("manifest.json"), "{}", stderr(&run));
    assert!(!root.join("c").exists());
}
