//! One source for one year, scanned once: read and checked against its declaration, every partial
//! sum any indicator needs, and the persons of every column counted distinct, numbered.

use std::path::Path;

use jamfor_spec::manifest::Source;

use crate::distinct::Persons;
use crate::error::{DataError, internal};
use crate::intern::numbered;
use crate::needs::Needs;
use crate::partials::{self, Keys, Partials, Request};
use crate::read::{self, Dropped, SourceFrame};

/// What a scan leaves for the indicators.
#[derive(Debug)]
pub(crate) struct Scan {
    pub(crate) partials: Partials,
    /// The rows, when some indicator computes from them (distinct persons, medians).
    pub(crate) frame: Option<SourceFrame>,
    /// Person numbers by column counted distinct.
    pub(crate) persons: Vec<(String, Persons)>,
    /// Rows dropped under `invalid_rows = "drop"`.
    pub(crate) dropped: Vec<Dropped>,
}

/// Scans `file` as `source` for `year`.
///
/// # Errors
/// The first data problem in the file, naming line and column.
pub(crate) fn scan(
    root: &Path,
    source: &Source,
    year: i32,
    file: &str,
    needs: Option<&Needs>,
    requests: &[Request],
    keys: &Keys,
) -> Result<Scan, DataError> {
    let mut frame = read::read_source(root, source, year, file, needs.map(|n| &n.columns))?;
    let partials = partials::compute(&frame.frame, requests, keys, file)?;
    let mut persons = Vec::new();
    for column in needs.iter().flat_map(|n| &n.distinct) {
        let (of_row, count) = numbered(&frame.frame, column, file)?;
        persons.push((column.clone(), Persons { of_row, count }));
    }
    if let Some(needs) = needs.filter(|n| n.rows) {
        frame.frame = read::keeping(&frame.frame, &needs.after_scan)
            .map_err(|e| internal(file, "keeping the columns read after the scan", &e))?;
    }
    let dropped = std::mem::take(&mut frame.dropped);
    Ok(Scan {
        partials,
        frame: needs.is_some_and(|n| n.rows).then_some(frame),
        persons,
        dropped,
    })
}
