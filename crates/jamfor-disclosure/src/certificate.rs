//! Settling primary cells in small neighbourhoods instead of whole components.
//!
//! A primary cell is safe when some table the reader cannot rule out (every equation holds,
//! every published cell at its value, every suppressed cell at least its lower bound) puts it
//! far enough from its true value ([`needs`]). Such a table is a *certificate*. Most cells have
//! one within a few equations of themselves, usually a small cycle of suppressed cells that
//! [`crate::cycles`] finds without an LP. For most others one LP of the whole component,
//! solved once at the true table, gives a certificate in a few pivots per cell: the cell fixed
//! at what it needs ([`AttackLp::warm`]). What even that cannot move, the LP is solved over a
//! neighbourhood
//! with every suppressed cell outside it fixed at its true value (a smaller feasible set, hence
//! sound for clearing). The same neighbourhood with the equations that reach outside dropped is
//! a relaxation: when even it cannot move the cell, the cell is exposed (sound for findings).
//! Neighbourhoods grow ([`LIMITS`]) until one of the two settles the cell; a component larger
//! than every neighbourhood is solved whole only for cells none settles.
//!
//! A certificate stays valid while suppression only grows (the repair loop keeps every earlier
//! suppression, so the feasible set only widens); [`Graph::holds`] re-checks it against the
//! current pattern before it is reused, so a later audit never trusts a stale table.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::sync::Arc;

use crate::attack::{AttackLp, Need, lower_bound};
use crate::audit::Interval;
use crate::constraint;
use crate::cycles::certify;
use crate::par::{cores, par_map};
use crate::policy::SuppressionPolicy;
use crate::status::{CellStatus, PrimaryReason};
use crate::structure::Incidence;
use crate::system::{CellId, LinkedSystem};

/// A feasible table, as the cells where it differs from the true table and their values.
pub(crate) type Table = Arc<Vec<(CellId, f64)>>;

/// What a feasible table must show for a primary cell not to be pinned (any one of the
/// returned needs): the true value is feasible, so reaching one more (or one less) leaves two
/// integers; reaching `min_count` (or a complement of `min_count`) leaves the "small" question
/// open.
pub(crate) fn needs(
    system: &LinkedSystem,
    statuses: &[CellStatus],
    policy: &SuppressionPolicy,
    reason: PrimaryReason,
    cell: CellId,
) -> Vec<Need> {
    let value = system.cell(cell).value as f64;
    let margin = policy.protection_margin(system.cell(cell).value) as f64;
    match reason {
        PrimaryReason::SmallCount | PrimaryReason::Zero | PrimaryReason::Manual => {
            vec![Need::AtLeast((value + margin).max(policy.min_count as f64))]
        }
        // Only an exact value exposes these (or one within the protection level): either side
        // will do.
        PrimaryReason::FewRespondents => {
            vec![Need::AtLeast(value + margin), Need::AtMost(value - margin)]
        }
        PrimaryReason::Complement { denominator } => {
            let mut t = value - margin;
            if !statuses[denominator.index()].is_suppressed() {
                let den = system.cell(denominator).value as f64;
                t = t.min(den - policy.min_count as f64);
            }
            vec![Need::AtMost(t)]
        }
    }
}

/// Equations per cell, and which cells are suppressed: the graph neighbourhoods are cut from.
pub(crate) struct Graph<'a> {
    system: &'a LinkedSystem,
    statuses: &'a [CellStatus],
    incidence: &'a Incidence,
    /// The constraints (equations and relations) per cell.
    constraints: &'a Incidence,
    /// Per equation: how many of its cells are suppressed.
    hidden_in: Vec<u32>,
    /// The suppressed cells of every equation, one after the other (total first, then parts):
    /// equation `e`'s are `hidden_cells[hidden_start[e]..hidden_start[e + 1]]`.
    hidden_cells: Vec<CellId>,
    hidden_start: Vec<u32>,
    /// The most equations any cell is in.
    max_degree: usize,
}

