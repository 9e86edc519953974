//! Intervals in the release: register shares get theirs from the published counts and nothing
//! else, and a colour rule with `interval = true` colours red or green only what the interval
//! supports.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use jamfor_assess::interval::add_intervals;
use jamfor_assess::{Colour, Published, colours};
use jamfor_engine::{GeoLevel, Kon, ResultRow, ResultTable, Status};
use jamfor_geo::Geography;
use jamfor_spec::manifest::{Colour as Rule, Manifest};

use common::YEAR;

fn kommun(i: usize) -> String {
    Geography::builtin()
        .kommuner_valid_in(YEAR as u16)
        .nth(i)
        .expect("a kommun")
        .code
        .to_string()
}

fn find<'a>(
    results: &'a mut ResultTable,
    level: GeoLevel,
    geo: &str,
    kon: Kon,
) -> &'a mut ResultRow {
    results
        .rows
        .iter_mut()
        .find(|r| {
            r.indicator == "andel_80"
                && r.year == YEAR
                && r.key.level == level
                && r.key.geo == geo
                && r.key.kon == kon
        })
        .expect("the row exists")
}

fn counts(row: &mut ResultRow, x: f64, n: f64) {
    row.numerator = Some(x);
    row.denominator = Some(n);
}

#[test]
fn a_published_share_gets_its_interval_from_its_own_counts_only() {
    let manifest = common::manifest();
    let mut results = common::results();
    // 5 of 10: Wilson 23.6593–76.3407 %.
    counts(
        find(&mut results, GeoLevel::Kommun, "0114", Kon::T),
        5.0,
        10.0,
    );
    // 0 of 4 and 1 of 1 at the edges.
    counts(
        find(&mut results, GeoLevel::Kommun, "0115", Kon::T),
        0.0,
        4.0,
    );
    counts(
        find(&mut results, GeoLevel::Kommun, "0117", Kon::T),
        1.0,
        1.0,
    );
    // A withheld row that (wrongly) still carries counts, and a kommungrupp with pooled counts.
    counts(
        find(&mut results, GeoLevel::Kommun, "0180", Kon::K),
        1.0,
        10.0,
    );
    counts(
        find(&mut results, GeoLevel::Kommungrupp, "A1", Kon::T),
        50.0,
        100.0,
    );
    add_intervals(&manifest, &mut results);

    let ci = |results: &mut ResultTable, level, geo: &str, kon| {
        let row = find(results, level, geo, kon);
        (row.ci_low, row.ci_high)
    };
    let (low, high) = ci(&mut results, GeoLevel::Kommun, "0114", Kon::T);
    assert!((low.unwrap() - 23.659_309).abs() < 1e-5 && (high.unwrap() - 76.340_691).abs() < 1e-5);
    // 0 of 4: [0, z² / (4 + z²)] = [0, 48.9891 %].
    let (low, high) = ci(&mut results, GeoLevel::Kommun, "0115", Kon::T);
    assert_eq!(low, Some(0.0));
    assert!((high.unwrap() - 48.989_1).abs() < 1e-3, "{high:?}");
    // 1 of 1: [1 / (1 + z²), 100 %] = [20.6549 %, 100 %].
    let (low, high) = ci(&mut results, GeoLevel::Kommun, "0117", Kon::T);
    assert!((low.unwrap() - 20.654_9).abs() < 1e-3 && high == Some(100.0));
    assert_eq!(
        ci(&mut results, GeoLevel::Kommun, "0180", Kon::K),
        (None, None),
        "a confidential row never gets an interval"
    );
    assert_eq!(
        ci(&mut results, GeoLevel::Kommungrupp, "A1", Kon::T),
        (None, None),
        "a group mean publishes no counts and has no interval"
    );
    // Rows without counts (the rest of the table) get nothing.
    assert_eq!(
        ci(&mut results, GeoLevel::Kommun, "0120", Kon::T),
        (None, None)
    );
    // Another indicator's rows (a yes/no, a mean, a count) never do.
    assert!(
        results
            .rows
            .iter()
            .filter(|r| r.indicator != "andel_80")
            .all(|r| r.ci_low.is_none())
    );
}

/// andel_80 (higher is better, relative 25/25, one decimal) with `interval = true`.
fn with_interval_rule() -> Manifest {
    let mut manifest = common::manifest();
    let indicator = manifest
        .indicators
        .iter_mut()
        .find(|i| i.id == "andel_80")
        .unwrap();
    indicator.colour = Rule::Relative {
        green: 25.0,
        red: 25.0,
        interval: true,
    };
    manifest
}

fn colour_of(manifest: &Manifest, results: &ResultTable, geo: &str) -> Option<Colour> {
    let p = Published {
        manifest,
        release: &manifest.releases[0],
        geo: Geography::builtin(),
        results,
        analysis: None,
    };
    let colours = colours(&p);
    results
        .rows
        .iter()
        .zip(colours)
        .find(|(r, _)| {
            r.indicator == "andel_80"
                && r.year == YEAR
                && r.key.level == GeoLevel::Kommun
                && r.key.geo == geo
                && r.key.kon == Kon::T
        })
        .and_then(|(_, c)| c)
}

#[test]
fn red_or_green_only_when_the_interval_lies_beyond_the_cut_off() {
    // 290 kommuner at 10.00, 10.05, …, 24.45: the best 73 (from 20.85) green, the worst 73 (to
    // 13.60) red.
    let (best, next, worst, next_worst, middle) =
        (kommun(289), kommun(288), kommun(0), kommun(1), kommun(150));
    let mut results = common::results();
    let mut interval = |geo: &str, low: f64, high: f64| {
        let row = find(&mut results, GeoLevel::Kommun, geo, Kon::T);
        row.ci_low = Some(low);
        row.ci_high = Some(high);
    };
    interval(&best, 20.0, 26.0); // reaches below the green cut: yellow
    interval(&next, 24.0, 24.9); // wholly green
    interval(&worst, 8.0, 14.0); // reaches above the red cut: yellow
    interval(&next_worst, 9.0, 11.0); // wholly red
    interval(&middle, 5.0, 30.0); // yellow either way
    let manifest = with_interval_rule();
    assert_eq!(colour_of(&manifest, &results, &best), Some(Colour::Yellow));
    assert_eq!(colour_of(&manifest, &results, &next), Some(Colour::Green));
    assert_eq!(colour_of(&manifest, &results, &worst), Some(Colour::Yellow));
    assert_eq!(
        colour_of(&manifest, &results, &next_worst),
        Some(Colour::Red)
    );
    assert_eq!(
        colour_of(&manifest, &results, &middle),
        Some(Colour::Yellow)
    );
    // A kommun without an interval is coloured by its value, as without the option.
    assert_eq!(
        colour_of(&manifest, &results, &kommun(287)),
        Some(Colour::Green)
    );
    // Without the option, the intervals change nothing.
    let plain = common::manifest();
    assert_eq!(colour_of(&plain, &results, &best), Some(Colour::Green));
    assert_eq!(colour_of(&plain, &results, &worst), Some(Colour::Red));
    // A withheld row has no colour, interval or not.
    let mut withheld = results.clone();
    let row = find(&mut withheld, GeoLevel::Kommun, &best, Kon::T);
    row.status = Status::Confidential;
    row.value = None;
    assert_eq!(colour_of(&manifest, &withheld, &best), None);
}
