//! Random register microdata, and every rolled-up cell — kommun, län, riket, kommungrupp; T, K and
//! M; every age group — compared with a direct recomputation from the rows in plain Rust: rows
//! counted, amounts summed and persons counted once.

#![allow(clippy::unwrap_used)]

mod common;

use std::collections::BTreeSet;
use std::str::FromStr;

use common::{Case, YEAR, indicator};
use jamfor_engine::{GeoLevel, Kon, ResultTable, Status};
use jamfor_geo::{Geography, KommunCode};
use proptest::prelude::*;

/// Kommuner in three län: Stockholm, Upplands Väsby, Vallentuna (01); Uppsala, Enköping (03);
/// Gotland (09).
const KOMMUNER: [&str; 6] = ["0180", "0114", "0115", "0380", "0381", "0980"];
const AGE_GROUPS: [(&str, u32, Option<u32>); 3] = [
    ("0-17", 0, Some(17)),
    ("18-64", 18, Some(64)),
    ("65+", 65, None),
];

const SOURCE: &str = r#"
[source]
id = "register"
title = "Register"
family = "register"

[source.format]
kind = "csv"
delimiter = ";"
decimal = ","

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
codes = ["K", "M", "U"]
kvinnor = "K"
man = "M"

[[source.columns]]
name = "alder"
type = "integer"
role = "alder"

[[source.columns]]
name = "insats"
type = "code"
codes = ["HT", "SABO"]

[[source.columns]]
name = "belopp"
type = "decimal"
"#;

/// One register row. Kön "U" (unknown) counts in T only.
#[derive(Debug, Clone)]
struct Row {
    person: u8,
    kommun: usize,
    kon: &'static str,
    alder: u32,
    ht: bool,
    /// Half-kronor, so every sum is exact in floating point.
    belopp_halves: u32,
}

fn row() -> impl Strategy<Value = Row> {
    (
        0u8..15,
        0..KOMMUNER.len(),
        prop_oneof![4 => Just("K"), 4 => Just("M"), 1 => Just("U")],
        // Few distinct ages, at the groups' edges, so that rows share kommun × kön × ålder cells.
        proptest::sample::select(vec![5u32, 17, 18, 40, 64, 65, 80]),
        any::<bool>(),
        0u32..2000,
    )
        .prop_map(|(person, kommun, kon, alder, ht, belopp_halves)| Row {
            person,
            kommun,
            kon,
            alder,
            ht,
            belopp_halves,
        })
}

fn csv(rows: &[Row]) -> String {
    let mut text = String::from("lopnr;kommun;kon;alder;insats;belopp\n");
    for r in rows {
        let belopp = format!("{}", f64::from(r.belopp_halves) / 2.0).replace('.', ",");
        text.push_str(&format!(
            "p{};{};{};{};{};{belopp}\n",
            r.person,
            KOMMUNER[r.kommun],
            r.kon,
            r.alder,
            if r.ht { "HT" } else { "SABO" }
        ));
    }
    text
}

/// The definitions: rows, a sum and distinct persons, with and without a condition, by kön and
/// age group, at every default level.
fn case() -> Case {
    let keys = "unit = \"antal\"\nbreakdown = [\"kon\", \"alder\"]\nage_groups = [\"0-17\", \"18-64\", \"65+\"]";
    let mut case = Case::new("rollup_properties")
        .source("register", SOURCE)
        .input("register", "register.csv");
    for (id, measure) in [
        ("rader", "type = \"count\"\nsource = \"register\""),
        (
            "rader_ht",
            "type = \"count\"\nsource = \"register\"\nwhere = \"insats = 'HT'\"",
        ),
        (
            "belopp_ht",
            "type = \"count\"\nsource = \"register\"\nsum = \"belopp\"\nwhere = \"insats = 'HT'\"",
        ),
        (
            "personer",
            "type = \"count\"\nsource = \"register\"\ndistinct = \"lopnr\"",
        ),
        (
            "personer_ht",
            "type = \"count\"\nsource = \"register\"\ndistinct = \"lopnr\"\nwhere = \"insats = 'HT'\"",
        ),
        (
            "belopp_median",
            "type = \"median\"\nsource = \"register\"\ncolumn = \"belopp\"\nwhere = \"insats = 'HT'\"",
        ),
    ] {
        case = case.indicators(&indicator(id, keys, measure));
    }
    case
}

