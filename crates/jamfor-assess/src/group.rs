//! The comparison group of a kommun as a result row: the unweighted mean of its comparable
//! kommuner's published values, per indicator, year, kön and age group.

use std::collections::{BTreeMap, BTreeSet};

use jamfor_engine::{CellKey, GeoLevel, ResultRow, ResultTable, Status};
use jamfor_spec::Manifest;

use crate::comparable::Comparable;
use crate::published::{self, Index};

/// The fewest published members a mean of `area` is shown on.
fn min_members(manifest: &Manifest, area: &str) -> usize {
    manifest
        .areas
        .iter()
        .find(|a| a.id == area)
        .map_or(jamfor_spec::manifest::DEFAULT_MIN_GROUP_MEMBERS, |a| {
            a.min_group_members
        })
}

/// The group means of every kommun with comparable kommuner, for every indicator of the group's
/// area, every year, kön and age group with kommun rows: rows at [`GeoLevel::Liknande`] whose
/// `geo` is the kommun whose group it is. Sorted like a [`ResultTable`] (indicator, year, cell).
///
/// Only members' rows with status `value` enter a mean, so a group mean is computable from the
/// published table and can reveal no confidential value. `units` is the number of members behind
/// the mean; with none, the row has status `not_applicable` and no value, and with fewer than the
/// area's `min_group_members` it is `confidential` (withheld as too thin a group, as a share on
/// a small denominator is) with no value. Numerator and denominator are left empty: a sum over
/// the members would mix published and withheld counts.
pub fn group_means(
    manifest: &Manifest,
    results: &ResultTable,
    comparable: &Comparable,
) -> Vec<ResultRow> {
    let areas = comparable.areas();
    let area_of: BTreeMap<&str, &str> = manifest
        .indicators
        .iter()
        .filter(|i| areas.contains(&i.area.as_str()))
        .map(|i| (i.id.as_str(), i.area.as_str()))
        .collect();
    let index = Index::new(results, &[GeoLevel::Kommun], |id| area_of.contains_key(id));
    // Every (indicator, year, kön, age group) with kommun rows, once.
    let mut cells: BTreeSet<(&str, i32, CellKey)> = BTreeSet::new();
    for row in index.rows() {
        let key = CellKey {
            level: GeoLevel::Liknande,
            geo: String::new(),
            kon: row.key.kon,
            age_group: row.key.age_group.clone(),
        };
        cells.insert((row.indicator.as_str(), row.year, key));
    }
    let mut out = Vec::new();
    for (indicator, year, cell) in cells {
        let Some(area) = area_of.get(indicator).copied() else {
            continue;
        };
        let mut kommuner: Vec<&str> = comparable
            .rows
            .iter()
            .filter(|r| r.area == area)
            .map(|r| r.kommun.as_str())
            .collect();
        kommuner.dedup();
        for kommun in kommuner {
            let values: Vec<f64> = comparable
                .group(area, kommun)
                .into_iter()
                .filter_map(|member| {
                    index.row((
                        indicator,
                        year,
                        GeoLevel::Kommun,
                        member,
                        cell.kon,
                        cell.age_group.as_deref(),
                    ))
                })
                .filter_map(published::value)
                .collect();
            let mean =
                (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64);
            let thin = !values.is_empty() && values.len() < min_members(manifest, area);
            out.push(ResultRow {
                indicator: indicator.to_string(),
                year,
                key: CellKey {
                    geo: kommun.to_string(),
                    ..cell.clone()
                },
                value: mean.filter(|_| !thin),
                numerator: None,
                denominator: None,
                units: Some(values.len() as f64),
                ci_low: None,
                ci_high: None,
                status: match mean {
                    Some(_) if thin => Status::Confidential,
                    Some(_) => Status::Value,
                    None => Status::NotApplicable,
                },
            });
        }
    }
    out.sort_by(|a, b| (&a.indicator, a.year, &a.key).cmp(&(&b.indicator, b.year, &b.key)));
    out
}
