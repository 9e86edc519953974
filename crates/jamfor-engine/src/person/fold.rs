//! The aggregates of a `having` (and of a value per person) folded straight into one slot per
//! person. The rows are already numbered by person ([`super::Groups`]), so no group-by has to
//! hash them again, and the rows of each year's file are computed where they are instead of being
//! concatenated first: polars computes every row's `where`, `FILTER` and argument, vectorised,
//! and this module adds each row into its person's slot.
//!
//! SQL's rules hold as in a group-by: `COUNT(*)` counts rows, `COUNT(x)` the rows where `x` is
//! not null, `COUNT(DISTINCT x)` the distinct non-null values; `MIN`, `MAX`, `SUM`, `AVG`,
//! `BOOL_OR` and `BOOL_AND` ignore nulls and are null over no values. A person with no row kept
//! by `where` has no slot in the result.

use jamfor_spec::expr::{Aggregate, AggregateFunction, Condition};
use polars::prelude::*;

use crate::compile::{self, Years};
use crate::error::{DataError, internal};
use crate::hashing::FastMap;
use crate::intern::NONE;

/// The column of person slots in the result.
pub(crate) const GROUP: &str = "_group";
/// The column of each person's last kept row of the first piece, when asked for.
pub(crate) const LAST: &str = "_last";

/// The rows of one file and the person slot of each row ([`NONE`]: no person needed).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Piece<'a> {
    pub(crate) year: i32,
    pub(crate) frame: &'a DataFrame,
    pub(crate) slots: &'a [u32],
}

/// What to fold: the rows kept by `filter`, into `slots` slots.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fold<'a> {
    pub(crate) filter: Option<&'a Condition>,
    pub(crate) aggregates: &'a [Aggregate],
    pub(crate) measure_year: i32,
    pub(crate) slots: usize,
    /// Whether to give each slot's last kept row of the first piece ([`LAST`]).
    pub(crate) last_row: bool,
}

/// The name of aggregate `k`'s column in the result.
pub(crate) fn name(k: usize) -> String {
    format!("_agg{k}")
}

/// One slot per person with a kept row: [`GROUP`], every aggregate as [`name`]`(k)`, and [`LAST`]
/// when asked for.
///
/// # Errors
/// Only for a bug: everything folded was checked.
pub(crate) fn fold(
    fold: &Fold<'_>,
    pieces: &[Piece<'_>],
    file: &str,
) -> Result<DataFrame, DataError> {
    let evaluated = pieces
        .iter()
        .map(|p| Evaluated::of(fold, p, file))
        .collect::<Result<Vec<_>, _>>()?;
    let mut present = vec![false; fold.slots];
    for e in &evaluated {
        for &slot in &e.kept {
            if slot != NONE {
                present[slot as usize] = true;
            }
        }
    }
    let mut columns = Vec::new();
    for (k, aggregate) in fold.aggregates.iter().enumerate() {
        let values = unify(&evaluated, k, file)?;
        let mut accumulator = Accumulator::new(aggregate, &values, fold.slots);
        for (e, v) in evaluated.iter().zip(&values) {
            visit(e, k, v, |slot, value| accumulator.add(slot, value));
        }
        let series = accumulator.finish(&present, name(k).as_str(), &values, file)?;
        columns.push(series.into_column());
    }
    if fold.last_row {
        let mut last: Vec<Option<u64>> = vec![None; fold.slots];
        if let Some(first) = evaluated.first() {
            for (row, &slot) in first.kept.iter().enumerate() {
                if slot != NONE {
                    last[slot as usize] = Some(row as u64);
                }
            }
        }
        let column: UInt64Chunked = kept_slots(&present).map(|s| last[s]).collect();
        columns.push(column.with_name(LAST.into()).into_column());
    }
    let groups: UInt32Chunked = kept_slots(&present)
        .map(|s| Some(u32::try_from(s).unwrap_or(NONE)))
        .collect();
    let height = groups.len();
    columns.insert(0, groups.with_name(GROUP.into()).into_column());
    DataFrame::new(height, columns).map_err(|e| internal(file, "folding aggregates per person", &e))
}

fn kept_slots(present: &[bool]) -> impl Iterator<Item = usize> + '_ {
    present
        .iter()
        .enumerate()
        .filter(|(_, p)| **p)
        .map(|(s, _)| s)
}

