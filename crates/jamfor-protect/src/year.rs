//! One year's protection: the count cells of the year, each linked system solved (or perturbed,
//! or carried over from the release followed), giving every count cell's status. Years are
//! independent of each other, so they are protected side by side; applying the statuses to the
//! rows happens afterwards, in year order ([`super::protect_release_following`]).

use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};

use jamfor_disclosure::{
    AuditScope, CellStatus, DisclosurePolicy, SecondaryOptions, assess_derived, check_decimals,
    publish_recoverable, secondary_with_repair,
};
use jamfor_engine::ResultRow;
use jamfor_geo::Geography;
use jamfor_history::following::Following;

use super::build::{Places, Scope, build};
use super::cells::{NodeKey, gather};
use super::error::ProtectError;
use super::plan::Plan;
use super::report::{FollowSummary, YearSummary};
use super::{Problem, audit_failed, follow, perturb, primary};

/// What one year's protection decided, before it is applied to the rows.
pub(crate) struct YearOutcome {
    /// Status of every sensitive count cell under suppression.
    pub(crate) statuses: BTreeMap<NodeKey, CellStatus>,
    /// Published value of every count cell under the cell key method.
    pub(crate) perturbed: BTreeMap<NodeKey, u64>,
    /// The year's summary so far (rows are counted when applied).
    pub(crate) summary: YearSummary,
}

/// The problems shown to the caller, from whichever year's thread meets them.
pub(crate) type Observer<'o> = Mutex<&'o mut (dyn FnMut(Problem<'_>) + Send)>;

/// Protects the rows `index` of `all_rows`, all of `year`.
#[allow(
    clippy::too_many_arguments,
    reason = "the stage's inputs, each needed once"
)]
pub(crate) fn protect_year(
    plan: &Plan,
    policies: &[DisclosurePolicy],
    geo: &Geography,
    all_rows: &[ResultRow],
    index: &[usize],
    year: i32,
    following: Option<&Following>,
    observers: &Observer<'_>,
) -> Result<YearOutcome, ProtectError> {
    let observe = |p: Problem<'_>| {
        let mut observe = observers.lock().unwrap_or_else(PoisonError::into_inner);
        (*observe)(p);
    };
    let rows = || index.iter().map(|&i| &all_rows[i]);
    let nodes = gather(plan, geo, rows())?;
    let places = Places::new(geo, year);
    let earlier = match following {
        Some(f) => follow::earlier_year(plan, geo, f, year)?,
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
            let cells = perturb::perturb_cells(plan, sys, &nodes, year, cell_key);
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
                let cells = build(plan, sys, &nodes, &places, geo, rows(), Scope::Cells)?;
                let pattern = primary::primary(&cells.system, &cells.class, &cells.real, rules);
                follow::carried(plan, sys, &cells, &pattern, rules, e).map(|f| (cells, f))
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
                let built = build(plan, sys, &nodes, &places, geo, rows(), Scope::Full)?;
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
                            plan, sys, &built, &pattern, rules, e, &places, geo,
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
                            ys.recovered +=
                                publish_recoverable(&built.system, &mut outcome.statuses, rules)
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
            return Err(audit_failed(plan, nodes, year, &outcome.report));
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
    Ok(YearOutcome {
        statuses,
        perturbed,
        summary: ys,
    })
}
