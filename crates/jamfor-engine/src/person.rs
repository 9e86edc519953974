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

    fn keys(&self) -> Vec<Expr> {
        let mut keys = vec![col(self.id.as_str())];
        if self.person.within_kommun {
            keys.push(col(role::KOMMUN));
        }
        keys
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
    let or_null = |values: Expr, e: Expr| {
        when(values.count().gt(lit(0)))
            .then(e)
            .otherwise(lit(NULL))
    };
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
            return Err(DataError::file(
                file,
                "internal error: an aggregate without its value",
            )
            .help("this is a bug in jamfor; please report it with the definition"));
        }
    })
}

/// The verdict of `job` for every row of `frame`, the rows of `file_year`'s file; `others` are
/// the rows of the window's other years, read with the same declaration.
pub(crate) fn verdict(
    job: &PersonJob,
    frame: &DataFrame,
    others: &[(i32, DataFrame)],
    measure_year: i32,
    file_year: i32,
    file: &str,
) -> Result<Column, DataError> {
    let err = |e: PolarsError| internal(file, "computing a `having` per person", &e);
    let mut wanted: Vec<Expr> = job.keys();
    let mut names: Vec<&String> = job.person.having.columns.iter().collect();
    names.sort();
    names.dedup();
    wanted.extend(
        names
            .iter()
            .filter(|n| **n != &job.id)
            .map(|n| col(n.as_str())),
    );
    wanted.push(col(FILE_YEAR));
    let mut pieces = Vec::new();
    for (year, rows) in std::iter::once((file_year, frame)).chain(others.iter().map(|(y, f)| (*y, f)))
    {
        let years = Years {
            measure: measure_year,
            file: Some(year),
        };
        let mut lazy = rows
            .clone()
            .lazy()
            .with_column(lit(year).alias(FILE_YEAR));
        if let Some(f) = &job.filter {
            lazy = lazy.filter(compile::expression(f, years, file)?.fill_null(lit(false)));
        }
        pieces.push(lazy.select(wanted.clone()));
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
    let keys = job.keys();
    let mut persons_columns = keys.clone();
    persons_columns.push(pass);
    let persons = rows
        .group_by(keys.clone())
        .agg(aggregates)
        .select(persons_columns);
    let mut args = JoinArgs::new(JoinType::Left);
    args.maintain_order = MaintainOrderJoin::Left;
    let joined = frame
        .clone()
        .lazy()
        .select(keys.clone())
        .join(persons, keys.clone(), keys, args)
        .select([col("_pass").fill_null(lit(false)).alias(job.column.as_str())])
        .collect()
        .map_err(err)?;
    if joined.height() != frame.height() {
        return Err(internal(
            file,
            "computing a `having` per person",
            &PolarsError::ComputeError("the verdicts do not match the rows".into()),
        ));
    }
    joined
        .column(&job.column)
        .cloned()
        .map_err(err)
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

    fn keys(&self) -> Vec<Expr> {
        let mut keys = vec![col(self.person.id.as_str())];
        if self.person.within_kommun {
            keys.push(col(role::KOMMUN));
        }
        keys
    }
}

/// The value of `job` for every row of `frame` (the person's value on each of their rows), and
/// whether the row is the person's last row kept by `where` — the row that places the person, so
/// that a person counts once (per kommun with `within`) whatever their number of rows.
pub(crate) fn values(
    job: &ValueJob,
    frame: &DataFrame,
    year: i32,
    file: &str,
) -> Result<[Column; 2], DataError> {
    let err = |e: PolarsError| internal(file, "computing a value per person", &e);
    let years = Years {
        measure: year,
        file: Some(year),
    };
    let indexed = frame.clone().lazy().with_row_index("_row", None);
    let mut kept = indexed.clone();
    if let Some(f) = &job.filter {
        kept = kept.filter(compile::expression(f, years, file)?.fill_null(lit(false)));
    }
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
    let keys = job.keys();
    let mut per_person = keys.clone();
    per_person.extend([value, col("_last")]);
    let persons = kept.group_by(keys.clone()).agg(aggregates).select(per_person);
    let mut on_rows = keys.clone();
    on_rows.push(col("_row"));
    let mut args = JoinArgs::new(JoinType::Left);
    args.maintain_order = MaintainOrderJoin::Left;
    let joined = indexed
        .select(on_rows)
        .join(persons, keys.clone(), keys, args)
        .select([
            col("_value").alias(job.value_column.as_str()),
            col("_row")
                .eq(col("_last"))
                .fill_null(lit(false))
                .alias(job.placed_column.as_str()),
        ])
        .collect()
        .map_err(err)?;
    if joined.height() != frame.height() {
        return Err(internal(
            file,
            "computing a value per person",
            &PolarsError::ComputeError("the values do not match the rows".into()),
        ));
    }
    Ok([
        joined.column(&job.value_column).map_err(err)?.clone(),
        joined.column(&job.placed_column).map_err(err)?.clone(),
    ])
}