/// One file's rows as polars computed them: the slot of every kept row, and each aggregate's
/// `FILTER` and argument.
struct Evaluated {
    /// The slot of each row kept by `where`; [`NONE`] for the others.
    kept: Vec<u32>,
    /// Per aggregate: whether each row passes its `FILTER` (`None`: every row).
    masks: Vec<Option<Vec<bool>>>,
    /// Per aggregate: its argument (`None`: `COUNT(*)`).
    arguments: Vec<Option<Column>>,
}

impl Evaluated {
    fn of(fold: &Fold<'_>, piece: &Piece<'_>, file: &str) -> Result<Evaluated, DataError> {
        let err = |e: PolarsError| internal(file, "computing the rows of persons", &e);
        // Rows of one file: FILE_YEAR is that file's year, a constant.
        let years = Years {
            measure: fold.measure_year,
            file: Some(piece.year),
        };
        let compile = |r| compile::compile(r, years, &[], file);
        let mut exprs = Vec::new();
        if let Some(f) = fold.filter {
            exprs.push(compile::expression(f, years, file)?.alias("_keep"));
        }
        for (k, a) in fold.aggregates.iter().enumerate() {
            if let Some(f) = &a.filter {
                exprs.push(compile(f)?.alias(format!("_filter{k}")));
            }
            if let Some(x) = &a.argument {
                exprs.push(compile(x)?.alias(format!("_argument{k}")));
            }
        }
        let height = piece.frame.height();
        let computed = if exprs.is_empty() {
            DataFrame::empty()
        } else {
            piece
                .frame
                .clone()
                .lazy()
                .select(exprs)
                .collect()
                .map_err(err)?
        };
        // A constant (a `FILTER` on FILE_YEAR, say) comes back as one value: spread it.
        let column = |name: &str| -> Result<Option<Column>, DataError> {
            match computed.column(name) {
                Ok(c) if c.len() == height => Ok(Some(c.clone())),
                Ok(c) => Ok(Some(c.new_from_index(0, height))),
                Err(_) => Ok(None),
            }
        };
        let truth = |c: Option<Column>| -> Result<Option<Vec<bool>>, DataError> {
            c.map(|c| {
                let b = c.cast(&DataType::Boolean).map_err(err)?;
                Ok(b.bool()
                    .map_err(err)?
                    .iter()
                    .map(|v| v == Some(true))
                    .collect())
            })
            .transpose()
        };
        let keep = truth(column("_keep")?)?;
        let kept = piece
            .slots
            .iter()
            .enumerate()
            .map(|(row, &slot)| match &keep {
                Some(keep) if !keep[row] => NONE,
                _ => slot,
            })
            .collect();
        let mut masks = Vec::new();
        let mut arguments = Vec::new();
        for k in 0..fold.aggregates.len() {
            masks.push(truth(column(&format!("_filter{k}"))?)?);
            arguments.push(column(&format!("_argument{k}"))?);
        }
        Ok(Evaluated {
            kept,
            masks,
            arguments,
        })
    }
}

/// An argument's values, one kind for all pieces.
enum Values {
    Star,
    Int(Int64Chunked, DataType),
    Float(Float64Chunked),
    Bool(BooleanChunked),
    Text(StringChunked),
}

