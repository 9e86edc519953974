//! The compute engine: a checked [`jamfor_spec::Manifest`] and one of its releases in, a
//! [`ResultTable`] out — every indicator for every year, at kommun, län, riket, kommungrupp and
//! unit level, by kön and age group, with a status on every cell.
//!
//! Stages: [`read`] each file once per run (encodings, decimal commas and the declared schema
//! enforced, with errors naming file, line and column; a file that later years read too is kept
//! for them) → `partials` (one pass per source and year computing every additive quantity any
//! indicator needs, summed per kommun × kön × ålder slot, and each person's `having` folded
//! into one slot per person) → `rollup` to every level, with distinct persons and medians
//! counted from the rows per slot and cell → `measure` values, kommungrupper and survey
//! intervals → [`ResultTable`]. A year's sources are scanned, and its indicators evaluated, on two threads.

// A `DataError` (file, sheet, line, column, message, help) is made at most once per run, where
// reading stops: its size on the error path costs nothing worth boxing it for.
#![allow(
    clippy::result_large_err,
    reason = "the error is built once, where a run stops"
)]

mod compile;
mod distinct;
pub mod error;
mod explain;
mod files;
mod groups;
mod hashing;
mod intern;
pub mod interval;
mod layout;
mod measure;
mod median;
mod needs;
mod no_value;
mod parallel;
mod partials;
mod person;
pub mod read;
pub mod result;
mod rollup;
mod run;
mod scan;
mod slots;
mod survey;

pub use error::DataError;
pub use explain::explain;
pub use result::{CellKey, DroppedRows, GeoLevel, Kon, ResultRow, ResultTable, Status};
pub use rollup::RIKET;
pub use run::{indicators_of, run, run_observed, run_selected, selected};
