//! Properties: no flag, group mean or group depends on a confidential value; the nearest
//! kommuner do not depend on the order of the input; distances are symmetric.

#![allow(clippy::unwrap_used, reason = "a test: a panic is the failure report")]

mod support;

use jamfor_assess::{Colour, bruttolista, comparable, group_means, nearest, standardise};
use jamfor_engine::{GeoLevel, Kon, ResultRow, Status};
use proptest::prelude::*;
use support::*;

fn status() -> impl Strategy<Value = Status> {
    prop_oneof![
        6 => Just(Status::Value),
        2 => Just(Status::Confidential),
        1 => Just(Status::Bortfall),
    ]
}

/// Every cell of the test definitions for six kommuner and five years, each with a value and a
/// status; the value of a confidential cell is the "hidden" value an unprotected table would hold.
fn cells() -> impl Strategy<Value = Vec<ResultRow>> {
    let mut places = Vec::new();
    for indicator in ["hog", "lag"] {
        for year in 2020..=2024 {
            for k in KOMMUNER {
                for kon in [Kon::T, Kon::K, Kon::M] {
                    places.push((indicator, year, GeoLevel::Kommun, k.to_string(), kon));
                }
            }
            places.push((
                indicator,
                year,
                GeoLevel::Kommungrupp,
                "A3".to_string(),
                Kon::T,
            ));
        }
    }
    for indicator in ["andel_80", "folkmangd"] {
        for k in KOMMUNER {
            places.push((indicator, 2024, GeoLevel::Kommun, k.to_string(), Kon::T));
        }
    }
    let n = places.len();
    proptest::collection::vec((1.0f64..100.0, status()), n).prop_map(move |cells| {
        places
            .iter()
            .zip(cells)
            .map(|((indicator, year, level, geo, kon), (value, status))| {
                // A nyckeltal is never withheld or missing here, so that groups exist.
                let status = if indicator.starts_with('a') || indicator.starts_with('f') {
                    Status::Value
                } else {
                    status
                };
                at(
                    indicator,
                    *year,
                    *level,
                    geo,
                    *kon,
                    Some(value.round()),
                    status,
                )
            })
            .collect()
    })
}

/// A colour rule that reads whatever value it is given: if analysis ever asked for the colour of
/// a confidential row, its hidden value would show.
fn reads_any_value(row: &ResultRow) -> Option<Colour> {
    match row.value {
        Some(v) if v < 30.0 => Some(Colour::Red),
        Some(v) if v > 70.0 => Some(Colour::Green),
        _ => None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn nothing_depends_on_a_confidential_value(
        rows in cells(),
        hidden in proptest::collection::vec(prop_oneof![Just(None), (0.0f64..1000.0).prop_map(Some)], 200),
    ) {
        let manifest = manifest();
        let release = release(&manifest);
        let before = table(rows.clone());
        let mut changed = rows;
        let mut next = hidden.iter().cycle();
        for row in changed.iter_mut().filter(|r| r.status == Status::Confidential) {
            row.value = *next.next().unwrap();
        }
        let after = table(changed);
        let groups = comparable(&manifest, release, &before).unwrap();
        prop_assert_eq!(&groups, &comparable(&manifest, release, &after).unwrap());
        prop_assert_eq!(group_means(&manifest, &before, &groups), group_means(&manifest, &after, &groups));
        prop_assert_eq!(
            bruttolista(&manifest, release, &before, &groups, &reads_any_value, None),
            bruttolista(&manifest, release, &after, &groups, &reads_any_value, None)
        );
    }

    #[test]
    fn groups_do_not_depend_on_the_order_of_the_rows(rows in cells(), seed in any::<u64>()) {
        let manifest = manifest();
        let release = release(&manifest);
        let sorted = table(rows.clone());
        // A deterministic shuffle of the unsorted rows.
        let mut shuffled = rows;
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            shuffled.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let shuffled = jamfor_engine::ResultTable { rows: shuffled, ..Default::default() };
        prop_assert_eq!(
            comparable(&manifest, release, &sorted).unwrap(),
            comparable(&manifest, release, &shuffled).unwrap()
        );
    }

    #[test]
    fn nearest_is_symmetric_ordered_and_independent_of_input_order(
        points in proptest::collection::vec(proptest::collection::vec(-5i32..5, 3), 2..30),
        k in 1usize..8,
    ) {
        // Small integers make exact ties frequent.
        let rows: Vec<Vec<f64>> = points.iter().map(|p| p.iter().map(|&x| f64::from(x)).collect()).collect();
        let codes: Vec<String> = (0..rows.len()).map(|i| format!("{:04}", 1000 + i * 7)).collect();
        let code_refs: Vec<&str> = codes.iter().map(String::as_str).collect();
        let z = standardise(&rows);
        let near = nearest(&z, &code_refs, k);
        for (i, list) in near.iter().enumerate() {
            prop_assert_eq!(list.len(), k.min(rows.len() - 1));
            for pair in list.windows(2) {
                prop_assert!(
                    (pair[0].distance, code_refs[pair[0].index]) <= (pair[1].distance, code_refs[pair[1].index]),
                    "nearest first, then by code"
                );
            }
            for n in list {
                prop_assert!(n.index != i, "a kommun is not its own neighbour");
                if let Some(back) = near[n.index].iter().find(|m| m.index == i) {
                    prop_assert_eq!(back.distance.to_bits(), n.distance.to_bits());
                }
            }
        }
        // Reversing the input gives the same groups, by code.
        let reversed_rows: Vec<Vec<f64>> = rows.iter().rev().cloned().collect();
        let reversed_codes: Vec<&str> = code_refs.iter().rev().copied().collect();
        let reversed = nearest(&standardise(&reversed_rows), &reversed_codes, k);
        for (i, list) in near.iter().enumerate() {
            let j = rows.len() - 1 - i;
            let a: Vec<&str> = list.iter().map(|n| code_refs[n.index]).collect();
            let b: Vec<&str> = reversed[j].iter().map(|n| reversed_codes[n.index]).collect();
            prop_assert_eq!(a, b);
        }
    }
}
