//! The Kolada-shaped export: what a loader of Kolada's API v3 responses reads from it — one file
//! per indicator, a value object per KPI, municipality and period with the genders inside, Kolada's
//! municipality ids, the ÖJ symbols as statuses and no figure behind a withheld cell.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr
)]

mod common;

use jamfor_assess::Published;
use jamfor_engine::{Kon, ResultTable};
use jamfor_geo::Geography;
use jamfor_publish::kolada;
use serde_json::Value;

use common::{YEAR, andel, index_of};

fn table() -> ResultTable {
    let mut results = common::results();
    results.rows.extend(common::liknande());
    results.rows.extend(common::stadsdelar());
    results
}

/// The entry of one municipality and period in a Kolada file.
fn entry<'a>(page: &'a Value, municipality: &str, period: i64) -> &'a Value {
    page["values"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["municipality"] == municipality && e["period"] == period)
        .unwrap_or_else(|| panic!("no entry for {municipality} {period}"))
}

fn gender<'a>(entry: &'a Value, gender: &str) -> &'a Value {
    entry["values"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["gender"] == gender)
        .unwrap_or_else(|| panic!("no {gender} in {entry}"))
}

#[test]
fn every_indicator_is_a_kolada_v3_page_with_kolada_ids_and_statuses() {
    let manifest = common::manifest();
    let results = table();
    let p = Published {
        manifest: &manifest,
        release: &manifest.releases[0],
        geo: Geography::builtin(),
        results: &results,
        analysis: None,
    };
    let files = kolada::files(&p).unwrap();
    assert_eq!(
        files.keys().collect::<Vec<_>>(),
        [
            "kolada/andel_80.json",
            "kolada/antal.json",
            "kolada/dagar.json",
            "kolada/rutin.json"
        ]
    );
    assert_eq!(kolada::files(&p).unwrap(), files, "byte-identical");
    let page = |id: &str| -> Value {
        serde_json::from_slice(&files[&format!("kolada/{id}.json")]).expect("JSON")
    };

    let andel_80 = page("andel_80");
    let values = andel_80["values"].as_array().unwrap();
    assert_eq!(andel_80["count"].as_u64(), Some(values.len() as u64));
    // Kommuner, län and riket for two years; no kommungrupp, comparison group or stadsdel.
    let geo = Geography::builtin();
    let places = geo.kommuner_valid_in(YEAR as u16).count() + geo.all_lan().len() + 1;
    assert_eq!(values.len(), 2 * places);
    for e in values {
        let id = e["municipality"].as_str().unwrap();
        assert_eq!(id.len(), 4, "Kolada ids have four digits: {id}");
        assert_eq!(e["kpi"], "andel_80");
        let genders: Vec<&str> = e["values"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["gender"].as_str().unwrap())
            .collect();
        assert_eq!(genders, ["T", "K", "M"]);
    }
    let order: Vec<(i64, &str)> = values
        .iter()
        .map(|e| {
            (
                e["period"].as_i64().unwrap(),
                e["municipality"].as_str().unwrap(),
            )
        })
        .collect();
    let mut sorted = order.clone();
    sorted.sort_unstable();
    assert_eq!(order, sorted, "sorted by period and municipality");

    // A published value: empty status, count 1, the unrounded value.
    let solna = entry(&andel_80, "0184", i64::from(YEAR));
    let t = gender(solna, "T");
    assert_eq!(t["status"], "");
    assert_eq!(t["count"], 1);
    assert_eq!(t["value"].as_f64(), Some(andel(index_of("0184"), Kon::T)));
    // A confidential cell: `..` and no value at all.
    let stockholm = gender(entry(&andel_80, "0180", i64::from(YEAR)), "K");
    assert_eq!(stockholm["status"], "..");
    assert!(stockholm["value"].is_null());
    // Län and riket take Kolada's ids: `00` and the län code, `0000`.
    for id in ["0000", "0001", "0025"] {
        assert_eq!(
            gender(entry(&andel_80, id, i64::from(YEAR)), "T")["status"],
            ""
        );
    }
    assert!(values.iter().all(|e| e["municipality"] != "A1"));

    // Bortfall and not applicable, each with its symbol and no value.
    let dagar = page("dagar");
    let bortfall = gender(entry(&dagar, "0114", i64::from(YEAR)), "T");
    assert_eq!(
        (&bortfall["status"], &bortfall["value"]),
        (&"-".into(), &Value::Null)
    );
    let tom = gender(entry(&dagar, "0115", i64::from(YEAR)), "T");
    assert_eq!((&tom["status"], &tom["value"]), (&".".into(), &Value::Null));
    assert!(
        dagar["values"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["municipality"].as_str().unwrap().len() == 4),
        "stadsdelar are Kolada's unit data, not municipalities"
    );

    // Ja/nej at kommun level is 100 or 0.
    let rutin = page("rutin");
    let first = gender(entry(&rutin, "0114", i64::from(YEAR)), "T");
    assert_eq!(first["status"], "-");
    let yes: Vec<f64> = rutin["values"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| !e["municipality"].as_str().unwrap().starts_with("00"))
        .filter_map(|e| gender(e, "T")["value"].as_f64())
        .collect();
    assert!(yes.iter().all(|v| *v == 0.0 || *v == 100.0), "{yes:?}");
}

