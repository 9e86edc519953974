//! Disclosure control applied to the engine's result table.
//!
//! **In:** the checked [`Manifest`], the [`Release`], the geography and the engine's
//! [`ResultTable`] (every indicator, every year, unprotected).
//! **Out:** [`Protected`]: the same rows with [`Status::Confidential`] set where a figure must
//! not be published (value, numerator, denominator, units and interval cleared), internal QA
//! per withheld row, and a summary per year. Or a [`ProtectError`] when the audit cannot be
//! passed: such a release must not be written.
//!
//! How:
//! 1. Every count a row publishes (numerator, denominator, units) is a *count cell*,
//!    identified by what it counts, not by the indicator: a numerator reused by two
//!    indicators, or a count next to a share built on it, is one cell with one status
//!    ([`counts`]).
//! 2. For every year (history years too: they are published as series), the count cells form
//!    linked systems with the equations a reader knows ([`build`]), one per joined policy
//!    ([`policy`], [`plan`]).
//! 3. Primary rules ([`primary`]), then the disclosure crate's Gaussian-elimination secondary
//!    suppression with the ones/zeros repair loop and the LP audit as the gate, then its
//!    decimals check on every share and rate.
//! 4. Rows follow their counts ([`rows`]): a row is confidential when any count it publishes
//!    is. Kommungrupp rows show the mean of their members' *published* values and no counts,
//!    so a confidential kommun value never enters a published figure and the kommuner stay in
//!    one hierarchy (kommun, län, riket) for the reader's problem.
//! 5. Under a cell key policy ([`perturb`]) steps 2–3 are replaced: every sensitive count cell
//!    is published with the noise its key draws from the policy's perturbation table, and the
//!    rows' shares and rates are recomputed from the perturbed counts. Nothing is suppressed
//!    for confidentiality (the quality rule on small denominators still applies).
//! 6. A release that follows an earlier one ([`crate::following`]) protects the years both
//!    publish beside the earlier release's figures, keeping its pattern where the data did not
//!    change ([`follow`]).

mod build;
mod cells;
mod conditions;
mod counts;
mod error;
mod follow;
mod loss;
mod perturb;
mod plan;
mod policy;
mod primary;
mod qa;
mod relations;
mod report;
mod rows;
mod stadsdelar;

use std::collections::{BTreeMap, BTreeSet};

use jamfor_disclosure::{
    AuditScope, CellStatus, Exposure, LinkedSystem, PrimaryPattern, SecondaryOptions,
    SuppressionPolicy, assess_derived, check_decimals, publish_recoverable, secondary_with_repair,
};
use jamfor_engine::{GeoLevel, ResultTable, Status};
use jamfor_geo::Geography;
use jamfor_spec::manifest::{Manifest, Release};

pub use error::{ExposedCell, ProtectError};
pub use loss::{loss_csv, years_csv};
pub use policy::disclosure_policy;
pub use qa::qa_csv;
pub use report::{
    FollowSummary, PrimaryRule, ProtectionSummary, QaCell, SecondaryRule, Withheld, YearSummary,
};

use build::{Places, Scope, build};
use cells::{NodeKey, gather};
use plan::Plan;

use jamfor_history::following::Following;

/// A protected release.
#[derive(Debug, Clone, PartialEq)]
pub struct Protected {
    /// The rows, with [`Status::Confidential`] set and the withheld figures cleared.
    pub results: ResultTable,
    /// Internal QA: every withheld row with the reason (primary, secondary, quality, …).
    /// Never part of the public output.
    pub qa: Vec<QaCell>,
    /// Per year: cells, primary, secondary, repair rounds, audit.
    pub summary: ProtectionSummary,
}

/// Protects every year of `results` under the release's declared policies.
///
/// # Errors
/// An undeclared or unusable policy, a published count that is not a whole number, or an
/// audit that still pins a confidential cell (named by count, year, place and kön).
pub fn protect_release(
    manifest: &Manifest,
    release: &Release,
    geo: &Geography,
    results: ResultTable,
) -> Result<Protected, ProtectError> {
    protect_release_observed(manifest, release, geo, results, &mut |_| {})
}

/// One protection problem of a release, shown to an observer before it is solved.
#[derive(Debug, Clone, Copy)]
pub struct Problem<'a> {
    /// The year.
    pub year: i32,
    /// Which linked system of the year (one per joined policy), from 0.
    pub index: usize,
    /// The linked system, with true values.
    pub system: &'a LinkedSystem,
    /// Its primary pattern.
    pub primary: &'a PrimaryPattern,
    /// The policy it is protected under.
    pub policy: &'a SuppressionPolicy,
}

