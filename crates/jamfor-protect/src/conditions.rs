//! When one count's conditions imply another's, so that what it counts is a subset.
//!
//! A count's conditions are conjunctions as written (`insats = 'HVB' AND alder >= 13`). One
//! conjunction implies another when every term of the other is implied by a single term of the
//! first: the same term, a value inside a list (`insats = 'HVB'` implies `insats IN ('HVB',
//! 'FH')` and `insats <> 'UTR'`), a smaller list inside a larger one, or a tighter bound
//! (`alder >= 80` implies `alder >= 65`). That misses implications that need two terms
//! together, which only leaves a relation out: a reader may know more than the audit models
//! then, never less than the data support, since every relation found holds for any data.

use std::collections::BTreeSet;

/// A conjunction of conditions, read once.
#[derive(Debug, Clone)]
pub(crate) struct Conjunction(Vec<Term>);

impl Conjunction {
    /// The conditions as written (an empty list is no condition).
    pub(crate) fn new(conditions: &[String]) -> Self {
        Conjunction(conditions.iter().flat_map(|c| terms(c)).collect())
    }

    /// Whether every row meeting all of these terms meets all of `other`'s.
    pub(crate) fn implies(&self, other: &Conjunction) -> bool {
        other
            .0
            .iter()
            .all(|need| self.0.iter().any(|t| t.implies(need)))
    }
}

/// Whether every row meeting all of `small` meets all of `large`.
#[cfg(test)]
fn implies(small: &[String], large: &[String]) -> bool {
    Conjunction::new(small).implies(&Conjunction::new(large))
}

/// One term of a conjunction.
#[derive(Debug, Clone, PartialEq)]
enum Term {
    /// `column IN (values)`, or `column = value` as a list of one.
    In(String, BTreeSet<String>),
    /// `column <> value`.
    Not(String, String),
    /// `column >= n` (`>` on whole numbers is `>= n + 1`).
    AtLeast(String, f64),
    /// `column <= n`.
    AtMost(String, f64),
    /// `column IS NOT NULL`.
    NotNull(String),
    /// Anything else, by its text.
    Other(String),
}

impl Term {
    fn implies(&self, other: &Term) -> bool {
        use Term::*;
        match (self, other) {
            (a, b) if a == b => true,
            (In(c, vs), In(d, ws)) => c == d && vs.is_subset(ws),
            (In(c, vs), Not(d, w)) => c == d && !vs.contains(w),
            (In(c, _) | AtLeast(c, _) | AtMost(c, _), NotNull(d)) => c == d,
            (AtLeast(c, a), AtLeast(d, b)) => c == d && a >= b,
            (AtMost(c, a), AtMost(d, b)) => c == d && a <= b,
            _ => false,
        }
    }
}

/// The terms of a condition: its top-level `AND`s split (not inside brackets or quotes).
fn terms(condition: &str) -> Vec<Term> {
    // A person-level or per-person clause is one term: its inner `AND`s belong to it.
    if condition.starts_with("HAVING ") || condition.starts_with("PER PERSON ") {
        return vec![term(condition)];
    }
    split_and(condition).into_iter().map(term).collect()
}

fn split_and(condition: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut quoted, mut start) = (0i32, false, 0usize);
    let bytes = condition.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\'' => quoted = !quoted,
            b'(' if !quoted => depth += 1,
            b')' if !quoted => depth -= 1,
            _ if !quoted && depth == 0 && keyword_at(condition, i, " AND ") => {
                out.push(condition[start..i].trim());
                i += 5;
                start = i;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out.push(condition[start..].trim());
    out.retain(|t| !t.is_empty());
    out
}

fn keyword_at(text: &str, i: usize, keyword: &str) -> bool {
    text.get(i..i + keyword.len())
        .is_some_and(|s| s.eq_ignore_ascii_case(keyword))
}

