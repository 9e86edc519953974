//! The analysis tables: `comparable.parquet` (each kommun's comparable kommuner per area) and
//! `bruttolista.parquet` (each kommun's flagged indicators per area, with reasons and priority).
//! Schemas in `docs/release.md`; the method in `docs/analysis.md`.

use polars::prelude::*;

use super::{FileMetadata, ParquetError, err, number, text, write};
use jamfor_assess::{Analysis, Published};
pub use jamfor_assess::{FLAG_SEPARATOR, REASON_SEPARATOR};

/// `comparable.parquet`: one row per area, kommun and comparable kommun, nearest first.
pub fn comparable(analysis: &Analysis, meta: &FileMetadata) -> Result<Vec<u8>, ParquetError> {
    let rows = &analysis.comparable.rows;
    let columns = vec![
        text("kommun", rows.iter().map(|r| Some(r.kommun.as_str()))),
        text("area", rows.iter().map(|r| Some(r.area.as_str()))),
        Column::new(
            "year".into(),
            rows.iter().map(|r| r.year).collect::<Vec<i32>>(),
        ),
        text(
            "similar_kommun",
            rows.iter().map(|r| Some(r.similar.as_str())),
        ),
        Column::new(
            "rank".into(),
            rows.iter()
                .map(|r| i32::try_from(r.rank).unwrap_or(i32::MAX))
                .collect::<Vec<i32>>(),
        ),
        number("distance", rows.iter().map(|r| Some(r.distance))),
    ];
    let frame = DataFrame::new(rows.len(), columns).map_err(err("comparable table"))?;
    write(frame, meta)
}

/// `bruttolista.parquet`: one row per kommun, area and flagged indicator, by priority.
pub fn bruttolista(
    p: &Published,
    analysis: &Analysis,
    meta: &FileMetadata,
) -> Result<Vec<u8>, ParquetError> {
    let rows = &analysis.bruttolista;
    let flags: Vec<String> = rows
        .iter()
        .map(|p| {
            p.skal
                .iter()
                .map(jamfor_assess::Reason::code)
                .collect::<Vec<_>>()
                .join(FLAG_SEPARATOR)
        })
        .collect();
    // The reasons quote values as the indicator publishes them.
    let beskriv = |s: &jamfor_assess::Reason, id: &str| {
        p.manifest
            .indicator(id)
            .map_or_else(|| s.text(1), |i| s.beskriv(i))
    };
    let reasons: Vec<String> = rows
        .iter()
        .map(|post| {
            post.skal
                .iter()
                .map(|s| beskriv(s, &post.indicator))
                .collect::<Vec<_>>()
                .join(REASON_SEPARATOR)
        })
        .collect();
    let columns = vec![
        text("kommun", rows.iter().map(|p| Some(p.kommun.as_str()))),
        text("area", rows.iter().map(|p| Some(p.area.as_str()))),
        text(
            "indicator_id",
            rows.iter().map(|p| Some(p.indicator.as_str())),
        ),
        Column::new(
            "year".into(),
            rows.iter().map(|p| p.year).collect::<Vec<i32>>(),
        ),
        Column::new(
            "priority".into(),
            rows.iter()
                .map(|p| i32::try_from(p.prioritet).unwrap_or(i32::MAX))
                .collect::<Vec<i32>>(),
        ),
        text("class", rows.iter().map(|p| Some(p.klass.code()))),
        Column::new(
            "weight".into(),
            rows.iter()
                .map(|p| i32::try_from(p.weight).unwrap_or(i32::MAX))
                .collect::<Vec<i32>>(),
        ),
        text("flags", flags.iter().map(|f| Some(f.as_str()))),
        text("reasons", reasons.iter().map(|r| Some(r.as_str()))),
        number("value", rows.iter().map(|p| p.value)),
        number("ci_low", rows.iter().map(|p| p.intervall.map(|i| i.0))),
        number("ci_high", rows.iter().map(|p| p.intervall.map(|i| i.1))),
        text("status", rows.iter().map(|p| Some(p.status.code()))),
        number("comparable_mean", rows.iter().map(|p| p.liknande)),
        number("kommungrupp_value", rows.iter().map(|p| p.kommungrupp)),
    ];
    let frame = DataFrame::new(rows.len(), columns).map_err(err("bruttolista table"))?;
    write(frame, meta)
}
