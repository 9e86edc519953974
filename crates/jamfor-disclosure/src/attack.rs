//! The attacker's LP for one component of suppressed cells: exact intervals (min and max of a
//! cell) and batched clearing (one LP shows many cells are not pinned).

use std::collections::BTreeMap;

use microlp::{ComparisonOp, OptimizationDirection, Problem, SolveOutcome};

use crate::audit::Interval;
use crate::policy::SuppressionPolicy;
use crate::status::{CellStatus, PrimaryReason};
use crate::system::{CellId, LinkedSystem};

/// What a feasible table must show for a primary cell not to be pinned: the true value is
/// feasible, so reaching one more (or one less) leaves two integers; reaching `min_count` (or a
/// complement of `min_count`) leaves the "small" question open.
fn need(
    system: &LinkedSystem,
    statuses: &[CellStatus],
    policy: &SuppressionPolicy,
    reason: PrimaryReason,
    cell: CellId,
) -> Need {
    let value = system.cell(cell).value as f64;
    match reason {
        PrimaryReason::SmallCount | PrimaryReason::Zero | PrimaryReason::Manual => {
            Need::AtLeast((value + 1.0).max(policy.min_count as f64))
        }
        PrimaryReason::FewRespondents => Need::AtLeast(value + 1.0),
        PrimaryReason::Complement { denominator } => {
            let mut t = value - 1.0;
            if !statuses[denominator.index()].is_suppressed() {
                let den = system.cell(denominator).value as f64;
                t = t.min(den - policy.min_count as f64);
            }
            Need::AtMost(t)
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) enum Outcome {
    Cleared(f64),
    Interval(Interval),
}

/// Which side of a cell's value a feasible table must reach to clear it.
#[derive(Clone, Copy)]
enum Need {
    /// Some feasible table has the cell at least this large.
    AtLeast(f64),
    /// Some feasible table has the cell at most this large.
    AtMost(f64),
}

/// The attacker's LP for one component of suppressed cells.
pub(crate) struct ComponentLp {
    /// Per constraint: (variable, coefficient) terms and right-hand side.
    rows: Vec<(Vec<(usize, f64)>, f64)>,
    vars: usize,
    lb: f64,
    cap: f64,
}

impl ComponentLp {
    pub(crate) fn new(
        system: &LinkedSystem,
        statuses: &[CellStatus],
        cells: &[CellId],
        eqs: &[usize],
        lb: f64,
    ) -> Self {
        let var: BTreeMap<CellId, usize> = cells.iter().enumerate().map(|(i, &c)| (c, i)).collect();
        let rows = eqs
            .iter()
            .map(|&e| {
                let eq = &system.equations()[e];
                let mut terms = Vec::new();
                let mut rhs = 0.0;
                let all =
                    std::iter::once((eq.total, 1.0)).chain(eq.parts.iter().map(|&p| (p, -1.0)));
                for (c, coef) in all {
                    if statuses[c.index()].is_suppressed() {
                        terms.push((var[&c], coef));
                    } else {
                        rhs -= coef * system.cell(c).value as f64;
                    }
                }
                (terms, rhs)
            })
            .collect();
        // Above every true value in reach, so the true table stays feasible under the cap.
        let cap = eqs
            .iter()
            .map(|&e| system.cell(system.equations()[e].total).value as f64)
            .fold(0.0, f64::max)
            * 2.0
            + 10.0;
        Self {
            rows,
            vars: cells.len(),
            lb,
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
        let vars: Vec<_> = objective
            .iter()
            .map(|&c| p.add_var(c, (self.lb, cap)))
            .collect();
        for (terms, rhs) in &self.rows {
            let expr: Vec<_> = terms.iter().map(|&(v, c)| (vars[v], c)).collect();
            p.add_constraint(expr.as_slice(), ComparisonOp::Eq, *rhs);
        }
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
        let mut objective = vec![0.0; self.vars];
        objective[target] = 1.0;
        Ok(self
            .optimise(&objective, direction, f64::INFINITY)?
            .map(|(v, _)| v))
    }

    /// Clears targets in batches: one LP pushes all remaining targets of one side at once,
    /// and every target the optimal table moves far enough is cleared by that table. Stops
    /// when a batch clears nothing (or is unbounded); the rest get exact intervals.
    pub(crate) fn clear(
        &self,
        system: &LinkedSystem,
        statuses: &[CellStatus],
        policy: &SuppressionPolicy,
        cells: &[CellId],
        targets: &[usize],
    ) -> Vec<Option<f64>> {
        let mut cleared = vec![None; self.vars];
        let needs: Vec<(usize, Need)> = targets
            .iter()
            .filter_map(|&v| {
                let CellStatus::Primary(reason) = statuses[cells[v].index()] else {
                    return None;
                };
                Some((v, need(system, statuses, policy, reason, cells[v])))
            })
            .collect();
        for up in [true, false] {
            loop {
                let mut objective = vec![0.0; self.vars];
                let mut any = false;
                for &(v, n) in &needs {
                    if cleared[v].is_none() && matches!(n, Need::AtLeast(_)) == up {
                        objective[v] = 1.0;
                        any = true;
                    }
                }
                if !any {
                    break;
                }
                let direction = if up {
                    OptimizationDirection::Maximize
                } else {
                    OptimizationDirection::Minimize
                };
                // A cap keeps a batch bounded when one target is not; every table within the
                // cap is still a table the reader cannot rule out, so clearing stays sound.
                let Ok(Some((_, point))) = self.optimise(&objective, direction, self.cap) else {
                    break;
                };
                let mut progress = false;
                for &(v, n) in &needs {
                    let ok = match n {
                        Need::AtLeast(t) => point[v] >= t - Interval::TOL,
                        Need::AtMost(t) => point[v] <= t + Interval::TOL,
                    };
                    if cleared[v].is_none() && objective[v] != 0.0 && ok {
                        cleared[v] = Some(point[v]);
                        progress = true;
                    }
                }
                if !progress {
                    break;
                }
            }
        }
        cleared
    }

    pub(crate) fn interval(&self, target: usize) -> Result<Interval, String> {
        let lo = self
            .solve(target, OptimizationDirection::Minimize)?
            .ok_or("minimum unbounded")?;
        let hi = self.solve(target, OptimizationDirection::Maximize)?;
        Ok(Interval { lo, hi })
    }
}
