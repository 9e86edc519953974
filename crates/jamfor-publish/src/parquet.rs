//! The Parquet dataset researchers read: `results.parquet` (tidy, one row per indicator × period
//! × geography × kön × age group), `indicators.parquet` and `geography.parquet` (labels for the
//! codes). The schema is documented in `docs/parquet.md`; keep the two in step.
//!
//! Codes, not labels, in the results; confidential rows carry no value, numerator, denominator or
//! interval, whatever the caller passed. Every file carries key–value metadata naming the release,
//! the tool version and the definitions hash. zstd-compressed, one row group order fixed by the
//! result table's sort, so the bytes are the same for the same results.

use std::collections::BTreeMap;

use jamfor_engine::Status;
use jamfor_spec::manifest::{Colour as ColourRule, Indicator};
use polars::prelude::*;

use jamfor_assess::Published;

mod analysis;
mod geography;
mod portable;

pub use analysis::{FLAG_SEPARATOR, REASON_SEPARATOR, bruttolista, comparable};
pub use geography::geography;

/// Key–value metadata written into every Parquet file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileMetadata {
    /// Release id.
    pub release_id: String,
    /// `jamfor` version.
    pub tool_version: String,
    /// SHA-256 over every definition file.
    pub definitions_hash: String,
}

/// A Parquet file could not be built.
#[derive(Debug)]
pub struct ParquetError(pub String);

impl std::fmt::Display for ParquetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "writing Parquet: {}", self.0)
    }
}

impl std::error::Error for ParquetError {}

fn err(what: &str) -> impl Fn(PolarsError) -> ParquetError + '_ {
    move |e| ParquetError(format!("{what}: {e}"))
}

/// `results.parquet`. `colours` holds one colour code per result row ("green", "yellow", "red"
/// or none).
pub fn results(
    p: &Published,
    colours: &[Option<&str>],
    meta: &FileMetadata,
) -> Result<Vec<u8>, ParquetError> {
    let rows = &p.results.rows;
    let areas: BTreeMap<&str, &str> = p
        .manifest
        .indicators
        .iter()
        .map(|i| (i.id.as_str(), i.area.as_str()))
        .collect();
    let minimum: BTreeMap<&str, usize> = p
        .manifest
        .areas
        .iter()
        .map(|a| (a.id.as_str(), a.min_group_members))
        .collect();
    let hidden = |r: &&jamfor_engine::ResultRow| r.status == Status::Confidential;
    let shown = |r: &jamfor_engine::ResultRow, v: Option<f64>| if hidden(&r) { None } else { v };
    let columns = vec![
        text(
            "indicator_id",
            rows.iter().map(|r| Some(r.indicator.as_str())),
        ),
        text(
            "area",
            rows.iter()
                .map(|r| areas.get(r.indicator.as_str()).copied()),
        ),
        Column::new(
            "period".into(),
            rows.iter().map(|r| r.year).collect::<Vec<i32>>(),
        ),
        text("geo_level", rows.iter().map(|r| Some(r.key.level.code()))),
        text("geo_code", rows.iter().map(|r| Some(r.key.geo.as_str()))),
        text("gender", rows.iter().map(|r| Some(r.key.kon.code()))),
        text("age_group", rows.iter().map(|r| r.key.age_group.as_deref())),
        number("value", rows.iter().map(|r| shown(r, r.value))),
        number("numerator", rows.iter().map(|r| shown(r, r.numerator))),
        number("denominator", rows.iter().map(|r| shown(r, r.denominator))),
        Column::new(
            "respondents".into(),
            rows.iter()
                .map(|r| shown(r, r.units).map(|u| u.round() as i64))
                .collect::<Vec<Option<i64>>>(),
        ),
        number("ci_low", rows.iter().map(|r| shown(r, r.ci_low))),
        number("ci_high", rows.iter().map(|r| shown(r, r.ci_high))),
        text("status", rows.iter().map(|r| Some(r.status.code()))),
        Column::new(
            "few_members".into(),
            rows.iter()
                .map(|r| {
                    let area = areas.get(r.indicator.as_str());
                    let min = area.and_then(|a| minimum.get(a)).copied();
                    Some(jamfor_assess::few_members(
                        r,
                        min.unwrap_or(jamfor_spec::manifest::DEFAULT_MIN_GROUP_MEMBERS),
                    ))
                })
                .collect::<Vec<Option<bool>>>(),
        ),
        text(
            "colour",
            rows.iter()
                .zip(colours.iter().copied().chain(std::iter::repeat(None)))
                .map(|(r, c)| if hidden(&r) { None } else { c }),
        ),
    ];
    let frame = DataFrame::new(rows.len(), columns).map_err(err("results table"))?;
    write(frame, meta)
}

