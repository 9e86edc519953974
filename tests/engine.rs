//! The whole catalogue computed end to end: synthetic sources for every year of the default
//! release, every indicator of every area through the engine, and the invariants a reader relies
//! on checked on the results.

#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::print_stderr)]

mod support;

use std::collections::BTreeMap;

use jamfor_engine::{GeoLevel, Kon, RIKET, Status};
use jamfor_spec::manifest::Measure;
use support::{repo_root, scratch};

#[test]
fn every_indicator_of_the_default_release_is_computed() {
    let (spec, diagnostics) = jamfor_spec::load(&repo_root()).unwrap();
    assert!(diagnostics.is_empty());
    let (manifest, _) =
        jamfor_spec::resolve::resolve(&spec, &jamfor_spec::resolve::Options::default());
    let manifest = manifest.unwrap();
    let release = manifest.release("oj-socialtjanst-2024").unwrap();

    // The release reads `data/default/<source>_<year>.csv` relative to its root.
    let root = scratch("engine_catalogue");
    let options = jamfor_synth::Options {
        scale: jamfor_synth::Scale::Small,
        seed: 7,
    };
    jamfor_synth::write_release(&manifest, release, &options, &root.join("data/default")).unwrap();
    let results = jamfor_engine::run(&manifest, release, &root).unwrap();

    let computed = jamfor_engine::indicators_of(&manifest, release);
    assert_eq!(
        computed.len(),
        manifest.indicators.len(),
        "the default release publishes every area"
    );
    for indicator in &computed {
        for year in release.years() {
            let rows: Vec<_> = results.of(&indicator.id, year).collect();
            let riket = rows
                .iter()
                .find(|r| {
                    r.key.level == GeoLevel::Riket
                        && r.key.kon == Kon::T
                        && r.key.age_group.is_none()
                })
                .unwrap_or_else(|| panic!("{} {year}: no riket row", indicator.id));
            assert_eq!(
                riket.status,
                Status::Value,
                "{} {year}: riket has a value",
                indicator.id
            );
            let kommuner = rows
                .iter()
                .filter(|r| {
                    r.key.level == GeoLevel::Kommun
                        && r.key.kon == Kon::T
                        && r.key.age_group.is_none()
                })
                .count();
            if indicator
                .levels
                .contains(&jamfor_spec::keywords::Level::Kommun)
            {
                assert_eq!(kommuner, 290, "{} {year}: one row per kommun", indicator.id);
            }
        }
    }

    // Additive counts add up: T = K + M, and riket = Σ län = Σ kommuner.
    for indicator in computed
        .iter()
        .filter(|i| matches!(i.measure, Measure::Share { .. } | Measure::Rate { .. }))
    {
        let year = release.year;
        let mut by_level: BTreeMap<(GeoLevel, Kon), f64> = BTreeMap::new();
        for row in results
            .of(&indicator.id, year)
            .filter(|r| r.key.age_group.is_none())
        {
            *by_level.entry((row.key.level, row.key.kon)).or_default() +=
                row.denominator.unwrap_or(0.0);
        }
        let riket = by_level[&(GeoLevel::Riket, Kon::T)];
        assert!(
            (by_level[&(GeoLevel::Lan, Kon::T)] - riket).abs() < 1e-6,
            "{}: Σ län = riket",
            indicator.id
        );
        assert!(
            (by_level[&(GeoLevel::Kommun, Kon::T)] - riket).abs() < 1e-6,
            "{}: Σ kommun = riket",
            indicator.id
        );
        if indicator
            .breakdown
            .contains(&jamfor_spec::manifest::Breakdown::Kon)
        {
            let k = by_level[&(GeoLevel::Riket, Kon::K)];
            let m = by_level[&(GeoLevel::Riket, Kon::M)];
            assert!((k + m - riket).abs() < 1e-6, "{}: K + M = T", indicator.id);
        }
    }

    // Gotland is both a kommun and a län: the same number.
    let share = results
        .get(
            "aldre_invanare_80_andel",
            release.year,
            GeoLevel::Kommun,
            "0980",
            Kon::T,
        )
        .unwrap();
    let lan = results
        .get(
            "aldre_invanare_80_andel",
            release.year,
            GeoLevel::Lan,
            "09",
            Kon::T,
        )
        .unwrap();
    assert_eq!(share.value, lan.value);

    // A kommun that did not answer the kommunenkät is bortfall, not zero.
    let bortfall = results
        .of("kris_plan", release.year)
        .filter(|r| r.key.level == GeoLevel::Kommun && r.status == Status::Bortfall)
        .count();
    assert!(
        bortfall > 0,
        "the synthetic kommunenkät has non-responding kommuner"
    );
    let riket = results
        .get("kris_plan", release.year, GeoLevel::Riket, RIKET, Kon::T)
        .unwrap();
    assert!(
        riket.denominator.unwrap() < 290.0,
        "riket's share is of the answering kommuner"
    );

    // Survey estimates carry their interval.
    let survey = results
        .get(
            "ekb_brukare_bemotande",
            release.year,
            GeoLevel::Riket,
            RIKET,
            Kon::T,
        )
        .unwrap();
    let (low, high, value) = (
        survey.ci_low.unwrap(),
        survey.ci_high.unwrap(),
        survey.value.unwrap(),
    );
    assert!(low < value && value < high, "{low} < {value} < {high}");
    eprintln!(
        "{} result rows for {} indicators × {} years",
        results.rows.len(),
        computed.len(),
        release.years().len()
    );
}
