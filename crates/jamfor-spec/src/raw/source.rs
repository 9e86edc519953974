//! `sources/<name>.toml`: one declared source — its family, file format and column schema.

use std::collections::BTreeMap;

use schemars::JsonSchema;

use crate::decode::{Cx, Decode, Node, Table, wrong_type};
use crate::keywords::{ColumnType, Encoding, Extract, Family, FormatKind, InvalidRows, Role};
use crate::raw::id::Id;
use crate::span::{Ranged, Span};

/// A source definition file.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(deny_unknown_fields, title = "jamfor source")]
pub struct SourceFile {
    /// The source declared by this file.
    pub source: SourceSpec,
}

/// A source: where rows come from and what their columns mean. Which file is read for which year is
/// declared by each release (`[inputs.<id>]` in `pipelines/*.toml`).
#[derive(Debug, Clone, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct SourceSpec {
    /// Unique id, used by measures (`source = "…"`) and releases (`[inputs.…]`).
    pub id: Ranged<Id>,
    /// Name shown in workbooks and documentation, in Swedish.
    pub title: Ranged<String>,
    /// `register`, `kommunenkat`, `brukarundersokning` or `statistik`.
    pub family: Ranged<Family>,
    /// Who delivers the data, e.g. "Socialstyrelsen" or "SCB".
    pub provider: Option<String>,
    /// What the rows are and how they were collected.
    pub description: Option<String>,
    /// File format.
    pub format: FormatSpec,
    /// Columns that together identify a row (e.g. `["kommun"]` for a kommunenkät with one row per
    /// kommun); duplicates stop the run.
    pub unique_by: Option<Vec<Ranged<String>>>,
    /// What to do with rows that break the schema: `fail` (default) or `drop` (counted and reported).
    pub invalid_rows: Option<Ranged<InvalidRows>>,
    /// Every column the definitions may use. Columns of the file that are not declared are ignored.
    pub columns: Vec<ColumnSpec>,
    #[schemars(skip)]
    /// Where `[source]` was written.
    pub span: Span,
}

/// How a source's files are laid out.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct FormatSpec {
    /// `csv`, `parquet`, `xlsx`, `sas7bdat` or `sav` (SPSS `.sav` and `.zsav`).
    pub kind: Ranged<FormatKind>,
    /// CSV: the field delimiter, one character (default `,`; Swedish exports often use `;`).
    pub delimiter: Option<Ranged<String>>,
    /// CSV: the decimal mark, `.` (default) or `,`.
    pub decimal: Option<Ranged<String>>,
    /// CSV: `utf-8` (default), `windows-1252` or `iso-8859-1`.
    pub encoding: Option<Ranged<Encoding>>,
    /// CSV and xlsx: whether the first row holds column names (default true).
    pub header: Option<Ranged<bool>>,
    /// xlsx: the sheet to read (required for xlsx).
    pub sheet: Option<Ranged<String>>,
    /// CSV and xlsx: the file has one column per year (`"2019"`, `"2020"`, or `"Folkmängd 2020"`),
    /// as SCB's statistical database exports tables. Each year is read from its own column: the
    /// year goes into the declared column `year`, the column's values into `value`.
    pub year_columns: Option<YearColumnsSpec>,
    #[schemars(skip)]
    /// Where the table was written.
    pub span: Span,
}

/// A file with one column per year, read one year at a time.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct YearColumnsSpec {
    /// The declared column that gets the year (e.g. `ar`, `type = "integer"`, `role = "period"`).
    pub year: Ranged<String>,
    /// The declared column that gets the year column's values (e.g. `antal`).
    pub value: Ranged<String>,
    #[schemars(skip)]
    /// Where the table was written.
    pub span: Span,
}

/// One declared column.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct ColumnSpec {
    /// The column's name in the file (case-sensitive).
    pub name: Ranged<String>,
    /// `text`, `integer`, `decimal`, `boolean`, `date` or `code`.
    #[serde(rename = "type")]
    pub column_type: Ranged<ColumnType>,
    /// What the column means to the engine: `kommun`, `stadsdel`, `enhet`, `period`, `kon`,
    /// `alder`, `weight` or `identifying`.
    pub role: Option<Ranged<Role>>,
    /// For `type = "code"`: the allowed codes, as a list or as a table code → label.
    pub codes: Option<Codes>,
    /// Whether empty values are allowed (default false).
    pub nullable: Option<bool>,
    /// For `type = "integer"` or `"decimal"`: whether values below zero are allowed (default
    /// false: counts, amounts, ages and days are never negative, so a negative value is a mistake
    /// in the file, reported at its line). Declare `true` for a balance or a change.
    pub negative: Option<Ranged<bool>>,
    /// For `role = "kon"`: the code that means kvinnor.
    pub kvinnor: Option<Ranged<String>>,
    /// For `role = "kon"`: the code that means män.
    pub man: Option<Ranged<String>>,
    /// What the column holds (a survey question's wording, a register variable's definition).
    pub description: Option<String>,
    /// sav: read the value label the file gives a value (`"Mycket bra"`) instead of the value
    /// itself (`1`). A value without a label is read as it is.
    pub use_value_labels: Option<Ranged<bool>>,
    /// csv and xlsx: take only part of each value: `code` the code before the first space
    /// (`0114 Upplands Väsby` is `0114`), `number` the whole number at the start (`45 år` is
    /// `45`, `100+ år` is `100`).
    pub extract: Option<Ranged<Extract>>,
    #[schemars(skip)]
    /// Where the column's table was written.
    pub span: Span,
}

