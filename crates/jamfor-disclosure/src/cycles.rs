//! Certificates found by walking the table's equations, before any LP.
//!
//! In ÖJ's linked tables (T = K + M, län = Σ kommuner, age groups tile a total) the feasible
//! table that clears a primary cell is nearly always a small *alternating cycle* of suppressed
//! cells: +1 on the cell, −1 on another cell of each of its equations, +1 on a cell that
//! rebalances those, and so on until every equation holds again. In a kommun × kön table that
//! is a rectangle of four cells; with age groups a 2 × 2 × 2 cube of eight. Such a cycle is an
//! integer vector in the kernel of the equations, supported on suppressed cells; adding a
//! multiple of it keeps every equation and every published cell, so the result is a table the
//! reader cannot rule out as long as no decreased cell goes below its lower bound.
//!
//! Finding one is a small depth-first search on the incidence of cells and equations, much
//! cheaper than an LP over a neighbourhood: the most constrained unbalanced equation is
//! rebalanced first, preferring a cell that also rebalances another equation (closing the
//! cycle). A cell far below what the target needs is reached by augmenting along several
//! cycles, each as far as the decreased cells allow (as in max-flow, an earlier increase can be
//! taken back by a later cycle). The search is bounded; what it does not find, the LPs of
//! [`crate::certificate`] still look for. Every table it returns is checked with
//! [`Graph::holds`] before it clears anything, so a mistake here can cost time, never safety.

use crate::attack::{Need, lower_bound};
use crate::certificate::Graph;
use crate::system::CellId;

/// Cycle sizes tried, smallest first (iterative deepening): a rectangle, a cube, then cubes
/// with detours. Small cycles are found in a few steps; the limit keeps a search that took a
/// wrong turn from wandering up the hierarchy.
const CYCLE_SIZES: [usize; 5] = [4, 8, 12, 16, 24];
/// Search nodes (cells tried) per certificate, over all its cycles: enough for nearly every
/// combination of cubes in the crossed tables of the default release (BENCHMARKS.md: a larger
/// budget saves more LPs than it costs up to about this size), and a fixed bound on what a cell
/// without one costs before the LPs.
const NODE_BUDGET: usize = 30_000;
/// Cycles combined into one certificate.
const MAX_AUGMENTATIONS: usize = 24;

/// A feasible table (as the cells it changes and their values there) that moves `target` as
/// far as `need` asks, or `None` when the bounded search finds none.
pub(crate) fn certify(
    graph: &Graph<'_>,
    target: CellId,
    need: Need,
    lb: f64,
) -> Option<Vec<(CellId, f64)>> {
    SCRATCH.with_borrow_mut(|scratch| {
        scratch.fit(graph);
        let mut search = Search {
            graph,
            lb,
            scratch,
            nodes: 0,
            limit: 0,
        };
        let found = search.augment(target, need);
        search.scratch.reset();
        found
    })
}

