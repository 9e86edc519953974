//! The publish stage: what users receive.
//!
//! **In:** a [`Published`] release — the checked definitions, the release, the geography and the
//! protected and assessed results with their colours and analysis support — and the provenance
//! the manifest records (definitions, input files, fingerprints). **Out:** a release folder
//! `<out>/<release-id>/` with `manifest.json`, `parquet/`, `excel/<area>-<year>.xlsx` and, when
//! asked for, `kolada/<indicator>.json`, written into a temporary sibling under the release's lock
//! and renamed into place only when complete, so a failed run never leaves a half-written folder
//! or touches an earlier release.
//!
//! New output formats belong here, beside [`parquet`], [`excel`] and [`kolada`]: they read the same
//! [`Published`] and never see unprotected figures.

pub mod excel;
pub mod folder;
pub mod kolada;
pub mod lock;
pub mod manifest;
pub mod parquet;
mod unit_names;
mod write;

pub use excel::{ExcelError, workbook, workbook_coloured};
pub use lock::{LockError, ReleaseLock};
pub use manifest::Provenance;
pub use write::{ExtraFile, WriteError, write_release};
