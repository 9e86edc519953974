//! Quantities that cannot be summed from kommun partials — distinct persons (a person who moved is
//! one person in the län, not two) and medians — are recomputed from the rows at every level, kön
//! and age group.

use std::collections::BTreeMap;

use polars::prelude::*;

use crate::error::{DataError, internal};
use crate::read::role;
use crate::result::{CellKey, GeoLevel, Kon};
use crate::rollup::{Grain, RIKET};

const LAN: &str = "_lan";
const AGE_GROUP: &str = "_aldersgrupp";

/// The position of a row's age group in `grain.ages` (null outside every group). A number
/// rather than the label: the rows are reduced and grouped by it, and comparing numbers is far
/// cheaper than comparing text over millions of rows.
fn age_group_index(grain: &Grain) -> Expr {
    let mut expr = lit(NULL).cast(DataType::UInt32);
    for (i, group) in grain.ages.iter().enumerate().rev() {
        let from = col(role::ALDER).gt_eq(lit(i64::from(group.from)));
        let within = match group.to {
            Some(to) => from.and(col(role::ALDER).lt_eq(lit(i64::from(to)))),
            None => from,
        };
        let index = u32::try_from(i).unwrap_or(u32::MAX);
        expr = when(within).then(lit(index)).otherwise(expr);
    }
    expr
}

/// `aggregate` (e.g. `col("lopnr").n_unique()`) over the rows where `filter` holds, for every cell
/// of `grain` (kommuner without rows get `empty`). With `distinct`, the rows are first reduced to
/// one per value of that column and cell key: a monthly register has several rows per person, and
/// every later group-by then runs over persons instead of months.
#[allow(clippy::too_many_arguments)]
pub(crate) fn per_cell(
    frame: &DataFrame,
    filter: Expr,
    aggregate: Expr,
    distinct: Option<&str>,
    grain: &Grain,
    year: i32,
    empty: Option<f64>,
    file: &str,
) -> Result<BTreeMap<CellKey, Option<f64>>, DataError> {
    let mut base = frame.clone().lazy().filter(filter);
    if !grain.ages.is_empty() {
        base = base.with_column(age_group_index(grain).alias(AGE_GROUP));
    }
    if let Some(column) = distinct {
        // The län is a function of the kommun: derived after the reduction, on fewer rows.
        let mut keep = vec![col(column), col(role::KOMMUN)];
        if grain.by_kon {
            keep.push(col(role::KON));
        }
        if !grain.ages.is_empty() {
            keep.push(col(AGE_GROUP));
        }
        for (level, unit) in [
            (GeoLevel::Enhet, role::ENHET),
            (GeoLevel::Stadsdel, role::STADSDEL),
        ] {
            if grain.levels.contains(&level) {
                keep.push(col(unit));
            }
        }
        base = base.select(keep).unique(None, UniqueKeepStrategy::Any);
    }
    let base = base.with_column(col(role::KOMMUN).str().slice(lit(0), lit(2)).alias(LAN));
    let base = base
        .collect()
        .map_err(|e| internal(file, "selecting the rows of a non-additive measure", &e))?
        .lazy();
    let mut out: BTreeMap<CellKey, Option<f64>> =
        grain.grid(year).into_iter().map(|k| (k, empty)).collect();
    for level in &grain.levels {
        let place = match level {
            GeoLevel::Kommun => Some(col(role::KOMMUN)),
            GeoLevel::Lan => Some(col(LAN)),
            GeoLevel::Riket => None,
            GeoLevel::Enhet => Some(col(role::ENHET)),
            GeoLevel::Stadsdel => Some(col(role::STADSDEL)),
            GeoLevel::Kommungrupp | GeoLevel::Liknande => continue,
        };
        for by_kon in [false, true] {
            if by_kon && !grain.by_kon {
                continue;
            }
            for by_age in [false, true] {
                if by_age && grain.ages.is_empty() {
                    continue;
                }
                let mut keys = vec![
                    place
                        .clone()
                        .unwrap_or_else(|| lit(RIKET))
                        .cast(DataType::String)
                        .alias("_plats"),
                ];
                if by_kon {
                    keys.push(col(role::KON));
                }
                if by_age {
                    keys.push(col(AGE_GROUP));
                }
                let grouped = base
                    .clone()
                    .group_by(keys)
                    .agg([aggregate.clone().cast(DataType::Float64).alias("_varde")])
                    .collect()
                    .map_err(|e| internal(file, "recomputing a non-additive measure", &e))?;
                read_cells(&grouped, grain, *level, by_kon, by_age, &mut out, file)?;
            }
        }
    }
    Ok(out)
}

fn read_cells(
    grouped: &DataFrame,
    grain: &Grain,
    level: GeoLevel,
    by_kon: bool,
    by_age: bool,
    out: &mut BTreeMap<CellKey, Option<f64>>,
    file: &str,
) -> Result<(), DataError> {
    let err = |e: PolarsError| internal(file, "reading a non-additive measure", &e);
    let places = grouped
        .column("_plats")
        .map_err(err)?
        .str()
        .map_err(err)?
        .clone();
    let values = grouped
        .column("_varde")
        .map_err(err)?
        .f64()
        .map_err(err)?
        .clone();
    let kons = if by_kon {
        Some(
            grouped
                .column(role::KON)
                .map_err(err)?
                .str()
                .map_err(err)?
                .clone(),
        )
    } else {
        None
    };
    let ages = if by_age {
        Some(
            grouped
                .column(AGE_GROUP)
                .map_err(err)?
                .u32()
                .map_err(err)?
                .clone(),
        )
    } else {
        None
    };
    for row in 0..grouped.height() {
        let Some(place) = places.get(row) else {
            continue;
        };
        let kon = match kons.as_ref().map(|k| k.get(row)) {
            None => Kon::T,
            Some(Some("K")) => Kon::K,
            Some(Some("M")) => Kon::M,
            // Rows of unknown kön count in the total only.
            Some(_) => continue,
        };
        let age_group = match ages.as_ref().map(|a| a.get(row)) {
            None => None,
            Some(Some(i)) => match grain.ages.get(i as usize) {
                Some(group) => Some(group.label.clone()),
                None => continue,
            },
            Some(None) => continue,
        };
        let key = CellKey {
            level,
            geo: place.to_string(),
            kon,
            age_group,
        };
        out.insert(key, values.get(row));
    }
    Ok(())
}
