//! Shares and rates built on count cells.
//!
//! A share is published only when both its counts are: a share next to a published
//! denominator gives the numerator back (to within the rounding), and a share next to a
//! published numerator gives the denominator back. [`check_decimals`] is the independent check
//! that no published figure lets a confidential count be recovered from its published decimals.

use crate::policy::SuppressionPolicy;
use crate::status::CellStatus;
use crate::system::{CellId, CellLabel, LinkedSystem};

/// What kind of derived figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DerivedKind {
    /// Percentage: `100 · numerator / denominator`. The complement rule applies.
    Share,
    /// Rate per `per` (e.g. per 1000 inhabitants): `per · numerator / denominator`.
    Rate {
        /// The multiplier, e.g. 1000.
        per: u64,
    },
}

impl DerivedKind {
    fn scale(self) -> f64 {
        match self {
            Self::Share => 100.0,
            Self::Rate { per } => per as f64,
        }
    }
}

/// A share or rate on two cells of the system.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DerivedFigure {
    /// Where the figure is published.
    pub label: CellLabel,
    /// The counted cell.
    pub numerator: CellId,
    /// The base cell.
    pub denominator: CellId,
    /// Share or rate.
    pub kind: DerivedKind,
}

/// Status of a derived figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DerivedStatus {
    /// Publish the rounded value.
    Published,
    /// Confidential because a count it is built on is suppressed.
    Confidential {
        /// The suppressed count.
        cause: CellId,
    },
    /// Denominator below `min_denominator`: too unreliable to publish (a quality rule).
    Unreliable,
    /// Denominator zero: no value exists.
    Undefined,
}

/// Decides the status of every derived figure of `system` from the count statuses.
pub fn assess_derived(
    system: &LinkedSystem,
    statuses: &[CellStatus],
    policy: &SuppressionPolicy,
) -> Vec<DerivedStatus> {
    system
        .derived()
        .iter()
        .map(|d| {
            for cause in [d.numerator, d.denominator] {
                if statuses[cause.index()].is_suppressed() {
                    return DerivedStatus::Confidential { cause };
                }
            }
            let den = system.cell(d.denominator).value;
            if den == 0 {
                DerivedStatus::Undefined
            } else if policy.min_denominator.is_some_and(|m| den < m) {
                DerivedStatus::Unreliable
            } else {
                DerivedStatus::Published
            }
        })
        .collect()
}

/// The value as published: `scale · num / den` rounded to `decimals`. `None` when `den == 0`.
pub fn published_value(num: u64, den: u64, kind: DerivedKind, decimals: u32) -> Option<f64> {
    if den == 0 {
        return None;
    }
    let unit = 10f64.powi(decimals as i32);
    Some((kind.scale() * num as f64 / den as f64 * unit).round() / unit)
}

/// Every numerator consistent with a published value and a known denominator: the integers
/// `n` with `round(scale · n / den, decimals) == published`, as an inclusive range.
pub fn numerator_range(
    published: f64,
    den: u64,
    kind: DerivedKind,
    decimals: u32,
) -> Option<(u64, u64)> {
    let half = 0.5 / 10f64.powi(decimals as i32);
    let to_num = |v: f64| v * den as f64 / kind.scale();
    let lo = to_num(published - half).max(0.0).floor() as u64;
    let hi = to_num(published + half).ceil() as u64;
    // Rounding at the edges is decided by the same function that publishes.
    let ok = |n: u64| published_value(n, den, kind, decimals) == Some(published);
    let lo = (lo..=hi).find(|&n| ok(n))?;
    let hi = (lo..=hi).rev().find(|&n| ok(n))?;
    Some((lo, hi))
}

/// A published derived figure that gives a confidential count back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecimalsFinding {
    /// Index into [`LinkedSystem::derived`].
    pub derived: usize,
    /// The figure's label.
    pub label: CellLabel,
    /// The confidential count it reveals.
    pub revealed: CellId,
    /// The count's range as a reader computes it.
    pub range: (u64, u64),
}

/// Checks every figure marked published: if its numerator is confidential and its denominator
/// published, the published decimals must leave the numerator wider than one value and not
/// entirely below `min_count`. Returns the violations (empty when the release is safe).
pub fn check_decimals(
    system: &LinkedSystem,
    statuses: &[CellStatus],
    derived: &[DerivedStatus],
    policy: &SuppressionPolicy,
) -> Vec<DecimalsFinding> {
    let mut out = Vec::new();
    for (i, (d, st)) in system.derived().iter().zip(derived).enumerate() {
        if *st != DerivedStatus::Published {
            continue;
        }
        let num_hidden = statuses[d.numerator.index()].is_suppressed();
        let den_hidden = statuses[d.denominator.index()].is_suppressed();
        if !num_hidden || den_hidden {
            // A published numerator reveals nothing; a hidden denominator leaves no anchor
            // (and a share on a hidden denominator is never published by `assess_derived`).
            continue;
        }
        let (num, den) = (
            system.cell(d.numerator).value,
            system.cell(d.denominator).value,
        );
        let Some(value) = published_value(num, den, d.kind, policy.published_decimals) else {
            continue;
        };
        let Some(range) = numerator_range(value, den, d.kind, policy.published_decimals) else {
            continue;
        };
        let exact = range.0 == range.1;
        let small = range.0 >= policy.attacker_lower_bound() && range.1 < policy.min_count;
        if exact || small {
            out.push(DecimalsFinding {
                derived: i,
                label: d.label.clone(),
                revealed: d.numerator,
                range,
            });
        }
    }
    out
}
