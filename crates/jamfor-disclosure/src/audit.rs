//! The release gate: an attacker's LP over everything published.
//!
//! For each confidential cell, minimise and maximise its value subject to every equation (with
//! published cells as constants) and the lower bound a reader may assume (1 when zeros are
//! published, else 0). The feasible interval must not pin the cell: it must hold at least two
//! integers, and must not lie entirely below `min_count` (which would say "this is a small
//! count"). Suppressed cells linked by equations form independent LPs, audited separately and
//! in parallel; cells in different components cannot inform each other. Within a component,
//! most cells are settled over a few equations around them ([`crate::certificate`]): cleared
//! by a feasible table, or shown exposed by a relaxation. Only the rest are solved over the
//! whole component, which can hold thousands of cells.

use std::collections::BTreeMap;
use std::fmt;

use crate::attack::{AttackLp, Need, Outcome};
use crate::bounds::propagate;
use crate::certificate::{Graph, Local, Table, clear_locally, needs};
use crate::constraint;
use crate::par::par_map;
use crate::policy::SuppressionPolicy;
use crate::status::{CellStatus, PrimaryReason};
use crate::structure::UnionFind;
use crate::system::{CellId, CellLabel, LinkedSystem};

/// Which suppressed cells get an interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditScope {
    /// Primary cells only: the cells whose exposure fails the gate. A cell is cleared as soon
    /// as one feasible table shows it is not pinned (found by a small LP around the cell; one
    /// table can clear many cells); only the rest get their exact interval over their whole
    /// component.
    Primary,
    /// Exact interval of every suppressed cell (two LPs each); secondary cells are reported
    /// but never fail the gate. Slower; for QA.
    AllSuppressed,
}

/// A feasible interval as the attacker's LP finds it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interval {
    /// Smallest feasible value.
    pub lo: f64,
    /// Largest feasible value; `None` when unbounded.
    pub hi: Option<f64>,
}

impl Interval {
    /// Slack for LP round-off when turning bounds into integers.
    pub(crate) const TOL: f64 = 1e-6;

    /// Smallest integer in the interval.
    pub fn lo_int(&self) -> u64 {
        (self.lo - Self::TOL).ceil().max(0.0) as u64
    }

    /// Largest integer in the interval (`None`: unbounded).
    pub fn hi_int(&self) -> Option<u64> {
        self.hi.map(|h| (h + Self::TOL).floor().max(0.0) as u64)
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.hi_int() {
            Some(h) => write!(f, "[{}, {h}]", self.lo_int()),
            None => write!(f, "[{}, ∞)", self.lo_int()),
        }
    }
}

/// How a primary cell is exposed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exposure {
    /// At most one integer is feasible: the value is known.
    Exact,
    /// Every feasible value is below `min_count`: the reader learns it is small.
    BelowThreshold,
    /// Complement-rule cell: `denominator − value` is known to be below `min_count`.
    ComplementBelowThreshold,
    /// The interval does not reach the policy's protection level (`protection_percent`)
    /// beyond the value.
    WithinProtectionLevel,
}

/// One exposed primary cell.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditFinding {
    /// The cell.
    pub cell: CellId,
    /// Its table and key.
    pub label: CellLabel,
    /// Its true value (internal QA only).
    pub value: u64,
    /// Why it is primary.
    pub reason: PrimaryReason,
    /// What the reader can compute.
    pub interval: Interval,
    /// How it is exposed.
    pub exposure: Exposure,
}

impl fmt::Display for AuditFinding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {:?} (value {}, reader's interval {})",
            self.label, self.exposure, self.value, self.interval
        )
    }
}

/// The LP solver could not answer for a cell; the gate treats it as a failure.
#[derive(Debug, Clone, PartialEq)]
pub struct SolverProblem {
    /// The cell being audited.
    pub label: CellLabel,
    /// The solver's message.
    pub message: String,
}

