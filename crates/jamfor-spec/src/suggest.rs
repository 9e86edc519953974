//! "Did you mean …?": the closest known name to a misspelt one.

/// Folds what Swedish users type in different ways: case, and å/ä/ö/é written as a/a/o/e.
fn fold(s: &str) -> String {
    s.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'å' | 'ä' | 'à' | 'á' => 'a',
            'ö' | 'ø' => 'o',
            'é' | 'è' => 'e',
            '-' | ' ' => '_',
            c => c,
        })
        .collect()
}

/// The candidate closest to `wanted`, when it is close enough to be a plausible typo.
pub fn closest<'a>(wanted: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wanted_folded = fold(wanted);
    let mut best: Option<(usize, &'a str)> = None;
    for candidate in candidates {
        let folded = fold(candidate);
        let distance = if folded == wanted_folded {
            0
        } else {
            strsim::levenshtein(&wanted_folded, &folded).max(1)
        };
        // A prefix ("kommun" for "kommun_kod") is a good hint even when far in edits.
        let prefix = folded.starts_with(&wanted_folded) || wanted_folded.starts_with(&folded);
        let limit = (wanted_folded.chars().count().max(3) / 3).max(1);
        // One or two letters are one edit away from any other short code (`X` from `K`): only an
        // exact match up to case and å/ä/ö is a useful hint there.
        let short = wanted_folded.chars().count() < 3;
        let plausible = distance == 0
            || (!short
                && (distance <= limit || (prefix && folded.len().min(wanted_folded.len()) >= 3)));
        if plausible && best.is_none_or(|(d, c)| (distance, candidate) < (d, c)) {
            best = Some((distance, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// `help:` text for a misspelt name, or a list of what is allowed when there are few choices.
pub fn did_you_mean<'a>(
    wanted: &str,
    candidates: impl IntoIterator<Item = &'a str> + Clone,
) -> Option<String> {
    if let Some(best) = closest(wanted, candidates.clone()) {
        return Some(format!("did you mean `{best}`?"));
    }
    let all: Vec<&str> = candidates.into_iter().collect();
    match all.len() {
        0 => None,
        1..=12 => Some(format!("expected one of {}", quoted_list(&all))),
        _ => None,
    }
}

/// `` `a`, `b` or `c` ``.
pub fn quoted_list(items: &[&str]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| format!("`{s}`")).collect();
    match quoted.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} or {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos_and_folded_letters() {
        assert_eq!(
            closest("kommun_kd", ["kommun_kod", "kon"]),
            Some("kommun_kod")
        );
        assert_eq!(closest("län", ["lan", "riket"]), Some("lan"));
        assert_eq!(closest("Aldreomsorg", ["aldreomsorg"]), Some("aldreomsorg"));
        assert_eq!(closest("xyz", ["kommun", "riket"]), None);
        assert_eq!(closest("ja", ["Ja", "Nej"]), Some("Ja"));
        assert_eq!(closest("X", ["K", "M"]), None);
        assert_eq!(
            did_you_mean("X", ["K", "M"]).as_deref(),
            Some("expected one of `K` or `M`")
        );
    }

    #[test]
    fn lists_few_choices_when_nothing_is_close() {
        assert_eq!(
            did_you_mean("blue", ["relative", "thresholds", "none"]).as_deref(),
            Some("expected one of `relative`, `thresholds` or `none`")
        );
    }
}
