//! The status every cell ends up with.
//!
//! Internally primary and secondary suppression are different (QA wants to know why a cell is
//! hidden); publicly they must not be, or a reader learns which cells are small.

use crate::system::CellId;

/// Status of one count cell after protection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CellStatus {
    /// The value is published.
    Published,
    /// Confidential by a primary rule.
    Primary(PrimaryReason),
    /// Suppressed so that primary cells cannot be computed.
    Secondary(SecondaryReason),
}

/// Why a cell is primary confidential.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PrimaryReason {
    /// `1 <= n < min_count`.
    SmallCount,
    /// A zero under [`crate::ZeroHandling::Suppressed`].
    Zero,
    /// A survey cell with fewer than `min_respondents` answers.
    FewRespondents,
    /// The numerator of a share whose complement `denominator - numerator` is small.
    Complement {
        /// The published denominator the complement is taken against.
        denominator: CellId,
    },
    /// Marked confidential by the caller (e.g. a manual decision).
    Manual,
}

/// Why a cell was suppressed although no primary rule hit it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SecondaryReason {
    /// Publishing it would make a primary cell a linear combination of published cells.
    Gauss,
    /// Added by the ones/zeros repair loop, because the audit pinned a primary cell through the
    /// lower bounds (all suppressed cells of an equation forced to 1, or to 0).
    Repair,
    /// Kept suppressed from an earlier pattern the caller passed in.
    Kept,
}

/// What a public table may show about a cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PublicStatus {
    /// Show the value.
    Published,
    /// Show `..`, whatever the internal reason.
    Confidential,
}

impl CellStatus {
    /// True for any cell whose value is not published.
    pub fn is_suppressed(self) -> bool {
        !matches!(self, Self::Published)
    }

    /// True for primary cells: the cells the audit must find unpinned.
    pub fn is_primary(self) -> bool {
        matches!(self, Self::Primary(_))
    }

    /// The status as the public output shows it: primary and secondary look the same.
    pub fn public(self) -> PublicStatus {
        if self.is_suppressed() {
            PublicStatus::Confidential
        } else {
            PublicStatus::Published
        }
    }
}

impl PublicStatus {
    /// The symbol written instead of a confidential value.
    pub const CONFIDENTIAL_SYMBOL: &'static str = "..";

    /// The symbol for a confidential cell, `None` when the value itself is shown.
    pub fn symbol(self) -> Option<&'static str> {
        match self {
            Self::Published => None,
            Self::Confidential => Some(Self::CONFIDENTIAL_SYMBOL),
        }
    }
}
