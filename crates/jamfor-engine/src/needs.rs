//! What the indicators of a release need from each source: the declared columns they read (the
//! rest is checked when read, then not kept), and whether the rows are needed after the partial
//! sums (distinct counts and medians are computed from rows; everything else from the sums).

use std::collections::{BTreeMap, BTreeSet};

use jamfor_spec::expr::Condition;
use jamfor_spec::manifest::{Count, Indicator, Measure};

use crate::person::{PersonJob, ValueJob};

/// The key a source read for a year is kept under: the source id for the year computed,
/// `id@-1` for the previous year's file (a count with `year = -1`).
pub(crate) fn unit(source: &str, offset: i32) -> String {
    if offset == 0 {
        source.to_string()
    } else {
        format!("{source}@{offset:+}")
    }
}

/// One source's needs for one year's file (a *unit*, see [`unit`]).
#[derive(Debug, Default)]
pub(crate) struct Needs {
    /// The source.
    pub(crate) source: String,
    /// The year of the file, relative to the year computed.
    pub(crate) offset: i32,
    /// Every `having` computed over the rows while they are scanned.
    pub(crate) persons: Vec<PersonJob>,
    /// Every value per person (a mean or median `per_person`) computed while scanned.
    pub(crate) values: Vec<ValueJob>,
    /// Declared columns read by some indicator.
    pub(crate) columns: BTreeSet<String>,
    /// Whether some indicator computes from the rows rather than the partial sums.
    pub(crate) rows: bool,
    /// Columns whose distinct values some indicator counts (person ids).
    pub(crate) distinct: BTreeSet<String>,
    /// Declared columns read from the rows after the scan: the conditions of distinct counts
    /// and medians, and the columns medians are taken of. Person ids are numbered during the
    /// scan and not needed after it (in a national register they are half the memory kept).
    pub(crate) after_scan: BTreeSet<String>,
}

impl Needs {
    /// The relative years of the files read besides this unit's own, for windows of `having`.
    pub(crate) fn window_offsets(&self) -> BTreeSet<i32> {
        self.persons
            .iter()
            .flat_map(|p| p.person.window.0..=p.person.window.1)
            .filter(|y| *y != self.offset)
            .collect()
    }
}

/// The needs of `indicators`, by unit.
pub(crate) fn of(indicators: &[&Indicator]) -> BTreeMap<String, Needs> {
    let mut out: BTreeMap<String, Needs> = BTreeMap::new();
    let mut distincts: Vec<(String, &String)> = Vec::new();
    let mut after_scan: Vec<(String, Vec<&String>)> = Vec::new();
    let mut persons: Vec<(String, PersonJob)> = Vec::new();
    let mut values: Vec<(String, ValueJob)> = Vec::new();
    let mut add = |source: &str,
                   offset: i32,
                   columns: &[&str],
                   conditions: &[Option<&Condition>],
                   rows: bool| {
        let needs = out.entry(unit(source, offset)).or_insert_with(|| Needs {
            source: source.to_string(),
            offset,
            ..Needs::default()
        });
        needs.rows |= rows;
        needs
            .columns
            .extend(columns.iter().map(|c| (*c).to_string()));
        for condition in conditions.iter().flatten() {
            needs.columns.extend(condition.columns.iter().cloned());
        }
    };
    for indicator in indicators {
        let counts = indicator.measure.counts();
        for c in counts {
            if let Count::Source {
                source,
                filter,
                sum,
                distinct,
                year,
                person,
            } = c
            {
                let key = unit(source, *year);
                let columns: Vec<&str> = sum.iter().chain(distinct).map(String::as_str).collect();
                add(
                    source,
                    *year,
                    &columns,
                    &[filter.as_ref()],
                    distinct.is_some(),
                );
                if let Some(column) = distinct {
                    distincts.push((key.clone(), column));
                    after_scan.push((
                        key.clone(),
                        filter.iter().flat_map(|f| &f.columns).collect(),
                    ));
                    if let Some(p) = person {
                        persons.push((key, PersonJob::new(column, filter.as_ref(), p)));
                    }
                }
            }
        }
        match &indicator.measure {
            Measure::Count(_) | Measure::Share { .. } | Measure::Rate { .. } => {}
            Measure::Mean {
                source,
                value,
                filter,
                per_person,
            } => {
                add(source, 0, &[], &[Some(value), filter.as_ref()], false);
                if let Some(p) = per_person {
                    values.push((source.clone(), ValueJob::new(filter.as_ref(), p)));
                }
            }
            Measure::Median {
                source,
                value,
                filter,
                per_person,
            } => {
                add(source, 0, &[], &[Some(value), filter.as_ref()], true);
                let mut columns: Vec<&String> = filter.iter().flat_map(|f| &f.columns).collect();
                columns.extend(&value.columns);
                after_scan.push((source.clone(), columns));
                if let Some(p) = per_person {
                    values.push((source.clone(), ValueJob::new(filter.as_ref(), p)));
                }
            }
            Measure::YesNo {
                source,
                yes,
                answered,
            }
            | Measure::ShareYes {
                source,
                yes,
                answered,
                ..
            } => add(source, 0, &[], &[Some(yes), answered.as_ref()], false),
            Measure::Index {
                source,
                items,
                answered,
            } => {
                let mut conditions: Vec<Option<&Condition>> =
                    items.iter().map(|(c, _)| Some(c)).collect();
                conditions.push(answered.as_ref());
                add(source, 0, &[], &conditions, false);
            }
            Measure::SurveyShare {
                source,
                filter,
                positive,
                answered,
                ..
            } => add(
                source,
                0,
                &[],
                &[filter.as_ref(), Some(positive), answered.as_ref()],
                false,
            ),
            Measure::ResponseRate {
                source,
                filter,
                responded,
            } => add(source, 0, &[], &[filter.as_ref(), Some(responded)], false),
        }
    }
    for (key, columns) in after_scan {
        if let Some(needs) = out.get_mut(&key) {
            needs.after_scan.extend(columns.into_iter().cloned());
        }
    }
    for (key, column) in distincts {
        if let Some(needs) = out.get_mut(&key) {
            needs.distinct.insert(column.clone());
        }
    }
    for (key, job) in persons {
        if let Some(needs) = out.get_mut(&key) {
            needs.columns.extend(job.columns().cloned());
            // The verdict is read with the rows after the scan.
            needs.after_scan.insert(job.column.clone());
            if !needs.persons.contains(&job) {
                needs.persons.push(job);
            }
        }
    }
    for (key, job) in values {
        if let Some(needs) = out.get_mut(&key) {
            needs.columns.extend(job.columns().cloned());
            needs.after_scan.insert(job.value_column.clone());
            needs.after_scan.insert(job.placed_column.clone());
            if !needs.values.contains(&job) {
                needs.values.push(job);
            }
        }
    }
    out
}
