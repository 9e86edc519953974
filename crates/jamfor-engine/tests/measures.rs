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
