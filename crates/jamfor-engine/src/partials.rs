//! One scan per source and year: every additive quantity that any indicator needs from a source
//! (counts, sums, weighted sums, answered units, …) is computed in one pass — polars evaluates
//! each distinct condition and value once, then each quantity is summed per slot of the finest
//! grain, kommun × kön × ålder (× unit) — giving small *partial sums*. Everything coarser
//! (age groups, totals, län, riket, kommungrupper) is rolled up from them in `rollup`.

use std::collections::BTreeMap;

use polars::prelude::*;

use crate::error::{DataError, internal};
use crate::read::role;
use crate::slots::Slots;

/// One additive quantity: the sum, over the rows where `mask` holds, of `value`.
#[derive(Debug, Clone)]
pub(crate) struct Request {
    /// Name of the sum in the partials.
    pub(crate) name: String,
    /// Which rows count (`None`: every row). A null counts as false.
    pub(crate) mask: Option<Expr>,
    /// What each counted row adds (`None`: 1). A null adds 0.
    pub(crate) value: Option<Expr>,
}

/// The grouping keys a source offers.
#[derive(Debug, Clone, Default)]
pub(crate) struct Keys {
    pub(crate) kon: bool,
    pub(crate) alder: bool,
    /// `_enhet`, when enhet-level results are published.
    pub(crate) enhet: bool,
    /// `_stadsdel`, when stadsdel-level results are published. Kept apart from `enhet`: one
    /// source may offer both, and each level is keyed by its own id.
    pub(crate) stadsdel: bool,
}

/// Partial sums at the finest grain: one value per slot for every request (a few tens of
/// thousands of slots at most).
#[derive(Debug, Default)]
pub(crate) struct Partials {
    pub(crate) slots: Slots,
    pub(crate) sums: BTreeMap<String, Vec<f64>>,
}

/// Where all of `conditions` hold (`None`: no condition, every row).
pub(crate) fn all(conditions: &[Expr]) -> Option<Expr> {
    conditions.iter().cloned().reduce(Expr::and)
}

/// `1` where `condition` holds, else `0` (null counts as false): points of an index item.
pub(crate) fn indicator_of(condition: Expr) -> Expr {
    when(condition).then(lit(1.0)).otherwise(lit(0.0))
}

/// The masks and values of `requests` as polars expressions, each distinct one once, and for each
/// request the position of its mask and value among them.
struct Columns {
    masks: Vec<Expr>,
    values: Vec<Expr>,
    of_request: Vec<(Option<usize>, Option<usize>)>,
}

fn columns(requests: &[Request]) -> Columns {
    let mut out = Columns {
        masks: Vec::new(),
        values: Vec::new(),
        of_request: Vec::new(),
    };
    // Indicators of one source often share a condition (the same `where`, the answered units of
    // one question): each distinct expression is evaluated once.
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut position = |list: &mut Vec<Expr>, kind: char, e: &Option<Expr>| {
        e.as_ref().map(|e| {
            let text = format!("{kind}{e:?}");
            *seen.entry(text).or_insert_with(|| {
                list.push(e.clone());
                list.len() - 1
            })
        })
    };
    for r in requests {
        let mask = position(&mut out.masks, 'm', &r.mask);
        let value = position(&mut out.values, 'v', &r.value);
        out.of_request.push((mask, value));
    }
    out
}

/// The one polars pass over a source: every distinct mask and value of `requests`, as columns.
pub(crate) fn plan(frame: &DataFrame, requests: &[Request]) -> LazyFrame {
    let columns = columns(requests);
    select(frame, &columns)
}

fn select(frame: &DataFrame, columns: &Columns) -> LazyFrame {
    let mut exprs: Vec<Expr> = Vec::new();
    for (i, m) in columns.masks.iter().enumerate() {
        exprs.push(m.clone().fill_null(lit(false)).alias(format!("m{i}")));
    }
    for (i, v) in columns.values.iter().enumerate() {
        exprs.push(
            v.clone()
                .cast(DataType::Float64)
                .fill_null(lit(0.0))
                .alias(format!("v{i}")),
        );
    }
    let mut lazy = frame.clone().lazy();
    if frame.column(role::WEIGHT).is_err() {
        // A source without a declared weight: every respondent weighs 1 (the survey requests fill
        // a null weight with 1). Without the column the plan failed as an internal error.
        lazy = lazy.with_column(lit(NULL).cast(DataType::Float64).alias(role::WEIGHT));
    }
    lazy.select(exprs)
}

