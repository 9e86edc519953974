//! Identifiers of sources, indicators, areas, policies and releases.

use crate::decode::{Cx, Decode, Node, wrong_type};
use crate::diagnostic::Diagnostic;
use crate::rule::Rule;

/// A letter, then letters, digits, `_` or `-`; at most 64 characters. Ids become file names, Parquet
/// values and sheet references, so they stay plain ASCII.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Id(pub String);

impl Id {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether `s` is a valid id.
    pub fn is_valid(s: &str) -> bool {
        let mut chars = s.chars();
        chars.next().is_some_and(|c| c.is_ascii_alphabetic())
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
            && s.len() <= 64
    }
}

impl std::fmt::Display for Id {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl Decode for Id {
    const EXPECTED: &'static str = "an id (a letter, then letters, digits, `_` or `-`)";
    fn decode(node: &Node<'_>, cx: &mut Cx<'_>) -> Option<Self> {
        let toml::de::DeValue::String(s) = node.get_ref() else {
            wrong_type(node, cx, "a string");
            return None;
        };
        if Id::is_valid(s) {
            return Some(Id(s.to_string()));
        }
        let suggestion: String = s
            .chars()
            .map(|c| match c {
                'å' | 'ä' | 'Å' | 'Ä' => 'a',
                'ö' | 'Ö' => 'o',
                c if c.is_ascii_alphanumeric() || c == '-' => c.to_ascii_lowercase(),
                _ => '_',
            })
            .collect::<String>()
            .trim_matches('_')
            .to_string();
        let span = cx.span(node.span());
        let mut d = Diagnostic::new(Rule::InvalidId, span, format!("`{s}` is not a valid id"))
            .label("ids are a letter, then letters, digits, `_` or `-`");
        if Id::is_valid(&suggestion) {
            d = d.help(format!("for example `{suggestion}`"));
        }
        cx.report(d);
        None
    }
}

impl schemars::JsonSchema for Id {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Id".into()
    }
    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "pattern": "^[A-Za-z][A-Za-z0-9_-]{0,63}$",
            "description": "A letter, then letters, digits, `_` or `-`; at most 64 characters."
        })
    }
}
