//! Primary suppression: the rules that make a single cell confidential on its own.

use crate::derived::DerivedKind;
use crate::policy::{SuppressionPolicy, ZeroHandling};
use crate::status::PrimaryReason;
use crate::system::{CellId, LinkedSystem};

/// Result of the primary rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrimaryPattern {
    /// Per cell: why it is confidential, if it is.
    pub reasons: Vec<Option<PrimaryReason>>,
    /// Per cell: published whatever happens (register zeros under
    /// [`ZeroHandling::Published`]); never a secondary suppression.
    pub forced: Vec<bool>,
}

impl PrimaryPattern {
    /// Number of primary cells.
    pub fn count(&self) -> usize {
        self.reasons.iter().filter(|r| r.is_some()).count()
    }
}

/// Applies the policy's primary rules to every cell. `manual` cells are confidential whatever
/// their value.
pub fn primary_suppression(
    system: &LinkedSystem,
    policy: &SuppressionPolicy,
    manual: &[CellId],
) -> PrimaryPattern {
    let n = system.cells().len();
    let mut reasons: Vec<Option<PrimaryReason>> = system
        .cells()
        .iter()
        .map(|c| {
            // A survey cell answered by too few is withheld whatever it shows: "0 of 2" says
            // as much about the two as "2 of 2".
            if let (Some(min), Some(r)) = (policy.min_respondents, c.respondents)
                && r >= 1
                && r < min
            {
                return Some(PrimaryReason::FewRespondents);
            }
            if c.value == 0 {
                return match policy.zeros {
                    ZeroHandling::Suppressed => Some(PrimaryReason::Zero),
                    ZeroHandling::Published => None,
                };
            }
            if c.value < policy.min_count && c.respondents.is_none() {
                return Some(PrimaryReason::SmallCount);
            }
            None
        })
        .collect();
    for &m in manual {
        if m.index() < n && reasons[m.index()].is_none() {
            reasons[m.index()] = Some(PrimaryReason::Manual);
        }
    }
    if policy.complement {
        // The "almost everyone" case: with the denominator published, a small complement is a
        // small count about identifiable people. Judged on the denominator's primary status:
        // a hidden denominator is no anchor.
        let mut complement = Vec::new();
        for d in system.derived() {
            if d.kind != DerivedKind::Share || reasons[d.denominator.index()].is_some() {
                continue;
            }
            let (num, den) = (
                system.cell(d.numerator).value,
                system.cell(d.denominator).value,
            );
            let rest = den.saturating_sub(num);
            if rest >= 1 && rest < policy.min_count && reasons[d.numerator.index()].is_none() {
                complement.push((d.numerator, d.denominator));
            }
        }
        for (num, denominator) in complement {
            reasons[num.index()].get_or_insert(PrimaryReason::Complement { denominator });
        }
    }
    // Cells that are the same number share their status (the Gotland rule, generalised).
    for comp in &system.structure.components {
        for (i, &a) in comp.alias.iter().enumerate() {
            let (ci, ca) = (comp.cells[i].index(), comp.cells[a as usize].index());
            if ci != ca && reasons[ca].is_none() {
                reasons[ca] = reasons[ci];
            }
        }
        for (i, &a) in comp.alias.iter().enumerate() {
            let (ci, ca) = (comp.cells[i].index(), comp.cells[a as usize].index());
            if reasons[ci].is_none() {
                reasons[ci] = reasons[ca];
            }
        }
    }
    let forced = system
        .cells()
        .iter()
        .zip(&reasons)
        // Register zeros only: a survey zero is answers of people, and when its parts were
        // withheld for few respondents it may have to be withheld too (a published 0 of 5
        // gives away the 0 of 2 among them).
        .map(|(c, r)| {
            r.is_none()
                && c.value == 0
                && c.respondents.is_none()
                && policy.zeros == ZeroHandling::Published
        })
        .collect();
    PrimaryPattern { reasons, forced }
}