impl<'a> Graph<'a> {
    pub(crate) fn new(system: &'a LinkedSystem, statuses: &'a [CellStatus]) -> Self {
        let mut hidden_cells = Vec::new();
        let mut hidden_start = Vec::with_capacity(system.equations().len() + 1);
        hidden_start.push(0);
        for eq in system.equations() {
            hidden_cells.extend(
                std::iter::once(eq.total)
                    .chain(eq.parts.iter().copied())
                    .filter(|c| statuses[c.index()].is_suppressed()),
            );
            hidden_start.push(hidden_cells.len() as u32);
        }
        let hidden_in = hidden_start.windows(2).map(|w| w[1] - w[0]).collect();
        let incidence = &system.structure.incidence;
        let max_degree = system
            .ids()
            .map(|c| incidence.of(c).len())
            .max()
            .unwrap_or(0)
            .max(1);
        Self {
            system,
            statuses,
            incidence,
            constraints: &system.structure.constraints,
            hidden_in,
            hidden_cells,
            hidden_start,
            max_degree,
        }
    }

    pub(crate) fn system(&self) -> &'a LinkedSystem {
        self.system
    }

    /// The cell's true value.
    pub(crate) fn value(&self, c: CellId) -> u64 {
        self.system.cell(c).value
    }

    pub(crate) fn hidden(&self, c: CellId) -> bool {
        self.statuses[c.index()].is_suppressed()
    }

    /// The most equations any cell is in.
    pub(crate) fn max_degree(&self) -> usize {
        self.max_degree
    }

    /// Number of suppressed cells in equation `e`.
    pub(crate) fn hidden_in(&self, e: u32) -> u32 {
        self.hidden_in[e as usize]
    }

    /// The suppressed cells of equation `e`.
    pub(crate) fn hidden_of(&self, e: u32) -> &[CellId] {
        let e = e as usize;
        &self.hidden_cells[self.hidden_start[e] as usize..self.hidden_start[e + 1] as usize]
    }

    /// The equations cell `c` appears in.
    pub(crate) fn equations_of(&self, c: CellId) -> &'a [u32] {
        self.incidence.of(c)
    }

    /// The coefficient of `c` in `total − Σ parts` of equation `e`.
    pub(crate) fn coefficient(&self, e: u32, c: CellId) -> i64 {
        if self.system.equations()[e as usize].total == c {
            1
        } else {
            -1
        }
    }

    /// The cells `c` has a relation with, and whether `c` is the smaller side.
    pub(crate) fn relations_of(&self, c: CellId) -> impl Iterator<Item = (CellId, bool)> + '_ {
        let n = self.system.equations().len();
        // A cell's constraints are ascending, equations first: its relations are the tail.
        let all = self.constraints.of(c);
        all[all.partition_point(|&e| (e as usize) < n)..]
            .iter()
            .map(move |&e| {
                let r = self.system.relations()[e as usize - n];
                if r.small == c {
                    (r.large, true)
                } else {
                    (r.small, false)
                }
            })
    }

    /// Whether every suppressed cell of constraint `e` is among `vars` (sorted).
    fn hidden_within(&self, e: usize, vars: &[CellId]) -> bool {
        self.cells_of(e as u32)
            .filter(|&c| self.hidden(c))
            .all(|c| vars.binary_search(&c).is_ok())
    }

    /// The cells of constraint `e` (an equation's index is its constraint index).
    pub(crate) fn cells_of(&self, e: u32) -> impl Iterator<Item = CellId> + '_ {
        constraint::cells(self.system, e as usize)
    }

    /// Up to `limit` suppressed cells around `target` (breadth first through shared
    /// constraints; from each equation at most `per_equation` new cells, large counts first, as
    /// they leave most room), the equations mentioning them, and whether the search ran out of
    /// cells before any limit cut it (then the neighbourhood is the whole component).
    ///
    /// The cap matters in crossed tables (kommun × kön × age): a cell is freed by a small
    /// "cube" of cells, one or two per equation, while a län's equation alone may hold dozens
    /// of suppressed kommuner that would fill the neighbourhood before the cube is reached.
    pub(crate) fn around(
        &self,
        target: CellId,
        limit: usize,
        per_equation: usize,
    ) -> (Vec<CellId>, Vec<usize>, bool) {
        let mut seen = BTreeSet::from([target]);
        let mut vars = vec![target];
        let mut queue = VecDeque::from([target]);
        let mut whole = true;
        'search: while let Some(c) = queue.pop_front() {
            for &e in self.constraints.of(c) {
                let mut next: Vec<CellId> = self
                    .cells_of(e)
                    .filter(|&x| self.hidden(x) && !seen.contains(&x))
                    .collect();
                next.sort_by_key(|&x| (std::cmp::Reverse(self.system.cell(x).value), x));
                if next.len() > per_equation {
                    next.truncate(per_equation);
                    whole = false;
                }
                for x in next {
                    if vars.len() >= limit {
                        whole = false;
                        break 'search;
                    }
                    seen.insert(x);
                    vars.push(x);
                    queue.push_back(x);
                }
            }
        }
        vars.sort_unstable();
        let mut eqs: Vec<usize> = vars
            .iter()
            .flat_map(|v| self.constraints.of(*v).iter().map(|&e| e as usize))
            .collect();
        eqs.sort_unstable();
        eqs.dedup();
        (vars, eqs, whole)
    }

    /// Whether `table` is feasible for the current pattern: it changes suppressed cells only,
    /// keeps them at or above `lb`, and every equation and relation it touches still holds.
    pub(crate) fn holds(&self, table: &[(CellId, f64)], lb: f64) -> bool {
        let mut changed = table.to_vec();
        if !changed.is_sorted_by_key(|&(c, _)| c) {
            changed.sort_unstable_by_key(|&(c, _)| c);
        }
        if changed.windows(2).any(|w| w[0].0 == w[1].0)
            || changed.iter().any(|&(c, x)| {
                !self.hidden(c) || x < lower_bound(self.system, c, lb) - Interval::TOL
            })
        {
            return false;
        }
        let value = |c: CellId| match changed.binary_search_by_key(&c, |&(c, _)| c) {
            Ok(i) => changed[i].1,
            Err(_) => self.value(c) as f64,
        };
        // The true table meets every equation exactly (the system checks it when built), so
        // an equation holds at the table when the changes in it add up to nothing: a län's
        // equation is checked on its changed kommuner, not all 290. Per change: (equation,
        // its change to `total − Σ parts`, the cell's value in the table).
        let mut moves: Vec<(u32, f64, f64)> = changed
            .iter()
            .flat_map(|&(c, x)| {
                let by = x - self.value(c) as f64;
                self.equations_of(c)
                    .iter()
                    .map(move |&e| (e, self.coefficient(e, c) as f64 * by, x.abs()))
            })
            .collect();
        moves.sort_unstable_by_key(|&(e, _, _)| e);
        let equations_hold = moves.chunk_by(|a, b| a.0 == b.0).all(|moves| {
            let e = moves[0].0 as usize;
            let sum: f64 = moves.iter().map(|m| m.1).sum();
            // Round-off is allowed relative to the equation's largest value: no unchanged
            // part exceeds the true total, counts being at least 0.
            let total = self.value(self.system.equations()[e].total) as f64;
            let scale = moves.iter().map(|m| m.2).fold(total.max(1.0), f64::max);
            sum.abs() <= Interval::TOL * scale
        });
        equations_hold
            && changed.iter().all(|&(c, _)| {
                self.relations_of(c).all(|(partner, c_is_small)| {
                    let (small, large) = if c_is_small {
                        (c, partner)
                    } else {
                        (partner, c)
                    };
                    let (small, large) = (value(small), value(large));
                    small - large <= Interval::TOL * small.abs().max(large.abs()).max(1.0)
                })
            })
    }
}

