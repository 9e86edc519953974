//! The private run state: what `jamfor run --state OLD_RELEASE` needs to carry the indicators
//! whose fingerprint did not change over from an earlier run instead of recomputing them.
//!
//! **In:** the engine's *unprotected* result table of a run, the fingerprint of every indicator
//! it computed (also those of other areas computed only because a published one reuses them)
//! and the bytes of the release's `manifest.json`. **Out:** a state folder holding
//! `results.parquet` (every row with its true value, counts and interval) and `state.json`
//! (fingerprints, rows dropped while reading, the enheter's kommuner, hashes), read back exactly: floats bit for bit.
//!
//! Why a private file: a public release blanks every confidential cell, yet disclosure control
//! has to run again over the whole linked system with the true counts, so carried-over results
//! must be the unprotected ones. Those are as confidential as the input data, so the state lives
//! with the input data under the definitions root (`.jamfor/state/<release id>/<manifest hash>/`),
//! never in the output folder or inside a release. It is found from the old release's
//! `manifest.json` hash, so a state can only ever be paired with the release it was made with.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use jamfor_engine::{CellKey, DroppedRows, GeoLevel, Kon, ResultRow, ResultTable, Status};
use polars::prelude::*;
use serde::{Deserialize, Serialize};

use crate::hash::sha256_hex;

/// Version of the state layout; a state of another version is not used.
pub const STATE_FORMAT: u32 = 1;

/// Where states are kept, relative to the definitions root.
pub const STATE_FOLDER: &str = ".jamfor/state";

/// One run's state.
#[derive(Debug, Clone, PartialEq)]
pub struct RunState {
    /// The release id.
    pub release_id: String,
    /// The jamfor version that computed it.
    pub tool_version: String,
    /// Fingerprint of every indicator computed, by id.
    pub fingerprints: BTreeMap<String, String>,
    /// The unprotected results, with the rows dropped while reading.
    pub results: ResultTable,
}

/// A state that cannot be written or read: which file, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateError {
    /// The file or folder.
    pub path: PathBuf,
    /// What went wrong.
    pub message: String,
}

impl StateError {
    fn new(path: &Path, message: impl Into<String>) -> Self {
        StateError {
            path: path.to_path_buf(),
            message: message.into(),
        }
    }
}

impl fmt::Display for StateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "run state `{}`: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for StateError {}

/// `state.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct StateFile {
    format: u32,
    release_id: String,
    tool_version: String,
    /// SHA-256 of the release's `manifest.json`: the state belongs to that release only.
    manifest_sha256: String,
    /// SHA-256 of `results.parquet`, checked on reading.
    results_sha256: String,
    fingerprints: BTreeMap<String, String>,
    dropped: Vec<DroppedEntry>,
    /// The kommun of every enhet with results (states written before it was kept lack it).
    #[serde(default)]
    enheter: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct DroppedEntry {
    source: String,
    year: i32,
    reason: String,
    rows: usize,
}

/// The state folder of the release whose `manifest.json` has these bytes.
pub fn state_folder(root: &Path, release_id: &str, manifest_json: &[u8]) -> PathBuf {
    let hash = sha256_hex(manifest_json);
    root.join(STATE_FOLDER).join(release_id).join(&hash[..16])
}

