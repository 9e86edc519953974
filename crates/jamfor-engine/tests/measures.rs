//! Every measure on tiny hand-made files, with the expected values worked out by hand and written
//! out as tables (`level geo kön age value numerator denominator`; `-` bortfall, `.` not
//! applicable, `_` no numerator or denominator).
//!
//! The kommuner used: 0180 Stockholm, 0114 Upplands Väsby, 0115 Vallentuna and 0117 Österåker
//! (no rows) in län 01; 0980 Gotland, the only kommun of län 09; 1480 Göteborg in län 14 and 1280
//! Malmö (no rows) in län 12. 0180, 1280 and 1480 are the SKR kommungrupp A1 (storstäder), so
//! the A1 value is the mean of three kommuner of which one has no data.

#![allow(clippy::unwrap_used)]

mod common;

use common::{Case, YEAR, assert_pivot, assert_rows, cell, close, indicator};
use jamfor_engine::{GeoLevel, Kon, Status};

// ---------------------------------------------------------------------------------------------
// A register: one row per decision (beslut), persons identified by a löpnummer.

const INSATSER: &str = r#"
[source]
id = "insatser"
title = "Beslut om insatser i äldreomsorgen"
family = "register"

[source.format]
kind = "csv"
delimiter = ";"

[[source.columns]]
name = "lopnr"
type = "text"
role = "identifying"

[[source.columns]]
name = "kommun"
type = "text"
role = "kommun"

[[source.columns]]
name = "kon"
type = "code"
role = "kon"
codes = ["1", "2"]
kvinnor = "2"
man = "1"

[[source.columns]]
name = "alder"
type = "integer"
role = "alder"

[[source.columns]]
name = "insats"
type = "code"
codes = { "HT" = "Hemtjänst", "SABO" = "Särskilt boende" }

[[source.columns]]
name = "timmar"
type = "decimal"
"#;

/// p01 has two decisions in Stockholm; p04 has one in Upplands Väsby and one in Vallentuna (moved
/// within län 01); p06 has two in Gotland. Kön 2 is kvinna, 1 man.
const INSATSER_2023: &str = "\
lopnr;kommun;kon;alder;insats;timmar
p01;0180;2;85;HT;10.5
p01;0180;2;85;HT;4
p02;0180;1;70;SABO;0
p03;0180;2;17;HT;2
p04;0114;1;16;HT;3.5
p04;0115;1;16;HT;1
p05;0115;2;90;SABO;0
p06;0980;2;81;HT;6
p06;0980;2;81;HT;6
p07;1480;1;40;HT;8
";

fn register_case(name: &str) -> Case {
    Case::new(name)
        .source("insatser", INSATSER)
        .data("insatser", "insatser.csv", INSATSER_2023)
}

const PLACES: &[&str] = &[
    "00", "01", "09", "12", "14", "0180", "0114", "0115", "0117", "0980", "A1",
];

#[test]
fn count_of_rows_by_kon_and_age_group() {
    let results = register_case("count_rows")
        .indicators(&indicator(
            "hemtjanst_beslut",
            "unit = \"antal\"\nbreakdown = [\"kon\", \"alder\"]\nage_groups = [\"0-17\", \"18+\"]",
            "type = \"count\"\nsource = \"insatser\"\nwhere = \"insats = 'HT'\"",
        ))
        .results();
    // HT rows: 0180 p01 ×2 (K 85), p03 (K 17); 0114 p04 (M 16); 0115 p04 (M 16);
    // 0980 p06 ×2 (K 81); 1480 p07 (M 40). T = K + M and all ages = 0-17 + 18+ in every cell;
    // kommuner and län without rows get 0; Gotland's län equals Gotland.
    // A1 is the unweighted mean over 0180, 1280 (0) and 1480: T (3 + 0 + 1) / 3.
    assert_pivot(
        &results,
        "hemtjanst_beslut",
        PLACES,
        "
        place            T      T:0-17 T:18+  K  K:0-17 K:18+  M      M:0-17 M:18+
        riket:00         8      3      5      5  1      4      3      2      1
        lan:01           5      3      2      3  1      2      2      2      0
        lan:09           2      0      2      2  0      2      0      0      0
        lan:12           0      0      0      0  0      0      0      0      0
        lan:14           1      0      1      0  0      0      1      0      1
        kommun:0114      1      1      0      0  0      0      1      1      0
        kommun:0115      1      1      0      0  0      0      1      1      0
        kommun:0117      0      0      0      0  0      0      0      0      0
        kommun:0180      3      1      2      3  1      2      0      0      0
        kommun:0980      2      0      2      2  0      2      0      0      0
        kommungrupp:A1   1.3333 0.3333 1      1  0.3333 0.6667 0.3333 0      0.3333
        ",
    );
    // The count is its own numerator; a kommungrupp's numerator is the pooled count.
    assert_rows(
        &results,
        "hemtjanst_beslut",
        &["A1"],
        "
        kommungrupp A1 T alla   1.3333 4 _
        kommungrupp A1 T 0-17   0.3333 1 _
        kommungrupp A1 T 18+    1      3 _
        kommungrupp A1 K alla   1      3 _
        kommungrupp A1 K 0-17   0.3333 1 _
        kommungrupp A1 K 18+    0.6667 2 _
        kommungrupp A1 M alla   0.3333 1 _
        kommungrupp A1 M 0-17   0      0 _
        kommungrupp A1 M 18+    0.3333 1 _
        ",
    );
    // Every kommun and län has a row, data or not.
    let kommuner = results
        .of("hemtjanst_beslut", YEAR)
        .filter(|r| {
            r.key.level == GeoLevel::Kommun && r.key.kon == Kon::T && r.key.age_group.is_none()
        })
        .count();
    let lan = results
        .of("hemtjanst_beslut", YEAR)
        .filter(|r| {
            r.key.level == GeoLevel::Lan && r.key.kon == Kon::T && r.key.age_group.is_none()
        })
        .count();
    assert_eq!((kommuner, lan), (290, 21));
}