/// Result of an audit.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditReport {
    /// Lower bound the attacker assumed for suppressed cells.
    pub lower_bound: u64,
    /// Exact interval of every cell that got one, by cell id.
    pub intervals: Vec<(CellId, Interval)>,
    /// Primary cells cleared by a feasible table (scope [`AuditScope::Primary`]): the cell and
    /// a value it can take that is neither its true value's only neighbour nor below the
    /// threshold. Sound: a feasible table is exactly what a reader cannot rule out.
    pub cleared: Vec<(CellId, f64)>,
    /// Exposed primary cells, by cell id.
    pub findings: Vec<AuditFinding>,
    /// Cells the solver failed on.
    pub solver_problems: Vec<SolverProblem>,
    /// Number of LP components and the largest one's number of suppressed cells.
    pub components: usize,
    /// Size of the largest component.
    pub largest_component: usize,
}

impl AuditReport {
    /// The release gate: no exposed primary cell and no solver failure.
    pub fn passed(&self) -> bool {
        self.findings.is_empty() && self.solver_problems.is_empty()
    }
}

/// Audits a status pattern against the policy.
pub fn audit(
    system: &LinkedSystem,
    statuses: &[CellStatus],
    policy: &SuppressionPolicy,
    scope: AuditScope,
) -> AuditReport {
    audit_cached(
        system,
        statuses,
        policy,
        scope,
        Proof::Exact,
        &mut AuditCache::default(),
    )
    .0
}

/// How an exposed cell's interval is established.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Proof {
    /// The exact interval over the whole component.
    Exact,
    /// For the repair loop, which needs to know *that* a cell may be exposed, not how narrowly:
    /// an exposure is proven by the cheapest wider interval that shows it (bounds propagated
    /// through the component's equations, [`crate::bounds`], or a neighbourhood's
    /// relaxation); a cell nothing settles is solved whole only in
    /// a component of at most [`WHOLE_LIMIT`] cells, else left unresolved for the loop to
    /// protect as if exposed.
    Local,
}

/// Largest component a local audit still solves whole for a cell no neighbourhood cleared.
/// Larger ones make the repair loop protect the cell instead: cheaper than one LP over
/// thousands of cells, and the final exact audit settles whatever is left.
const WHOLE_LIMIT: usize = 1000;

/// What earlier audits of the same system, policy and scope found: results per LP component,
/// keyed by the component's suppressed cells (the LP of a component is fixed by that set, as
/// every other cell in its equations is published), and the feasible table that cleared each
/// cell. Between repair rounds only changed components are solved again, and in those a cell
/// whose table still [`holds`](crate::certificate::Graph::holds) is not solved again either.
#[derive(Debug, Default)]
pub(crate) struct AuditCache {
    results: BTreeMap<Vec<CellId>, Vec<(CellId, CellResult)>>,
    tables: BTreeMap<CellId, (f64, Table)>,
}

type CellResult = Result<Outcome, String>;