thread_local! {
    /// Per-cell and per-equation arrays of the searches on this thread, kept between them:
    /// a search visits a few hundred cells of a system of tens of thousands, so it looks
    /// values up by index and clears only what it touched, rather than allocating or scanning.
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

#[derive(Default)]
struct Scratch {
    /// Per cell: its value in the table built so far minus its true value.
    moved: Vec<i64>,
    /// Cells whose `moved` was ever set by this search (with repeats).
    touched: Vec<CellId>,
    /// Per cell: its change per unit step in the cycle under construction (0 when not in it;
    /// a cell in the cycle always changes).
    change: Vec<i64>,
    /// The cycle under construction: cell and its change per unit step.
    cycle: Vec<(CellId, i64)>,
    /// Equations the cycle touches: (equation, total − Σ parts of the changes, cells of the
    /// cycle in it). The order is the order they were touched in, as equations are picked
    /// from it in that order on ties.
    balance: Vec<(u32, i64, u32)>,
    /// Per equation: 1 + its position in `balance` (0 when the cycle does not touch it).
    slot: Vec<u32>,
    /// The options of every open level of the depth-first search, one level after the other.
    options: Vec<Choice>,
}

/// A cell that can rebalance the equation being extended: equations it also rebalances,
/// whether it moves alone, steps it can take, its value, the cell, its change, and the
/// withheld partners that must move along with it.
type Choice = (u32, u8, i64, i64, CellId, i64, Vec<CellId>);

impl Scratch {
    /// Sizes the arrays for `graph`'s system (everything in them is at rest).
    fn fit(&mut self, graph: &Graph<'_>) {
        let cells = graph.system().cells().len();
        if self.moved.len() < cells {
            self.moved.resize(cells, 0);
            self.change.resize(cells, 0);
        }
        let equations = graph.system().equations().len();
        if self.slot.len() < equations {
            self.slot.resize(equations, 0);
        }
    }

    /// Leaves the cycle empty.
    fn clear_cycle(&mut self) {
        for &(c, _) in &self.cycle {
            self.change[c.index()] = 0;
        }
        for &(e, _, _) in &self.balance {
            self.slot[e as usize] = 0;
        }
        self.cycle.clear();
        self.balance.clear();
    }

    /// Puts everything back at rest for the next search.
    fn reset(&mut self) {
        self.clear_cycle();
        for &c in &self.touched {
            self.moved[c.index()] = 0;
        }
        self.touched.clear();
        self.options.clear();
    }
}

/// One certificate search: the table built so far and the cycle being searched, in `scratch`.
struct Search<'s, 'g, 'a> {
    graph: &'g Graph<'a>,
    lb: f64,
    scratch: &'s mut Scratch,
    nodes: usize,
    /// Largest cycle the current pass looks for.
    limit: usize,
}

