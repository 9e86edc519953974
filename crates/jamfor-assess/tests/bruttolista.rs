//! The bruttolista on hand-built results where every flag is known.

#![allow(clippy::unwrap_used, reason = "a test: a panic is the failure report")]

mod support;

use std::str::FromStr;

use jamfor_assess::{Certainty, Class, Colour, Reason, bruttolista, comparable, group_means};
use jamfor_engine::{GeoLevel, Kon, ResultRow, Status};
use jamfor_geo::{Geography, KommunCode};
use support::*;

fn kommungrupp(kommun: &str) -> &'static str {
    let kod = KommunCode::from_str(kommun).unwrap();
    Geography::builtin()
        .kommungruppsindelning_2023()
        .grupp(kod)
        .expect("every kommun has a kommungrupp")
        .code()
}

/// `hog` (higher is better) in 2024: 0114 at 50 among 70–72 for its comparable kommuner.
fn results() -> Vec<ResultRow> {
    let mut rows = nyckeltal();
    let hog = [50.0, 70.0, 72.0, 60.0, 61.0, 62.0];
    for (k, v) in KOMMUNER.iter().zip(hog) {
        rows.push(row("hog", 2024, k, Kon::T, v));
    }
    // 0114 worse four years in a row; women 40, men 60.
    for (year, v) in [(2020, 58.0), (2021, 56.0), (2022, 54.0), (2023, 52.0)] {
        rows.push(row("hog", year, "0114", Kon::T, v));
    }
    rows.push(row("hog", 2024, "0114", Kon::K, 40.0));
    rows.push(row("hog", 2024, "0114", Kon::M, 60.0));
    rows.push(at(
        "hog",
        2024,
        GeoLevel::Kommungrupp,
        kommungrupp("0114"),
        Kon::T,
        Some(63.0),
        Status::Value,
    ));
    // `lag` (lower is better): 0114 at 10 against 20 everywhere else; 0115 did not answer.
    for k in KOMMUNER {
        match k {
            "0114" => rows.push(row("lag", 2024, k, Kon::T, 10.0)),
            "0115" => rows.push(at(
                "lag",
                2024,
                GeoLevel::Kommun,
                k,
                Kon::T,
                None,
                Status::Bortfall,
            )),
            _ => rows.push(row("lag", 2024, k, Kon::T, 20.0)),
        }
    }
    rows
}

fn red_for_0114(row: &ResultRow) -> Option<Colour> {
    (row.key.geo == "0114" && row.indicator == "hog").then_some(Colour::Red)
}

#[test]
fn comparable_kommuner_are_the_nearest_in_the_nyckeltal() {
    let manifest = manifest();
    let release = release(&manifest);
    let results = table(results());
    let groups = comparable(&manifest, release, &results).unwrap();
    assert_eq!(groups.group("aldreomsorg", "0114"), vec!["0115", "0117"]);
    assert_eq!(
        groups.group("aldreomsorg", "0115"),
        vec!["0114", "0117"],
        "0114 and 0117 lie equally far: by code"
    );
    assert_eq!(groups.group("aldreomsorg", "0123"), vec!["0120", "0125"]);
    // The other 284 kommuner have no nyckeltal here: left out, and said so.
    assert_eq!(groups.incomplete.len(), 290 - 6);
    assert!(
        groups
            .incomplete
            .iter()
            .all(|i| i.missing == ["andel_80", "folkmangd"])
    );
    let first = &groups.rows[0];
    assert_eq!(
        (first.kommun.as_str(), first.similar.as_str(), first.rank),
        ("0114", "0115", 1)
    );
    // 80+ shares 4, 5, 6, 20, 21, 22: population sd √(541/9)... z-distance of one unit.
    let sd = {
        let v = [4.0f64, 5.0, 6.0, 20.0, 21.0, 22.0];
        let mean = v.iter().sum::<f64>() / 6.0;
        (v.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / 6.0).sqrt()
    };
    assert!((first.distance - 1.0 / sd).abs() < 1e-12);
}

