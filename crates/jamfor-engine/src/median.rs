//! Medians at every level, from the rows: one sort of the counted values, then a walk in value
//! order that stops, for every cell, at the middle of its own values.

use std::collections::BTreeMap;

use crate::layout::Layout;
use crate::result::CellKey;
use crate::slots::Slots;

/// The median of the counted `rows`' `values` (one per row, in the same order) in every cell of
/// `layout` (`None` where no row counts).
/// Computed as polars computes a median (linear interpolation between the two middle values of an
/// even count), so results do not depend on which engine computed them.
pub(crate) fn medians(
    rows: &[u32],
    values: &[f64],
    slots: &Slots,
    layout: &Layout,
) -> BTreeMap<CellKey, Option<f64>> {
    let mut items: Vec<(u64, u32)> = rows
        .iter()
        .zip(values)
        .map(|(&row, &value)| (order_key(value), slots.of_row[row as usize]))
        .collect();
    sort_by_key(&mut items);

    // Values per cell: per slot first, then along the slots' cells.
    let mut per_slot = vec![0u32; slots.len()];
    for (_, slot) in &items {
        per_slot[*slot as usize] += 1;
    }
    let mut counts = vec![0u32; layout.len()];
    for (slot, n) in per_slot.iter().enumerate() {
        if *n > 0 {
            for &cell in layout.targets(u32::try_from(slot).unwrap_or(u32::MAX)) {
                counts[cell as usize] += n;
            }
        }
    }
    let mut seen = vec![0u32; layout.len()];
    let mut lower = vec![0.0; layout.len()];
    let mut upper = vec![0.0; layout.len()];
    for (key, slot) in &items {
        let value = from_order_key(*key);
        for &cell in layout.targets(*slot) {
            let c = cell as usize;
            seen[c] += 1;
            // 1-based positions of the two middle values (the same one for an odd count).
            if seen[c] == (counts[c] - 1) / 2 + 1 {
                lower[c] = value;
            }
            if seen[c] == counts[c] / 2 + 1 {
                upper[c] = value;
            }
        }
    }
    let mut touched = vec![false; layout.len()];
    let medians: Vec<Option<f64>> = (0..layout.len())
        .map(|c| {
            touched[c] = counts[c] > 0;
            (counts[c] > 0).then(|| {
                if counts[c] % 2 == 1 || lower[c] == upper[c] {
                    lower[c]
                } else {
                    0.5 * (upper[c] - lower[c]) + lower[c]
                }
            })
        })
        .collect();
    layout.collect(medians, &touched)
}

/// A float as an integer of the same order (negative values below positive ones).
fn order_key(value: f64) -> u64 {
    let bits = value.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | (1 << 63)
    }
}

fn from_order_key(key: u64) -> f64 {
    if key >> 63 == 1 {
        f64::from_bits(key & !(1 << 63))
    } else {
        f64::from_bits(!key)
    }
}

/// Sorts by key, sixteen bits at a time from the lowest (a radix sort: four linear passes over
/// millions of values instead of a comparison sort's twenty-odd). Passes where every key has the
/// same digit are skipped.
fn sort_by_key(items: &mut Vec<(u64, u32)>) {
    const DIGITS: usize = 1 << 16;
    let mut spare = vec![(0u64, 0u32); items.len()];
    for shift in [0u32, 16, 32, 48] {
        let digit = |key: u64| ((key >> shift) & 0xffff) as usize;
        let mut starts = vec![0usize; DIGITS];
        for (key, _) in items.iter() {
            starts[digit(*key)] += 1;
        }
        if starts.contains(&items.len()) {
            continue;
        }
        let mut next = 0;
        for start in &mut starts {
            let n = *start;
            *start = next;
            next += n;
        }
        for item in items.iter() {
            let d = digit(item.0);
            spare[starts[d]] = *item;
            starts[d] += 1;
        }
        std::mem::swap(items, &mut spare);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_order_key_orders_floats_and_gives_them_back() {
        let values = [-1e9, -2.5, -0.0, 0.0, 1e-300, 0.5, 3.0, 7.25e12];
        for pair in values.windows(2) {
            assert!(order_key(pair[0]) <= order_key(pair[1]), "{pair:?}");
        }
        for v in values {
            assert_eq!(from_order_key(order_key(v)).to_bits(), v.to_bits());
        }
    }

    #[test]
    fn the_radix_sort_sorts_like_a_comparison_sort() {
        let mut state = 12345u64;
        let mut items: Vec<(u64, u32)> = (0..5000)
            .map(|i| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                (state >> (i % 40), i)
            })
            .collect();
        let mut expected = items.clone();
        expected.sort_by_key(|item| item.0);
        sort_by_key(&mut items);
        let keys: Vec<u64> = items.iter().map(|i| i.0).collect();
        let expected: Vec<u64> = expected.iter().map(|i| i.0).collect();
        assert_eq!(keys, expected);
    }
}
