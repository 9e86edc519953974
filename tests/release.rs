//! `jamfor run` end to end: the repository's catalogue on small synthetic data, two years, into a
//! scratch folder, publishing two areas — hemlöshet (register counts and shares under disclosure
//! control, kommunenkät answers) and krisberedskap (kommunenkät answers, an index) — with the
//! population nyckeltal their comparable kommuner need moved into krisberedskap, so that a run
//! takes seconds in a test build while every stage is the real one. Checks what users receive: the folder layout, the Parquet files read back with
//! an independent reader (arrow-rs `parquet`), statuses, determinism, and that a failing run
//! leaves an earlier release untouched.

#![allow(clippy::print_stderr)] // a skipped check says so on the test output

mod support;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;
use support::{copy_catalogue, jamfor, results, scratch, stderr, stdout};

const PIPELINE: &str = "\
[release]
id = \"e2e\"
title = \"Öppna jämförelser socialtjänst, testutgåva\"
year = 2024
history = [2023]
published = 2024-11-26
disclosure = \"socialtjanst-2024\"
areas = [\"hemloshet\", \"krisberedskap\"]

[outputs]
kolada = true

[synthetic]
scale = \"small\"
seed = 7
";

/// A definitions root with the repository's catalogue and a small two-year pipeline whose inputs
/// are generated on first run.
fn root(name: &str) -> PathBuf {
    let dir = scratch(name);
    copy_catalogue(&dir);
    let indicators = dir.join("indicators");
    for (from, to) in [
        (
            "aldreomsorg/befolkning.toml",
            "krisberedskap/befolkning_aldre.toml",
        ),
        (
            "ekonomiskt_bistand/befolkning.toml",
            "krisberedskap/befolkning_ekb.toml",
        ),
    ] {
        fs::rename(indicators.join(from), indicators.join(to)).expect("nyckeltal moved");
    }
    support::edit(
        &indicators.join("krisberedskap/area.toml"),
        "\"barn_invanare_0_20_andel\"",
        "\"aldre_invanare_65_andel\"",
    );
    // Only the test pipeline: the default one reads national-scale data.
    let pipelines = dir.join("pipelines");
    fs::remove_dir_all(&pipelines).expect("pipelines can be removed");
    fs::create_dir_all(&pipelines).expect("pipelines folder");
    let text = format!("{PIPELINE}{}", support::inputs_in_data(&dir));
    fs::write(pipelines.join("e2e.toml"), text).expect("pipeline written");
    dir
}

fn run(root: &Path) -> std::process::Output {
    jamfor(
        root,
        &["run", "pipelines/e2e.toml", "--out", "releases", "--quiet"],
    )
}

/// Every file under `dir` with its bytes, by relative path.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).expect("readable") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).expect("inside").to_string_lossy();
                out.insert(rel.replace('\\', "/"), fs::read(&path).expect("file"));
            }
        }
    }
    out
}

fn text(row: &BTreeMap<String, Field>, column: &str) -> Option<String> {
    match &row[column] {
        Field::Str(s) => Some(s.clone()),
        Field::Null => None,
        other => panic!("{column} is not text: {other:?}"),
    }
}

