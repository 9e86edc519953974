//! One scan per source and year: every additive quantity that any indicator needs from a source
//! (counts, sums, weighted sums, answered units, …) is computed in a single group-by over the
//! finest grain — kommun × kön × ålder (× unit) — giving small *partial sums*. Everything coarser
//! (age groups, totals, län, riket, kommungrupper) is rolled up from them in `rollup`.

use std::collections::BTreeMap;

use jamfor_spec::expr::Condition;
use polars::prelude::*;

use crate::error::{DataError, internal};
use crate::read::role;
use crate::result::Kon;

/// One additive quantity: a per-row value, summed.
#[derive(Debug, Clone)]
pub(crate) struct Request {
    /// Column name of the sum in the partials.
    pub(crate) name: String,
    /// Per-row value (0 for rows that do not count).
    pub(crate) value: Expr,
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

/// Partial sums at the finest grain, as plain vectors (a few tens of thousands of rows at most).
#[derive(Debug, Clone, Default)]
pub(crate) struct Partials {
    pub(crate) kommun: Vec<String>,
    pub(crate) kon: Vec<Option<Kon>>,
    pub(crate) alder: Vec<Option<i64>>,
    pub(crate) enhet: Vec<Option<String>>,
    pub(crate) stadsdel: Vec<Option<String>>,
    pub(crate) sums: BTreeMap<String, Vec<f64>>,
}

/// A condition as a polars expression. The text was parsed and checked against the source schema
/// by `jamfor check`, so a failure here is a bug, not a user error.
pub(crate) fn condition(c: &Condition, file: &str) -> Result<Expr, DataError> {
    polars::sql::sql_expr(&c.sql).map_err(|e| internal(file, "translating a checked condition", &e))
}

/// `1` where all conditions hold, else `0` (a null condition counts as false).
pub(crate) fn indicator_of(conditions: &[Expr]) -> Expr {
    match conditions.iter().cloned().reduce(Expr::and) {
        Some(all) => when(all).then(lit(1.0)).otherwise(lit(0.0)),
        // Not `lit(1.0)`: a literal is one value, not one per row, and summed in the group-by it
        // gave 1 per group — a count of rows without `where`, or a response rate without one,
        // counted kommun × kön × ålder cells instead of rows. Every row read has a kommun, so
        // this is 1 on every row.
        None => col(role::KOMMUN).is_not_null().cast(DataType::Float64),
    }
}

/// Runs every request over `frame` in one group-by.
pub(crate) fn compute(
    frame: &DataFrame,
    requests: &[Request],
    keys: &Keys,
    file: &str,
) -> Result<Partials, DataError> {
    let mut by = vec![col(role::KOMMUN)];
    if keys.kon {
        by.push(col(role::KON));
    }
    if keys.alder {
        by.push(col(role::ALDER));
    }
    if keys.enhet {
        by.push(col(role::ENHET));
    }
    if keys.stadsdel {
        by.push(col(role::STADSDEL));
    }
    let aggs: Vec<Expr> = requests
        .iter()
        .map(|r| {
            r.value
                .clone()
                .cast(DataType::Float64)
                .fill_null(lit(0.0))
                .sum()
                .alias(r.name.as_str())
        })
        .collect();
    let mut lazy = frame.clone().lazy();
    if frame.column(role::WEIGHT).is_err() {
        // A source without a declared weight: every respondent weighs 1 (the survey requests fill
        // a null weight with 1). Without the column the plan failed as an internal error.
        lazy = lazy.with_column(lit(NULL).cast(DataType::Float64).alias(role::WEIGHT));
    }
    let grouped = lazy
        .group_by(by)
        .agg(aggs)
        .collect()
        .map_err(|e| internal(file, "computing partial sums", &e))?;
    let text = |name: &str| -> Result<Vec<Option<String>>, DataError> {
        let column = grouped
            .column(name)
            .map_err(|e| internal(file, "reading partial sums", &e))?;
        let column = column
            .cast(&DataType::String)
            .map_err(|e| internal(file, "reading partial sums", &e))?;
        let values = column
            .str()
            .map_err(|e| internal(file, "reading partial sums", &e))?;
        Ok(values.iter().map(|v| v.map(str::to_string)).collect())
    };
    let height = grouped.height();
    let mut partials = Partials {
        kommun: text(role::KOMMUN)?
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect(),
        ..Partials::default()
    };
    partials.kon = if keys.kon {
        text(role::KON)?
            .into_iter()
            .map(|k| match k.as_deref() {
                Some("K") => Some(Kon::K),
                Some("M") => Some(Kon::M),
                _ => None,
            })
            .collect()
    } else {
        vec![None; height]
    };
    partials.alder = if keys.alder {
        let column = grouped
            .column(role::ALDER)
            .map_err(|e| internal(file, "reading ages", &e))?;
        let ages = column
            .i64()
            .map_err(|e| internal(file, "reading ages", &e))?;
        ages.iter().collect()
    } else {
        vec![None; height]
    };
    partials.enhet = if keys.enhet {
        text(role::ENHET)?
    } else {
        vec![None; height]
    };
    partials.stadsdel = if keys.stadsdel {
        text(role::STADSDEL)?
    } else {
        vec![None; height]
    };
    for r in requests {
        let column = grouped
            .column(&r.name)
            .map_err(|e| internal(file, "reading partial sums", &e))?;
        let values = column
            .f64()
            .map_err(|e| internal(file, "reading partial sums", &e))?;
        partials.sums.insert(
            r.name.clone(),
            values.iter().map(|v| v.unwrap_or(0.0)).collect(),
        );
    }
    Ok(partials)
}
