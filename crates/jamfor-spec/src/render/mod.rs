//! Diagnostics printed for people (`human`), for programs (`json`) and for GitHub's annotations
//! (`github`).

mod github;
mod human;
mod json;

use crate::diagnostic::{Diagnostic, Severity};
use crate::span::Files;

pub use human::Style;

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// For people: source lines with carets, optionally coloured.
    Human,
    /// One JSON document with every diagnostic and a summary.
    Json,
    /// GitHub Actions workflow commands (`::error file=…`), one per line.
    Github,
}

/// Renders `diagnostics` in `format`.
pub fn render(
    files: &Files,
    diagnostics: &[Diagnostic],
    format: OutputFormat,
    style: Style,
) -> String {
    match format {
        OutputFormat::Human => diagnostics
            .iter()
            .map(|d| human::render(files, d, style))
            .collect::<Vec<_>>()
            .join("\n"),
        OutputFormat::Json => json::render(files, diagnostics),
        OutputFormat::Github => diagnostics
            .iter()
            .map(|d| github::render(files, d))
            .collect(),
    }
}

/// `Found 2 errors and 1 warning.`, or `No problems found.`
pub fn summary(diagnostics: &[Diagnostic]) -> String {
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    match (errors, warnings) {
        (0, 0) => "No problems found.".to_string(),
        (e, 0) => format!("Found {}.", plural(e, "error")),
        (0, w) => format!("Found {}.", plural(w, "warning")),
        (e, w) => format!("Found {} and {}.", plural(e, "error"), plural(w, "warning")),
    }
}

/// 1-based (line, column) of both ends of a span, for machine-readable output.
pub(crate) fn position(files: &Files, span: crate::span::Span) -> (usize, usize, usize, usize) {
    let file = files.get(span.file);
    let (line, col) = file.line_col(span.start as usize);
    let (end_line, end_col) = file.line_col(span.end as usize);
    (line, col, end_line, end_col)
}
