//! Survey cells under a policy that publishes zeros.
//!
//! A survey cell answered by too few is withheld whatever its value, zero included. A reader
//! who knows zeros are published may still not assume such a cell is at least 1: the audit
//! must use lower bound 0 for it, or the true table itself is infeasible and the release is
//! refused for a solver failure that protects nobody.
#![allow(clippy::unwrap_used)]

mod common;

use jamfor_disclosure::{
    CellId, CellStatus, DisclosurePolicy, LinkedSystem, Method, PrimaryReason, SystemBuilder,
    ZeroHandling, protect, read_snapshot, write_snapshot,
};

/// Two kommuner in a län, T = K + M each, län = Σ kommuner per kön; every cell a survey count
/// with its respondents. In kommun A nobody of 5 answered "yes" (2 women, 3 men): its kön cells
/// are withheld for few respondents and are 0, and its total is 0 with enough respondents.
fn survey() -> (LinkedSystem, CellId) {
    let mut b = SystemBuilder::new();
    // (place, kön, value, respondents)
    let cells = [
        ("A", "K", 0, 2),
        ("A", "M", 0, 3),
        ("A", "T", 0, 5),
        ("B", "K", 7, 12),
        ("B", "M", 5, 10),
        ("B", "T", 12, 22),
        ("L", "K", 7, 14),
        ("L", "M", 5, 13),
        ("L", "T", 12, 27),
    ];
    let mut id = std::collections::BTreeMap::new();
    for (place, kon, value, respondents) in cells {
        let c = b
            .add_cell("nöjda", format!("{place} {kon}"), value)
            .unwrap();
        b.set_respondents(c, respondents).unwrap();
        id.insert((place, kon), c);
    }
    for place in ["A", "B", "L"] {
        b.add_equation(id[&(place, "T")], &[id[&(place, "K")], id[&(place, "M")]])
            .unwrap();
    }
    for kon in ["K", "M", "T"] {
        b.add_equation(id[&("L", kon)], &[id[&("A", kon)], id[&("B", kon)]])
            .unwrap();
    }
    (b.build().unwrap(), id[&("A", "K")])
}

/// Minimum count 3, zeros published, at least 5 respondents.
fn survey_policy() -> DisclosurePolicy {
    let mut policy = common::policy(3, ZeroHandling::Published);
    if let Method::Suppression(rules) = &mut policy.method {
        rules.min_respondents = Some(5);
    }
    policy
}

#[test]
fn a_withheld_survey_zero_passes_the_audit_when_zeros_are_published() {
    let (system, zero) = survey();
    let policy = survey_policy();
    let p = protect(&system, &policy).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        p.statuses[zero.index()],
        CellStatus::Primary(PrimaryReason::FewRespondents)
    );
    assert!(p.audit.passed());
    assert!(p.audit.solver_problems.is_empty());
    // A published total of 0 would give both kön cells away (0 + 0): it is protected too.
    let total = system.find("nöjda", "A T").unwrap();
    assert!(p.statuses[total.index()].is_suppressed());
}

#[test]
fn a_snapshot_reads_back_as_the_same_problem() {
    let (system, _) = survey();
    let policy = survey_policy();
    let rules = common::rules(&policy);
    let primary = jamfor_disclosure::primary_suppression(&system, rules, &[]);
    let text = write_snapshot(&system, &primary, rules);
    let back = read_snapshot(&text).unwrap();
    assert_eq!(back.system.cells(), system.cells());
    assert_eq!(back.system.equations(), system.equations());
    assert_eq!(&back.policy, rules);
    assert_eq!(back.primary, primary);
    // Written again, byte for byte the same.
    assert_eq!(
        write_snapshot(&back.system, &back.primary, &back.policy),
        text
    );
    // A damaged file names its line.
    let broken = text.replace("eq\t2\t0\t1", "eq\t2\t0\t99");
    let err = read_snapshot(&broken).unwrap_err();
    assert!(err.starts_with("line "), "{err}");
}
