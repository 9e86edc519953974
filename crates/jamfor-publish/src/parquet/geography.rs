//! `geography.parquet`: a row for every place a result row names, so that every
//! `(geo_level, geo_code)` of `results.parquet` joins a label.
//!
//! Riket, län, kommuner and kommungrupper come from the reference geography with their names.
//! Stadsdelar, enheter and comparison groups (`liknande`) come from the result rows themselves:
//! the reference geography has no names for them, and a name is never made up, so `name` is
//! null for them unless a source labels their codes. Their kommun is filled in only where it is
//! known for certain: a `liknande` code is the kommun whose group it is, a stadsdel code begins
//! with its kommun's code (the sources declare it so), and an enhet's kommun is the one its rows
//! carry in the source (the engine records it beside the results).

use std::collections::BTreeSet;

use jamfor_assess::Published;
use jamfor_engine::GeoLevel;
use jamfor_geo::KommunCode;
use polars::prelude::*;

use super::{FileMetadata, ParquetError, err, text, write};

struct Row {
    level: &'static str,
    code: String,
    name: Option<String>,
    kommun: Option<String>,
    lan: Option<String>,
    kommungrupp: Option<String>,
}

/// `geography.parquet`: riket, every län, every kommun valid in a year of the release, the
/// kommungrupper, and every stadsdel, enhet and comparison group with a result row.
pub fn geography(p: &Published, meta: &FileMetadata) -> Result<Vec<u8>, ParquetError> {
    let geo = p.geo;
    let mut rows = vec![Row {
        level: "riket",
        code: jamfor_engine::RIKET.to_string(),
        name: Some("Riket".to_string()),
        kommun: None,
        lan: None,
        kommungrupp: None,
    }];
    for lan in geo.all_lan() {
        rows.push(Row {
            level: "lan",
            code: lan.code.to_string(),
            name: Some(lan.name.to_string()),
            kommun: None,
            lan: None,
            kommungrupp: None,
        });
    }
    let years = p.release.years();
    let grupper = geo.kommungruppsindelning_2023();
    for kommun in geo.all_kommuner() {
        let valid = years
            .iter()
            .any(|y| u16::try_from(*y).is_ok_and(|y| kommun.is_valid_in(y)));
        if !valid {
            continue;
        }
        rows.push(Row {
            level: "kommun",
            code: kommun.code.to_string(),
            name: Some(kommun.name.to_string()),
            kommun: None,
            lan: Some(kommun.lan.to_string()),
            kommungrupp: grupper.grupp(kommun.code).map(|g| g.code().to_string()),
        });
    }
    for definition in grupper.definitions() {
        rows.push(Row {
            level: "kommungrupp",
            code: definition.grupp.code().to_string(),
            name: Some(definition.name.to_string()),
            kommun: None,
            lan: None,
            kommungrupp: None,
        });
    }
    rows.extend(places_below_or_beside_kommun(p));
    let columns = vec![
        text("geo_level", rows.iter().map(|r| Some(r.level))),
        text("geo_code", rows.iter().map(|r| Some(r.code.as_str()))),
        text("name", rows.iter().map(|r| r.name.as_deref())),
        text("lan_code", rows.iter().map(|r| r.lan.as_deref())),
        text("kommungrupp", rows.iter().map(|r| r.kommungrupp.as_deref())),
        text("kommun_code", rows.iter().map(|r| r.kommun.as_deref())),
    ];
    let frame = DataFrame::new(rows.len(), columns).map_err(err("geography table"))?;
    write(frame, meta)
}

/// Stadsdelar, enheter and comparison groups named by a result row, in the results' level order
/// and then by code.
fn places_below_or_beside_kommun(p: &Published) -> Vec<Row> {
    let named: BTreeSet<(GeoLevel, &str)> = p
        .results
        .rows
        .iter()
        .filter(|r| {
            matches!(
                r.key.level,
                GeoLevel::Liknande | GeoLevel::Stadsdel | GeoLevel::Enhet
            )
        })
        .map(|r| (r.key.level, r.key.geo.as_str()))
        .collect();
    let grupper = p.geo.kommungruppsindelning_2023();
    let names = crate::unit_names::unit_names(p.manifest);
    named
        .into_iter()
        .map(|(level, code)| {
            let kommun = kommun_of(p, level, code);
            Row {
                level: level.code(),
                code: code.to_string(),
                name: names.get(&(level, code.to_string())).cloned(),
                kommun: kommun.map(|k| k.to_string()),
                lan: kommun.map(|k| k.lan().to_string()),
                kommungrupp: kommun
                    .and_then(|k| grupper.grupp(k))
                    .map(|g| g.code().to_string()),
            }
        })
        .collect()
}

/// The kommun a place belongs to, where it is known and the kommun exists.
fn kommun_of(p: &Published, level: GeoLevel, code: &str) -> Option<KommunCode> {
    let kommun = match level {
        GeoLevel::Liknande => code,
        GeoLevel::Stadsdel => code.get(..4)?,
        GeoLevel::Enhet => p.results.enheter.get(code)?,
        _ => return None,
    };
    let kommun: KommunCode = kommun.parse().ok()?;
    p.geo.kommun(kommun).map(|k| k.code)
}
