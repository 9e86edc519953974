//! Counts that count a subset of another count, place by place.
//!
//! Two counts of the same source file are related when one cannot exceed the other in any
//! cell: the same tally with conditions that imply the other's ([`super::conditions`]), or
//! distinct persons among rows that the rows' conditions admit (persons ≤ rows). Children
//! placed in HVB are among children placed; persons with an insats among persons registered;
//! children placed among placements. A reader knows this without being told, so the audit
//! must: a suppressed count is bounded above by a published count it is part of, and below by
//! a published part of it. Sums are not related (a sum of a column is public population here).

use super::counts::Tally;
use super::plan::{CountInfo, CountIx};

/// Every pair `(small, large)` of sensitive counts where `small ≤ large` cell by cell.
pub(crate) fn subsets(counts: &[CountInfo]) -> Vec<(CountIx, CountIx)> {
    let mut out = Vec::new();
    for (i, a) in counts.iter().enumerate() {
        for (j, b) in counts.iter().enumerate() {
            if i == j || !a.class.sensitive() || !b.class.sensitive() || a.id.source != b.id.source
            {
                continue;
            }
            let tallies = match (&a.id.tally, &b.id.tally) {
                (Tally::Rows, Tally::Rows) => true,
                (Tally::Distinct(x), Tally::Distinct(y)) => x == y,
                (Tally::Distinct(_), Tally::Rows) => true,
                _ => false,
            };
            if !tallies || !super::conditions::implies(&a.id.conditions, &b.id.conditions) {
                continue;
            }
            // Two counts implying each other are the same rows spelt differently: one
            // relation each way says they are equal.
            out.push((i as CountIx, j as CountIx));
        }
    }
    out
}
