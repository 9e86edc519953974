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

use super::build::{Places, build};
use super::cells::{CellMap, Node, NodeKey, gather, gather_shown};
use super::clock::Clock;
use super::error::ProtectError;
use super::follow::{EarlierYear, Revised};
use super::plan::Plan;
use super::report::{FollowSummary, YearSummary};
use super::{Problem, audit_failed, follow, perturb, primary};

/// What one year's protection decided, before it is applied to the rows.
pub(crate) struct YearOutcome {
    /// Status of every sensitive count cell under suppression.
    pub(crate) statuses: CellMap<CellStatus>,
    /// Published value of every count cell under the cell key method.
    pub(crate) perturbed: BTreeMap<NodeKey, u64>,
    /// The year's summary so far (rows are counted when applied).
    pub(crate) summary: YearSummary,
}

/// What one linked system of a year decided.
pub(crate) struct SystemOutcome {
    statuses: Vec<(NodeKey, CellStatus)>,
    perturbed: Vec<(NodeKey, u64)>,
    /// Its part of the year's summary.
    summary: YearSummary,
}

/// The problems shown to the caller, from whichever thread meets them.
pub(crate) type Observer<'o> = Mutex<&'o mut (dyn FnMut(Problem<'_>) + Send)>;

/// The count cells of one year, gathered once for all its linked systems.
pub(crate) struct YearCells<'r> {
    year: i32,
    nodes: BTreeMap<NodeKey, Node>,
    places: Places,
    /// The followed release's cells of the year, when it published the year.
    earlier: Option<EarlierYear<'r>>,
}

/// Gathers the count cells of the rows `index` of `all_rows`, all of `year`.
pub(crate) fn year_cells<'r>(
    plan: &Plan,
    geo: &Geography,
    all_rows: &[ResultRow],
    index: &[usize],
    year: i32,
    following: Option<&'r Following>,
) -> Result<YearCells<'r>, ProtectError> {
    let mut clock = Clock::start(year);
    let rows: Vec<&ResultRow> = index.iter().map(|&i| &all_rows[i]).collect();
    // A year the followed release published with the same figures is gathered once, each
    // cell knowing whether it was published then; any other year's earlier cells apart.
    let unchanged = following.and_then(|f| follow::unchanged(&rows, f, year));
    let nodes = match &unchanged {
        Some(pairs) => gather_shown(plan, geo, pairs.iter().copied())?,
        None => gather(plan, geo, rows.iter().copied())?,
    };
    let places = Places::new(geo, year);
    clock.lap(None, "cells");
    let earlier = match (following, unchanged) {
        (_, Some(_)) => Some(EarlierYear::Unchanged),
        (Some(f), None) => follow::earlier_year(plan, geo, f, year)?.map(EarlierYear::Revised),
        (None, None) => None,
    };
    clock.lap(None, "earlier release");
    Ok(YearCells {
        year,
        nodes,
        places,
        earlier,
    })
}

