//! A group mean withheld because it rests on too few kommuner.
//!
//! A kommungrupp or liknande-kommuner row whose mean would rest on fewer published member values
//! than the area's `min_group_members` is published `confidential` with no value, like a share on
//! too small a denominator. It is not a disclosure matter, though — which members are published
//! is public — so the outputs say so: Excel shows it as "för få" instead of "..", and
//! `results.parquet` flags it in `few_members`.

use jamfor_engine::{GeoLevel, ResultRow, Status};

/// Whether `row` is a group mean withheld for resting on fewer than `minimum` members. The
/// member count is the row's `units` (the published members behind the mean), which the
/// protection and analysis stages set on every group row they withhold this way.
pub fn few_members(row: &ResultRow, minimum: usize) -> bool {
    matches!(row.key.level, GeoLevel::Kommungrupp | GeoLevel::Liknande)
        && row.status == Status::Confidential
        && row.units.is_some_and(|n| n < minimum as f64)
}