/// Aggregate `k`'s argument in every piece as one kind: integers (dates are day numbers) unless
/// some piece holds decimals.
fn unify(evaluated: &[Evaluated], k: usize, file: &str) -> Result<Vec<Values>, DataError> {
    let err = |e: PolarsError| internal(file, "typing an aggregate's values", &e);
    let dtypes: Vec<Option<&DataType>> = evaluated
        .iter()
        .map(|e| e.arguments[k].as_ref().map(Column::dtype))
        .collect();
    let float = dtypes.iter().flatten().any(|d| d.is_float());
    let text = dtypes.iter().flatten().any(|d| d.is_string());
    let boolean = dtypes.iter().flatten().all(|d| d.is_bool());
    evaluated
        .iter()
        .map(|e| {
            let Some(c) = &e.arguments[k] else {
                return Ok(Values::Star);
            };
            Ok(if text {
                Values::Text(
                    c.cast(&DataType::String)
                        .map_err(err)?
                        .str()
                        .map_err(err)?
                        .clone(),
                )
            } else if float {
                Values::Float(
                    c.cast(&DataType::Float64)
                        .map_err(err)?
                        .f64()
                        .map_err(err)?
                        .clone(),
                )
            } else if boolean {
                Values::Bool(c.bool().map_err(err)?.clone())
            } else {
                let original = c.dtype().clone();
                let ints = c.cast(&DataType::Int64).map_err(err)?;
                Values::Int(ints.i64().map_err(err)?.clone(), original)
            })
        })
        .collect()
}

/// One row's value of an argument.
#[derive(Debug, Clone, Copy)]
enum Value<'a> {
    /// `COUNT(*)`: the row itself.
    Row,
    Null,
    Int(i64),
    Float(f64),
    Bool(bool),
    Text(&'a str),
}

/// Calls `add` with the slot and value of every row kept by `where` and aggregate `k`'s `FILTER`.
fn visit<'a>(e: &Evaluated, k: usize, values: &'a Values, mut add: impl FnMut(usize, Value<'a>)) {
    let mask = e.masks[k].as_deref();
    let passes = |row: usize| mask.is_none_or(|m| m[row]);
    let rows = e.kept.iter().enumerate();
    let mut each = |row: usize, slot: u32, value: Value<'a>| {
        if slot != NONE && passes(row) {
            add(slot as usize, value);
        }
    };
    match values {
        Values::Star => rows.for_each(|(row, &slot)| each(row, slot, Value::Row)),
        Values::Int(c, _) => rows
            .zip(c.iter())
            .for_each(|((row, &slot), v)| each(row, slot, v.map_or(Value::Null, Value::Int))),
        Values::Float(c) => rows
            .zip(c.iter())
            .for_each(|((row, &slot), v)| each(row, slot, v.map_or(Value::Null, Value::Float))),
        Values::Bool(c) => rows
            .zip(c.iter())
            .for_each(|((row, &slot), v)| each(row, slot, v.map_or(Value::Null, Value::Bool))),
        Values::Text(c) => rows
            .zip(c.iter())
            .for_each(|((row, &slot), v)| each(row, slot, v.map_or(Value::Null, Value::Text))),
    }
}

/// A number's identity for `COUNT(DISTINCT …)`: equal numbers, equal keys.
fn float_key(v: f64) -> u64 {
    if v == 0.0 {
        0
    } else if v.is_nan() {
        f64::NAN.to_bits()
    } else {
        v.to_bits()
    }
}

/// Per slot, the running state of one aggregate.
enum Accumulator<'a> {
    Count(Vec<i64>),
    /// Distinct small integers (months, years × 12 + month): one bit each, above `base`.
    DistinctBits {
        base: i64,
        bits: Vec<u64>,
    },
    /// Any other distinct values, as (slot, key) pairs; texts numbered by `texts`.
    Distinct {
        seen: FastMap<(u32, u64), ()>,
        texts: FastMap<&'a str, u64>,
        counts: Vec<i64>,
    },
    Int {
        function: AggregateFunction,
        state: Vec<Option<i64>>,
    },
    Float {
        function: AggregateFunction,
        state: Vec<Option<f64>>,
    },
    Avg(Vec<(f64, u64)>),
    Bool {
        any: bool,
        state: Vec<Option<bool>>,
    },
}

