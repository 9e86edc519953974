//! `jamfor explain`: an indicator's definition and the plan that computes it — which file is read,
//! the one pass over its source it shares with other indicators (polars' optimised plan of the
//! conditions and values evaluated), and how cells are rolled up to every level.

use std::fmt::Write as _;

use jamfor_spec::keywords::{ColumnType, Level, Role};
use jamfor_spec::manifest::{Count, Indicator, Manifest, Measure, Release, Source};
use polars::prelude::*;

use crate::error::{DataError, internal};
use crate::measure;
use crate::partials::{self, Request};
use crate::read::role;
use crate::run::indicators_of;

/// "the previous year's", "the file of 2 years before", for a count's relative year.
fn year_text(offset: i32) -> String {
    match offset {
        0 => "the year's".to_string(),
        -1 => "the previous year's".to_string(),
        1 => "the next year's".to_string(),
        n if n < 0 => format!("the file of {} years before", -n),
        n => format!("the file of {n} years after"),
    }
}

fn count_text(c: &Count) -> String {
    match c {
        Count::Indicator(id) => format!("the count of indicator `{id}`"),
        Count::Source {
            source,
            filter,
            sum,
            distinct,
            year,
            person,
        } => {
            let what = match (sum, distinct) {
                (Some(col), _) => format!("sum of `{col}`"),
                (_, Some(col)) => format!("distinct `{col}`"),
                _ => "rows".to_string(),
            };
            let filter = filter
                .as_ref()
                .map_or(String::new(), |f| format!(" where {}", f.sql));
            let read = if *year == 0 {
                String::new()
            } else {
                format!(" of {} file", year_text(*year))
            };
            let mut text = format!("{what} in `{source}`{read}{filter}");
            if let Some(p) = person {
                let window = if p.window.0 == p.window.1 {
                    format!("{} rows", year_text(p.window.0))
                } else {
                    format!(
                        "the rows of years {:+} to {:+} (relative to the year computed)",
                        p.window.0, p.window.1
                    )
                };
                let group = if p.within_kommun {
                    "person and kommun"
                } else {
                    "person"
                };
                let _ = write!(
                    text,
                    "\n      per {group}, over {window} kept by the condition: {} aggregate(s) added up per person in one pass over each file's rows (persons numbered once per file), then having {}",
                    p.having.aggregates.len(),
                    p.having.sql
                );
            }
            text
        }
    }
}

fn measure_text(m: &Measure) -> String {
    match m {
        Measure::Count(c) => format!("count: {}", count_text(c)),
        Measure::Share {
            numerator,
            denominator,
        } => format!(
            "share = 100 × numerator / denominator\n    numerator:   {}\n    denominator: {}",
            count_text(numerator),
            count_text(denominator)
        ),
        Measure::Rate {
            numerator,
            denominator,
            per,
        } => format!(
            "rate = {per} × numerator / denominator\n    numerator:   {}\n    denominator: {}",
            count_text(numerator),
            count_text(denominator)
        ),
        Measure::Mean {
            source,
            value,
            per_person: Some(p),
            ..
        } => format!(
            "mean over persons of `{}` in `{source}`: one value per {}, added up in the pass that scans the source; each person counts once, in the cell of their last row kept",
            value.sql,
            if p.within_kommun {
                "person and kommun"
            } else {
                "person"
            }
        ),
        Measure::Median {
            source,
            value,
            per_person: Some(p),
            ..
        } => format!(
            "median over persons of `{}` in `{source}`: one value per {}, added up in the pass that scans the source; each person counts once, in the cell of their last row kept; recomputed at every level",
            value.sql,
            if p.within_kommun {
                "person and kommun"
            } else {
                "person"
            }
        ),
        Measure::Mean { source, value, .. } => {
            format!(
                "mean of `{}` in `{source}` (sum / count, additive)",
                value.sql
            )
        }
        Measure::Median { source, value, .. } => {
            format!(
                "median of `{}` in `{source}` (recomputed from rows at every level)",
                value.sql
            )
        }
        Measure::YesNo { source, yes, .. } => {
            format!(
                "yes/no per kommun in `{source}`: {}; above kommun, the share of answering kommuner",
                yes.sql
            )
        }
        Measure::ShareYes {
            source, unit, yes, ..
        } => format!("share of {unit}s in `{source}` answering yes: {}", yes.sql),
        Measure::Index { source, items, .. } => format!(
            "index over {} questions in `{source}`; mean of unit points",
            items.len()
        ),
        Measure::SurveyShare {
            source,
            positive,
            confidence,
            ..
        } => format!(
            "weighted survey share in `{source}`: {}; {:.0} % confidence interval (linearised variance)",
            positive.sql,
            confidence * 100.0
        ),
        Measure::ResponseRate {
            source, responded, ..
        } => format!("response rate in `{source}`: {}", responded.sql),
    }
}

