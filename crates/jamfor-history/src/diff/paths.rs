//! Which fields of two canonical definitions differ, as dotted paths (`measure.numerator.where`),
//! so a reader sees *what* was edited rather than only that a hash moved.

use serde_json::Value;

/// The paths at which `old` and `new` differ, in key order. A list that changed length is one
/// path; lists of equal length are compared element by element (`items[2].points`).
pub(crate) fn changed(old: &Value, new: &Value) -> Vec<String> {
    let mut out = Vec::new();
    walk(old, new, String::new(), &mut out);
    out
}

fn walk(old: &Value, new: &Value, at: String, out: &mut Vec<String>) {
    if old == new {
        return;
    }
    match (old, new) {
        (Value::Object(a), Value::Object(b)) => {
            let mut keys: Vec<&String> = a.keys().chain(b.keys()).collect();
            keys.sort();
            keys.dedup();
            for key in keys {
                let child = if at.is_empty() {
                    key.clone()
                } else {
                    format!("{at}.{key}")
                };
                let null = Value::Null;
                walk(
                    a.get(key).unwrap_or(&null),
                    b.get(key).unwrap_or(&null),
                    child,
                    out,
                );
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => {
            for (i, (x, y)) in a.iter().zip(b).enumerate() {
                walk(x, y, format!("{at}[{i}]"), out);
            }
        }
        _ => out.push(if at.is_empty() { "(all)".into() } else { at }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn nested_fields_lists_and_added_keys_are_named() {
        let old = json!({"title": "A", "measure": {"numerator": {"where": "x > 1"}}, "levels": ["kommun"], "items": [1, 2]});
        let new = json!({"title": "A", "measure": {"numerator": {"where": "x > 2"}}, "levels": ["kommun", "lan"], "items": [1, 3], "target": 5});
        assert_eq!(
            changed(&old, &new),
            vec!["items[1]", "levels", "measure.numerator.where", "target"]
        );
        assert!(changed(&old, &old).is_empty());
    }
}
