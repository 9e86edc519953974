//! The earlier release a release follows, read back from its folder and its private state.
//!
//! **In:** the definitions root and the folder named by `follows` (root-relative).
//! **Out:** an [`Earlier`]: its manifest, what it published (`parquet/results.parquet`: a
//! reader's knowledge) and the true counts its run kept in the private state (see
//! [`crate::state`]), or an [`EarlierError`] naming the file and what to do.
//!
//! Both are needed. What was published says which cells stay published and which stay
//! withheld; the true counts say whether a cell's data changed since (only an unchanged cell
//! keeps its earlier status), and give the figures of the earlier release that the audit
//! combines with this one's: a reader holding both releases knows both.

use std::fmt;
use std::path::{Path, PathBuf};

use jamfor_engine::{CellKey, ResultRow, ResultTable};
use polars::prelude::*;

use crate::hash::sha256_hex;
use crate::manifest::ReleaseManifest;
use crate::state;

/// The earlier release, as read.
#[derive(Debug, Clone)]
pub struct Earlier {
    /// The folder, as declared (root-relative), for messages.
    pub folder: String,
    /// Its `manifest.json`.
    pub manifest: ReleaseManifest,
    /// SHA-256 of its `manifest.json`: which earlier release, exactly, was followed.
    pub manifest_sha256: String,
    /// The rows it published.
    pub published: ResultTable,
    /// The unprotected rows its run computed, from the private state.
    pub truth: ResultTable,
}

/// An earlier release that cannot be followed: which file or folder, why, and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EarlierError {
    /// The file or folder.
    pub path: PathBuf,
    /// What is wrong, and what to do about it.
    pub message: String,
}

impl EarlierError {
    pub(crate) fn new(path: &Path, message: impl Into<String>) -> Self {
        EarlierError {
            path: path.to_path_buf(),
            message: message.into(),
        }
    }
}

impl fmt::Display for EarlierError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the earlier release `{}` cannot be followed: {}",
            self.path.display(),
            self.message
        )
    }
}

impl std::error::Error for EarlierError {}

/// Reads the release in `root/folder` and the private state its run left under `root`.
///
/// # Errors
/// A folder that is missing or no release, a results file changed since the release was
/// written, or no private state for it.
pub fn read(root: &Path, folder: &str) -> Result<Earlier, EarlierError> {
    let dir = root.join(folder);
    let shown = Path::new(folder);
    if !dir.is_dir() {
        return Err(EarlierError::new(
            shown,
            "there is no such folder under the definitions root; copy the published release \
             there (as `jamfor run` wrote it), or correct `follows`",
        ));
    }
    let manifest_path = dir.join("manifest.json");
    let bytes = std::fs::read(&manifest_path).map_err(|e| {
        EarlierError::new(
            &shown.join("manifest.json"),
            format!(
                "cannot be read ({e}); `follows` must name a release folder written by `jamfor run`"
            ),
        )
    })?;
    let manifest: ReleaseManifest = serde_json::from_slice(&bytes).map_err(|e| {
        EarlierError::new(
            &shown.join("manifest.json"),
            format!("is not a release manifest of this jamfor ({e})"),
        )
    })?;
    let results_name = "parquet/results.parquet";
    let results_path = dir.join(results_name);
    let results = std::fs::read(&results_path).map_err(|e| {
        EarlierError::new(
            &shown.join(results_name),
            format!(
                "cannot be read ({e}); the release was written without Parquet or is incomplete"
            ),
        )
    })?;
    let recorded = manifest
        .outputs
        .get(results_name)
        .map(|f| f.sha256.as_str());
    if recorded != Some(sha256_hex(&results).as_str()) {
        return Err(EarlierError::new(
            &shown.join(results_name),
            "differs from the file its manifest.json records; restore the release as published",
        ));
    }
    let published =
        decode_published(&results).map_err(|m| EarlierError::new(&shown.join(results_name), m))?;
    let state_dir = state::state_folder(root, &manifest.release.id, &bytes);
    if !state_dir.join("state.json").is_file() {
        return Err(EarlierError::new(
            shown,
            format!(
                "its private state is not under `{}/{}/`: it holds the true counts of the cells \
                 that release withheld, without which its pattern cannot be kept safely. Run its \
                 pipeline (`{}`) again from this definitions root, with its inputs, to recreate \
                 release and state byte for byte, and copy the state here",
                state::STATE_FOLDER,
                manifest.release.id,
                manifest.release.pipeline
            ),
        ));
    }
    let truth = state::read(&state_dir, &bytes)
        .map_err(|e| EarlierError::new(&e.path, format!("its private state: {}", e.message)))?
        .results;
    Ok(Earlier {
        folder: folder.to_string(),
        manifest,
        manifest_sha256: sha256_hex(&bytes),
        published,
        truth,
    })
}

/// The public `results.parquet` as result rows (`respondents` is the row's units).
fn decode_published(bytes: &[u8]) -> Result<ResultTable, String> {
    let frame = ParquetReader::new(std::io::Cursor::new(bytes))
        .finish()
        .map_err(|e| format!("is not readable Parquet: {e}"))?;
    let bad = |name: &str, e: PolarsError| format!("has no readable column `{name}`: {e}");
    let text = |name: &str| -> Result<StringChunked, String> {
        let column = frame.column(name).map_err(|e| bad(name, e))?;
        column.str().cloned().map_err(|e| bad(name, e))
    };
    let number = |name: &str| -> Result<Float64Chunked, String> {
        let column = frame.column(name).map_err(|e| bad(name, e))?;
        let cast = column.cast(&DataType::Float64).map_err(|e| bad(name, e))?;
        cast.f64().cloned().map_err(|e| bad(name, e))
    };
    let indicator = text("indicator_id")?;
    let period = frame.column("period").map_err(|e| bad("period", e))?;
    let period = period.i32().map_err(|e| bad("period", e))?;
    let (level, geo, kon, age, status) = (
        text("geo_level")?,
        text("geo_code")?,
        text("gender")?,
        text("age_group")?,
        text("status")?,
    );
    let (value, numerator, denominator, units) = (
        number("value")?,
        number("numerator")?,
        number("denominator")?,
        number("respondents")?,
    );
    let mut rows = Vec::with_capacity(frame.height());
    for i in 0..frame.height() {
        let row = || format!("row {}", i + 1);
        let (Some(id), Some(year)) = (indicator.get(i), period.get(i)) else {
            return Err(format!("{} has no indicator_id or period", row()));
        };
        let (Some(level), Some(kon), Some(status)) = (
            level.get(i).and_then(state::geo_level),
            kon.get(i).and_then(state::kon_of),
            status.get(i).and_then(state::status_of),
        ) else {
            return Err(format!("{}: unknown geo_level, gender or status", row()));
        };
        rows.push(ResultRow {
            indicator: id.to_string(),
            year,
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
            ci_low: None,
            ci_high: None,
            status,
        });
    }
    Ok(ResultTable {
        rows,
        ..ResultTable::default()
    })
}