/// [`audit`] reusing and filling a cache (same system, policy and scope only). With
/// [`Proof::Local`] also returns the primary cells left unresolved (never with
/// [`Proof::Exact`]).
pub(crate) fn audit_cached(
    system: &LinkedSystem,
    statuses: &[CellStatus],
    policy: &SuppressionPolicy,
    scope: AuditScope,
    proof: Proof,
    cache: &mut AuditCache,
) -> (AuditReport, Vec<CellId>) {
    let n = system.cells().len();
    let hidden = |c: CellId| statuses[c.index()].is_suppressed();
    // Components of suppressed cells linked by equations or relations.
    let mut uf = UnionFind::new(n);
    for e in 0..constraint::count(system) {
        let mut first: Option<CellId> = None;
        for c in constraint::cells(system, e) {
            if hidden(c) {
                match first {
                    Some(f) => uf.union(f.index(), c.index()),
                    None => first = Some(c),
                }
            }
        }
    }
    let mut groups: BTreeMap<usize, Vec<CellId>> = BTreeMap::new();
    for id in system.ids().filter(|&c| hidden(c)) {
        groups.entry(uf.find(id.index())).or_default().push(id);
    }
    let mut eqs_of: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for e in 0..constraint::count(system) {
        if let Some(c) = constraint::cells(system, e).find(|&c| hidden(c)) {
            eqs_of.entry(uf.find(c.index())).or_default().push(e);
        }
    }
    let wanted = |c: CellId| match scope {
        AuditScope::Primary => statuses[c.index()].is_primary(),
        AuditScope::AllSuppressed => true,
    };
    let comps: Vec<(Vec<CellId>, Vec<usize>)> = groups
        .into_iter()
        .filter(|(_, cells)| cells.iter().any(|&c| wanted(c)))
        .map(|(root, cells)| (cells, eqs_of.remove(&root).unwrap_or_default()))
        .collect();
    let lb = policy.attacker_lower_bound() as f64;
    let graph = Graph::new(system, statuses);
    // A component is solved again when its suppressed cells changed, or when an exact audit
    // needs what a local one left open.
    let todo: Vec<&(Vec<CellId>, Vec<usize>)> = comps
        .iter()
        .filter(|(cells, _)| match cache.results.get(cells) {
            None => true,
            Some(r) => {
                proof == Proof::Exact && r.iter().any(|(_, o)| matches!(o, Ok(Outcome::Unresolved)))
            }
        })
        .collect();
    let tables = &cache.tables;
    let fresh = par_map(&todo, |(cells, eqs)| {
        let targets: Vec<usize> = (0..cells.len()).filter(|&v| wanted(cells[v])).collect();
        let mut local: Vec<Local> = vec![Local::Open; cells.len()];
        if scope == AuditScope::Primary {
            // Propagated bounds over the component, computed when a cell first needs them.
            let mut bounds: Option<Vec<Interval>> = None;
            let mut open = Vec::new();
            for &v in &targets {
                let CellStatus::Primary(reason) = statuses[cells[v].index()] else {
                    continue;
                };
                let needs = needs(system, statuses, policy, reason, cells[v]);
                match tables.get(&cells[v]) {
                    Some((x, table))
                        if needs.iter().any(|n| n.met(*x)) && graph.holds(table, lb) =>
                    {
                        local[v] = Local::Cleared(*x, table.clone());
                    }
                    // A local audit skips the LPs for a cell propagated bounds already pin.
                    _ if proof == Proof::Local => {
                        let wide =
                            bounds.get_or_insert_with(|| propagate(&graph, cells, eqs, lb))[v];
                        if exposure(system, statuses, policy, cells[v], reason, wide).is_some() {
                            local[v] = Local::Settled(wide);
                        } else {
                            open.push((v, reason, (cells[v], needs)));
                        }
                    }
                    _ => open.push((v, reason, (cells[v], needs))),
                }
            }
            let asks: Vec<(CellId, Vec<Need>)> = open.iter().map(|(_, _, a)| a.clone()).collect();
            let exposed = |t: usize, interval: Interval| {
                let (_, reason, (cell, _)) = &open[t];
                exposure(system, statuses, policy, *cell, *reason, interval).is_some()
            };
            let prove: Option<&(dyn Fn(usize, Interval) -> bool + Sync)> =
                (proof == Proof::Local).then_some(&exposed);
            for ((v, _, _), found) in
                open.iter()
                    .zip(clear_locally(&graph, &asks, Some((cells, eqs)), lb, prove))
            {
                local[*v] = found;
            }
        }
        let mut lp: Option<AttackLp> = None;
        targets
            .into_iter()
            .map(|v| {
                let cell = cells[v];
                match std::mem::replace(&mut local[v], Local::Open) {
                    Local::Cleared(x, table) => (cell, Ok(Outcome::Cleared(x, table))),
                    Local::Settled(interval) => (cell, Ok(Outcome::Interval(interval))),
                    // Components too large to solve whole in a repair round: the loop protects
                    // the cell, the final exact audit settles whatever stays open.
                    Local::Open
                        if proof == Proof::Local
                            && statuses[cell.index()].is_primary()
                            && cells.len() > WHOLE_LIMIT =>
                    {
                        (cell, Ok(Outcome::Unresolved))
                    }
                    Local::Open => {
                        let lp = lp.get_or_insert_with(|| AttackLp::new(system, cells, eqs, lb));
                        (cell, lp.interval(v).map(Outcome::Interval))
                    }
                }
            })
            .collect::<Vec<_>>()
    });
    for ((cells, _), r) in todo.into_iter().zip(fresh) {
        for (c, result) in &r {
            if let Ok(Outcome::Cleared(x, table)) = result {
                cache.tables.insert(*c, (*x, table.clone()));
            }
        }
        cache.results.insert(cells.clone(), r);
    }
    let results: Vec<Vec<(CellId, CellResult)>> = comps
        .iter()
        .map(|(cells, _)| cache.results.get(cells).cloned().unwrap_or_default())
        .collect();
    let mut report = AuditReport {
        lower_bound: policy.attacker_lower_bound(),
        intervals: Vec::new(),
        cleared: Vec::new(),
        findings: Vec::new(),
        solver_problems: Vec::new(),
        components: comps.len(),
        largest_component: comps.iter().map(|(c, _)| c.len()).max().unwrap_or(0),
    };
    let mut unresolved = Vec::new();
    for (cell, result) in results.into_iter().flatten() {
        let label = system.cell(cell).label.clone();
        match result {
            Ok(Outcome::Unresolved) => unresolved.push(cell),
            Err(message) => report
                .solver_problems
                .push(SolverProblem { label, message }),
            Ok(Outcome::Cleared(w, _)) => report.cleared.push((cell, w)),
            Ok(Outcome::Interval(interval)) => {
                report.intervals.push((cell, interval));
                if let CellStatus::Primary(reason) = statuses[cell.index()]
                    && let Some(exposure) =
                        exposure(system, statuses, policy, cell, reason, interval)
                {
                    report.findings.push(AuditFinding {
                        cell,
                        label,
                        value: system.cell(cell).value,
                        reason,
                        interval,
                        exposure,
                    });
                }
            }
        }
    }
    report.intervals.sort_by_key(|(c, _)| *c);
    report.cleared.sort_by_key(|(c, _)| *c);
    report.findings.sort_by_key(|f| f.cell);
    unresolved.sort_unstable();
    (report, unresolved)
}

