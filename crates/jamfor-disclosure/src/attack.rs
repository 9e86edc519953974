//! The attacker's LP over a set of suppressed cells: exact intervals (min and max of a cell) and
//! pushing one cell as far as a feasible table allows (to clear it).
//!
//! The variables are the given cells; every other cell of the equations is a constant at its
//! true value. For a whole component that is exactly the attacker's problem. For a
//! neighbourhood it is the attacker's problem with some suppressed cells fixed at their true
//! values: a smaller feasible set, so a table found there is a table the attacker cannot rule
//! out (sound for clearing), while a cell it cannot move proves nothing and goes to the whole
//! component.

use std::collections::BTreeMap;

use microlp::{ComparisonOp, OptimizationDirection, Problem, SolveOutcome};

use crate::audit::Interval;
use crate::certificate::Table;
use crate::constraint::{self, Sense};
use crate::system::{CellId, LinkedSystem};

#[derive(Debug, Clone)]
pub(crate) enum Outcome {
    /// A feasible table shows the cell is not pinned; the cell's value in it.
    Cleared(f64, Table),
    Interval(Interval),
    /// No local table clears the cell and no single equation pins it (repair rounds only).
    Unresolved,
}

/// Which side of a cell's value a feasible table must reach to clear it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Need {
    /// Some feasible table has the cell at least this large.
    AtLeast(f64),
    /// Some feasible table has the cell at most this large.
    AtMost(f64),
}

impl Need {
    /// The value it asks the cell to reach.
    pub(crate) fn value(self) -> f64 {
        match self {
            Need::AtLeast(t) | Need::AtMost(t) => t,
        }
    }

    /// Whether a table with the cell at `x` shows what is needed (LP round-off allowed).
    pub(crate) fn met(self, x: f64) -> bool {
        match self {
            Need::AtLeast(t) => x >= t - Interval::TOL,
            Need::AtMost(t) => x <= t + Interval::TOL,
        }
    }
}

/// The lower bound a reader may assume for a suppressed cell, given the policy's bound `lb`
/// (1 when zeros are published). Survey cells are the exception: a cell with too few
/// respondents is withheld whatever its value, zero included, so a reader cannot exclude 0
/// (and with bound 1 the true table itself would be infeasible). So is a register zero withheld
/// although zeros are published — a manual primary, or a cell kept suppressed from an earlier
/// release: the reader's "withheld means at least 1" is false for it, no table consistent with
/// the published figures satisfies it everywhere, and the audit takes the weakest bound the
/// true table satisfies, its value.
pub(crate) fn lower_bound(system: &LinkedSystem, cell: CellId, lb: f64) -> f64 {
    let cell = system.cell(cell);
    if cell.respondents.is_some() {
        0.0
    } else {
        lb.min(cell.value as f64)
    }
}

/// One constraint of the LP: (variable, coefficient) terms, how they compare, right-hand side.
type Row = (Vec<(usize, f64)>, Sense, f64);

/// The attacker's LP over `vars`.
pub(crate) struct AttackLp {
    /// Per constraint, its row.
    rows: Vec<Row>,
    /// Per variable: the lower bound the reader may assume.
    lbs: Vec<f64>,
    /// Per variable: its true value.
    truth: Vec<f64>,
    cap: f64,
}

impl AttackLp {
    /// The LP with `vars` free (each at least its [`lower_bound`]) and every other cell of the
    /// constraints `eqs` (equations and relations, [`crate::constraint`]) fixed at its true
    /// value. `eqs` must contain every constraint that mentions a variable.
    pub(crate) fn new(system: &LinkedSystem, vars: &[CellId], eqs: &[usize], lb: f64) -> Self {
        let var: BTreeMap<CellId, usize> = vars.iter().enumerate().map(|(i, &c)| (c, i)).collect();
        let mut top: f64 = 0.0;
        let rows = eqs
            .iter()
            .map(|&e| {
                let (all, sense) = constraint::terms(system, e);
                let mut terms = Vec::new();
                let mut rhs = 0.0;
                for (c, coef) in all {
                    let value = system.cell(c).value as f64;
                    top = top.max(value);
                    match var.get(&c) {
                        Some(&v) => terms.push((v, coef)),
                        None => rhs -= coef * value,
                    }
                }
                (terms, sense, rhs)
            })
            .collect();
        // Above every true value in reach, so the true table stays feasible under the cap.
        let cap = top * 2.0 + 10.0;
        Self {
            rows,
            lbs: vars.iter().map(|&c| lower_bound(system, c, lb)).collect(),
            truth: vars.iter().map(|&c| system.cell(c).value as f64).collect(),
            cap,
        }
    }

