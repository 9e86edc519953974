//! A small release for the writers' tests: four indicators of one area (a relative share by kön
//! with one decimal, a mean with thresholds, a kommunenkät yes/no, an uncoloured count), two years,
//! and a hand-made result table for every kommun, län, riket and kommungrupp whose values follow
//! a simple formula so that a test can predict any cell.

#![allow(
    dead_code,
    unreachable_pub,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

use jamfor_engine::{CellKey, GeoLevel, Kon, ResultRow, ResultTable, Status};
use jamfor_geo::Geography;
use jamfor_spec::manifest::Manifest;

pub const YEAR: i32 = 2023;
pub const AREA: &str = "test";

const SOURCES: &str = r#"
[source]
id = "enkat"
title = "Testenkät till kommunerna"
family = "kommunenkat"
provider = "Testmyndigheten"

[source.format]
kind = "csv"

[[source.columns]]
name = "kommun"
type = "text"
role = "kommun"

[[source.columns]]
name = "stadsdel"
type = "code"
role = "stadsdel"
nullable = true
codes = { "018001" = "Rinkeby-Kista", "018002" = "Spånga-Tensta" }

[[source.columns]]
name = "rutin"
type = "code"
codes = ["Ja", "Nej"]
nullable = true

[[source.columns]]
name = "dagar"
type = "integer"
nullable = true
"#;

const BEFOLKNING: &str = r#"
[source]
id = "bef"
title = "Folkmängd"
family = "statistik"
provider = "SCB"

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
codes = ["1", "2"]
kvinnor = "2"
man = "1"

[[source.columns]]
name = "antal"
type = "integer"
"#;

const INDICATORS: &str = r#"
[[indicator]]
id = "andel_80"
title = "Invånare 80 år och äldre, andel (%)"
kind = "kvalitetsindikator"
dimension = "individanpassad"
type = "resultat"
direction = "higher"
unit = "procent"
decimals = 1
breakdown = ["kon"]
colour = { rule = "relative", green = 25, red = 25 }

[indicator.description]
shows = "Andel av invånarna som är 80 år eller äldre."
numerator = "Invånare 80 år och äldre."
denominator = "Alla invånare."
source = "SCB, befolkningsstatistik."
interpretation = "Testindikator."

[indicator.measure]
type = "share"
numerator = { source = "bef", sum = "antal", where = "alder >= 80" }
denominator = { source = "bef", sum = "antal" }

[[indicator]]
id = "dagar"
title = "Handläggningstid, dagar"
kind = "kvalitetsindikator"
dimension = "tillganglig"
type = "process"
direction = "lower"
target = 10.0
unit = "dagar"
decimals = 0
levels = ["kommun", "lan", "riket", "kommungrupp", "stadsdel"]
colour = { rule = "thresholds", green = 10, red = 20 }

[indicator.description]
shows = "Dagar från ansökan till beslut."
source = "Testmyndigheten, kommunenkät."

[indicator.measure]
type = "mean"
source = "enkat"
column = "dagar"

[[indicator]]
id = "rutin"
title = "Rutin finns, ja/nej"
kind = "kvalitetsindikator"
dimension = "saker"
type = "struktur"
direction = "higher"
unit = "ja_nej"
colour = { rule = "yes_no" }

[indicator.description]
shows = "Om kommunen har en rutin."
source = "Testmyndigheten, kommunenkät."

[indicator.measure]
type = "yes_no"
source = "enkat"
yes = "rutin = 'Ja'"
answered = "rutin IS NOT NULL"

[[indicator]]
id = "antal"
title = "Invånare, antal"
kind = "bakgrundsmatt"
direction = "none"
unit = "antal"

[indicator.description]
shows = "Antal invånare."
source = "SCB."

[indicator.measure]
type = "count"
source = "bef"
sum = "antal"
"#;

const PIPELINE: &str = r#"
[release]
id = "test-2023"
title = "Öppna jämförelser test 2023"
year = 2023
history = [2022]
published = 2023-11-28
disclosure = "ingen"

[inputs.enkat]
path = "data/enkat_{year}.csv"

[inputs.bef]
path = "data/bef_{year}.csv"

[outputs]
parquet = true
excel = true
"#;

/// The checked definitions of the test release.
pub fn manifest() -> Manifest {
    manifest_med_area("")
}

/// The checked definitions, with `extra` appended to the area's `area.toml` (e.g. a
/// `[comparable]` table).
pub fn manifest_med_area(extra: &str) -> Manifest {
    let files = vec![
        ("sources/enkat.toml".to_string(), SOURCES.to_string()),
        ("sources/bef.toml".to_string(), BEFOLKNING.to_string()),
        (
            "indicators/test/area.toml".to_string(),
            format!(
                "[area]\nid = \"test\"\ntitle = \"Testområdet\"\ndescription = \"Ett område för tester.\"\n{extra}"
            ),
        ),
        ("indicators/test/i.toml".to_string(), INDICATORS.to_string()),
        (
            "policies/p.toml".to_string(),
            "[[policy]]\nid = \"ingen\"\nmethod = \"suppression\"\nmin_count = 1\n".to_string(),
        ),
        ("pipelines/test.toml".to_string(), PIPELINE.to_string()),
    ];
    let (spec, mut diagnostics) = jamfor_spec::from_files(files);
    let (manifest, more) =
        jamfor_spec::resolve::resolve(&spec, &jamfor_spec::resolve::Options::default());
    diagnostics.extend(more);
    assert!(
        diagnostics
            .iter()
            .all(|d| d.severity != jamfor_spec::Severity::Error),
        "{diagnostics:#?}"
    );
    manifest.expect("definitions resolve")
}