/// Protects linked system `sys` of one year under `policy`; the year's rows are `index` of
/// `all_rows`.
#[allow(
    clippy::too_many_arguments,
    reason = "the stage's inputs, each needed once"
)]
pub(crate) fn protect_system(
    plan: &Plan,
    sys: usize,
    policy: &DisclosurePolicy,
    geo: &Geography,
    all_rows: &[ResultRow],
    index: &[usize],
    cells: &YearCells<'_>,
    observers: &Observer<'_>,
) -> Result<SystemOutcome, ProtectError> {
    let observe = |p: Problem<'_>| {
        let mut observe = observers.lock().unwrap_or_else(PoisonError::into_inner);
        (*observe)(p);
    };
    let YearCells {
        year,
        nodes,
        places,
        earlier,
    } = cells;
    let year = *year;
    let mut clock = Clock::start(year);
    let rows = || index.iter().map(|&i| &all_rows[i]);
    let mut out = SystemOutcome {
        statuses: Vec::new(),
        perturbed: Vec::new(),
        summary: YearSummary {
            year,
            ..YearSummary::default()
        },
    };
    let ys = &mut out.summary;
    let name = Some(policy.name.as_str());
    if let Some(cell_key) = policy.cell_key() {
        let cells = perturb::perturb_cells(plan, sys, nodes, year, cell_key);
        clock.lap(name, "perturb");
        ys.cells += cells.len();
        ys.perturbed += cells.len();
        out.perturbed = cells.into_iter().collect();
        return Ok(out);
    }
    let Some(rules) = policy.suppression() else {
        return Ok(out);
    };
    // A system the followed release published with every cell unchanged is taken over
    // without building it: whether it is unchanged needs only the cells, their values and
    // the shares on them ([`follow::carried`]).
    if let Some(e) = earlier {
        let carried = follow::carried(plan, sys, geo, nodes, rows(), rules, e);
        clock.lap(name, "carried check");
        if let Some(c) = carried {
            ys.follows
                .get_or_insert(FollowSummary {
                    carried: true,
                    ..FollowSummary::default()
                })
                .add(&c.summary);
            for (node, s) in c.statuses {
                count_cell(ys, s);
                out.statuses.push((node, s));
            }
            return Ok(out);
        }
    }
    let built = build(plan, sys, nodes, places, geo, rows())?;
    clock.lap(name, "build");
    let pattern = primary::primary(&built.system, &built.class, &built.real, rules);
    clock.lap(name, "primary");
    observe(Problem {
        year,
        index: sys,
        system: &built.system,
        primary: &pattern,
        policy: rules,
    });
    let (outcome, nodes) = match earlier {
        Some(e) => {
            let written;
            let e = match e {
                EarlierYear::Revised(e) => e,
                EarlierYear::Unchanged => {
                    written = Revised::of_unchanged(nodes, rows());
                    &written
                }
            };
            let f = follow::protect_following(plan, sys, &built, &pattern, rules, e, places, geo)?;
            ys.follows
                .get_or_insert(FollowSummary {
                    carried: true,
                    ..FollowSummary::default()
                })
                .add(&f.summary);
            ys.recovered += f.recovered;
            clock.lap(name, "solve beside the earlier release");
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
            clock.lap(name, "solve");
            if outcome.report.passed() {
                ys.recovered +=
                    publish_recoverable(&built.system, &mut outcome.statuses, rules).len();
            }
            clock.lap(name, "publish recoverable");
            (outcome, Vec::new())
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
    clock.lap(name, "decimals");
    for (i, node) in built.nodes.iter().enumerate() {
        if !built.class[i].sensitive() {
            continue;
        }
        let s = outcome.statuses[i];
        count_cell(ys, s);
        out.statuses.push((node.clone(), s));
    }
    ys.equations += built.equations;
    ys.short_equations += built.short_equations;
    ys.relations += built.relations;
    ys.relations_across += built.relations_across;
    ys.repair_rounds += outcome.rounds;
    ys.audit_intervals += outcome.report.intervals.len();
    ys.audit_checked += outcome.report.intervals.len() + outcome.report.cleared.len();
    Ok(out)
}

/// Counts a sensitive cell of the year by its status.
fn count_cell(ys: &mut YearSummary, s: CellStatus) {
    ys.cells += 1;
    ys.primary += usize::from(s.is_primary());
    ys.secondary += usize::from(s.is_suppressed() && !s.is_primary());
}

/// One year's outcome from its systems' (in system order: a count cell in two systems takes
/// the later one's status).
pub(crate) fn merge(year: i32, systems: usize, outcomes: Vec<SystemOutcome>) -> YearOutcome {
    let mut year = YearOutcome {
        statuses: CellMap::with_capacity_and_hasher(
            outcomes.iter().map(|o| o.statuses.len()).sum(),
            foldhash::fast::FixedState::default(),
        ),
        perturbed: BTreeMap::new(),
        summary: YearSummary {
            year,
            systems,
            ..YearSummary::default()
        },
    };
    for o in outcomes {
        year.statuses.extend(o.statuses);
        year.perturbed.extend(o.perturbed);
        let (ys, s) = (&mut year.summary, o.summary);
        ys.cells += s.cells;
        ys.perturbed += s.perturbed;
        ys.primary += s.primary;
        ys.secondary += s.secondary;
        ys.recovered += s.recovered;
        ys.equations += s.equations;
        ys.short_equations += s.short_equations;
        ys.relations += s.relations;
        ys.relations_across += s.relations_across;
        ys.repair_rounds += s.repair_rounds;
        ys.audit_intervals += s.audit_intervals;
        ys.audit_checked += s.audit_checked;
        if let Some(f) = s.follows {
            ys.follows
                .get_or_insert(FollowSummary {
                    carried: true,
                    ..FollowSummary::default()
                })
                .add(&f);
        }
    }
    year
}
