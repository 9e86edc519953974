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

/// Diagnostics shown per file in human and GitHub output. A file that is not TOML at all (a
/// binary or megabytes of noise saved as `.toml`) gives a diagnostic every few bytes, and
/// hundreds of kilobytes of them hide the first few, which say what is wrong. The summary still
/// counts every one, and JSON lists every one.
pub const SHOWN_PER_FILE: usize = 20;

/// Renders `diagnostics` (sorted, so that each file's are together) in `format`.
pub fn render(
    files: &Files,
    diagnostics: &[Diagnostic],
    format: OutputFormat,
    style: Style,
) -> String {
    let shown = capped(files, diagnostics);
    match format {
        OutputFormat::Human => shown
            .iter()
            .map(|s| match s {
                Shown::One(d) => human::render(files, d, style),
                Shown::More { path, count } => format!("… and {count} more in this file (`{path}`)\n"),
            })
            .collect::<Vec<_>>()
            .join("\n"),
        OutputFormat::Json => json::render(files, diagnostics),
        OutputFormat::Github => shown
            .iter()
            .map(|s| match s {
                Shown::One(d) => github::render(files, d),
                Shown::More { path, count } => format!(
                    "::notice file={path}::… and {count} more in this file (run `jamfor check` to see them all)\n"
                ),
            })
            .collect(),
    }
}

/// A diagnostic to show, or how many of a file's were left out.
enum Shown<'d> {
    One(&'d Diagnostic),
    More { path: String, count: usize },
}

/// The first [`SHOWN_PER_FILE`] diagnostics of each file, each file's rest counted after them.
fn capped<'d>(files: &Files, diagnostics: &'d [Diagnostic]) -> Vec<Shown<'d>> {
    let mut shown = Vec::new();
    let mut start = 0;
    while start < diagnostics.len() {
        let file = diagnostics[start].primary.span.file;
        let end = diagnostics[start..]
            .iter()
            .position(|d| d.primary.span.file != file)
            .map_or(diagnostics.len(), |n| start + n);
        let run = &diagnostics[start..end];
        shown.extend(run.iter().take(SHOWN_PER_FILE).map(Shown::One));
        if run.len() > SHOWN_PER_FILE {
            shown.push(Shown::More {
                path: files.get(file).path().to_string(),
                count: run.len() - SHOWN_PER_FILE,
            });
        }
        start = end;
    }
    shown
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
