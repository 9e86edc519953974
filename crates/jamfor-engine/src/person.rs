//! `having`: whether each person passes a condition over aggregates of their rows.
//!
//! Computed while a source is scanned, as one polars group-by per person (or per person and
//! kommun, with `within = "kommun"`) over the rows kept by the count's `where` — the rows of the
//! scanned file and, for a `window`, those of the other years' files. The verdict is added to the
//! scanned rows as a boolean column, so the count that declared the `having` counts the persons of
//! the rows where both `where` and the verdict hold, like any distinct count. Person ids never
//! leave this computation: the verdict is a boolean, the group-by's keys are dropped.

use jamfor_spec::expr::{Aggregate, AggregateFunction, Condition};
use jamfor_spec::manifest::{PersonFilter, PersonValue};
use polars::prelude::*;

use crate::compile::{self, FILE_YEAR, Years};
use crate::error::{DataError, internal};
use crate::hashing::FastMap;
use crate::intern::NONE;
use crate::read::role;

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

fn aggregate(a: &Aggregate, years: Years, file: &str) -> Result<Expr, DataError> {
    let compile = |r| compile::compile(r, years, &[], file);
    let filter = a
        .filter
        .as_ref()
        .map(compile)
        .transpose()?
        .map(|f| f.fill_null(lit(false)));
    let masked = |e: Expr| match &filter {
        Some(f) => when(f.clone()).then(e).otherwise(lit(NULL)),
        None => e,
    };
    let argument = a.argument.as_ref().map(compile).transpose()?;
    // SQL: an aggregate over no values is NULL, except a count, which is 0.
    let or_null =
        |values: Expr, e: Expr| when(values.count().gt(lit(0))).then(e).otherwise(lit(NULL));
    Ok(match (a.function, argument) {
        (AggregateFunction::Count, None) => match filter {
            Some(f) => f.cast(DataType::Int64).sum(),
            None => len().cast(DataType::Int64),
        },
        (AggregateFunction::Count, Some(x)) if a.distinct => {
            masked(x).drop_nulls().n_unique().cast(DataType::Int64)
        }
        (AggregateFunction::Count, Some(x)) => masked(x).count().cast(DataType::Int64),
        (AggregateFunction::Min, Some(x)) => masked(x).min(),
        (AggregateFunction::Max, Some(x)) => masked(x).max(),
        (AggregateFunction::Avg, Some(x)) => masked(x).cast(DataType::Float64).mean(),
        (AggregateFunction::Sum, Some(x)) => {
            let m = masked(x);
            or_null(m.clone(), m.sum())
        }
        (AggregateFunction::BoolOr, Some(x)) => {
            let m = masked(x);
            or_null(m.clone(), m.any(true))
        }
        (AggregateFunction::BoolAnd, Some(x)) => {
            let m = masked(x);
            or_null(m.clone(), m.all(true))
        }
        (_, None) => {
            return Err(
                DataError::file(file, "internal error: an aggregate without its value")
                    .help("this is a bug in jamfor; please report it with the definition"),
            );
        }
    })
}

/// The group of every row: a number per person (per person and kommun with `within`), given
/// in the order of the scanned file's rows. Rows of the window's other files get the number of
/// the same person, or [`NONE`] when the person has no row in the scanned file: such rows
/// cannot change any verdict the scanned rows need, and are left out.
#[derive(Debug)]
pub(crate) struct Groups {
    /// The scanned file's rows.
    pub(crate) own: Vec<u32>,
    /// The other years' rows, by year.
    pub(crate) others: Vec<(i32, Vec<u32>)>,
    /// How many groups.
    pub(crate) count: usize,
}

/// The kommun of each row when groups are per kommun; one empty kommun for all rows otherwise.
fn kommun_values(kommuner: Option<&StringChunked>) -> Box<dyn Iterator<Item = Option<&str>> + '_> {
    match kommuner {
        Some(k) => Box::new(k.iter()),
        None => Box::new(std::iter::repeat(Some(""))),
    }
}

fn texts(frame: &DataFrame, column: &str, file: &str) -> Result<StringChunked, DataError> {
    crate::intern::text(frame, column, file)
}

impl Groups {
    /// Numbers the groups of `id` (and kommun, when `within`) over `frame`, then `others`.
    pub(crate) fn of(
        frame: &DataFrame,
        others: &[(i32, &DataFrame)],
        id: &str,
        within: bool,
        file: &str,
    ) -> Result<Groups, DataError> {
        let ids = texts(frame, id, file)?;
        let kommuner = if within {
            Some(texts(frame, role::KOMMUN, file)?)
        } else {
            None
        };
        let mut numbers: FastMap<(&str, &str), u32> =
            FastMap::with_capacity_and_hasher(ids.len() / 4 + 16, Default::default());
        let mut own = Vec::with_capacity(ids.len());
        // Registers list a person's rows together (a row a month): most rows repeat the key of
        // the row before and need no hashing.
        let mut last: Option<((&str, &str), u32)> = None;
        for (person, kommun) in ids.iter().zip(kommun_values(kommuner.as_ref())) {
            let number = match (person, kommun) {
                (Some(person), Some(kommun)) => match last {
                    Some((key, number)) if key == (person, kommun) => number,
                    _ => {
                        let next = u32::try_from(numbers.len()).unwrap_or(NONE);
                        let number = *numbers.entry((person, kommun)).or_insert(next);
                        last = Some(((person, kommun), number));
                        number
                    }
                },
                _ => NONE,
            };
            own.push(number);
        }
        let mut other_numbers = Vec::new();
        for (year, other) in others {
            let ids = texts(other, id, file)?;
            let kommuner = if within {
                Some(texts(other, role::KOMMUN, file)?)
            } else {
                None
            };
            let mut list = Vec::with_capacity(ids.len());
            let mut last: Option<((&str, &str), u32)> = None;
            for (person, kommun) in ids.iter().zip(kommun_values(kommuner.as_ref())) {
                let number = match (person, kommun) {
                    (Some(person), Some(kommun)) => match last {
                        Some((key, number)) if key == (person, kommun) => number,
                        _ => {
                            let number = numbers.get(&(person, kommun)).copied().unwrap_or(NONE);
                            last = Some(((person, kommun), number));
                            number
                        }
                    },
                    _ => NONE,
                };
                list.push(number);
            }
            other_numbers.push((*year, list));
        }
        Ok(Groups {
            own,
            others: other_numbers,
            count: numbers.len(),
        })
    }
}

