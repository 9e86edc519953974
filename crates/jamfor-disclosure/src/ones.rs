//! The ones (and zeros) problem, handled by a repair loop.
//!
//! Gaussian elimination only rules out *exact linear* disclosure. A reader also knows bounds:
//! with published zeros every suppressed cell is at least 1, so if the suppressed cells of an
//! equation add up to their count, all of them are 1; with suppressed zeros, suppressed cells
//! whose published neighbours already reach the total are all 0. The audit LP sees this. For
//! each pinned primary cell we pick the equation that pins it hardest (the least suppressed
//! mass) and protect its cheapest published cell as if it were primary, then re-run the
//! elimination keeping every earlier suppression. Suppression only grows, the feasible set
//! only widens, so the loop ends: at worst when no equation has a cell left to promote.
//!
//! Rounds audit locally ([`Proof::Local`]): a cell that no neighbourhood settles in a component
//! too large to solve whole is protected as if it were pinned, which costs a suppression but
//! no LP over thousands of cells. When nothing more can be protected, the cells still open get
//! their exact interval, and that exact audit is the gate.

use std::cmp::Reverse;
use std::collections::BTreeSet;

use crate::audit::{
    AuditCache, AuditFinding, AuditReport, AuditScope, Exposure, Proof, audit_cached,
};
use crate::constraint;
use crate::policy::SuppressionPolicy;
use crate::primary::PrimaryPattern;
use crate::secondary::{SecondaryOptions, gauss_secondary_into};
use crate::status::{CellStatus, PrimaryReason};
use crate::system::{CellId, LinkedSystem};

/// What the loop ended with.
#[derive(Debug, Clone)]
pub struct RepairOutcome {
    /// Final statuses.
    pub statuses: Vec<CellStatus>,
    /// The audit of the final statuses.
    pub report: AuditReport,
    /// Rounds that added protection (0: the first pattern passed).
    pub rounds: usize,
    /// Cells promoted to protected, in the order they were promoted.
    pub promoted: Vec<CellId>,
}

/// Secondary suppression followed by audit-and-repair until the audit passes or nothing more
/// can be promoted.
pub fn secondary_with_repair(
    system: &LinkedSystem,
    policy: &SuppressionPolicy,
    primary: &PrimaryPattern,
    mut options: SecondaryOptions,
    scope: AuditScope,
) -> RepairOutcome {
    let n = system.cells().len();
    options.protect.resize(n, false);
    options.keep.resize(n, false);
    // Equations and relations alike: a relation to a published count can be what pins a cell.
    let mut eqs_of: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in 0..constraint::count(system) {
        for c in constraint::cells(system, e) {
            eqs_of[c.index()].push(e);
        }
    }
    let mut comp_of = vec![0usize; n];
    for (k, comp) in system.structure.components.iter().enumerate() {
        for c in &comp.cells {
            comp_of[c.index()] = k;
        }
    }
    let mut repair = Repair {
        system,
        primary,
        options,
        eqs_of,
        comp_of,
        rerun: vec![true; system.structure.components.len()],
        promoted: Vec::new(),
    };
    let mut statuses = vec![CellStatus::Published; n];
    let mut cache = AuditCache::default();
    let mut rounds = 0;
    // Every interval is wanted in the QA scope, so there is nothing to save there.
    let proof = match scope {
        AuditScope::Primary => Proof::Local,
        AuditScope::AllSuppressed => Proof::Exact,
    };
    loop {
        gauss_secondary_into(
            system,
            primary,
            &repair.options,
            &repair.rerun,
            &mut statuses,
        );
        repair.rerun.fill(false);
        let (report, unresolved) =
            audit_cached(system, &statuses, policy, scope, proof, &mut cache);
        let mut added = false;
        for f in &report.findings {
            let anchor = complement_anchor(&statuses, primary, &repair.options, f);
            added |= repair.give_room(&statuses, f.cell, anchor);
        }
        for &cell in &unresolved {
            added |= repair.give_room(&statuses, cell, None);
        }
        if !added {
            // Nothing more to protect: cells no local table cleared get their exact interval
            // over the whole component, which decides the gate.
            let report = if unresolved.is_empty() {
                report
            } else {
                audit_cached(system, &statuses, policy, scope, Proof::Exact, &mut cache).0
            };
            return RepairOutcome {
                statuses,
                report,
                rounds,
                promoted: repair.promoted,
            };
        }
        // Keep what is suppressed now, so the next pattern is a superset of this one.
        for (k, s) in repair.options.keep.iter_mut().zip(&statuses) {
            *k |= s.is_suppressed();
        }
        rounds += 1;
    }
}