#[test]
fn a_release_is_complete_readable_and_deterministic() {
    let root = root("release-e2e");
    let first = run(&root);
    assert!(
        first.status.success(),
        "jamfor run failed:\n{}{}",
        stdout(&first),
        stderr(&first)
    );
    let release = root.join("releases/e2e");
    let written = files(&release);
    for expected in [
        "manifest.json",
        "parquet/results.parquet",
        "parquet/indicators.parquet",
        "parquet/geography.parquet",
        "parquet/comparable.parquet",
        "parquet/bruttolista.parquet",
    ] {
        assert!(written.contains_key(expected), "{expected} missing");
    }
    assert!(
        written
            .keys()
            .any(|k| k.starts_with("excel/") && k.ends_with("-2024.xlsx")),
        "no workbooks: {:?}",
        written.keys().collect::<Vec<_>>()
    );
    // The Kolada export: one v3 response page per indicator, kommuner with a four-digit id.
    let kolada: Vec<&String> = written
        .keys()
        .filter(|k| k.starts_with("kolada/"))
        .collect();
    assert!(!kolada.is_empty(), "kolada = true writes kolada/");
    for path in kolada {
        let page: serde_json::Value = serde_json::from_slice(&written[path]).expect("JSON");
        let values = page["values"].as_array().expect("values");
        assert_eq!(page["count"].as_u64(), Some(values.len() as u64), "{path}");
        for entry in values {
            let id = entry["municipality"].as_str().expect("municipality");
            assert_eq!(id.len(), 4, "{path}: Kolada id {id}");
            for v in entry["values"].as_array().expect("by gender") {
                if v["status"] != "" {
                    assert!(v["value"].is_null(), "{path}: {v} shows a value");
                }
            }
        }
    }
    let leftovers: Vec<_> = fs::read_dir(root.join("releases"))
        .expect("releases")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(leftovers, vec!["e2e"], "only the release folder is left");

    // The manifest hashes every output it lists, and lists every output.
    let manifest: serde_json::Value =
        serde_json::from_slice(&written["manifest.json"]).expect("manifest is JSON");
    let outputs = manifest["outputs"].as_object().expect("outputs");
    assert_eq!(outputs.len() + 1, written.len());
    for (path, hash) in outputs {
        let bytes = &written[path];
        assert_eq!(hash["bytes"].as_u64(), Some(bytes.len() as u64), "{path}");
    }
    assert_eq!(manifest["release"]["published"], "2024-11-26");

    // The results: tidy rows, codes not labels, a status on every row, nothing behind `..`.
    let rows = results(&release);
    let cells: u64 = manifest["cells"]
        .as_object()
        .expect("cells")
        .values()
        .flat_map(|by| by.as_object().expect("by status").values())
        .map(|n| n.as_u64().expect("count"))
        .sum();
    assert_eq!(rows.len() as u64, cells);
    let mut statuses = BTreeMap::new();
    for row in &rows {
        let status = text(row, "status").expect("status on every row");
        *statuses.entry(status.clone()).or_insert(0) += 1;
        let level = text(row, "geo_level").expect("level");
        let code = text(row, "geo_code").expect("code");
        match level.as_str() {
            "kommun" => assert_eq!(code.len(), 4, "kommun codes are zero-padded: {code}"),
            "lan" | "riket" => assert_eq!(code.len(), 2, "{level} code {code}"),
            // A comparison group is named by the kommun whose group it is.
            "liknande" => assert_eq!(code.len(), 4, "liknande code {code}"),
            _ => {}
        }
        assert!(["T", "K", "M"].contains(&text(row, "gender").expect("gender").as_str()));
        if status == "confidential" {
            for hidden in ["value", "numerator", "denominator", "ci_low", "ci_high"] {
                assert_eq!(
                    row[hidden],
                    Field::Null,
                    "a confidential row shows {hidden}"
                );
            }
        }
        if status == "value" {
            assert_ne!(row["value"], Field::Null, "a value row without a value");
        }
    }
    assert!(
        rows.iter()
            .any(|r| text(r, "geo_level").as_deref() == Some("liknande")),
        "comparison groups are published next to the kommungrupper"
    );
    // Every place a result row names has a row in geography.parquet.
    let places: std::collections::BTreeSet<(Option<String>, Option<String>)> =
        support::parquet_rows(&release.join("parquet/geography.parquet"))
            .iter()
            .map(|r| (text(r, "geo_level"), text(r, "geo_code")))
            .collect();
    for row in &rows {
        let key = (text(row, "geo_level"), text(row, "geo_code"));
        assert!(places.contains(&key), "{key:?} is not in geography.parquet");
    }
    assert!(
        statuses.get("value").copied().unwrap_or(0) > 1000,
        "{statuses:?}"
    );
    assert!(
        statuses.get("confidential").copied().unwrap_or(0) > 0,
        "small synthetic kommuner produce confidential cells: {statuses:?}"
    );

    // Key–value metadata names the release.
    let file = fs::File::open(release.join("parquet/results.parquet")).expect("results");
    let reader = SerializedFileReader::new(file).expect("parquet");
    let metadata = reader
        .metadata()
        .file_metadata()
        .key_value_metadata()
        .cloned();
    let release_id = metadata
        .unwrap_or_default()
        .into_iter()
        .find(|kv| kv.key == "jamfor.release_id")
        .and_then(|kv| kv.value);
    assert_eq!(release_id.as_deref(), Some("e2e"));

    // Researchers' readers: pyarrow and DuckDB (installed by CI, which requires them), and an
    // old pyarrow such as older pandas installations carry.
    check_with_python_readers(&release);
    check_with_old_pyarrow(&release);

    // The same inputs give byte-identical releases.
    let second = run(&root);
    assert!(second.status.success(), "{}", stderr(&second));
    assert_eq!(files(&release), written, "a rerun changed the release");
}

