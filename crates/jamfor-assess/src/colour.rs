//! Colour coding: which result rows are green, yellow or red, by each indicator's declared rule.
//!
//! **In:** a [`Published`] release (rules from the manifest, protected results).
//! **Out:** [`colours`], one `Option<Colour>` per result row, in the table's order; `None` where
//! the row has no value (any status but [`Status::Value`]) or its indicator has no colour rule.
//!
//! Values are compared as published, rounded to the indicator's decimals, so two cells that show
//! the same number always have the same colour and a reader can check a colour against a threshold
//! from the printed figure.
//!
//! ## The rules
//! - **relative** (`green` %, `red` %): among the kommuner with a value for the same indicator,
//!   year, kön and age group, a kommun is green when fewer than `green` % of them are strictly
//!   better, red when fewer than `red` % of them are strictly worse, yellow otherwise. Equal values
//!   therefore get equal colours, and a tie across a cut-off goes to the outer colour (green or
//!   red), so a kommun sharing the best value with many others is still green. A kommun that would
//!   be both (every kommun has the same value, or there is only one) is yellow: nothing tells it
//!   apart. Confidential, bortfall and not-applicable rows neither take part nor get a colour.
//!   Län, riket, kommungrupper and units are measured against the same kommun cut-offs: green when
//!   at least as good as the worst green kommun, red when at least as bad as the best red kommun.
//! - **thresholds** (`green`, `red`): with `direction = "higher"`, at least `green` is green and
//!   below `red` is red; with `"lower"`, at most `green` is green and above `red` is red; yellow
//!   between. The same at every level.
//! - **yes/no**: a kommun's yes (100) is green and no (0) red; above the kommun, where the value is
//!   the share of answering kommuner saying yes, green when all said yes, red when none did, yellow
//!   otherwise. `direction = "lower"` swaps green and red. Compared unrounded, since "all" must
//!   mean all.
//! - **none**: no colour.
//!
//! ## Colours that respect uncertainty
//! A relative or threshold rule declared with `interval = true` colours a value with a confidence
//! interval green only when the interval's worse end would be green, and red only when its better
//! end would be red, against the same cut-offs or thresholds; otherwise yellow, "ingen säker
//! skillnad". The cut-offs of a relative rule are still set by the kommuners' values. The bounds
//! are compared as published (rounded like the value). A value without an interval (a withheld
//! count cannot have one; a kommungrupp has none) is coloured by its value as before.

use std::collections::BTreeMap;

use jamfor_engine::{GeoLevel, Kon, ResultRow, Status};
use jamfor_spec::keywords::Direction;
use jamfor_spec::manifest::{Colour as Rule, Indicator};

use crate::Published;

/// The colour of a published value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Colour {
    /// Among the best, or meets the target level.
    Green,
    /// In between.
    Yellow,
    /// Among the worst, or misses the lower limit.
    Red,
}

impl Colour {
    /// The code written in machine-readable outputs: `green`, `yellow` or `red`.
    pub fn code(self) -> &'static str {
        match self {
            Colour::Green => "green",
            Colour::Yellow => "yellow",
            Colour::Red => "red",
        }
    }

    /// The Swedish word shown in workbooks: `grön`, `gul` or `röd`.
    pub fn label(self) -> &'static str {
        match self {
            Colour::Green => "grön",
            Colour::Yellow => "gul",
            Colour::Red => "röd",
        }
    }
}

pub use jamfor_spec::rounding::published_value;

/// The colour of every row of `p.results`, aligned with `p.results.rows`.
pub fn colours(p: &Published<'_>) -> Vec<Option<Colour>> {
    let indicators: BTreeMap<&str, &Indicator> = p
        .manifest
        .indicators
        .iter()
        .map(|i| (i.id.as_str(), i))
        .collect();
    let cut_offs = relative_cut_offs(p, &indicators);
    p.results
        .rows
        .iter()
        .map(|row| {
            let indicator = *indicators.get(row.indicator.as_str())?;
            let value = published(row, indicator)?;
            let of = |v: f64| match indicator.colour {
                Rule::None => None,
                Rule::YesNo => yes_no(row.value?, indicator.direction),
                Rule::Thresholds { green, red, .. } => {
                    thresholds(v, green, red, indicator.direction)
                }
                Rule::Relative { .. } => cut_offs
                    .get(&Group::of(row))
                    .and_then(|c| c.colour(v, indicator.direction)),
            };
            match (interval_rule(indicator), bounds(row, indicator)) {
                (true, Some((worse, better))) => of(value).map(|_| certain(&of, worse, better)),
                _ => of(value),
            }
        })
        .collect()
}