impl<'a> Accumulator<'a> {
    fn new(a: &Aggregate, values: &[Values], slots: usize) -> Accumulator<'a> {
        let float = values.iter().any(|v| matches!(v, Values::Float(_)));
        match a.function {
            AggregateFunction::Count if a.distinct => match small_range(values) {
                Some(base) => Accumulator::DistinctBits {
                    base,
                    bits: vec![0; slots],
                },
                None => Accumulator::Distinct {
                    seen: FastMap::default(),
                    texts: FastMap::default(),
                    counts: vec![0; slots],
                },
            },
            AggregateFunction::Count => Accumulator::Count(vec![0; slots]),
            AggregateFunction::Avg => Accumulator::Avg(vec![(0.0, 0); slots]),
            AggregateFunction::BoolOr | AggregateFunction::BoolAnd => Accumulator::Bool {
                any: a.function == AggregateFunction::BoolOr,
                state: vec![None; slots],
            },
            function if float => Accumulator::Float {
                function,
                state: vec![None; slots],
            },
            function => Accumulator::Int {
                function,
                state: vec![None; slots],
            },
        }
    }

    fn add(&mut self, slot: usize, value: Value<'a>) {
        match self {
            Accumulator::Count(counts) => {
                if !matches!(value, Value::Null) {
                    counts[slot] += 1;
                }
            }
            Accumulator::DistinctBits { base, bits } => {
                let v = match value {
                    Value::Int(v) => v,
                    Value::Bool(b) => i64::from(b),
                    _ => return,
                };
                bits[slot] |= 1u64 << (v - *base);
            }
            Accumulator::Distinct {
                seen,
                texts,
                counts,
            } => {
                let key = match value {
                    Value::Int(v) => v.cast_unsigned(),
                    Value::Float(v) => float_key(v),
                    Value::Bool(b) => u64::from(b),
                    Value::Text(t) => {
                        let next = texts.len() as u64;
                        *texts.entry(t).or_insert(next)
                    }
                    Value::Row | Value::Null => return,
                };
                let slot32 = u32::try_from(slot).unwrap_or(NONE);
                if seen.insert((slot32, key), ()).is_none() {
                    counts[slot] += 1;
                }
            }
            Accumulator::Int { function, state } => {
                let Value::Int(v) = value else { return };
                let s = &mut state[slot];
                *s = Some(match (*s, function) {
                    (None, _) => v,
                    (Some(c), AggregateFunction::Min) => c.min(v),
                    (Some(c), AggregateFunction::Max) => c.max(v),
                    (Some(c), _) => c.wrapping_add(v),
                });
            }
            Accumulator::Float { function, state } => {
                let v = match value {
                    Value::Float(v) => v,
                    Value::Int(v) => v as f64,
                    _ => return,
                };
                let s = &mut state[slot];
                *s = Some(match (*s, function) {
                    (None, _) => v,
                    (Some(c), AggregateFunction::Min) => c.min(v),
                    (Some(c), AggregateFunction::Max) => c.max(v),
                    (Some(c), _) => c + v,
                });
            }
            Accumulator::Avg(state) => {
                let v = match value {
                    Value::Float(v) => v,
                    Value::Int(v) => v as f64,
                    _ => return,
                };
                state[slot].0 += v;
                state[slot].1 += 1;
            }
            Accumulator::Bool { any, state } => {
                let Value::Bool(v) = value else { return };
                let s = &mut state[slot];
                *s = Some(match *s {
                    None => v,
                    Some(c) if *any => c || v,
                    Some(c) => c && v,
                });
            }
        }
    }

    /// The value of every present slot, in slot order.
    fn finish(
        self,
        present: &[bool],
        name: &str,
        values: &[Values],
        file: &str,
    ) -> Result<Series, DataError> {
        let slots = || kept_slots(present);
        Ok(match self {
            Accumulator::Count(counts) | Accumulator::Distinct { counts, .. } => {
                Int64Chunked::from_iter_values(name.into(), slots().map(|s| counts[s]))
                    .into_series()
            }
            Accumulator::DistinctBits { bits, .. } => Int64Chunked::from_iter_values(
                name.into(),
                slots().map(|s| i64::from(bits[s].count_ones())),
            )
            .into_series(),
            Accumulator::Int { function, state } => {
                let series: Series = slots()
                    .map(|s| state[s])
                    .collect::<Int64Chunked>()
                    .with_name(name.into())
                    .into_series();
                // MIN and MAX keep the argument's type (a date's day number stays as typed).
                let original = values.iter().find_map(|v| match v {
                    Values::Int(_, dtype) => Some(dtype.clone()),
                    _ => None,
                });
                match (function, original) {
                    (AggregateFunction::Min | AggregateFunction::Max, Some(dtype)) => series
                        .cast(&dtype)
                        .map_err(|e| internal(file, "typing an aggregate", &e))?,
                    _ => series,
                }
            }
            Accumulator::Float { state, .. } => slots()
                .map(|s| state[s])
                .collect::<Float64Chunked>()
                .with_name(name.into())
                .into_series(),
            Accumulator::Avg(state) => slots()
                .map(|s| {
                    let (sum, n) = state[s];
                    (n > 0).then(|| sum / n as f64)
                })
                .collect::<Float64Chunked>()
                .with_name(name.into())
                .into_series(),
            Accumulator::Bool { state, .. } => slots()
                .map(|s| state[s])
                .collect::<BooleanChunked>()
                .with_name(name.into())
                .into_series(),
        })
    }
}

