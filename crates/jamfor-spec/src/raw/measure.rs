//! `[indicator.measure]`: what is computed, from which source, under which conditions.
//!
//! Conditions (`where`, `yes`, `answered`, …) are SQL `WHERE` expressions over the source's declared
//! columns; they are parsed and checked against the schema before any data is read.

use schemars::JsonSchema;

use crate::decode::{Cx, Decode, Node, Table, keyword};
use crate::keywords::Role;
use crate::raw::id::Id;
use crate::span::{Ranged, Span};

/// What an indicator computes. The key `type` chooses the measure.
#[derive(Debug, Clone, JsonSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum MeasureSpec {
    /// Number of rows (or persons with `distinct`, or the sum of a column with `sum`).
    Count(SourceCount),
    /// numerator / denominator × 100, in percent.
    Share(RatioMeasure),
    /// numerator / denominator × `per` (e.g. per 1 000 inhabitants).
    Rate(RateMeasure),
    /// Mean of a numeric column.
    Mean(ColumnMeasure),
    /// Median of a numeric column (recomputed at every level, never rolled up).
    Median(ColumnMeasure),
    /// Yes or no per unit (kommunenkät); at län and riket, the share of responding units answering yes.
    YesNo(YesNoMeasure),
    /// Share of a kommun's units (enheter, stadsdelar) answering yes.
    ShareYes(ShareYesMeasure),
    /// Points over several questions per unit; above the unit, the mean of unit values.
    Index(IndexMeasure),
    /// Weighted survey share with a confidence interval (brukarundersökning).
    SurveyShare(SurveyShareMeasure),
    /// Respondents / sampled persons, in percent (brukarundersökning).
    ResponseRate(ResponseRateMeasure),
}

/// A count read from a source: rows, distinct persons or the sum of a column, after a filter.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct SourceCount {
    /// The source to read.
    pub source: Ranged<Id>,
    /// Rows to keep, as a SQL `WHERE` expression over the source's columns.
    #[serde(rename = "where")]
    pub filter: Option<Ranged<String>>,
    /// Sum this numeric column instead of counting rows (e.g. `antal` in a population table).
    pub sum: Option<Ranged<String>>,
    /// Count distinct values of this column (e.g. persons by an identifying column) instead of rows.
    pub distinct: Option<Ranged<String>>,
    /// A condition on each person counted, over aggregates of the person's rows kept by `where`,
    /// as a SQL `HAVING` expression: `"COUNT(DISTINCT manad) >= 10"`. Needs `distinct` on an
    /// identifying column.
    pub having: Option<Ranged<String>>,
    /// The year read, relative to the indicator's: `-1` reads the previous year's file (a lagged
    /// denominator, a follow-up of those who left the year before). Default 0.
    pub year: Option<Ranged<i64>>,
    /// The years whose rows `having` sees, relative to the indicator's, first and last:
    /// `[-2, 0]` is the last three years. Must hold `year`. Default: `year` alone.
    pub window: Option<Ranged<Vec<Ranged<i64>>>>,
    /// `"kommun"`: a person's rows are aggregated per kommun, as if the person were a different
    /// case in each (ÖJ's "i den aktuella kommunen"). Default: over the whole country.
    pub within: Option<Ranged<String>>,
    #[schemars(skip)]
    /// Where the table was written.
    pub span: Span,
}

/// Another indicator's count, reused as a numerator or denominator (so that disclosure control
/// treats the two published figures as one count).
#[derive(Debug, Clone, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct IndicatorRef {
    /// Id of a `count` indicator.
    pub indicator: Ranged<Id>,
    #[schemars(skip)]
    /// Where the table was written.
    pub span: Span,
}

/// A numerator or denominator: a count from a source, or another indicator's count.
#[derive(Debug, Clone, JsonSchema)]
#[serde(untagged)]
#[allow(
    clippy::large_enum_variant,
    reason = "a catalogue has a few hundred counts; boxing would only add indirection"
)]
pub enum CountSpec {
    /// Read from a source.
    Source(SourceCount),
    /// Reuse a count indicator.
    Indicator(IndicatorRef),
}

impl CountSpec {
    /// Where the count was written.
    pub fn span(&self) -> Span {
        match self {
            CountSpec::Source(c) => c.span,
            CountSpec::Indicator(r) => r.span,
        }
    }
}

