//! Positions inside a parsed condition mapped back to bytes of the TOML file, so that a caret
//! lands on the exact word inside the string.

use sqlparser::tokenizer::Location;

use crate::span::{Files, Ranged, Span};

/// Maps positions inside the parsed string back to bytes of the TOML file.
pub(super) struct Positions<'a> {
    text: &'a str,
    /// Byte offset of the string's first character in the file, when the TOML value is written
    /// without escapes (so characters map one to one).
    content_start: Option<usize>,
    whole: Span,
}

impl<'a> Positions<'a> {
    pub(super) fn new(files: &Files, value: &'a Ranged<String>) -> Self {
        let raw = files.snippet(value.span);
        let text = value.value.as_str();
        let content_start = ["\"\"\"", "'''", "\"", "'"].iter().find_map(|quote| {
            let inner = raw.strip_prefix(quote)?.strip_suffix(quote)?;
            // A multi-line string drops a newline right after the opening quotes.
            let skipped = if quote.len() == 3 {
                inner.len()
                    - inner
                        .trim_start_matches(['\r', '\n'])
                        .len()
                        .min(inner.len())
            } else {
                0
            };
            let inner = &inner[skipped.min(inner.len())..];
            (inner == text).then_some(value.span.start as usize + quote.len() + skipped)
        });
        Positions {
            text,
            content_start,
            whole: value.span,
        }
    }

    pub(super) fn offset(&self, at: Location) -> Option<usize> {
        if at.line == 0 {
            return None;
        }
        let line_start: usize = self
            .text
            .split_inclusive('\n')
            .take(usize::try_from(at.line - 1).ok()?)
            .map(str::len)
            .sum();
        let line = self.text.get(line_start..)?;
        let column = usize::try_from(at.column.saturating_sub(1)).ok()?;
        let within = line
            .char_indices()
            .nth(column)
            .map_or(line.len(), |(i, _)| i);
        Some(line_start + within)
    }

    pub(super) fn span(&self, start: Location, end: Location) -> Span {
        let (Some(base), Some(s)) = (self.content_start, self.offset(start)) else {
            return self.whole;
        };
        let e = self.offset(end).unwrap_or(s).max(s);
        let e = if e == s {
            // Zero-width (e.g. "at end of input"): widen to one character when there is one.
            self.text[s..]
                .chars()
                .next()
                .map_or(s, |c| s + c.len_utf8())
        } else {
            e
        };
        Span::new(self.whole.file, base + s..base + e)
    }

    pub(super) fn of(&self, node: &impl sqlparser::ast::Spanned) -> Span {
        let span = node.span();
        self.span(span.start, span.end)
    }

    /// Widens the span of a call's arguments to the whole call `name(…)`, and returns the name.
    pub(super) fn call(&self, arguments: Span) -> (Span, String) {
        let unknown = || (arguments, "…".to_string());
        let Some(base) = self.content_start.filter(|_| arguments != self.whole) else {
            return unknown();
        };
        let s = (arguments.start as usize).saturating_sub(base);
        let e = (arguments.end as usize).saturating_sub(base);
        let (Some(before), Some(after)) = (self.text.get(..s), self.text.get(e..)) else {
            return unknown();
        };
        let Some(before) = before.trim_end().strip_suffix('(') else {
            return unknown();
        };
        let before = before.trim_end();
        let name_start = before
            .char_indices()
            .rev()
            .take_while(|(_, c)| c.is_alphanumeric() || *c == '_')
            .last()
            .map_or(before.len(), |(i, _)| i);
        // The closing parenthesis: the first `)` after the arguments outside any nested pair.
        let mut depth = 0usize;
        let mut end = e;
        for (i, c) in after.char_indices() {
            match c {
                '(' => depth += 1,
                ')' if depth == 0 => {
                    end = e + i + 1;
                    break;
                }
                ')' => depth -= 1,
                _ => {}
            }
        }
        let span = Span::new(self.whole.file, base + name_start..base + end);
        (span, before[name_start..].to_string())
    }

    /// The word at a position (the token a parse error is about), or one character.
    pub(super) fn word(&self, at: Location) -> Span {
        let (Some(base), Some(s)) = (self.content_start, self.offset(at)) else {
            return self.span(at, at);
        };
        let len: usize = self.text[s..]
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .map(char::len_utf8)
            .sum();
        if len == 0 {
            return self.span(at, at);
        }
        Span::new(self.whole.file, base + s..base + s + len)
    }
}
