//! TOML value tree → typed raw definitions, reporting every problem instead of stopping at the first.
//!
//! serde stops at the first unknown key or wrong type, which would make a statistician fix one
//! mistake per run. Here each table is read key by key: a missing, unknown or mistyped key becomes a
//! diagnostic and reading goes on with the next key.

use std::collections::BTreeMap;
use std::ops::Range;

use toml::de::{DeTable, DeValue};

use crate::diagnostic::Diagnostic;
use crate::rule::Rule;
use crate::span::{FileId, Ranged, Span};
use crate::suggest;

/// A parsed TOML value with its byte range.
pub(crate) type Node<'i> = toml::Spanned<DeValue<'i>>;

/// Where findings go while one file is decoded.
pub(crate) struct Cx<'d> {
    pub(crate) file: FileId,
    pub(crate) diagnostics: &'d mut Vec<Diagnostic>,
    /// Names (ids, column names) of definitions that were written but failed to decode. Later
    /// lookups of these names stay quiet, so that one mistake is reported once, not again at
    /// every reference to it.
    pub(crate) broken: &'d mut Vec<String>,
}

impl Cx<'_> {
    pub(crate) fn span(&self, range: Range<usize>) -> Span {
        Span::new(self.file, range)
    }

    pub(crate) fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// Remembers the name of a definition that failed to decode (see `broken`).
    pub(crate) fn broken<T: std::fmt::Display>(&mut self, name: Option<&Ranged<T>>) {
        if let Some(name) = name {
            self.broken.push(name.value.to_string());
        }
    }
}

/// A value that can be read from one TOML node.
pub(crate) trait Decode: Sized {
    /// What a user should have written, for "expected …" messages.
    const EXPECTED: &'static str;
    fn decode(node: &Node<'_>, cx: &mut Cx<'_>) -> Option<Self>;
}

fn type_name(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a decimal number",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

pub(crate) fn wrong_type(node: &Node<'_>, cx: &mut Cx<'_>, expected: &str) {
    let span = cx.span(node.span());
    let found = type_name(node.get_ref());
    let mut d = Diagnostic::new(
        Rule::WrongType,
        span,
        format!("expected {expected}, found {found}"),
    )
    .label(format!("expected {expected}"));
    if let DeValue::String(s) = node.get_ref() {
        if expected.contains("integer") && s.trim().parse::<i64>().is_ok() {
            d = d.help(format!("write the number without quotes: {}", s.trim()));
        } else if expected.contains("number") && s.trim().replace(',', ".").parse::<f64>().is_ok() {
            d = d.help(format!(
                "write the number without quotes, with a decimal point: {}",
                s.trim().replace(',', ".")
            ));
        } else if expected.contains("boolean") && matches!(s.as_ref(), "true" | "false") {
            d = d.help(format!("write {s} without quotes"));
        }
    }
    cx.report(d);
}

impl Decode for String {
    const EXPECTED: &'static str = "a string";
    fn decode(node: &Node<'_>, cx: &mut Cx<'_>) -> Option<Self> {
        match node.get_ref() {
            DeValue::String(s) => Some(s.to_string()),
            _ => {
                wrong_type(node, cx, Self::EXPECTED);
                None
            }
        }
    }
}

impl Decode for bool {
    const EXPECTED: &'static str = "a boolean (true or false)";
    fn decode(node: &Node<'_>, cx: &mut Cx<'_>) -> Option<Self> {
        match node.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                wrong_type(node, cx, Self::EXPECTED);
                None
            }
        }
    }
}

fn integer_of(value: &DeValue<'_>) -> Option<i64> {
    let DeValue::Integer(i) = value else {
        return None;
    };
    let digits = i.as_str().replace('_', "");
    let radix = i.radix();
    let (negative, digits) = match digits.strip_prefix('-') {
        Some(rest) => (true, rest.to_string()),
        None => (false, digits.trim_start_matches('+').to_string()),
    };
    let digits = if radix == 10 {
        digits
    } else {
        digits.get(2..).unwrap_or("").to_string()
    };
    let n = i64::from_str_radix(&digits, radix).ok()?;
    Some(if negative { -n } else { n })
}

impl Decode for i64 {
    const EXPECTED: &'static str = "an integer";
    fn decode(node: &Node<'_>, cx: &mut Cx<'_>) -> Option<Self> {
        if let Some(n) = integer_of(node.get_ref()) {
            return Some(n);
        }
        wrong_type(node, cx, Self::EXPECTED);
        None
    }
}

impl Decode for f64 {
    const EXPECTED: &'static str = "a number";
    fn decode(node: &Node<'_>, cx: &mut Cx<'_>) -> Option<Self> {
        match node.get_ref() {
            DeValue::Float(f) => f
                .as_str()
                .replace('_', "")
                .parse::<f64>()
                .ok()
                .filter(|f| f.is_finite()),
            v @ DeValue::Integer(_) => integer_of(v).map(|n| n as f64),
            _ => {
                wrong_type(node, cx, Self::EXPECTED);
                None
            }
        }
    }
}

impl<T: Decode> Decode for Ranged<T> {
    const EXPECTED: &'static str = T::EXPECTED;
    fn decode(node: &Node<'_>, cx: &mut Cx<'_>) -> Option<Self> {
        let span = cx.span(node.span());
        T::decode(node, cx).map(|value| Ranged::new(value, span))
    }
}

