//! What `jamfor check` prints for each rule, taken from the rule fixtures of `jamfor-spec` (the
//! test that keeps them exact), so the published examples are the tested output.

use jamfor_spec::Rule;

macro_rules! fixtures {
    ($($name:literal),* $(,)?) => {
        const FIXTURES: &[(&str, &str)] = &[$(
            ($name, include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"), "/../jamfor-spec/tests/rules/", $name, ".txt"
            ))),
        )*];
    };
}

fixtures![
    "toml-syntax",
    "misplaced-file",
    "unknown-field",
    "missing-field",
    "wrong-type",
    "invalid-value",
    "invalid-id",
    "duplicate-id",
    "unknown-area",
    "area-mismatch",
    "unknown-source",
    "unknown-column",
    "unknown-code",
    "unknown-indicator",
    "unknown-disclosure-policy",
    "expression-syntax",
    "unsupported-expression",
    "type-mismatch",
    "share-without-denominator",
    "measure-family-mismatch",
    "reference-not-a-count",
    "reference-cycle",
    "colour-without-direction",
    "invalid-colour-rule",
    "identifying-column-as-breakdown",
    "identifying-column-in-expression",
    "aggregate-outside-having",
    "column-outside-aggregate",
    "having-without-person",
    "invalid-year-window",
    "breakdown-not-in-source",
    "unsupported-breakdown",
    "level-not-in-source",
    "invalid-age-groups",
    "role-conflict",
    "source-without-geography",
    "invalid-release",
    "missing-input",
    "input-file-not-found",
    "count-rows-of-aggregate",
    "unused-source",
    "invalid-nyckeltal",
];

/// The fixture's comment (what it shows) and the diagnostic output, for `rule`.
pub(crate) fn example(rule: Rule) -> Option<(String, &'static str)> {
    let (_, text) = FIXTURES.iter().find(|(name, _)| *name == rule.name())?;
    let comment: Vec<&str> = text
        .lines()
        .take_while(|l| l.starts_with('#'))
        .filter(|l| !l.starts_with("#!"))
        .map(|l| l.trim_start_matches('#').trim())
        .collect();
    let (_, expected) = text.split_once("=== expected\n")?;
    Some((comment.join(" "), expected.trim_end()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_has_a_printed_example_naming_it() {
        for rule in Rule::ALL {
            let (comment, printed) =
                example(*rule).unwrap_or_else(|| panic!("no fixture for {}", rule.name()));
            assert!(!comment.is_empty(), "{}", rule.name());
            assert!(
                printed.contains(&format!("[{}]", rule.name())),
                "{}: {printed}",
                rule.name()
            );
        }
    }
}