#[test]
fn every_flag_that_applies_and_no_other() {
    let manifest = manifest();
    let release = release(&manifest);
    let results = table(results());
    let groups = comparable(&manifest, release, &results).unwrap();
    let list = bruttolista(
        &manifest,
        release,
        &results,
        &groups,
        &red_for_0114,
        Some("0114"),
    );
    let codes = |indicator: &str| -> Vec<&str> {
        list.iter()
            .find(|p| p.indicator == indicator)
            .map(|p| p.skal.iter().map(Reason::code).collect())
            .unwrap_or_default()
    };
    assert_eq!(
        codes("hog"),
        vec![
            "rod",
            "samre_an_liknande",
            "samre_an_kommungrupp",
            "forsamras",
            "konsskillnad"
        ]
    );
    // Better than its group, whose mean rests on one of two members.
    assert_eq!(
        codes("lag"),
        vec!["battre_an_liknande", "ofullstandig_jamforelse"]
    );
    let hog = list.iter().find(|p| p.indicator == "hog").unwrap();
    assert_eq!(
        (hog.klass, hog.weight, hog.prioritet),
        (Class::Weakness, 3 + 2 + 1 + 2 + 1, 1)
    );
    assert_eq!(hog.liknande, Some(71.0));
    assert_eq!(
        hog.skal[3],
        Reason::Forsamras {
            fran: 2021,
            till: 2024,
            sakerhet: Certainty::NoMarginOfError
        }
    );
    let lag = list.iter().find(|p| p.indicator == "lag").unwrap();
    assert_eq!((lag.klass, lag.prioritet), (Class::Strength, 2));
    // The mean of 0114's group for `lag` rests on 0117 alone: 0115 gave no answer.
    assert_eq!(lag.liknande, Some(20.0));
    assert_eq!(
        hog.skal[1].text(1),
        "Sämre än liknande kommuner (50,0 mot 71,0) – ingen felmarginal beräknad"
    );
}

#[test]
fn bortfall_and_nothing_else_when_the_kommun_gave_no_answer() {
    let manifest = manifest();
    let release = release(&manifest);
    let results = table(results());
    let groups = comparable(&manifest, release, &results).unwrap();
    let list = bruttolista(
        &manifest,
        release,
        &results,
        &groups,
        &|_| None,
        Some("0115"),
    );
    let lag = list.iter().find(|p| p.indicator == "lag").unwrap();
    assert_eq!(lag.skal, vec![Reason::Bortfall]);
    assert_eq!((lag.klass, lag.value), (Class::Notice, None));
    // 0115's `hog` (70) is within half a standard deviation of its group (0114 at 50, 0117 at 72:
    // mean 61, sd about 7.2 → 1.25 sd better).
    let hog = list.iter().find(|p| p.indicator == "hog").unwrap();
    let mut expected = vec!["battre_an_liknande"];
    if kommungrupp("0115") == kommungrupp("0114") {
        // 70 against the kommungrupp's 63: about one standard deviation better.
        expected.push("battre_an_kommungrupp");
    }
    assert_eq!(
        hog.skal.iter().map(Reason::code).collect::<Vec<_>>(),
        expected
    );
}

#[test]
fn without_reasons_an_indicator_is_not_listed() {
    let manifest = manifest();
    let release = release(&manifest);
    let results = table(results());
    let groups = comparable(&manifest, release, &results).unwrap();
    // 0123 (61) between 0120 (60) and 0125 (62), within half a standard deviation of the
    // kommungrupp's 63 should it share 0114's; `lag` at 20 like its group.
    let list = bruttolista(
        &manifest,
        release,
        &results,
        &groups,
        &|_| None,
        Some("0123"),
    );
    assert!(list.is_empty(), "{list:?}");
}

