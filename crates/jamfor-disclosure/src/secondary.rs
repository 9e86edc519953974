//! Secondary suppression by Gaussian elimination (the GaussSuppression idea, Langsrud 2024).
//!
//! Candidates are visited in priority order (riket, län, kommun; totals first; large counts
//! first). A candidate is published unless publishing it would put the row of some protected
//! cell into the span of the published rows, i.e. make that cell computable from published
//! figures. Because the check runs on the whole component (all linked tables, all hierarchy
//! levels at once), no sub-table argument is needed and the 4×4 counterexample of sdcTable,
//! where every row and column has two suppressions yet one cell is computable, cannot happen.
//!
//! The span is kept as a basis in echelon form (each basis vector has a pivot where all later
//! ones are zero); protected rows are kept reduced against it, so "computable" is simply "its
//! reduced row became zero".

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use crate::par::par_map;
use crate::primary::PrimaryPattern;
use crate::status::{CellStatus, SecondaryReason};
use crate::structure::{Component, EPS, SparseRow};
use crate::system::LinkedSystem;

/// Extra inputs to the secondary step, beyond the primary pattern.
#[derive(Debug, Clone, Default)]
pub struct SecondaryOptions {
    /// Per cell: protect like a primary cell (added by the ones/zeros repair loop).
    pub protect: Vec<bool>,
    /// Per cell: keep suppressed (an earlier pattern); suppressed but not itself protected.
    pub keep: Vec<bool>,
}

/// Runs the Gaussian-elimination secondary suppression; returns the status of every cell.
pub fn gauss_secondary(
    system: &LinkedSystem,
    primary: &PrimaryPattern,
    options: &SecondaryOptions,
) -> Vec<CellStatus> {
    let mut out = vec![CellStatus::Published; system.cells().len()];
    let all = vec![true; system.structure.components.len()];
    gauss_secondary_into(system, primary, options, &all, &mut out);
    out
}

