//! The naive baseline both benchmarks compare against.

use jamfor_disclosure::{CellStatus, LinkedSystem, PrimaryPattern, SecondaryReason};

/// "One extra cell per row and column": while some equation has exactly one suppressed cell,
/// suppress the smallest other cell of it that may be suppressed.
pub(crate) fn naive(system: &LinkedSystem, primary: &PrimaryPattern) -> Vec<CellStatus> {
    let mut st: Vec<CellStatus> = primary
        .reasons
        .iter()
        .map(|r| r.map_or(CellStatus::Published, CellStatus::Primary))
        .collect();
    loop {
        let mut changed = false;
        for eq in system.equations() {
            let cells: Vec<_> = std::iter::once(eq.total)
                .chain(eq.parts.iter().copied())
                .collect();
            if cells
                .iter()
                .filter(|c| st[c.index()].is_suppressed())
                .count()
                != 1
            {
                continue;
            }
            let pick = cells
                .iter()
                .filter(|c| !st[c.index()].is_suppressed() && !primary.forced[c.index()])
                .min_by_key(|c| (system.cell(**c).value, **c));
            if let Some(c) = pick {
                st[c.index()] = CellStatus::Secondary(SecondaryReason::Gauss);
                changed = true;
            }
        }
        if !changed {
            return st;
        }
    }
}

pub(crate) fn count(st: &[CellStatus]) -> (usize, usize) {
    let p = st.iter().filter(|s| s.is_primary()).count();
    let s = st.iter().filter(|s| s.is_suppressed()).count() - p;
    (p, s)
}
