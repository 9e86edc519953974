//! The repository's catalogue is the publication a newcomer meets: all eight areas of Öppna
//! jämförelser socialtjänst, at least eight indicators each, and between them every part of the
//! definition language — so the default release exercises the whole engine, disclosure control
//! and every colour rule.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use jamfor_spec::keywords::{Family, Level, Role};
use jamfor_spec::manifest::{Breakdown, Colour, Count, Manifest, Measure};
use jamfor_spec::resolve::{self, Options};

const AREAS: [&str; 8] = [
    "aldreomsorg",
    "barn_och_unga",
    "ekonomiskt_bistand",
    "funktionsnedsattning",
    "hemloshet",
    "krisberedskap",
    "missbruk",
    "vald_i_nara_relationer",
];

fn catalogue() -> Manifest {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let (spec, _) = jamfor_spec::load(&root).expect("the repository's definitions are readable");
    let (manifest, diagnostics) = resolve::resolve(&spec, &Options::default());
    let errors: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.severity == jamfor_spec::Severity::Error)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    manifest.expect("a checked catalogue resolves")
}

#[test]
fn every_area_has_at_least_eight_indicators() {
    let m = catalogue();
    let mut per_area: BTreeMap<&str, usize> = BTreeMap::new();
    for i in &m.indicators {
        *per_area.entry(i.area.as_str()).or_default() += 1;
    }
    for area in AREAS {
        let n = per_area.get(area).copied().unwrap_or(0);
        assert!(n >= 8, "{area} has {n} indicators");
    }
    assert!(m.indicators.len() >= 64, "{}", m.indicators.len());
}

#[test]
fn every_measure_type_colour_rule_and_source_family_is_used() {
    let m = catalogue();
    let types: BTreeSet<&str> = m.indicators.iter().map(|i| i.measure.type_name()).collect();
    for t in [
        "count",
        "share",
        "rate",
        "mean",
        "median",
        "yes_no",
        "share_yes",
        "index",
        "survey_share",
        "response_rate",
    ] {
        assert!(types.contains(t), "no indicator measures `{t}`");
    }
    let colours: BTreeSet<&str> = m
        .indicators
        .iter()
        .map(|i| match i.colour {
            Colour::Relative { .. } => "relative",
            Colour::Thresholds { .. } => "thresholds",
            Colour::YesNo => "yes_no",
            Colour::None => "none",
        })
        .collect();
    assert_eq!(colours.len(), 4, "colour rules used: {colours:?}");
    let read: BTreeSet<&str> = m
        .indicators
        .iter()
        .flat_map(|i| i.measure.sources())
        .collect();
    let families: BTreeSet<String> = m
        .sources
        .iter()
        .filter(|s| read.contains(s.id.as_str()))
        .map(|s| format!("{:?}", s.family))
        .collect();
    for family in [
        Family::Register,
        Family::Kommunenkat,
        Family::Brukarundersokning,
        Family::Statistik,
    ] {
        assert!(
            families.contains(&format!("{family:?}")),
            "no indicator reads a {family:?} source"
        );
    }
}

/// Person-based figures are published for kvinnor and män too, as ÖJ does: every indicator whose
/// count reads a source with a kön column breaks down by kön, unless it is a kommunenkät answer.
#[test]
fn person_based_indicators_break_down_by_kon() {
    let m = catalogue();
    let with_kon: BTreeSet<&str> = m
        .sources
        .iter()
        .filter(|s| s.columns.iter().any(|c| c.role == Some(Role::Kon)))
        .map(|s| s.id.as_str())
        .collect();
    let mut missing = Vec::new();
    for i in &m.indicators {
        let reads_persons = match &i.measure {
            Measure::Count(Count::Source { source, .. }) => with_kon.contains(source.as_str()),
            Measure::Share { numerator, .. } | Measure::Rate { numerator, .. } => {
                matches!(numerator, Count::Source { source, .. } if with_kon.contains(source.as_str()))
            }
            _ => false,
        };
        if reads_persons && !i.breakdown.contains(&Breakdown::Kon) {
            missing.push(i.id.as_str());
        }
    }
    // A few person counts are published for the total only by design (e.g. small groups where
    // kön would suppress almost every kommun); keep them rare.
    assert!(
        missing.len() * 5 <= m.indicators.len(),
        "person-based indicators without kön: {missing:?}"
    );
}

#[test]
fn some_indicators_are_published_below_the_kommun() {
    let m = catalogue();
    let below: Vec<&str> = m
        .indicators
        .iter()
        .filter(|i| {
            i.levels
                .iter()
                .any(|l| matches!(l, Level::Stadsdel | Level::Enhet))
        })
        .map(|i| i.id.as_str())
        .collect();
    assert!(!below.is_empty(), "no indicator at stadsdel or enhet level");
}

/// The nyckeltal every area needs for comparisons: the share of inhabitants 80+ for
/// äldreomsorg, children and young people 0–20 for barn och unga.
#[test]
fn the_background_figures_areas_compare_by_exist() {
    let m = catalogue();
    let titles: Vec<(&str, &str)> = m
        .indicators
        .iter()
        .map(|i| (i.area.as_str(), i.title.as_str()))
        .collect();
    assert!(
        titles
            .iter()
            .any(|(a, t)| *a == "aldreomsorg" && t.contains("80+")),
        "äldreomsorg lacks the share of inhabitants 80+"
    );
    assert!(
        titles
            .iter()
            .any(|(a, t)| *a == "barn_och_unga" && (t.contains("0-20") || t.contains("0–20"))),
        "barn och unga lacks the share of inhabitants 0–20"
    );
}

#[test]
fn every_indicator_has_an_english_title() {
    let m = catalogue();
    let missing: Vec<&str> = m
        .indicators
        .iter()
        .filter(|i| i.title_en.as_deref().is_none_or(|t| t.trim().is_empty()))
        .map(|i| i.id.as_str())
        .collect();
    assert!(
        missing.is_empty(),
        "indicators.parquet's `title_en` is null for {missing:?}: add `title_en`"
    );
}