/// Neighbourhoods tried before the whole component: (cells, new cells per equation), for the
/// cells no cycle clears. Measured on the default release (BENCHMARKS.md): the small capped
/// neighbourhoods settle most of them, the large one the rest of the kön × age "cubes"; an
/// uncapped one of 160 cells, needed before cycles cleared the cubes, settled none.
pub(crate) const LIMITS: [(usize, usize); 3] = [(40, 3), (160, 3), (800, 6)];

/// What a neighbourhood search settled about one target.
#[derive(Debug, Clone)]
pub(crate) enum Local {
    /// A feasible table clears it: its value there, and the table.
    Cleared(f64, Table),
    /// An interval that decides it: exact when the neighbourhood was the whole component,
    /// else a relaxation's (wider than the reader's) that already exposes it.
    Settled(Interval),
    /// Neither: only the whole component can tell.
    Open,
}

/// Settles what it can of `targets` (cells of one component, each with its needs). First by
/// alternating cycles ([`certify`]), which clear most cells without an LP. Then, given the
/// `component` (its suppressed cells, sorted, and its constraints), over the reader's whole
/// problem: its LP is solved once at the true table ([`AttackLp::warm`]) and each cell left is
/// fixed where its need asks, a few pivots from there; a table found clears it. Cells it
/// cannot move are left to
/// neighbourhoods of growing size, where two LPs bracket the reader's problem: with every
/// suppressed cell outside fixed at its true value (fewer tables: one that moves the target far
/// enough clears it), and, when `exposed` is given, with the equations that reach outside
/// dropped (more tables: if even these cannot move the target, `exposed` says whether the
/// relaxed interval already exposes it). Targets are visited in order and one table clears
/// every target it moves far enough, so the result does not depend on threads.
pub(crate) fn clear_locally(
    graph: &Graph<'_>,
    targets: &[(CellId, Vec<Need>)],
    component: Option<(&[CellId], &[usize])>,
    lb: f64,
    exposed: Option<&(dyn Fn(usize, Interval) -> bool + Sync)>,
) -> Vec<Local> {
    let mut out: Vec<Local> = vec![Local::Open; targets.len()];
    let position: BTreeMap<CellId, usize> = targets
        .iter()
        .enumerate()
        .map(|(i, (c, _))| (*c, i))
        .collect();
    // Every open target the table moves far enough is cleared by it.
    let clear_by = |out: &mut [Local], table: Table| {
        for &(c, x) in table.iter() {
            if let Some(&u) = position.get(&c)
                && matches!(out[u], Local::Open)
                && targets[u].1.iter().any(|n| n.met(x))
            {
                out[u] = Local::Cleared(x, table.clone());
            }
        }
    };
    in_order(
        &mut out,
        |t| {
            let (cell, needs) = &targets[t];
            needs
                .iter()
                .find_map(|&need| certify(graph, *cell, need, lb))
        },
        |out, _, table| {
            if let Some(table) = table {
                clear_by(out, Arc::new(table));
            }
        },
    );
    // What no cycle cleared, over the reader's whole problem: its LP solved once at the true
    // table, then each cell fixed where its need asks, a few pivots from there.
    if let Some((cells, eqs)) = component
        && out.iter().any(|o| matches!(o, Local::Open))
        && let Some(warm) = AttackLp::new(graph.system, cells, eqs, lb).warm()
    {
        in_order(
            &mut out,
            |t| {
                let (cell, needs) = &targets[t];
                let v = cells.binary_search(cell).ok()?;
                needs.iter().find_map(|&need| {
                    let point = warm.with(v, need.value())?;
                    let table = need.met(point[v]).then(|| changes(graph, cells, &point))?;
                    // Checked from scratch, as a cycle's table is: the solver's round-off
                    // must not make a table the reader could rule out count.
                    graph.holds(&table, lb).then_some(table)
                })
            },
            |out, _, table| {
                if let Some(table) = table {
                    clear_by(out, Arc::new(table));
                }
            },
        );
    }
    for (limit, per_equation) in LIMITS {
        in_order(
            &mut out,
            |t| neighbourhood(graph, &targets[t], t, limit, per_equation, lb, exposed),
            |out, t, found| match found {
                Some(Local::Cleared(_, table)) => clear_by(out, table),
                Some(settled) => out[t] = settled,
                None => {}
            },
        );
    }
    out
}

