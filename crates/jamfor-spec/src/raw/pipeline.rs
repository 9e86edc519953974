//! `pipelines/<release>.toml`: one release — its years, areas, input files, policy and outputs.

use std::collections::BTreeMap;

use schemars::JsonSchema;

use crate::decode::{Cx, Decode, Node, Table, wrong_type};
use crate::diagnostic::Diagnostic;
use crate::keywords::SynthScale;
use crate::raw::id::Id;
use crate::rule::Rule;
use crate::span::{Ranged, Span};

/// A release definition file.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(deny_unknown_fields, title = "jamfor release")]
pub struct PipelineFile {
    /// The release.
    pub release: ReleaseSpec,
    /// Which files each source reads, per year: `[inputs.<source id>]`.
    pub inputs: BTreeMap<Ranged<String>, InputSpec>,
    /// What is written.
    pub outputs: Option<OutputsSpec>,
    /// The inputs are synthetic: `jamfor run` generates any that are missing before reading.
    pub synthetic: Option<SyntheticSpec>,
}

/// Synthetic inputs, generated deterministically by `jamfor synth` when missing.
///
/// Lets a release run on a fresh clone without shipping gigabytes of data: the same scale and
/// seed always give byte-identical files.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct SyntheticSpec {
    /// How large: `small` or `national`.
    pub scale: Ranged<SynthScale>,
    /// Seed of the generator.
    pub seed: Ranged<i64>,
}

/// The release itself.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ReleaseSpec {
    /// Release id; names the release folder.
    pub id: Ranged<Id>,
    /// Title, e.g. "Öppna jämförelser socialtjänst 2024".
    pub title: Ranged<String>,
    /// The release year (the latest year published).
    pub year: Ranged<i64>,
    /// Earlier years published as time series.
    pub history: Option<Vec<Ranged<i64>>>,
    /// Publication date (YYYY-MM-DD). Written into the release instead of the clock, so that a
    /// release is byte-identical when rerun.
    pub published: Ranged<Date>,
    /// Areas published (default: every area under `indicators/`).
    pub areas: Option<Vec<Ranged<Id>>>,
    /// Default disclosure policy for indicators that name none.
    pub disclosure: Ranged<Id>,
    /// The earlier release this one follows, as a folder relative to the definitions root
    /// (e.g. `releases/oj-socialtjanst-2023`): the years both publish keep its confidentiality
    /// pattern where the data did not change.
    pub follows: Option<Ranged<String>>,
    #[schemars(skip)]
    /// Where the table was written.
    pub span: Span,
}

/// The files of one source, per year: either a `path` pattern with `{year}`, or `files` by year.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct InputSpec {
    /// A path relative to the definitions root, with `{year}` standing for the year.
    pub path: Option<Ranged<String>>,
    /// Paths by year: `{ "2023" = "…", "2024" = "…" }`.
    pub files: Option<BTreeMap<Ranged<String>, Ranged<String>>>,
    #[schemars(skip)]
    /// Where the table was written.
    pub span: Span,
}

/// Which outputs a release writes.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct OutputsSpec {
    /// Write the Parquet dataset (default true).
    pub parquet: Option<bool>,
    /// Write one Excel workbook per area (default true).
    pub excel: Option<bool>,
    /// Write the results in the shape of Kolada's API v3, one JSON file per indicator under
    /// `kolada/` (default false).
    pub kolada: Option<bool>,
}

/// A calendar date, written as a TOML date (`2024-11-26`, no quotes).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub String);

impl Decode for Date {
    const EXPECTED: &'static str = "a date (YYYY-MM-DD, without quotes)";
    fn decode(node: &Node<'_>, cx: &mut Cx<'_>) -> Option<Self> {
        match node.get_ref() {
            toml::de::DeValue::Datetime(dt) if dt.date.is_some() && dt.time.is_none() => {
                Some(Date(dt.to_string()))
            }
            toml::de::DeValue::Datetime(_) => {
                let span = cx.span(node.span());
                cx.report(
                    Diagnostic::new(Rule::InvalidValue, span, "expected a date without a time")
                        .label("a date such as 2024-11-26"),
                );
                None
            }
            _ => {
                wrong_type(node, cx, Self::EXPECTED);
                None
            }
        }
    }
}

impl schemars::JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({ "type": "string", "format": "date" })
    }
}

impl Decode for ReleaseSpec {
    const EXPECTED: &'static str = "a table";
    fn decode(node: &Node<'_>, cx: &mut Cx<'_>) -> Option<Self> {
        let mut t = Table::open(node, cx, "release")?;
        let id = t.req(cx, "id");
        let title = t.req(cx, "title");
        let year = t.req(cx, "year");
        let history = t.opt(cx, "history");
        let published = t.req(cx, "published");
        let areas = t.opt(cx, "areas");
        let disclosure = t.req(cx, "disclosure");
        let follows = t.opt(cx, "follows");
        let span = t.span;
        t.finish(cx);
        Some(ReleaseSpec {
            id: id?,
            title: title?,
            year: year?,
            history,
            published: published?,
            areas,
            disclosure: disclosure?,
            follows,
            span,
        })
    }
}

impl Decode for InputSpec {
    const EXPECTED: &'static str = "a table";
    fn decode(node: &Node<'_>, cx: &mut Cx<'_>) -> Option<Self> {
        let mut t = Table::open(node, cx, "inputs")?;
        let path = t.opt(cx, "path");
        let files = t.opt(cx, "files");
        let span = t.span;
        let both = t.node("path").is_some() && t.node("files").is_some();
        let neither = t.node("path").is_none() && t.node("files").is_none();
        t.finish(cx);
        if both {
            cx.report(
                Diagnostic::new(
                    Rule::InvalidValue,
                    span,
                    "an input has both `path` and `files`",
                )
                .label("give either a `path` pattern with {year}, or `files` by year"),
            );
        } else if neither {
            cx.report(
                Diagnostic::new(Rule::MissingField, span, "an input needs `path` or `files`")
                    .label("e.g. path = \"data/befolkning_{year}.csv\""),
            );
        }
        Some(InputSpec { path, files, span })
    }
}

impl Decode for SyntheticSpec {
    const EXPECTED: &'static str = "a table";
    fn decode(node: &Node<'_>, cx: &mut Cx<'_>) -> Option<Self> {
        let mut t = Table::open(node, cx, "synthetic")?;
        let scale = t.req(cx, "scale");
        let seed = t.req(cx, "seed");
        t.finish(cx);
        Some(SyntheticSpec {
            scale: scale?,
            seed: seed?,
        })
    }
}

impl Decode for OutputsSpec {
    const EXPECTED: &'static str = "a table";
    fn decode(node: &Node<'_>, cx: &mut Cx<'_>) -> Option<Self> {
        let mut t = Table::open(node, cx, "outputs")?;
        let outputs = OutputsSpec {
            parquet: t.opt(cx, "parquet"),
            excel: t.opt(cx, "excel"),
            kolada: t.opt(cx, "kolada"),
        };
        t.finish(cx);
        Some(outputs)
    }
}
