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
    DerivedKind, LinkedSystem, PrimaryPattern, PrimaryReason, SuppressionPolicy, ZeroHandling,
};

use super::counts::Class;

/// The primary pattern of a built system. `real` holds the published values (the system
/// holds their additive version).
pub(crate) fn primary(
    system: &LinkedSystem,
    class: &[Class],
    real: &[u64],
    rules: &SuppressionPolicy,
) -> PrimaryPattern {
    let mut reasons: Vec<Option<PrimaryReason>> = system
        .cells()
        .iter()
        .zip(class.iter().zip(real))
        .map(|(cell, (&class, &value))| match class {
            Class::Public | Class::Units => None,
            Class::Survey => {
                let few = rules
                    .min_respondents
                    .zip(cell.respondents)
                    .is_some_and(|(min, r)| r >= 1 && r < min);
                if few {
                    Some(PrimaryReason::FewRespondents)
                } else {
                    zero(value, rules)
                }
            }
            Class::Person => {
                if value >= 1 && value < rules.min_count {
                    Some(PrimaryReason::SmallCount)
                } else {
                    zero(value, rules)
                }
            }
        })
        .collect();
    if rules.complement {
        let mut complement = Vec::new();
        for d in system.derived() {
            let (n, den) = (d.numerator.index(), d.denominator.index());
            let rate_or_share = matches!(d.kind, DerivedKind::Share | DerivedKind::Rate { .. });
            // A hidden denominator is no anchor.
            if !rate_or_share || class[n] != Class::Person || reasons[den].is_some() {
                continue;
            }
            let rest = real[den].saturating_sub(real[n]);
            if rest >= 1 && rest < rules.min_count && reasons[n].is_none() {
                complement.push((d.numerator, d.denominator));
            }
        }
        for (num, denominator) in complement {
            reasons[num.index()].get_or_insert(PrimaryReason::Complement { denominator });
        }
    }
    let forced = reasons
        .iter()
        .zip(class.iter().zip(real))
        .zip(system.cells())
        .map(|((r, (&class, &value)), cell)| {
            // Register zeros only: a survey zero may have to be withheld when its kön cells
            // were withheld for few respondents (a published 0 of 5 gives the 0 of 2 away) —
            // unless nobody answered at all, which the row's bortfall says.
            let nobody_answered = class == Class::Survey && cell.respondents == Some(0);
            r.is_none()
                && (class == Class::Public
                    || nobody_answered
                    || (value == 0
                        && class != Class::Survey
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