#[test]
fn a_failing_run_leaves_the_earlier_release_untouched() {
    let root = root("release-failing");
    let first = run(&root);
    assert!(first.status.success(), "{}", stderr(&first));
    let before = files(&root.join("releases/e2e"));

    // Break one input file: an unknown kommun code in the middle of the register.
    let broken = root.join("data/befolkning_2024.csv");
    let mut text = fs::read_to_string(&broken).expect("input");
    let line = text.lines().nth(5).expect("a data line").to_string();
    let code = line.split(';').next().expect("a first field").to_string();
    text = text.replacen(&line, &line.replacen(&code, "9999", 1), 1);
    fs::write(&broken, text).expect("broken input");

    let failed = run(&root);
    assert!(!failed.status.success(), "a broken input must fail the run");
    let message = stderr(&failed);
    assert!(
        message.contains("befolkning_2024.csv"),
        "the error names the file: {message}"
    );
    assert_eq!(files(&root.join("releases/e2e")), before);
    let names: Vec<_> = fs::read_dir(root.join("releases"))
        .expect("releases")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names, vec!["e2e"], "no partial folder is left behind");
}

#[test]
fn runs_into_the_same_release_exclude_each_other() {
    let root = root("release-concurrent");
    // Another run is writing the release: it holds the lock.
    let held = jamfor_publish::ReleaseLock::acquire(&root.join("releases"), "e2e")
        .expect("the lock of the other run");
    let refused = run(&root);
    assert_eq!(refused.status.code(), Some(2));
    let message = stderr(&refused);
    assert!(
        message.contains(&format!(
            "another run (process {}) is writing release `e2e` into the same folder: it holds the lock `releases/.e2e.lock`; wait for it to finish",
            std::process::id()
        )),
        "{message}"
    );
    assert!(!root.join("releases/e2e").exists());
    drop(held);

    // A run that was killed leaves its lock file; the next run takes it over and says so.
    fs::create_dir_all(root.join("releases")).expect("releases");
    fs::write(root.join("releases/.e2e.lock"), "4294967294\n").expect("a stale lock");
    let taken = run(&root);
    assert!(taken.status.success(), "{}", stderr(&taken));
    assert!(
        stderr(&taken)
            .contains("warning: taking over the lock `releases/.e2e.lock` left by run 4294967294"),
        "{}",
        stderr(&taken)
    );
    let names: Vec<_> = fs::read_dir(root.join("releases"))
        .expect("releases")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(
        names,
        vec!["e2e"],
        "no lock or partial folder is left behind"
    );
}

