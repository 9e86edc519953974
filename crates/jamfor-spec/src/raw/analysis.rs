//! The analysis tables of `indicators/<area>/area.toml`: `[comparable]` (which kommuner are
//! comparable, computed from nyckeltal) and `[bruttolista]` (the margins of a kommun's shortlist).
//!
//! Both are optional; without `[comparable]` an area has no group of comparable kommuner, without
//! `[bruttolista]` the shortlist uses the defaults documented on [`BruttolistaSpec`].

use schemars::JsonSchema;

use crate::decode::{Cx, Decode, Node, Table};
use crate::raw::id::Id;
use crate::span::{Ranged, Span};

/// Comparable kommuner (liknande kommuner) of the area: for each kommun, the `k` kommuner nearest
/// to it in the standardised nyckeltal of the release year.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ComparableSpec {
    /// How many comparable kommuner each kommun gets (1–50; Kolada's groups have 7).
    pub k: Ranged<i64>,
    /// Indicator ids of the nyckeltal or bakgrundsmått that define similarity, e.g.
    /// `["aldre_invanare_80_andel"]`. Any area's indicators may be named.
    pub nyckeltal: Vec<Ranged<Id>>,
    /// Nyckeltal taken on a log scale before standardising: skewed figures such as folkmängd,
    /// where the difference between 10 000 and 20 000 inhabitants matters as much as between
    /// 100 000 and 200 000. Each must also be listed in `nyckeltal`.
    pub log: Option<Vec<Ranged<Id>>>,
    #[schemars(skip)]
    /// Where the table was written.
    pub span: Span,
}

/// The margins of the bruttolista (a kommun's shortlist of indicators to look at). Margins are in
/// standard deviations of the indicator's kommun values that year, so one margin serves indicators
/// in percent, days and counts alike.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct BruttolistaSpec {
    /// How far (in standard deviations) a kommun must lie from its comparable kommuner or its
    /// kommungrupp to be flagged as worse or better (default 0.5).
    pub margin: Option<Ranged<f64>>,
    /// How large (in standard deviations) a gap between kvinnor and män must be to be flagged
    /// (default 0.5).
    pub gap_margin: Option<Ranged<f64>>,
    /// How many year-on-year changes in a row, ending in the release year, make a trend (2–10,
    /// default 3: worse three years in a row).
    pub trend_years: Option<Ranged<i64>>,
    #[schemars(skip)]
    /// Where the table was written.
    pub span: Span,
}

impl Decode for ComparableSpec {
    const EXPECTED: &'static str = "a table with `k` and `nyckeltal`";
    fn decode(node: &Node<'_>, cx: &mut Cx<'_>) -> Option<Self> {
        let mut t = Table::open(node, cx, "comparable")?;
        let k = t.req(cx, "k");
        let nyckeltal = t.req(cx, "nyckeltal");
        let log = t.opt(cx, "log");
        let span = t.span;
        t.finish(cx);
        Some(ComparableSpec {
            k: k?,
            nyckeltal: nyckeltal?,
            log,
            span,
        })
    }
}

impl Decode for BruttolistaSpec {
    const EXPECTED: &'static str = "a table";
    fn decode(node: &Node<'_>, cx: &mut Cx<'_>) -> Option<Self> {
        let mut t = Table::open(node, cx, "bruttolista")?;
        let spec = BruttolistaSpec {
            margin: t.opt(cx, "margin"),
            gap_margin: t.opt(cx, "gap_margin"),
            trend_years: t.opt(cx, "trend_years"),
            span: t.span,
        };
        t.finish(cx);
        Some(spec)
    }
}

/// The analysis tables of one `area.toml`, as written.
#[derive(Debug, Clone, Default)]
pub struct AnalysisSpec {
    /// `[comparable]`, when written and valid.
    pub comparable: Option<ComparableSpec>,
    /// `[bruttolista]`, when written and valid.
    pub bruttolista: Option<BruttolistaSpec>,
}

impl AnalysisSpec {
    /// Reads the optional `[comparable]` and `[bruttolista]` tables of an area file.
    pub(crate) fn read(t: &mut Table<'_, '_>, cx: &mut Cx<'_>) -> Self {
        AnalysisSpec {
            comparable: t.opt(cx, "comparable"),
            bruttolista: t.opt(cx, "bruttolista"),
        }
    }
}