fn dtype(column: &jamfor_spec::manifest::Column) -> DataType {
    match column.column_type {
        ColumnType::Integer => DataType::Int64,
        ColumnType::Decimal => DataType::Float64,
        ColumnType::Boolean => DataType::Boolean,
        // Read as text and checked, then held as days since 1970-01-01.
        ColumnType::Date => DataType::Int32,
        ColumnType::Text | ColumnType::Code => DataType::String,
    }
}

/// The frame shape `read` produces for a source: declared columns typed, plus role columns.
fn empty_frame(source: &Source) -> Result<DataFrame, PolarsError> {
    let mut columns: Vec<Column> = Vec::new();
    for c in &source.columns {
        let ty = if c.role == Some(Role::Kommun) {
            DataType::String
        } else {
            dtype(c)
        };
        columns.push(Column::new_empty(c.name.as_str().into(), &ty));
        let canonical = match c.role {
            Some(Role::Kommun) => Some(role::KOMMUN),
            Some(Role::Kon) => Some(role::KON),
            Some(Role::Alder) => Some(role::ALDER),
            Some(Role::Weight) => Some(role::WEIGHT),
            Some(Role::Enhet) => Some(role::ENHET),
            Some(Role::Stadsdel) => Some(role::STADSDEL),
            _ => None,
        };
        if let Some(name) = canonical {
            let ty = if c.role == Some(Role::Kon) {
                DataType::String
            } else {
                ty
            };
            columns.push(Column::new_empty(name.into(), &ty));
        }
    }
    DataFrame::new(0, columns)
}