/// Whether an interval exposes primary cell `cell`, given why it is primary.
fn exposure(
    system: &LinkedSystem,
    statuses: &[CellStatus],
    policy: &SuppressionPolicy,
    cell: CellId,
    reason: PrimaryReason,
    interval: Interval,
) -> Option<Exposure> {
    let (lo, hi) = (interval.lo_int(), interval.hi_int());
    if hi.is_some_and(|h| h <= lo) {
        return Some(Exposure::Exact);
    }
    // Without a declared protection level, not being pinned is enough beyond the threshold
    // and complement criteria.
    let value = system.cell(cell).value;
    let margin = policy.protection_margin(value);
    let declared = policy.protection_percent.is_some();
    let reaches_up = !declared || hi.is_none_or(|h| h >= value + margin);
    let reaches_down = !declared || lo + margin <= value;
    match reason {
        PrimaryReason::SmallCount | PrimaryReason::Zero | PrimaryReason::Manual => {
            if hi.is_some_and(|h| h < policy.min_count) {
                Some(Exposure::BelowThreshold)
            } else {
                (!reaches_up).then_some(Exposure::WithinProtectionLevel)
            }
        }
        PrimaryReason::Complement { denominator } => {
            let den = system.cell(denominator);
            let known = !statuses[denominator.index()].is_suppressed();
            if known && den.value.saturating_sub(lo) < policy.min_count {
                Some(Exposure::ComplementBelowThreshold)
            } else {
                (!reaches_down).then_some(Exposure::WithinProtectionLevel)
            }
        }
        PrimaryReason::FewRespondents => {
            (!reaches_up && !reaches_down).then_some(Exposure::WithinProtectionLevel)
        }
    }
}
