//! Structure of a linked system, computed once when it is built.
//!
//! * **Components**: cells linked (directly or through other cells) by equations. Different
//!   counts are independent unless linked, so every later step works per component and can run
//!   them in parallel.
//! * **Rows**: a basis of the solution space of the equations. Every table satisfying the
//!   equations is `x = R·z` for free "inner" values `z`; row `R_c` says which combination of
//!   inner values cell `c` is. A cell can be computed from published cells exactly when its row
//!   lies in the span of their rows (GaussSuppression's formulation).
//! * **Aliases**: cells with identical rows are the same number (Gotland: kommun 0980 and län
//!   09, or any equation `a = b`). They are given one status, so they cannot drift apart.

use std::collections::BTreeMap;

use crate::system::{CellId, Equation, Relation};

/// Sparse vector over a component's inner indices, sorted by index.
pub(crate) type SparseRow = Vec<(u32, f64)>;

/// Coefficients closer to zero than this are zero. Coefficients are small integers in
/// hierarchical tables; the tolerance only absorbs round-off.
pub(crate) const EPS: f64 = 1e-9;

#[derive(Debug, Clone)]
pub(crate) struct Component {
    /// The component's cells, ascending.
    pub(crate) cells: Vec<CellId>,
    /// Dimension of the solution space.
    pub(crate) inner_dim: usize,
    /// Per local cell: its row over inner indices.
    pub(crate) rows: Vec<SparseRow>,
    /// Per local cell: local index of the first cell with the same row (itself if none).
    pub(crate) alias: Vec<u32>,
}

#[derive(Debug, Clone)]
pub(crate) struct Structure {
    pub(crate) components: Vec<Component>,
    /// The equations each cell appears in.
    pub(crate) incidence: Incidence,
    /// The constraints each cell appears in: equations by their index, relations by the
    /// number of equations plus theirs (see [`crate::constraint`]).
    pub(crate) constraints: Incidence,
}

/// The equations each cell appears in, in one flat array (the audit walks it every round).
#[derive(Debug, Clone)]
pub(crate) struct Incidence {
    start: Vec<u32>,
    equations: Vec<u32>,
}

impl Incidence {
    /// From the cells of each constraint, in order.
    fn new<'a, I>(n_cells: usize, constraints: impl Fn() -> I) -> Self
    where
        I: Iterator<Item = Vec<CellId>> + 'a,
    {
        let mut start = vec![0u32; n_cells + 1];
        for cells in constraints() {
            for c in cells {
                start[c.index() + 1] += 1;
            }
        }
        for i in 0..n_cells {
            start[i + 1] += start[i];
        }
        let mut fill = start.clone();
        let mut flat = vec![0u32; start[n_cells] as usize];
        for (e, cells) in constraints().enumerate() {
            for c in cells {
                flat[fill[c.index()] as usize] = e as u32;
                fill[c.index()] += 1;
            }
        }
        Self {
            start,
            equations: flat,
        }
    }

    /// Indices of the equations cell `c` appears in, ascending.
    pub(crate) fn of(&self, c: CellId) -> &[u32] {
        &self.equations[self.start[c.index()] as usize..self.start[c.index() + 1] as usize]
    }
}

impl Structure {
    pub(crate) fn analyse(
        n_cells: usize,
        equations: &[Equation],
        relations: &[Relation],
    ) -> Structure {
        let mut uf = UnionFind::new(n_cells);
        for eq in equations {
            for p in &eq.parts {
                uf.union(eq.total.index(), p.index());
            }
        }
        // Components are numbered by their smallest cell, so the numbering is deterministic.
        let mut comp_of_root: Vec<u32> = vec![u32::MAX; n_cells];
        let mut location = vec![(0u32, 0u32); n_cells];
        let mut members: Vec<Vec<CellId>> = Vec::new();
        for (i, loc) in location.iter_mut().enumerate() {
            let root = uf.find(i);
            if comp_of_root[root] == u32::MAX {
                members.push(Vec::new());
                comp_of_root[root] = (members.len() - 1) as u32;
            }
            let comp = comp_of_root[root];
            let list = &mut members[comp as usize];
            *loc = (comp, list.len() as u32);
            list.push(CellId(i as u32));
        }
        let mut eqs_of: Vec<Vec<u32>> = vec![Vec::new(); members.len()];
        for (e, eq) in equations.iter().enumerate() {
            eqs_of[location[eq.total.index()].0 as usize].push(e as u32);
        }
        let components = members
            .into_iter()
            .zip(eqs_of)
            .map(|(cells, eqs)| {
                let local: Vec<(u32, Vec<u32>)> = eqs
                    .iter()
                    .map(|&e| {
                        let eq = &equations[e as usize];
                        let loc = |c: CellId| location[c.index()].1;
                        (loc(eq.total), eq.parts.iter().map(|&p| loc(p)).collect())
                    })
                    .collect();
                let (inner_dim, rows) = solution_basis(cells.len(), &local);
                let alias = aliases(&rows);
                Component {
                    cells,
                    inner_dim,
                    rows,
                    alias,
                }
            })
            .collect();
        Structure {
            components,
            incidence: Incidence::new(n_cells, || equations.iter().map(equation_cells)),
            constraints: Incidence::new(n_cells, || {
                equations
                    .iter()
                    .map(equation_cells)
                    .chain(relations.iter().map(|r| vec![r.small, r.large]))
            }),
        }
    }
}

