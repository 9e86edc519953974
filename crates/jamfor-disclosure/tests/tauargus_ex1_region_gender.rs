//! τ-ARGUS checkTauArgus example 1: region {A, B, C, D} × gender with totals, (A, female) = 137
//! primary. τ-ARGUS (MAN(20), OPT) makes (A, male), (C, male), (C, female) secondary; with
//! protection level 0 we must need no more than those three.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

mod common;

use std::collections::BTreeMap;

use jamfor_disclosure::{CellId, ProtectOptions, SystemBuilder, ZeroHandling, protect_with};

/// Inline transcription: (region, gender, freq, primary, expected after protection).
const INLINE: [(&str, &str, u64, bool, &str); 15] = [
    ("Total", "Total", 5146, false, "published"),
    ("Total", "male", 2757, false, "published"),
    ("Total", "female", 2389, false, "published"),
    ("A", "Total", 1032, false, "published"),
    ("A", "male", 895, false, "secondary"),
    ("A", "female", 137, true, "primary"),
    ("B", "Total", 1726, false, "published"),
    ("B", "male", 753, false, "published"),
    ("B", "female", 973, false, "published"),
    ("C", "Total", 1055, false, "published"),
    ("C", "male", 569, false, "secondary"),
    ("C", "female", 486, false, "secondary"),
    ("D", "Total", 1333, false, "published"),
    ("D", "male", 540, false, "published"),
    ("D", "female", 793, false, "published"),
];

type Row = (String, String, u64, bool, String);

fn data() -> Vec<Row> {
    match common::reference_rows("tauargus_ex1_region_gender.csv") {
        Some(rows) => rows
            .into_iter()
            .map(|r| {
                let primary = r[3] == "primary";
                (
                    r[0].clone(),
                    r[1].clone(),
                    r[2].parse().unwrap(),
                    primary,
                    r[4].clone(),
                )
            })
            .collect(),
        None => INLINE
            .iter()
            .map(|&(r, g, v, p, e)| (r.to_owned(), g.to_owned(), v, p, e.to_owned()))
            .collect(),
    }
}

#[test]
fn no_more_secondaries_than_tau_argus() {
    let data = data();
    let mut b = SystemBuilder::new();
    let mut id: BTreeMap<(String, String), CellId> = BTreeMap::new();
    for (r, g, v, _, _) in &data {
        let cell = b.add_cell("ex1", format!("{r}|{g}"), *v).unwrap();
        // Totals before parts, as in the geography builder.
        let prio = u32::from(r != "Total") * 2 + u32::from(g != "Total");
        b.set_priority(cell, prio).unwrap();
        id.insert((r.clone(), g.clone()), cell);
    }
    let get = |r: &str, g: &str| id[&(r.to_owned(), g.to_owned())];
    let regions = ["A", "B", "C", "D"];
    for r in std::iter::once("Total").chain(regions) {
        b.add_equation(get(r, "Total"), &[get(r, "male"), get(r, "female")])
            .unwrap();
    }
    for g in ["male", "female"] {
        let parts: Vec<CellId> = regions.iter().map(|r| get(r, g)).collect();
        b.add_equation(get("Total", g), &parts).unwrap();
    }
    let system = b.build().unwrap();
    let manual: Vec<CellId> = data
        .iter()
        .filter(|row| row.3)
        .map(|row| get(&row.0, &row.1))
        .collect();
    let policy = common::policy(1, ZeroHandling::Suppressed);
    let options = ProtectOptions {
        manual_primary: manual,
        ..ProtectOptions::default()
    };
    let p = protect_with(&system, &policy, &options).unwrap();
    assert!(p.audit.passed());
    println!("secondaries: {} (τ-ARGUS: 3)", p.secondary_count());
    assert!(p.secondary_count() <= 3);
    for (r, g, _, _, expected) in &data {
        let s = p.statuses[get(r, g).index()];
        let ours = if s.is_primary() {
            "primary"
        } else if s.is_suppressed() {
            "secondary"
        } else {
            "published"
        };
        println!("  {r:>5} {g:>6}: {ours:<9} (τ-ARGUS {expected})");
        // With totals kept and large counts first, the pattern is τ-ARGUS's own.
        assert_eq!(ours, expected, "{r} {g}");
    }
}