/// The definition and plan of `indicator_id` in `release`.
///
/// # Errors
/// When the indicator is not part of the release.
pub fn explain(
    manifest: &Manifest,
    release: &Release,
    indicator_id: &str,
) -> Result<String, DataError> {
    let indicators = indicators_of(manifest, release);
    let Some(indicator) = indicators.iter().find(|i| i.id == indicator_id).copied() else {
        let help = jamfor_spec::suggest::did_you_mean(
            indicator_id,
            indicators.iter().map(|i| i.id.as_str()),
        );
        let mut error = DataError::file(
            &release.location.file,
            format!("release `{}` has no indicator `{indicator_id}`", release.id),
        );
        if let Some(help) = help {
            error = error.help(help);
        }
        return Err(error);
    };
    let mut out = String::new();
    describe(&mut out, indicator);
    let _ = writeln!(
        out,
        "\nplan for {} (release `{}`):",
        release.year, release.id
    );
    let file = &release.location.file;
    for source_id in indicator.sources() {
        let Some(source) = manifest.source(source_id) else {
            continue;
        };
        let path = release
            .inputs
            .get(source_id)
            .and_then(|y| y.get(&release.year))
            .map_or("?", String::as_str);
        let _ = writeln!(
            out,
            "\n  1. read `{source_id}` ← {path} ({}, delimiter `{}`, decimal `{}`, {}), declared schema enforced",
            source.format.kind,
            source.format.delimiter,
            source.format.decimal,
            source.format.encoding
        );
        // Counts of other years read those years' files too: a lagged denominator, or the
        // rows a person's `having` sees over a window.
        for (_, offset) in indicator
            .measure
            .source_years()
            .into_iter()
            .filter(|(s, o)| *s == source_id && *o != 0)
        {
            let read = release.year + offset;
            let other = release
                .inputs
                .get(source_id)
                .and_then(|y| y.get(&read))
                .map_or("?", String::as_str);
            let _ = writeln!(
                out,
                "     and ← {other} ({read}, {}), read the same way, once per run: kept from the year that read it first while later years read it",
                year_text(offset)
            );
        }
        let sharing: Vec<&str> = indicators
            .iter()
            .filter(|i| i.id != indicator.id && i.sources().contains(&source_id))
            .map(|i| i.id.as_str())
            .collect();
        let mine: Vec<measure::SourceRequest> = measure::requests(indicator, release.year, file)?
            .into_iter()
            .filter(|r| r.source.split('@').next() == Some(source_id))
            .collect();
        if mine.is_empty() {
            let _ = writeln!(
                out,
                "  2. no additive partial sums: distinct persons or medians counted from the rows, per kommun × kön × ålder and then per cell of every level"
            );
        } else {
            let _ = writeln!(
                out,
                "  2. one pass over `{source_id}` computes {} partial sum(s) of this indicator together with those of {} other indicator(s), per kommun{}{}; each distinct condition and value is evaluated once, in polars' optimised plan:",
                mine.len(),
                sharing.len(),
                if source.role(Role::Kon).is_some() {
                    " × kön"
                } else {
                    ""
                },
                if source.role(Role::Alder).is_some() {
                    " × ålder"
                } else {
                    ""
                },
            );
            let plan =
                plan_text(source, &mine).map_err(|e| internal(file, "explaining the plan", &e))?;
            for line in plan.lines() {
                let _ = writeln!(out, "       {line}");
            }
        }
    }
    let levels: Vec<&str> = indicator.levels.iter().map(|l| l.as_str()).collect();
    let _ = writeln!(
        out,
        "\n  3. roll up to {}{}{}",
        levels.join(", "),
        if indicator.levels.contains(&Level::Kommungrupp) {
            " (kommungrupp = unweighted mean of the kommun values, as Kolada shows groups; the release publishes no pooled counts for it)"
        } else {
            ""
        },
        if indicator.age_groups.is_empty() {
            String::new()
        } else {
            format!(
                "; age groups {}",
                indicator
                    .age_groups
                    .iter()
                    .map(|g| g.label.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        }
    );
    Ok(out)
}

fn describe(out: &mut String, i: &Indicator) {
    let _ = writeln!(out, "indicator `{}` — {}", i.id, i.title);
    let _ = writeln!(out, "  defined in {}:{}", i.location.file, i.location.line);
    let _ = writeln!(
        out,
        "  area {} · {} · unit {} · {} decimal(s) · direction {}",
        i.area, i.kind, i.unit, i.decimals, i.direction
    );
    let breakdown: Vec<String> = i
        .breakdown
        .iter()
        .map(|b| match b {
            jamfor_spec::manifest::Breakdown::Kon => "kön".to_string(),
            jamfor_spec::manifest::Breakdown::Alder => "ålder".to_string(),
            jamfor_spec::manifest::Breakdown::Column(c) => c.clone(),
        })
        .collect();
    let _ = writeln!(
        out,
        "  breakdown: {}",
        if breakdown.is_empty() {
            "none".to_string()
        } else {
            breakdown.join(", ")
        }
    );
    let _ = writeln!(out, "  measure: {}", measure_text(&i.measure));
}

fn plan_text(source: &Source, requests: &[measure::SourceRequest]) -> PolarsResult<String> {
    let frame = empty_frame(source)?;
    let requests: Vec<Request> = requests.iter().map(|r| r.request.clone()).collect();
    partials::plan(&frame, &requests).explain(true)
}