/// [`protect_release`], showing every problem to `observe` before it is solved (for the
/// internal QA output, which keeps them so a protection can be re-run offline).
///
/// # Errors
/// As [`protect_release`].
pub fn protect_release_observed(
    manifest: &Manifest,
    release: &Release,
    geo: &Geography,
    results: ResultTable,
    observe: &mut dyn FnMut(Problem<'_>),
) -> Result<Protected, ProtectError> {
    protect_release_following(manifest, release, geo, results, None, observe)
}

/// [`protect_release_observed`] for a release that follows an earlier one: the years both
/// publish keep the earlier pattern where the data did not change, and are audited together
/// with the earlier release's figures.
///
/// # Errors
/// As [`protect_release`].
pub fn protect_release_following(
    manifest: &Manifest,
    release: &Release,
    geo: &Geography,
    mut results: ResultTable,
    following: Option<&Following>,
    observe: &mut dyn FnMut(Problem<'_>),
) -> Result<Protected, ProtectError> {
    let plan = Plan::new(manifest, release)?;
    let policies = plan
        .systems
        .iter()
        .map(|ids| policy::join(manifest, ids))
        .collect::<Result<Vec<_>, _>>()?;
    for (sys, policy) in policies.iter().enumerate() {
        if policy.cell_key().is_some() {
            perturb::check_figures(&plan, sys, &policy.name)?;
        }
    }
    // A kommungrupp row publishes the mean of its members' published values and no counts:
    // pooled counts would tie every kommun to a second hierarchy across the län, making the
    // reader's problem one crossed table per count (and what a published pool minus its
    // published members leaves is a confidential member's value). `units` is set again below
    // to the number of published members behind the mean, which the kommun rows show anyway.
    for row in results
        .rows
        .iter_mut()
        .filter(|r| r.key.level == GeoLevel::Kommungrupp)
    {
        row.numerator = None;
        row.denominator = None;
        row.units = None;
        row.ci_low = None;
        row.ci_high = None;
    }
    let mut by_year: BTreeMap<i32, Vec<usize>> = BTreeMap::new();
    for (i, row) in results.rows.iter().enumerate() {
        by_year.entry(row.year).or_default().push(i);
    }
    let mut qa = Vec::new();
    let mut summary = ProtectionSummary::default();
    for (year, index) in by_year {
        let rows = || index.iter().map(|&i| &results.rows[i]);
        let nodes = gather(&plan, geo, rows())?;
        let places = Places::new(geo, year);
        let earlier = match following {
            Some(f) => follow::earlier_year(&plan, geo, f, year)?,
            None => None,
        };
        let mut statuses: BTreeMap<NodeKey, CellStatus> = BTreeMap::new();
        let mut perturbed: BTreeMap<NodeKey, u64> = BTreeMap::new();
        let mut ys = YearSummary {
            year,
            systems: plan.systems.len(),
            ..YearSummary::default()
        };
        for (sys, policy) in policies.iter().enumerate() {
            if let Some(cell_key) = policy.cell_key() {
                let cells = perturb::perturb_cells(&plan, sys, &nodes, year, cell_key);
                ys.cells += cells.len();
                ys.perturbed += cells.len();
                perturbed.extend(cells);
                continue;
            }
            let Some(rules) = policy.suppression() else {
                continue;
            };
            // A year the followed release published with every cell unchanged is taken over
            // without its equations and relations: whether it is unchanged needs only the
            // cells, their values and the shares on them ([`follow::carried`]).
            let carried = match &earlier {
                Some(e) => {
                    let cells = build(&plan, sys, &nodes, &places, geo, rows(), Scope::Cells)?;
                    let pattern = primary::primary(&cells.system, &cells.class, &cells.real, rules);
                    follow::carried(&plan, sys, &cells, &pattern, rules, e).map(|f| (cells, f))
                }
                None => None,
            };
            let (built, outcome, nodes) = match carried {
                Some((cells, f)) => {
                    ys.follows
                        .get_or_insert(FollowSummary {
                            carried: true,
                            ..FollowSummary::default()
                        })
                        .add(&f.summary);
                    (cells, f.outcome, f.nodes)
                }
                None => {
                    let built = build(&plan, sys, &nodes, &places, geo, rows(), Scope::Full)?;
                    let pattern = primary::primary(&built.system, &built.class, &built.real, rules);
                    observe(Problem {
                        year,
                        index: sys,
                        system: &built.system,
                        primary: &pattern,
                        policy: rules,
                    });
                    let (outcome, nodes) = match &earlier {
                        Some(e) => {
                            let f = follow::protect_following(
                                &plan, sys, &built, &pattern, rules, e, &places, geo,
                            )?;
                            ys.follows
                                .get_or_insert(FollowSummary {
                                    carried: true,
                                    ..FollowSummary::default()
                                })
                                .add(&f.summary);
                            ys.recovered += f.recovered;
                            (f.outcome, f.nodes)
                        }
                        None => {
                            let mut outcome = secondary_with_repair(
                                &built.system,
                                rules,
                                &pattern,
                                SecondaryOptions::default(),
                                AuditScope::Primary,
                            );
                            if outcome.report.passed() {
                                ys.recovered += publish_recoverable(
                                    &built.system,
                                    &mut outcome.statuses,
                                    rules,
                                )
                                .len();
                            }
                            (outcome, Vec::new())
                        }
                    };
                    (built, outcome, nodes)
                }
            };
            if !outcome.report.passed() {
                let nodes = if nodes.is_empty() {
                    &built.nodes
                } else {
                    &nodes
                };
                return Err(audit_failed(&plan, nodes, year, &outcome.report));
            }
            let derived = assess_derived(&built.system, &outcome.statuses, rules);
            let revealed = check_decimals(&built.system, &outcome.statuses, &derived, rules);
            if !revealed.is_empty() {
                return Err(ProtectError::DecimalsReveal {
                    figures: revealed
                        .iter()
                        .map(|f| format!("{} {year} {}", f.label.table, f.label.key))
                        .collect(),
                });
            }
            for (i, node) in built.nodes.iter().enumerate() {
                if !built.class[i].sensitive() {
                    continue;
                }
                let s = outcome.statuses[i];
                ys.cells += 1;
                ys.primary += usize::from(s.is_primary());
                ys.secondary += usize::from(s.is_suppressed() && !s.is_primary());
                statuses.insert(node.clone(), s);
            }
            ys.equations += built.equations;
            ys.short_equations += built.short_equations;
            ys.relations += built.relations;
            ys.relations_across += built.relations_across;
            ys.repair_rounds += outcome.rounds;
            ys.audit_intervals += outcome.report.intervals.len();
            ys.audit_checked += outcome.report.intervals.len() + outcome.report.cleared.len();
        }
        perturb::apply(manifest, &plan, geo, &perturbed, &mut results.rows, &index);
        let withheld = rows::apply(manifest, &plan, geo, &statuses, &mut results.rows, &index)?;
        ys.confidential_rows = withheld.len();
        ys.quality_rows = withheld
            .iter()
            .filter(|q| matches!(q.reason, Withheld::Quality { .. }))
            .count();
        qa.extend(withheld);
        summary.years.push(ys);
    }
    qa.sort_by(|a, b| (a.year, &a.indicator, &a.key).cmp(&(b.year, &b.indicator, &b.key)));
    debug_assert!(
        results
            .rows
            .iter()
            .filter(|r| r.status == Status::Confidential)
            .all(|r| r.value.is_none() && r.numerator.is_none() && r.denominator.is_none())
    );
    Ok(Protected {
        results,
        qa,
        summary,
    })
}

fn audit_failed(
    plan: &Plan,
    nodes: &[NodeKey],
    year: i32,
    report: &jamfor_disclosure::AuditReport,
) -> ProtectError {
    let cells = report
        .findings
        .iter()
        .map(|f| {
            let (c, key) = &nodes[f.cell.index()];
            let info = &plan.counts[*c as usize];
            ExposedCell {
                count: info.id.to_string(),
                indicators: info.indicators.iter().cloned().collect(),
                year,
                cell: cells::describe(key),
                exposure: match f.exposure {
                    Exposure::Exact => "its exact value",
                    Exposure::BelowThreshold => "that it is below the threshold",
                    Exposure::ComplementBelowThreshold => {
                        "that it falls short of its denominator by less than the threshold"
                    }
                    Exposure::WithinProtectionLevel => {
                        "that it lies within the policy's protection level of its value"
                    }
                },
            }
        })
        .collect();
    let solver_problems = report
        .solver_problems
        .iter()
        .map(|p| format!("{year} {}", p.label))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    ProtectError::AuditFailed {
        cells,
        solver_problems,
    }
}
