//! The release gate: an attacker's LP over everything published.
//!
//! For each confidential cell, minimise and maximise its value subject to every equation (with
//! published cells as constants) and the lower bound a reader may assume (1 when zeros are
//! published, else 0). The feasible interval must not pin the cell: it must hold at least two
//! integers, and must not lie entirely below `min_count` (which would say "this is a small
//! count"). Suppressed cells linked by equations form small independent LPs, audited
//! separately and in parallel; cells in different components cannot inform each other.

use std::collections::BTreeMap;
use std::fmt;

use crate::attack::{ComponentLp, Outcome};
use crate::par::par_map;
use crate::policy::SuppressionPolicy;
use crate::status::{CellStatus, PrimaryReason};
use crate::structure::UnionFind;
use crate::system::{CellId, CellLabel, LinkedSystem};

/// Which suppressed cells get an interval.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditScope {
    /// Primary cells only: the cells whose exposure fails the gate. A cell is cleared as soon
    /// as one feasible table shows it is not pinned (one LP can clear many cells at once);
    /// only the rest get their exact interval.
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
    audit_cached(system, statuses, policy, scope, &mut AuditCache::default())
}

/// Results per LP component, keyed by the component's suppressed cells. The LP of a component
/// is fixed by that set (every other cell in its equations is published), so between repair
/// rounds only components that changed are solved again.
#[derive(Debug, Default)]
pub(crate) struct AuditCache {
    results: BTreeMap<Vec<CellId>, Vec<(CellId, CellResult)>>,
}

type CellResult = Result<Outcome, String>;

/// [`audit`] reusing and filling a cache (same system, policy and scope only).
pub(crate) fn audit_cached(
    system: &LinkedSystem,
    statuses: &[CellStatus],
    policy: &SuppressionPolicy,
    scope: AuditScope,
    cache: &mut AuditCache,
) -> AuditReport {
    let n = system.cells().len();
    let hidden = |c: CellId| statuses[c.index()].is_suppressed();
    let mut uf = UnionFind::new(n);
    for eq in system.equations() {
        let mut first: Option<CellId> = None;
        for &c in std::iter::once(&eq.total).chain(&eq.parts) {
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
    for (e, eq) in system.equations().iter().enumerate() {
        let touched = std::iter::once(&eq.total)
            .chain(&eq.parts)
            .find(|&&c| hidden(c));
        if let Some(&c) = touched {
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
    let lb = policy.attacker_lower_bound();
    let todo: Vec<&(Vec<CellId>, Vec<usize>)> = comps
        .iter()
        .filter(|(cells, _)| !cache.results.contains_key(cells))
        .collect();
    let fresh = par_map(&todo, |(cells, eqs)| {
        let lp = ComponentLp::new(system, statuses, cells, eqs, lb as f64);
        let targets: Vec<usize> = (0..cells.len()).filter(|&v| wanted(cells[v])).collect();
        let cleared = match scope {
            AuditScope::Primary => lp.clear(system, statuses, policy, cells, &targets),
            AuditScope::AllSuppressed => vec![None; cells.len()],
        };
        targets
            .into_iter()
            .map(|v| match cleared[v] {
                Some(w) => (cells[v], Ok(Outcome::Cleared(w))),
                None => (cells[v], lp.interval(v).map(Outcome::Interval)),
            })
            .collect::<Vec<_>>()
    });
    for ((cells, _), r) in todo.into_iter().zip(fresh) {
        cache.results.insert(cells.clone(), r);
    }
    let results: Vec<Vec<(CellId, CellResult)>> = comps
        .iter()
        .map(|(cells, _)| cache.results.get(cells).cloned().unwrap_or_default())
        .collect();
    let mut report = AuditReport {
        lower_bound: lb,
        intervals: Vec::new(),
        cleared: Vec::new(),
        findings: Vec::new(),
        solver_problems: Vec::new(),
        components: comps.len(),
        largest_component: comps.iter().map(|(c, _)| c.len()).max().unwrap_or(0),
    };
    for (cell, result) in results.into_iter().flatten() {
        let label = system.cell(cell).label.clone();
        match result {
            Err(message) => report
                .solver_problems
                .push(SolverProblem { label, message }),
            Ok(Outcome::Cleared(w)) => report.cleared.push((cell, w)),
            Ok(Outcome::Interval(interval)) => {
                report.intervals.push((cell, interval));
                if let CellStatus::Primary(reason) = statuses[cell.index()]
                    && let Some(exposure) = exposure(system, statuses, policy, reason, interval)
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
    report
}

/// Whether an interval pins a primary cell, given why it is primary.
fn exposure(
    system: &LinkedSystem,
    statuses: &[CellStatus],
    policy: &SuppressionPolicy,
    reason: PrimaryReason,
    interval: Interval,
) -> Option<Exposure> {
    let (lo, hi) = (interval.lo_int(), interval.hi_int());
    if hi.is_some_and(|h| h <= lo) {
        return Some(Exposure::Exact);
    }
    match reason {
        PrimaryReason::SmallCount | PrimaryReason::Zero | PrimaryReason::Manual => hi
            .filter(|&h| h < policy.min_count)
            .map(|_| Exposure::BelowThreshold),
        PrimaryReason::Complement { denominator } => {
            let den = system.cell(denominator);
            let known = !statuses[denominator.index()].is_suppressed();
            (known && den.value.saturating_sub(lo) < policy.min_count)
                .then_some(Exposure::ComplementBelowThreshold)
        }
        PrimaryReason::FewRespondents => None,
    }
}