/// A share: numerator / denominator in percent.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RatioMeasure {
    /// What is counted above the line.
    pub numerator: CountSpec,
    /// What is counted below the line (required).
    pub denominator: Option<CountSpec>,
    #[schemars(skip)]
    /// Where the measure was written.
    pub span: Span,
}

/// A rate: numerator / denominator × `per`.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct RateMeasure {
    /// What is counted (e.g. recipients).
    pub numerator: CountSpec,
    /// The population it is related to (required).
    pub denominator: Option<CountSpec>,
    /// Per how many: 1000, 10000 or 100000.
    pub per: Ranged<i64>,
    #[schemars(skip)]
    /// Where the measure was written.
    pub span: Span,
}

/// Mean or median of a column.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ColumnMeasure {
    /// The source to read.
    pub source: Ranged<Id>,
    /// The numeric column (e.g. a number of hours). Either `column` or `value`.
    pub column: Option<Ranged<String>>,
    /// A value computed per row, as a SQL expression: `"avslutad - paborjad"` (days between two
    /// dates). Either `column` or `value`. With `per_person`, an aggregate over each person's rows:
    /// `"COUNT(DISTINCT manad)"`.
    pub value: Option<Ranged<String>>,
    /// The identifying column: the mean or median is taken over persons, of `value` aggregated
    /// over each person's rows kept by `where`.
    pub per_person: Option<Ranged<String>>,
    /// With `per_person`: `"kommun"` aggregates a person's rows per kommun.
    pub within: Option<Ranged<String>>,
    /// Rows to keep.
    #[serde(rename = "where")]
    pub filter: Option<Ranged<String>>,
    #[schemars(skip)]
    /// Where the measure was written.
    pub span: Span,
}

/// Yes/no per unit from a survey of units (kommunenkät).
#[derive(Debug, Clone, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct YesNoMeasure {
    /// The source to read (family `kommunenkat`).
    pub source: Ranged<Id>,
    /// When the unit answers yes, e.g. `"rutin_vald = 'Ja'"`.
    pub yes: Ranged<String>,
    /// When the unit has answered at all (default: every row of a responding unit). Units that have
    /// not answered are bortfall.
    pub answered: Option<Ranged<String>>,
    #[schemars(skip)]
    /// Where the measure was written.
    pub span: Span,
}

/// Share of a kommun's units answering yes.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ShareYesMeasure {
    /// The source to read (family `kommunenkat`).
    pub source: Ranged<Id>,
    /// The unit counted: `enhet` or `stadsdel` (a column with that role).
    pub unit: Ranged<Role>,
    /// When a unit answers yes.
    pub yes: Ranged<String>,
    /// When a unit has answered.
    pub answered: Option<Ranged<String>>,
    #[schemars(skip)]
    /// Where the measure was written.
    pub span: Span,
}

/// One question of an index.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct IndexItem {
    /// When the unit gets the points, e.g. `"q3 = 'Ja'"`.
    pub when: Ranged<String>,
    /// The points given.
    pub points: Ranged<f64>,
    #[schemars(skip)]
    /// Where the item was written.
    pub span: Span,
}

/// An index of points over several questions.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct IndexMeasure {
    /// The source to read (family `kommunenkat`).
    pub source: Ranged<Id>,
    /// The questions and their points.
    pub items: Vec<IndexItem>,
    /// When the unit has answered.
    pub answered: Option<Ranged<String>>,
    #[schemars(skip)]
    /// Where the measure was written.
    pub span: Span,
}

/// A weighted share of survey respondents with a confidence interval.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct SurveyShareMeasure {
    /// The source to read (family `brukarundersokning`).
    pub source: Ranged<Id>,
    /// The population surveyed, e.g. `"verksamhet = 'EKB'"` (default: every row).
    #[serde(rename = "where")]
    pub filter: Option<Ranged<String>>,
    /// A positive answer, e.g. `"q5 in ('Mycket bra', 'Ganska bra')"`.
    pub positive: Ranged<String>,
    /// Respondents who answered the question (default: every respondent).
    pub answered: Option<Ranged<String>>,
    /// Confidence level of the interval (default 0.95).
    pub confidence: Option<Ranged<f64>>,
    #[schemars(skip)]
    /// Where the measure was written.
    pub span: Span,
}

/// The response rate of a survey.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ResponseRateMeasure {
    /// The source to read (family `brukarundersokning`; one row per sampled person).
    pub source: Ranged<Id>,
    /// The population surveyed, e.g. `"verksamhet = 'EKB'"` (default: every row).
    #[serde(rename = "where")]
    pub filter: Option<Ranged<String>>,
    /// When a sampled person responded, e.g. `"svarat = 'Ja'"`.
    pub responded: Ranged<String>,
    #[schemars(skip)]
    /// Where the measure was written.
    pub span: Span,
}