#[test]
fn count_of_a_sum() {
    let results = register_case("count_sum")
        .indicators(&indicator(
            "hemtjanst_timmar",
            "unit = \"antal\"\nbreakdown = [\"kon\"]",
            "type = \"count\"\nsource = \"insatser\"\nsum = \"timmar\"",
        ))
        .results();
    // 0180: 10.5 + 4 + 0 + 2; 0114: 3.5; 0115: 1 + 0; 0980: 6 + 6; 1480: 8.
    // A1: (16.5 + 0 + 8) / 3.
    assert_pivot(
        &results,
        "hemtjanst_timmar",
        PLACES,
        "
        place           T        K      M
        riket:00        41       28.5   12.5
        lan:01          21       16.5   4.5
        lan:09          12       12     0
        lan:12          0        0      0
        lan:14          8        0      8
        kommun:0114     3.5      0      3.5
        kommun:0115     1        0      1
        kommun:0117     0        0      0
        kommun:0180     16.5     16.5   0
        kommun:0980     12       12     0
        kommungrupp:A1  8.1667   5.5    2.6667
        ",
    );
}

#[test]
fn count_of_distinct_persons_is_recomputed_per_area() {
    let results = register_case("count_distinct")
        .indicators(&indicator(
            "personer",
            "unit = \"antal\"\nbreakdown = [\"kon\", \"alder\"]\nage_groups = [\"0-17\", \"18+\"]",
            "type = \"count\"\nsource = \"insatser\"\ndistinct = \"lopnr\"",
        ))
        .results();
    // p04 has rows in both 0114 and 0115: one person in each kommun, and one person (not two) in
    // län 01 and riket. So län 01 (5) is less than the sum of its kommuner (3 + 1 + 2).
    // p01 and p06 have two rows each and are one person each.
    assert_pivot(
        &results,
        "personer",
        PLACES,
        "
        place            T      T:0-17 T:18+  K      K:0-17 K:18+  M      M:0-17 M:18+
        riket:00         7      2      5      4      1      3      3      1      2
        lan:01           5      2      3      3      1      2      2      1      1
        lan:09           1      0      1      1      0      1      0      0      0
        lan:12           0      0      0      0      0      0      0      0      0
        lan:14           1      0      1      0      0      0      1      0      1
        kommun:0114      1      1      0      0      0      0      1      1      0
        kommun:0115      2      1      1      1      0      1      1      1      0
        kommun:0117      0      0      0      0      0      0      0      0      0
        kommun:0180      3      1      2      2      1      1      1      0      1
        kommun:0980      1      0      1      1      0      1      0      0      0
        kommungrupp:A1   1.3333 0.3333 1      0.6667 0.3333 0.3333 0.6667 0      0.6667
        ",
    );
}

// ---------------------------------------------------------------------------------------------
// The population table (statistik), for shares and rates.

const BEFOLKNING: &str = r#"
[source]
id = "befolkning"
title = "Folkmängd 31 december"
family = "statistik"
unique_by = ["kommun", "kon", "alder"]

[source.format]
kind = "csv"
delimiter = ";"

[[source.columns]]
name = "kommun"
type = "text"
role = "kommun"

[[source.columns]]
name = "kon"
type = "code"
role = "kon"
codes = ["1", "2"]
kvinnor = "2"
man = "1"

[[source.columns]]
name = "alder"
type = "integer"
role = "alder"

[[source.columns]]
name = "antal"
type = "integer"
"#;

/// A few cells per kommun; Malmö (1280) has none, so its shares have no denominator.
const BEFOLKNING_2023: &str = "\
kommun;kon;alder;antal
0180;2;17;100
0180;2;85;40
0180;1;70;250
0180;1;85;10
0114;1;16;90
0114;2;80;60
0115;2;90;20
0115;1;16;30
0980;2;81;50
0980;1;81;50
1480;1;40;500
1480;2;85;200
";

fn population_case(name: &str) -> Case {
    register_case(name).source("befolkning", BEFOLKNING).data(
        "befolkning",
        "befolkning.csv",
        BEFOLKNING_2023,
    )
}

#[test]
fn rate_per_10000_with_persons_counted_once() {
    let results = population_case("rate")
        .indicators(&indicator(
            "hemtjanst_per_10000",
            "unit = \"per_10000\"",
            "type = \"rate\"\nper = 10000\n\
             numerator = { source = \"insatser\", distinct = \"lopnr\", where = \"insats = 'HT'\" }\n\
             denominator = { source = \"befolkning\", sum = \"antal\" }",
        ))
        .results();
    // Persons with HT: 0180 p01, p03 (2 / 400); 0114 p04 (1 / 150); 0115 p04 (1 / 50);
    // län 01 p01, p03, p04 (3 / 600); 0980 p06 (1 / 100); 1480 p07 (1 / 700); riket 5 / 1400.
    // Malmö has no population rows: not applicable, and left out of the A1 mean:
    // A1 = (50 + 14.2857) / 2, with the pooled 3 / 1100 beside it.
    assert_rows(
        &results,
        "hemtjanst_per_10000",
        PLACES,
        "
        riket 00 T alla         35.7143  5  1400
        lan 01 T alla           50       3  600
        lan 09 T alla           100      1  100
        lan 12 T alla           .        0  0
        lan 14 T alla           14.2857  1  700
        kommun 0114 T alla      66.6667  1  150
        kommun 0115 T alla      200      1  50
        kommun 0117 T alla      .        0  0
        kommun 0180 T alla      50       2  400
        kommun 0980 T alla      100      1  100
        kommungrupp A1 T alla   32.1429  3  1100
        ",
    );
    let malmo = cell(
        &results,
        "hemtjanst_per_10000",
        GeoLevel::Kommun,
        "1280",
        Kon::T,
    );
    assert_eq!((malmo.status, malmo.value), (Status::NotApplicable, None));
}