/// The allowed codes of a code column.
#[derive(Debug, Clone, JsonSchema)]
#[serde(untagged)]
pub enum Codes {
    /// Codes only: `["Ja", "Nej"]`.
    List(Vec<Ranged<String>>),
    /// Codes with labels: `{ "1" = "Ja", "2" = "Nej" }`.
    Labelled(BTreeMap<Ranged<String>, String>),
}

impl Codes {
    /// The codes with where each was written.
    pub fn codes(&self) -> Vec<&Ranged<String>> {
        match self {
            Codes::List(list) => list.iter().collect(),
            Codes::Labelled(map) => map.keys().collect(),
        }
    }
}

impl Decode for Codes {
    const EXPECTED: &'static str = "an array of codes or a table of code = label";
    fn decode(node: &Node<'_>, cx: &mut Cx<'_>) -> Option<Self> {
        match node.get_ref() {
            toml::de::DeValue::Array(_) => Decode::decode(node, cx).map(Codes::List),
            toml::de::DeValue::Table(_) => Decode::decode(node, cx).map(Codes::Labelled),
            _ => {
                wrong_type(node, cx, Self::EXPECTED);
                None
            }
        }
    }
}

impl Decode for FormatSpec {
    const EXPECTED: &'static str = "a table";
    fn decode(node: &Node<'_>, cx: &mut Cx<'_>) -> Option<Self> {
        let mut t = Table::open(node, cx, "source.format")?;
        let kind = t.req(cx, "kind");
        let format = FormatSpec {
            delimiter: t.opt(cx, "delimiter"),
            decimal: t.opt(cx, "decimal"),
            encoding: t.opt(cx, "encoding"),
            header: t.opt(cx, "header"),
            sheet: t.opt(cx, "sheet"),
            year_columns: t.opt(cx, "year_columns"),
            span: t.span,
            kind: kind?,
        };
        t.finish(cx);
        Some(format)
    }
}

impl Decode for ColumnSpec {
    const EXPECTED: &'static str = "a table";
    fn decode(node: &Node<'_>, cx: &mut Cx<'_>) -> Option<Self> {
        let mut t = Table::open(node, cx, "source.columns")?;
        let name = t.req(cx, "name");
        let column_type = t.req(cx, "type");
        let role = t.opt(cx, "role");
        let codes = t.opt(cx, "codes");
        let nullable = t.opt(cx, "nullable");
        let negative = t.opt(cx, "negative");
        let kvinnor = t.opt(cx, "kvinnor");
        let man = t.opt(cx, "man");
        let description = t.opt(cx, "description");
        let use_value_labels = t.opt(cx, "use_value_labels");
        let extract = t.opt(cx, "extract");
        let span = t.span;
        t.finish(cx);
        if column_type.is_none() {
            cx.broken(name.as_ref());
        }
        Some(ColumnSpec {
            name: name?,
            column_type: column_type?,
            role,
            codes,
            nullable,
            negative,
            kvinnor,
            man,
            description,
            use_value_labels,
            extract,
            span,
        })
    }
}

impl Decode for YearColumnsSpec {
    const EXPECTED: &'static str = "a table";
    fn decode(node: &Node<'_>, cx: &mut Cx<'_>) -> Option<Self> {
        let mut t = Table::open(node, cx, "source.format.year_columns")?;
        let year = t.req(cx, "year");
        let value = t.req(cx, "value");
        let span = t.span;
        t.finish(cx);
        Some(YearColumnsSpec {
            year: year?,
            value: value?,
            span,
        })
    }
}

impl Decode for SourceSpec {
    const EXPECTED: &'static str = "a table";
    fn decode(node: &Node<'_>, cx: &mut Cx<'_>) -> Option<Self> {
        let mut t = Table::open(node, cx, "source")?;
        let id = t.req(cx, "id");
        let title = t.req(cx, "title");
        let family = t.req(cx, "family");
        let provider = t.opt(cx, "provider");
        let description = t.opt(cx, "description");
        let format = t.req(cx, "format");
        let unique_by = t.opt(cx, "unique_by");
        let invalid_rows = t.opt(cx, "invalid_rows");
        let columns = t.req(cx, "columns");
        let span = t.span;
        t.finish(cx);
        if title.is_none() || family.is_none() || format.is_none() || columns.is_none() {
            cx.broken(id.as_ref());
        }
        Some(SourceSpec {
            id: id?,
            title: title?,
            family: family?,
            provider,
            description,
            format: format?,
            unique_by,
            invalid_rows,
            columns: columns?,
            span,
        })
    }
}