fn term(text: &str) -> Term {
    let text = text.trim();
    let other = || Term::Other(text.split_whitespace().collect::<Vec<_>>().join(" "));
    if let Some(column) = text
        .strip_suffix(" IS NOT NULL")
        .or_else(|| text.strip_suffix(" is not null"))
        .filter(|c| is_column(c))
    {
        return Term::NotNull(column.trim().to_string());
    }
    if let Some((column, list)) = split_once_ci(text, " IN ")
        && is_column(column)
        && let Some(values) = list
            .trim()
            .strip_prefix('(')
            .and_then(|l| l.strip_suffix(')'))
    {
        let values: Option<BTreeSet<String>> = values.split(',').map(literal).collect();
        return match values {
            Some(v) => Term::In(column.trim().to_string(), v),
            None => other(),
        };
    }
    for (op, make) in OPERATORS {
        if let Some((column, value)) = text.split_once(op)
            && is_column(column)
            && let Some(term) = make(column.trim(), value.trim())
        {
            return term;
        }
    }
    other()
}

type Make = fn(&str, &str) -> Option<Term>;

/// Longer operators first, so `>=` is not read as `>`.
const OPERATORS: [(&str, Make); 6] = [
    ("<>", |c, v| Some(Term::Not(c.to_string(), literal(v)?))),
    (">=", |c, v| Some(Term::AtLeast(c.to_string(), number(v)?))),
    ("<=", |c, v| Some(Term::AtMost(c.to_string(), number(v)?))),
    (">", |c, v| {
        Some(Term::AtLeast(c.to_string(), whole(v)? + 1.0))
    }),
    ("<", |c, v| {
        Some(Term::AtMost(c.to_string(), whole(v)? - 1.0))
    }),
    ("=", |c, v| {
        Some(Term::In(c.to_string(), BTreeSet::from([literal(v)?])))
    }),
];

fn split_once_ci<'a>(text: &'a str, keyword: &str) -> Option<(&'a str, &'a str)> {
    let at = (0..text.len()).find(|&i| keyword_at(text, i, keyword))?;
    Some((&text[..at], &text[at + keyword.len()..]))
}

/// A plain column name (a function call or expression is not one).
fn is_column(text: &str) -> bool {
    let t = text.trim();
    !t.is_empty() && t.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// A quoted string or a number, as text.
fn literal(text: &str) -> Option<String> {
    let t = text.trim();
    if let Some(inner) = t.strip_prefix('\'').and_then(|s| s.strip_suffix('\'')) {
        return (!inner.contains('\'')).then(|| format!("'{inner}'"));
    }
    number(t).map(|n| n.to_string())
}

fn number(text: &str) -> Option<f64> {
    text.trim().parse::<f64>().ok().filter(|n| n.is_finite())
}

fn whole(text: &str) -> Option<f64> {
    number(text).filter(|n| n.fract() == 0.0)
}

#[cfg(test)]
mod tests {
    use super::implies;

    fn c(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_narrower_condition_implies_a_wider_one() {
        let hvb = c(&["malgrupp = 'BARN' AND insats = 'HVB' AND alder >= 13"]);
        let placed = c(&["malgrupp = 'BARN' AND insats IN ('HVB', 'FH') AND alder >= 0"]);
        assert!(implies(&hvb, &placed));
        assert!(!implies(&placed, &hvb));
        assert!(implies(&c(&["alder >= 80"]), &c(&["alder >= 65"])));
        assert!(implies(&c(&["alder > 79"]), &c(&["alder >= 80"])));
        assert!(implies(&c(&["insats = 'SKB'"]), &c(&["insats <> 'UTR'"])));
        assert!(!implies(&c(&["insats = 'UTR'"]), &c(&["insats <> 'UTR'"])));
        assert!(
            implies(&c(&["x = 'A'"]), &[]),
            "everything implies no condition"
        );
        assert!(!implies(&[], &c(&["x = 'A'"])));
    }

    #[test]
    fn terms_inside_brackets_or_quotes_are_not_split() {
        let a = c(&["insats = 'HT' AND (utflyttning IS NULL OR utflyttning > 3)"]);
        let b = c(&["(utflyttning IS NULL OR utflyttning > 3)"]);
        assert!(implies(&a, &b));
        assert!(!implies(&c(&["namn = 'A AND B'"]), &c(&["B'"])));
    }

    #[test]
    fn what_it_cannot_read_it_compares_as_text() {
        let a = c(&["YEAR(avslutad) = MEASURE_YEAR AND alder >= 18"]);
        assert!(implies(&a, &c(&["YEAR(avslutad)  = MEASURE_YEAR"])));
        assert!(!implies(&a, &c(&["YEAR(avslutad) = MEASURE_YEAR - 1"])));
    }
}
