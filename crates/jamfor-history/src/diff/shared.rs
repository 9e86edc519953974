//! The years two releases both publish. A reader holding both combines them: a cell published
//! in one and withheld in the other is read off the first, and revised data differenced
//! between them tells what changed. So the comparison says which years are shared, which of
//! their input files were delivered again with other contents, and how many of their cells
//! changed status.

use std::collections::{BTreeMap, BTreeSet};

use super::cells::Cells;
use super::compare::StatusChange;
use super::view::ManifestView;
use super::why::InputChange;

/// The years both releases publish, ascending.
pub(crate) fn years(old: &ManifestView, new: &ManifestView) -> Vec<i32> {
    let of = |m: &ManifestView| -> BTreeSet<i32> {
        m.release
            .history
            .iter()
            .copied()
            .chain(m.release.year)
            .collect()
    };
    of(old).intersection(&of(new)).copied().collect()
}

/// Input files of shared years that both releases read and whose bytes differ: revised data.
pub(crate) fn revised(inputs: &[InputChange], years: &[i32]) -> Vec<InputChange> {
    inputs
        .iter()
        .filter(|i| i.change == "changed" && years.contains(&i.year))
        .cloned()
        .collect()
}

/// Status transitions of the cells both releases publish in shared years, e.g. value →
/// confidential, in status order.
pub(crate) fn statuses(old: &Cells, new: &Cells, years: &[i32]) -> Vec<StatusChange> {
    let mut counts: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for (key, b) in new.iter().filter(|(k, _)| years.contains(&k.period)) {
        if let Some(a) = old.get(key)
            && a.status != b.status
        {
            *counts.entry((&a.status, &b.status)).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .map(|((from, to), cells)| StatusChange {
            from: from.to_string(),
            to: to.to_string(),
            cells,
        })
        .collect()
}
