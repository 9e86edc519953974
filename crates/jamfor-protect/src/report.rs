//! What protection hands back besides the protected rows: internal QA per withheld row and a
//! summary per year. Neither is public output: QA distinguishes primary from secondary, which
//! the public files must not.

use jamfor_engine::CellKey;

/// Why a row was withheld (internal QA only).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Withheld {
    /// A count the row publishes is confidential by a primary rule.
    Primary {
        /// The count (source, what is counted, conditions).
        count: String,
        /// The rule.
        rule: PrimaryRule,
    },
    /// A count the row publishes was suppressed so that a primary cell cannot be computed.
    Secondary {
        /// The count.
        count: String,
        /// Why.
        rule: SecondaryRule,
    },
    /// The denominator is below the indicator's policy's `min_denominator`: a quality rule,
    /// not disclosure, so it caused no secondary suppression.
    Quality {
        /// The policy.
        policy: String,
    },
    /// Person or respondent counts at enhet level. Units do not tile their kommun as stadsdelar
    /// do (a person can be in two units, and many are in none), so no equation ties them to it
    /// that protection could reason with, while the kommun minus the other units could still
    /// give a unit's count away. Withheld whole. (Stadsdelar are protected as their kommun's
    /// parts.)
    UnitLevel {
        /// The count.
        count: String,
    },
    /// A kommungrupp's mean over its kommuner, when no member's value is published.
    NoPublishedMember,
    /// A kommungrupp's mean resting on fewer published members than the area's
    /// `min_group_members`: a quality rule, not disclosure.
    FewMembers {
        /// Published members behind the mean.
        members: usize,
        /// The area's minimum.
        minimum: usize,
    },
}

/// The primary rule that hit a count cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PrimaryRule {
    /// `1 ≤ n < min_count`.
    SmallCount,
    /// A zero under `zeros = "suppress"`.
    Zero,
    /// A survey cell with fewer than `min_respondents` answers.
    FewRespondents,
    /// A numerator whose published denominator exceeds it by less than `min_count`.
    Complement,
    /// Marked confidential by hand.
    Manual,
}

/// Why a count cell was suppressed without a primary rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SecondaryRule {
    /// Gaussian elimination: publishing it would make a primary cell computable.
    Gauss,
    /// The ones/zeros repair: the audit pinned a primary cell through the bounds.
    Repair,
    /// Kept from an earlier pattern.
    Kept,
}

/// One withheld row, for internal QA.
#[derive(Debug, Clone, PartialEq)]
pub struct QaCell {
    /// Indicator.
    pub indicator: String,
    /// Year.
    pub year: i32,
    /// Place, kön and age group.
    pub key: CellKey,
    /// Why.
    pub reason: Withheld,
}

/// Protection of one year. Counts only; no clock, so identical inputs give identical summaries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct YearSummary {
    /// Year.
    pub year: i32,
    /// Linked systems (one per joined policy).
    pub systems: usize,
    /// Sensitive count cells (each shared count once).
    pub cells: usize,
    /// Equations tying them.
    pub equations: usize,
    /// Candidate equations left out because their parts fall short of the total.
    pub short_equations: usize,
    /// Relations `part ≤ whole` between cells of counts that count subsets of each other.
    pub relations: usize,
    /// Relations between cells of counts protected under different policies (different
    /// systems): not modelled.
    pub relations_across: usize,
    /// Primary count cells.
    pub primary: usize,
    /// Secondary count cells.
    pub secondary: usize,
    /// Count cells published perturbed (cell key method).
    pub perturbed: usize,
    /// Secondary cells published again because a reader could compute them from the rest of
    /// the pattern anyway (withholding them protected nothing).
    pub recovered: usize,
    /// Repair rounds (ones/zeros problem), summed over systems.
    pub repair_rounds: usize,
    /// Confidential cells the audit proved unpinned (by a feasible table or an interval).
    pub audit_checked: usize,
    /// Of those, cells given an exact LP interval.
    pub audit_intervals: usize,
    /// Rows set to confidential, any reason.
    pub confidential_rows: usize,
    /// Of those, by the quality rule.
    pub quality_rows: usize,
    /// How the year's pattern relates to the earlier release's, when the release follows one
    /// that published the year.
    pub follows: Option<FollowSummary>,
}

/// A year protected beside the earlier release it follows, over its linked systems.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FollowSummary {
    /// Every cell and value as in the earlier release: its pattern was taken over and nothing
    /// was solved.
    pub carried: bool,
    /// Unchanged cells published in both releases.
    pub kept_published: usize,
    /// Unchanged cells withheld in both releases.
    pub kept_withheld: usize,
    /// Cells whose value differs from the earlier release's, or that it did not publish:
    /// protected afresh beside the earlier figures.
    pub changed: usize,
    /// Figures of the earlier release that this one does not publish as they were (revised or
    /// no longer published): part of the audit, as a reader holding both has them.
    pub earlier_only: usize,
    /// Unchanged cells the earlier release published and this one withholds (primary under a
    /// stricter policy joined since): a reader has them from the earlier release.
    pub published_before: usize,
}

impl FollowSummary {
    /// Adds another system's summary of the same year.
    pub fn add(&mut self, other: &FollowSummary) {
        self.carried &= other.carried;
        self.kept_published += other.kept_published;
        self.kept_withheld += other.kept_withheld;
        self.changed += other.changed;
        self.earlier_only += other.earlier_only;
        self.published_before += other.published_before;
    }
}

/// Summary of a protected release, per year in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProtectionSummary {
    /// One entry per year.
    pub years: Vec<YearSummary>,
}
