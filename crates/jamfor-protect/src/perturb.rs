//! The cell key method applied to a year's count cells and to the rows that publish them.
//!
//! Each sensitive count cell of a cell key system gets its published value from the policy's
//! perturbation table, keyed by the cell's identity: the count's definition (not the
//! indicator), the year and the place. A count that several indicators publish is one cell, so
//! it shows the same value in all of them, and a history year republished next year shows the
//! same value again as long as its true value did not change. Rows then publish the perturbed
//! counts, and a share or rate is recomputed from them, so every published figure rests on
//! perturbed counts only.

use std::collections::BTreeMap;

use jamfor_disclosure::CellKeyPolicy;
use jamfor_engine::{ResultRow, Status};
use jamfor_geo::Geography;
use jamfor_spec::manifest::Manifest;
use jamfor_spec::rounding::published_value;

use super::cells::{Node, NodeKey, canonical, describe, linked_level};
use super::counts::{Field, Figure};
use super::error::ProtectError;
use super::plan::{Plan, SystemIx};

/// The published value of every sensitive count cell of system `sys` in `year`.
pub(crate) fn perturb_cells(
    plan: &Plan,
    sys: SystemIx,
    nodes: &BTreeMap<NodeKey, Node>,
    year: i32,
    policy: &CellKeyPolicy,
) -> BTreeMap<NodeKey, u64> {
    nodes
        .iter()
        .filter(|((c, _), _)| {
            let info = &plan.counts[*c as usize];
            info.class.sensitive() && info.systems.contains(&sys)
        })
        .map(|(node, cell)| {
            let (c, key) = node;
            let identity = format!("{}|{year}|{}", plan.counts[*c as usize].id, describe(key));
            (node.clone(), policy.publish(&identity, cell.value))
        })
        .collect()
}

/// Refuses a cell key system that would publish a figure the method cannot perturb: a mean,
/// median or survey estimate on counts of persons is not a count, and its units alone being
/// perturbed would leave the figure itself exact.
pub(crate) fn check_figures(plan: &Plan, sys: SystemIx, policy: &str) -> Result<(), ProtectError> {
    for (indicator, ip) in &plan.indicators {
        let sensitive_here = ip.slots.iter().any(|&(_, c, _)| {
            let info = &plan.counts[c as usize];
            info.class.sensitive() && info.systems.contains(&sys)
        });
        if sensitive_here && ip.figure == Figure::Other {
            return Err(ProtectError::Policy {
                policy: policy.to_string(),
                message: format!(
                    "indicator `{indicator}` publishes a mean, median or survey estimate; the \
                     cell key method perturbs counts and the shares and rates built on them \
                     only. Give `{indicator}` a suppression policy (`disclosure = \"…\"`)"
                ),
            });
        }
    }
    Ok(())
}

/// Writes the perturbed counts into the rows `index` and recomputes the figures built on them,
/// rounded to the decimals `manifest` publishes them with (so that the kommungrupp means made
/// next are means of what a reader sees).
pub(crate) fn apply(
    manifest: &Manifest,
    plan: &Plan,
    geo: &Geography,
    published: &BTreeMap<NodeKey, u64>,
    rows: &mut [ResultRow],
    index: &[usize],
) {
    if published.is_empty() {
        return;
    }
    for &i in index {
        let row = &mut rows[i];
        let Some(ip) = plan.indicators.get(&row.indicator) else {
            continue;
        };
        if !linked_level(row.key.level) || row.status != Status::Value {
            continue;
        }
        let key = canonical(geo, &row.key);
        let mut changed = false;
        for &(f, c, _) in &ip.slots {
            let Some(&v) = published.get(&(c, key.as_ref().clone())) else {
                continue;
            };
            let target = match f {
                Field::Numerator => &mut row.numerator,
                Field::Denominator => &mut row.denominator,
                Field::Units => &mut row.units,
            };
            if target.is_some() {
                *target = Some(v as f64);
                changed = true;
            }
        }
        if changed {
            refigure(row, ip.figure);
            if let (Some(v), Some(indicator)) = (row.value, manifest.indicator(&row.indicator)) {
                row.value = Some(published_value(v, indicator.decimals));
            }
        }
    }
}

/// The row's value from its (perturbed) counts.
fn refigure(row: &mut ResultRow, figure: Figure) {
    // An interval computed from the true counts would describe other figures than the ones
    // shown.
    row.ci_low = None;
    row.ci_high = None;
    match figure {
        Figure::Count => row.value = row.numerator,
        Figure::Ratio { per, share } => match (row.numerator, row.denominator) {
            // The published denominator is 0: no share can be formed from what is shown.
            (Some(_), Some(0.0)) => {
                row.value = None;
                row.status = Status::NotApplicable;
            }
            (Some(n), Some(d)) => {
                let value = per as f64 * n / d;
                // Perturbed separately, a numerator can exceed its denominator by a unit or
                // two; a share above 100 % would say something impossible.
                row.value = Some(if share { value.min(100.0) } else { value });
            }
            _ => {}
        },
        Figure::Other => {}
    }
}
