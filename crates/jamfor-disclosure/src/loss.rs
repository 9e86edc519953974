//! Secondary cells a reader can compute anyway, published.
//!
//! A secondary suppression costs information and buys protection only if the reader cannot work
//! the cell out. Some can be: two withheld cells that must add up to 2, with every withheld cell
//! at least 1, are both 1; a withheld cell left alone in an equation by later suppressions
//! elsewhere is its equation's difference. Publishing such a cell tells the reader nothing
//! they did not know, so every table they could not rule out before they still cannot, and the
//! audit of the primary cells stands as it was. Found by propagating bounds through the
//! equations and relations (a relaxation of the reader's problem: what it pins is pinned), and
//! in groups of linked withheld cells small enough to solve outright, by the reader's own LP (its
//! exact interval); repeated while publishing pins more. Cells kept from an earlier release stay
//! withheld: that promise is about the pattern, not the numbers.

use std::collections::BTreeMap;

use crate::attack::AttackLp;
use crate::bounds::propagate;
use crate::certificate::Graph;
use crate::constraint;
use crate::policy::SuppressionPolicy;
use crate::status::{CellStatus, SecondaryReason};
use crate::structure::UnionFind;
use crate::system::{CellId, LinkedSystem};

/// Rounds of publishing at most; each round only publishes what the previous pattern already
/// gave away, so stopping early only leaves a cell withheld.
const MAX_ROUNDS: usize = 8;

/// Largest group of linked withheld cells whose secondary cells get an exact interval (two
/// small LPs each); larger groups rely on propagation alone.
const EXACT_LIMIT: usize = 12;

/// Publishes every secondary cell (elimination or repair) whose value the reader can compute
/// from the pattern `statuses`; returns them in id order.
pub fn publish_recoverable(
    system: &LinkedSystem,
    statuses: &mut [CellStatus],
    policy: &SuppressionPolicy,
) -> Vec<CellId> {
    let lb = policy.attacker_lower_bound() as f64;
    let mut published = Vec::new();
    for _ in 0..MAX_ROUNDS {
        let found = recoverable(system, statuses, lb);
        if found.is_empty() {
            break;
        }
        for &c in &found {
            statuses[c.index()] = CellStatus::Published;
        }
        published.extend(found);
    }
    published.sort_unstable();
    published
}

/// The secondary cells pinned under `statuses`: by propagated bounds, or by their exact
/// interval in a small group.
fn recoverable(system: &LinkedSystem, statuses: &[CellStatus], lb: f64) -> Vec<CellId> {
    let hidden = |c: CellId| statuses[c.index()].is_suppressed();
    let mut uf = UnionFind::new(system.cells().len());
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
    let mut groups: BTreeMap<usize, (Vec<CellId>, Vec<usize>)> = BTreeMap::new();
    for id in system.ids().filter(|&c| hidden(c)) {
        groups.entry(uf.find(id.index())).or_default().0.push(id);
    }
    for e in 0..constraint::count(system) {
        if let Some(c) = constraint::cells(system, e).find(|&c| hidden(c)) {
            groups.entry(uf.find(c.index())).or_default().1.push(e);
        }
    }
    let graph = Graph::new(system, statuses);
    let secondary = |c: CellId| {
        matches!(
            statuses[c.index()],
            CellStatus::Secondary(SecondaryReason::Gauss | SecondaryReason::Repair)
        )
    };
    let mut out = Vec::new();
    for (cells, eqs) in groups.values() {
        if eqs.is_empty() || !cells.iter().any(|&c| secondary(c)) {
            continue;
        }
        let bounds = propagate(&graph, cells, eqs, lb);
        let mut lp: Option<AttackLp> = None;
        for (v, (&c, interval)) in cells.iter().zip(&bounds).enumerate() {
            if !secondary(c) {
                continue;
            }
            let value = system.cell(c).value;
            let pinned =
                |i: &crate::audit::Interval| i.hi_int() == Some(i.lo_int()) && i.lo_int() == value;
            if pinned(interval) {
                out.push(c);
            } else if cells.len() <= EXACT_LIMIT {
                let lp = lp.get_or_insert_with(|| AttackLp::new(system, cells, eqs, lb));
                if lp.pins(v, value as f64) {
                    out.push(c);
                }
            }
        }
    }
    out.sort_unstable();
    out
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::policy::ZeroHandling;
    use crate::status::PrimaryReason;
    use crate::system::SystemBuilder;

    /// `T 5 = a 1 + b 1 + c 3` and `U 1 = b 1 + d 0`: with U and d published, b is U − d.
    #[test]
    fn a_secondary_cell_the_reader_can_compute_is_published_and_no_other() {
        let mut s = SystemBuilder::new();
        let t = s.add_cell("t", "T", 5).unwrap();
        let a = s.add_cell("t", "a", 1).unwrap();
        let b = s.add_cell("t", "b", 1).unwrap();
        let c = s.add_cell("t", "c", 3).unwrap();
        let u = s.add_cell("u", "U", 1).unwrap();
        let d = s.add_cell("u", "d", 0).unwrap();
        s.add_equation(t, &[a, b, c]).unwrap();
        s.add_equation(u, &[b, d]).unwrap();
        let system = s.build().unwrap();
        let mut statuses = vec![CellStatus::Published; 6];
        statuses[a.index()] = CellStatus::Primary(PrimaryReason::SmallCount);
        statuses[b.index()] = CellStatus::Secondary(SecondaryReason::Gauss);
        statuses[c.index()] = CellStatus::Secondary(SecondaryReason::Repair);
        let policy = SuppressionPolicy {
            min_count: 3,
            complement: false,
            min_respondents: None,
            min_denominator: None,
            zeros: ZeroHandling::Published,
            published_decimals: 1,
            protection_percent: None,
        };
        let published = publish_recoverable(&system, &mut statuses, &policy);
        assert_eq!(published, vec![b]);
        assert!(statuses[a.index()].is_primary());
        assert!(
            statuses[c.index()].is_suppressed(),
            "c = 4 − a: still unknown"
        );
    }
}