/// The unprotected results as Parquet bytes: encoded before disclosure control takes the table,
/// written by [`write`] once the release is in place.
pub fn encode_results(results: &ResultTable) -> Result<Vec<u8>, StateError> {
    let rows = &results.rows;
    let text = |name: &str, values: Vec<Option<&str>>| Column::new(name.into(), values);
    let number = |name: &str, f: &dyn Fn(&ResultRow) -> Option<f64>| {
        Column::new(
            name.into(),
            rows.iter().map(f).collect::<Vec<Option<f64>>>(),
        )
    };
    let columns = vec![
        text(
            "indicator",
            rows.iter().map(|r| Some(r.indicator.as_str())).collect(),
        ),
        Column::new(
            "year".into(),
            rows.iter().map(|r| r.year).collect::<Vec<i32>>(),
        ),
        text(
            "level",
            rows.iter().map(|r| Some(r.key.level.code())).collect(),
        ),
        text(
            "geo",
            rows.iter().map(|r| Some(r.key.geo.as_str())).collect(),
        ),
        text("kon", rows.iter().map(|r| Some(r.key.kon.code())).collect()),
        text(
            "age_group",
            rows.iter().map(|r| r.key.age_group.as_deref()).collect(),
        ),
        number("value", &|r| r.value),
        number("numerator", &|r| r.numerator),
        number("denominator", &|r| r.denominator),
        number("units", &|r| r.units),
        number("ci_low", &|r| r.ci_low),
        number("ci_high", &|r| r.ci_high),
        text(
            "status",
            rows.iter().map(|r| Some(r.status.code())).collect(),
        ),
    ];
    let unwritable = |e: PolarsError| StateError::new(Path::new("results.parquet"), e.to_string());
    let mut frame = DataFrame::new(rows.len(), columns).map_err(unwritable)?;
    let mut bytes = Vec::new();
    ParquetWriter::new(&mut bytes)
        .with_compression(ParquetCompression::Zstd(None))
        .finish(&mut frame)
        .map_err(unwritable)?;
    Ok(bytes)
}

/// Writes a state into `folder` (replacing an earlier one there): into a temporary sibling
/// first, renamed into place when complete.
pub fn write(
    folder: &Path,
    state: &RunState,
    results_parquet: &[u8],
    manifest_json: &[u8],
) -> Result<(), StateError> {
    let file = StateFile {
        format: STATE_FORMAT,
        release_id: state.release_id.clone(),
        tool_version: state.tool_version.clone(),
        manifest_sha256: sha256_hex(manifest_json),
        results_sha256: sha256_hex(results_parquet),
        fingerprints: state.fingerprints.clone(),
        dropped: state
            .results
            .dropped
            .iter()
            .map(|d| DroppedEntry {
                source: d.source.clone(),
                year: d.year,
                reason: d.reason.clone(),
                rows: d.rows,
            })
            .collect(),
        enheter: state.results.enheter.clone(),
    };
    let parent = folder
        .parent()
        .ok_or_else(|| StateError::new(folder, "has no parent folder"))?;
    std::fs::create_dir_all(parent)
        .map_err(|e| StateError::new(parent, format!("cannot be created: {e}")))?;
    let name = folder
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = parent.join(format!(".{name}.partial"));
    let _ = std::fs::remove_dir_all(&temporary);
    std::fs::create_dir_all(&temporary)
        .map_err(|e| StateError::new(&temporary, format!("cannot be created: {e}")))?;
    let mut json = serde_json::to_string_pretty(&file).unwrap_or_default();
    json.push('\n');
    for (path, bytes) in [
        (temporary.join("results.parquet"), results_parquet),
        (temporary.join("state.json"), json.as_bytes()),
        (temporary.join("README.txt"), README.as_bytes()),
    ] {
        std::fs::write(&path, bytes)
            .map_err(|e| StateError::new(&path, format!("cannot be written: {e}")))?;
    }
    if folder.exists() {
        std::fs::remove_dir_all(folder)
            .map_err(|e| StateError::new(folder, format!("cannot be replaced: {e}")))?;
    }
    std::fs::rename(&temporary, folder)
        .map_err(|e| StateError::new(folder, format!("cannot be put in place: {e}")))
}

const README: &str = "\
CONFIDENTIAL: unprotected results of a jamfor run, before disclosure control.
They let `jamfor run PIPELINE --state RELEASE_FOLDER` recompute only the indicators whose
definitions, inputs, policy or tool version changed. Keep them where the input data is kept;
never publish or share this folder. Deleting it is always safe: the next run computes everything.
";

