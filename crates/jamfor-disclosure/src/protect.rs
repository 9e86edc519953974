//! The whole protection of a release year: primary → secondary (with ones/zeros repair) →
//! derived figures → audit gate. A release whose audit fails is an error value, not a pattern.

use std::fmt;

use crate::audit::{AuditReport, AuditScope};
use crate::derived::{DecimalsFinding, DerivedStatus, assess_derived, check_decimals};
use crate::ones::secondary_with_repair;
use crate::policy::{DisclosurePolicy, Method, PolicyError};
use crate::primary::primary_suppression;
use crate::secondary::SecondaryOptions;
use crate::status::CellStatus;
use crate::system::{CellId, LinkedSystem};

/// Caller's additions to the declared policy.
#[derive(Debug, Clone)]
pub struct ProtectOptions {
    /// Cells to treat as primary whatever their value.
    pub manual_primary: Vec<CellId>,
    /// Cells to keep suppressed (e.g. last release's pattern for a stable series).
    pub keep_suppressed: Vec<CellId>,
    /// Which cells the audit computes intervals for.
    pub audit_scope: AuditScope,
}

impl Default for ProtectOptions {
    fn default() -> Self {
        Self {
            manual_primary: Vec::new(),
            keep_suppressed: Vec::new(),
            audit_scope: AuditScope::Primary,
        }
    }
}

/// A protected release year.
#[derive(Debug, Clone)]
pub struct Protection {
    /// Status of every cell, by [`CellId::index`].
    pub statuses: Vec<CellStatus>,
    /// Status of every derived figure, by index in [`LinkedSystem::derived`].
    pub derived: Vec<DerivedStatus>,
    /// The passing audit.
    pub audit: AuditReport,
    /// Repair rounds used for the ones/zeros problem.
    pub repair_rounds: usize,
    /// Cells the repair loop protected.
    pub repaired: Vec<CellId>,
}

impl Protection {
    /// Number of primary cells.
    pub fn primary_count(&self) -> usize {
        self.statuses.iter().filter(|s| s.is_primary()).count()
    }

    /// Number of suppressed cells that are not primary.
    pub fn secondary_count(&self) -> usize {
        self.statuses
            .iter()
            .filter(|s| s.is_suppressed() && !s.is_primary())
            .count()
    }
}

/// Why a release cannot be protected.
#[derive(Debug, Clone)]
pub enum DisclosureError {
    /// The policy is invalid.
    Policy(PolicyError),
    /// The audit still exposes cells after repair: the release must not be written.
    AuditFailed(Box<AuditReport>),
    /// A published share or rate reveals a confidential count through its decimals.
    DecimalsReveal(Vec<DecimalsFinding>),
    /// The policy perturbs instead of suppressing: its counts go through
    /// [`crate::CellKeyPolicy::publish`], not through suppression.
    NotSuppression { policy: String },
}

impl fmt::Display for DisclosureError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Policy(e) => write!(f, "{e}"),
            Self::AuditFailed(r) => {
                write!(
                    f,
                    "audit failed: {} exposed cell(s), {} solver problem(s)",
                    r.findings.len(),
                    r.solver_problems.len()
                )?;
                for x in r.findings.iter().take(10) {
                    write!(f, "\n  {x}")?;
                }
                Ok(())
            }
            Self::DecimalsReveal(v) => {
                write!(
                    f,
                    "{} published figure(s) reveal a confidential count",
                    v.len()
                )
            }
            Self::NotSuppression { policy } => write!(
                f,
                "policy `{policy}` uses the cell key method: its counts are perturbed, not suppressed"
            ),
        }
    }
}

impl std::error::Error for DisclosureError {}

/// Protects a release year with the declared policy.
pub fn protect(
    system: &LinkedSystem,
    policy: &DisclosurePolicy,
) -> Result<Protection, DisclosureError> {
    protect_with(system, policy, &ProtectOptions::default())
}

/// [`protect`] with manual primaries, kept suppressions and audit scope.
pub fn protect_with(
    system: &LinkedSystem,
    policy: &DisclosurePolicy,
    options: &ProtectOptions,
) -> Result<Protection, DisclosureError> {
    policy.validate().map_err(DisclosureError::Policy)?;
    let Method::Suppression(rules) = &policy.method else {
        return Err(DisclosureError::NotSuppression {
            policy: policy.name.clone(),
        });
    };
    let primary = primary_suppression(system, rules, &options.manual_primary);
    let n = system.cells().len();
    let mut keep = vec![false; n];
    for c in &options.keep_suppressed {
        if let Some(k) = keep.get_mut(c.index()) {
            *k = true;
        }
    }
    let secondary = SecondaryOptions {
        protect: vec![false; n],
        keep,
    };
    let outcome = secondary_with_repair(system, rules, &primary, secondary, options.audit_scope);
    if !outcome.report.passed() {
        return Err(DisclosureError::AuditFailed(Box::new(outcome.report)));
    }
    let derived = assess_derived(system, &outcome.statuses, rules);
    let revealed = check_decimals(system, &outcome.statuses, &derived, rules);
    if !revealed.is_empty() {
        return Err(DisclosureError::DecimalsReveal(revealed));
    }
    Ok(Protection {
        statuses: outcome.statuses,
        derived,
        audit: outcome.report,
        repair_rounds: outcome.rounds,
        repaired: outcome.promoted,
    })
}