/// The rows where a boolean column is true (a null is not).
pub(crate) fn rows_where(column: &BooleanChunked) -> Vec<u32> {
    let mut rows = Vec::new();
    let mut offset = 0;
    for chunk in column.downcast_iter() {
        let set = match chunk.validity() {
            Some(valid) => chunk.values() & valid,
            None => chunk.values().clone(),
        };
        rows.extend(
            set.true_idx_iter()
                .map(|i| u32::try_from(offset + i).unwrap_or(u32::MAX)),
        );
        offset += chunk.len();
    }
    rows
}

/// The rows of `frame` where `mask` holds (null counts as false).
pub(crate) fn matching(frame: &DataFrame, mask: Expr, file: &str) -> Result<Vec<u32>, DataError> {
    let err = |e: PolarsError| internal(file, "selecting the rows of a measure", &e);
    let evaluated = frame
        .clone()
        .lazy()
        .select([mask.fill_null(lit(false)).alias("m")])
        .collect()
        .map_err(err)?;
    Ok(rows_where(
        evaluated.column("m").map_err(err)?.bool().map_err(err)?,
    ))
}

/// Reads a float column at ascending rows where its chunks lie (nulls as 0).
struct Cursor<'a> {
    chunks: Vec<&'a <Float64Type as PolarsDataType>::Array>,
    /// The chunk holding the last row read, and its first row.
    chunk: usize,
    start: usize,
}

impl<'a> Cursor<'a> {
    fn new(column: &'a Float64Chunked) -> Self {
        Cursor {
            chunks: column.downcast_iter().collect(),
            chunk: 0,
            start: 0,
        }
    }

    /// The value at `row`, which is not before the last row read.
    fn at(&mut self, row: usize) -> f64 {
        while self.chunk < self.chunks.len() && row >= self.start + self.chunks[self.chunk].len() {
            self.start += self.chunks[self.chunk].len();
            self.chunk += 1;
        }
        self.chunks
            .get(self.chunk)
            .and_then(|c| c.get(row - self.start))
            .unwrap_or(0.0)
    }
}

/// The values of a float column at `rows` (ascending; nulls as 0), without copying the column.
pub(crate) fn gather(column: &Float64Chunked, rows: &[u32]) -> Vec<f64> {
    let mut values = Cursor::new(column);
    rows.iter().map(|&row| values.at(row as usize)).collect()
}

/// Every request over `frame`: one polars pass evaluating the masks and values, then one sum per
/// request and slot.
pub(crate) fn compute(
    frame: &DataFrame,
    requests: &[Request],
    keys: &Keys,
    file: &str,
) -> Result<Partials, DataError> {
    let err = |e: PolarsError| internal(file, "computing partial sums", &e);
    let slots = Slots::of(frame, keys, file)?;
    let columns = columns(requests);
    let evaluated = select(frame, &columns).collect().map_err(err)?;
    let of_row = &slots.of_row;
    // One mask at a time: its rows are listed once for all the requests counting them, then
    // dropped, and values are read where they lie: a national register's columns are not copied.
    let mut by_mask: BTreeMap<Option<usize>, Vec<usize>> = BTreeMap::new();
    for (r, (mask, _)) in columns.of_request.iter().enumerate() {
        by_mask.entry(*mask).or_default().push(r);
    }
    let mut sums = BTreeMap::new();
    for (mask, list) in by_mask {
        let rows = match mask {
            Some(m) => {
                let column = evaluated.column(&format!("m{m}")).map_err(err)?;
                Some(rows_where(column.bool().map_err(err)?))
            }
            None => None,
        };
        for r in list {
            let values = match columns.of_request[r].1 {
                Some(v) => {
                    let column = evaluated.column(&format!("v{v}")).map_err(err)?;
                    Some(column.f64().map_err(err)?)
                }
                None => None,
            };
            let mut sum = vec![0.0; slots.len()];
            match (&rows, values) {
                (Some(rows), Some(values)) => {
                    let mut values = Cursor::new(values);
                    for &row in rows {
                        sum[of_row[row as usize] as usize] += values.at(row as usize);
                    }
                }
                (Some(rows), None) => {
                    for &row in rows {
                        sum[of_row[row as usize] as usize] += 1.0;
                    }
                }
                (None, Some(values)) => {
                    let mut values = Cursor::new(values);
                    for (row, slot) in of_row.iter().enumerate() {
                        sum[*slot as usize] += values.at(row);
                    }
                }
                (None, None) => {
                    for slot in of_row {
                        sum[*slot as usize] += 1.0;
                    }
                }
            }
            sums.insert(requests[r].name.clone(), sum);
        }
    }
    Ok(Partials { slots, sums })
}
