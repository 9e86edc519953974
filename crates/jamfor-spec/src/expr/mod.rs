//! Conditions written as SQL `WHERE` expressions, checked against a source's declared columns.
//!
//! Statisticians know `WHERE` syntax, so conditions are SQL. They are parsed here with `sqlparser`
//! (the parser polars' SQL front end uses) and restricted to a documented subset: comparisons,
//! `AND`/`OR`/`NOT`, `IN`, `BETWEEN`, `LIKE`, `IS [NOT] NULL`, arithmetic, and literals. Every column
//! is looked up in the source schema and every comparison is type-checked, with the caret placed on
//! the exact word inside the TOML string, before any data is read.
//!
//! Beyond plain SQL the language has dates (`DATE '2024-10-01'`, date − date in days, `YEAR(d)`,
//! `MONTH(d)`, `HALF_YEAR(d)`, …, `MAKE_DATE(y, m, d)`), `COALESCE`, the built-in values
//! `MEASURE_YEAR` and `FILE_YEAR`, and — in `having` only — aggregates over a person's rows
//! (`COUNT(DISTINCT manad) >= 10`, `MAX(manad) FILTER (WHERE …)`).

mod checker;
mod parse;
mod positions;
pub mod tree;

use crate::diagnostic::Diagnostic;
use crate::keywords::ColumnType;
use crate::raw::SourceSpec;
use crate::rule::Rule;
use crate::span::{Files, Ranged};

use checker::{Checker, Mode};
use parse::parse;
use positions::Positions;
pub use tree::{Aggregate, AggregateFunction, DatePart, Op, Row};

/// A checked expression over a source's rows: a condition (`where`, `yes`, …) or a value
/// (`value` of a mean or median).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Condition {
    /// The expression as written.
    pub sql: String,
    /// Columns the expression reads, sorted, without duplicates.
    pub columns: Vec<String>,
    /// What the engine compiles: [`Row::Sql`] with the text when it is plain SQL.
    pub row: Row,
}

/// A checked `having`: a condition on a person, over aggregates of the person's rows.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PersonCondition {
    /// The expression as written.
    pub sql: String,
    /// Columns the aggregates read, sorted, without duplicates.
    pub columns: Vec<String>,
    /// The aggregates, each computed once per person.
    pub aggregates: Vec<Aggregate>,
    /// The test over the aggregates ([`Row::Aggregate`] leaves).
    pub test: Row,
}
/// The type of an expression, as far as checking needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ty {
    Number,
    Text,
    Bool,
    Date,
    Null,
    /// Already reported, or not knowable: never reported again.
    Unknown,
}

impl Ty {
    fn of(column: ColumnType) -> Ty {
        match column {
            ColumnType::Integer | ColumnType::Decimal => Ty::Number,
            ColumnType::Text | ColumnType::Code => Ty::Text,
            ColumnType::Boolean => Ty::Bool,
            ColumnType::Date => Ty::Date,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Ty::Number => "a number",
            Ty::Text => "text",
            Ty::Bool => "true/false",
            Ty::Date => "a date",
            Ty::Null => "NULL",
            Ty::Unknown => "unknown",
        }
    }

    fn compatible(self, other: Ty) -> bool {
        self == other || matches!(self, Ty::Null | Ty::Unknown) || matches!(other, Ty::Null | Ty::Unknown)
            // Dates are compared with date strings: `beslutsdatum >= '2024-01-01'`.
            || matches!((self, other), (Ty::Date, Ty::Text) | (Ty::Text, Ty::Date))
    }
}

/// What an expression must be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Wanted {
    /// A condition on a row.
    Condition,
    /// A number per row (days between two dates, an amount, …).
    Number,
}

