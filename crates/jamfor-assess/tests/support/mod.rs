//! Hand-built definitions and results shared by the tests: six kommuner in Stockholms län whose
//! nyckeltal put them in two clear clusters, and result rows written one by one.

#![allow(dead_code, reason = "each test file uses part of the support")]

use jamfor_engine::{CellKey, GeoLevel, Kon, ResultRow, ResultTable, Status};
use jamfor_spec::Manifest;
use jamfor_spec::manifest::Release;
use jamfor_spec::resolve::{self, Options};

/// Upplands Väsby, Vallentuna, Österåker | Värmdö, Järfälla, Ekerö.
pub(crate) const KOMMUNER: [&str; 6] = ["0114", "0115", "0117", "0120", "0123", "0125"];

pub(crate) const SOURCE: &str = r#"
[source]
id = "befolkning"
title = "Folkmängd"
family = "statistik"

[source.format]
kind = "csv"

[[source.columns]]
name = "kommun"
type = "text"
role = "kommun"

[[source.columns]]
name = "alder"
type = "integer"
role = "alder"

[[source.columns]]
name = "kon"
type = "code"
role = "kon"
codes = { "1" = "män", "2" = "kvinnor" }
kvinnor = "2"
man = "1"

[[source.columns]]
name = "antal"
type = "integer"
"#;

const INDICATORS: &str = r#"
[[indicator]]
id = "andel_80"
title = "Invånare 80+, andel (%)"
kind = "bakgrundsmatt"
direction = "none"
unit = "procent"
[indicator.description]
shows = "Andel 80 år eller äldre."
[indicator.measure]
type = "share"
numerator = { source = "befolkning", sum = "antal", where = "alder >= 80" }
denominator = { source = "befolkning", sum = "antal" }

[[indicator]]
id = "folkmangd"
title = "Invånare totalt, antal"
kind = "bakgrundsmatt"
direction = "none"
unit = "antal"
[indicator.description]
shows = "Folkmängden."
[indicator.measure]
type = "count"
source = "befolkning"
sum = "antal"

[[indicator]]
id = "hog"
title = "Högre är bättre, andel (%)"
kind = "kvalitetsindikator"
dimension = "saker"
type = "resultat"
direction = "higher"
unit = "procent"
breakdown = ["kon"]
colour = { rule = "relative" }
[indicator.description]
shows = "En indikator där högre värden är bättre."
[indicator.measure]
type = "share"
numerator = { source = "befolkning", sum = "antal", where = "alder >= 65" }
denominator = { source = "befolkning", sum = "antal" }

[[indicator]]
id = "lag"
title = "Lägre är bättre, andel (%)"
kind = "valfardsindikator"
direction = "lower"
unit = "procent"
[indicator.description]
shows = "En indikator där lägre värden är bättre."
[indicator.measure]
type = "share"
numerator = { source = "befolkning", sum = "antal", where = "alder < 20" }
denominator = { source = "befolkning", sum = "antal" }
"#;

pub(crate) const POLICY: &str = r#"
[[policy]]
id = "standard"
method = "suppression"
min_count = 3
"#;

const RELEASE: &str = r#"
[release]
id = "test"
title = "Test"
year = 2024
history = [2020, 2021, 2022, 2023]
published = 2024-11-26
disclosure = "standard"

[inputs.befolkning]
path = "data/befolkning_{year}.csv"
"#;

/// The area file with `comparable` and `bruttolista` tables appended. Its groups are pairs
/// (`k = 2`), so a mean on one or two published members is shown.
pub(crate) fn area(extra: &str) -> String {
    format!("[area]\nid = \"aldreomsorg\"\ntitle = \"Äldreomsorg\"\nmin_group_members = 1\n{extra}")
}

pub(crate) const COMPARABLE: &str = r#"
[comparable]
k = 2
nyckeltal = ["andel_80", "folkmangd"]
log = ["folkmangd"]

[bruttolista]
margin = 0.5
gap_margin = 0.5
trend_years = 3
"#;

/// The checked manifest of the test definitions with `area_toml` as the area file.
pub(crate) fn manifest_with(area_toml: &str) -> Manifest {
    let files = [
        ("sources/befolkning.toml", SOURCE.to_string()),
        ("indicators/aldreomsorg/area.toml", area_toml.to_string()),
        (
            "indicators/aldreomsorg/indikatorer.toml",
            INDICATORS.to_string(),
        ),
        ("policies/standard.toml", POLICY.to_string()),
        ("pipelines/test.toml", RELEASE.to_string()),
    ]
    .map(|(p, t)| (p.to_string(), t));
    let (spec, mut diagnostics) = jamfor_spec::from_files(files);
    let (manifest, found) = resolve::resolve(&spec, &Options::default());
    diagnostics.extend(found);
    let errors: Vec<String> = diagnostics.iter().map(|d| d.message.clone()).collect();
    manifest.unwrap_or_else(|| panic!("the test definitions check clean: {errors:?}"))
}

pub(crate) fn manifest() -> Manifest {
    manifest_with(&area(COMPARABLE))
}

pub(crate) fn release(manifest: &Manifest) -> &Release {
    manifest.release("test").expect("the test release")
}

/// A kommun row (all ages) with a value.
pub(crate) fn row(indicator: &str, year: i32, geo: &str, kon: Kon, value: f64) -> ResultRow {
    at(
        indicator,
        year,
        GeoLevel::Kommun,
        geo,
        kon,
        Some(value),
        Status::Value,
    )
}

/// Any row.
pub(crate) fn at(
    indicator: &str,
    year: i32,
    level: GeoLevel,
    geo: &str,
    kon: Kon,
    value: Option<f64>,
    status: Status,
) -> ResultRow {
    ResultRow {
        indicator: indicator.to_string(),
        year,
        key: CellKey {
            level,
            geo: geo.to_string(),
            kon,
            age_group: None,
        },
        value,
        numerator: None,
        denominator: None,
        units: None,
        ci_low: None,
        ci_high: None,
        status,
    }
}

/// Nyckeltal putting 0114, 0115, 0117 close together (80+ share 4, 5, 6) and 0120, 0123, 0125
/// (20, 21, 22); the same folkmängd everywhere, so it tells nobody apart.
pub(crate) fn nyckeltal() -> Vec<ResultRow> {
    let andel = [4.0, 5.0, 6.0, 20.0, 21.0, 22.0];
    let mut rows = Vec::new();
    for (k, a) in KOMMUNER.iter().zip(andel) {
        rows.push(row("andel_80", 2024, k, Kon::T, a));
        rows.push(row("folkmangd", 2024, k, Kon::T, 30_000.0));
    }
    rows
}

pub(crate) fn table(mut rows: Vec<ResultRow>) -> ResultTable {
    rows.sort_by(|a, b| (&a.indicator, a.year, &a.key).cmp(&(&b.indicator, b.year, &b.key)));
    ResultTable {
        rows,
        ..ResultTable::default()
    }
}