/// Targets searched together: enough to keep every core busy, few enough that tables found
/// early in a block seldom make the rest of the block's searches unnecessary.
const BLOCK: usize = 32;
/// Components with fewer targets are searched one target after the other: the components of a
/// system are already searched side by side, and threads cost more than small searches.
const PARALLEL_FROM: usize = 256;

/// Visits the open targets in order and `apply`s what `find` found for each, as a loop over
/// the targets would; `find` runs for a block of open targets at once on every core. A
/// result is applied only if its target is still open when its turn comes (a table found for
/// an earlier target may have cleared it), so the outcome is the one-by-one outcome, whatever
/// the threads did.
fn in_order<R: Send>(
    out: &mut [Local],
    find: impl Fn(usize) -> R + Sync,
    mut apply: impl FnMut(&mut [Local], usize, R),
) {
    let open = |out: &[Local], t: usize| matches!(out[t], Local::Open);
    if out.len() < PARALLEL_FROM || cores() < 2 {
        for t in 0..out.len() {
            if open(out, t) {
                let r = find(t);
                apply(out, t, r);
            }
        }
        return;
    }
    let mut next = 0;
    while next < out.len() {
        let mut block = Vec::with_capacity(BLOCK);
        while next < out.len() && block.len() < BLOCK {
            if open(out, next) {
                block.push(next);
            }
            next += 1;
        }
        let found = if block.len() > 1 {
            par_map(&block, |&t| find(t))
        } else {
            block.iter().map(|&t| find(t)).collect()
        };
        for (t, r) in block.into_iter().zip(found) {
            if open(out, t) {
                apply(out, t, r);
            }
        }
    }
}