/// Checks one condition against a source; reports problems and returns the condition when clean.
pub(crate) fn check(
    files: &Files,
    value: &Ranged<String>,
    source: &SourceSpec,
    broken: &std::collections::BTreeSet<String>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Condition> {
    check_as(files, value, source, broken, diagnostics, Wanted::Condition)
}

/// Checks a row expression that must be `wanted`.
pub(crate) fn check_as(
    files: &Files,
    value: &Ranged<String>,
    source: &SourceSpec,
    broken: &std::collections::BTreeSet<String>,
    diagnostics: &mut Vec<Diagnostic>,
    wanted: Wanted,
) -> Option<Condition> {
    let checked = walk(files, value, source, broken, diagnostics, Mode::Row, wanted)?;
    Some(Condition {
        sql: value.value.clone(),
        columns: checked.columns,
        row: checked.row,
    })
}

/// Checks a `having` (`wanted` a condition) or a per-person value (`wanted` a number): an
/// expression over aggregates of a person's rows.
pub(crate) fn check_having(
    files: &Files,
    value: &Ranged<String>,
    source: &SourceSpec,
    broken: &std::collections::BTreeSet<String>,
    diagnostics: &mut Vec<Diagnostic>,
    wanted: Wanted,
) -> Option<PersonCondition> {
    let checked = walk(
        files,
        value,
        source,
        broken,
        diagnostics,
        Mode::Person,
        wanted,
    )?;
    Some(PersonCondition {
        sql: value.value.clone(),
        columns: checked.columns,
        aggregates: checked.aggregates,
        test: checked.row,
    })
}

struct Walked {
    row: Row,
    columns: Vec<String>,
    aggregates: Vec<Aggregate>,
}

fn walk(
    files: &Files,
    value: &Ranged<String>,
    source: &SourceSpec,
    broken: &std::collections::BTreeSet<String>,
    diagnostics: &mut Vec<Diagnostic>,
    mode: Mode,
    wanted: Wanted,
) -> Option<Walked> {
    let positions = Positions::new(files, value);
    let parsed = parse(&value.value);
    let expr = match parsed {
        Ok(expr) => expr,
        Err((message, at)) => {
            let span = at.map_or(value.span, |at| positions.word(at));
            let help = match (mode, wanted) {
                (Mode::Person, _) => {
                    "`having` is a SQL HAVING condition, e.g. \"COUNT(DISTINCT manad) >= 10\""
                }
                (_, Wanted::Number) => "a value is a SQL expression, e.g. \"avslutad - paborjad\"",
                _ => "conditions are SQL WHERE expressions, e.g. \"alder >= 80 AND kon = 'K'\"",
            };
            diagnostics.push(
                Diagnostic::new(Rule::ExpressionSyntax, span, "invalid condition")
                    .label(message)
                    .help(help),
            );
            return None;
        }
    };
    let before = diagnostics.len();
    let mut checker = Checker {
        positions: &positions,
        source,
        broken,
        diagnostics,
        columns: Vec::new(),
        mode,
        aggregates: Vec::new(),
    };
    let (ty, row) = checker.expr(&expr);
    match wanted {
        Wanted::Condition if !matches!(ty, Ty::Bool | Ty::Unknown | Ty::Null) => {
            let span = positions.of(&expr);
            checker.diagnostics.push(
                Diagnostic::new(
                    Rule::TypeMismatch,
                    span,
                    format!("a condition must be true or false, this is {}", ty.name()),
                )
                .label("not a condition")
                .help("compare it with something, e.g. `alder >= 80`"),
            );
        }
        Wanted::Number if !matches!(ty, Ty::Number | Ty::Unknown) => {
            let span = positions.of(&expr);
            let help = if ty == Ty::Date {
                "subtract another date for the days between them: `avslutad - paborjad`"
            } else {
                "a mean or median is taken of numbers"
            };
            checker.diagnostics.push(
                Diagnostic::new(
                    Rule::TypeMismatch,
                    span,
                    format!("a value must be a number, this is {}", ty.name()),
                )
                .label("not a number")
                .help(help),
            );
        }
        _ => {}
    }
    let mut columns = std::mem::take(&mut checker.columns);
    let aggregates = std::mem::take(&mut checker.aggregates);
    columns.sort();
    columns.dedup();
    (diagnostics.len() == before).then(|| Walked {
        // A plain expression is handed on as written.
        row: row.unwrap_or_else(|| Row::Sql(value.value.clone())),
        columns,
        aggregates,
    })
}
