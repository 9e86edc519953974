//! `having`: whether each person passes a condition over aggregates of their rows.
//!
//! Computed while a source is scanned: the rows kept by the count's `where` — those of the
//! scanned file and, for a `window`, those of the other years' files — are folded into one slot
//! per person (or per person and kommun, with `within = "kommun"`), see [`fold`]. The verdict is added to the
//! scanned rows as a boolean column, so the count that declared the `having` counts the persons of
//! the rows where both `where` and the verdict hold, like any distinct count. Person ids never
//! leave this computation: the verdict is a boolean, the group-by's keys are dropped.

mod fold;
mod groups;

use jamfor_spec::expr::Condition;
use jamfor_spec::manifest::{PersonFilter, PersonValue};
use polars::prelude::*;

use crate::compile::{self, Years};
use crate::error::{DataError, internal};

use fold::{Fold, GROUP, LAST, Piece};
pub(crate) use groups::Groups;

/// One `having` to compute over a scanned source.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct PersonJob {
    /// The boolean column the verdict is added as.
    pub(crate) column: String,
    /// The identifying column grouping the rows.
    pub(crate) id: String,
    /// The count's `where`.
    pub(crate) filter: Option<Condition>,
    /// The `having`, its window and grouping.
    pub(crate) person: PersonFilter,
}

impl PersonJob {
    /// The job of a count with a `having`; the column's name is derived from everything that
    /// decides the verdict, so equal counts share one computation.
    pub(crate) fn new(id: &str, filter: Option<&Condition>, person: &PersonFilter) -> PersonJob {
        let text = format!("{id}\u{1}{filter:?}\u{1}{person:?}");
        PersonJob {
            column: format!("_having_{:016x}", fnv1a(text.as_bytes())),
            id: id.to_string(),
            filter: filter.cloned(),
            person: person.clone(),
        }
    }

    /// The declared columns the job reads besides the person id.
    pub(crate) fn columns(&self) -> impl Iterator<Item = &String> {
        self.filter
            .iter()
            .flat_map(|f| &f.columns)
            .chain(&self.person.having.columns)
    }
}

/// FNV-1a: a stable name for a column, the same in every run and on every machine.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The verdict of `job` for every row of `frame`, the rows of `file_year`'s file; `others` are
/// the rows of the window's other years, read with the same declaration; `groups` numbers them.
pub(crate) fn verdict(
    job: &PersonJob,
    frame: &DataFrame,
    others: &[(i32, DataFrame)],
    groups: &Groups,
    measure_year: i32,
    file_year: i32,
    file: &str,
) -> Result<Column, DataError> {
    let err = |e: PolarsError| internal(file, "computing a `having` per person", &e);
    let own = std::iter::once(Piece {
        year: file_year,
        frame,
        slots: &groups.own,
    });
    let rest = others.iter().filter_map(|(y, f)| {
        groups
            .others
            .iter()
            .find(|(g, _)| g == y)
            .map(|(_, slots)| Piece {
                year: *y,
                frame: f,
                slots,
            })
    });
    let pieces: Vec<Piece<'_>> = own.chain(rest).collect();
    let having = &job.person.having;
    let persons = fold::fold(
        &Fold {
            filter: job.filter.as_ref(),
            aggregates: &having.aggregates,
            measure_year,
            slots: groups.count,
            last_row: false,
        },
        &pieces,
        file,
    )?;
    // The test reads only aggregates; FILE_YEAR outside them is the scanned file's year.
    let years = Years {
        measure: measure_year,
        file: Some(file_year),
    };
    let names: Vec<String> = (0..having.aggregates.len()).map(fold::name).collect();
    let pass = compile::compile(&having.test, years, &names, file)?
        .fill_null(lit(false))
        .alias("_pass");
    let persons = persons
        .lazy()
        .select([col(GROUP), pass])
        .collect()
        .map_err(err)?;
    // Back onto the rows by slot: no join, one lookup per row.
    let mut passes = vec![false; groups.count];
    let numbers = persons.column(GROUP).map_err(err)?.u32().map_err(err)?;
    let verdicts = persons.column("_pass").map_err(err)?;
    let verdicts = verdicts.bool().map_err(err)?;
    for (number, pass) in numbers.iter().zip(verdicts.iter()) {
        if let (Some(number), Some(true)) = (number, pass)
            && let Some(slot) = passes.get_mut(number as usize)
        {
            *slot = true;
        }
    }
    let column: BooleanChunked = groups
        .own
        .iter()
        .map(|&g| passes.get(g as usize).copied().unwrap_or(false))
        .collect();
    Ok(column
        .with_name(job.column.as_str().into())
        .into_series()
        .into_column())
}

