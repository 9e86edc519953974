//! How sure a difference is: the test a bruttolista flag must pass besides its margin, and the
//! plain Swedish that says how sure it is.
//!
//! A published value with a confidence interval (survey shares; register shares and rates, see
//! `docs/uncertainty.md`) carries its standard error: the interval's half-width on the side
//! facing the other figure, divided by the interval's normal quantile z (1.96 at 95 %). Wilson and
//! Poisson intervals are not symmetric, so the side facing the comparison is the one that counts.
//!
//! - **Against a group** (comparable kommuner, kommungrupp): the group mean is taken as fixed —
//!   it averages several kommuner, so its own noise is far smaller than one kommun's — and the
//!   difference counts when it exceeds 1.96 standard errors of the kommun's value: when the group
//!   mean lies outside the kommun's 95 % interval.
//! - **Between two values** (kvinnor and män; the first and last year of a trend): a z-test on
//!   the difference of two independent estimates, |a − b| / √(se_a² + se_b²) ≥ 1.96.
//!
//! At 3.29 standard errors (99.9 %) the difference is "mycket säker". A value without an interval
//! (a kommunenkät answer, an index, a mean or median of register cases) has no computed
//! uncertainty: its flags keep the margin rule alone and say so.

use jamfor_engine::interval::critical_value;

/// The standard errors at which a difference is sure (95 %, two-sided) and very sure (99.9 %).
const SAKER: f64 = 1.959_963_984_540_054;
const MYCKET_SAKER: f64 = 3.290_526_731_491_926;

/// How sure a flagged difference is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Certainty {
    /// The figures have no computed interval: flagged by the margin alone.
    NoMarginOfError,
    /// Larger than its uncertainty at 95 %.
    Sure,
    /// Larger than its uncertainty at 99.9 %.
    VerySure,
}

impl Certainty {
    /// How sure, in Swedish, as it follows a reason.
    pub fn text(self) -> &'static str {
        match self {
            Certainty::NoMarginOfError => "ingen felmarginal beräknad",
            Certainty::Sure => "säker skillnad (95 %)",
            Certainty::VerySure => "mycket säker skillnad (99,9 %)",
        }
    }

    /// The sureness of a difference of `z` standard errors; `None` when it is within the noise.
    fn of(z: f64) -> Option<Self> {
        if z >= MYCKET_SAKER {
            Some(Certainty::VerySure)
        } else if z >= SAKER {
            Some(Certainty::Sure)
        } else {
            None
        }
    }
}

/// A published value with its interval, and the interval's confidence level.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Estimate {
    pub(crate) value: f64,
    /// `(low, high, confidence)` when the value has an interval.
    pub(crate) interval: Option<(f64, f64, f64)>,
}

impl Estimate {
    /// The standard error of the value on the side facing `other`; `None` without an interval.
    fn se_toward(self, other: f64) -> Option<f64> {
        let (low, high, confidence) = self.interval?;
        let half = if other < self.value {
            self.value - low
        } else {
            high - self.value
        };
        Some(half.max(0.0) / critical_value(confidence))
    }
}

/// How sure the difference between a kommun's value and a group mean taken as fixed is:
/// `Some(NoMarginOfError)` without an interval, `None` when the mean lies within the noise.
pub(crate) fn mot_grupp(kommun: Estimate, mean: f64) -> Option<Certainty> {
    match kommun.se_toward(mean) {
        None => Some(Certainty::NoMarginOfError),
        Some(se) => Certainty::of(z(kommun.value - mean, se)),
    }
}

/// How sure the difference between two independent estimates is: `Some(NoMarginOfError)` unless
/// both have an interval, `None` when the difference is within the noise.
pub(crate) fn mellan(a: Estimate, b: Estimate) -> Option<Certainty> {
    match (a.se_toward(b.value), b.se_toward(a.value)) {
        (Some(sa), Some(sb)) => Certainty::of(z(a.value - b.value, (sa * sa + sb * sb).sqrt())),
        _ => Some(Certainty::NoMarginOfError),
    }
}

/// A difference in standard errors; with no error at all any difference is sure.
fn z(difference: f64, se: f64) -> f64 {
    if se > 0.0 {
        difference.abs() / se
    } else if difference == 0.0 {
        0.0
    } else {
        f64::INFINITY
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(value: f64, low: f64, high: f64) -> Estimate {
        Estimate {
            value,
            interval: Some((low, high, 0.95)),
        }
    }

    #[test]
    fn a_group_mean_inside_the_interval_is_no_difference() {
        // Ockelbo: 67 % of 9 respondents, 36–97, against its comparable kommuner's 91.
        assert_eq!(mot_grupp(s(67.0, 36.0, 97.0), 91.0), None);
        // 67 with 60–74 against 91: 24 points on a standard error of 7 / 1.96 = 3.57, 6.7 se.
        assert_eq!(
            mot_grupp(s(67.0, 60.0, 74.0), 91.0),
            Some(Certainty::VerySure)
        );
        // Just outside the interval: sure, not very sure.
        assert_eq!(mot_grupp(s(67.0, 60.0, 74.0), 75.0), Some(Certainty::Sure));
        // The side facing the mean counts: 74 is inside (above), 59 outside (below).
        assert_eq!(mot_grupp(s(67.0, 60.0, 80.0), 74.0), None);
        assert_eq!(mot_grupp(s(67.0, 60.0, 80.0), 59.0), Some(Certainty::Sure));
        let no_interval = Estimate {
            value: 67.0,
            interval: None,
        };
        assert_eq!(
            mot_grupp(no_interval, 91.0),
            Some(Certainty::NoMarginOfError)
        );
    }

    #[test]
    fn two_estimates_add_their_variances() {
        // Both ±9.8 at 95 %: se 5 each, se of the difference 7.07; 20 apart is 2.83 se.
        assert_eq!(
            mellan(s(50.0, 40.2, 59.8), s(70.0, 60.2, 79.8)),
            Some(Certainty::Sure)
        );
        // 12 apart is 1.7 se, although neither value lies in the other's interval.
        assert_eq!(mellan(s(50.0, 40.2, 59.8), s(62.0, 52.2, 71.8)), None);
    }
}