/// Reads the state in `folder`, checking that it belongs to the release whose `manifest.json`
/// has these bytes and that its results file is intact.
pub fn read(folder: &Path, manifest_json: &[u8]) -> Result<RunState, StateError> {
    let path = folder.join("state.json");
    let text = std::fs::read_to_string(&path)
        .map_err(|e| StateError::new(&path, format!("cannot be read: {e}")))?;
    let file: StateFile = serde_json::from_str(&text)
        .map_err(|e| StateError::new(&path, format!("is not a run state: {e}")))?;
    if file.format != STATE_FORMAT {
        return Err(StateError::new(
            &path,
            format!(
                "has layout {} where this jamfor reads {STATE_FORMAT}",
                file.format
            ),
        ));
    }
    if file.manifest_sha256 != sha256_hex(manifest_json) {
        return Err(StateError::new(
            &path,
            "belongs to another release (its manifest.json hash differs)",
        ));
    }
    let results_path = folder.join("results.parquet");
    let bytes = std::fs::read(&results_path)
        .map_err(|e| StateError::new(&results_path, format!("cannot be read: {e}")))?;
    if sha256_hex(&bytes) != file.results_sha256 {
        return Err(StateError::new(
            &results_path,
            "was changed after it was written (its hash differs from state.json)",
        ));
    }
    let mut results = decode_results(&bytes).map_err(|m| StateError::new(&results_path, m))?;
    results.dropped = file
        .dropped
        .into_iter()
        .map(|d| DroppedRows {
            source: d.source,
            year: d.year,
            reason: d.reason,
            rows: d.rows,
        })
        .collect();
    results.enheter = file.enheter;
    Ok(RunState {
        release_id: file.release_id,
        tool_version: file.tool_version,
        fingerprints: file.fingerprints,
        results,
    })
}

fn decode_results(bytes: &[u8]) -> Result<ResultTable, String> {
    let frame = ParquetReader::new(std::io::Cursor::new(bytes))
        .finish()
        .map_err(|e| format!("is not readable Parquet: {e}"))?;
    let bad = |name: &str, e: PolarsError| format!("column `{name}`: {e}");
    let text = |name: &str| -> Result<StringChunked, String> {
        let column = frame.column(name).map_err(|e| bad(name, e))?;
        column.str().cloned().map_err(|e| bad(name, e))
    };
    let number = |name: &str| -> Result<Float64Chunked, String> {
        let column = frame.column(name).map_err(|e| bad(name, e))?;
        column.f64().cloned().map_err(|e| bad(name, e))
    };
    let indicator = text("indicator")?;
    let year = frame.column("year").map_err(|e| bad("year", e))?;
    let year = year.i32().map_err(|e| bad("year", e))?;
    let (level, geo, kon, age, status) = (
        text("level")?,
        text("geo")?,
        text("kon")?,
        text("age_group")?,
        text("status")?,
    );
    let (value, numerator, denominator, units, ci_low, ci_high) = (
        number("value")?,
        number("numerator")?,
        number("denominator")?,
        number("units")?,
        number("ci_low")?,
        number("ci_high")?,
    );
    let mut rows = Vec::with_capacity(frame.height());
    for i in 0..frame.height() {
        let row = || format!("row {}", i + 1);
        let (Some(id), Some(y)) = (indicator.get(i), year.get(i)) else {
            return Err(format!("{} has no indicator or year", row()));
        };
        let level = level
            .get(i)
            .and_then(geo_level)
            .ok_or_else(|| format!("{}: unknown geography level", row()))?;
        let kon = kon
            .get(i)
            .and_then(kon_of)
            .ok_or_else(|| format!("{}: unknown kön", row()))?;
        let status = status
            .get(i)
            .and_then(status_of)
            .ok_or_else(|| format!("{}: unknown status", row()))?;
        rows.push(ResultRow {
            indicator: id.to_string(),
            year: y,
            key: CellKey {
                level,
                geo: geo.get(i).unwrap_or_default().to_string(),
                kon,
                age_group: age.get(i).map(str::to_string),
            },
            value: value.get(i),
            numerator: numerator.get(i),
            denominator: denominator.get(i),
            units: units.get(i),
            ci_low: ci_low.get(i),
            ci_high: ci_high.get(i),
            status,
        });
    }
    Ok(ResultTable {
        rows,
        ..ResultTable::default()
    })
}

