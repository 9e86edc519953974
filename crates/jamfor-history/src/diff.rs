//! `jamfor diff`: what changed between two release folders, and why.
//!
//! **In:** two release folders as `jamfor run` writes them (`manifest.json` and
//! `parquet/results.parquet`). **Out:** a [`ReleaseDiff`]: which indicators were added or removed;
//! per indicator present in both, how many cells changed value, status (e.g. newly confidential)
//! or colour, its largest moves, and the recorded causes ([`Reason`]) — its definition (which
//! fields), the sources and input files it reads, its disclosure policy, the indicators it reuses,
//! the tool version. Release-wide changes (tool, policies, input files, release definition) are
//! listed once. Two releases made from the same definitions, inputs and tool compare equal.

mod cells;
mod compare;
mod paths;
mod render;
mod shared;
mod view;
mod why;

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

pub use cells::{CellKey, CellValue};
pub use compare::{CellTotals, IndicatorDiff, Move, StatusChange};
pub use render::human;
pub use why::{InputChange, Reason};

/// A value before and after.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change<T> {
    /// Before.
    pub old: T,
    /// After.
    pub new: T,
}

/// Fields of one definition (a policy, a source) that differ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldsChange {
    /// Its id.
    pub id: String,
    /// The differing fields, e.g. `min_count`.
    pub fields: Vec<String>,
}

/// Everything that differs between two releases.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReleaseDiff {
    /// The old release's id.
    pub old_release: String,
    /// The new release's id.
    pub new_release: String,
    /// The jamfor version, when it differs.
    pub tool: Option<Change<String>>,
    /// Fields of the release definition (pipeline) that differ.
    pub release_fields: Vec<String>,
    /// The default disclosure policy, when it differs.
    pub default_policy: Option<Change<String>>,
    /// Policies in both releases whose parameters differ.
    pub policies: Vec<FieldsChange>,
    /// Sources in both releases declared differently.
    pub sources: Vec<FieldsChange>,
    /// Input files that differ.
    pub inputs: Vec<InputChange>,
    /// The years both releases publish.
    pub shared_years: Vec<i32>,
    /// Input files of shared years delivered again with other contents: revised data.
    pub revised_inputs: Vec<InputChange>,
    /// Status transitions of cells in shared years (a cell published in one release and
    /// withheld in the other is known to a reader holding both).
    pub shared_statuses: Vec<StatusChange>,
    /// Cell counts.
    pub cells: CellTotals,
    /// Indicators only in the new release.
    pub indicators_added: Vec<String>,
    /// Indicators only in the old release.
    pub indicators_removed: Vec<String>,
    /// Indicators in both whose cells or recorded causes differ, by id.
    pub indicators: Vec<IndicatorDiff>,
}

impl ReleaseDiff {
    /// Whether nothing differs: same cells, same indicators, same provenance.
    pub fn is_unchanged(&self) -> bool {
        self.tool.is_none()
            && self.release_fields.is_empty()
            && self.default_policy.is_none()
            && self.policies.is_empty()
            && self.sources.is_empty()
            && self.inputs.is_empty()
            && self.cells.changed == 0
            && self.cells.added == 0
            && self.cells.removed == 0
            && self.indicators_added.is_empty()
            && self.indicators_removed.is_empty()
            && self.indicators.is_empty()
    }

    /// Pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }
}

/// A release folder that cannot be compared: which file, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffError {
    /// The file or folder.
    pub path: PathBuf,
    /// What is wrong with it.
    pub message: String,
}

impl DiffError {
    pub(crate) fn new(path: &Path, message: impl Into<String>) -> Self {
        DiffError {
            path: path.to_path_buf(),
            message: message.into(),
        }
    }
}

impl fmt::Display for DiffError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` {}", self.path.display(), self.message)
    }
}

impl std::error::Error for DiffError {}

/// Compares the release folders `old` and `new`.
pub fn compare(old: &Path, new: &Path) -> Result<ReleaseDiff, DiffError> {
    for folder in [old, new] {
        if !folder.is_dir() {
            return Err(DiffError::new(
                folder,
                "is not a folder; give two release folders written by `jamfor run`",
            ));
        }
    }
    let old_manifest = view::read(old)?;
    let new_manifest = view::read(new)?;
    let old_cells = cells::read(old)?;
    let new_cells = cells::read(new)?;
    Ok(compare::releases(
        &old_manifest,
        &old_cells,
        &new_manifest,
        &new_cells,
    ))
}