/// The indicator recomputed from the rows of one cell (`None`: no value, a median of no rows).
fn direct(id: &str, rows: &[&Row]) -> Option<f64> {
    let ht: Vec<&&Row> = rows.iter().filter(|r| r.ht).collect();
    if id == "belopp_median" {
        let mut values: Vec<f64> = ht
            .iter()
            .map(|r| f64::from(r.belopp_halves) / 2.0)
            .collect();
        values.sort_by(f64::total_cmp);
        let n = values.len();
        return (n > 0).then(|| (values[(n - 1) / 2] + values[n / 2]) / 2.0);
    }
    Some(match id {
        "rader" => rows.len() as f64,
        "rader_ht" => ht.len() as f64,
        "belopp_ht" => ht.iter().map(|r| f64::from(r.belopp_halves) / 2.0).sum(),
        "personer" => rows.iter().map(|r| r.person).collect::<BTreeSet<_>>().len() as f64,
        "personer_ht" => ht.iter().map(|r| r.person).collect::<BTreeSet<_>>().len() as f64,
        _ => unreachable!(),
    })
}

fn in_place(r: &Row, level: GeoLevel, geo: &str) -> bool {
    let kommun = KOMMUNER[r.kommun];
    match level {
        GeoLevel::Riket => true,
        GeoLevel::Lan => kommun.starts_with(geo),
        GeoLevel::Kommun => kommun == geo,
        _ => false,
    }
}

fn in_kon(r: &Row, kon: Kon) -> bool {
    match kon {
        Kon::T => true,
        Kon::K => r.kon == "K",
        Kon::M => r.kon == "M",
    }
}

fn in_age(r: &Row, group: Option<&str>) -> bool {
    group.is_none_or(|label| {
        AGE_GROUPS.iter().any(|(l, from, to)| {
            *l == label && r.alder >= *from && to.is_none_or(|to| r.alder <= to)
        })
    })
}

fn check(results: &ResultTable, rows: &[Row]) -> Result<(), TestCaseError> {
    let indelning = Geography::builtin().kommungruppsindelning_2023();
    let mut places: Vec<(GeoLevel, String)> = vec![(GeoLevel::Riket, "00".into())];
    for lan in ["01", "03", "09", "12"] {
        places.push((GeoLevel::Lan, lan.into()));
    }
    // The six kommuner, and one with no rows.
    for kommun in KOMMUNER.iter().chain(&["0117"]) {
        places.push((GeoLevel::Kommun, (*kommun).into()));
    }
    for id in [
        "rader",
        "rader_ht",
        "belopp_ht",
        "personer",
        "personer_ht",
        "belopp_median",
    ] {
        let mut seen = 0;
        for r in results.of(id, YEAR) {
            let (level, geo) = (r.key.level, r.key.geo.as_str());
            let age = r.key.age_group.as_deref();
            let expected = if level == GeoLevel::Kommungrupp {
                // The unweighted mean of the values of the group's kommuner, each recomputed
                // from the rows.
                let grupp = indelning
                    .definitions()
                    .iter()
                    .find(|d| d.grupp.code() == geo);
                let members: Vec<KommunCode> = indelning.kommuner(grupp.unwrap().grupp).collect();
                let values: Vec<f64> = members
                    .iter()
                    .filter_map(|k| {
                        let code = k.to_string();
                        let cell: Vec<&Row> = rows
                            .iter()
                            .filter(|x| {
                                KOMMUNER[x.kommun] == code && in_kon(x, r.key.kon) && in_age(x, age)
                            })
                            .collect();
                        direct(id, &cell)
                    })
                    .collect();
                (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
            } else if places.iter().any(|(l, g)| *l == level && g == geo) {
                seen += 1;
                let cell: Vec<&Row> = rows
                    .iter()
                    .filter(|x| in_place(x, level, geo) && in_kon(x, r.key.kon) && in_age(x, age))
                    .collect();
                direct(id, &cell)
            } else {
                continue;
            };
            match expected {
                Some(expected) => {
                    prop_assert_eq!(r.status, Status::Value, "{}", r);
                    let value = r.value.unwrap();
                    prop_assert!(
                        (value - expected).abs() < 1e-9,
                        "{}: expected {}",
                        r,
                        expected
                    );
                }
                None => prop_assert_eq!(r.status, Status::NotApplicable, "{}", r),
            }
        }
        // Every place × T, K, M × all ages and three groups was compared.
        prop_assert_eq!(seen, places.len() * 3 * 4, "{}", id);
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    // At least one row: a file with a header and no rows is refused (a cut-off export), which
    // `data_errors` tests.
    #[test]
    fn every_rollup_equals_a_direct_recomputation(rows in proptest::collection::vec(row(), 1..40)) {
        let case = case();
        case.write("register.csv", csv(&rows));
        let manifest = case.manifest();
        let results = jamfor_engine::run(&manifest, &manifest.releases[0], case.dir()).unwrap();
        check(&results, &rows)?;
    }
}

#[test]
fn kommun_codes_are_real() {
    // The fixture's kommuner exist in 2023 and lie in the län the test assumes.
    let geo = Geography::builtin();
    for kommun in KOMMUNER {
        let kod = KommunCode::from_str(kommun).unwrap();
        assert!(geo.is_valid_in(kod, 2023), "{kommun}");
        assert_eq!(
            geo.lan_for_kommun(kod).unwrap().code.to_string(),
            kommun[..2]
        );
    }
}