#[test]
fn share_with_another_indicators_count_as_numerator() {
    let results = population_case("share_reference")
        .indicators(&indicator(
            "personer_80_hemtjanst",
            "unit = \"antal\"\nbreakdown = [\"kon\"]\nlevels = [\"kommun\"]",
            "type = \"count\"\nsource = \"insatser\"\ndistinct = \"lopnr\"\nwhere = \"insats = 'HT' AND alder >= 80\"",
        ))
        .indicators(&indicator(
            "andel_80_hemtjanst",
            "unit = \"procent\"",
            "type = \"share\"\nnumerator = { indicator = \"personer_80_hemtjanst\" }\n\
             denominator = { source = \"befolkning\", sum = \"antal\", where = \"alder >= 80\" }",
        ))
        .indicators(&indicator(
            "andel_80_hemtjanst_kon",
            "unit = \"procent\"\nbreakdown = [\"kon\"]",
            "type = \"share\"\nnumerator = { indicator = \"personer_80_hemtjanst\" }\n\
             denominator = { source = \"befolkning\", sum = \"antal\", where = \"alder >= 80\" }",
        ))
        .results();
    // Persons 80+ with HT: p01 in 0180 (K), p06 in 0980 (K). Inhabitants 80+: 0180 40 K + 10 M,
    // 0114 60 K, 0115 20 K, 0980 50 K + 50 M, 1480 200 K, Malmö none (not applicable).
    // The share publishes the cells it declares: not the count's K and M, and its län, riket and
    // kommungrupp although the count is published per kommun only.
    assert_rows(
        &results,
        "andel_80_hemtjanst",
        PLACES,
        "
        riket 00 T alla         0.4651  2  430
        lan 01 T alla           0.7692  1  130
        lan 09 T alla           1       1  100
        lan 12 T alla           .       0  0
        lan 14 T alla           0       0  200
        kommun 0114 T alla      0       0  60
        kommun 0115 T alla      0       0  20
        kommun 0117 T alla      .       0  0
        kommun 0180 T alla      2       1  50
        kommun 0980 T alla      1       1  100
        kommungrupp A1 T alla   1       1  250
        ",
    );
    assert_pivot(
        &results,
        "andel_80_hemtjanst_kon",
        PLACES,
        "
        place           T       K       M
        riket:00        0.4651  0.5405  0
        lan:01          0.7692  0.8333  0
        lan:09          1       2       0
        lan:12          .       .       .
        lan:14          0       0       .
        kommun:0114     0       0       .
        kommun:0115     0       0       .
        kommun:0117     .       .       .
        kommun:0180     2       2.5     0
        kommun:0980     1       2       0
        kommungrupp:A1  1       1.25    0
        ",
    );
    assert!(
        results
            .of("personer_80_hemtjanst", YEAR)
            .all(|r| r.key.level == GeoLevel::Kommun)
    );
}

// ---------------------------------------------------------------------------------------------
// Mean and median: days from application to decision, one row per ärende.

const ARENDEN: &str = r#"
[source]
id = "arenden"
title = "Ärenden om ekonomiskt bistånd"
family = "register"

[source.format]
kind = "csv"
delimiter = ";"

[[source.columns]]
name = "kommun"
type = "text"
role = "kommun"

[[source.columns]]
name = "typ"
type = "code"
codes = { "N" = "Nybesök", "A" = "Återbesök" }

[[source.columns]]
name = "dagar"
type = "integer"
nullable = true
"#;

/// Stockholm has a återbesök (not counted: the measures keep nybesök) and a nybesök without a
/// decision yet (no days: not counted).
const ARENDEN_2023: &str = "\
kommun;typ;dagar
0180;N;10
0180;N;20
0180;N;90
0180;A;1000
0180;N;
0114;N;5
0114;N;7
0115;N;30
0980;N;12
0980;N;14
1480;N;100
";

