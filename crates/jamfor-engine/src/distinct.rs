//! Distinct persons: a person who moved, or had rows in two age groups, is one person in the län
//! and in all ages, not two. Not additive, so not rolled up from partial sums — but nearly: most
//! persons have all their counted rows in one slot, and those are counted per slot and rolled up
//! like any sum; only the few persons met in several slots are followed cell by cell.

use std::collections::BTreeMap;

use crate::intern::NONE;
use crate::layout::Layout;
use crate::result::CellKey;
use crate::slots::Slots;

/// The persons counted: each row's person (numbered, [`NONE`] for none) and how many there are.
#[derive(Debug)]
pub(crate) struct Persons {
    pub(crate) of_row: Vec<u32>,
    pub(crate) count: usize,
}

/// The number of distinct persons among `rows` in every cell of `layout`.
pub(crate) fn count(
    rows: &[u32],
    persons: &Persons,
    slots: &Slots,
    layout: &Layout,
) -> BTreeMap<CellKey, f64> {
    // Each person's first slot; a person met again in another slot is noted apart.
    let mut first = vec![NONE; persons.count];
    let mut elsewhere: Vec<(u32, u32)> = Vec::new();
    for &row in rows {
        let person = persons.of_row[row as usize];
        if person == NONE {
            continue;
        }
        let slot = slots.of_row[row as usize];
        let seen = &mut first[person as usize];
        if *seen == NONE {
            *seen = slot;
        } else if *seen != slot {
            elsewhere.push((person, slot));
        }
    }
    let mut several = vec![false; persons.count];
    for (person, _) in &elsewhere {
        several[*person as usize] = true;
    }

    let mut per_slot = vec![0u32; slots.len()];
    for (person, slot) in first.iter().enumerate() {
        if *slot != NONE && !several[person] {
            per_slot[*slot as usize] += 1;
        }
    }
    let mut counts = vec![0.0; layout.len()];
    let mut touched = vec![false; layout.len()];
    for (slot, n) in per_slot.iter().enumerate() {
        if *n == 0 {
            continue;
        }
        for &cell in layout.targets(u32::try_from(slot).unwrap_or(NONE)) {
            counts[cell as usize] += f64::from(*n);
            touched[cell as usize] = true;
        }
    }

    // A person of several slots counts once in every cell any of them counts in.
    elsewhere.sort_unstable();
    elsewhere.dedup();
    let mut cells: Vec<u32> = Vec::new();
    for group in elsewhere.chunk_by(|a, b| a.0 == b.0) {
        let person = group[0].0;
        cells.clear();
        cells.extend_from_slice(layout.targets(first[person as usize]));
        for (_, slot) in group {
            cells.extend_from_slice(layout.targets(*slot));
        }
        cells.sort_unstable();
        cells.dedup();
        for &cell in &cells {
            counts[cell as usize] += 1.0;
            touched[cell as usize] = true;
        }
    }
    layout.collect(counts, &touched)
}