/// Re-runs the elimination only for the components flagged in `which` (independent
/// components do not influence each other), writing their statuses into `out`.
pub(crate) fn gauss_secondary_into(
    system: &LinkedSystem,
    primary: &PrimaryPattern,
    options: &SecondaryOptions,
    which: &[bool],
    out: &mut [CellStatus],
) {
    let flag = |v: &[bool], i: usize| v.get(i).copied().unwrap_or(false);
    let comps: Vec<&Component> = system
        .structure
        .components
        .iter()
        .zip(which)
        .filter(|(_, w)| **w)
        .map(|(c, _)| c)
        .collect();
    let per_component = par_map(&comps, |comp| {
        let roles: Vec<Role> = comp
            .cells
            .iter()
            .map(|c| {
                let i = c.index();
                if let Some(r) = primary.reasons[i] {
                    Role::Primary(r)
                } else if flag(&options.protect, i) {
                    Role::Protect
                } else if flag(&options.keep, i) {
                    Role::Keep
                } else if primary.forced[i] {
                    Role::Forced
                } else {
                    Role::Candidate
                }
            })
            .collect();
        component_statuses(system, comp, &roles)
    });
    for (comp, statuses) in comps.into_iter().zip(per_component) {
        for (c, s) in comp.cells.iter().zip(statuses) {
            out[c.index()] = s;
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Role {
    Primary(crate::status::PrimaryReason),
    Protect,
    Keep,
    Forced,
    Candidate,
}

fn component_statuses(system: &LinkedSystem, comp: &Component, roles: &[Role]) -> Vec<CellStatus> {
    // Work on alias groups (cells that are the same number): the group's role is the
    // strongest role of its members.
    let n = comp.cells.len();
    let mut group_role: Vec<Option<Role>> = vec![None; n];
    let mut group_prio: Vec<u32> = vec![u32::MAX; n];
    for (i, &a) in comp.alias.iter().enumerate() {
        let g = &mut group_role[a as usize];
        *g = Some(g.map_or(roles[i], |r| r.min(roles[i])));
        let p = &mut group_prio[a as usize];
        *p = (*p).min(system.cell(comp.cells[i]).priority);
    }
    let mut gauss = Gauss::new(comp.inner_dim);
    let mut protected_groups = 0;
    for (g, role) in group_role.iter().enumerate() {
        if matches!(role, Some(Role::Primary(_) | Role::Protect)) {
            gauss.protect(&comp.rows[g]);
            protected_groups += 1;
        }
    }
    let mut suppressed = vec![false; n];
    for (g, role) in group_role.iter().enumerate() {
        suppressed[g] = matches!(role, Some(Role::Primary(_) | Role::Protect | Role::Keep));
    }
    if protected_groups > 0 {
        // Forced cells first: they are published whatever happens, so later decisions must
        // see them. Then candidates, most wanted first.
        let mut order: Vec<(u8, u32, std::cmp::Reverse<u64>, usize)> = group_role
            .iter()
            .enumerate()
            .filter_map(|(g, role)| {
                let cell = system.cell(comp.cells[g]);
                match role {
                    Some(Role::Forced) => Some((0, 0, std::cmp::Reverse(0), g)),
                    Some(Role::Candidate) => {
                        Some((1, group_prio[g], std::cmp::Reverse(cell.value), g))
                    }
                    _ => None,
                }
            })
            .collect();
        order.sort_unstable();
        for (kind, _, _, g) in order {
            let reduced = gauss.reduce(&comp.rows[g]);
            if kind == 0 {
                gauss.publish(reduced, false);
            } else if !gauss.publish(reduced, true) {
                suppressed[g] = true;
            }
        }
    }
    (0..n)
        .map(|i| {
            let g = comp.alias[i] as usize;
            match roles[i] {
                Role::Primary(r) => CellStatus::Primary(r),
                _ if !suppressed[g] => CellStatus::Published,
                _ => match group_role[g] {
                    Some(Role::Primary(r)) => CellStatus::Primary(r),
                    Some(Role::Protect) => CellStatus::Secondary(SecondaryReason::Repair),
                    Some(Role::Keep) => CellStatus::Secondary(SecondaryReason::Kept),
                    _ => CellStatus::Secondary(SecondaryReason::Gauss),
                },
            }
        })
        .collect()
}

/// Incremental elimination state of one component.
///
/// Protected rows are sparse, with an index from each inner position to the protected rows
/// that may be non-zero there: publishing a cell touches only the rows that have its pivot,
/// where dense rows cost a pass over every protected row and memory of protected × inner
/// dimension (tens of megabytes in a kommun × kön × age table).
struct Gauss {
    /// Published span: (pivot, vector with 1 at the pivot and 0 at every earlier pivot).
    basis: Vec<(u32, SparseRow)>,
    /// Per inner index: the basis vector whose pivot it is.
    pivot_of: Vec<Option<u32>>,
    /// Protected rows reduced against the basis, sorted by index, no zero entries.
    protected: Vec<SparseRow>,
    /// Per inner index: protected rows that may be non-zero there (a row that became zero
    /// there may still be listed; every row that is non-zero there is).
    rows_at: Vec<Vec<u32>>,
    work: Vec<f64>,
    touched: Vec<u32>,
    merged: SparseRow,
}

/// The coefficient of a sparse row at `i` (0 when absent).
fn coefficient(row: &SparseRow, i: u32) -> f64 {
    row.binary_search_by_key(&i, |&(k, _)| k)
        .map_or(0.0, |at| row[at].1)
}

impl Gauss {
    fn new(dim: usize) -> Self {
        Self {
            basis: Vec::new(),
            pivot_of: vec![None; dim],
            protected: Vec::new(),
            rows_at: vec![Vec::new(); dim],
            work: vec![0.0; dim],
            touched: Vec::new(),
            merged: SparseRow::new(),
        }
    }

    fn protect(&mut self, row: &SparseRow) {
        let id = self.protected.len() as u32;
        let row: SparseRow = row.iter().copied().filter(|(_, c)| c.abs() > EPS).collect();
        for &(i, _) in &row {
            self.rows_at[i as usize].push(id);
        }
        self.protected.push(row);
    }

    /// The row modulo the published span: zero at every pivot, unique for its coset.
    ///
    /// Basis vectors are subtracted in the order they were added, as elimination needs, but
    /// only those whose pivot the row reaches (a basis vector is zero at every earlier pivot, so
    /// subtracting it can only reach later ones): a heap of reached pivots replaces a pass
    /// over the whole basis per candidate.
    fn reduce(&mut self, row: &SparseRow) -> SparseRow {
        let mut reached: BinaryHeap<Reverse<u32>> = BinaryHeap::new();
        for &(i, c) in row {
            self.work[i as usize] += c;
            self.touched.push(i);
            if let Some(k) = self.pivot_of[i as usize] {
                reached.push(Reverse(k));
            }
        }
        let mut last = None;
        while let Some(Reverse(k)) = reached.pop() {
            if last == Some(k) {
                continue;
            }
            last = Some(k);
            let (p, b) = &self.basis[k as usize];
            let a = self.work[*p as usize];
            if a.abs() <= EPS {
                continue;
            }
            for &(i, c) in b {
                self.work[i as usize] -= a * c;
                self.touched.push(i);
                if let Some(j) = self.pivot_of[i as usize]
                    && j > k
                {
                    reached.push(Reverse(j));
                }
            }
            self.work[*p as usize] = 0.0;
        }
        self.touched.sort_unstable();
        self.touched.dedup();
        let mut out = SparseRow::new();
        for &i in &self.touched {
            let v = std::mem::take(&mut self.work[i as usize]);
            if v.abs() > EPS {
                out.push((i, v));
            }
        }
        self.touched.clear();
        out
    }

    /// Adds a reduced row to the published span. With `guard`, refuses (and returns false)
    /// when that would make a protected row computable.
    fn publish(&mut self, reduced: SparseRow, guard: bool) -> bool {
        // Already computable from published cells: publishing it reveals nothing new.
        let Some(&(pivot, pv)) = reduced
            .iter()
            .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()).then(a.0.cmp(&b.0)))
        else {
            return true;
        };
        let b: SparseRow = reduced.into_iter().map(|(i, c)| (i, c / pv)).collect();
        let mut rows = std::mem::take(&mut self.rows_at[pivot as usize]);
        rows.sort_unstable();
        rows.dedup();
        rows.retain(|&r| coefficient(&self.protected[r as usize], pivot).abs() > EPS);
        if guard {
            // Zero after elimination iff it is a multiple of `b`.
            let computable = rows.iter().any(|&r| {
                let v = &self.protected[r as usize];
                let a = coefficient(v, pivot);
                v.len() == b.len()
                    && b.iter()
                        .all(|&(i, c)| (coefficient(v, i) - a * c).abs() <= EPS)
            });
            if computable {
                self.rows_at[pivot as usize] = rows;
                return false;
            }
        }
        for &r in &rows {
            let v = &mut self.protected[r as usize];
            let a = coefficient(v, pivot);
            // v − a·b, merged by index; entries that vanish are dropped, new ones indexed.
            self.merged.clear();
            let (mut x, mut y) = (0, 0);
            while x < v.len() || y < b.len() {
                let (i, value, new) = match (v.get(x), b.get(y)) {
                    (Some(&(i, vi)), Some(&(j, _))) if i < j => {
                        x += 1;
                        (i, vi, false)
                    }
                    (Some(&(i, vi)), Some(&(j, c))) if i == j => {
                        x += 1;
                        y += 1;
                        (i, vi - a * c, false)
                    }
                    (Some(&(i, vi)), None) => {
                        x += 1;
                        (i, vi, false)
                    }
                    (_, Some(&(j, c))) => {
                        y += 1;
                        (j, 0.0 - a * c, true)
                    }
                    (None, None) => break,
                };
                if i == pivot || value.abs() <= EPS {
                    continue;
                }
                if new {
                    self.rows_at[i as usize].push(r);
                }
                self.merged.push((i, value));
            }
            std::mem::swap(v, &mut self.merged);
        }
        self.pivot_of[pivot as usize] = Some(self.basis.len() as u32);
        self.basis.push((pivot, b));
        true
    }
}