/// The least value, when every value of every piece lies within 64 of it (a month, a year's
/// month): distinct values then fit the bits of one word per person.
fn small_range(values: &[Values]) -> Option<i64> {
    let mut range: Option<(i64, i64)> = None;
    for v in values {
        let (low, high) = match v {
            Values::Star => continue,
            Values::Int(c, _) => match (c.min(), c.max()) {
                (Some(low), Some(high)) => (low, high),
                _ => continue,
            },
            Values::Bool(_) => (0, 1),
            Values::Float(_) | Values::Text(_) => return None,
        };
        range = Some(match range {
            None => (low, high),
            Some((l, h)) => (l.min(low), h.max(high)),
        });
    }
    let (low, high) = range.unwrap_or((0, 0));
    (high.checked_sub(low)? < 64).then_some(low)
}

#[cfg(test)]
mod tests {
    //! The fold against polars' own group-by of the same aggregates, the way SQL defines them,
    //! on random rows: every function, with and without `FILTER`, nulls, several files.

    use jamfor_spec::expr::Row;
    use proptest::prelude::*;

    use super::*;

    fn sql(text: &str) -> Row {
        Row::Sql(text.to_string())
    }

    /// The aggregate as a polars group-by expression, written as SQL reads it.
    fn reference(a: &Aggregate) -> Expr {
        let filter = a.filter.as_ref().map(|_| col("f").fill_null(lit(false)));
        let masked = |e: Expr| match &filter {
            Some(f) => when(f.clone()).then(e).otherwise(lit(NULL)),
            None => e,
        };
        let x = match &a.argument {
            Some(Row::Sql(name)) => col(name.as_str()),
            _ => lit(NULL),
        };
        let or_null = |v: Expr, e: Expr| when(v.count().gt(lit(0))).then(e).otherwise(lit(NULL));
        match (a.function, &a.argument) {
            (AggregateFunction::Count, None) => match &filter {
                Some(f) => f.clone().cast(DataType::Int64).sum(),
                None => len().cast(DataType::Int64),
            },
            (AggregateFunction::Count, Some(_)) if a.distinct => {
                masked(x).drop_nulls().n_unique().cast(DataType::Int64)
            }
            (AggregateFunction::Count, Some(_)) => masked(x).count().cast(DataType::Int64),
            (AggregateFunction::Min, _) => masked(x).min(),
            (AggregateFunction::Max, _) => masked(x).max(),
            (AggregateFunction::Avg, _) => masked(x).cast(DataType::Float64).mean(),
            (AggregateFunction::Sum, _) => or_null(masked(x.clone()), masked(x).sum()),
            (AggregateFunction::BoolOr, _) => or_null(masked(x.clone()), masked(x).any(true)),
            (AggregateFunction::BoolAnd, _) => or_null(masked(x.clone()), masked(x).all(true)),
        }
        .cast(DataType::Float64)
    }

