//! Bounds a reader gets by combining equations one at a time, without an LP.
//!
//! Each equation `total = Σ parts` bounds each of its cells by the others' bounds: a part is at
//! most the total's upper bound less the other parts' lower bounds, a total at least the sum of
//! its parts' lower bounds, and so on. Starting from the lower bound a reader may assume for
//! every suppressed cell and the values of the published ones, and repeating while any bound
//! tightens, gives an interval that contains every value the cell takes in any table the
//! reader cannot rule out: a relaxation of the attacker's LP. So when it already exposes a
//! cell, the exact interval does too, and the repair loop needs no LP to know it.
//!
//! This is the "ones problem" reasoning of the repair loop (an equation whose suppressed cells
//! are all forced to their lower bound) carried through a chain of equations: most exposures
//! in crossed tables are such chains, and propagating them costs a few passes over the
//! component's equations, where proving them with neighbourhood LPs cost three LPs each.

use crate::attack::lower_bound;
use crate::audit::Interval;
use crate::certificate::Graph;
use crate::system::CellId;

/// Passes over the equations at most: each pass is a valid relaxation, so stopping early only
/// leaves bounds wider.
const MAX_PASSES: usize = 16;

/// A propagated interval for every cell of `cells` (sorted, suppressed, one component), from
/// the equations `eqs` (every equation that mentions one of them).
pub(crate) fn propagate(
    graph: &Graph<'_>,
    cells: &[CellId],
    eqs: &[usize],
    lb: f64,
) -> Vec<Interval> {
    let system = graph.system();
    let mut lo: Vec<f64> = cells.iter().map(|&c| lower_bound(system, c, lb)).collect();
    let mut hi: Vec<f64> = vec![f64::INFINITY; cells.len()];
    let at = |c: CellId| cells.binary_search(&c).ok();
    // Per equation: (local index or published value, coefficient +1 total / −1 part).
    let rows: Vec<Vec<(Result<usize, f64>, bool)>> = eqs
        .iter()
        .map(|&e| {
            let eq = &system.equations()[e];
            std::iter::once((eq.total, true))
                .chain(eq.parts.iter().map(|&p| (p, false)))
                .map(|(c, total)| (at(c).ok_or(system.cell(c).value as f64), total))
                .collect()
        })
        .collect();
    for _ in 0..MAX_PASSES {
        let mut tightened = false;
        for row in &rows {
            tightened |= tighten(row, &mut lo, &mut hi);
        }
        if !tightened {
            break;
        }
    }
    lo.into_iter()
        .zip(hi)
        .map(|(lo, hi)| Interval {
            lo,
            hi: hi.is_finite().then_some(hi),
        })
        .collect()
}

/// Tightens the bounds of one equation's suppressed cells; true when any bound moved.
fn tighten(row: &[(Result<usize, f64>, bool)], lo: &mut [f64], hi: &mut [f64]) -> bool {
    let bounds = |cell: &Result<usize, f64>, lo: &[f64], hi: &[f64]| match *cell {
        Ok(i) => (lo[i], hi[i]),
        Err(v) => (v, v),
    };
    // Write the equation as Σ a·x = 0 with a = +1 for the total, −1 for parts; the sum of the
    // other terms' ranges bounds each term.
    let (mut min_sum, mut max_sum, mut unbounded_max, mut unbounded_min) = (0.0, 0.0, 0, 0);
    for (cell, total) in row {
        let (l, h) = bounds(cell, lo, hi);
        let (tl, th) = if *total { (l, h) } else { (-h, -l) };
        if tl.is_finite() {
            min_sum += tl;
        } else {
            unbounded_min += 1;
        }
        if th.is_finite() {
            max_sum += th;
        } else {
            unbounded_max += 1;
        }
    }
    let mut moved = false;
    for (cell, total) in row {
        let Ok(i) = *cell else { continue };
        let (l, h) = (lo[i], hi[i]);
        let (tl, th) = if *total { (l, h) } else { (-h, -l) };
        // The others' range: this term = −(others).
        let others_min = if tl.is_finite() {
            (unbounded_min == 0).then_some(min_sum - tl)
        } else {
            (unbounded_min == 1).then_some(min_sum)
        };
        let others_max = if th.is_finite() {
            (unbounded_max == 0).then_some(max_sum - th)
        } else {
            (unbounded_max == 1).then_some(max_sum)
        };
        // term ∈ [−others_max, −others_min].
        let (term_lo, term_hi) = (others_max.map(|m| -m), others_min.map(|m| -m));
        let (new_lo, new_hi) = if *total {
            (term_lo, term_hi)
        } else {
            (term_hi.map(|t| -t), term_lo.map(|t| -t))
        };
        if let Some(v) = new_lo
            && v > lo[i] + Interval::TOL
        {
            lo[i] = v;
            moved = true;
        }
        if let Some(v) = new_hi
            && v < hi[i] - Interval::TOL
        {
            hi[i] = v;
            moved = true;
        }
    }
    moved
}