impl Search<'_, '_, '_> {
    /// Augments along cycles until `target` is moved as far as `need` asks.
    fn augment(&mut self, target: CellId, need: Need) -> Option<Vec<(CellId, f64)>> {
        let sign = match need {
            Need::AtLeast(_) => 1,
            Need::AtMost(_) => -1,
        };
        for _ in 0..MAX_AUGMENTATIONS {
            let x = self.value(target);
            let missing = match need {
                Need::AtLeast(t) => t.ceil() as i64 - x,
                Need::AtMost(t) => x - t.floor() as i64,
            };
            if missing <= 0 {
                let table = self.table();
                return self.graph.holds(&table, self.lb).then_some(table);
            }
            if !self.find_cycle(target, sign) {
                return None;
            }
            let step = self
                .scratch
                .cycle
                .iter()
                .map(|&(c, d)| self.steps(c, d))
                .fold(missing, i64::min);
            if step <= 0 {
                return None;
            }
            let cycle = std::mem::take(&mut self.scratch.cycle);
            for &(c, d) in &cycle {
                self.shift(c, step * d);
            }
            self.scratch.cycle = cycle;
            self.scratch.clear_cycle();
        }
        None
    }

    /// The cells the table built so far changes, ascending, with their values in it.
    fn table(&mut self) -> Vec<(CellId, f64)> {
        self.scratch.touched.sort_unstable();
        self.scratch.touched.dedup();
        self.scratch
            .touched
            .iter()
            .filter(|c| self.scratch.moved[c.index()] != 0)
            .map(|&c| (c, self.value(c) as f64))
            .collect()
    }

    fn value(&self, c: CellId) -> i64 {
        self.graph.value(c) as i64 + self.scratch.moved[c.index()]
    }

    /// The cell's change per unit step in the cycle under construction (0 when not in it).
    fn change(&self, c: CellId) -> i64 {
        self.scratch.change[c.index()]
    }

    fn in_cycle(&self, c: CellId) -> bool {
        self.change(c) != 0
    }

    /// How many unit steps the cell can take with change `d` in the table built so far: down
    /// to its lower bound, and, for every relation, until it meets its partner moving with the
    /// partner's own change in the cycle (a partner outside the cycle stands still).
    fn steps(&self, c: CellId, d: i64) -> i64 {
        let mut most = i64::MAX;
        if d < 0 {
            let floor = lower_bound(self.graph.system(), c, self.lb).ceil() as i64;
            most = (self.value(c) - floor) / -d;
        }
        for (partner, c_is_small) in self.graph.relations_of(c) {
            // Gap that closes as the cell moves: large − small.
            let (gap, closing) = if c_is_small {
                (
                    self.value(partner) - self.value(c),
                    d - self.change(partner),
                )
            } else {
                (
                    self.value(c) - self.value(partner),
                    self.change(partner) - d,
                )
            };
            if closing > 0 {
                most = most.min(gap / closing);
            }
        }
        most
    }

    /// The withheld partners outside the cycle that keep the cell from one step with change
    /// `d`: moving them along by `d` lets it go (`None` when a published partner or the lower
    /// bound stops it).
    fn blockers(&self, c: CellId, d: i64) -> Option<Vec<CellId>> {
        if d < 0 {
            let floor = lower_bound(self.graph.system(), c, self.lb).ceil() as i64;
            if self.value(c) + d < floor {
                return None;
            }
        }
        let mut out = Vec::new();
        for (partner, c_is_small) in self.graph.relations_of(c) {
            let gap = if c_is_small {
                self.value(partner) - self.value(c)
            } else {
                self.value(c) - self.value(partner)
            };
            let closing = if c_is_small {
                d - self.change(partner)
            } else {
                self.change(partner) - d
            };
            if closing > gap {
                if !self.graph.hidden(partner) || self.in_cycle(partner) || out.contains(&partner) {
                    return None;
                }
                out.push(partner);
            }
        }
        Some(out)
    }

    fn shift(&mut self, c: CellId, by: i64) {
        self.scratch.moved[c.index()] += by;
        self.scratch.touched.push(c);
    }

    /// Looks for a cycle through `target` with change `sign` on it; leaves it in the scratch's
    /// `cycle`.
    fn find_cycle(&mut self, target: CellId, sign: i64) -> bool {
        self.scratch.clear_cycle();
        let Some(along) = self.blockers(target, sign) else {
            return false;
        };
        for limit in CYCLE_SIZES {
            self.scratch.clear_cycle();
            self.limit = limit;
            self.add(target, sign);
            for &p in &along {
                self.add(p, sign);
            }
            if self.extend() {
                return true;
            }
            if self.nodes >= NODE_BUDGET {
                return false;
            }
        }
        false
    }

    fn add(&mut self, c: CellId, d: i64) {
        let s = &mut *self.scratch;
        debug_assert_eq!(s.change[c.index()], 0, "a cell enters the cycle once");
        s.cycle.push((c, d));
        s.change[c.index()] = d;
        for &e in self.graph.equations_of(c) {
            let coef = self.graph.coefficient(e, c);
            match s.slot[e as usize] {
                0 => {
                    s.balance.push((e, coef * d, 1));
                    s.slot[e as usize] = s.balance.len() as u32;
                }
                i => {
                    let b = &mut s.balance[i as usize - 1];
                    b.1 += coef * d;
                    b.2 += 1;
                }
            }
        }
    }

    fn undo(&mut self) {
        let s = &mut *self.scratch;
        let Some((c, d)) = s.cycle.pop() else {
            return;
        };
        s.change[c.index()] = 0;
        for &e in self.graph.equations_of(c) {
            let coef = self.graph.coefficient(e, c);
            let i = s.slot[e as usize] as usize - 1;
            s.balance[i].1 -= coef * d;
            s.balance[i].2 -= 1;
            if s.balance[i].2 == 0 {
                s.balance.swap_remove(i);
                s.slot[e as usize] = 0;
                if let Some(&(moved, _, _)) = s.balance.get(i) {
                    s.slot[moved as usize] = i as u32 + 1;
                }
            }
        }
    }

    /// The imbalance of equation `f` in the cycle, if the cycle touches it.
    fn imbalance(&self, f: u32) -> Option<i64> {
        match self.scratch.slot[f as usize] {
            0 => None,
            i => Some(self.scratch.balance[i as usize - 1].1),
        }
    }

    /// Rebalances the most constrained unbalanced equation, depth first.
    fn extend(&mut self) -> bool {
        // The unbalanced equation with the fewest suppressed cells left to rebalance it.
        let mut pick: Option<(u32, u32, i64)> = None;
        let mut open: usize = 0;
        for &(e, imbalance, assigned) in &self.scratch.balance {
            if imbalance == 0 {
                continue;
            }
            open += 1;
            let free = self.graph.hidden_in(e) - assigned;
            if free == 0 {
                return false;
            }
            if pick.is_none_or(|(_, f, _)| free < f) {
                pick = Some((e, free, imbalance));
            }
        }
        let Some((e, _, imbalance)) = pick else {
            return true;
        };
        // Each further cell rebalances at most the equations it is in.
        if self.scratch.cycle.len() + open.div_ceil(self.graph.max_degree()) > self.limit {
            return false;
        }
        let start = self.scratch.options.len();
        for &c in self.graph.hidden_of(e) {
            if self.in_cycle(c) {
                continue;
            }
            if let Some(choice) = self.choice(e, imbalance, c) {
                self.scratch.options.push(choice);
            }
        }
        self.scratch.options[start..]
            .sort_unstable_by(|a, b| (b.0, b.1, b.2, b.3, a.4).cmp(&(a.0, a.1, a.2, a.3, b.4)));
        let mut found = false;
        for i in start..self.scratch.options.len() {
            if self.nodes >= NODE_BUDGET {
                break;
            }
            self.nodes += 1;
            let (_, _, _, _, c, d, _) = self.scratch.options[i];
            // Not needed in the list again: the level's options are dropped when it ends.
            let along = std::mem::take(&mut self.scratch.options[i].6);
            self.add(c, d);
            for &p in &along {
                self.add(p, d);
            }
            if self.extend() {
                found = true;
                break;
            }
            for _ in 0..=along.len() {
                self.undo();
            }
        }
        self.scratch.options.truncate(start);
        found
    }

    /// Cell `c` of equation `e` as a way to rebalance it, unless a relation stops it.
    fn choice(&self, e: u32, imbalance: i64, c: CellId) -> Option<Choice> {
        let d = -imbalance * self.graph.coefficient(e, c);
        // Withheld partners that must move along (a relation), each free to.
        let along = self.blockers(c, d)?;
        if along
            .iter()
            .any(|&p| self.blockers(p, d).is_none_or(|b| !b.is_empty()))
        {
            return None;
        }
        // Equations this change also rebalances: the cycle closes sooner.
        let closes = self
            .graph
            .equations_of(c)
            .iter()
            .filter(|&&f| f != e)
            .filter_map(|&f| self.imbalance(f).map(|b| (f, b)))
            .filter(|&(f, b)| (b + self.graph.coefficient(f, c) * d).abs() < b.abs())
            .count() as u32;
        let spare = self.steps(c, d);
        // Cells moved alone first: a companion widens the cycle.
        Some((
            closes,
            u8::from(along.is_empty()),
            spare,
            self.graph.value(c) as i64,
            c,
            d,
            along,
        ))
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::certify;
    use crate::attack::{AttackLp, Need};
    use crate::certificate::Graph;
    use crate::testing::{Crossed, crossed, feasible};

    #[test]
    fn finds_the_rectangle_of_a_two_way_table() {
        // 1 6 | 7
        // 7 2 | 9
        // 8 8 | 16, inner cells suppressed, margins published.
        let t = Crossed::new(&[2, 2], &[1, 6, 7, 2]);
        let hidden = [[0, 0], [0, 1], [1, 0], [1, 1]].map(|c| t.id(&c));
        let st = t.statuses(&hidden);
        let graph = Graph::new(&t.system, &st);
        let table = certify(&graph, hidden[0], Need::AtLeast(3.0), 1.0).expect("a rectangle");
        assert!(feasible(&t.system, &st, &table, 1.0));
        assert_eq!(
            table,
            vec![
                (hidden[0], 3.0),
                (hidden[1], 4.0),
                (hidden[2], 5.0),
                (hidden[3], 4.0)
            ]
        );
    }

    #[test]
    fn finds_the_cube_of_a_three_way_table() {
        // kommun × kön × age with every margin published: only the 2 × 2 × 2 cube frees a cell.
        let t = Crossed::new(&[2, 2, 2], &[1, 5, 5, 5, 5, 5, 5, 5]);
        let mut hidden = Vec::new();
        for k in 0..2 {
            for s in 0..2 {
                for a in 0..2 {
                    hidden.push(t.id(&[k, s, a]));
                }
            }
        }
        let st = t.statuses(&hidden);
        let graph = Graph::new(&t.system, &st);
        let table = certify(&graph, hidden[0], Need::AtLeast(3.0), 1.0).expect("a cube");
        assert!(feasible(&t.system, &st, &table, 1.0));
        assert_eq!(table.len(), 8);
        assert!(table.contains(&(hidden[0], 3.0)));
    }

    #[test]
    fn does_not_clear_when_a_decreased_cell_would_go_below_its_bound() {
        // 1 2 | 3: with zeros published the 2 can give one unit only, so 1 reaches at most 2.
        // 7 2 | 9
        let t = Crossed::new(&[2, 2], &[1, 2, 7, 2]);
        let hidden = [[0, 0], [0, 1], [1, 0], [1, 1]].map(|c| t.id(&c));
        let st = t.statuses(&hidden);
        let graph = Graph::new(&t.system, &st);
        assert_eq!(certify(&graph, hidden[0], Need::AtLeast(3.0), 1.0), None);
        // The reader's exact maximum agrees: nothing was missed.
        let eqs: Vec<usize> = (0..t.system.equations().len()).collect();
        let lp = AttackLp::new(&t.system, &hidden, &eqs, 1.0);
        let interval = lp.interval(0).expect("solvable");
        assert!((interval.hi.expect("bounded") - 2.0).abs() < 1e-6);
        // One more unit is within reach.
        let table = certify(&graph, hidden[0], Need::AtLeast(2.0), 1.0).expect("one unit");
        assert!(feasible(&t.system, &st, &table, 1.0));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        /// Every certificate is a table the reader cannot rule out, and moves the cell as far
        /// as asked. The check every table passes before it clears a cell ([`Graph::holds`],
        /// which sums only the changes) agrees with summing every equation afresh, on the
        /// certificate and on it with one cell one unit off.
        #[test]
        fn every_certificate_is_feasible(
            (dims, inner, mask, zeros_published) in crossed(),
            off in 0usize..64,
        ) {
            let t = Crossed::new(&dims, &inner);
            let hidden: Vec<_> = t.system.ids().filter(|c| mask[c.index()]).collect();
            let st = t.statuses(&hidden);
            let graph = Graph::new(&t.system, &st);
            let lb = if zeros_published { 1.0 } else { 0.0 };
            for &c in &hidden {
                let v = t.system.cell(c).value as f64;
                for need in [Need::AtLeast(v + 1.0), Need::AtLeast((v + 1.0).max(5.0)), Need::AtMost(v - 1.0)] {
                    if let Some(table) = certify(&graph, c, need, lb) {
                        prop_assert!(feasible(&t.system, &st, &table, lb));
                        prop_assert!(graph.holds(&table, lb));
                        let mut near = table.clone();
                        near[off % table.len()].1 += 1.0;
                        prop_assert_eq!(graph.holds(&near, lb), feasible(&t.system, &st, &near, lb));
                        // A published cell moved is never a table the reader cannot rule out.
                        if let Some(p) = t.system.ids().find(|p| !mask[p.index()]) {
                            let mut moved = table.clone();
                            moved.push((p, t.system.cell(p).value as f64 + 1.0));
                            prop_assert!(!graph.holds(&moved, lb));
                        }
                        let x = table.iter().find(|(x, _)| *x == c).map(|&(_, x)| x);
                        prop_assert!(x.is_some_and(|x| need.met(x)));
                    }
                }
            }
        }
    }
}
