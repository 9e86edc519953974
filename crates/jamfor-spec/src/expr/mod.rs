//! Conditions written as SQL `WHERE` expressions, checked against a source's declared columns.
//!
//! Statisticians know `WHERE` syntax, so conditions are SQL. They are parsed here with `sqlparser`
//! (the parser polars' SQL front end uses) and restricted to a documented subset: comparisons,
//! `AND`/`OR`/`NOT`, `IN`, `BETWEEN`, `LIKE`, `IS [NOT] NULL`, arithmetic, and literals. Every column
//! is looked up in the source schema and every comparison is type-checked, with the caret placed on
//! the exact word inside the TOML string, before any data is read.

mod checker;
mod parse;
mod positions;

use crate::diagnostic::Diagnostic;
use crate::keywords::ColumnType;
use crate::raw::SourceSpec;
use crate::rule::Rule;
use crate::span::{Files, Ranged};

use checker::Checker;
use parse::parse;
use positions::Positions;

/// A checked condition: the SQL text, and the columns it reads.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Condition {
    /// The expression as written; valid for polars' `sql_expr`.
    pub sql: String,
    /// Columns the expression reads, sorted, without duplicates.
    pub columns: Vec<String>,
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

/// Checks one condition against a source; reports problems and returns the condition when clean.
pub(crate) fn check(
    files: &Files,
    value: &Ranged<String>,
    source: &SourceSpec,
    broken: &std::collections::BTreeSet<String>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Option<Condition> {
    let positions = Positions::new(files, value);
    let parsed = parse(&value.value);
    let expr = match parsed {
        Ok(expr) => expr,
        Err((message, at)) => {
            let span = at.map_or(value.span, |at| positions.word(at));
            diagnostics.push(
                Diagnostic::new(Rule::ExpressionSyntax, span, "invalid condition")
                    .label(message)
                    .help(
                        "conditions are SQL WHERE expressions, e.g. \"alder >= 80 AND kon = 'K'\"",
                    ),
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
    };
    let ty = checker.expr(&expr);
    if !matches!(ty, Ty::Bool | Ty::Unknown | Ty::Null) {
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
    let mut columns = std::mem::take(&mut checker.columns);
    columns.sort();
    columns.dedup();
    (diagnostics.len() == before).then(|| Condition {
        sql: value.value.clone(),
        columns,
    })
}
