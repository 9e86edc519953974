//! Why a release cannot be protected. Messages name the indicator or count, year, geography
//! and kön of a cell; they never carry a value from register data.

use std::fmt;

/// A confidential cell the attacker's LP can pin down, named without its value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExposedCell {
    /// The count, as defined (source, what is counted, conditions).
    pub count: String,
    /// Indicators publishing the count.
    pub indicators: Vec<String>,
    /// Year.
    pub year: i32,
    /// The cell: level, geography, kön and age group.
    pub cell: String,
    /// What the reader learns: "the exact value" or "that it is below the threshold".
    pub exposure: &'static str,
}

impl fmt::Display for ExposedCell {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {} (count {}; indicators {}): a reader can compute {}",
            self.year,
            self.cell,
            self.count,
            self.indicators.join(", "),
            self.exposure
        )
    }
}

/// Why [`crate::protect_release`] refused a release. A refused release must not be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProtectError {
    /// A policy id the release or an indicator names is not declared.
    UnknownPolicy {
        /// The id.
        policy: String,
        /// The indicator naming it; `None` for the release default.
        indicator: Option<String>,
    },
    /// A declared policy the disclosure rules cannot use.
    Policy {
        /// The policy id.
        policy: String,
        /// What is wrong with it.
        message: String,
    },
    /// A cell key policy whose secret is not set (or too short) in its environment variable.
    CellKeySecret {
        /// The policy id.
        policy: String,
        /// The environment variable it names.
        variable: String,
    },
    /// The definitions do not say what an indicator counts (a bug upstream: `check` passed).
    Definition {
        /// The indicator.
        indicator: String,
        /// What is missing.
        message: String,
    },
    /// A published count is not a whole, non-negative number, so the threshold rules cannot
    /// apply to it.
    NotACount {
        /// The count.
        count: String,
        /// The indicator whose row carries it.
        indicator: String,
        /// Year.
        year: i32,
        /// The cell.
        cell: String,
    },
    /// Two rows publish the same count cell with different values (a bug in the engine or in
    /// the count identity).
    Disagreement {
        /// The count.
        count: String,
        /// The two indicators.
        indicators: (String, String),
        /// Year.
        year: i32,
        /// The cell.
        cell: String,
    },
    /// An internal inconsistency (a bug, to be reported).
    Internal {
        /// What went wrong.
        message: String,
    },
    /// The audit still pins confidential cells after every repair: nothing may be written.
    AuditFailed {
        /// The exposed cells.
        cells: Vec<ExposedCell>,
        /// Cells the LP solver could not answer for (treated as failures).
        solver_problems: Vec<String>,
    },
    /// A published share or rate gives a confidential count back through its decimals.
    DecimalsReveal {
        /// The figures, as `indicator year cell`.
        figures: Vec<String>,
    },
}

impl fmt::Display for ProtectError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownPolicy {
                policy,
                indicator: Some(i),
            } => write!(
                f,
                "indicator `{i}` names disclosure policy `{policy}`, which is not declared; \
                 declare it under policies/ or name a declared one"
            ),
            Self::UnknownPolicy {
                policy,
                indicator: None,
            } => write!(
                f,
                "the release's disclosure policy `{policy}` is not declared; declare it under \
                 policies/"
            ),
            Self::Policy { policy, message } => {
                write!(f, "disclosure policy `{policy}` cannot be used: {message}")
            }
            Self::CellKeySecret { policy, variable } => write!(
                f,
                "disclosure policy `{policy}` uses the cell key method, whose secret is read from \
                 the environment variable {variable}: it is not set or shorter than {} \
                 characters. Set it to the agency's secret key for this publication (the same \
                 key every year keeps republished figures unchanged); it is never written \
                 anywhere",
                super::policy::MIN_SECRET_BYTES
            ),
            Self::Definition { indicator, message } => {
                write!(f, "indicator `{indicator}`: {message}")
            }
            Self::NotACount {
                count,
                indicator,
                year,
                cell,
            } => write!(
                f,
                "indicator `{indicator}` {year} {cell}: count `{count}` is not a whole \
                 non-negative number, so the disclosure thresholds cannot be applied; count \
                 persons or rows, or sum a whole-number column"
            ),
            Self::Disagreement {
                count,
                indicators,
                year,
                cell,
            } => write!(
                f,
                "{year} {cell}: indicators `{}` and `{}` publish count `{count}` with different \
                 values; this is a bug, please report it",
                indicators.0, indicators.1
            ),
            Self::Internal { message } => write!(f, "{message}"),
            Self::AuditFailed {
                cells,
                solver_problems,
            } => {
                write!(
                    f,
                    "disclosure audit failed: {} confidential cell(s) can be recovered from the \
                     published figures, {} could not be checked; the release is not written",
                    cells.len(),
                    solver_problems.len()
                )?;
                for c in cells.iter().take(20) {
                    write!(f, "\n  {c}")?;
                }
                for p in solver_problems.iter().take(20) {
                    write!(f, "\n  not checked: {p}")?;
                }
                Ok(())
            }
            Self::DecimalsReveal { figures } => {
                write!(
                    f,
                    "{} published share(s) or rate(s) give a confidential count back through \
                     their decimals; the release is not written",
                    figures.len()
                )?;
                for x in figures.iter().take(20) {
                    write!(f, "\n  {x}")?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ProtectError {}