/// A mean or median over persons (`per_person`): one value per person, and the one row that
/// places the person.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct ValueJob {
    /// The column the person's value is added as (on every row of the person).
    pub(crate) value_column: String,
    /// The boolean column marking the person's last row kept by `where`: the one that counts.
    pub(crate) placed_column: String,
    /// The measure's `where`.
    pub(crate) filter: Option<Condition>,
    /// The value and the grouping.
    pub(crate) person: PersonValue,
}

impl ValueJob {
    pub(crate) fn new(filter: Option<&Condition>, person: &PersonValue) -> ValueJob {
        let text = format!("{filter:?}\u{1}{person:?}");
        let hash = fnv1a(text.as_bytes());
        ValueJob {
            value_column: format!("_person_value_{hash:016x}"),
            placed_column: format!("_person_row_{hash:016x}"),
            filter: filter.cloned(),
            person: person.clone(),
        }
    }

    /// The declared columns the job reads.
    pub(crate) fn columns(&self) -> impl Iterator<Item = &String> {
        self.filter
            .iter()
            .flat_map(|f| &f.columns)
            .chain(&self.person.value.columns)
            .chain(std::iter::once(&self.person.id))
    }
}

/// The value of `job` for every row of `frame` (the person's value on each of their rows), and
/// whether the row is the person's last row kept by `where` — the row that places the person, so
/// that a person counts once (per kommun with `within`) whatever their number of rows.
pub(crate) fn values(
    job: &ValueJob,
    frame: &DataFrame,
    groups: &Groups,
    year: i32,
    file: &str,
) -> Result<[Column; 2], DataError> {
    let err = |e: PolarsError| internal(file, "computing a value per person", &e);
    let value = &job.person.value;
    let persons = fold::fold(
        &Fold {
            filter: job.filter.as_ref(),
            aggregates: &value.aggregates,
            measure_year: year,
            slots: groups.count,
            last_row: true,
        },
        &[Piece {
            year,
            frame,
            slots: &groups.own,
        }],
        file,
    )?;
    let years = Years {
        measure: year,
        file: Some(year),
    };
    let names: Vec<String> = (0..value.aggregates.len()).map(fold::name).collect();
    let value = compile::compile(&value.test, years, &names, file)?
        .cast(DataType::Float64)
        .alias("_value");
    let persons = persons
        .lazy()
        .select([col(GROUP), value, col(LAST)])
        .collect()
        .map_err(err)?;
    // Back onto the rows by group number: the value on every row of the person, and the mark
    // on the last row kept.
    let mut value_of: Vec<Option<f64>> = vec![None; groups.count];
    let mut last_of: Vec<Option<u64>> = vec![None; groups.count];
    let numbers = persons.column(GROUP).map_err(err)?.u32().map_err(err)?;
    let values = persons.column("_value").map_err(err)?.f64().map_err(err)?;
    let lasts = persons.column(LAST).map_err(err)?.u64().map_err(err)?;
    for ((number, value), last) in numbers.iter().zip(values.iter()).zip(lasts.iter()) {
        if let Some(number) = number.map(|n| n as usize).filter(|n| *n < groups.count) {
            value_of[number] = value;
            last_of[number] = last;
        }
    }
    let on_rows: Float64Chunked = groups
        .own
        .iter()
        .map(|&g| value_of.get(g as usize).copied().flatten())
        .collect();
    let placed: BooleanChunked = groups
        .own
        .iter()
        .enumerate()
        .map(|(row, &g)| last_of.get(g as usize).copied().flatten() == Some(row as u64))
        .collect();
    Ok([
        on_rows
            .with_name(job.value_column.as_str().into())
            .into_series()
            .into_column(),
        placed
            .with_name(job.placed_column.as_str().into())
            .into_series()
            .into_column(),
    ])
}