    /// Optimises `Σ objective · x`; `Ok(None)` when unbounded.
    fn optimise(
        &self,
        objective: &[f64],
        direction: OptimizationDirection,
        cap: f64,
    ) -> Result<Option<(f64, Vec<f64>)>, String> {
        let mut p = Problem::new(direction);
        let vars = self.variables(&mut p, objective, cap);
        Self::outcome(&p, &vars)
    }

    /// The variables (with `objective`, within their bounds and `cap`) and every row, in `p`.
    fn variables(&self, p: &mut Problem, objective: &[f64], cap: f64) -> Vec<microlp::Variable> {
        let vars: Vec<_> = objective
            .iter()
            .zip(&self.lbs)
            .map(|(&c, &lb)| p.add_var(c, (lb, cap)))
            .collect();
        for (terms, sense, rhs) in &self.rows {
            let expr: Vec<_> = terms.iter().map(|&(v, c)| (vars[v], c)).collect();
            let op = match sense {
                Sense::Equal => ComparisonOp::Eq,
                Sense::AtMost => ComparisonOp::Le,
            };
            p.add_constraint(expr.as_slice(), op, *rhs);
        }
        vars
    }

    /// Solves `p` and reads `vars` off its optimum.
    fn outcome(p: &Problem, vars: &[microlp::Variable]) -> Result<Option<(f64, Vec<f64>)>, String> {
        match p.solve() {
            Ok(SolveOutcome::Solution(s)) => {
                let point = vars.iter().map(|&v| s.var_value(v)).collect();
                Ok(Some((s.objective(), point)))
            }
            Ok(SolveOutcome::Interrupted(_)) => Err("solve interrupted".to_owned()),
            Err(microlp::Error::Unbounded) => Ok(None),
            Err(e) => Err(e.to_string()),
        }
    }

    fn solve(
        &self,
        target: usize,
        direction: OptimizationDirection,
    ) -> Result<Option<f64>, String> {
        let mut objective = vec![0.0; self.lbs.len()];
        objective[target] = 1.0;
        Ok(self
            .optimise(&objective, direction, f64::INFINITY)?
            .map(|(v, _)| v))
    }

    /// Pushes variable `target` towards what `need` asks (up or down) and returns the optimal
    /// table, or `None` when the solver gives none. A cap keeps the push bounded; every table
    /// within the cap is still a table the reader cannot rule out.
    pub(crate) fn push(&self, target: usize, need: Need) -> Option<Vec<f64>> {
        let mut objective = vec![0.0; self.lbs.len()];
        objective[target] = 1.0;
        let direction = match need {
            Need::AtLeast(_) => OptimizationDirection::Maximize,
            Need::AtMost(_) => OptimizationDirection::Minimize,
        };
        match self.optimise(&objective, direction, self.cap) {
            Ok(Some((_, point))) => Some(point),
            _ => None,
        }
    }

    /// The LP solved at the true table, kept so tables with one variable fixed can start from
    /// it. Every variable is its true value plus an increase less a decrease, both at least 0:
    /// the solver starts with both at 0, which is the true table, feasible from the first step.
    pub(crate) fn warm(&self) -> Option<Warm> {
        let mut p = Problem::new(OptimizationDirection::Maximize);
        let (up, down): (Vec<_>, Vec<_>) = self
            .truth
            .iter()
            .zip(&self.lbs)
            .map(|(&t, &lb)| {
                (
                    p.add_var(0.0, (0.0, self.cap - t)),
                    p.add_var(0.0, (0.0, t - lb)),
                )
            })
            .unzip();
        for (terms, sense, rhs) in &self.rows {
            let mut expr = Vec::with_capacity(2 * terms.len());
            let mut rest = *rhs;
            for &(v, c) in terms {
                expr.push((up[v], c));
                expr.push((down[v], -c));
                rest -= c * self.truth[v];
            }
            let op = match sense {
                Sense::Equal => ComparisonOp::Eq,
                Sense::AtMost => ComparisonOp::Le,
            };
            p.add_constraint(expr.as_slice(), op, rest);
        }
        match p.solve() {
            Ok(SolveOutcome::Solution(s)) => Some(Warm {
                solution: s,
                up,
                down,
                truth: self.truth.clone(),
            }),
            _ => None,
        }
    }

