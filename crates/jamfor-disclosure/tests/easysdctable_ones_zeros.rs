//! easySdcTable's singletons-and-zeros vignette: four 2×5 tables. With zeros published, a
//! reader knows every suppressed cell is ≥ 1 and can pin cells to exactly 1 (data1a, data1b);
//! with zeros suppressed, suppressed cells can be pinned to 0 (data0a, data0b). Every table is
//! protected under both zero policies and must pass the audit with the matching lower bound.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

mod common;

use std::collections::BTreeMap;

use jamfor_disclosure::{
    AuditScope, SecondaryOptions, SystemBuilder, ZeroHandling, audit, gauss_secondary,
    primary_suppression, protect,
};

const COLS: [&str; 5] = ["A", "B", "H", "M", "W"];

/// Inline transcription: dataset → rows r1, r2 over columns A, B, H, M, W.
const INLINE: [(&str, [u64; 5], [u64; 5]); 4] = [
    ("data1a", [0, 1, 7, 1, 0], [2, 0, 0, 2, 8]),
    ("data1b", [1, 1, 7, 1, 0], [1, 0, 0, 2, 8]),
    ("data0a", [5, 0, 7, 0, 9], [5, 9, 9, 5, 8]),
    ("data0b", [0, 0, 7, 0, 9], [0, 9, 9, 2, 8]),
];

fn data() -> BTreeMap<String, Vec<Vec<u64>>> {
    let mut out: BTreeMap<String, Vec<Vec<u64>>> = BTreeMap::new();
    match common::reference_rows("easysdctable_ones_zeros.csv") {
        Some(rows) => {
            for r in rows {
                let values = r[2..7].iter().map(|v| v.parse().unwrap()).collect();
                out.entry(r[0].clone()).or_default().push(values);
            }
        }
        None => {
            for (name, r1, r2) in INLINE {
                out.insert(name.to_owned(), vec![r1.to_vec(), r2.to_vec()]);
            }
        }
    }
    out
}

#[test]
fn ones_and_zeros_tables_pass_the_audit_under_both_zero_policies() {
    let data = data();
    assert_eq!(data.len(), 4);
    for (name, values) in &data {
        for zeros in [ZeroHandling::Published, ZeroHandling::Suppressed] {
            let mut b = SystemBuilder::new();
            let t = common::two_way(&mut b, name, &["r1", "r2"], &COLS, values);
            let system = b.build().unwrap();
            let policy = common::policy(3, zeros);
            let rules = common::rules(&policy);

            // Gauss alone, without the repair loop, for comparison.
            let primary = primary_suppression(&system, rules, &[]);
            let plain = gauss_secondary(&system, &primary, &SecondaryOptions::default());
            let plain_audit = audit(&system, &plain, rules, AuditScope::Primary);

            let p = protect(&system, &policy).unwrap();
            assert!(p.audit.passed(), "{name} {zeros:?}");
            // Gotland-like aliases (a column total equal to its only non-zero cell) share a
            // status whatever the policy.
            for (j, &total) in t.col_totals.iter().enumerate() {
                let nonzero: Vec<_> = t
                    .inner
                    .iter()
                    .map(|r| r[j])
                    .filter(|c| system.cell(*c).value > 0)
                    .collect();
                if zeros == ZeroHandling::Published && nonzero.len() == 1 {
                    assert_eq!(
                        p.statuses[total.index()].public(),
                        p.statuses[nonzero[0].index()].public()
                    );
                }
            }
            println!(
                "{name} zeros {zeros:?}: primary {}, secondary {}, repair rounds {}, \
                 Gauss alone exposes {} cell(s)",
                p.primary_count(),
                p.secondary_count(),
                p.repair_rounds,
                plain_audit.findings.len()
            );
            for f in &plain_audit.findings {
                println!("    without repair: {f}");
            }
            for (i, r) in ["r1", "r2"].iter().enumerate() {
                let line: Vec<String> = (0..5)
                    .map(|j| cell_text(&system, &p.statuses, t.inner[i][j]))
                    .collect();
                let total = cell_text(&system, &p.statuses, t.row_totals[i]);
                println!("    {r}: {} | {total}", line.join(" "));
            }
            let line: Vec<String> = t
                .col_totals
                .iter()
                .map(|&c| cell_text(&system, &p.statuses, c))
                .collect();
            println!(
                "    Σ : {} | {}",
                line.join(" "),
                cell_text(&system, &p.statuses, t.grand)
            );
        }
    }
}

fn cell_text(
    system: &jamfor_disclosure::LinkedSystem,
    statuses: &[jamfor_disclosure::CellStatus],
    c: jamfor_disclosure::CellId,
) -> String {
    match statuses[c.index()].public().symbol() {
        Some(s) => format!("{s:>3}"),
        None => format!("{:>3}", system.cell(c).value),
    }
}

/// The vignette's point, checked directly: data1a with zeros published and only Gauss makes
/// the two suppressed ones of row r1 sum to 2, so both are exactly 1; the repair loop fixes it.
#[test]
fn data1a_shows_the_ones_problem_without_repair() {
    let values = data().remove("data1a").unwrap();
    let mut b = SystemBuilder::new();
    common::two_way(&mut b, "data1a", &["r1", "r2"], &COLS, &values);
    let system = b.build().unwrap();
    let policy = common::policy(3, ZeroHandling::Published);
    let rules = common::rules(&policy);
    let primary = primary_suppression(&system, rules, &[]);
    let plain = gauss_secondary(&system, &primary, &SecondaryOptions::default());
    let exposed = audit(&system, &plain, rules, AuditScope::Primary);
    assert!(
        !exposed.passed(),
        "Gauss alone should leave the ones problem"
    );
    let p = protect(&system, &policy).unwrap();
    assert!(p.audit.passed());
    assert!(p.repair_rounds >= 1);
}