impl MeasureSpec {
    /// Where the measure table was written.
    pub fn span(&self) -> Span {
        match self {
            MeasureSpec::Count(m) => m.span,
            MeasureSpec::Share(m) => m.span,
            MeasureSpec::Rate(m) => m.span,
            MeasureSpec::Mean(m) | MeasureSpec::Median(m) => m.span,
            MeasureSpec::YesNo(m) => m.span,
            MeasureSpec::ShareYes(m) => m.span,
            MeasureSpec::Index(m) => m.span,
            MeasureSpec::SurveyShare(m) => m.span,
            MeasureSpec::ResponseRate(m) => m.span,
        }
    }

    /// The `type` keyword.
    pub fn type_name(&self) -> &'static str {
        match self {
            MeasureSpec::Count(_) => "count",
            MeasureSpec::Share(_) => "share",
            MeasureSpec::Rate(_) => "rate",
            MeasureSpec::Mean(_) => "mean",
            MeasureSpec::Median(_) => "median",
            MeasureSpec::YesNo(_) => "yes_no",
            MeasureSpec::ShareYes(_) => "share_yes",
            MeasureSpec::Index(_) => "index",
            MeasureSpec::SurveyShare(_) => "survey_share",
            MeasureSpec::ResponseRate(_) => "response_rate",
        }
    }
}

const MEASURE_TYPES: &[(&str, &str)] = &[
    ("count", "count"),
    ("share", "share"),
    ("rate", "rate"),
    ("mean", "mean"),
    ("median", "median"),
    ("yes_no", "yes_no"),
    ("share_yes", "share_yes"),
    ("index", "index"),
    ("survey_share", "survey_share"),
    ("response_rate", "response_rate"),
];

fn source_count(t: &mut Table<'_, '_>, cx: &mut Cx<'_>) -> Option<SourceCount> {
    let source = t.req(cx, "source");
    let filter = t.opt(cx, "where");
    let sum = t.opt(cx, "sum");
    let distinct = t.opt(cx, "distinct");
    let having = t.opt(cx, "having");
    let year = t.opt(cx, "year");
    let window = t.opt(cx, "window");
    let within = t.opt(cx, "within");
    Some(SourceCount {
        source: source?,
        filter,
        sum,
        distinct,
        having,
        year,
        window,
        within,
        span: t.span,
    })
}

impl Decode for CountSpec {
    const EXPECTED: &'static str =
        "a table such as { source = \"…\", where = \"…\" } or { indicator = \"…\" }";
    fn decode(node: &Node<'_>, cx: &mut Cx<'_>) -> Option<Self> {
        let mut t = Table::open(node, cx, "count")?;
        let spec = if t.node("indicator").is_some() {
            t.req(cx, "indicator").map(|indicator| {
                CountSpec::Indicator(IndicatorRef {
                    indicator,
                    span: t.span,
                })
            })
        } else {
            source_count(&mut t, cx).map(CountSpec::Source)
        };
        t.finish(cx);
        spec
    }
}

impl Decode for IndexItem {
    const EXPECTED: &'static str = "a table { when = \"…\", points = … }";
    fn decode(node: &Node<'_>, cx: &mut Cx<'_>) -> Option<Self> {
        let mut t = Table::open(node, cx, "measure.items")?;
        let when = t.req(cx, "when");
        let points = t.req(cx, "points");
        let span = t.span;
        t.finish(cx);
        Some(IndexItem {
            when: when?,
            points: points?,
            span,
        })
    }
}

impl RatioMeasure {
    fn read(t: &mut Table<'_, '_>, cx: &mut Cx<'_>) -> Option<Self> {
        let numerator = t.req(cx, "numerator");
        // A missing denominator is reported by `share-without-denominator` during resolution,
        // with a better hint than a bare missing-field.
        let denominator = t.opt(cx, "denominator");
        Some(RatioMeasure {
            numerator: numerator?,
            denominator,
            span: t.span,
        })
    }
}

impl RateMeasure {
    fn read(t: &mut Table<'_, '_>, cx: &mut Cx<'_>) -> Option<Self> {
        let numerator = t.req(cx, "numerator");
        let denominator = t.opt(cx, "denominator");
        let per = t.req(cx, "per");
        Some(RateMeasure {
            numerator: numerator?,
            denominator,
            per: per?,
            span: t.span,
        })
    }
}