    /// Whether the reader's LP pins variable `target` to `value`: its largest feasible value
    /// first, as most cells can grow and then one LP settles them.
    pub(crate) fn pins(&self, target: usize, value: f64) -> bool {
        let tol = Interval::TOL;
        match self.solve(target, OptimizationDirection::Maximize) {
            Ok(Some(hi)) if hi <= value + tol => matches!(
                self.solve(target, OptimizationDirection::Minimize),
                Ok(Some(lo)) if lo >= value - tol
            ),
            _ => false,
        }
    }

    pub(crate) fn interval(&self, target: usize) -> Result<Interval, String> {
        let lo = self
            .solve(target, OptimizationDirection::Minimize)?
            .ok_or("minimum unbounded")?;
        let hi = self.solve(target, OptimizationDirection::Maximize)?;
        Ok(Interval { lo, hi })
    }
}

/// A solved LP to start from: fixing one variable from here takes a few pivots.
pub(crate) struct Warm {
    solution: microlp::Solution,
    up: Vec<microlp::Variable>,
    down: Vec<microlp::Variable>,
    truth: Vec<f64>,
}

impl Warm {
    /// A feasible table with variable `v` at `x`, or `None` when there is none. Each call
    /// starts again from the true table, so tables do not depend on the order they are asked
    /// for in.
    pub(crate) fn with(&self, v: usize, x: f64) -> Option<Vec<f64>> {
        let change = x - self.truth[v];
        // The side the move is on is fixed; the other at 0 too if the solver used it.
        let (side, other, by) = if change >= 0.0 {
            (self.up[v], self.down[v], change)
        } else {
            (self.down[v], self.up[v], -change)
        };
        let mut s = match self.solution.clone().fix_var(side, by) {
            Ok(SolveOutcome::Solution(s)) => s,
            _ => return None,
        };
        if s.var_value(other).abs() > 0.0 {
            s = match s.fix_var(other, 0.0) {
                Ok(SolveOutcome::Solution(s)) => s,
                _ => return None,
            };
        }
        Some(
            self.truth
                .iter()
                .enumerate()
                .map(|(i, t)| t + s.var_value(self.up[i]) - s.var_value(self.down[i]))
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::AttackLp;
    use crate::testing::{Crossed, crossed, feasible};

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        /// Starting from the true table, a cell fixed anywhere within its exact interval gives a
        /// table the reader cannot rule out, with the cell there; outside it, none.
        #[test]
        fn a_fixed_cell_gives_a_feasible_table_exactly_within_its_interval(
            (dims, inner, mask, zeros_published) in crossed()
        ) {
            let t = Crossed::new(&dims, &inner);
            let hidden: Vec<_> = t.system.ids().filter(|c| mask[c.index()]).collect();
            let st = t.statuses(&hidden);
            let eqs: Vec<usize> = (0..t.system.equations().len()).collect();
            let lb = if zeros_published { 1.0 } else { 0.0 };
            let lp = AttackLp::new(&t.system, &hidden, &eqs, lb);
            let warm = lp.warm().expect("the true table is feasible");
            for (v, &c) in hidden.iter().enumerate() {
                let interval = lp.interval(v).expect("solvable");
                let value = t.system.cell(c).value as f64;
                let hi = interval.hi.unwrap_or(value + 2.0);
                // Whole numbers, as protection asks for: the needs are counts.
                let (lo_int, hi_int) = (interval.lo_int() as f64, interval.hi_int().map_or(hi, |h| h as f64));
                for x in [lo_int, value, hi_int, value + 1.0, (value - 1.0).max(0.0)] {
                    let within = x >= interval.lo - 1e-6 && x <= hi + 1e-6;
                    match warm.with(v, x) {
                        Some(point) => {
                            prop_assert!(within, "{x} outside {interval}");
                            prop_assert!((point[v] - x).abs() < 1e-6);
                            let table: Vec<_> = hidden.iter().copied().zip(point).collect();
                            prop_assert!(feasible(&t.system, &st, &table, lb));
                        }
                        None => prop_assert!(!within, "{x} within {interval} but no table"),
                    }
                }
            }
        }
    }
}
