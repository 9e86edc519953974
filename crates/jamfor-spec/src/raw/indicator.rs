//! `indicators/<area>/*.toml`: indicators, each with its metadata, measure and presentation.

use schemars::JsonSchema;

use crate::decode::{Cx, Decode, Node, Table, keyword};
use crate::keywords::{Dimension, Direction, IndicatorType, Kind, Level, Unit};
use crate::raw::id::Id;
use crate::raw::measure::MeasureSpec;
use crate::span::{Ranged, Span};

/// An indicator definition file: one or more `[[indicator]]` tables.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(deny_unknown_fields, title = "jamfor indicators")]
pub struct IndicatorFile {
    /// The indicators of this file; their area is the folder the file lies in.
    pub indicator: Vec<IndicatorSpec>,
}

/// One indicator.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct IndicatorSpec {
    /// Unique id across all areas.
    pub id: Ranged<Id>,
    /// Title in Swedish, as published, e.g. "Invånare 80+, andel (%)".
    pub title: Ranged<String>,
    /// Title in English.
    pub title_en: Option<String>,
    /// The area; must equal the folder the file lies in (optional, the folder decides).
    pub area: Option<Ranged<Id>>,
    /// `kvalitetsindikator`, `valfardsindikator`, `nyckeltal` or `bakgrundsmatt`.
    pub kind: Ranged<Kind>,
    /// Kvalitetsdimension (required for a kvalitetsindikator).
    pub dimension: Option<Ranged<Dimension>>,
    /// `struktur`, `process` or `resultat` (required for a kvalitetsindikator).
    #[serde(rename = "type")]
    pub indicator_type: Option<Ranged<IndicatorType>>,
    /// Which values are better: `higher`, `lower` or `none`.
    pub direction: Ranged<Direction>,
    /// Target level (målnivå), in the indicator's unit.
    pub target: Option<Ranged<f64>>,
    /// Unit of the published value.
    pub unit: Ranged<Unit>,
    /// Decimals published (0–4; default 1, or 0 for counts and yes/no).
    pub decimals: Option<Ranged<i64>>,
    /// Levels published (default `["kommun", "lan", "riket", "kommungrupp"]`).
    pub levels: Option<Vec<Ranged<Level>>>,
    /// Breakdowns besides the total: `kon` and `alder` (a breakdown by any other column is refused:
    /// results have no dimension for it).
    pub breakdown: Option<Vec<Ranged<String>>>,
    /// Age groups for an `alder` breakdown, e.g. `["0-12", "13-17", "18-20"]` or `["65-79", "80+"]`.
    pub age_groups: Option<Vec<Ranged<String>>>,
    /// Colour coding (default `{ rule = "none" }`).
    pub colour: Option<ColourSpec>,
    /// Disclosure policy id (default: the release's).
    pub disclosure: Option<Ranged<Id>>,
    /// First year from which values are comparable over time.
    pub comparable_from: Option<Ranged<i64>>,
    /// Texts describing the indicator, published in the workbook.
    pub description: DescriptionSpec,
    /// What is computed.
    pub measure: MeasureSpec,
    #[schemars(skip)]
    /// Where the `[[indicator]]` table was written.
    pub span: Span,
}

/// The published description of an indicator.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct DescriptionSpec {
    /// What the indicator shows (required).
    pub shows: Ranged<String>,
    /// How the numerator is defined.
    pub numerator: Option<String>,
    /// How the denominator is defined.
    pub denominator: Option<String>,
    /// Where the data comes from, as a reader should cite it.
    pub source: Option<String>,
    /// How to read the value, and what a high or low value means.
    pub interpretation: Option<String>,
    /// Known error sources and limits of comparability.
    pub error_sources: Option<String>,
}

/// How values are coloured in the workbook. The key `rule` chooses the kind.
#[derive(Debug, Clone, JsonSchema)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum ColourSpec {
    /// Kommuner ranked: the best `green` percent green, the worst `red` percent red, the middle
    /// yellow (direction-aware).
    Relative {
        /// Percent of kommuner coloured green (default 25).
        green: Option<Ranged<f64>>,
        /// Percent of kommuner coloured red (default 25).
        red: Option<Ranged<f64>>,
        /// Colour green or red only when the value's confidence interval lies wholly beyond the
        /// cut-off, otherwise yellow (default false). Values without an interval are coloured as
        /// usual.
        interval: Option<bool>,
        #[schemars(skip)]
        /// Where the rule was written.
        span: Span,
    },
    /// Fixed thresholds in the indicator's unit: at least as good as `green` is green, worse than
    /// `red` is red, between is yellow.
    Thresholds {
        /// Green from this value (inclusive).
        green: Ranged<f64>,
        /// Red beyond this value.
        red: Ranged<f64>,
        /// Colour green or red only when the value's confidence interval lies wholly beyond the
        /// threshold, otherwise yellow (default false). Values without an interval are coloured as
        /// usual.
        interval: Option<bool>,
        #[schemars(skip)]
        /// Where the rule was written.
        span: Span,
    },
    /// Yes green and no red (or the reverse with `direction = "lower"`).
    YesNo {
        #[schemars(skip)]
        /// Where the rule was written.
        span: Span,
    },
    /// No colour.
    None {
        #[schemars(skip)]
        /// Where the rule was written.
        span: Span,
    },
}