#[test]
fn group_means_use_published_members_only() {
    let manifest = manifest();
    let release = release(&manifest);
    let mut rows = results();
    // 0117's `hog` is withheld, yet carries a value (as an unprotected table would): never read.
    let cell = rows
        .iter_mut()
        .find(|r| {
            r.indicator == "hog" && r.year == 2024 && r.key.geo == "0117" && r.key.kon == Kon::T
        })
        .unwrap();
    cell.status = Status::Confidential;
    let results = table(rows);
    let groups = comparable(&manifest, release, &results).unwrap();
    let means = group_means(&manifest, &results, &groups);
    let mean = means
        .iter()
        .find(|r| {
            r.indicator == "hog" && r.year == 2024 && r.key.geo == "0114" && r.key.kon == Kon::T
        })
        .unwrap();
    assert_eq!(
        (mean.key.level, mean.value, mean.units, mean.status),
        (GeoLevel::Liknande, Some(70.0), Some(1.0), Status::Value)
    );
    // 0125's group (0120, 0123) has no `hog` for 2023: no value, said so.
    let none = means
        .iter()
        .find(|r| r.indicator == "hog" && r.year == 2023 && r.key.geo == "0125")
        .unwrap();
    assert_eq!((none.value, none.status), (None, Status::NotApplicable));
}

/// `results()` with intervals of ± `half` on 0114's `hog` in every year and kön, as a survey of
/// few (large `half`) or many (small `half`) respondents would have.
fn results_with_intervals(half: f64) -> Vec<ResultRow> {
    let mut rows = results();
    for r in rows
        .iter_mut()
        .filter(|r| r.indicator == "hog" && r.key.geo == "0114" && r.key.level == GeoLevel::Kommun)
    {
        let v = r.value.unwrap();
        r.ci_low = Some(v - half);
        r.ci_high = Some(v + half);
    }
    rows
}

fn codes_for_0114(rows: Vec<ResultRow>) -> (Vec<&'static str>, Vec<Reason>) {
    let manifest = manifest();
    let release = release(&manifest);
    let results = table(rows);
    let groups = comparable(&manifest, release, &results).unwrap();
    let list = bruttolista(
        &manifest,
        release,
        &results,
        &groups,
        &|_| None,
        Some("0114"),
    );
    // Not listed at all: no reason.
    list.iter()
        .find(|p| p.indicator == "hog")
        .map(|hog| {
            (
                hog.skal.iter().map(Reason::code).collect(),
                hog.skal.clone(),
            )
        })
        .unwrap_or_default()
}

#[test]
fn a_difference_within_the_interval_is_no_longer_flagged() {
    // Without intervals the old rule flags all four: 50 against 71 and 63, falling every year
    // (56 in 2021 to 50 in 2024), kvinnor 40 against män 60.
    let (old, _) = codes_for_0114(results());
    assert_eq!(
        old,
        [
            "samre_an_liknande",
            "samre_an_kommungrupp",
            "forsamras",
            "konsskillnad"
        ]
    );
    // 50 with 20–80, as from 9 respondents: 71 and 63 lie inside the interval; 56 → 50 is
    // 6 points on a standard error of √2 · 30 / 1.96 = 21.6, and 40 against 60 is 20 points on
    // the same. Nothing is left, so the indicator leaves the list.
    let (new, _) = codes_for_0114(results_with_intervals(30.0));
    assert!(new.is_empty(), "{new:?}");
}

#[test]
fn a_difference_beyond_the_interval_is_kept_and_says_how_sure() {
    // 50 with 47–53: 71 lies 21 points away on a standard error of 3 / 1.96 = 1.53: very sure;
    // the kommungrupp's 63 as well. 56 → 50 over the run is 6 points on √2 · 1.53 = 2.16:
    // 2.8 standard errors, sure. Kvinnor 40 and män 60 with ±3 each: 9.2, very sure.
    let (codes, skal) = codes_for_0114(results_with_intervals(3.0));
    assert_eq!(
        codes,
        [
            "samre_an_liknande",
            "samre_an_kommungrupp",
            "forsamras",
            "konsskillnad"
        ]
    );
    let sakerhet: Vec<Option<Certainty>> = skal.iter().map(Reason::sakerhet).collect();
    assert_eq!(
        sakerhet,
        [
            Some(Certainty::VerySure),
            Some(Certainty::VerySure),
            Some(Certainty::Sure),
            Some(Certainty::VerySure)
        ]
    );
    assert_eq!(
        skal[0].text(0),
        "Sämre än liknande kommuner (50 mot 71) – mycket säker skillnad (99,9 %)"
    );
    assert_eq!(
        skal[2].text(0),
        "Försämrats 3 år i rad (2021–2024) – säker skillnad (95 %)"
    );
}