    fn aggregates() -> Vec<Aggregate> {
        use AggregateFunction::*;
        let mut list = Vec::new();
        let forms: [(AggregateFunction, bool, Option<&str>); 14] = [
            (Count, false, None),
            (Count, false, Some("small")),
            (Count, true, Some("small")),
            (Count, true, Some("wide")),
            (Count, true, Some("decimal")),
            (Count, true, Some("text")),
            (Count, true, Some("flag")),
            (Min, false, Some("wide")),
            (Max, false, Some("decimal")),
            (Sum, false, Some("small")),
            (Sum, false, Some("decimal")),
            (Avg, false, Some("wide")),
            (BoolOr, false, Some("flag")),
            (BoolAnd, false, Some("flag")),
        ];
        for (function, distinct, argument) in forms {
            for filter in [None, Some(sql("f"))] {
                list.push(Aggregate {
                    function,
                    distinct,
                    argument: argument.map(sql),
                    filter,
                });
            }
        }
        list
    }

    type Rows = Vec<(
        u32,
        Option<bool>,
        Option<i64>,
        Option<i64>,
        Option<f64>,
        Option<bool>,
        Option<&'static str>,
        Option<bool>,
    )>;

    fn rows() -> impl Strategy<Value = Rows> {
        let slot = prop_oneof![4 => 0u32..6, 1 => Just(NONE)];
        let row = (
            slot,
            proptest::option::of(any::<bool>()),
            proptest::option::of(1i64..13),
            proptest::option::of(-100i64..100),
            proptest::option::of((-8i32..8).prop_map(|v| f64::from(v) / 4.0)),
            proptest::option::of(any::<bool>()),
            proptest::option::of(proptest::sample::select(vec!["a", "b", "c"])),
            proptest::option::of(any::<bool>()),
        );
        proptest::collection::vec(row, 0..40)
    }

    fn frame(rows: &Rows) -> DataFrame {
        let c = |name: &str, s: Series| s.with_name(name.into()).into_column();
        df_columns(
            vec![
                c(
                    "keep",
                    rows.iter()
                        .map(|r| r.1)
                        .collect::<BooleanChunked>()
                        .into_series(),
                ),
                c(
                    "small",
                    rows.iter()
                        .map(|r| r.2)
                        .collect::<Int64Chunked>()
                        .into_series(),
                ),
                c(
                    "wide",
                    rows.iter()
                        .map(|r| r.3)
                        .collect::<Int64Chunked>()
                        .into_series(),
                ),
                c(
                    "decimal",
                    rows.iter()
                        .map(|r| r.4)
                        .collect::<Float64Chunked>()
                        .into_series(),
                ),
                c(
                    "flag",
                    rows.iter()
                        .map(|r| r.5)
                        .collect::<BooleanChunked>()
                        .into_series(),
                ),
                c(
                    "text",
                    rows.iter()
                        .map(|r| r.6)
                        .collect::<StringChunked>()
                        .into_series(),
                ),
                c(
                    "f",
                    rows.iter()
                        .map(|r| r.7)
                        .collect::<BooleanChunked>()
                        .into_series(),
                ),
            ],
            rows.len(),
        )
    }

    fn df_columns(columns: Vec<Column>, height: usize) -> DataFrame {
        DataFrame::new(height, columns).unwrap_or_default()
    }