/// A kommun's position in code order, 0-based (the formulas below are functions of it).
pub fn index_of(kommun: &str) -> usize {
    Geography::builtin()
        .kommuner_valid_in(YEAR as u16)
        .position(|k| k.code.to_string() == kommun)
        .expect("a kommun of the year")
}

/// andel_80 of the i-th kommun: 10.00, 10.05, … (distinct, increasing in code order) for
/// totalt; kvinnor one point above, män one point below.
pub fn andel(i: usize, kon: Kon) -> f64 {
    let t = 10.0 + 0.05 * i as f64;
    match kon {
        Kon::T => t,
        Kon::K => t + 1.0,
        Kon::M => t - 1.0,
    }
}

/// dagar of the i-th kommun: 5, 15 or 25 in turn (green, yellow, red).
pub fn dagar(i: usize) -> f64 {
    [5.0, 15.0, 25.0][i % 3]
}

/// rutin of the i-th kommun: yes for even, no for odd.
pub fn rutin(i: usize) -> f64 {
    if i.is_multiple_of(2) { 100.0 } else { 0.0 }
}

fn row(indicator: &str, year: i32, level: GeoLevel, geo: &str, kon: Kon, value: f64) -> ResultRow {
    ResultRow {
        indicator: indicator.to_string(),
        year,
        key: CellKey {
            level,
            geo: geo.to_string(),
            kon,
            age_group: None,
        },
        value: Some(value),
        numerator: None,
        denominator: None,
        units: Some(1.0),
        ci_low: None,
        ci_high: None,
        status: Status::Value,
    }
}

fn without(mut r: ResultRow, status: Status) -> ResultRow {
    r.value = None;
    r.status = status;
    if status == Status::Confidential {
        r.units = None;
    }
    r
}

/// The result table: every kommun, län, riket and kommungrupp for both years. Exceptions:
/// Stockholm (0180) is confidential for andel_80 kvinnor, Upplands Väsby (0114) is bortfall for
/// dagar and rutin, Vallentuna (0115) is not applicable for dagar; in the history year every
/// value is one lower.
pub fn results() -> ResultTable {
    let geo = Geography::builtin();
    let mut rows = Vec::new();
    for year in [2022, YEAR] {
        let shift = if year == YEAR { 0.0 } else { -1.0 };
        let mut places: Vec<(GeoLevel, String)> = vec![(GeoLevel::Riket, "00".to_string())];
        places.extend(
            geo.all_lan()
                .iter()
                .map(|l| (GeoLevel::Lan, l.code.to_string())),
        );
        places.extend(
            geo.kommuner_valid_in(YEAR as u16)
                .map(|k| (GeoLevel::Kommun, k.code.to_string())),
        );
        places.extend(
            geo.kommungruppsindelning_2023()
                .definitions()
                .iter()
                .map(|d| (GeoLevel::Kommungrupp, d.grupp.code().to_string())),
        );
        for (n, (level, code)) in places.iter().enumerate() {
            let i = if *level == GeoLevel::Kommun {
                index_of(code)
            } else {
                // Non-kommun places: spread over the kommun range.
                (n * 7) % 290
            };
            for kon in [Kon::T, Kon::K, Kon::M] {
                let r = row("andel_80", year, *level, code, kon, andel(i, kon) + shift);
                rows.push(if code == "0180" && kon == Kon::K {
                    without(r, Status::Confidential)
                } else {
                    r
                });
            }
            let d = row("dagar", year, *level, code, Kon::T, dagar(i) + shift.abs());
            rows.push(match code.as_str() {
                "0114" => without(d, Status::Bortfall),
                "0115" => without(d, Status::NotApplicable),
                _ => d,
            });
            let yes = if *level == GeoLevel::Kommun {
                rutin(i)
            } else {
                // Above the kommun: a share of yes.
                [100.0, 50.0, 0.0][n % 3]
            };
            let r = row("rutin", year, *level, code, Kon::T, yes);
            rows.push(if code == "0114" {
                without(r, Status::Bortfall)
            } else {
                r
            });
            rows.push(row(
                "antal",
                year,
                *level,
                code,
                Kon::T,
                1000.0 * (i + 1) as f64 + shift,
            ));
        }
    }
    ResultTable {
        rows,
        ..ResultTable::default()
    }
}

/// Comparison-group rows (liknande kommuner) for every kommun and both years, as
/// `jamfor-assess` adds them: andel_80 half a point above the kommun's own value, dagar 12,
/// rutin a share of 50; none for antal. Stockholm's group (0180) is not applicable for dagar.
pub fn liknande() -> Vec<ResultRow> {
    let geo = Geography::builtin();
    let mut rows = Vec::new();
    for year in [2022, YEAR] {
        for k in geo.kommuner_valid_in(YEAR as u16) {
            let code = k.code.to_string();
            let i = index_of(&code);
            for kon in [Kon::T, Kon::K, Kon::M] {
                rows.push(row(
                    "andel_80",
                    year,
                    GeoLevel::Liknande,
                    &code,
                    kon,
                    andel(i, kon) + 0.5,
                ));
            }
            let d = row("dagar", year, GeoLevel::Liknande, &code, Kon::T, 12.0);
            rows.push(if code == "0180" {
                without(d, Status::NotApplicable)
            } else {
                d
            });
            rows.push(row("rutin", year, GeoLevel::Liknande, &code, Kon::T, 50.0));
        }
    }
    rows
}

/// Stadsdel rows of dagar for the release year: two of Stockholm's, the second confidential.
pub fn stadsdelar() -> Vec<ResultRow> {
    vec![
        row("dagar", YEAR, GeoLevel::Stadsdel, "018001", Kon::T, 8.0),
        without(
            row("dagar", YEAR, GeoLevel::Stadsdel, "018002", Kon::T, 30.0),
            Status::Confidential,
        ),
    ]
}
