//! Information loss, for the internal QA output: how many rows each indicator loses at each
//! level and why, and per year how the count cells were protected.
//!
//! Like the QA table it separates primary from secondary suppression, so it is internal too.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use jamfor_engine::Status;

use super::{Protected, Withheld};

/// Withheld rows per indicator and level, as CSV: every row the release has there, how many
/// are withheld, and by which rule.
#[must_use]
pub fn loss_csv(protected: &Protected) -> String {
    #[derive(Default)]
    struct Tally {
        rows: usize,
        withheld: usize,
        primary: usize,
        secondary: usize,
        quality: usize,
        other: usize,
    }
    let mut by: BTreeMap<(&str, &str), Tally> = BTreeMap::new();
    for row in &protected.results.rows {
        let t = by
            .entry((row.indicator.as_str(), row.key.level.code()))
            .or_default();
        t.rows += 1;
        t.withheld += usize::from(row.status == Status::Confidential);
    }
    for cell in &protected.qa {
        let t = by
            .entry((cell.indicator.as_str(), cell.key.level.code()))
            .or_default();
        match cell.reason {
            Withheld::Primary { .. } => t.primary += 1,
            Withheld::Secondary { .. } => t.secondary += 1,
            Withheld::Quality { .. } | Withheld::FewMembers { .. } => t.quality += 1,
            Withheld::UnitLevel { .. } | Withheld::NoPublishedMember => t.other += 1,
        }
    }
    let mut out = String::from(
        "indicator,level,rows,withheld,withheld_percent,primary,secondary,quality,other\n",
    );
    for ((indicator, level), t) in by {
        let percent = if t.rows == 0 {
            0.0
        } else {
            100.0 * t.withheld as f64 / t.rows as f64
        };
        let _ = writeln!(
            out,
            "{indicator},{level},{},{},{percent:.1},{},{},{},{}",
            t.rows, t.withheld, t.primary, t.secondary, t.quality, t.other
        );
    }
    out
}

/// Per year: the count cells, their primary and secondary suppressions (or perturbations
/// under the cell key method), the secondary cells
/// published again because a reader could compute them anyway, and the equations and
/// relations they were protected under.
#[must_use]
pub fn years_csv(protected: &Protected) -> String {
    let mut out = String::from(
        "year,cells,primary,secondary,perturbed,recovered,equations,relations,relations_across_policies,repair_rounds,confidential_rows\n",
    );
    for y in &protected.summary.years {
        let _ = writeln!(
            out,
            "{},{},{},{},{},{},{},{},{},{},{}",
            y.year,
            y.cells,
            y.primary,
            y.secondary,
            y.perturbed,
            y.recovered,
            y.equations,
            y.relations,
            y.relations_across,
            y.repair_rounds,
            y.confidential_rows
        );
    }
    out
}