pub(crate) fn geo_level(code: &str) -> Option<GeoLevel> {
    [
        GeoLevel::Riket,
        GeoLevel::Lan,
        GeoLevel::Kommun,
        GeoLevel::Kommungrupp,
        GeoLevel::Stadsdel,
        GeoLevel::Enhet,
        GeoLevel::Liknande,
    ]
    .into_iter()
    .find(|l| l.code() == code)
}

pub(crate) fn kon_of(code: &str) -> Option<Kon> {
    [Kon::T, Kon::K, Kon::M]
        .into_iter()
        .find(|k| k.code() == code)
}

pub(crate) fn status_of(code: &str) -> Option<Status> {
    [
        Status::Value,
        Status::Bortfall,
        Status::NotApplicable,
        Status::Confidential,
    ]
    .into_iter()
    .find(|s| s.code() == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(indicator: &str, geo: &str, value: Option<f64>, age: Option<&str>) -> ResultRow {
        ResultRow {
            indicator: indicator.into(),
            year: 2024,
            key: CellKey {
                level: if geo.len() == 4 {
                    GeoLevel::Kommun
                } else {
                    GeoLevel::Lan
                },
                geo: geo.into(),
                kon: Kon::K,
                age_group: age.map(str::to_string),
            },
            value,
            numerator: value.map(|v| v * 3.0),
            denominator: Some(3.0),
            units: None,
            ci_low: value.map(|v| v - 0.1),
            ci_high: value.map(|v| v + 0.1),
            status: if value.is_some() {
                Status::Value
            } else {
                Status::NotApplicable
            },
        }
    }

    fn state() -> RunState {
        RunState {
            release_id: "r".into(),
            tool_version: "0.1.0".into(),
            fingerprints: [("a".to_string(), "f1".to_string())].into(),
            results: ResultTable {
                rows: vec![
                    row("a", "0114", Some(1.0 / 3.0), None),
                    row("a", "01", None, Some("65-79")),
                    row("b", "0180", Some(f64::MIN_POSITIVE), Some("80-w")),
                ],
                dropped: vec![DroppedRows {
                    source: "s".into(),
                    year: 2024,
                    reason: "unknown kommun code".into(),
                    rows: 2,
                }],
                enheter: [("E0114001".to_string(), "0114".to_string())].into(),
            },
        }
    }

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("jamfor-state-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn a_state_reads_back_exactly() {
        let dir = scratch("roundtrip");
        let s = state();
        let manifest = b"{\"release\": 1}\n";
        let folder = state_folder(&dir, "r", manifest);
        let bytes = encode_results(&s.results).expect("encodes");
        write(&folder, &s, &bytes, manifest).expect("writes");
        assert!(folder.starts_with(dir.join(".jamfor/state/r")));
        assert_eq!(read(&folder, manifest).expect("reads"), s);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_state_is_refused_for_another_release_or_when_altered() {
        let dir = scratch("refused");
        let s = state();
        let manifest = b"{}";
        let folder = state_folder(&dir, "r", manifest);
        let bytes = encode_results(&s.results).expect("encodes");
        write(&folder, &s, &bytes, manifest).expect("writes");
        let other = read(&folder, b"{ }").expect_err("another manifest");
        assert!(other.message.contains("another release"), "{other}");
        std::fs::write(folder.join("results.parquet"), b"altered").expect("writes");
        let altered = read(&folder, manifest).expect_err("altered results");
        assert!(altered.message.contains("was changed"), "{altered}");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
