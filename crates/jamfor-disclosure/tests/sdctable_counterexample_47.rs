//! sdcTable's 4×4 counterexample (test-simpleheuristic.R): every row and column has at least two
//! suppressed cells, yet w|b = 47 = (rows w + x) − (columns a + c) is computable. Gaussian
//! elimination must add suppressions until the attacker's LP leaves w|b a real interval.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

mod common;

use jamfor_disclosure::{
    AuditScope, CellStatus, Exposure, ProtectOptions, SystemBuilder, ZeroHandling, audit,
    protect_with,
};

const ROWS: [&str; 4] = ["w", "x", "y", "z"];
const COLS: [&str; 4] = ["a", "b", "c", "d"];

/// Inline transcription (values are facts): (row, col, freq, primary).
const INLINE: [(&str, &str, u64, bool); 16] = [
    ("w", "a", 30, true),
    ("w", "b", 47, true),
    ("w", "c", 64, true),
    ("w", "d", 89, false),
    ("x", "a", 90, true),
    ("x", "b", 124, false),
    ("x", "c", 5, true),
    ("x", "d", 31, false),
    ("y", "a", 92, false),
    ("y", "b", 100, true),
    ("y", "c", 59, false),
    ("y", "d", 85, true),
    ("z", "a", 800, false),
    ("z", "b", 991, true),
    ("z", "c", 651, false),
    ("z", "d", 685, true),
];

fn data() -> Vec<(String, String, u64, bool)> {
    match common::reference_rows("sdctable_counterexample_47.csv") {
        Some(rows) => rows
            .into_iter()
            .map(|r| {
                (
                    r[0].clone(),
                    r[1].clone(),
                    r[2].parse().unwrap(),
                    r[3] == "primary",
                )
            })
            .collect(),
        None => INLINE
            .iter()
            .map(|&(r, c, v, p)| (r.to_owned(), c.to_owned(), v, p))
            .collect(),
    }
}

#[test]
fn w_b_47_is_not_computable_after_protection() {
    let data = data();
    assert_eq!(data.len(), 16);
    let mut values = vec![vec![0u64; 4]; 4];
    let mut primary_at = Vec::new();
    for (r, c, v, p) in &data {
        let i = ROWS.iter().position(|x| x == r).unwrap();
        let j = COLS.iter().position(|x| x == c).unwrap();
        values[i][j] = *v;
        if *p {
            primary_at.push((i, j));
        }
    }
    assert_eq!(primary_at.len(), 9);
    let mut b = SystemBuilder::new();
    let t = common::two_way(&mut b, "sdc47", &ROWS, &COLS, &values);
    let system = b.build().unwrap();
    // The primaries are given (sdcTable marks them), not derived from a threshold: min_count 1
    // makes no count primary by value.
    let policy = common::policy(1, ZeroHandling::Suppressed);
    let manual: Vec<_> = primary_at.iter().map(|&(i, j)| t.inner[i][j]).collect();
    let wb = t.inner[0][1];

    // Suppressing only the primaries leaves w|b exactly computable.
    let mut naive = vec![CellStatus::Published; system.cells().len()];
    for &c in &manual {
        naive[c.index()] = CellStatus::Primary(jamfor_disclosure::PrimaryReason::Manual);
    }
    let before = audit(&system, &naive, common::rules(&policy), AuditScope::Primary);
    let f = before.findings.iter().find(|f| f.cell == wb).unwrap();
    assert_eq!(f.exposure, Exposure::Exact);
    assert_eq!(f.interval.lo_int(), 47);
    println!("primaries only: w|b ∈ {}", f.interval);

    let options = ProtectOptions {
        manual_primary: manual.clone(),
        ..ProtectOptions::default()
    };
    let p = protect_with(&system, &policy, &options).unwrap();
    assert!(p.audit.passed());
    let p_audit = audit(
        &system,
        &p.statuses,
        common::rules(&policy),
        AuditScope::AllSuppressed,
    );
    assert!(p_audit.passed());
    assert!(
        p.secondary_count() >= 1,
        "at least one suppression must be added"
    );
    let (_, iv) = p_audit.intervals.iter().find(|(c, _)| *c == wb).unwrap();
    assert!(iv.hi_int().unwrap_or(u64::MAX) > iv.lo_int());
    println!(
        "after Gauss: {} secondary, w|b ∈ {iv} (sdcTable: one added, [0, 141])",
        p.secondary_count()
    );
    for (i, r) in ROWS.iter().enumerate() {
        let line: Vec<String> = (0..4)
            .map(|j| format!("{:?}", p.statuses[t.inner[i][j].index()].public()))
            .collect();
        println!("  {r}: {}", line.join(" "));
    }
}
