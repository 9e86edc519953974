//! Trends: a result that got worse (or better) every year for the declared number of years in a
//! row, ending in the release year, by more than the year-to-year noise.

use jamfor_spec::keywords::Direction;

use crate::certainty::{self, Estimate};
use crate::reason::Reason;

/// The trend of a kommun's published values by year, if there is one.
///
/// `values` holds `(year, published value)`; a year without a published value breaks a run. Values
/// are compared as published (rounded to `decimals`), so a change too small to see in the table is
/// no change; an unchanged year breaks a run too. `years` changes in a row are needed, the last
/// ending in `till`. Where the first and last year of the run have intervals, the change between
/// them must also pass the z-test of [`certainty::mellan`]: a run of small steps, each within the
/// noise, is no trend.
pub(crate) fn trend(
    values: &[(i32, Option<Estimate>)],
    direction: Direction,
    decimals: u8,
    years: usize,
    till: i32,
) -> Option<Reason> {
    let sign = match direction {
        Direction::Higher => 1.0,
        Direction::Lower => -1.0,
        Direction::None => return None,
    };
    let scale = 10f64.powi(i32::from(decimals));
    let at = |year: i32| -> Option<f64> {
        values
            .iter()
            .find(|(y, _)| *y == year)
            .and_then(|(_, v)| *v)
            .map(|v| (v.value * scale).round())
    };
    let mut better = 0usize;
    let mut worse = 0usize;
    let mut year = till;
    while better.max(worse) < years {
        let (Some(now), Some(before)) = (at(year), at(year - 1)) else {
            break;
        };
        let change = sign * (now - before);
        if change > 0.0 && worse == 0 {
            better += 1;
        } else if change < 0.0 && better == 0 {
            worse += 1;
        } else {
            break;
        }
        year -= 1;
    }
    let fran = till - i32::try_from(years).unwrap_or(i32::MAX);
    if worse < years && better < years {
        return None;
    }
    let estimate = |year: i32| {
        values
            .iter()
            .find(|(y, _)| *y == year)
            .and_then(|(_, v)| *v)
    };
    let sakerhet = certainty::mellan(estimate(fran)?, estimate(till)?)?;
    Some(if worse >= years {
        Reason::Forsamras {
            fran,
            till,
            sakerhet,
        }
    } else {
        Reason::Forbattras {
            fran,
            till,
            sakerhet,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::certainty::Certainty;

    fn series(values: &[Option<f64>]) -> Vec<(i32, Option<Estimate>)> {
        (2020..)
            .zip(values.iter().map(|v| {
                v.map(|value| Estimate {
                    value,
                    interval: None,
                })
            }))
            .collect()
    }

    /// Values with intervals of ± `half` at 95 %.
    fn with_intervals(values: &[f64], half: f64) -> Vec<(i32, Option<Estimate>)> {
        (2020..)
            .zip(values.iter().map(|&value| {
                Some(Estimate {
                    value,
                    interval: Some((value - half, value + half, 0.95)),
                })
            }))
            .collect()
    }

    #[test]
    fn small_steps_within_the_noise_are_no_trend() {
        // 80, 79, 78, 77 on ±10 (a survey of few respondents): 3 points over 3 years is 0.2 se.
        let noisy = with_intervals(&[80.0, 79.0, 78.0, 77.0], 10.0);
        assert_eq!(trend(&noisy, Direction::Higher, 0, 3, 2023), None);
        // The same steps on ±1: 3 points is 3 / √2 · 1.96 = 4.2 se, very sure.
        let firm = with_intervals(&[80.0, 79.0, 78.0, 77.0], 1.0);
        assert_eq!(
            trend(&firm, Direction::Higher, 0, 3, 2023),
            Some(Reason::Forsamras {
                fran: 2020,
                till: 2023,
                sakerhet: Certainty::VerySure
            })
        );
    }

    #[test]
    fn three_worse_years_in_a_row_make_a_worsening() {
        let s = series(&[Some(50.0), Some(49.0), Some(48.0), Some(47.0)]);
        assert_eq!(
            trend(&s, Direction::Higher, 1, 3, 2023),
            Some(Reason::Forsamras {
                fran: 2020,
                till: 2023,
                sakerhet: Certainty::NoMarginOfError
            })
        );
        // Lower is better: the same series is an improvement.
        assert_eq!(
            trend(&s, Direction::Lower, 1, 3, 2023),
            Some(Reason::Forbattras {
                fran: 2020,
                till: 2023,
                sakerhet: Certainty::NoMarginOfError
            })
        );
    }

    #[test]
    fn a_gap_a_pause_or_a_turn_breaks_the_run() {
        let gap = series(&[Some(50.0), None, Some(48.0), Some(47.0)]);
        assert_eq!(trend(&gap, Direction::Higher, 1, 3, 2023), None);
        // 49.01 and 49.04 are both 49.0 as published.
        let pause = series(&[Some(50.0), Some(49.01), Some(49.04), Some(47.0)]);
        assert_eq!(trend(&pause, Direction::Higher, 1, 3, 2023), None);
        let turn = series(&[Some(50.0), Some(51.0), Some(48.0), Some(47.0)]);
        assert_eq!(trend(&turn, Direction::Higher, 1, 3, 2023), None);
        assert_eq!(
            trend(&turn, Direction::Higher, 1, 2, 2023),
            Some(Reason::Forsamras {
                fran: 2021,
                till: 2023,
                sakerhet: Certainty::NoMarginOfError
            })
        );
    }
}
