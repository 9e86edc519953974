//! GitHub Actions annotations: `::error file=…,line=…::message`, shown inline on pull requests.

use crate::diagnostic::Diagnostic;
use crate::span::Files;

use super::position;

/// Escapes a property value of a workflow command.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}

/// Escapes the message of a workflow command.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

pub(crate) fn render(files: &Files, d: &Diagnostic) -> String {
    let (line, col, end_line, end_col) = position(files, d.primary.span);
    let level = match d.severity {
        crate::Severity::Error => "error",
        crate::Severity::Warning => "warning",
    };
    let mut message = d.message.clone();
    if !d.primary.message.is_empty() {
        message.push_str(": ");
        message.push_str(&d.primary.message);
    }
    for help in &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    format!(
        "::{level} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}\n",
        property(files.get(d.primary.span.file).path()),
        property(d.rule.name()),
        data(&message)
    )
}
