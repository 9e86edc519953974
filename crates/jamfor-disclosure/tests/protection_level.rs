//! A declared protection level (`protection_percent`): beyond not being pinned and not being
//! known to be small, the reader's interval for a primary cell must reach that share of its
//! value beyond it.
#![allow(clippy::unwrap_used, clippy::print_stdout)]

mod common;

use jamfor_disclosure::{
    AuditScope, CellStatus, DisclosurePolicy, Exposure, LinkedSystem, Method, PrimaryReason,
    SystemBuilder, ZeroHandling, audit, protect,
};

/// `T 4 = a 2 + b 2`, both parts small.
fn system() -> LinkedSystem {
    let mut s = SystemBuilder::new();
    let t = s.add_cell("t", "T", 4).unwrap();
    let a = s.add_cell("t", "a", 2).unwrap();
    let b = s.add_cell("t", "b", 2).unwrap();
    s.add_equation(t, &[a, b]).unwrap();
    s.build().unwrap()
}

fn policy(percent: Option<u32>) -> DisclosurePolicy {
    let mut p = common::policy(3, ZeroHandling::Published);
    if let Method::Suppression(rules) = &mut p.method {
        rules.protection_percent = percent;
    }
    p
}

#[test]
fn an_interval_that_only_reaches_the_threshold_falls_short_of_a_declared_level() {
    let system = system();
    // Both parts withheld, the total published: each part is in [1, 3].
    let mut statuses = vec![CellStatus::Published; 3];
    statuses[1] = CellStatus::Primary(PrimaryReason::SmallCount);
    statuses[2] = CellStatus::Primary(PrimaryReason::SmallCount);
    let threshold_only = policy(None);
    let report = audit(
        &system,
        &statuses,
        common::rules(&threshold_only),
        AuditScope::Primary,
    );
    assert!(report.passed(), "[1, 3] reaches min_count 3");

    let doubled = policy(Some(100));
    let report = audit(
        &system,
        &statuses,
        common::rules(&doubled),
        AuditScope::Primary,
    );
    let exposures: Vec<Exposure> = report.findings.iter().map(|f| f.exposure).collect();
    assert_eq!(
        exposures,
        [
            Exposure::WithinProtectionLevel,
            Exposure::WithinProtectionLevel
        ],
        "a value of 2 needs the interval to reach 4"
    );
}

#[test]
fn protection_reaches_the_declared_level() {
    let system = system();
    let doubled = policy(Some(100));
    let protection = protect(&system, &doubled).unwrap();
    assert!(protection.audit.passed());
    assert!(
        protection.statuses[0].is_suppressed(),
        "the total had to go"
    );
    let report = audit(
        &system,
        &protection.statuses,
        common::rules(&doubled),
        AuditScope::AllSuppressed,
    );
    for (_, interval) in &report.intervals {
        assert!(interval.hi_int().is_none_or(|h| h >= 4), "{interval}");
    }
}

#[test]
fn a_level_outside_one_to_a_hundred_percent_is_refused() {
    let error = policy(Some(0)).validate().unwrap_err().to_string();
    assert!(error.contains("protection_percent = 0"), "{error}");
    assert!(policy(Some(101)).validate().is_err());
    assert!(policy(Some(100)).validate().is_ok());
}
