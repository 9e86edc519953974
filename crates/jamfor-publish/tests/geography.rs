//! `geography.parquet` labels every place a result row names: each `(geo_level, geo_code)` of
//! `results.parquet` joins it, stadsdelar, enheter and comparison groups carry their kommun and
//! län, and no name is made up where none is known.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use ::parquet::file::reader::{FileReader, SerializedFileReader};
use ::parquet::record::Field;
use jamfor_assess::Published;
use jamfor_engine::{CellKey, GeoLevel, Kon, ResultRow, Status};
use jamfor_geo::Geography;
use jamfor_publish::parquet::{self, FileMetadata};

fn meta() -> FileMetadata {
    FileMetadata {
        release_id: "test-2023".into(),
        tool_version: "0.0.0".into(),
        definitions_hash: "0".repeat(64),
    }
}

fn rows(name: &str, bytes: &[u8]) -> Vec<BTreeMap<String, Field>> {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("geography");
    fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    fs::write(&path, bytes).unwrap();
    let reader = SerializedFileReader::new(fs::File::open(&path).unwrap()).unwrap();
    reader
        .get_row_iter(None)
        .unwrap()
        .map(|row| {
            row.unwrap()
                .get_column_iter()
                .map(|(name, field)| (name.clone(), field.clone()))
                .collect()
        })
        .collect()
}

fn text(row: &BTreeMap<String, Field>, column: &str) -> Option<String> {
    match &row[column] {
        Field::Str(s) => Some(s.clone()),
        Field::Null => None,
        other => panic!("{column} is not text: {other:?}"),
    }
}

#[test]
fn every_result_row_joins_a_place() {
    let manifest = common::manifest();
    let mut results = common::results();
    results.rows.extend(common::liknande());
    results.rows.extend(common::stadsdelar());
    // Two enheter: their ids promise nothing about their kommun; the engine recorded the kommun
    // of one of them from its rows in the source.
    results
        .enheter
        .insert("E0180001".to_string(), "1480".to_string());
    for geo in ["E0180001", "E9999999"] {
        results.rows.push(ResultRow {
            indicator: "dagar".into(),
            year: common::YEAR,
            key: CellKey {
                level: GeoLevel::Enhet,
                geo: geo.into(),
                kon: Kon::T,
                age_group: None,
            },
            value: Some(3.0),
            numerator: None,
            denominator: None,
            units: Some(1.0),
            ci_low: None,
            ci_high: None,
            status: Status::Value,
        });
    }
    let p = Published {
        manifest: &manifest,
        release: &manifest.releases[0],
        geo: Geography::builtin(),
        results: &results,
        analysis: None,
    };
    let bytes = parquet::geography(&p, &meta()).unwrap();
    assert_eq!(
        bytes,
        parquet::geography(&p, &meta()).unwrap(),
        "byte-identical"
    );
    let places = rows("geography.parquet", &bytes);
    let by_key: BTreeMap<(String, String), &BTreeMap<String, Field>> = places
        .iter()
        .map(|r| {
            (
                (text(r, "geo_level").unwrap(), text(r, "geo_code").unwrap()),
                r,
            )
        })
        .collect();
    assert_eq!(by_key.len(), places.len(), "one row per place");
    let levels: Vec<String> = places
        .iter()
        .map(|r| text(r, "geo_level").unwrap())
        .collect();
    let mut order = levels.clone();
    order.dedup();
    assert_eq!(
        order,
        [
            "riket",
            "lan",
            "kommun",
            "kommungrupp",
            "stadsdel",
            "enhet",
            "liknande"
        ],
        "places in the results' level order"
    );

    let written = parquet::results(&p, &[], &meta()).unwrap();
    let named: BTreeSet<(String, String)> = rows("results.parquet", &written)
        .iter()
        .map(|r| (text(r, "geo_level").unwrap(), text(r, "geo_code").unwrap()))
        .collect();
    let missing: Vec<_> = named.iter().filter(|k| !by_key.contains_key(*k)).collect();
    assert!(missing.is_empty(), "not in geography: {missing:?}");
    for level in [
        "riket",
        "lan",
        "kommun",
        "kommungrupp",
        "liknande",
        "stadsdel",
        "enhet",
    ] {
        assert!(
            named.iter().any(|(l, _)| l == level),
            "no {level} row tested"
        );
    }

    let place = |level: &str, code: &str| by_key[&(level.to_string(), code.to_string())];
    let column = |level: &str, code: &str, c: &str| text(place(level, code), c);
    // A stadsdel: its kommun from the code's first four digits, with that kommun's län and group.
    assert_eq!(
        column("stadsdel", "018001", "kommun_code").as_deref(),
        Some("0180")
    );
    assert_eq!(
        column("stadsdel", "018001", "lan_code").as_deref(),
        Some("01")
    );
    assert_eq!(
        column("stadsdel", "018001", "kommungrupp"),
        column("kommun", "0180", "kommungrupp")
    );
    // A comparison group is the kommun's own.
    assert_eq!(
        column("liknande", "1480", "kommun_code").as_deref(),
        Some("1480")
    );
    assert_eq!(
        column("liknande", "1480", "lan_code").as_deref(),
        Some("14")
    );
    // A stadsdel is named as its source labels the code; no other name is invented. An enhet's
    // kommun is the one its rows carried (not the one its id seems to say), with its län; an
    // enhet the engine did not place gets none.
    assert_eq!(
        column("stadsdel", "018001", "name").as_deref(),
        Some("Rinkeby-Kista")
    );
    for (level, code) in [("liknande", "1480"), ("enhet", "E0180001")] {
        assert_eq!(column(level, code, "name"), None, "{level} {code}");
    }
    assert_eq!(
        column("enhet", "E0180001", "kommun_code").as_deref(),
        Some("1480")
    );
    assert_eq!(
        column("enhet", "E0180001", "lan_code").as_deref(),
        Some("14")
    );
    assert_eq!(column("enhet", "E9999999", "kommun_code"), None);
    assert_eq!(column("enhet", "E9999999", "lan_code"), None);
    // Known places keep their names.
    assert_eq!(
        column("kommun", "0180", "name").as_deref(),
        Some("Stockholm")
    );
    assert_eq!(column("riket", "00", "name").as_deref(), Some("Riket"));
}
