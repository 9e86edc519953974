//! The release stage: what users receive.
//!
//! **In:** a checked [`Manifest`], one of its [`Release`]s and the engine's [`ResultTable`].
//! **Out:** a release folder `<out>/<release-id>/` with `manifest.json`, `parquet/` and
//! `excel/<area>-<year>.xlsx`, written into a temporary sibling and renamed into place only when
//! complete, so a failed run never leaves a half-written folder or touches an earlier release.
//!
//! Stages: protection (disclosure control over the whole linked system of each year sets
//! [`jamfor_engine::Status::Confidential`]) → colours → writers.

pub mod analys;
pub mod colour;
pub mod decimals;
pub mod excel;
pub mod few_members;
pub mod interval;

pub use analys::{Analys, analysera};
pub use colour::{Colour, colours};
pub use excel::{ExcelError, workbook, workbook_coloured};

use jamfor_engine::ResultTable;
use jamfor_geo::Geografi;
use jamfor_spec::manifest::{Manifest, Release};

/// Everything a writer reads: the definitions, the release, the geography and the protected
/// results (confidential rows already carry no value, numerator or denominator).
#[derive(Debug, Clone, Copy)]
pub struct Published<'a> {
    /// The checked definitions.
    pub manifest: &'a Manifest,
    /// The release being written.
    pub release: &'a Release,
    /// Kommuner, län and kommungrupper.
    pub geo: &'a Geografi,
    /// The protected result table.
    pub results: &'a ResultTable,
    /// Comparable kommuner and bruttolista ([`analysera`]), when the release carries analysis
    /// support: then `parquet/comparable.parquet`, `parquet/bruttolista.parquet` and each
    /// workbook's Analysstöd sheet are written.
    pub analys: Option<&'a Analys>,
}

mod protect;

pub use protect::{
    ExposedCell, FollowSummary, PrimaryRule, Problem, ProtectError, Protected, ProtectionSummary,
    QaCell, SecondaryRule, Withheld, YearSummary, disclosure_policy, protect_release,
    protect_release_following, protect_release_observed, qa_csv,
};

pub mod definitions;
pub mod fingerprint;
pub mod folder;
mod hash;
pub mod lock;
pub mod manifest;
pub mod parquet;
mod write;

pub use definitions::Definitions;
pub use fingerprint::{InputError, InputFile, hash_inputs, indicator_fingerprints};
pub use hash::{sha256_file, sha256_hex};
pub use lock::{LockError, ReleaseLock};
pub use manifest::{Provenance, ReleaseManifest};
pub use write::{ExtraFile, WriteError, write_release};
pub mod diff;
pub mod earlier;
pub mod following;
pub mod state;