fn equation_cells(eq: &Equation) -> Vec<CellId> {
    std::iter::once(eq.total)
        .chain(eq.parts.iter().copied())
        .collect()
}

/// Expresses every cell in terms of free cells by eliminating one cell per independent
/// equation. Equations are solved for their total where possible: with equations listed
/// bottom-up (kommun, län, riket) nothing already eliminated has to be rewritten, and the free
/// cells are the kommun K/M cells, which keeps rows sparse.
fn solution_basis(n: usize, equations: &[(u32, Vec<u32>)]) -> (usize, Vec<SparseRow>) {
    let mut expr: Vec<Option<BTreeMap<u32, f64>>> = vec![None; n];
    // For a free cell: eliminated cells whose expression may mention it.
    let mut occurs: Vec<Vec<u32>> = vec![Vec::new(); n];
    for (total, parts) in equations {
        let mut acc: BTreeMap<u32, f64> = BTreeMap::new();
        let terms = std::iter::once((*total, 1.0)).chain(parts.iter().map(|&p| (p, -1.0)));
        for (cell, coef) in terms {
            match &expr[cell as usize] {
                Some(e) => {
                    for (&k, &v) in e {
                        *acc.entry(k).or_insert(0.0) += coef * v;
                    }
                }
                None => *acc.entry(cell).or_insert(0.0) += coef,
            }
        }
        acc.retain(|_, v| v.abs() > EPS);
        // Empty: the equation follows from earlier ones.
        let Some(pivot) = choose_pivot(&acc, *total) else {
            continue;
        };
        let cp = acc.remove(&pivot).unwrap_or(1.0);
        let solved: BTreeMap<u32, f64> = acc.into_iter().map(|(k, v)| (k, -v / cp)).collect();
        for r in std::mem::take(&mut occurs[pivot as usize]) {
            let Some(er) = expr[r as usize].as_mut() else {
                continue;
            };
            let Some(c) = er.remove(&pivot) else {
                continue;
            };
            for (&k, &v) in &solved {
                *er.entry(k).or_insert(0.0) += c * v;
                occurs[k as usize].push(r);
            }
            er.retain(|_, v| v.abs() > EPS);
        }
        for &k in solved.keys() {
            occurs[k as usize].push(pivot);
        }
        expr[pivot as usize] = Some(solved);
    }
    let mut inner = vec![u32::MAX; n];
    let mut dim = 0u32;
    for (i, e) in expr.iter().enumerate() {
        if e.is_none() {
            inner[i] = dim;
            dim += 1;
        }
    }
    let rows = expr
        .iter()
        .enumerate()
        .map(|(i, e)| match e {
            None => vec![(inner[i], 1.0)],
            Some(e) => {
                let mut row: SparseRow = e.iter().map(|(&k, &v)| (inner[k as usize], v)).collect();
                row.sort_by_key(|&(k, _)| k);
                row
            }
        })
        .collect();
    (dim as usize, rows)
}

fn choose_pivot(acc: &BTreeMap<u32, f64>, total: u32) -> Option<u32> {
    if acc.contains_key(&total) {
        return Some(total);
    }
    // Largest coefficient for stability; the last such cell, deterministically.
    let mut best: Option<(u32, f64)> = None;
    for (&k, &v) in acc {
        if best.is_none_or(|(_, b)| v.abs() >= b) {
            best = Some((k, v.abs()));
        }
    }
    best.map(|(k, _)| k)
}

fn aliases(rows: &[SparseRow]) -> Vec<u32> {
    let mut first: BTreeMap<Vec<(u32, i64)>, u32> = BTreeMap::new();
    rows.iter()
        .enumerate()
        .map(|(i, row)| {
            if row.is_empty() {
                return i as u32;
            }
            let key = row
                .iter()
                .map(|&(k, v)| (k, (v * 1e6).round() as i64))
                .collect();
            *first.entry(key).or_insert(i as u32)
        })
        .collect()
}

/// Disjoint sets with path halving; used for components here and in the audit.
#[derive(Debug)]
pub(crate) struct UnionFind {
    parent: Vec<usize>,
}

impl UnionFind {
    pub(crate) fn new(n: usize) -> Self {
        Self {
            parent: (0..n).collect(),
        }
    }

    pub(crate) fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }

    pub(crate) fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        // The smaller root wins, so roots do not depend on the order of unions.
        if ra < rb {
            self.parent[rb] = ra;
        } else if rb < ra {
            self.parent[ra] = rb;
        }
    }
}