/// Whether the indicator's rule asks for colours that respect the interval.
fn interval_rule(indicator: &Indicator) -> bool {
    matches!(
        indicator.colour,
        Rule::Relative { interval: true, .. } | Rule::Thresholds { interval: true, .. }
    )
}

/// A published row's interval as (worse end, better end) by the indicator's direction, rounded
/// as published.
fn bounds(row: &ResultRow, indicator: &Indicator) -> Option<(f64, f64)> {
    let (low, high) = (row.ci_low?, row.ci_high?);
    let (low, high) = (
        published_value(low, indicator.decimals),
        published_value(high, indicator.decimals),
    );
    match indicator.direction {
        Direction::Higher => Some((low, high)),
        Direction::Lower => Some((high, low)),
        Direction::None => None,
    }
}

/// Green when even the worse end of the interval is green, red when even the better end is red,
/// else yellow: no colour claims more than the interval supports.
fn certain(of: &dyn Fn(f64) -> Option<Colour>, worse: f64, better: f64) -> Colour {
    if of(worse) == Some(Colour::Green) {
        Colour::Green
    } else if of(better) == Some(Colour::Red) {
        Colour::Red
    } else {
        Colour::Yellow
    }
}

/// The published value of a row that has one.
fn published(row: &ResultRow, indicator: &Indicator) -> Option<f64> {
    if row.status != Status::Value {
        return None;
    }
    row.value
        .filter(|v| v.is_finite())
        .map(|v| published_value(v, indicator.decimals))
}

fn yes_no(value: f64, direction: Direction) -> Option<Colour> {
    const EXACT: f64 = 1e-9;
    let (all, none) = if direction == Direction::Lower {
        (Colour::Red, Colour::Green)
    } else {
        (Colour::Green, Colour::Red)
    };
    Some(if value >= 100.0 - EXACT {
        all
    } else if value <= EXACT {
        none
    } else {
        Colour::Yellow
    })
}

fn thresholds(value: f64, green: f64, red: f64, direction: Direction) -> Option<Colour> {
    let (is_green, is_red) = match direction {
        Direction::Higher => (value >= green, value < red),
        Direction::Lower => (value <= green, value > red),
        // The definitions check refuses thresholds without a direction.
        Direction::None => return None,
    };
    Some(if is_green {
        Colour::Green
    } else if is_red {
        Colour::Red
    } else {
        Colour::Yellow
    })
}

/// The kommuner a relative rule ranks together.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Group<'a> {
    indicator: &'a str,
    year: i32,
    kon: Kon,
    age_group: Option<&'a str>,
}

impl<'a> Group<'a> {
    fn of(row: &'a ResultRow) -> Self {
        Group {
            indicator: &row.indicator,
            year: row.year,
            kon: row.key.kon,
            age_group: row.key.age_group.as_deref(),
        }
    }
}

/// The worst value still green and the best value already red, from the kommuner's values.
#[derive(Debug, Clone, Copy, PartialEq)]
struct CutOffs {
    green: Option<f64>,
    red: Option<f64>,
}

impl CutOffs {
    /// Cut-offs for `green` and `red` percent of `values` (any order), ranked by `direction`.
    fn new(mut values: Vec<f64>, green: f64, red: f64, direction: Direction) -> Option<Self> {
        let higher_is_better = match direction {
            Direction::Higher => true,
            Direction::Lower => false,
            // The definitions check refuses a relative rule without a direction.
            Direction::None => return None,
        };
        // Best first.
        values.sort_by(|a, b| {
            if higher_is_better {
                b.total_cmp(a)
            } else {
                a.total_cmp(b)
            }
        });
        let n = values.len();
        // The kommun at rank i (0-based, best first) has at most i kommuner strictly better, and
        // exactly i when it is the first of its value; it is green when that count is below
        // n × green / 100. So the worst green value sits at the last rank i < n × green / 100.
        let last_rank = |percent: f64| -> Option<usize> {
            // Rounded to 1e-9 so that e.g. 29.000000000004 from float arithmetic counts as 29.
            let share = (n as f64 * percent / 100.0 * 1e9).round() / 1e9;
            let ranks = share.ceil() as usize;
            (ranks > 0).then(|| ranks.min(n) - 1)
        };
        let green_cut = last_rank(green).map(|i| values[i]);
        let red_cut = last_rank(red).map(|i| values[n - 1 - i]);
        Some(CutOffs {
            green: green_cut,
            red: red_cut,
        })
    }