#[test]
fn missing_inputs_without_synthetic_data_are_named() {
    let root = root("release-missing");
    let pipeline = root.join("pipelines/e2e.toml");
    let text = fs::read_to_string(&pipeline).expect("pipeline");
    let without = text.replace("[synthetic]\nscale = \"small\"\nseed = 7\n", "");
    fs::write(&pipeline, without).expect("pipeline");
    let output = run(&root);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert!(
        message.contains("input file(s) of release `e2e` are missing"),
        "{message}"
    );
    assert!(message.contains("data/"), "{message}");
    assert!(!root.join("releases/e2e").exists());
}

/// Reads the release with an old pyarrow (13), installed in the folder `JAMFOR_OLD_PYARROW`
/// names (CI installs it there: `pip install --target DIR pyarrow==13.0.0 "numpy<2"`).
fn check_with_old_pyarrow(release: &Path) {
    let folder = std::env::var_os("JAMFOR_OLD_PYARROW");
    support::python_check(
        folder.is_some(),
        "set JAMFOR_OLD_PYARROW to a folder holding pyarrow 13 (see .ci/run)",
        folder,
        "check_old_readers.py",
        &[release],
    );
}

/// Reads the release with pyarrow and DuckDB, as researchers do.
fn check_with_python_readers(release: &Path) {
    support::python_check(
        support::python_imports("pyarrow, duckdb"),
        "pyarrow and duckdb must be installed (python3 -m pip install pyarrow duckdb)",
        None,
        "check_release.py",
        &[release],
    );
}

/// Whether `x` has at most `decimals` decimals (as a double near its rounded value).
fn has_at_most(x: f64, decimals: i32) -> bool {
    let scaled = x * 10f64.powi(decimals);
    (scaled - scaled.round()).abs() < 1e-6
}

#[test]
fn shares_and_rates_are_published_with_at_most_their_policys_decimals() {
    // The rate asks for three decimals; its policy publishes shares and rates with one. The
    // index (not a share or rate) keeps its own two.
    let root = root("release-decimals");
    support::edit(
        &root.join("indicators/hemloshet/boendeinsatser.toml"),
        "decimals = 1",
        "decimals = 3",
    );
    support::edit(
        &root.join("indicators/hemloshet/index.toml"),
        "decimals = 1",
        "decimals = 2",
    );
    let out = run(&root);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let release = root.join("releases/e2e");
    let rows = results(&release);
    let values = |id: &str| -> Vec<f64> {
        rows.iter()
            .filter(|r| text(r, "indicator_id").as_deref() == Some(id))
            .flat_map(|r| ["value", "ci_low", "ci_high"].map(|c| r[c].clone()))
            .filter_map(|f| match f {
                Field::Double(v) => Some(v),
                _ => None,
            })
            .collect()
    };
    let rate = values("hemloshet_boendeinsats_per_10000");
    assert!(rate.len() > 100, "the rate has values and intervals");
    let unrounded: Vec<&f64> = rate.iter().filter(|v| !has_at_most(**v, 1)).collect();
    assert!(unrounded.is_empty(), "more than one decimal: {unrounded:?}");
    assert!(
        rate.iter().any(|v| !has_at_most(*v, 0)),
        "one decimal is kept"
    );
    // What the Parquet says about the indicator matches its values.
    let file = fs::File::open(release.join("parquet/indicators.parquet")).expect("indicators");
    let reader = SerializedFileReader::new(file).expect("parquet");
    let decimals: BTreeMap<String, Field> = reader
        .get_row_iter(None)
        .expect("rows")
        .map(|r| {
            let row: BTreeMap<String, Field> = r
                .expect("row")
                .get_column_iter()
                .map(|(n, f)| (n.clone(), f.clone()))
                .collect();
            (
                text(&row, "indicator_id").expect("id"),
                row["decimals"].clone(),
            )
        })
        .collect();
    assert_eq!(decimals["hemloshet_boendeinsats_per_10000"], Field::Int(1));
    assert_eq!(decimals["hemloshet_arbetssatt_index"], Field::Int(2));
}
