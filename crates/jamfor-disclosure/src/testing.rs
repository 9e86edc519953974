//! Small crossed tables for unit tests (every margin published as a cell, every equation
//! declared), and a feasibility check written apart from the code it checks.

use proptest::prelude::*;

use crate::attack::lower_bound;
use crate::status::{CellStatus, SecondaryReason};
use crate::system::{CellId, LinkedSystem, SystemBuilder};

/// A table crossing `dims` (each with its total): cell coordinates run over `0..=dims[i]`,
/// where `dims[i]` is the total of dimension `i`.
pub(crate) struct Crossed {
    pub(crate) system: LinkedSystem,
    dims: Vec<usize>,
}

impl Crossed {
    /// The table with the given inner values (row-major over the inner coordinates).
    pub(crate) fn new(dims: &[usize], inner: &[u64]) -> Self {
        let sizes: Vec<usize> = dims.iter().map(|d| d + 1).collect();
        let n: usize = sizes.iter().product();
        let coords = |mut i: usize| -> Vec<usize> {
            let mut c = vec![0; dims.len()];
            for k in (0..dims.len()).rev() {
                c[k] = i % sizes[k];
                i /= sizes[k];
            }
            c
        };
        let index = |c: &[usize]| c.iter().zip(&sizes).fold(0, |acc, (x, s)| acc * s + x);
        let mut inner = inner.iter().copied();
        assert_eq!(
            inner.len(),
            dims.iter().product::<usize>(),
            "one value per inner cell"
        );
        let mut values = vec![0u64; n];
        for (i, v) in values.iter_mut().enumerate() {
            if coords(i).iter().zip(dims).all(|(x, d)| x < d) {
                *v = inner.next().unwrap_or(0);
            }
        }
        // A cell with k totals among its coordinates sums cells with k − 1: fill by k.
        for k in 1..=dims.len() {
            for i in 0..n {
                let c = coords(i);
                let totals: Vec<usize> = (0..dims.len()).filter(|&j| c[j] == dims[j]).collect();
                if totals.len() == k {
                    let j = totals[0];
                    values[i] = (0..dims[j])
                        .map(|x| {
                            let mut p = c.clone();
                            p[j] = x;
                            values[index(&p)]
                        })
                        .sum();
                }
            }
        }
        let mut b = SystemBuilder::new();
        let ids: Vec<CellId> = values
            .iter()
            .enumerate()
            .map(|(i, &v)| {
                b.add_cell("t", format!("{:?}", coords(i)), v)
                    .expect("distinct keys")
            })
            .collect();
        for i in 0..n {
            let c = coords(i);
            for j in 0..dims.len() {
                if c[j] != dims[j] {
                    continue;
                }
                let parts: Vec<CellId> = (0..dims[j])
                    .map(|x| {
                        let mut p = c.clone();
                        p[j] = x;
                        ids[index(&p)]
                    })
                    .collect();
                b.add_equation(ids[i], &parts).expect("well-formed");
            }
        }
        Self {
            system: b.build().expect("a crossed table is consistent"),
            dims: dims.to_vec(),
        }
    }

    /// The cell at `coords` (a coordinate equal to its dimension is that dimension's total).
    pub(crate) fn id(&self, coords: &[usize]) -> CellId {
        let i = coords
            .iter()
            .zip(&self.dims)
            .fold(0, |acc, (x, d)| acc * (d + 1) + x);
        CellId(i as u32)
    }

    /// Statuses with exactly `hidden` suppressed.
    pub(crate) fn statuses(&self, hidden: &[CellId]) -> Vec<CellStatus> {
        let mut st = vec![CellStatus::Published; self.system.cells().len()];
        for c in hidden {
            st[c.index()] = CellStatus::Secondary(SecondaryReason::Gauss);
        }
        st
    }
}

/// Whether `table` is a table the reader cannot rule out, checked from scratch: only
/// suppressed cells differ from the truth, none below its lower bound, every equation holds.
pub(crate) fn feasible(
    system: &LinkedSystem,
    statuses: &[CellStatus],
    table: &[(CellId, f64)],
    lb: f64,
) -> bool {
    let mut x: Vec<f64> = system.cells().iter().map(|c| c.value as f64).collect();
    for &(c, v) in table {
        if !statuses[c.index()].is_suppressed() || v < lower_bound(system, c, lb) - 1e-9 {
            return false;
        }
        x[c.index()] = v;
    }
    system.equations().iter().all(|eq| {
        let parts: f64 = eq.parts.iter().map(|p| x[p.index()]).sum();
        (x[eq.total.index()] - parts).abs() < 1e-6
    })
}

/// A two- or three-way table, its inner values, which cells are suppressed, and whether zeros
/// are published: the random tables the property tests run on.
pub(crate) fn crossed() -> impl Strategy<Value = (Vec<usize>, Vec<u64>, Vec<bool>, bool)> {
    prop_oneof![
        proptest::collection::vec(2usize..5, 2),
        proptest::collection::vec(2usize..4, 3)
    ]
    .prop_flat_map(|dims| {
        let inner: usize = dims.iter().product();
        let all: usize = dims.iter().map(|d| d + 1).product();
        (
            Just(dims),
            proptest::collection::vec(0u64..9, inner),
            proptest::collection::vec(proptest::bool::weighted(0.6), all),
            any::<bool>(),
        )
    })
}