    fn colour(&self, value: f64, direction: Direction) -> Option<Colour> {
        let at_least_as_good = |cut: f64| match direction {
            Direction::Higher => value >= cut,
            Direction::Lower => value <= cut,
            Direction::None => false,
        };
        let at_least_as_bad = |cut: f64| match direction {
            Direction::Higher => value <= cut,
            Direction::Lower => value >= cut,
            Direction::None => false,
        };
        if direction == Direction::None {
            return None;
        }
        let green = self.green.is_some_and(at_least_as_good);
        let red = self.red.is_some_and(at_least_as_bad);
        Some(match (green, red) {
            (true, false) => Colour::Green,
            (false, true) => Colour::Red,
            // Neither, or both: a tie group spanning both cut-offs says nothing about this kommun.
            _ => Colour::Yellow,
        })
    }
}

/// Cut-offs of every group of an indicator with a relative rule that has kommun values.
fn relative_cut_offs<'a>(
    p: &Published<'a>,
    indicators: &BTreeMap<&str, &'a Indicator>,
) -> BTreeMap<Group<'a>, CutOffs> {
    let mut values: BTreeMap<Group<'a>, (Vec<f64>, &Indicator)> = BTreeMap::new();
    for row in &p.results.rows {
        if row.key.level != GeoLevel::Kommun {
            continue;
        }
        let Some(indicator) = indicators.get(row.indicator.as_str()).copied() else {
            continue;
        };
        if !matches!(indicator.colour, Rule::Relative { .. }) {
            continue;
        }
        if let Some(value) = published(row, indicator) {
            values
                .entry(Group::of(row))
                .or_insert_with(|| (Vec::new(), indicator))
                .0
                .push(value);
        }
    }
    values
        .into_iter()
        .filter_map(|(group, (values, indicator))| {
            let Rule::Relative { green, red, .. } = indicator.colour else {
                return None;
            };
            CutOffs::new(values, green, red, indicator.direction).map(|c| (group, c))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn colour_all(values: &[f64], green: f64, red: f64, direction: Direction) -> Vec<Colour> {
        let cuts = CutOffs::new(values.to_vec(), green, red, direction).expect("directed");
        values
            .iter()
            .map(|v| cuts.colour(*v, direction).expect("directed"))
            .collect()
    }

    use Colour::{Green as G, Red as R, Yellow as Y};

    #[test]
    fn quarter_of_eight_is_two_each_way() {
        let values = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0];
        assert_eq!(
            colour_all(&values, 25.0, 25.0, Direction::Higher),
            [R, R, Y, Y, Y, Y, G, G]
        );
        assert_eq!(
            colour_all(&values, 25.0, 25.0, Direction::Lower),
            [G, G, Y, Y, Y, Y, R, R]
        );
    }

    #[test]
    fn fractional_share_rounds_up_to_the_next_kommun() {
        // 10 × 25 % = 2.5: ranks 0, 1 and 2 have fewer than 2.5 kommuner better.
        let values: Vec<f64> = (1..=10).map(f64::from).collect();
        let colours = colour_all(&values, 25.0, 25.0, Direction::Higher);
        assert_eq!(colours.iter().filter(|c| **c == G).count(), 3);
        assert_eq!(colours.iter().filter(|c| **c == R).count(), 3);
    }

    #[test]
    fn ties_at_a_cut_off_share_the_outer_colour() {
        // Best two by rank are 9 and 8, but 8 is shared by three kommuner: all three are green.
        let values = [9.0, 8.0, 8.0, 8.0, 5.0, 4.0, 3.0, 2.0];
        assert_eq!(
            colour_all(&values, 25.0, 25.0, Direction::Higher),
            [G, G, G, G, Y, Y, R, R]
        );
    }

    #[test]
    fn all_equal_is_yellow() {
        assert_eq!(colour_all(&[5.0; 6], 25.0, 25.0, Direction::Higher), [Y; 6]);
        assert_eq!(colour_all(&[5.0], 25.0, 25.0, Direction::Lower), [Y]);
    }

    #[test]
    fn zero_percent_colours_nothing() {
        assert_eq!(
            colour_all(&[1.0, 2.0, 3.0], 0.0, 0.0, Direction::Higher),
            [Y, Y, Y]
        );
    }

    #[test]
    fn thresholds_follow_direction_and_bounds() {
        // Lower is better, green at most 10, red above 20.
        let t = |v| thresholds(v, 10.0, 20.0, Direction::Lower);
        assert_eq!(t(10.0), Some(G));
        assert_eq!(t(10.5), Some(Y));
        assert_eq!(t(20.0), Some(Y));
        assert_eq!(t(20.5), Some(R));
        // Higher is better, green from 3, red below 2.
        let t = |v| thresholds(v, 3.0, 2.0, Direction::Higher);
        assert_eq!(t(3.0), Some(G));
        assert_eq!(t(2.0), Some(Y));
        assert_eq!(t(1.9), Some(R));
        assert_eq!(thresholds(1.0, 3.0, 2.0, Direction::None), None);
    }

    #[test]
    fn yes_no_all_none_and_between() {
        assert_eq!(yes_no(100.0, Direction::Higher), Some(G));
        assert_eq!(yes_no(0.0, Direction::Higher), Some(R));
        assert_eq!(yes_no(99.7, Direction::Higher), Some(Y));
        assert_eq!(yes_no(100.0, Direction::Lower), Some(R));
        assert_eq!(yes_no(0.0, Direction::None), Some(R));
    }

    #[test]
    fn an_interval_across_a_threshold_is_yellow() {
        // Higher is better, green from 90, red below 75.
        let of = |v: f64| thresholds(v, 90.0, 75.0, Direction::Higher);
        // 92 with 85–97: green by its value, but the interval reaches below 90.
        assert_eq!(certain(&of, 85.0, 97.0), Y);
        assert_eq!(certain(&of, 91.0, 97.0), G);
        // 67 with 36–97 (9 respondents): red by its value, not surely red.
        assert_eq!(certain(&of, 36.0, 97.0), Y);
        assert_eq!(certain(&of, 60.0, 74.0), R);
        // Relative cut-offs as well: 8 kommuner, best two green (from 7), worst two red (to 2).
        let cuts = CutOffs::new(
            (1..=8).map(f64::from).collect(),
            25.0,
            25.0,
            Direction::Higher,
        )
        .expect("directed");
        let of = |v: f64| cuts.colour(v, Direction::Higher);
        assert_eq!(certain(&of, 7.0, 9.0), G);
        assert_eq!(certain(&of, 6.5, 9.0), Y);
        assert_eq!(certain(&of, 0.5, 2.0), R);
        assert_eq!(certain(&of, 0.5, 2.5), Y);
    }

    #[test]
    fn published_value_rounds_half_away_from_zero() {
        assert_eq!(published_value(2.5, 0), 3.0);
        assert_eq!(published_value(12.345_6, 1), 12.3);
        assert_eq!(published_value(-0.25, 1), -0.3);
    }

    #[test]
    fn published_value_treats_float_noise_around_a_half_as_the_half() {
        // 7 of 8 as a share, summed in two orders.
        assert_eq!(published_value(87.5 - 1e-13, 0), 88.0);
        assert_eq!(published_value(87.5 + 1e-13, 0), 88.0);
        assert_eq!(published_value(-87.5 + 1e-13, 0), -88.0);
        assert_eq!(published_value(0.15 - 1e-15, 1), 0.2);
        // Clearly below or above a half is not noise.
        assert_eq!(published_value(87.4999, 0), 87.0);
        assert_eq!(published_value(87.0001, 0), 87.0);
        assert_eq!(published_value(1_234_567.5, 0), 1_234_568.0);
    }
}
