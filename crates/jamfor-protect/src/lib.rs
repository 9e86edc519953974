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
//!    ([`policy`], [`plan`]). Years share no cells, so they are protected side by side
//!    ([`year`]) and applied to the rows in year order.
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
mod clock;
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
mod year;

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Mutex, OnceLock, PoisonError};

use jamfor_disclosure::{Exposure, LinkedSystem, PrimaryPattern, SuppressionPolicy};
use jamfor_engine::{CellKey, GeoLevel, Kon, ResultRow, ResultTable, Status};
use jamfor_geo::Geography;
use jamfor_spec::manifest::{Manifest, Release};

pub use error::{ExposedCell, ProtectError};
pub use loss::{loss_csv, years_csv};
pub use policy::disclosure_policy;
pub use qa::qa_csv;
pub use report::{
    FollowSummary, PrimaryRule, ProtectionSummary, QaCell, SecondaryRule, Withheld, YearSummary,
};

use cells::NodeKey;
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
    observe: &mut (dyn FnMut(Problem<'_>) + Send),
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
    observe: &mut (dyn FnMut(Problem<'_>) + Send),
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
    // Years share no cells, and a year's linked systems share none either: every (year,
    // system) is its own problem, protected side by side on all cores, then applied in year
    // order, so the release is the same whatever the threads did (and the first error is the
    // earliest year's, as one by one). A year's cells are gathered once for its systems.
    let years: Vec<(i32, Vec<usize>)> = by_year.into_iter().collect();
    // Gathered by the first of the year's tasks to need them, so solving starts at once.
    let cells: Vec<OnceLock<Result<year::YearCells<'_>, ProtectError>>> =
        years.iter().map(|_| OnceLock::new()).collect();
    let tasks: Vec<(usize, usize)> = (0..years.len())
        .flat_map(|y| (0..policies.len()).map(move |s| (y, s)))
        .collect();
    let observers: year::Observer<'_> = Mutex::new(observe);
    let mut solved = jamfor_disclosure::par_map(&tasks, |&(y, sys)| {
        year::protect_system(
            &plan,
            sys,
            &policies[sys],
            geo,
            &results.rows,
            &years[y].1,
            cells[y]
                .get_or_init(|| {
                    year::year_cells(
                        &plan,
                        geo,
                        &results.rows,
                        &years[y].1,
                        years[y].0,
                        following,
                    )
                })
                .as_ref()
                .map_err(Clone::clone)?,
            &observers,
        )
    })
    .into_iter();
    // Then each year's statuses are merged and its rows set, the years side by side too: every
    // year's rows are moved out of the table, set, and moved back into their places.
    let work: Vec<Mutex<Option<YearWork<'_>>>> = years
        .iter()
        .zip(cells)
        .map(|((year, index), cells)| {
            Mutex::new(Some(YearWork {
                year: *year,
                cells: cells.into_inner(),
                systems: solved.by_ref().take(policies.len()).collect(),
                rows: index
                    .iter()
                    .map(|&i| std::mem::replace(&mut results.rows[i], moved_out()))
                    .collect(),
            }))
        })
        .collect();
    let applied = jamfor_disclosure::par_map(&work, |work| {
        let taken = work.lock().unwrap_or_else(PoisonError::into_inner).take();
        let Some(YearWork {
            year,
            cells,
            systems,
            mut rows,
        }) = taken
        else {
            return Err(ProtectError::Internal {
                message: "a year's rows were set twice; this is a bug, please report it".into(),
            });
        };
        drop(cells);
        let outcome = year::merge(
            year,
            policies.len(),
            systems.into_iter().collect::<Result<_, _>>()?,
        );
        let mut clock = clock::Clock::start(year);
        let index: Vec<usize> = (0..rows.len()).collect();
        perturb::apply(manifest, &plan, geo, &outcome.perturbed, &mut rows, &index);
        let withheld = rows::apply(manifest, &plan, geo, &outcome.statuses, &mut rows, &index)?;
        clock.lap(None, "rows");
        Ok((rows, outcome.summary, withheld))
    });
    let mut qa = Vec::new();
    let mut summary = ProtectionSummary::default();
    for ((_, index), applied) in years.iter().zip(applied) {
        let (rows, mut ys, withheld) = applied?;
        ys.confidential_rows = withheld.len();
        ys.quality_rows = withheld
            .iter()
            .filter(|q| matches!(q.reason, Withheld::Quality { .. }))
            .count();
        qa.extend(withheld);
        summary.years.push(ys);
        for (&i, row) in index.iter().zip(rows) {
            results.rows[i] = row;
        }
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

/// What stands in a row's place while the row is set on its year's thread: no allocation.
fn moved_out() -> ResultRow {
    ResultRow {
        indicator: String::new(),
        year: 0,
        key: CellKey {
            level: GeoLevel::Riket,
            geo: String::new(),
            kon: Kon::T,
            age_group: None,
        },
        value: None,
        numerator: None,
        denominator: None,
        units: None,
        ci_low: None,
        ci_high: None,
        status: Status::NotApplicable,
    }
}

/// One year after solving: its cells (dropped on the year's thread), its systems' outcomes and
/// its rows, to be set.
struct YearWork<'r> {
    year: i32,
    cells: Option<Result<year::YearCells<'r>, ProtectError>>,
    systems: Vec<Result<year::SystemOutcome, ProtectError>>,
    rows: Vec<ResultRow>,
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