impl ColourSpec {
    /// Where the rule was written.
    pub fn span(&self) -> Span {
        match self {
            ColourSpec::Relative { span, .. }
            | ColourSpec::Thresholds { span, .. }
            | ColourSpec::YesNo { span }
            | ColourSpec::None { span } => *span,
        }
    }
}

const COLOUR_RULES: &[(&str, &str)] = &[
    ("relative", "relative"),
    ("thresholds", "thresholds"),
    ("yes_no", "yes_no"),
    ("none", "none"),
];

impl Decode for ColourSpec {
    const EXPECTED: &'static str = "a table such as { rule = \"relative\" }";
    fn decode(node: &Node<'_>, cx: &mut Cx<'_>) -> Option<Self> {
        let mut t = Table::open(node, cx, "indicator.colour")?;
        let Some(rule_node) = t.node("rule") else {
            t.missing(cx, "rule", "`relative`, `thresholds`, `yes_no` or `none`");
            return None;
        };
        let rule = keyword(rule_node, cx, "colour rule", COLOUR_RULES)?;
        let span = t.span;
        let colour = match rule {
            "relative" => Some(ColourSpec::Relative {
                green: t.opt(cx, "green"),
                red: t.opt(cx, "red"),
                interval: t.opt(cx, "interval"),
                span,
            }),
            "thresholds" => {
                let green = t.req(cx, "green");
                let red = t.req(cx, "red");
                let interval = t.opt(cx, "interval");
                match (green, red) {
                    (Some(green), Some(red)) => Some(ColourSpec::Thresholds {
                        green,
                        red,
                        interval,
                        span,
                    }),
                    _ => None,
                }
            }
            "yes_no" => Some(ColourSpec::YesNo { span }),
            _ => Some(ColourSpec::None { span }),
        };
        t.finish(cx);
        colour
    }
}

impl Decode for DescriptionSpec {
    const EXPECTED: &'static str = "a table";
    fn decode(node: &Node<'_>, cx: &mut Cx<'_>) -> Option<Self> {
        let mut t = Table::open(node, cx, "indicator.description")?;
        let shows = t.req(cx, "shows");
        let description = DescriptionSpec {
            numerator: t.opt(cx, "numerator"),
            denominator: t.opt(cx, "denominator"),
            source: t.opt(cx, "source"),
            interpretation: t.opt(cx, "interpretation"),
            error_sources: t.opt(cx, "error_sources"),
            shows: shows?,
        };
        t.finish(cx);
        Some(description)
    }
}

impl Decode for IndicatorSpec {
    const EXPECTED: &'static str = "a table";
    fn decode(node: &Node<'_>, cx: &mut Cx<'_>) -> Option<Self> {
        let mut t = Table::open(node, cx, "indicator")?;
        let id = t.req(cx, "id");
        let title = t.req(cx, "title");
        let title_en = t.opt(cx, "title_en");
        let area = t.opt(cx, "area");
        let kind = t.req(cx, "kind");
        let dimension = t.opt(cx, "dimension");
        let indicator_type = t.opt(cx, "type");
        let direction = t.req(cx, "direction");
        let target = t.opt(cx, "target");
        let unit = t.req(cx, "unit");
        let decimals = t.opt(cx, "decimals");
        let levels = t.opt(cx, "levels");
        let breakdown = t.opt(cx, "breakdown");
        let age_groups = t.opt(cx, "age_groups");
        let colour = t.opt(cx, "colour");
        let disclosure = t.opt(cx, "disclosure");
        let comparable_from = t.opt(cx, "comparable_from");
        let description = t.req(cx, "description");
        let measure = t.req(cx, "measure");
        let span = t.span;
        t.finish(cx);
        let complete = title.is_some()
            && kind.is_some()
            && direction.is_some()
            && unit.is_some()
            && description.is_some()
            && measure.is_some();
        if !complete {
            cx.broken(id.as_ref());
        }
        Some(IndicatorSpec {
            id: id?,
            title: title?,
            title_en,
            area,
            kind: kind?,
            dimension,
            indicator_type,
            direction: direction?,
            target,
            unit: unit?,
            decimals,
            levels,
            breakdown,
            age_groups,
            colour,
            disclosure,
            comparable_from,
            description: description?,
            measure: measure?,
            span,
        })
    }
}
