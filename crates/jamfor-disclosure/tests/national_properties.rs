//! Property tests on random national-shaped tables: 21 län with random kommun counts, one
//! single-kommun län (like Gotland, län 09 = kommun 0980), a mix of small and large counts,
//! K/M/T, two linked count tables (a numerator and its denominator, with a share on them).
#![allow(clippy::unwrap_used, clippy::print_stdout)]

mod common;

use std::collections::BTreeMap;

use jamfor_disclosure::{
    AuditScope, CellId, DerivedFigure, DerivedKind, DerivedStatus, GeoTable, Geography, Kon,
    LinkedSystem, ProtectOptions, Region, SystemBuilder, ZeroHandling, audit, protect,
    protect_with,
};
use proptest::prelude::*;

const GOTLAND: usize = 8; // the 9th län, code "09"

struct National {
    system: LinkedSystem,
    geo: Geography,
    tables: Vec<GeoTable>,
}

fn national(sizes: &[usize], counts: &[(u64, u64, u64, u64)]) -> National {
    let mut pairs = Vec::new();
    for (l, &size) in sizes.iter().enumerate() {
        for k in 0..size {
            pairs.push((
                format!("{:02}{:02}", l + 1, 80 + k),
                format!("{:02}", l + 1),
            ));
        }
    }
    let geo = Geography::new(pairs.clone()).unwrap();
    let mut num = BTreeMap::new();
    let mut den = BTreeMap::new();
    for ((kommun, _), &(nk, nm, extra_k, extra_m)) in pairs.iter().zip(counts) {
        num.insert(kommun.clone(), (nk, nm));
        den.insert(kommun.clone(), (nk + extra_k, nm + extra_m));
    }
    let mut b = SystemBuilder::new();
    let t_num = b.add_geo_table("antal", &geo, &geo.sum_up(&num)).unwrap();
    let t_den = b.add_geo_table("bas", &geo, &geo.sum_up(&den)).unwrap();
    for ((region, kon), n) in t_num.iter() {
        let d = t_den.cell(region, *kon).unwrap();
        b.add_derived(DerivedFigure {
            label: jamfor_disclosure::CellLabel {
                table: "andel".into(),
                key: format!("{region} {}", kon.code()),
            },
            numerator: n,
            denominator: d,
            kind: DerivedKind::Share,
        })
        .unwrap();
    }
    National {
        system: b.build().unwrap(),
        geo,
        tables: vec![t_num, t_den],
    }
}

fn count() -> impl Strategy<Value = u64> {
    // Small kommuner give 0–5; others anything up to a few hundred.
    prop_oneof![3 => 0u64..6, 2 => 0u64..400]
}

/// Kommuner per län, (K, M, extra K, extra M) per kommun, zeros published?
type Shape = (Vec<usize>, Vec<(u64, u64, u64, u64)>, bool);

fn shape() -> impl Strategy<Value = Shape> {
    let sizes = proptest::collection::vec(2usize..6, 21).prop_map(|mut s| {
        s[GOTLAND] = 1;
        s
    });
    (
        sizes,
        proptest::collection::vec((count(), count(), count(), count()), 21 * 6),
        any::<bool>(),
    )
}

fn zeros(published: bool) -> ZeroHandling {
    if published {
        ZeroHandling::Published
    } else {
        ZeroHandling::Suppressed
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    /// The release gate passes, also when every suppressed cell is audited, and no published
    /// share sits on a suppressed count.
    #[test]
    fn audit_finds_nothing((sizes, counts, zero_pub) in shape()) {
        let n = national(&sizes, &counts);
        let policy = common::policy(3, zeros(zero_pub));
        let p = protect(&n.system, &policy).unwrap();
        prop_assert!(p.audit.passed());
        let all = audit(&n.system, &p.statuses, common::rules(&policy), AuditScope::AllSuppressed);
        prop_assert!(all.passed());
        for (d, s) in n.system.derived().iter().zip(&p.derived) {
            if *s == DerivedStatus::Published {
                prop_assert!(!p.statuses[d.numerator.index()].is_suppressed());
                prop_assert!(!p.statuses[d.denominator.index()].is_suppressed());
            }
        }
    }

    /// Kommun 0980-like and län 09-like are one cell, so always one status.
    #[test]
    fn gotland_shares_its_status((sizes, counts, zero_pub) in shape()) {
        let n = national(&sizes, &counts);
        let p = protect(&n.system, &common::policy(3, zeros(zero_pub))).unwrap();
        let (lan, kommuner) = n.geo.lan().nth(GOTLAND).unwrap();
        prop_assert_eq!(kommuner.len(), 1);
        for t in &n.tables {
            for kon in Kon::ALL {
                let k = t.cell(&Region::Kommun(kommuner[0].clone()), kon).unwrap();
                let l = t.cell(&Region::Lan(lan.to_owned()), kon).unwrap();
                prop_assert_eq!(k, l);
                prop_assert_eq!(p.statuses[k.index()], p.statuses[l.index()]);
            }
        }
    }

    /// Adding a primary cell to a released pattern (kept suppressed) never publishes a cell
    /// that was suppressed, and the new pattern still passes the audit. The new primary holds
    /// someone: where zeros are published a zero is no primary (a zero län whose kommuner are
    /// all published zeros cannot be hidden at all, and the gate rightly refuses it).
    #[test]
    fn adding_a_primary_is_monotone((sizes, counts, zero_pub) in shape(), pick in any::<prop::sample::Index>()) {
        let n = national(&sizes, &counts);
        let policy = common::policy(3, zeros(zero_pub));
        let before = protect(&n.system, &policy).unwrap();
        let published: Vec<CellId> = n.system.ids()
            .filter(|c| !before.statuses[c.index()].is_suppressed())
            .filter(|c| !zero_pub || n.system.cell(*c).value > 0)
            .collect();
        let extra = published[pick.index(published.len())];
        let kept: Vec<CellId> = n.system.ids()
            .filter(|c| before.statuses[c.index()].is_suppressed())
            .collect();
        let options = ProtectOptions {
            manual_primary: vec![extra],
            keep_suppressed: kept.clone(),
            ..ProtectOptions::default()
        };
        let after = protect_with(&n.system, &policy, &options).unwrap();
        prop_assert!(after.statuses[extra.index()].is_suppressed());
        for c in kept {
            prop_assert!(after.statuses[c.index()].is_suppressed(), "{:?} un-suppressed", c);
        }
    }
}