#[test]
fn mean_and_median_are_recomputed_from_the_rows_at_every_level() {
    let results = Case::new("mean_median")
        .source("arenden", ARENDEN)
        .data("arenden", "arenden.csv", ARENDEN_2023)
        .indicators(&indicator(
            "handlaggning_medel",
            "unit = \"dagar\"",
            "type = \"mean\"\nsource = \"arenden\"\ncolumn = \"dagar\"\nwhere = \"typ = 'N'\"",
        ))
        .indicators(&indicator(
            "handlaggning_median",
            "unit = \"dagar\"",
            "type = \"median\"\nsource = \"arenden\"\ncolumn = \"dagar\"\nwhere = \"typ = 'N'\"",
        ))
        .results();
    // Nybesök with days: 0180 10 20 90; 0114 5 7; 0115 30; 0980 12 14; 1480 100.
    // Län 01 pools 5 7 10 20 30 90: mean 162 / 6 = 27, median (10 + 20) / 2 = 15 — not the mean
    // of the kommun medians (18.67) nor their median (20). Riket pools all nine: 288 / 9 = 32,
    // median 14. Kommuner without ärenden: not applicable, left out of the A1 mean.
    let geos = [
        "00", "01", "09", "12", "0114", "0115", "0117", "0180", "0980", "1480", "A1",
    ];
    let show = |id: &str| {
        geos.iter()
            .flat_map(|g| results.of(id, YEAR).filter(move |r| r.key.geo == *g))
            .map(|r| {
                let v = r
                    .value
                    .map_or(r.status.symbol().to_string(), |v| format!("{v:.4}"));
                format!("{} {} units={:?}", r.key.geo, v, r.units)
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(
        show("handlaggning_medel"),
        [
            "00 32.0000 units=Some(9.0)",
            "01 27.0000 units=Some(6.0)",
            "09 13.0000 units=Some(2.0)",
            "12 . units=Some(0.0)",
            "0114 6.0000 units=Some(2.0)",
            "0115 30.0000 units=Some(1.0)",
            "0117 . units=Some(0.0)",
            "0180 40.0000 units=Some(3.0)",
            "0980 13.0000 units=Some(2.0)",
            "1480 100.0000 units=Some(1.0)",
            // (40 + 100) / 2: Malmö has no ärenden.
            "A1 70.0000 units=Some(4.0)",
        ]
    );
    assert_eq!(
        show("handlaggning_median"),
        [
            "00 14.0000 units=Some(9.0)",
            "01 15.0000 units=Some(6.0)",
            "09 13.0000 units=Some(2.0)",
            "12 . units=Some(0.0)",
            "0114 6.0000 units=Some(2.0)",
            "0115 30.0000 units=Some(1.0)",
            "0117 . units=Some(0.0)",
            "0180 20.0000 units=Some(3.0)",
            "0980 13.0000 units=Some(2.0)",
            "1480 100.0000 units=Some(1.0)",
            // The unweighted mean of the kommun medians, as Kolada shows groups: (20 + 100) / 2.
            "A1 60.0000 units=Some(4.0)",
        ]
    );
    let gotland = cell(
        &results,
        "handlaggning_median",
        GeoLevel::Kommun,
        "0980",
        Kon::T,
    );
    let lan = cell(&results, "handlaggning_median", GeoLevel::Lan, "09", Kon::T);
    assert_eq!(gotland.value, lan.value);
    assert_eq!(
        cell(
            &results,
            "handlaggning_median",
            GeoLevel::Kommun,
            "0117",
            Kon::T
        )
        .status,
        Status::NotApplicable
    );
}

// ---------------------------------------------------------------------------------------------
// The kommunenkät: one row per answering kommun; kommuner that did not answer are absent.

const KOMMUNENKAT: &str = r#"
[source]
id = "kommunenkat"
title = "Kommunenkät"
family = "kommunenkat"
unique_by = ["kommun"]

[source.format]
kind = "csv"
delimiter = ";"

[[source.columns]]
name = "kommun"
type = "text"
role = "kommun"

[[source.columns]]
name = "rutin"
type = "code"
codes = ["Ja", "Nej"]
nullable = true

[[source.columns]]
name = "plan"
type = "code"
codes = ["Ja", "Nej"]
nullable = true

[[source.columns]]
name = "ovning"
type = "code"
codes = ["Ja", "Nej"]
nullable = true
"#;

/// Vallentuna answered the enkät but left `rutin` empty; Österåker and Malmö did not answer.
const KOMMUNENKAT_2023: &str = "\
kommun;rutin;plan;ovning
0180;Ja;Ja;Ja
0114;Nej;Ja;Nej
0115;;Nej;Nej
0980;Ja;Ja;Nej
1480;Nej;Nej;Nej
";

fn enkat_case(name: &str) -> Case {
    Case::new(name).source("kommunenkat", KOMMUNENKAT).data(
        "kommunenkat",
        "kommunenkat.csv",
        KOMMUNENKAT_2023,
    )
}

#[test]
fn yes_no_per_kommun_and_share_of_answering_kommuner_above() {
    let results = enkat_case("yes_no")
        .indicators(&indicator(
            "rutin",
            "unit = \"ja_nej\"",
            "type = \"yes_no\"\nsource = \"kommunenkat\"\nyes = \"rutin = 'Ja'\"\nanswered = \"rutin IS NOT NULL\"",
        ))
        .results();
    // Per kommun ja is 100, nej 0; a kommun that did not answer (absent, or the question left
    // empty) is bortfall. Above: the share of answering kommuner answering ja, so län 01 is
    // 1 of 2 (0180 ja, 0114 nej; 0115 and 0117 not counted), riket 2 of 4. No kommun of län 12
    // answered: bortfall. A1: (100 + 0) / 2, Malmö being bortfall.
    assert_rows(
        &results,
        "rutin",
        PLACES,
        "
        riket 00 T alla        50   2 4
        lan 01 T alla          50   1 2
        lan 09 T alla          100  1 1
        lan 12 T alla          -    0 0
        lan 14 T alla          0    0 1
        kommun 0114 T alla     0    0 1
        kommun 0115 T alla     -    0 0
        kommun 0117 T alla     -    0 0
        kommun 0180 T alla     100  1 1
        kommun 0980 T alla     100  1 1
        kommungrupp A1 T alla  50   1 2
        ",
    );
    let malmo = cell(&results, "rutin", GeoLevel::Kommun, "1280", Kon::T);
    assert_eq!((malmo.status, malmo.value), (Status::Bortfall, None));
}

#[test]
fn index_is_the_mean_of_the_answering_kommuners_points() {
    let results = enkat_case("index")
        .indicators(&indicator(
            "kris_index",
            "unit = \"poang\"",
            "type = \"index\"\nsource = \"kommunenkat\"\nanswered = \"plan IS NOT NULL\"\nitems = [\n\
             { when = \"plan = 'Ja'\", points = 1 },\n\
             { when = \"ovning = 'Ja'\", points = 1 },\n\
             { when = \"rutin = 'Ja'\", points = 1 },\n]",
        ))
        .results();
    // Points: 0180 3; 0114 1; 0115 0 (an empty answer earns nothing); 0980 2; 1480 0.
    // Län 01: (3 + 1 + 0) / 3; riket (3 + 1 + 0 + 2 + 0) / 5; 0117 and Malmö did not answer.
    let values: Vec<String> = [
        "00", "01", "09", "12", "0114", "0115", "0117", "0180", "0980", "A1",
    ]
    .iter()
    .flat_map(|g| {
        results
            .of("kris_index", YEAR)
            .filter(move |r| r.key.geo == *g)
    })
    .map(|r| {
        let v = r
            .value
            .map_or(r.status.symbol().to_string(), |v| format!("{v:.4}"));
        format!("{} {v} units={:?}", r.key.geo, r.units)
    })
    .collect();
    assert_eq!(
        values,
        [
            "00 1.2000 units=Some(5.0)",
            "01 1.3333 units=Some(3.0)",
            "09 2.0000 units=Some(1.0)",
            "12 - units=Some(0.0)",
            "0114 1.0000 units=Some(1.0)",
            "0115 0.0000 units=Some(1.0)",
            "0117 - units=Some(0.0)",
            "0180 3.0000 units=Some(1.0)",
            "0980 2.0000 units=Some(1.0)",
            // (3 + 0) / 2: Malmö is bortfall.
            "A1 1.5000 units=Some(2.0)",
        ]
    );
}

// ---------------------------------------------------------------------------------------------
// An enhetsenkät: one row per verksamhet (enhet), answered by the unit.

const ENHETSENKAT: &str = r#"
[source]
id = "enhetsenkat"
title = "Enhetsundersökning, bostad med särskild service"
family = "kommunenkat"
unique_by = ["enhet"]

[source.format]
kind = "csv"
delimiter = ";"

[[source.columns]]
name = "enhet"
type = "text"
role = "enhet"

[[source.columns]]
name = "kommun"
type = "text"
role = "kommun"

[[source.columns]]
name = "genomforandeplan"
type = "code"
codes = ["Ja", "Nej"]
nullable = true
"#;

/// E5 in Upplands Väsby left the question empty; Vallentuna has no units in the file.
const ENHETSENKAT_2023: &str = "\
enhet;kommun;genomforandeplan
E1;0180;Ja
E2;0180;Ja
E3;0180;Nej
E4;0114;Nej
E5;0114;
E6;0980;Ja
";

#[test]
fn share_yes_over_units_with_unit_level() {
    let results = Case::new("share_yes")
        .source("enhetsenkat", ENHETSENKAT)
        .data("enhetsenkat", "enhetsenkat.csv", ENHETSENKAT_2023)
        .indicators(&indicator(
            "genomforandeplan",
            "unit = \"procent\"\nlevels = [\"kommun\", \"lan\", \"riket\", \"enhet\"]",
            "type = \"share_yes\"\nsource = \"enhetsenkat\"\nunit = \"enhet\"\n\
             yes = \"genomforandeplan = 'Ja'\"\nanswered = \"genomforandeplan IS NOT NULL\"",
        ))
        .results();
    // Kommun: the share of its answering units answering ja — 0180 2 of 3, 0114 0 of 1 (E5 did
    // not answer). Län 01: 2 of 4 units; riket 3 of 5. A kommun without answering units is
    // bortfall. Each unit is 100 (ja) or 0 (nej), or bortfall when it left the question empty.
    assert_rows(
        &results,
        "genomforandeplan",
        &[
            "00", "01", "09", "0114", "0115", "0180", "0980", "E1", "E3", "E4", "E5", "E6",
        ],
        "
        riket 00 T alla     60       3 5
        lan 01 T alla       50       2 4
        lan 09 T alla       100      1 1
        kommun 0114 T alla  0        0 1
        kommun 0115 T alla  -        0 0
        kommun 0180 T alla  66.6667  2 3
        kommun 0980 T alla  100      1 1
        enhet E1 T alla     100      1 1
        enhet E3 T alla     0        0 1
        enhet E4 T alla     0        0 1
        enhet E5 T alla     -        0 0
        enhet E6 T alla     100      1 1
        ",
    );
    // Levels not asked for are not published.
    assert!(
        results
            .of("genomforandeplan", YEAR)
            .all(|r| r.key.level != GeoLevel::Kommungrupp)
    );
}

// ---------------------------------------------------------------------------------------------
// A brukarundersökning: one row per sampled person, with a design weight.

const BRUKAR: &str = r#"
[source]
id = "brukar"
title = "Brukarundersökning"
family = "brukarundersokning"

[source.format]
kind = "csv"
delimiter = ";"

[[source.columns]]
name = "kommun"
type = "text"
role = "kommun"

[[source.columns]]
name = "svarat"
type = "code"
codes = ["Ja", "Nej"]

[[source.columns]]
name = "bemotande"
type = "code"
codes = ["Bra", "Daligt"]
nullable = true

[[source.columns]]
name = "vikt"
type = "decimal"
role = "weight"
"#;

/// Gotland: ten respondents, five positive (weights 1 1 2 2 3) and five not (1 2 2 3 3).
/// Stockholm: three answered the question, one answered the survey but not the question, one
/// did not answer. Upplands Väsby: two answered, one did not.
const BRUKAR_2023: &str = "\
kommun;svarat;bemotande;vikt
0980;Ja;Bra;1
0980;Ja;Bra;1
0980;Ja;Bra;2
0980;Ja;Bra;2
0980;Ja;Bra;3
0980;Ja;Daligt;1
0980;Ja;Daligt;2
0980;Ja;Daligt;2
0980;Ja;Daligt;3
0980;Ja;Daligt;3
0180;Ja;Bra;2
0180;Ja;Bra;1
0180;Ja;Daligt;1
0180;Ja;;2
0180;Nej;;3
0114;Ja;Bra;4
0114;Ja;Daligt;4
0114;Nej;;1
";

const SURVEY_SHARE: &str = "type = \"survey_share\"\nsource = \"brukar\"\nwhere = \"svarat = 'Ja'\"\n\
    positive = \"bemotande = 'Bra'\"\nanswered = \"bemotande IS NOT NULL\"";

/// p = Σwy / Σw and v = Σw²(y − p)² / (Σw)² over those who answered the question; the interval
/// is Wilson's on the effective sample size n* = p(1 − p) / v, at most the respondents (survey.rs):
/// with z = 1.959964, centre (p + z²/2n*) / (1 + z²/n*), half-width
/// z / (1 + z²/n*) · √(p(1 − p)/n* + z²/4n*²).
#[test]
fn weighted_survey_share_with_its_interval() {
    let results = Case::new("survey_share")
        .source("brukar", BRUKAR)
        .data("brukar", "brukar.csv", BRUKAR_2023)
        .indicators(&indicator("bemotande", "unit = \"procent\"", SURVEY_SHARE))
        .results();
    let row = |level, geo| cell(&results, "bemotande", level, geo, Kon::T);

    // Gotland: Σw = 20, Σwy = 9, p = 0.45. Σw²(y − p)² = 19 · 0.55² + 27 · 0.45² = 11.215,
    // v = 11.215 / 400 = 0.0280375, n* = 0.2475 / v = 8.827463: [19.0795 %, 73.9527 %].
    let gotland = row(GeoLevel::Kommun, "0980");
    close(gotland.value.unwrap(), 45.0);
    assert!((gotland.ci_low.unwrap() - 19.079_518).abs() < 1e-5);
    assert!((gotland.ci_high.unwrap() - 73.952_672).abs() < 1e-5);
    assert_eq!(
        (gotland.numerator, gotland.denominator, gotland.units),
        (Some(5.0), Some(10.0), Some(10.0))
    );
    // Gotland is its län.
    let lan = row(GeoLevel::Lan, "09");
    assert_eq!(
        (lan.value, lan.ci_low, lan.ci_high),
        (gotland.value, gotland.ci_low, gotland.ci_high)
    );

    // Stockholm: weights 2 (y), 1 (y), 1 (n): Σw = 4, p = 0.75; Σw²(y − p)² = 5 · 0.0625 +
    // 1 · 0.5625 = 0.875, v = 0.0546875, n* = 0.1875 / v = 3.43, more than the 3 respondents:
    // n* = 3, [25.6093 %, 96.3159 %]. (A symmetric p ± z√v would reach past 100 %.)
    let stockholm = row(GeoLevel::Kommun, "0180");
    close(stockholm.value.unwrap(), 75.0);
    assert!((stockholm.ci_low.unwrap() - 25.609_268).abs() < 1e-5);
    assert!((stockholm.ci_high.unwrap() - 96.315_880).abs() < 1e-5);
    assert_eq!(
        (stockholm.numerator, stockholm.units),
        (Some(2.0), Some(3.0))
    );

    // Län 01 pools 0180 and 0114: weights 2 1 4 (y), 1 4 (n): Σw = 12, p = 7/12;
    // Σw²(y − p)² = 21 · (5/12)² + 17 · (7/12)² = 9.430556, v = 9.430556 / 144 = 0.065490,
    // n* = 3.711340: [18.6805 %, 89.5093 %].
    let lan = row(GeoLevel::Lan, "01");
    close(lan.value.unwrap(), 700.0 / 12.0);
    assert!((lan.ci_low.unwrap() - 18.680_496).abs() < 1e-5);
    assert!((lan.ci_high.unwrap() - 89.509_272).abs() < 1e-5);

    // Riket: Σw = 32, Σwy = 16, p = 0.5; Σw² is 19 + 4 + 1 + 16 = 40 over the positive and
    // 27 + 1 + 16 = 44 over the others, so Σw²(y − p)² = 0.25 · 84 = 21, v = 21 / 1024,
    // n* = 0.25 / v = 12.190476: [25.5249 %, 74.4751 %].
    let riket = row(GeoLevel::Riket, "00");
    close(riket.value.unwrap(), 50.0);
    assert!((riket.ci_low.unwrap() - 25.524_863).abs() < 1e-5);
    assert!((riket.ci_high.unwrap() - 74.475_137).abs() < 1e-5);

    // Nobody sampled: not applicable, no interval.
    let none = row(GeoLevel::Kommun, "0115");
    assert_eq!(
        (none.status, none.value, none.ci_low, none.ci_high),
        (Status::NotApplicable, None, None, None)
    );
}

#[test]
fn unweighted_survey_share_is_the_wilson_interval() {
    // The same answers, from a source that declares no weight.
    let unweighted = BRUKAR.replace("role = \"weight\"\n", "");
    let results = Case::new("survey_share_unweighted")
        .source("brukar", &unweighted)
        .data("brukar", "brukar.csv", BRUKAR_2023)
        .indicators(&indicator("bemotande", "unit = \"procent\"", SURVEY_SHARE))
        .results();
    // Gotland: 5 of 10, the Wilson interval [23.6593 %, 76.3407 %].
    let gotland = cell(&results, "bemotande", GeoLevel::Kommun, "0980", Kon::T);
    close(gotland.value.unwrap(), 50.0);
    assert!((gotland.ci_low.unwrap() - 23.659_309).abs() < 1e-5);
    assert!((gotland.ci_high.unwrap() - 76.340_691).abs() < 1e-5);
    // Stockholm: 2 of 3, [20.7660 %, 93.8508 %].
    let stockholm = cell(&results, "bemotande", GeoLevel::Kommun, "0180", Kon::T);
    close(stockholm.value.unwrap(), 200.0 / 3.0);
    assert!((stockholm.ci_low.unwrap() - 20.765_960).abs() < 1e-5);
    assert!((stockholm.ci_high.unwrap() - 93.850_806).abs() < 1e-5);
}

#[test]
fn response_rate() {
    let results = Case::new("response_rate")
        .source("brukar", BRUKAR)
        .data("brukar", "brukar.csv", BRUKAR_2023)
        .indicators(&indicator(
            "svarsfrekvens",
            "unit = \"procent\"",
            "type = \"response_rate\"\nsource = \"brukar\"\nresponded = \"svarat = 'Ja'\"",
        ))
        .results();
    // Respondents / sampled persons: 0180 4 / 5, 0114 2 / 3, 0980 10 / 10; län 01 6 / 8;
    // riket 16 / 18. A kommun with nobody sampled has no response rate.
    assert_rows(
        &results,
        "svarsfrekvens",
        &["00", "01", "09", "0114", "0115", "0180", "0980"],
        "
        riket 00 T alla      88.8889  16 18
        lan 01 T alla        75       6  8
        lan 09 T alla        100      10 10
        kommun 0114 T alla   66.6667  2  3
        kommun 0115 T alla   .        0  0
        kommun 0180 T alla   80       4  5
        kommun 0980 T alla   100      10 10
        ",
    );
}

#[test]
fn counts_without_a_condition_count_rows() {
    // No `where` and no `answered`: every row counts. (A bare literal summed per group once counted
    // groups — kommun × kön × ålder cells, or kommuner instead of units — not rows.)
    let results = register_case("count_all_rows")
        .source("enhetsenkat", ENHETSENKAT)
        .data("enhetsenkat", "enhetsenkat.csv", ENHETSENKAT_2023)
        .indicators(&indicator(
            "beslut",
            "unit = \"antal\"",
            "type = \"count\"\nsource = \"insatser\"",
        ))
        .indicators(&indicator(
            "genomforandeplan_alla",
            "unit = \"procent\"",
            "type = \"share_yes\"\nsource = \"enhetsenkat\"\nunit = \"enhet\"\nyes = \"genomforandeplan = 'Ja'\"",
        ))
        .results();
    assert_pivot(
        &results,
        "beslut",
        &["00", "01", "0180", "0115"],
        "
        place        T
        riket:00     10
        lan:01       7
        kommun:0115  2
        kommun:0180  4
        ",
    );
    // Every unit counts as answering, E5's empty answer as not ja: 0114 0 of 2.
    assert_pivot(
        &results,
        "genomforandeplan_alla",
        &["00", "01", "0114", "0180"],
        "
        place        T
        riket:00     50
        lan:01       40
        kommun:0114  0
        kommun:0180  66.6667
        ",
    );
}

#[test]
fn stadsdel_and_enhet_levels_from_one_source() {
    // Stockholm's units lie in stadsdelar; one indicator is published per enhet, another per
    // stadsdel. Each level is keyed by its own id.
    let source = ENHETSENKAT.replace(
        "[[source.columns]]\nname = \"kommun\"",
        "[[source.columns]]\nname = \"stadsdel\"\ntype = \"text\"\nrole = \"stadsdel\"\n\n[[source.columns]]\nname = \"kommun\"",
    );
    let csv = "\
enhet;stadsdel;kommun;genomforandeplan
E1;Kungsholmen;0180;Ja
E2;Kungsholmen;0180;Nej
E3;Skarpnack;0180;Ja
E4;Skarpnack;0180;Ja
E5;Skarpnack;0180;Nej
";
    let results = Case::new("stadsdel_enhet")
        .source("enhetsenkat", &source)
        .data("enhetsenkat", "enhetsenkat.csv", csv)
        .indicators(&indicator(
            "plan_enhet",
            "unit = \"procent\"\nlevels = [\"kommun\", \"enhet\"]",
            "type = \"share_yes\"\nsource = \"enhetsenkat\"\nunit = \"enhet\"\nyes = \"genomforandeplan = 'Ja'\"",
        ))
        .indicators(&indicator(
            "plan_stadsdel",
            "unit = \"procent\"\nlevels = [\"kommun\", \"stadsdel\"]",
            "type = \"share_yes\"\nsource = \"enhetsenkat\"\nunit = \"enhet\"\nyes = \"genomforandeplan = 'Ja'\"",
        ))
        .results();
    assert_rows(
        &results,
        "plan_stadsdel",
        &["0180", "Kungsholmen", "Skarpnack", "E1"],
        "
        kommun 0180 T alla          60       3 5
        stadsdel Kungsholmen T alla 50       1 2
        stadsdel Skarpnack T alla   66.6667  2 3
        ",
    );
    assert_rows(
        &results,
        "plan_enhet",
        &["0180", "Kungsholmen", "E1", "E2"],
        "
        kommun 0180 T alla  60   3 5
        enhet E1 T alla     100  1 1
        enhet E2 T alla     0    0 1
        ",
    );
}

// ---------------------------------------------------------------------------------------------
// `.` or `-`: one rule for every measure (docs/release.md, "Statuses"). `.` only where the
// population measured is empty; `-` where there is something to measure but no figure came in.

const HANDLAGGNING: &str = r#"
[source]
id = "handlaggning"
title = "Kommunenkät, handläggningstid"
family = "kommunenkat"
unique_by = ["kommun"]

[source.format]
kind = "csv"
delimiter = ";"

[[source.columns]]
name = "kommun"
type = "text"
role = "kommun"

[[source.columns]]
name = "dagar"
type = "integer"
nullable = true
"#;

/// Stockholm answered 12 days; Upplands Väsby answered the enkät but left the question empty;
/// the other kommuner did not answer.
const HANDLAGGNING_2023: &str = "\
kommun;dagar
0180;12
0114;
";

#[test]
fn a_kommunenkat_mean_without_an_answer_is_bortfall() {
    let results = Case::new("enkat_mean")
        .source("handlaggning", HANDLAGGNING)
        .data("handlaggning", "handlaggning.csv", HANDLAGGNING_2023)
        .indicators(&indicator(
            "dagar",
            "unit = \"dagar\"",
            "type = \"mean\"\nsource = \"handlaggning\"\nvalue = \"dagar\"",
        ))
        .results();
    let status = |geo| cell(&results, "dagar", GeoLevel::Kommun, geo, Kon::T).status;
    assert_eq!(status("0180"), Status::Value);
    assert_eq!(status("0114"), Status::Bortfall, "answer left empty");
    assert_eq!(status("0115"), Status::Bortfall, "did not answer at all");
    assert_eq!(
        cell(&results, "dagar", GeoLevel::Lan, "12", Kon::T).status,
        Status::Bortfall,
        "no kommun of the län answered"
    );
}

const FALL: &str = r#"
[source]
id = "fall"
title = "Fall"
family = "register"

[source.format]
kind = "csv"
delimiter = ";"

[[source.columns]]
name = "kommun"
type = "text"
role = "kommun"

[[source.columns]]
name = "typ"
type = "code"
codes = ["A", "B"]

[[source.columns]]
name = "dagar"
type = "integer"
nullable = true
"#;

/// Stockholm has two A cases with their days; Upplands Väsby an A case whose days were not
/// reported; Vallentuna only a B case; Österåker no case at all.
const FALL_2023: &str = "\
kommun;typ;dagar
0180;A;10
0180;A;20
0114;A;
0115;B;5
";

#[test]
fn register_mean_and_median_without_a_value_are_bortfall_with_cases_and_otherwise_not_applicable() {
    for measure in ["mean", "median"] {
        let results = Case::new(&format!("register_{measure}"))
            .source("fall", FALL)
            .data("fall", "fall.csv", FALL_2023)
            .indicators(&indicator(
                "dagar",
                "unit = \"dagar\"",
                &format!(
                    "type = \"{measure}\"\nsource = \"fall\"\nvalue = \"dagar\"\nwhere = \"typ = 'A'\""
                ),
            ))
            .results();
        let status = |geo| cell(&results, "dagar", GeoLevel::Kommun, geo, Kon::T).status;
        assert_eq!(status("0180"), Status::Value, "{measure}");
        assert_eq!(
            status("0114"),
            Status::Bortfall,
            "{measure}: a case unreported"
        );
        assert_eq!(
            status("0115"),
            Status::NotApplicable,
            "{measure}: no A case"
        );
        assert_eq!(status("0117"), Status::NotApplicable, "{measure}: no case");
    }
}

/// Stockholm sampled two persons and neither answered; Gotland one who answered.
const BRUKAR_INGEN_SVARADE: &str = "\
kommun;svarat;bemotande;vikt
0180;Nej;;1
0180;Nej;;1
0980;Ja;Bra;1
";

#[test]
fn a_survey_with_nobody_answering_is_bortfall_and_with_nobody_sampled_not_applicable() {
    let results = Case::new("survey_statuses")
        .source("brukar", BRUKAR)
        .data("brukar", "brukar.csv", BRUKAR_INGEN_SVARADE)
        .indicators(&format!(
            "{}\n{}",
            indicator("bemotande", "unit = \"procent\"", SURVEY_SHARE),
            indicator(
                "svarsfrekvens",
                "unit = \"procent\"",
                "type = \"response_rate\"\nsource = \"brukar\"\nresponded = \"svarat = 'Ja'\"",
            )
        ))
        .results();
    let status = |id, geo| cell(&results, id, GeoLevel::Kommun, geo, Kon::T).status;
    assert_eq!(status("bemotande", "0980"), Status::Value);
    assert_eq!(
        status("bemotande", "0180"),
        Status::Bortfall,
        "nobody answered"
    );
    assert_eq!(
        status("bemotande", "0115"),
        Status::NotApplicable,
        "nobody sampled"
    );
    assert_eq!(status("svarsfrekvens", "0180"), Status::Value, "0 of 2");
    assert_eq!(
        status("svarsfrekvens", "0115"),
        Status::NotApplicable,
        "nobody sampled"
    );
}
