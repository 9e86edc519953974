//! `kolada/<indicator>.json`: the results in the shape Kolada's API v3 serves them, so that a
//! release can be loaded by the tools kommuner already read Öppna jämförelser from Kolada with.
//!
//! Each file is what `GET /v3/data/kpi/<kpi>` returns, in one page: `{"count", "values"}`, one
//! value object per KPI, municipality and period, holding up to three entries by gender
//! (`T`, `K`, `M`) with `count`, `gender`, `status` and `value`. The KPI id is the indicator id.
//!
//! Only what Kolada has a municipality id for is written: kommuner (their code), län (`00` and
//! the län code, `0001` for Stockholms län) and riket (`0000`), all ages. Kommungrupper and
//! comparison groups have no Kolada ids of ours, stadsdelar and enheter belong to Kolada's
//! organisational-unit data, and Kolada has no age dimension, so those rows are left out.
//!
//! The value is the published one, rounded as in `results.parquet`; a row without a value
//! carries `null` and the ÖJ symbol Kolada shows for it (`..` confidential, `-` bortfall, `.` not
//! applicable) as its status, and a published value the empty status Kolada gives its ordinary
//! values. `count` is 1: Kolada counts the members behind a group's mean there, and every place
//! written here is a single one. Rows come sorted by period, municipality and gender, so the
//! bytes are the same for the same results.

use std::collections::{BTreeMap, BTreeSet};

use jamfor_assess::Published;
use jamfor_engine::{GeoLevel, Kon, ResultRow, Status};
use serde::Serialize;

/// The folder of the Kolada files within the release.
pub const FOLDER: &str = "kolada";

/// One page of a Kolada v3 data response.
#[derive(Serialize)]
struct Page<'a> {
    count: usize,
    values: Vec<Entry<'a>>,
}

/// One KPI, municipality and period.
#[derive(Serialize)]
struct Entry<'a> {
    kpi: &'a str,
    municipality: String,
    period: i32,
    values: Vec<Value>,
}

/// One gender's figure.
#[derive(Serialize)]
struct Value {
    count: u32,
    gender: &'static str,
    status: &'static str,
    value: Option<f64>,
}

/// Kolada's municipality id of a place, or none where Kolada has no municipality for it.
pub fn municipality_id(level: GeoLevel, code: &str) -> Option<String> {
    match level {
        GeoLevel::Kommun => Some(code.to_string()),
        // Riket is `00` in the results and `0000` in Kolada, a län `01` and `0001`.
        GeoLevel::Riket | GeoLevel::Lan => Some(format!("00{code}")),
        _ => None,
    }
}

/// The status Kolada shows for a row: empty for a value, else the ÖJ symbol.
pub fn status_symbol(status: Status) -> &'static str {
    match status {
        Status::Value => "",
        Status::Confidential => "..",
        Status::Bortfall => "-",
        Status::NotApplicable => ".",
    }
}

/// Every Kolada file of the release, by release-relative path: one per indicator of the
/// release's areas with at least one row Kolada can hold.
pub fn files(p: &Published) -> Result<BTreeMap<String, Vec<u8>>, serde_json::Error> {
    let published: BTreeSet<&str> = jamfor_engine::indicators_of(p.manifest, p.release)
        .into_iter()
        .filter(|i| p.release.areas.contains(&i.area))
        .map(|i| i.id.as_str())
        .collect();
    // indicator → (period, municipality) → the rows by gender.
    let mut grouped: BTreeMap<&str, BTreeMap<(i32, String), Vec<&ResultRow>>> = BTreeMap::new();
    for row in &p.results.rows {
        if row.key.age_group.is_some() || !published.contains(row.indicator.as_str()) {
            continue;
        }
        let Some(id) = municipality_id(row.key.level, &row.key.geo) else {
            continue;
        };
        grouped
            .entry(row.indicator.as_str())
            .or_default()
            .entry((row.year, id))
            .or_default()
            .push(row);
    }
    grouped
        .into_iter()
        .map(|(kpi, places)| {
            let values: Vec<Entry<'_>> = places
                .into_iter()
                .map(|((period, municipality), mut rows)| {
                    rows.sort_by_key(|r| gender_order(r.key.kon));
                    Entry {
                        kpi,
                        municipality,
                        period,
                        values: rows.into_iter().map(value).collect(),
                    }
                })
                .collect();
            let page = Page {
                count: values.len(),
                values,
            };
            let mut bytes = serde_json::to_vec(&page)?;
            bytes.push(b'\n');
            Ok((format!("{FOLDER}/{kpi}.json"), bytes))
        })
        .collect()
}

fn value(row: &ResultRow) -> Value {
    Value {
        count: 1,
        gender: row.key.kon.code(),
        status: status_symbol(row.status),
        // Only a published value is written: a withheld row never carries a figure.
        value: if row.status == Status::Value {
            row.value.filter(|v| v.is_finite())
        } else {
            None
        },
    }
}

/// T first, then K and M, as the workbook lists them.
fn gender_order(kon: Kon) -> u8 {
    match kon {
        Kon::T => 0,
        Kon::K => 1,
        Kon::M => 2,
    }
}