/// `indicators.parquet`: one row per indicator of the release, with every metadata field.
pub fn indicators(p: &Published, meta: &FileMetadata) -> Result<Vec<u8>, ParquetError> {
    let list: Vec<&Indicator> = jamfor_engine::indicators_of(p.manifest, p.release)
        .into_iter()
        .filter(|i| p.release.areas.contains(&i.area))
        .collect();
    let mut list = list;
    list.sort_by(|a, b| (&a.area, &a.id).cmp(&(&b.area, &b.id)));
    let area_title: BTreeMap<&str, &str> = p
        .manifest
        .areas
        .iter()
        .map(|a| (a.id.as_str(), a.title.as_str()))
        .collect();
    let s = |f: &dyn Fn(&Indicator) -> Option<String>| -> Vec<Option<String>> {
        list.iter().map(|i| f(i)).collect()
    };
    let policy = |i: &Indicator| {
        Some(
            i.disclosure
                .clone()
                .unwrap_or_else(|| p.release.disclosure.clone()),
        )
    };
    let columns = vec![
        owned("indicator_id", s(&|i| Some(i.id.clone()))),
        owned("area", s(&|i| Some(i.area.clone()))),
        owned(
            "area_title",
            s(&|i| area_title.get(i.area.as_str()).map(|t| t.to_string())),
        ),
        owned("title", s(&|i| Some(i.title.clone()))),
        owned("title_en", s(&|i| i.title_en.clone())),
        owned("kind", s(&|i| Some(i.kind.to_string()))),
        owned("dimension", s(&|i| i.dimension.map(|d| d.to_string()))),
        owned(
            "indicator_type",
            s(&|i| i.indicator_type.map(|t| t.to_string())),
        ),
        owned("direction", s(&|i| Some(i.direction.to_string()))),
        Column::new(
            "target".into(),
            list.iter().map(|i| i.target).collect::<Vec<Option<f64>>>(),
        ),
        owned("unit", s(&|i| Some(i.unit.to_string()))),
        Column::new(
            "decimals".into(),
            list.iter()
                .map(|i| i32::from(i.decimals))
                .collect::<Vec<i32>>(),
        ),
        owned(
            "levels",
            s(&|i| {
                Some(
                    i.levels
                        .iter()
                        .map(|l| l.to_string())
                        .collect::<Vec<_>>()
                        .join(","),
                )
            }),
        ),
        owned("measure", s(&|i| Some(i.measure.type_name().to_string()))),
        owned("colour_rule", s(&|i| Some(colour_rule(&i.colour)))),
        owned("sources", s(&|i| Some(i.sources().join(",")))),
        owned("disclosure_policy", s(&policy)),
        Column::new(
            "comparable_from".into(),
            list.iter()
                .map(|i| i.comparable_from)
                .collect::<Vec<Option<i32>>>(),
        ),
        owned("shows", s(&|i| Some(i.description.shows.clone()))),
        owned("numerator", s(&|i| i.description.numerator.clone())),
        owned("denominator", s(&|i| i.description.denominator.clone())),
        owned("source_cited", s(&|i| i.description.source.clone())),
        owned(
            "interpretation",
            s(&|i| i.description.interpretation.clone()),
        ),
        owned("error_sources", s(&|i| i.description.error_sources.clone())),
    ];
    let frame = DataFrame::new(list.len(), columns).map_err(err("indicator table"))?;
    write(frame, meta)
}

/// How an indicator is coloured, as one readable string.
fn colour_rule(rule: &ColourRule) -> String {
    match rule {
        ColourRule::Relative {
            green,
            red,
            interval,
        } => format!(
            "relative green {green}% red {red}%{}",
            if *interval { " interval" } else { "" }
        ),
        ColourRule::Thresholds {
            green,
            red,
            interval,
        } => format!(
            "thresholds green {green} red {red}{}",
            if *interval { " interval" } else { "" }
        ),
        ColourRule::YesNo => "yes_no".to_string(),
        ColourRule::None => "none".to_string(),
    }
}

fn text<'a>(name: &str, values: impl Iterator<Item = Option<&'a str>>) -> Column {
    Column::new(name.into(), values.collect::<Vec<Option<&str>>>())
}

fn owned(name: &str, values: Vec<Option<String>>) -> Column {
    Column::new(name.into(), values)
}

fn number(name: &str, values: impl Iterator<Item = Option<f64>>) -> Column {
    Column::new(name.into(), values.collect::<Vec<Option<f64>>>())
}

fn write(frame: DataFrame, meta: &FileMetadata) -> Result<Vec<u8>, ParquetError> {
    portable::write(
        &frame,
        vec![
            ("jamfor.release_id".to_string(), meta.release_id.clone()),
            ("jamfor.tool_version".to_string(), meta.tool_version.clone()),
            (
                "jamfor.definitions_hash".to_string(),
                meta.definitions_hash.clone(),
            ),
        ],
    )
}