impl ColumnMeasure {
    fn read(t: &mut Table<'_, '_>, cx: &mut Cx<'_>) -> Option<Self> {
        let source = t.req(cx, "source");
        let column = t.opt(cx, "column");
        let value = t.opt(cx, "value");
        let per_person = t.opt(cx, "per_person");
        let within = t.opt(cx, "within");
        let filter = t.opt(cx, "where");
        Some(ColumnMeasure {
            source: source?,
            column,
            value,
            per_person,
            within,
            filter,
            span: t.span,
        })
    }
}

impl YesNoMeasure {
    fn read(t: &mut Table<'_, '_>, cx: &mut Cx<'_>) -> Option<Self> {
        let source = t.req(cx, "source");
        let yes = t.req(cx, "yes");
        let answered = t.opt(cx, "answered");
        Some(YesNoMeasure {
            source: source?,
            yes: yes?,
            answered,
            span: t.span,
        })
    }
}

impl ShareYesMeasure {
    fn read(t: &mut Table<'_, '_>, cx: &mut Cx<'_>) -> Option<Self> {
        let source = t.req(cx, "source");
        let unit = t.req(cx, "unit");
        let yes = t.req(cx, "yes");
        let answered = t.opt(cx, "answered");
        Some(ShareYesMeasure {
            source: source?,
            unit: unit?,
            yes: yes?,
            answered,
            span: t.span,
        })
    }
}

impl IndexMeasure {
    fn read(t: &mut Table<'_, '_>, cx: &mut Cx<'_>) -> Option<Self> {
        let source = t.req(cx, "source");
        let items = t.req(cx, "items");
        let answered = t.opt(cx, "answered");
        Some(IndexMeasure {
            source: source?,
            items: items?,
            answered,
            span: t.span,
        })
    }
}

impl SurveyShareMeasure {
    fn read(t: &mut Table<'_, '_>, cx: &mut Cx<'_>) -> Option<Self> {
        let source = t.req(cx, "source");
        let filter = t.opt(cx, "where");
        let positive = t.req(cx, "positive");
        let answered = t.opt(cx, "answered");
        let confidence = t.opt(cx, "confidence");
        Some(SurveyShareMeasure {
            source: source?,
            filter,
            positive: positive?,
            answered,
            confidence,
            span: t.span,
        })
    }
}

impl ResponseRateMeasure {
    fn read(t: &mut Table<'_, '_>, cx: &mut Cx<'_>) -> Option<Self> {
        let source = t.req(cx, "source");
        let filter = t.opt(cx, "where");
        let responded = t.req(cx, "responded");
        Some(ResponseRateMeasure {
            source: source?,
            filter,
            responded: responded?,
            span: t.span,
        })
    }
}

impl Decode for MeasureSpec {
    const EXPECTED: &'static str = "a table";
    fn decode(node: &Node<'_>, cx: &mut Cx<'_>) -> Option<Self> {
        let mut t = Table::open(node, cx, "indicator.measure")?;
        let Some(type_node) = t.node("type") else {
            t.missing(cx, "type", "the kind of measure, e.g. \"share\"");
            return None;
        };
        let kind = keyword(type_node, cx, "measure type", MEASURE_TYPES)?;
        let measure = match kind {
            "count" => source_count(&mut t, cx).map(MeasureSpec::Count),
            "share" => RatioMeasure::read(&mut t, cx).map(MeasureSpec::Share),
            "rate" => RateMeasure::read(&mut t, cx).map(MeasureSpec::Rate),
            "mean" => ColumnMeasure::read(&mut t, cx).map(MeasureSpec::Mean),
            "median" => ColumnMeasure::read(&mut t, cx).map(MeasureSpec::Median),
            "yes_no" => YesNoMeasure::read(&mut t, cx).map(MeasureSpec::YesNo),
            "share_yes" => ShareYesMeasure::read(&mut t, cx).map(MeasureSpec::ShareYes),
            "index" => IndexMeasure::read(&mut t, cx).map(MeasureSpec::Index),
            "survey_share" => SurveyShareMeasure::read(&mut t, cx).map(MeasureSpec::SurveyShare),
            _ => ResponseRateMeasure::read(&mut t, cx).map(MeasureSpec::ResponseRate),
        };
        t.finish(cx);
        measure
    }
}
