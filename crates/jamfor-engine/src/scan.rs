//! One source's file for one year, scanned once: every partial sum any indicator needs, each
//! person's `having` and values, and the persons of every column counted distinct, numbered.

use std::sync::Arc;

use jamfor_spec::manifest::Source;
use polars::prelude::DataFrame;

use crate::distinct::Persons;
use crate::error::{DataError, internal};
use crate::intern::numbered;
use crate::needs::Needs;
use crate::partials::{self, Keys, Partials, Request};
use crate::person;
use crate::read;

/// What a scan leaves for the indicators.
#[derive(Debug)]
pub(crate) struct Scan {
    pub(crate) partials: Partials,
    /// The rows, when some indicator computes from them (distinct persons, medians).
    pub(crate) frame: Option<DataFrame>,
    /// Person numbers by column counted distinct.
    pub(crate) persons: Vec<(String, Persons)>,
}

/// One file to scan: `file`, the `year` file of `source`, read to compute `measure_year`;
/// `window` holds the other years' files that a `having` of the unit aggregates over.
#[derive(Debug)]
pub(crate) struct Unit<'a> {
    pub(crate) source: &'a Source,
    pub(crate) year: i32,
    pub(crate) measure_year: i32,
    pub(crate) file: &'a str,
    /// The file's rows, as read.
    pub(crate) rows: Arc<DataFrame>,
    /// The rows of the window's other years.
    pub(crate) window: Vec<(i32, Arc<DataFrame>)>,
}

/// Scans one unit.
///
/// # Errors
/// Only for a bug: the files were read and checked before.
pub(crate) fn scan(
    unit: &Unit<'_>,
    needs: Option<&Needs>,
    requests: &[Request],
    keys: &Keys,
) -> Result<Scan, DataError> {
    let Unit { year, file, .. } = *unit;
    let mut frame = unit.rows.as_ref().clone();
    if let Some(needs) = needs {
        // Persons' `having` and values per person, over this file's rows and those of the
        // window's other years, grouped by numbers given once per grouping.
        let others: Vec<(i32, &polars::prelude::DataFrame)> =
            unit.window.iter().map(|(y, f)| (*y, f.as_ref())).collect();
        let mut groupings: Vec<(&str, bool)> = needs
            .persons
            .iter()
            .map(|j| (j.id.as_str(), j.person.within_kommun))
            .chain(
                needs
                    .values
                    .iter()
                    .map(|j| (j.person.id.as_str(), j.person.within_kommun)),
            )
            .collect();
        groupings.sort_unstable();
        groupings.dedup();
        let mut groups = Vec::new();
        for (id, within) in &groupings {
            groups.push(person::Groups::of(&frame, &others, id, *within, file)?);
        }
        let group_of = |id: &str, within: bool| {
            groupings
                .iter()
                .position(|g| *g == (id, within))
                .unwrap_or_default()
        };
        let mut added = Vec::new();
        for job in &needs.persons {
            let g = group_of(&job.id, job.person.within_kommun);
            let window: Vec<(i32, polars::prelude::DataFrame)> = unit
                .window
                .iter()
                .filter(|(y, _)| {
                    let offset = *y - unit.measure_year;
                    (job.person.window.0..=job.person.window.1).contains(&offset)
                })
                .map(|(y, frame)| (*y, frame.as_ref().clone()))
                .collect();
            added.push(person::verdict(
                job,
                &frame,
                &window,
                &groups[g],
                unit.measure_year,
                year,
                file,
            )?);
        }
        for job in &needs.values {
            let g = group_of(&job.person.id, job.person.within_kommun);
            added.extend(person::values(job, &frame, &groups[g], year, file)?);
        }
        for column in added {
            frame
                .with_column(column)
                .map_err(|e| internal(file, "adding the values of persons", &e))?;
        }
    }
    let partials = partials::compute(&frame, requests, keys, file)?;
    let mut persons = Vec::new();
    for column in needs.iter().flat_map(|n| &n.distinct) {
        let (of_row, count) = numbered(&frame, column, file)?;
        persons.push((column.clone(), Persons { of_row, count }));
    }
    if let Some(needs) = needs.filter(|n| n.rows) {
        frame = read::keeping(&frame, &needs.after_scan)
            .map_err(|e| internal(file, "keeping the columns read after the scan", &e))?;
    }
    Ok(Scan {
        partials,
        frame: needs.is_some_and(|n| n.rows).then_some(frame),
        persons,
    })
}
