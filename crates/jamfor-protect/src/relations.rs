//! Counts that count a subset of another count, place by place.
//!
//! Two counts of the same source file are related when one cannot exceed the other in any
//! cell: the same tally with conditions that imply the other's ([`super::conditions`]), or
//! distinct persons among rows that the rows' conditions admit (persons ≤ rows). Children
//! placed in HVB are among children placed; persons with an insats among persons registered;
//! children placed among placements. An age group of a count is that count with the age
//! condition added, so women 80+ with hemtjänst counted on their own and the 80+ group of
//! women 65+ with hemtjänst are found equal (a relation each way). A reader knows all this
//! without being told, so the audit must: a suppressed count is bounded above by a published
//! count it is part of, and below by a published part of it. Sums of a column are not related
//! (they are public population counts here), nor are a count's own age groups to its total
//! (its equations already tie those).

use jamfor_spec::keywords::Role;
use jamfor_spec::manifest::Manifest;

use super::conditions::Conjunction;
use super::counts::Tally;
use super::plan::{CountInfo, CountIx};

/// A count, or one age group of it.
pub(crate) type Part = (CountIx, Option<String>);

/// `small ≤ large` in every place and kön both are published for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Subset {
    pub(crate) small: Part,
    pub(crate) large: Part,
}

/// Every subset relation between sensitive counts (and their age groups).
pub(crate) fn subsets(manifest: &Manifest, counts: &[CountInfo]) -> Vec<Subset> {
    // Every count and every age group of it, with its conditions.
    let mut parts: Vec<(Part, Conjunction)> = Vec::new();
    for (c, info) in counts.iter().enumerate() {
        if !info.class.sensitive() || matches!(info.id.tally, Tally::Sum(_)) {
            continue;
        }
        parts.push(((c as CountIx, None), Conjunction::new(&info.id.conditions)));
        let file = info.id.source.split('@').next().unwrap_or_default();
        let Some(age) = manifest
            .source(file)
            .and_then(|s| s.role(Role::Alder))
            .map(|col| col.name.clone())
        else {
            continue;
        };
        for partition in &info.age_partitions {
            for (from, to, label) in partition {
                let mut conditions = info.id.conditions.clone();
                conditions.push(format!("{age} >= {from}"));
                if let Some(to) = to {
                    conditions.push(format!("{age} <= {to}"));
                }
                let part = (c as CountIx, Some(label.clone()));
                if !parts.iter().any(|(p, _)| *p == part) {
                    parts.push((part, Conjunction::new(&conditions)));
                }
            }
        }
    }
    let mut out = Vec::new();
    for (small, a) in &parts {
        for (large, b) in &parts {
            let (ca, cb) = (&counts[small.0 as usize].id, &counts[large.0 as usize].id);
            if small.0 == large.0 || ca.source != cb.source {
                continue;
            }
            let tallies = match (&ca.tally, &cb.tally) {
                (Tally::Rows, Tally::Rows) => true,
                (Tally::Distinct(x), Tally::Distinct(y)) => x == y,
                (Tally::Distinct(_), Tally::Rows) => true,
                _ => false,
            };
            if tallies && a.implies(b) {
                out.push(Subset {
                    small: small.clone(),
                    large: large.clone(),
                });
            }
        }
    }
    out
}