const GROUP: &str = "_group";

fn with_groups(frame: &DataFrame, groups: &[u32]) -> LazyFrame {
    let column = UInt32Chunked::from_vec(GROUP.into(), groups.to_vec()).into_column();
    let mut frame = frame.clone();
    // The frame and its groups have the same height by construction.
    let _ = frame.with_column(column);
    frame.lazy()
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
    let mut names: Vec<&String> = job
        .person
        .having
        .columns
        .iter()
        .filter(|n| **n != job.id)
        .collect();
    names.sort();
    names.dedup();
    let mut wanted: Vec<Expr> = vec![col(GROUP), col(FILE_YEAR)];
    wanted.extend(names.iter().map(|n| col(n.as_str())));
    let mut pieces = Vec::new();
    let own = std::iter::once((file_year, frame, groups.own.as_slice()));
    let rest = others.iter().filter_map(|(y, f)| {
        groups
            .others
            .iter()
            .find(|(g, _)| g == y)
            .map(|(_, numbers)| (*y, f, numbers.as_slice()))
    });
    for (year, rows, numbers) in own.chain(rest) {
        let years = Years {
            measure: measure_year,
            file: Some(year),
        };
        let mut keep = col(GROUP).neq(lit(NONE));
        if let Some(f) = &job.filter {
            keep = keep.and(compile::expression(f, years, file)?.fill_null(lit(false)));
        }
        pieces.push(
            with_groups(rows, numbers)
                .with_column(lit(year).alias(FILE_YEAR))
                .filter(keep)
                .select(wanted.clone()),
        );
    }
    let rows = if pieces.len() == 1 {
        pieces.remove(0)
    } else {
        concat(&pieces, UnionArgs::default()).map_err(err)?
    };
    // Rows of several files are told apart by the column, not by a literal.
    let years = Years {
        measure: measure_year,
        file: if others.is_empty() {
            Some(file_year)
        } else {
            None
        },
    };
    let mut aggregates = Vec::new();
    let mut agg_names = Vec::new();
    for (k, a) in job.person.having.aggregates.iter().enumerate() {
        let name = format!("_agg{k}");
        aggregates.push(aggregate(a, years, file)?.alias(name.as_str()));
        agg_names.push(name);
    }
    let pass = compile::compile(&job.person.having.test, years, &agg_names, file)?
        .fill_null(lit(false))
        .alias("_pass");
    let persons = rows
        .group_by([col(GROUP)])
        .agg(aggregates)
        .select([col(GROUP), pass])
        .collect()
        .map_err(err)?;
    // Back onto the rows by group number: no join, one lookup per row.
    let mut passes = vec![false; groups.count];
    let numbers = persons.column(GROUP).map_err(err)?.u32().map_err(err)?;
    let verdicts = persons.column("_pass").map_err(err)?.bool().map_err(err)?;
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
    let years = Years {
        measure: year,
        file: Some(year),
    };
    let mut keep = col(GROUP).neq(lit(NONE));
    if let Some(f) = &job.filter {
        keep = keep.and(compile::expression(f, years, file)?.fill_null(lit(false)));
    }
    let kept = with_groups(frame, &groups.own)
        .with_row_index("_row", None)
        .filter(keep);
    let mut aggregates = vec![col("_row").max().alias("_last")];
    let mut agg_names = Vec::new();
    for (k, a) in job.person.value.aggregates.iter().enumerate() {
        let name = format!("_agg{k}");
        aggregates.push(aggregate(a, years, file)?.alias(name.as_str()));
        agg_names.push(name);
    }
    let value = compile::compile(&job.person.value.test, years, &agg_names, file)?
        .cast(DataType::Float64)
        .alias("_value");
    let persons = kept
        .group_by([col(GROUP)])
        .agg(aggregates)
        .select([col(GROUP), value, col("_last").cast(DataType::UInt64)])
        .collect()
        .map_err(err)?;
    // Back onto the rows by group number: the value on every row of the person, and the mark
    // on the last row kept.
    let mut value_of: Vec<Option<f64>> = vec![None; groups.count];
    let mut last_of: Vec<Option<u64>> = vec![None; groups.count];
    let numbers = persons.column(GROUP).map_err(err)?.u32().map_err(err)?;
    let values = persons.column("_value").map_err(err)?.f64().map_err(err)?;
    let lasts = persons.column("_last").map_err(err)?.u64().map_err(err)?;
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