/// What the repair loop knows between rounds.
struct Repair<'a> {
    system: &'a LinkedSystem,
    primary: &'a PrimaryPattern,
    options: SecondaryOptions,
    eqs_of: Vec<Vec<usize>>,
    comp_of: Vec<usize>,
    /// Components whose elimination must run again.
    rerun: Vec<bool>,
    promoted: Vec<CellId>,
}

impl Repair<'_> {
    /// Protects the cell that gives `pinned` room (`anchor` when given, else found by
    /// [`promotion`]); true when a cell was added.
    fn give_room(
        &mut self,
        statuses: &[CellStatus],
        pinned: CellId,
        anchor: Option<CellId>,
    ) -> bool {
        let cell = anchor.or_else(|| {
            promotion(
                self.system,
                statuses,
                self.primary,
                &self.options,
                &self.eqs_of,
                pinned,
            )
        });
        match cell {
            Some(c) if !self.options.protect[c.index()] => {
                self.options.protect[c.index()] = true;
                self.rerun[self.comp_of[c.index()]] = true;
                self.promoted.push(c);
                true
            }
            _ => false,
        }
    }
}

/// A complement exposure (`denominator − numerator` known to be small) is anchored on the
/// published denominator, often in another table: no suppression around the numerator can
/// widen it when the numerator's own parts bound it from below (two suppressed parts of a
/// share with published zeros are at least 2). Protecting the denominator removes the anchor.
fn complement_anchor(
    statuses: &[CellStatus],
    primary: &PrimaryPattern,
    options: &SecondaryOptions,
    finding: &AuditFinding,
) -> Option<CellId> {
    let PrimaryReason::Complement { denominator } = finding.reason else {
        return None;
    };
    let i = denominator.index();
    (finding.exposure == Exposure::ComplementBelowThreshold
        && !statuses[i].is_suppressed()
        && !primary.forced[i]
        && !options.protect[i])
        .then_some(denominator)
}

/// The published cell to protect so that `pinned` gets room: in the equation with the least
/// suppressed mass that still has a published, non-forced cell, the cheapest such cell
/// (highest priority class, then smallest count, then last). Equations of the pinned cell come
/// first; if none has such a cell, the search widens through the suppressed cells of the
/// equations seen so far, because a reader combines equations (an implied `län T = Σ kommun T`
/// pins cells through all of them).
fn promotion(
    system: &LinkedSystem,
    statuses: &[CellStatus],
    primary: &PrimaryPattern,
    options: &SecondaryOptions,
    eqs_of: &[Vec<usize>],
    pinned: CellId,
) -> Option<CellId> {
    let hidden = |c: &CellId| statuses[c.index()].is_suppressed();
    let cells_of = |e: usize| constraint::cells(system, e);
    let mut seen_cells = BTreeSet::from([pinned]);
    let mut seen_eqs = BTreeSet::new();
    let mut frontier = vec![pinned];
    while !frontier.is_empty() {
        let mut eqs: Vec<(u64, usize)> = frontier
            .iter()
            .flat_map(|c| eqs_of[c.index()].iter().copied())
            .filter(|&e| seen_eqs.insert(e))
            .map(|e| {
                let mass = cells_of(e)
                    .filter(hidden)
                    .map(|c| system.cell(c).value)
                    .sum();
                (mass, e)
            })
            .collect();
        eqs.sort_unstable();
        let found = eqs.iter().find_map(|&(_, e)| {
            cells_of(e)
                .filter(|c| {
                    let i = c.index();
                    !hidden(c) && !primary.forced[i] && !options.protect[i]
                })
                .max_by_key(|&c| {
                    let cell = system.cell(c);
                    (cell.priority, Reverse(cell.value), c)
                })
        });
        if found.is_some() {
            return found;
        }
        frontier = eqs
            .iter()
            .flat_map(|&(_, e)| cells_of(e))
            .filter(|c| hidden(c) && seen_cells.insert(*c))
            .collect();
    }
    None
}
