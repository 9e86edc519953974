//! The one rule for a cell without a value: `.` or `-` (docs/release.md, "Statuses").
//!
//! `.` (not applicable) only where the indicator cannot apply: the population it measures is
//! empty — nobody in the denominator, no case in the measurement period, nobody sampled. `-`
//! (bortfall) where there is something to measure but no figure came in: a kommun that did not
//! answer the kommunenkät it is asked every year (whether a yes/no, an index or a mean), sampled
//! persons of whom none answered, cases in a register whose value was not reported. A bortfall
//! is counted on the workbook's Bortfall sheet; a `.` is not a gap in the data.

use crate::result::Status;

/// What is known about a cell that has no value.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Population {
    /// Units in the population the indicator measures (cases, sampled persons), whether or not
    /// they gave a value.
    pub(crate) units: f64,
    /// Whether every place is asked for the figure, so that an absent answer is itself a
    /// non-response: the kommunenkät is sent to every kommun.
    pub(crate) asked: bool,
}

impl Population {
    /// The status of a cell of this population without a value.
    pub(crate) fn status(self) -> Status {
        if self.units > 0.0 || self.asked {
            Status::Bortfall
        } else {
            Status::NotApplicable
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_population_is_not_applicable_unless_asked() {
        let status = |units, asked| Population { units, asked }.status();
        assert_eq!(status(0.0, false), Status::NotApplicable);
        assert_eq!(status(0.0, true), Status::Bortfall);
        assert_eq!(status(3.0, false), Status::Bortfall);
        assert_eq!(status(3.0, true), Status::Bortfall);
    }
}
