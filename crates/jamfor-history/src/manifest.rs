//! `manifest.json`: what a release is and what it was made from, as a record.
//!
//! Tool version; hashes of every definition file, input file and output file; the canonical
//! definition and fingerprint of every indicator (what `jamfor diff` and `--state` compare); the
//! disclosure policies; cells by status; rows dropped per source with reasons; the earlier
//! release followed. No clock: the dates come from the pipeline, so the manifest is
//! byte-identical for identical inputs. The writer builds it (`jamfor-publish`); earlier
//! releases are read back through it here.

use std::collections::BTreeMap;

use jamfor_engine::Status;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Version of the manifest layout; bumped when a field changes meaning.
pub const MANIFEST_FORMAT: u32 = 1;

/// The whole manifest.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReleaseManifest {
    /// Layout version ([`MANIFEST_FORMAT`]).
    pub format: u32,
    /// The release.
    pub release: ReleaseInfo,
    /// The tool that wrote it.
    pub tool: Tool,
    /// SHA-256 over all definition files, and per file.
    pub definitions: DefinitionFiles,
    /// Every published indicator.
    pub indicators: BTreeMap<String, IndicatorEntry>,
    /// Every source read: its canonical definition and input files.
    pub sources: BTreeMap<String, SourceEntry>,
    /// Disclosure control.
    pub disclosure: Disclosure,
    /// Result rows by status, per year.
    pub cells: BTreeMap<i32, BTreeMap<String, usize>>,
    /// Rows dropped while reading, per source, year and reason.
    pub dropped_rows: Vec<Dropped>,
    /// The earlier release this one follows, whose pattern its shared years keep.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follows: Option<FollowsEntry>,
    /// SHA-256 and size of every file in the release, by release-relative path (not this file).
    pub outputs: BTreeMap<String, FileHash>,
}

/// Identity of the release.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReleaseInfo {
    /// Id (the folder name).
    pub id: String,
    /// Title.
    pub title: String,
    /// Release year.
    pub year: i32,
    /// History years.
    pub history: Vec<i32>,
    /// Publication date from the pipeline.
    pub published: String,
    /// Areas published.
    pub areas: Vec<String>,
    /// The pipeline file.
    pub pipeline: String,
    /// The pipeline's canonical definition.
    pub definition: Value,
}

/// The tool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tool {
    /// "jamfor".
    pub name: String,
    /// Its version.
    pub version: String,
}

/// Definition files.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DefinitionFiles {
    /// SHA-256 over all of them.
    pub hash: String,
    /// SHA-256 per root-relative path.
    pub files: BTreeMap<String, String>,
}

/// One indicator.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorEntry {
    /// Area id.
    pub area: String,
    /// Fingerprint of everything its results depend on.
    pub fingerprint: String,
    /// Its definition as declared (canonical JSON).
    pub definition: Value,
    /// Sources it reads directly.
    pub sources: Vec<String>,
    /// Indicators it references.
    pub upstream: Vec<String>,
    /// Its disclosure policy.
    pub policy: String,
    /// Where it is defined.
    pub file: String,
}

/// One source.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SourceEntry {
    /// Its definition as declared (canonical JSON).
    pub definition: Value,
    /// Input files by year.
    pub inputs: BTreeMap<i32, InputEntry>,
}

/// One input file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputEntry {
    /// Root-relative path.
    pub path: String,
    /// SHA-256.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
}

/// Disclosure control of the release.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Disclosure {
    /// The release's default policy.
    pub default_policy: String,
    /// Every policy used, as declared.
    pub policies: BTreeMap<String, PolicyEntry>,
}

/// A policy's parameters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PolicyEntry {
    /// Method ("suppression").
    pub method: String,
    /// Smallest publishable non-zero count.
    pub min_count: u64,
    /// Complement rule for shares.
    pub complement: bool,
    /// Smallest publishable number of respondents.
    pub min_respondents: u64,
    /// Smallest denominator of a published share or rate.
    pub min_denominator: Option<u64>,
    /// Zero handling.
    pub zeros: String,
    /// Cap on published decimals.
    pub published_decimals: Option<u8>,
    /// The canonical definition.
    pub definition: Value,
}

/// The earlier release a release follows: which one, exactly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowsEntry {
    /// Its id.
    pub release: String,
    /// Its folder, relative to the definitions root.
    pub folder: String,
    /// SHA-256 of its `manifest.json`.
    pub manifest_sha256: String,
    /// The years both publish.
    pub years: Vec<i32>,
}

/// Rows dropped while reading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dropped {
    /// Source id.
    pub source: String,
    /// Year.
    pub year: i32,
    /// Reason.
    pub reason: String,
    /// Rows.
    pub rows: usize,
}

/// Hash and size of an output file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileHash {
    /// SHA-256.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
}

/// What the manifest is built from besides the published results.
impl ReleaseManifest {
    /// Pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Cells with a status, over all years.
    pub fn cells_with(&self, status: Status) -> usize {
        self.cells
            .values()
            .filter_map(|by| by.get(status.code()))
            .sum()
    }
}
