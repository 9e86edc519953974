//! The human renderer: rustc/ruff-style snippets with a caret under the exact value.

use std::fmt::Write as _;

use crate::diagnostic::{Diagnostic, Label, Severity};
use crate::span::Files;

/// Whether to colour output (decided by the caller from the terminal and `NO_COLOR`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// No escape codes (files, pipes, `NO_COLOR`, snapshots).
    Plain,
    /// ANSI colours for a terminal.
    Colour,
}

struct Paint(Style);

impl Paint {
    fn wrap(&self, code: &str, text: &str) -> String {
        match self.0 {
            Style::Plain => text.to_string(),
            Style::Colour => format!("\x1b[{code}m{text}\x1b[0m"),
        }
    }
    fn severity(&self, s: Severity, text: &str) -> String {
        self.wrap(if s == Severity::Error { "1;31" } else { "1;33" }, text)
    }
    fn bold(&self, text: &str) -> String {
        self.wrap("1", text)
    }
    fn gutter(&self, text: &str) -> String {
        self.wrap("1;34", text)
    }
    fn help(&self, text: &str) -> String {
        self.wrap("1;36", text)
    }
}

/// Renders one diagnostic, ending with a newline.
pub(crate) fn render(files: &Files, d: &Diagnostic, style: Style) -> String {
    let paint = Paint(style);
    let lines: Vec<usize> = std::iter::once(&d.primary)
        .chain(&d.related)
        .map(|l| files.get(l.span.file).line_col(l.span.start as usize).0)
        .collect();
    let width = lines.iter().max().copied().unwrap_or(1).to_string().len();
    let pad = " ".repeat(width);
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}{} {}",
        paint.severity(
            d.severity,
            &format!("{}[{}]", d.severity.as_str(), d.rule.name())
        ),
        paint.bold(":"),
        paint.bold(&d.message)
    );
    snippet(
        &mut out, files, &d.primary, '^', "-->", &pad, &paint, d.severity,
    );
    for related in &d.related {
        snippet(
            &mut out, files, related, '-', ":::", &pad, &paint, d.severity,
        );
    }
    if !d.help.is_empty() {
        let _ = writeln!(out, "{pad} {}", paint.gutter("|"));
    }
    for help in &d.help {
        let _ = writeln!(
            out,
            "{pad} {} {} {help}",
            paint.gutter("="),
            paint.help("help:")
        );
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn snippet(
    out: &mut String,
    files: &Files,
    label: &Label,
    marker: char,
    arrow: &str,
    pad: &str,
    paint: &Paint,
    severity: Severity,
) {
    let file = files.get(label.span.file);
    let start = label.span.start as usize;
    let (line, col) = file.line_col(start);
    if marker != '^' {
        let _ = writeln!(out, "{pad} {}", paint.gutter("|"));
    }
    let _ = writeln!(
        out,
        "{pad}{} {}:{line}:{col}",
        paint.gutter(arrow),
        file.path()
    );
    let text = file.line(line);
    // A finding about a whole file (an empty span at its start, as for a misplaced file): no line
    // to show, since a caret on the first line would blame whatever happens to be written there.
    let whole_file = label.span.end == 0;
    if whole_file || (text.is_empty() && label.span.start == label.span.end) {
        if !label.message.is_empty() {
            let _ = writeln!(out, "{pad} {} {}", paint.gutter("="), label.message);
        }
        return;
    }
    let shown: String = text
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .collect();
    let line_start = file.line_start(line);
    let line_end = line_start + text.len();
    // A span may start past the shown text: on the `\r` of a CRLF line end, or on a stray `\r`
    // before it (TOML syntax errors point there). `clamp` panics when its bounds cross, so the
    // upper bound never goes below `start`; the caret then marks one column after the text.
    let end = (label.span.end as usize).clamp(start, line_end.max(start));
    let before = file
        .text()
        .get(line_start..start)
        .map_or(0, |s| s.chars().count());
    let under = file
        .text()
        .get(start..end)
        .map_or(1, |s| s.chars().count())
        .max(1);
    let (shown, before, under) = window(shown, before, under);
    let number = format!("{line:>width$}", width = pad.len());
    let _ = writeln!(out, "{pad} {}", paint.gutter("|"));
    let _ = writeln!(
        out,
        "{} {} {shown}",
        paint.gutter(&number),
        paint.gutter("|")
    );
    let marks: String = std::iter::repeat_n(marker, under).collect();
    let marks = if marker == '^' {
        paint.severity(severity, &marks)
    } else {
        paint.gutter(&marks)
    };
    let message = if label.message.is_empty() {
        String::new()
    } else if marker == '^' {
        format!(" {}", paint.severity(severity, &label.message))
    } else {
        format!(" {}", paint.gutter(&label.message))
    };
    let _ = writeln!(
        out,
        "{pad} {} {}{marks}{message}",
        paint.gutter("|"),
        " ".repeat(before)
    );
}

/// Lines longer than this many characters are shown as a window around the caret.
const MAX_SHOWN: usize = 400;
/// Characters shown on each side of the caret in such a window.
const CONTEXT: usize = 80;

/// The part of a long line to show, with the caret's new offset and width. Printing a long line
/// whole under each of its findings made the output grow with the square of the line's length
/// (a 20 kB generated condition with thousands of findings rendered 140 MB; found by
/// `examples/fuzz_check.rs`), so past `MAX_SHOWN` characters only a window is shown, cut with `…`.
fn window(shown: String, before: usize, under: usize) -> (String, usize, usize) {
    let total = shown.chars().count();
    if total <= MAX_SHOWN {
        return (shown, before, under);
    }
    let under = under.min(MAX_SHOWN - 2 * CONTEXT);
    let from = before.saturating_sub(CONTEXT).min(total);
    let to = (before + under + CONTEXT).clamp(from, total);
    let mut part = String::new();
    if from > 0 {
        part.push('…');
    }
    part.extend(shown.chars().skip(from).take(to - from));
    if to < total {
        part.push('…');
    }
    (part, before - from + usize::from(from > 0), under)
}
