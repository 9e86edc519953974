//! The primary rules, cell by cell, from the system's declared (joined) policy.
//!
//! * Register persons: `1 ≤ n < min_count` is confidential; with `complement`, so is the
//!   numerator of a share or rate whose published denominator exceeds it by `1 ≤ d − n <
//!   min_count` ("all but two of them"). A rate gives its numerator back as readily as a share,
//!   so it gets the same rule.
//! * Survey respondents: a cell answered by fewer than `min_respondents` is confidential;
//!   small counts of answers in a cell with enough respondents are not (a sample does not
//!   identify who answered).
//! * Public counts (SCB's population) are published by their agency already: never
//!   confidential, never a secondary suppression.
//! * Zeros follow the policy: published (then never suppressed) or confidential.
//! * A survey cell nobody answered is published: its row says bortfall (`-`), which tells the
//!   reader the zero anyway, so it can be no secondary suppression (it would show `..` where
//!   `-` is owed, and an audit taking it for unknown would overrate the protection).

use jamfor_disclosure::{
    CellId, DerivedKind, LinkedSystem, PrimaryPattern, PrimaryReason, SuppressionPolicy,
    ZeroHandling,
};

use super::counts::Class;

/// What the primary rules read of one cell.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Counted {
    pub(crate) class: Class,
    /// The published (real) value.
    pub(crate) value: u64,
    /// Survey cells: answers behind the cell.
    pub(crate) respondents: Option<u64>,
}

/// A share or rate on two cells, by their positions: numerator, denominator, kind.
pub(crate) type Share = (usize, usize, DerivedKind);

/// The primary pattern of a built system. `real` holds the published values (the system
/// holds their additive version).
pub(crate) fn primary(
    system: &LinkedSystem,
    class: &[Class],
    real: &[u64],
    rules: &SuppressionPolicy,
) -> PrimaryPattern {
    let cells: Vec<Counted> = system
        .cells()
        .iter()
        .zip(class.iter().zip(real))
        .map(|(cell, (&class, &value))| Counted {
            class,
            value,
            respondents: cell.respondents,
        })
        .collect();
    let shares = system
        .derived()
        .iter()
        .map(|d| (d.numerator.index(), d.denominator.index(), d.kind));
    pattern(&cells, shares, rules)
}

/// The primary pattern of cells and the shares and rates on them (in the system's order), as
/// [`primary`] finds it in the system built of them.
pub(crate) fn pattern(
    cells: &[Counted],
    shares: impl IntoIterator<Item = Share>,
    rules: &SuppressionPolicy,
) -> PrimaryPattern {
    let mut reasons: Vec<Option<PrimaryReason>> = cells
        .iter()
        .map(|cell| match cell.class {
            Class::Public | Class::Units => None,
            Class::Survey => {
                let few = rules
                    .min_respondents
                    .zip(cell.respondents)
                    .is_some_and(|(min, r)| r >= 1 && r < min);
                if few {
                    Some(PrimaryReason::FewRespondents)
                } else {
                    zero(cell.value, rules)
                }
            }
            Class::Person => {
                if cell.value >= 1 && cell.value < rules.min_count {
                    Some(PrimaryReason::SmallCount)
                } else {
                    zero(cell.value, rules)
                }
            }
        })
        .collect();
    if rules.complement {
        let mut complement = Vec::new();
        for (n, den, kind) in shares {
            let rate_or_share = matches!(kind, DerivedKind::Share | DerivedKind::Rate { .. });
            // A hidden denominator is no anchor.
            if !rate_or_share || cells[n].class != Class::Person || reasons[den].is_some() {
                continue;
            }
            let rest = cells[den].value.saturating_sub(cells[n].value);
            if rest >= 1 && rest < rules.min_count && reasons[n].is_none() {
                complement.push((n, den));
            }
        }
        for (num, den) in complement {
            // Positions come from a system's cells, so they fit its ids.
            if let Some(denominator) = CellId::at(den) {
                reasons[num].get_or_insert(PrimaryReason::Complement { denominator });
            }
        }
    }
    let forced = reasons
        .iter()
        .zip(cells)
        .map(|(r, cell)| {
            // Register zeros only: a survey zero may have to be withheld when its kön cells
            // were withheld for few respondents (a published 0 of 5 gives the 0 of 2 away) —
            // unless nobody answered at all, which the row's bortfall says.
            let nobody_answered = cell.class == Class::Survey && cell.respondents == Some(0);
            r.is_none()
                && (cell.class == Class::Public
                    || nobody_answered
                    || (cell.value == 0
                        && cell.class != Class::Survey
                        && rules.zeros == ZeroHandling::Published))
        })
        .collect();
    PrimaryPattern { reasons, forced }
}

fn zero(value: u64, rules: &SuppressionPolicy) -> Option<PrimaryReason> {
    (value == 0 && rules.zeros == ZeroHandling::Suppressed).then_some(PrimaryReason::Zero)
}

#[cfg(test)]
mod tests {
    use jamfor_disclosure::{SystemBuilder, ZeroHandling};

    use super::*;

    /// Kommun A: nobody of its women answered, three men did (too few); kommun B and the län
    /// have enough respondents. Every cell counts respondents.
    #[test]
    fn a_survey_cell_nobody_answered_is_published_and_few_respondents_are_not() {
        let mut b = SystemBuilder::new();
        let mut id = std::collections::BTreeMap::new();
        let cells = [
            ("A", "K", 0),
            ("A", "M", 3),
            ("A", "T", 3),
            ("B", "K", 10),
            ("B", "M", 10),
            ("B", "T", 20),
            ("L", "K", 10),
            ("L", "M", 13),
            ("L", "T", 23),
        ];
        for (place, kon, respondents) in cells {
            let c = b
                .add_cell("svarande", format!("{place} {kon}"), respondents)
                .unwrap_or_else(|e| panic!("{e}"));
            b.set_respondents(c, respondents)
                .unwrap_or_else(|e| panic!("{e}"));
            id.insert((place, kon), c);
        }
        let system = b.build().unwrap_or_else(|e| panic!("{e}"));
        let real: Vec<u64> = cells.iter().map(|c| c.2).collect();
        let rules = SuppressionPolicy {
            min_count: 3,
            complement: true,
            min_respondents: Some(5),
            min_denominator: None,
            zeros: ZeroHandling::Published,
            published_decimals: 1,
            protection_percent: None,
        };
        let pattern = primary(&system, &[Class::Survey; 9], &real, &rules);
        let nobody = id[&("A", "K")].index();
        assert_eq!(pattern.reasons[nobody], None);
        assert!(
            pattern.forced[nobody],
            "nobody answered: published as bortfall"
        );
        let few = id[&("A", "M")].index();
        assert_eq!(pattern.reasons[few], Some(PrimaryReason::FewRespondents));
        assert!(!pattern.forced[id[&("B", "K")].index()]);
    }
}
