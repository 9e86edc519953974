//! The definitions a release was made from, as canonical JSON: one object per source, area,
//! indicator, policy and release, keyed by id.
//!
//! Canonical means: the values as declared, without comments, whitespace or key order, so a
//! reworded comment or a moved table does not count as a change, while any changed value does.
//! The manifest records these objects, so `jamfor diff` can say which fields of a definition
//! changed, and their hashes feed the fingerprints.

use std::collections::BTreeMap;

use serde_json::{Map, Number, Value};
use toml::de::{DeTable, DeValue};

use crate::hash::sha256_hex;

/// Every definition object, by kind and id.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Definitions {
    /// `[source]` tables by id.
    pub sources: BTreeMap<String, Value>,
    /// `[area]` tables by id.
    pub areas: BTreeMap<String, Value>,
    /// `[[indicator]]` tables by id.
    pub indicators: BTreeMap<String, Value>,
    /// `[[policy]]` tables by id.
    pub policies: BTreeMap<String, Value>,
    /// Pipeline files (release, inputs, outputs) by release id.
    pub releases: BTreeMap<String, Value>,
    /// SHA-256 of every definition file's bytes, by root-relative path.
    pub files: BTreeMap<String, String>,
}

impl Definitions {
    /// Reads the definition files (root-relative path and text). Files that do not parse are
    /// skipped: they cannot be part of a checked manifest, so a release never sees them.
    pub fn from_files<'a>(files: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        let mut out = Definitions::default();
        for (path, text) in files {
            out.files
                .insert(path.to_string(), sha256_hex(text.as_bytes()));
            let Ok(doc) = DeTable::parse(text) else {
                continue;
            };
            out.add_document(doc.get_ref());
        }
        out
    }

    fn add_document(&mut self, doc: &DeTable<'_>) {
        let mut release: Option<(String, Map<String, Value>)> = None;
        for (key, value) in doc.iter() {
            let value = canonical(value.get_ref());
            match key.get_ref().as_ref() {
                "source" => insert_by_id(&mut self.sources, value),
                "area" => insert_by_id(&mut self.areas, value),
                "indicator" => insert_each(&mut self.indicators, value),
                "policy" => insert_each(&mut self.policies, value),
                other => {
                    // A pipeline file: everything in it together defines the release.
                    let entry = release.get_or_insert_with(|| (String::new(), Map::new()));
                    if other == "release"
                        && let Some(id) = value.get("id").and_then(Value::as_str)
                    {
                        entry.0 = id.to_string();
                    }
                    entry.1.insert(other.to_string(), value);
                }
            }
        }
        if let Some((id, tables)) = release
            && !id.is_empty()
        {
            self.releases.insert(id, Value::Object(tables));
        }
    }

    /// SHA-256 over every definition file, in path order: "the definitions" as one value.
    pub fn hash(&self) -> String {
        let mut text = String::new();
        for (path, hash) in &self.files {
            text.push_str(path);
            text.push('\t');
            text.push_str(hash);
            text.push('\n');
        }
        sha256_hex(text.as_bytes())
    }
}

fn insert_by_id(into: &mut BTreeMap<String, Value>, value: Value) {
    if let Some(id) = value.get("id").and_then(Value::as_str) {
        into.insert(id.to_string(), value);
    }
}

fn insert_each(into: &mut BTreeMap<String, Value>, value: Value) {
    if let Value::Array(items) = value {
        for item in items {
            insert_by_id(into, item);
        }
    }
}

/// A TOML value as JSON: object keys sorted, numbers as values, dates as their text.
fn canonical(value: &DeValue<'_>) -> Value {
    match value {
        DeValue::String(s) => Value::String(s.to_string()),
        DeValue::Integer(i) => {
            // Hexadecimal and octal integers keep their text: they never occur in definitions
            // that check, and the text is as canonical as the value.
            let digits = i.as_str().replace('_', "");
            match (i.radix(), digits.trim_start_matches('+').parse::<i64>()) {
                (10, Ok(n)) => Value::Number(n.into()),
                _ => Value::String(digits),
            }
        }
        DeValue::Float(f) => {
            let text = f.as_str().replace('_', "");
            text.parse::<f64>()
                .ok()
                .and_then(Number::from_f64)
                .map_or(Value::String(text), Value::Number)
        }
        DeValue::Boolean(b) => Value::Bool(*b),
        DeValue::Datetime(d) => Value::String(d.to_string()),
        DeValue::Array(items) => {
            Value::Array(items.iter().map(|v| canonical(v.get_ref())).collect())
        }
        DeValue::Table(table) => {
            // Sorted here, whatever map serde_json was built with (another crate may have turned
            // on its insertion-order feature).
            let sorted: BTreeMap<String, Value> = table
                .iter()
                .map(|(k, v)| (k.get_ref().to_string(), canonical(v.get_ref())))
                .collect();
            Value::Object(sorted.into_iter().collect())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comments_and_key_order_do_not_change_a_definition() {
        let a = "[[indicator]]\nid = \"x\"\ntitle = \"X\"\ndecimals = 1\n";
        let b = "# a comment\n[[indicator]]\ndecimals = 1 # one\ntitle = \"X\"\nid = \"x\"\n";
        let da = Definitions::from_files([("indicators/a/x.toml", a)]);
        let db = Definitions::from_files([("indicators/a/x.toml", b)]);
        assert_eq!(da.indicators, db.indicators);
        assert_ne!(da.files, db.files, "the file bytes did change");
    }

    #[test]
    fn a_changed_value_changes_the_definition() {
        let a = "[[indicator]]\nid = \"x\"\ndecimals = 1\n";
        let b = "[[indicator]]\nid = \"x\"\ndecimals = 2\n";
        let da = Definitions::from_files([("i.toml", a)]);
        let db = Definitions::from_files([("i.toml", b)]);
        assert_ne!(da.indicators["x"], db.indicators["x"]);
    }

    #[test]
    fn pipelines_are_keyed_by_release_id() {
        let p = "[release]\nid = \"r\"\nyear = 2024\n[inputs.s]\npath = \"d/{year}.csv\"\n";
        let d = Definitions::from_files([("pipelines/r.toml", p)]);
        assert_eq!(d.releases["r"]["inputs"]["s"]["path"], "d/{year}.csv");
    }
}