impl<T: Decode> Decode for Vec<T> {
    const EXPECTED: &'static str = "an array";
    fn decode(node: &Node<'_>, cx: &mut Cx<'_>) -> Option<Self> {
        let DeValue::Array(items) = node.get_ref() else {
            wrong_type(node, cx, "an array");
            return None;
        };
        // Decode every element so that each bad one is reported, then keep the good ones.
        let decoded: Vec<Option<T>> = items.iter().map(|item| T::decode(item, cx)).collect();
        Some(decoded.into_iter().flatten().collect())
    }
}

impl<T: Decode> Decode for BTreeMap<Ranged<String>, T> {
    const EXPECTED: &'static str = "a table";
    fn decode(node: &Node<'_>, cx: &mut Cx<'_>) -> Option<Self> {
        let DeValue::Table(table) = node.get_ref() else {
            wrong_type(node, cx, "a table");
            return None;
        };
        let mut out = BTreeMap::new();
        for (key, value) in table.iter() {
            let key = Ranged::new(key.get_ref().to_string(), cx.span(key.span()));
            if let Some(v) = T::decode(value, cx) {
                out.insert(key, v);
            }
        }
        Some(out)
    }
}

/// A keyword from a closed list: reports `invalid-value` with a suggestion otherwise.
pub(crate) fn keyword<T: Copy>(
    node: &Node<'_>,
    cx: &mut Cx<'_>,
    what: &str,
    choices: &[(&'static str, T)],
) -> Option<T> {
    let DeValue::String(s) = node.get_ref() else {
        wrong_type(node, cx, "a string");
        return None;
    };
    if let Some((_, value)) = choices.iter().find(|(name, _)| *name == s.as_ref()) {
        return Some(*value);
    }
    let names: Vec<&str> = choices.iter().map(|(n, _)| *n).collect();
    let span = cx.span(node.span());
    let help = suggest::did_you_mean(s, names.iter().copied());
    cx.report(
        Diagnostic::new(
            Rule::InvalidValue,
            span,
            format!("`{s}` is not a valid {what}"),
        )
        .label(format!("unknown {what}"))
        .maybe_help(help),
    );
    None
}

/// Reads one TOML table key by key and remembers which keys were asked for, so that the rest can
/// be reported as unknown with a did-you-mean against the known ones.
pub(crate) struct Table<'t, 'i> {
    entries: &'t DeTable<'i>,
    pub(crate) span: Span,
    what: &'static str,
    known: Vec<&'static str>,
}

impl<'t, 'i> Table<'t, 'i> {
    /// Opens `node` as the table `what` (used in messages: "indicator", "source.format", …).
    pub(crate) fn open(node: &'t Node<'i>, cx: &mut Cx<'_>, what: &'static str) -> Option<Self> {
        match node.get_ref() {
            DeValue::Table(entries) => Some(Table {
                entries,
                span: cx.span(node.span()),
                what,
                known: Vec::new(),
            }),
            _ => {
                wrong_type(node, cx, "a table");
                None
            }
        }
    }

    /// Opens a document's top-level table.
    pub(crate) fn document(
        root: &'t toml::Spanned<DeTable<'i>>,
        cx: &Cx<'_>,
        what: &'static str,
    ) -> Self {
        Table {
            entries: root.get_ref(),
            span: cx.span(0..0),
            what,
            known: Vec::new(),
        }
    }

    /// The raw node of a key, marking the key as known.
    pub(crate) fn node(&mut self, key: &'static str) -> Option<&'t Node<'i>> {
        if !self.known.contains(&key) {
            self.known.push(key);
        }
        self.entries.get(key)
    }

    /// An optional key; `None` when absent or invalid (invalid values are reported).
    pub(crate) fn opt<T: Decode>(&mut self, cx: &mut Cx<'_>, key: &'static str) -> Option<T> {
        self.node(key).and_then(|node| T::decode(node, cx))
    }

    /// A required key; a missing one is reported at the table.
    pub(crate) fn req<T: Decode>(&mut self, cx: &mut Cx<'_>, key: &'static str) -> Option<T> {
        match self.node(key) {
            Some(node) => T::decode(node, cx),
            None => {
                self.missing(cx, key, T::EXPECTED);
                None
            }
        }
    }

    /// Reports a missing key.
    pub(crate) fn missing(&self, cx: &mut Cx<'_>, key: &str, expected: &str) {
        let what = self.what;
        cx.report(
            Diagnostic::new(
                Rule::MissingField,
                self.span,
                format!("`{what}` is missing `{key}`"),
            )
            .label(format!("`{key}` ({expected}) is required here")),
        );
    }

    /// Reports every key that nobody asked for.
    pub(crate) fn finish(self, cx: &mut Cx<'_>) {
        for key in self.entries.keys() {
            let name = key.get_ref().as_ref();
            if self.known.contains(&name) {
                continue;
            }
            let span = cx.span(key.span());
            let help = suggest::did_you_mean(name, self.known.iter().copied());
            cx.report(
                Diagnostic::new(
                    Rule::UnknownField,
                    span,
                    format!("unknown key `{name}` in `{}`", self.what),
                )
                .label("not a key of this table")
                .maybe_help(help),
            );
        }
    }
}