    /// Per slot, each aggregate as a number (booleans as 0/1), from the fold.
    fn folded(
        pieces: &[(Rows, DataFrame)],
        filter: &Condition,
        aggregates: &[Aggregate],
    ) -> Vec<Vec<Option<f64>>> {
        let slots: Vec<Vec<u32>> = pieces
            .iter()
            .map(|(r, _)| r.iter().map(|r| r.0).collect())
            .collect();
        let list: Vec<Piece<'_>> = pieces
            .iter()
            .zip(&slots)
            .enumerate()
            .map(|(i, ((_, frame), slots))| Piece {
                year: 2020 + i as i32,
                frame,
                slots,
            })
            .collect();
        let out = fold(
            &Fold {
                filter: Some(filter),
                aggregates,
                measure_year: 2022,
                slots: 6,
                last_row: false,
            },
            &list,
            "test.csv",
        )
        .expect("the fold computes");
        table(&out, aggregates.len())
    }

    /// The same from polars' group-by over the kept rows of every piece, concatenated.
    fn grouped(pieces: &[(Rows, DataFrame)], aggregates: &[Aggregate]) -> Vec<Vec<Option<f64>>> {
        let frames: Vec<LazyFrame> = pieces
            .iter()
            .map(|(rows, frame)| {
                let slots: UInt32Chunked = rows.iter().map(|r| Some(r.0)).collect();
                let mut frame = frame.clone();
                let _ = frame.with_column(slots.with_name(GROUP.into()).into_column());
                frame.lazy().filter(
                    col(GROUP)
                        .neq(lit(NONE))
                        .and(col("keep").fill_null(lit(false))),
                )
            })
            .collect();
        let all = concat(&frames, UnionArgs::default()).expect("concatenated");
        let exprs: Vec<Expr> = aggregates
            .iter()
            .enumerate()
            .map(|(k, a)| reference(a).alias(name(k)))
            .collect();
        let out = all
            .group_by([col(GROUP)])
            .agg(exprs)
            .sort([GROUP], Default::default())
            .collect()
            .expect("grouped");
        table(&out, aggregates.len())
    }

    fn table(out: &DataFrame, n: usize) -> Vec<Vec<Option<f64>>> {
        let mut rows = vec![Vec::new(); out.height()];
        for k in 0..n {
            let c = out
                .column(&name(k))
                .and_then(|c| c.cast(&DataType::Float64))
                .expect("a column");
            for (i, v) in c.f64().expect("numbers").iter().enumerate() {
                rows[i].push(v);
            }
        }
        let slots: Vec<Option<u32>> = out
            .column(GROUP)
            .expect("slots")
            .u32()
            .expect("u32")
            .iter()
            .collect();
        let mut keyed: Vec<(Option<u32>, Vec<Option<f64>>)> = slots.into_iter().zip(rows).collect();
        keyed.sort_by_key(|(s, _)| *s);
        keyed.into_iter().map(|(_, r)| r).collect()
    }

    proptest! {
        #[test]
        fn the_fold_equals_a_group_by(pieces in proptest::collection::vec(rows(), 1..4)) {
            let pieces: Vec<(Rows, DataFrame)> = pieces.into_iter().map(|r| { let f = frame(&r); (r, f) }).collect();
            let aggregates = aggregates();
            let filter = Condition { sql: "keep".into(), columns: vec!["keep".into()], row: sql("keep") };
            let ours = folded(&pieces, &filter, &aggregates);
            let theirs = grouped(&pieces, &aggregates);
            prop_assert_eq!(ours.len(), theirs.len());
            for (a, b) in ours.iter().zip(&theirs) {
                for (k, (x, y)) in a.iter().zip(b).enumerate() {
                    let same = match (x, y) {
                        (Some(x), Some(y)) => (x - y).abs() < 1e-9,
                        (None, None) => true,
                        _ => false,
                    };
                    prop_assert!(same, "aggregate {:?}: fold {:?}, group-by {:?}", aggregates[k], x, y);
                }
            }
        }
    }
}
