//! The release stage: what users receive.
//!
//! **In:** a checked [`Manifest`], one of its [`Release`]s and the engine's [`ResultTable`].
//! **Out:** a release folder `<out>/<release-id>/` with `manifest.json`, `parquet/` and
//! `excel/<area>-<year>.xlsx`, written into a temporary sibling and renamed into place only when
//! complete, so a failed run never leaves a half-written folder or touches an earlier release.
//!
//! Stages: protection (disclosure control over the whole linked system of each year sets
//! [`jamfor_engine::Status::Confidential`]) → colours → writers.

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
}

pub mod diff;
