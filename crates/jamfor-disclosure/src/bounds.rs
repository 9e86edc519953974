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
use crate::constraint;
use crate::system::CellId;

/// Passes over the equations at most: each pass is a valid relaxation, so stopping early only
/// leaves bounds wider.
const MAX_PASSES: usize = 16;

/// A propagated interval for every cell of `cells` (sorted, suppressed), from the constraints
/// `eqs` (equations and relations, [`crate::constraint`]; every one that mentions a cell). A suppressed cell of those equations that
/// is not among `cells` is unknown too (bounded only by what the equations say), never fixed:
/// fixing it would narrow the reader's problem and the result would no longer be a relaxation.
pub(crate) fn propagate(
    graph: &Graph<'_>,
    cells: &[CellId],
    eqs: &[usize],
    lb: f64,
) -> Vec<Interval> {
    let system = graph.system();
    let n_eq = system.equations().len();
    let mut unknown = cells.to_vec();
    for &e in eqs {
        for c in constraint::cells(system, e) {
            if graph.hidden(c) && cells.binary_search(&c).is_err() {
                unknown.push(c);
            }
        }
    }
    unknown[cells.len()..].sort_unstable();
    unknown.dedup();
    let mut lo: Vec<f64> = unknown
        .iter()
        .map(|&c| lower_bound(system, c, lb))
        .collect();
    let mut hi: Vec<f64> = vec![f64::INFINITY; unknown.len()];
    let at = |c: CellId| {
        cells.binary_search(&c).ok().or_else(|| {
            unknown[cells.len()..]
                .binary_search(&c)
                .ok()
                .map(|i| i + cells.len())
        })
    };
    let known = |c: CellId| at(c).ok_or(system.cell(c).value as f64);
    // Per equation: (index of an unknown cell or a published value, whether it is the total).
    let rows: Vec<Vec<(Result<usize, f64>, bool)>> = eqs
        .iter()
        .filter(|&&e| e < n_eq)
        .map(|&e| {
            let eq = &system.equations()[e];
            std::iter::once((eq.total, true))
                .chain(eq.parts.iter().map(|&p| (p, false)))
                .map(|(c, total)| (known(c), total))
                .collect()
        })
        .collect();
    // Per relation: the smaller side and the larger.
    let relations: Vec<(Result<usize, f64>, Result<usize, f64>)> = eqs
        .iter()
        .filter(|&&e| e >= n_eq)
        .map(|&e| {
            let r = system.relations()[e - n_eq];
            (known(r.small), known(r.large))
        })
        .collect();
    for _ in 0..MAX_PASSES {
        let mut tightened = false;
        for row in &rows {
            tightened |= tighten(row, &mut lo, &mut hi);
        }
        for &(small, large) in &relations {
            tightened |= order(small, large, &mut lo, &mut hi);
        }
        if !tightened {
            break;
        }
    }
    lo.into_iter()
        .zip(hi)
        .take(cells.len())
        .map(|(lo, hi)| Interval {
            lo,
            hi: hi.is_finite().then_some(hi),
        })
        .collect()
}

/// Tightens the bounds of the two sides of `small ≤ large`; true when any bound moved.
fn order(
    small: Result<usize, f64>,
    large: Result<usize, f64>,
    lo: &mut [f64],
    hi: &mut [f64],
) -> bool {
    let mut moved = false;
    let large_hi = match large {
        Ok(i) => hi[i],
        Err(v) => v,
    };
    if let Ok(i) = small
        && large_hi < hi[i] - Interval::TOL
    {
        hi[i] = large_hi;
        moved = true;
    }
    let small_lo = match small {
        Ok(i) => lo[i],
        Err(v) => v,
    };
    if let Ok(i) = large
        && small_lo > lo[i] + Interval::TOL
    {
        lo[i] = small_lo;
        moved = true;
    }
    moved
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

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::propagate;
    use crate::attack::AttackLp;
    use crate::audit::Interval;
    use crate::certificate::Graph;
    use crate::testing::Crossed;

    #[test]
    fn carries_the_ones_problem_through_a_chain_of_equations() {
        // Row 0 (published total 3) has two suppressed cells, each ≥ 1: the 1 is at most 2.
        // Column 0's total (8) is suppressed too, and is bounded through the grand total.
        let t = Crossed::new(&[2, 2], &[1, 2, 7, 2]);
        let hidden: Vec<_> = [[0, 0], [0, 1], [1, 0], [1, 1], [2, 0], [2, 1]]
            .iter()
            .map(|c| t.id(c))
            .collect();
        let mut cells = hidden.clone();
        cells.sort_unstable();
        let st = t.statuses(&hidden);
        let graph = Graph::new(&t.system, &st);
        let eqs: Vec<usize> = (0..t.system.equations().len()).collect();
        let bounds = propagate(&graph, &cells, &eqs, 1.0);
        let at = |c| bounds[cells.binary_search(&t.id(c)).expect("suppressed")];
        assert_eq!(at(&[0, 0]).hi, Some(2.0));
        // Column 0's total is at least its two parts' bounds, at most 2 + (9 − 1) through
        // the rows: the reader's exact interval, here.
        assert_eq!(at(&[2, 0]).lo, 2.0);
        assert_eq!(at(&[2, 0]).hi, Some(10.0));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(100))]
        /// Propagated bounds contain the reader's exact interval: a relaxation, so an exposure
        /// they show is real; also when asked for only some of the suppressed cells.
        #[test]
        fn propagated_bounds_contain_the_exact_interval(
            dims in prop_oneof![
                proptest::collection::vec(2usize..5, 2),
                proptest::collection::vec(2usize..4, 3)
            ],
            seed in proptest::collection::vec(0u64..9, 64),
            mask in proptest::collection::vec(proptest::bool::weighted(0.6), 125),
            asked in proptest::collection::vec(proptest::bool::weighted(0.7), 125),
            zeros_published in any::<bool>(),
        ) {
            let inner: Vec<u64> = seed.iter().copied().cycle().take(dims.iter().product()).collect();
            let t = Crossed::new(&dims, &inner);
            let hidden: Vec<_> = t.system.ids().filter(|c| mask[c.index()]).collect();
            let cells: Vec<_> = hidden.iter().copied().filter(|c| asked[c.index()]).collect();
            let st = t.statuses(&hidden);
            let graph = Graph::new(&t.system, &st);
            let lb = if zeros_published { 1.0 } else { 0.0 };
            let mut eqs: Vec<usize> = cells
                .iter()
                .flat_map(|&c| graph.equations_of(c).iter().map(|&e| e as usize))
                .collect();
            eqs.sort_unstable();
            eqs.dedup();
            let bounds = propagate(&graph, &cells, &eqs, lb);
            let all: Vec<usize> = (0..t.system.equations().len()).collect();
            let lp = AttackLp::new(&t.system, &hidden, &all, lb);
            for (cell, wide) in cells.iter().zip(&bounds) {
                let at = hidden.binary_search(cell).expect("asked cells are suppressed");
                let exact = lp.interval(at).expect("the true table is feasible");
                prop_assert!(wide.lo <= exact.lo + Interval::TOL);
                match (wide.hi, exact.hi) {
                    (Some(w), Some(e)) => prop_assert!(w >= e - Interval::TOL),
                    (Some(_), None) => prop_assert!(false, "finite bound on an unbounded cell"),
                    _ => {}
                }
                let v = t.system.cell(*cell).value as f64;
                prop_assert!(wide.lo <= v && wide.hi.is_none_or(|h| h >= v));
            }
        }
    }
}
