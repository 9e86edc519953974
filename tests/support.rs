//! Helpers shared by the end-to-end tests: running the binary and making definition folders.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;

/// The workspace root (where `sources/`, `indicators/`, … of the default catalogue live).
pub(crate) fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Runs `jamfor` with `args` in `dir`, without colour settings from the environment.
pub(crate) fn jamfor(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_jamfor"))
        .args(args)
        .current_dir(dir)
        .env_remove("NO_COLOR")
        .output()
        .expect("the jamfor binary runs")
}

/// stdout as text.
pub(crate) fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// stderr as text.
pub(crate) fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs `scripts/<script>` with python3 and `args`, the folder `python_path` first on its
/// path when given, when `available` says the Python readers it needs are there. Without
/// them the check is skipped, unless `JAMFOR_REQUIRE_PYTHON_READERS` is set (CI sets it), in
/// which case `install` says what is missing.
pub(crate) fn python_check(
    available: bool,
    install: &str,
    python_path: Option<std::ffi::OsString>,
    script: &str,
    args: &[&Path],
) {
    if !available {
        assert!(
            std::env::var_os("JAMFOR_REQUIRE_PYTHON_READERS").is_none(),
            "{install}"
        );
        #[allow(
            clippy::print_stderr,
            reason = "a skipped check says so in the test output"
        )]
        {
            eprintln!("skipping `{script}`: {install}");
        }
        return;
    }
    let mut command = Command::new("python3");
    if let Some(path) = python_path {
        command.env("PYTHONPATH", path);
    }
    let output = command
        .arg(repo_root().join("scripts").join(script))
        .args(args)
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "`{script}` failed:\n{}{}",
        stdout(&output),
        stderr(&output)
    );
}

/// Whether python3 can import `modules` (a comma-separated list).
pub(crate) fn python_imports(modules: &str) -> bool {
    Command::new("python3")
        .args(["-c", &format!("import {modules}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A fresh, empty folder for one test under cargo's temporary directory.
pub(crate) fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch folder can be made");
    dir
}

/// Copies the repository's definition folders into `dir`, so a test can break one file.
pub(crate) fn copy_catalogue(dir: &Path) {
    for folder in ["sources", "indicators", "policies", "pipelines"] {
        copy_tree(&repo_root().join(folder), &dir.join(folder));
    }
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("folder can be made");
    for entry in std::fs::read_dir(from).expect("folder can be read") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("file can be copied");
        }
    }
}

/// Replaces `old` by `new` in a file, failing loudly when `old` is not there.
pub(crate) fn edit(path: &Path, old: &str, new: &str) {
    let text = std::fs::read_to_string(path).expect("file can be read");
    assert!(
        text.contains(old),
        "`{old}` not found in {}",
        path.display()
    );
    std::fs::write(path, text.replacen(old, new, 1)).expect("file can be written");
}

/// A release's `parquet/results.parquet`, read with arrow-rs (independent of the writer's
/// polars), as rows of named fields.
pub(crate) fn results(release: &Path) -> Vec<BTreeMap<String, Field>> {
    parquet_rows(&release.join("parquet/results.parquet"))
}

/// Every row of a Parquet file, by column name.
pub(crate) fn parquet_rows(path: &Path) -> Vec<BTreeMap<String, Field>> {
    let file = std::fs::File::open(path).expect("the Parquet file exists");
    let reader = SerializedFileReader::new(file).expect("a valid Parquet file");
    reader
        .get_row_iter(None)
        .expect("rows")
        .map(|row| {
            row.expect("row")
                .get_column_iter()
                .map(|(name, field)| (name.clone(), field.clone()))
                .collect()
        })
        .collect()
}

/// `[inputs]` for every source declared under `dir/sources`, each read from
/// `data/<source>_{year}.csv` (where `jamfor run` generates it on first use), in name order.
pub(crate) fn inputs_in_data(dir: &Path) -> String {
    let mut sources: Vec<String> = std::fs::read_dir(dir.join("sources"))
        .expect("sources")
        .map(|e| {
            let name = e.expect("entry").file_name();
            name.to_string_lossy().trim_end_matches(".toml").to_string()
        })
        .collect();
    sources.sort();
    sources
        .iter()
        .map(|source| format!("\n[inputs.{source}]\npath = \"data/{source}_{{year}}.csv\"\n"))
        .collect()
}
