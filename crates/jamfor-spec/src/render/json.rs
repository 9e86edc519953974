//! The JSON renderer: one document, stable field names, for CI jobs and editors.

use serde_json::{Value, json};

use crate::diagnostic::Diagnostic;
use crate::span::{Files, Span};

use super::position;

fn place(files: &Files, span: Span) -> Value {
    let (line, column, end_line, end_column) = position(files, span);
    json!({
        "file": files.get(span.file).path(),
        "line": line,
        "column": column,
        "end_line": end_line,
        "end_column": end_column,
    })
}

pub(crate) fn render(files: &Files, diagnostics: &[Diagnostic]) -> String {
    let items: Vec<Value> = diagnostics
        .iter()
        .map(|d| {
            json!({
                "rule": d.rule.name(),
                "severity": d.severity.as_str(),
                "message": d.message,
                "location": place(files, d.primary.span),
                "label": d.primary.message,
                "related": d.related.iter().map(|l| json!({
                    "location": place(files, l.span),
                    "message": l.message,
                })).collect::<Vec<_>>(),
                "help": d.help,
            })
        })
        .collect();
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == crate::Severity::Error)
        .count();
    let doc = json!({
        "diagnostics": items,
        "summary": { "errors": errors, "warnings": diagnostics.len() - errors },
    });
    let mut text = serde_json::to_string_pretty(&doc).unwrap_or_default();
    text.push('\n');
    text
}
