//! A finding about the definitions: which rule, how bad, where, and what to do.

use crate::rule::Rule;
use crate::span::Span;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Probably a mistake, but the definitions can still run.
    Warning,
    /// The definitions cannot run as written.
    Error,
}

impl Severity {
    /// `error` or `warning`, as printed.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A span with a short message printed next to the caret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    /// Where.
    pub span: Span,
    /// What to say there (may be empty).
    pub message: String,
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule that found it; its name is stable and documented.
    pub rule: Rule,
    /// Error or warning; defaults to the rule's severity.
    pub severity: Severity,
    /// One terse sentence.
    pub message: String,
    /// The exact value that is wrong.
    pub primary: Label,
    /// Related declarations (where a source, column or id was declared).
    pub related: Vec<Label>,
    /// `help:` lines: what to write instead.
    pub help: Vec<String>,
}

impl Diagnostic {
    /// A finding of `rule` at `span`, with the rule's default severity.
    pub fn new(rule: Rule, span: Span, message: impl Into<String>) -> Self {
        Diagnostic {
            rule,
            severity: rule.severity(),
            message: message.into(),
            primary: Label {
                span,
                message: String::new(),
            },
            related: Vec::new(),
            help: Vec::new(),
        }
    }

    /// Sets the text under the caret.
    #[must_use]
    pub fn label(mut self, message: impl Into<String>) -> Self {
        self.primary.message = message.into();
        self
    }

    /// Points at a related declaration.
    #[must_use]
    pub fn related(mut self, span: Span, message: impl Into<String>) -> Self {
        self.related.push(Label {
            span,
            message: message.into(),
        });
        self
    }

    /// Adds a `help:` line.
    #[must_use]
    pub fn help(mut self, message: impl Into<String>) -> Self {
        self.help.push(message.into());
        self
    }

    /// Adds a `help:` line when there is one.
    #[must_use]
    pub fn maybe_help(self, message: Option<String>) -> Self {
        match message {
            Some(m) => self.help(m),
            None => self,
        }
    }
}

/// Sorts findings by file, position and rule, so that output does not depend on the order in
/// which checks ran.
pub fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.primary.span, a.rule.name(), &a.message).cmp(&(
            b.primary.span,
            b.rule.name(),
            &b.message,
        ))
    });
}
