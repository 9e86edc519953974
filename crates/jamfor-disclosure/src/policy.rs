//! The declared disclosure policy.
//!
//! Every threshold lives here, in a named value the release declares; the algorithms only read
//! it. The policy is an enum of methods: suppression, or the perturbative cell key method.

use std::fmt;

use crate::cell_key::CellKeyPolicy;

/// A named, declared disclosure policy, e.g. `"oj-2025"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisclosurePolicy {
    /// Name of the preset, written into QA output so a release says which rules it used.
    pub name: String,
    /// How the release is protected.
    pub method: Method,
}

/// How a release is protected.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Method {
    /// Threshold rules, Gaussian-elimination secondary suppression and an LP audit.
    Suppression(SuppressionPolicy),
    /// Every count published with consistent noise from a perturbation table; nothing is
    /// suppressed for confidentiality.
    CellKey(CellKeyPolicy),
}

/// Parameters of suppression-based protection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SuppressionPolicy {
    /// A register count cell with `1 <= n < min_count` is confidential (survey cells follow
    /// `min_respondents` instead).
    pub min_count: u64,
    /// Apply the complement ("almost everyone") rule to shares: the numerator is confidential
    /// when `1 <= denominator - numerator < min_count` and the denominator is published.
    pub complement: bool,
    /// A survey cell answered by fewer respondents than this is confidential. `None`: no rule.
    pub min_respondents: Option<u64>,
    /// A share or rate on a denominator below this is not reliable and is not published.
    /// This is a quality rule, not a disclosure rule: it never triggers secondary suppression.
    pub min_denominator: Option<u64>,
    /// What happens to cells whose count is zero.
    pub zeros: ZeroHandling,
    /// Decimals with which shares and rates are published.
    pub published_decimals: u32,
    /// Protection level as a share of the cell's own value (the SDC Handbook's relative
    /// protection level, in percent): besides the threshold criterion, the reader's interval
    /// for a primary cell must reach `p` % of its value (at least one) beyond it, in the
    /// direction its rule protects (upwards for a small count, downwards for a complement
    /// numerator, either way for a survey cell). `None`: the threshold criterion alone.
    pub protection_percent: Option<u32>,
}

/// Treatment of zero cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ZeroHandling {
    /// Zeros are always published and never used as secondary suppressions. A reader then knows
    /// every suppressed cell is at least 1 (the ones problem), so the audit uses lower bound 1.
    Published,
    /// Zeros are confidential like small counts (a zero says "nobody here"). The audit uses lower
    /// bound 0 and catches the mirror problem: suppressed cells forced to be 0.
    Suppressed,
}

/// A policy that cannot be used as declared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PolicyError {
    /// `min_count` must be at least 1 (0 would make no count confidential, silently).
    MinCountZero { policy: String },
    /// `min_respondents` was declared as 0, which is no rule; leave it out instead.
    MinRespondentsZero { policy: String },
    /// More decimals than an `f64` share can carry meaningfully.
    TooManyDecimals { policy: String, decimals: u32 },
    /// A protection level outside 1–100 %.
    ProtectionPercent { policy: String, percent: u32 },
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::MinCountZero { policy } => {
                write!(f, "policy `{policy}`: min_count must be at least 1")
            }
            Self::MinRespondentsZero { policy } => write!(
                f,
                "policy `{policy}`: min_respondents = 0 is no rule; leave it out"
            ),
            Self::TooManyDecimals { policy, decimals } => write!(
                f,
                "policy `{policy}`: published_decimals = {decimals} is more than 6"
            ),
            Self::ProtectionPercent { policy, percent } => write!(
                f,
                "policy `{policy}`: protection_percent = {percent} is outside 1–100"
            ),
        }
    }
}

impl std::error::Error for PolicyError {}

impl DisclosurePolicy {
    /// The suppression parameters, when the method is suppression.
    pub fn suppression(&self) -> Option<&SuppressionPolicy> {
        match &self.method {
            Method::Suppression(p) => Some(p),
            Method::CellKey(_) => None,
        }
    }

    /// The cell key parameters, when the method is the cell key method.
    pub fn cell_key(&self) -> Option<&CellKeyPolicy> {
        match &self.method {
            Method::CellKey(p) => Some(p),
            Method::Suppression(_) => None,
        }
    }

    /// Checks the declared values, so a bad preset fails before any data is touched.
    pub fn validate(&self) -> Result<(), PolicyError> {
        match &self.method {
            Method::Suppression(p) => p.validate(&self.name),
            Method::CellKey(p) if p.published_decimals > 6 => Err(PolicyError::TooManyDecimals {
                policy: self.name.clone(),
                decimals: p.published_decimals,
            }),
            // The table was checked against the threshold when it was made.
            Method::CellKey(_) => Ok(()),
        }
    }
}

impl SuppressionPolicy {
    fn validate(&self, name: &str) -> Result<(), PolicyError> {
        let policy = name.to_owned();
        if self.min_count == 0 {
            return Err(PolicyError::MinCountZero { policy });
        }
        if self.min_respondents == Some(0) {
            return Err(PolicyError::MinRespondentsZero { policy });
        }
        if self.published_decimals > 6 {
            return Err(PolicyError::TooManyDecimals {
                policy,
                decimals: self.published_decimals,
            });
        }
        if let Some(percent) = self.protection_percent.filter(|p| !(1..=100).contains(p)) {
            return Err(PolicyError::ProtectionPercent { policy, percent });
        }
        Ok(())
    }

    /// How far beyond its value a primary cell's interval must reach: one (so the cell is not
    /// pinned), or `protection_percent` of the value rounded up when larger.
    pub fn protection_margin(&self, value: u64) -> u64 {
        let relative = self
            .protection_percent
            .map_or(0, |p| (value * u64::from(p)).div_ceil(100));
        relative.max(1)
    }

    /// The smallest value a reader may assume for any suppressed cell.
    ///
    /// With published zeros, a suppressed cell cannot be zero, so the attacker's LP gets lower
    /// bound 1 (sdc.md §4); otherwise 0.
    pub fn attacker_lower_bound(&self) -> u64 {
        match self.zeros {
            ZeroHandling::Published => 1,
            ZeroHandling::Suppressed => 0,
        }
    }
}