/// One target's LPs over its neighbourhood of `limit` cells: a table that clears it
/// ([`Local::Cleared`]), an interval that settles it, or `None`.
fn neighbourhood(
    graph: &Graph<'_>,
    (cell, needs): &(CellId, Vec<Need>),
    t: usize,
    limit: usize,
    per_equation: usize,
    lb: f64,
    exposed: Option<&(dyn Fn(usize, Interval) -> bool + Sync)>,
) -> Option<Local> {
    let (vars, eqs, whole) = graph.around(*cell, limit, per_equation);
    let at = vars.binary_search(cell).ok()?;
    let lp = AttackLp::new(graph.system, &vars, &eqs, lb);
    let pushed = needs
        .iter()
        .filter_map(|&need| lp.push(at, need).filter(|p| need.met(p[at])))
        .next();
    let Some(point) = pushed else {
        if whole {
            // The neighbourhood is the reader's whole problem: its interval is exact.
            return lp.interval(at).ok().map(Local::Settled);
        }
        let exposed = exposed?;
        let inside: Vec<usize> = eqs
            .iter()
            .copied()
            .filter(|&e| graph.hidden_within(e, &vars))
            .collect();
        let outer = AttackLp::new(graph.system, &vars, &inside, lb);
        return outer
            .interval(at)
            .ok()
            .filter(|&interval| exposed(t, interval))
            .map(Local::Settled);
    };
    Some(Local::Cleared(
        point[at],
        Arc::new(changes(graph, &vars, &point)),
    ))
}

/// The cells whose value in `point` (one per cell of `vars`) differs from the true one, with it.
fn changes(graph: &Graph<'_>, vars: &[CellId], point: &[f64]) -> Vec<(CellId, f64)> {
    vars.iter()
        .zip(point)
        .filter(|(c, x)| (**x - graph.value(**c) as f64).abs() > 0.0)
        .map(|(c, x)| (*c, *x))
        .collect()
}
