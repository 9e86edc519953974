//! The one gate through which analysis reads a value: only rows with status `value` count.
//!
//! A confidential row should carry no value, but analysis does not rely on that: a row with any
//! other status is read as no value at all, so no flag, mean or distance can ever depend on a
//! withheld figure.

use std::collections::BTreeMap;

use jamfor_engine::{GeoLevel, Kon, ResultRow, ResultTable, Status};

use crate::certainty::Estimate;

/// The published value of a row, if it has one.
pub(crate) fn value(row: &ResultRow) -> Option<f64> {
    match row.status {
        Status::Value => row.value.filter(|v| v.is_finite()),
        Status::Bortfall | Status::NotApplicable | Status::Confidential => None,
    }
}

/// The published value of a row with its interval, if it has a value; `confidence` is the level
/// of the indicator's intervals. Like [`value`], a row whose status is not `value` is nothing.
pub(crate) fn estimate(row: &ResultRow, confidence: f64) -> Option<Estimate> {
    let value = value(row)?;
    let interval = match (row.ci_low, row.ci_high) {
        (Some(low), Some(high)) if low.is_finite() && high.is_finite() && low <= high => {
            Some((low, high, confidence))
        }
        _ => None,
    };
    Some(Estimate { value, interval })
}

/// Where a row lies: indicator, year, level, geography, kön, age group.
pub(crate) type Key<'r> = (&'r str, i32, GeoLevel, &'r str, Kon, Option<&'r str>);

/// The rows of a result table by where they lie, for lookups without scanning.
pub(crate) struct Index<'r> {
    rows: BTreeMap<Key<'r>, &'r ResultRow>,
}

impl<'r> Index<'r> {
    /// Indexes the rows at `levels` of the indicators `keep` accepts.
    pub(crate) fn new(
        results: &'r ResultTable,
        levels: &[GeoLevel],
        keep: impl Fn(&str) -> bool,
    ) -> Self {
        let rows = results
            .rows
            .iter()
            .filter(|r| levels.contains(&r.key.level) && keep(&r.indicator))
            .map(|r| {
                (
                    (
                        r.indicator.as_str(),
                        r.year,
                        r.key.level,
                        r.key.geo.as_str(),
                        r.key.kon,
                        r.key.age_group.as_deref(),
                    ),
                    r,
                )
            })
            .collect();
        Index { rows }
    }

    /// The row at a place.
    pub(crate) fn row(&self, key: Key<'_>) -> Option<&'r ResultRow> {
        self.rows.get(&key).copied()
    }

    /// The row of a kommun (or another level), totalt or one kön, all ages.
    pub(crate) fn at(
        &self,
        indicator: &str,
        year: i32,
        level: GeoLevel,
        geo: &str,
        kon: Kon,
    ) -> Option<&'r ResultRow> {
        self.row((indicator, year, level, geo, kon, None))
    }

    /// Every indexed row, in key order.
    pub(crate) fn rows(&self) -> impl Iterator<Item = &'r ResultRow> + '_ {
        self.rows.values().copied()
    }
}
