//! Subset relations between counts (`insats ≤ registered`, place by place): a reader who knows
//! that one count is part of another bounds a suppressed cell by a published one. The case is
//! the audit's own finding on the default release (a small kommun, 2022): the registered
//! total and the women with an insats are published, so men with an insats are at most
//! `registered T − insats K`, a small number.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

mod common;

use jamfor_disclosure::{
    AuditScope, CellId, CellStatus, Exposure, LinkedSystem, PrimaryReason, SecondaryReason,
    SystemBuilder, ZeroHandling, audit, protect,
};

/// Registered persons (T 16 = K 13 + M 3) and persons with an insats among them
/// (T 15 = K 13 + M 2), with or without the relations `insats ≤ registered` per kön.
fn system(with_relations: bool) -> (LinkedSystem, [CellId; 6]) {
    let mut b = SystemBuilder::new();
    let mut add = |table: &str, key: &str, v: u64| b.add_cell(table, key, v).unwrap();
    let reg = [add("reg", "T", 16), add("reg", "K", 13), add("reg", "M", 3)];
    let ins = [add("ins", "T", 15), add("ins", "K", 13), add("ins", "M", 2)];
    b.add_equation(reg[0], &[reg[1], reg[2]]).unwrap();
    b.add_equation(ins[0], &[ins[1], ins[2]]).unwrap();
    if with_relations {
        for (i, r) in ins.iter().zip(&reg) {
            b.add_relation(*i, *r).unwrap();
        }
    }
    let system = b.build().unwrap();
    (system, [reg[0], reg[1], reg[2], ins[0], ins[1], ins[2]])
}

/// The pattern protection by equations alone would settle on: each small cell hidden with
/// one partner, the registered total and the women with an insats published.
fn equations_only_pattern(system: &LinkedSystem, cells: [CellId; 6]) -> Vec<CellStatus> {
    let mut s = vec![CellStatus::Published; system.cells().len()];
    let [_, reg_k, reg_m, ins_t, _, ins_m] = cells;
    s[reg_m.index()] = CellStatus::Primary(PrimaryReason::SmallCount);
    s[reg_k.index()] = CellStatus::Secondary(SecondaryReason::Gauss);
    s[ins_m.index()] = CellStatus::Primary(PrimaryReason::SmallCount);
    s[ins_t.index()] = CellStatus::Secondary(SecondaryReason::Gauss);
    s
}

#[test]
fn a_relation_to_a_published_count_exposes_what_equations_alone_would_not() {
    let policy = common::policy(5, ZeroHandling::Published);
    let rules = common::rules(&policy);

    let (plain, cells) = system(false);
    let pattern = equations_only_pattern(&plain, cells);
    assert!(audit(&plain, &pattern, rules, AuditScope::Primary).passed());

    let (related, cells) = system(true);
    let report = audit(&related, &pattern, rules, AuditScope::Primary);
    let exposed: Vec<(CellId, Exposure, String)> = report
        .findings
        .iter()
        .map(|f| (f.cell, f.exposure, f.interval.to_string()))
        .collect();
    // ins T ≤ reg T = 16 gives ins M ≤ 3; ins K = 13 ≤ reg K gives reg M ≤ 3.
    assert_eq!(
        exposed,
        vec![
            (cells[2], Exposure::BelowThreshold, "[1, 3]".to_owned()),
            (cells[5], Exposure::BelowThreshold, "[1, 3]".to_owned()),
        ]
    );
}

#[test]
fn protection_with_relations_passes_an_audit_that_knows_them() {
    let policy = common::policy(5, ZeroHandling::Published);
    let (related, cells) = system(true);
    let protection = protect(&related, &policy).unwrap();
    assert!(protection.audit.passed());
    let rules = common::rules(&policy);
    let report = audit(
        &related,
        &protection.statuses,
        rules,
        AuditScope::AllSuppressed,
    );
    for cell in [cells[2], cells[5]] {
        let (_, interval) = report.intervals.iter().find(|(c, _)| *c == cell).unwrap();
        assert!(
            interval.hi_int().is_none_or(|h| h >= 5),
            "{cell:?}: {interval}"
        );
    }
}

#[test]
fn a_relation_the_values_break_is_refused() {
    let mut b = SystemBuilder::new();
    let small = b.add_cell("a", "T", 7).unwrap();
    let large = b.add_cell("b", "T", 6).unwrap();
    b.add_relation(small, large).unwrap();
    let error = b.build().unwrap_err().to_string();
    assert!(error.contains("a[T]") && error.contains("b[T]"), "{error}");
}