#[test]
fn only_kolada_places_get_ids() {
    use jamfor_engine::GeoLevel;
    assert_eq!(
        kolada::municipality_id(GeoLevel::Riket, "00").as_deref(),
        Some("0000")
    );
    assert_eq!(
        kolada::municipality_id(GeoLevel::Lan, "14").as_deref(),
        Some("0014")
    );
    assert_eq!(
        kolada::municipality_id(GeoLevel::Kommun, "1480").as_deref(),
        Some("1480")
    );
    for level in [
        GeoLevel::Kommungrupp,
        GeoLevel::Liknande,
        GeoLevel::Stadsdel,
        GeoLevel::Enhet,
    ] {
        assert_eq!(kolada::municipality_id(level, "0180"), None);
    }
}

/// A published value is written the way real Kolada v3 responses write an ordinary kommun value
/// (the rKolada package's sample responses in the shared reference data): the same four fields,
/// `count` 1 and the empty status. Skipped when the reference folder is absent.
#[test]
fn an_ordinary_value_looks_like_a_real_kolada_response() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/reference/kolada/rkolada/values_n00945.csv");
    let Ok(text) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: no {}", path.display());
        return;
    };
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let column = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (count, status, kind) = (
        column("count"),
        column("status"),
        column("municipality_type"),
    );
    let mut kommuner = 0;
    for line in lines {
        let fields: Vec<&str> = line.split(',').collect();
        if fields[kind] == "K" && !fields[column("value")].is_empty() {
            assert_eq!(fields[count], "1", "{line}");
            assert_eq!(fields[status], "", "{line}");
            kommuner += 1;
        }
    }
    assert!(kommuner > 10, "{kommuner} real kommun values");

    let manifest = common::manifest();
    let results = table();
    let p = Published {
        manifest: &manifest,
        release: &manifest.releases[0],
        geo: Geography::builtin(),
        results: &results,
        analysis: None,
    };
    let files = kolada::files(&p).unwrap();
    let page: Value = serde_json::from_slice(&files["kolada/andel_80.json"]).unwrap();
    let value = gender(entry(&page, "0114", i64::from(YEAR)), "T");
    let mut keys: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    let mut real: Vec<&str> = ["gender", "count", "status", "value"].to_vec();
    real.sort_unstable();
    assert_eq!(keys, real);
    assert_eq!(value["count"], 1);
    assert_eq!(value["status"], "");
    assert!(value["value"].is_f64());
}
