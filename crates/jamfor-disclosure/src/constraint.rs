//! What a reader knows between cells, in one index space: the equations first (by their own
//! index), then the relations (index = number of equations + the relation's). The audit, its
//! neighbourhoods and the repair loop walk both alike; elimination sees equations only.

use crate::system::{CellId, LinkedSystem};

/// How a constraint's terms compare with zero.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sense {
    /// `total − Σ parts = 0`.
    Equal,
    /// `small − large ≤ 0`.
    AtMost,
}

/// Number of constraints of a system.
pub(crate) fn count(system: &LinkedSystem) -> usize {
    system.equations().len() + system.relations().len()
}

/// The cells of constraint `e`.
pub(crate) fn cells(system: &LinkedSystem, e: usize) -> impl Iterator<Item = CellId> + '_ {
    let n = system.equations().len();
    let (eq, rel) = if e < n {
        (Some(&system.equations()[e]), None)
    } else {
        (None, Some(system.relations()[e - n]))
    };
    let from_eq = eq
        .into_iter()
        .flat_map(|eq| std::iter::once(eq.total).chain(eq.parts.iter().copied()));
    let from_rel = rel.into_iter().flat_map(|r| [r.small, r.large]);
    from_eq.chain(from_rel)
}

/// The terms of constraint `e` as `(cell, coefficient)` and how they compare with zero.
pub(crate) fn terms(system: &LinkedSystem, e: usize) -> (Vec<(CellId, f64)>, Sense) {
    let n = system.equations().len();
    if e < n {
        let eq = &system.equations()[e];
        let terms = std::iter::once((eq.total, 1.0))
            .chain(eq.parts.iter().map(|&p| (p, -1.0)))
            .collect();
        (terms, Sense::Equal)
    } else {
        let r = system.relations()[e - n];
        (vec![(r.small, 1.0), (r.large, -1.0)], Sense::AtMost)
    }
}
