//! Protecting a year the earlier release published too (see [`crate::following`] for why).
//!
//! The earlier release's cells of the year are built into a linked system exactly as this
//! release builds its own ([`build`]), from the true counts its run kept. An earlier cell is
//! *the same* as a cell of this release when it counts the same thing at the same place with
//! the same value; anything else is a changed cell (revised data, a new count), or a figure
//! only the earlier release published.
//!
//! * **Nothing changed** (every cell the same, and no cell primary now that was published
//!   then): the earlier pattern is taken over as it stands — published stays published,
//!   withheld stays withheld — and nothing is solved. It passed the audit over this very system
//!   under these very rules when the earlier release was written, so the year costs the
//!   gathering of its cells and the primary rules on them, and no more. A year whose rows are
//!   the earlier release's (same figures, same counts, in the same order) is recognised row by
//!   row and gathered once for both releases ([`EarlierYear::Unchanged`]); a year with any
//!   other figure has the earlier cells gathered apart and compared cell by cell, system by
//!   system ([`carried`]).
//! * **Otherwise** one system holds both releases' figures of the year: this release's cells,
//!   and beside them every earlier cell that is not the same as one of them, with the
//!   equations of both. A reader holding both releases knows exactly that. Unchanged cells
//!   keep their earlier status (published cells are published whatever happens, withheld
//!   cells stay withheld), earlier-only cells keep theirs, and the earlier release's primary
//!   cells are protected beside this one's. Secondary suppression, the ones/zeros repair and
//!   the audit then run over the whole as usual, so new primaries are added and repaired, and
//!   a revised cell cannot be published where, differenced against the earlier release, it
//!   would give a withheld cell away.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use jamfor_disclosure::{
    AuditScope, CellId, CellStatus, PrimaryPattern, PrimaryReason, RepairOutcome, SecondaryOptions,
    SecondaryReason, SuppressionPolicy, SystemBuilder, publish_recoverable, secondary_with_repair,
};
use jamfor_engine::{CellKey, GeoLevel, ResultRow};
use jamfor_geo::Geography;

use super::build::{Built, Places, build, class_of, shares};
use super::cells::{Node, NodeKey, gather};
use super::error::ProtectError;
use super::plan::{CountIx, Plan, SystemIx};
use super::primary::{Counted, pattern, primary};
use super::report::FollowSummary;
use jamfor_history::following::Following;

/// The earlier release's figures of one year.
#[derive(Debug)]
pub(crate) enum EarlierYear<'a> {
    /// Every figure of the year is this release's: the same rows with the same counts. Its
    /// cells are then this release's, and [`Node::shown`] says which it published.
    Unchanged,
    /// Some figure differs: its cells, gathered apart.
    Revised(Revised<'a>),
}

/// The earlier release's cells of a year whose figures differ from this release's.
#[derive(Debug)]
pub(crate) struct Revised<'a> {
    /// Every count cell with its true value.
    nodes: BTreeMap<NodeKey, Node>,
    /// The cells a reader of the earlier release sees.
    published: BTreeSet<NodeKey>,
    /// Its true rows of the year (for the shares and rates built on the cells).
    rows: Vec<&'a ResultRow>,
}

impl<'a> Revised<'a> {
    /// An unchanged year's earlier cells written out, for protecting a system beside them:
    /// this release's cells and rows, published where [`Node::shown`] says.
    pub(crate) fn of_unchanged(
        nodes: &BTreeMap<NodeKey, Node>,
        rows: impl Iterator<Item = &'a ResultRow>,
    ) -> Self {
        Revised {
            published: nodes
                .iter()
                .filter(|(_, n)| n.shown)
                .map(|(k, _)| k.clone())
                .collect(),
            nodes: nodes.clone(),
            rows: rows.collect(),
        }
    }
}

/// Rows of group levels (kommungrupp means, comparable kommuner): the earlier release's truth
/// leaves them out, and they publish no counts (this release clears its kommungrupp counts
/// before gathering; a row that still has one makes the year not unchanged).
fn group_level(r: &ResultRow) -> bool {
    matches!(r.key.level, GeoLevel::Kommungrupp | GeoLevel::Liknande)
}

/// Whether a row publishes any count field.
fn has_counts(r: &ResultRow) -> bool {
    r.numerator.is_some() || r.denominator.is_some() || r.units.is_some()
}

/// This release's rows of `year` (`rows`, in the engine's order) each beside the row the
/// earlier release published for the same figure, when every figure of the year is the
/// earlier release's: the same indicators, places, kön and age groups in the same order, with
/// the same counts. `None` as soon as one differs (or the earlier release did not publish the
/// year): its cells are then gathered apart ([`earlier_year`]).
pub(crate) fn unchanged<'r>(
    rows: &[&'r ResultRow],
    following: &'r Following,
    year: i32,
) -> Option<Vec<(&'r ResultRow, Option<&'r ResultRow>)>> {
    if !following.years.contains(&year) {
        return None;
    }
    let of_year = |r: &&'r ResultRow| r.year == year && !group_level(r);
    let mut truth = following.truth.iter().filter(of_year);
    let mut published = following.published.iter().filter(of_year);
    let mut out = Vec::with_capacity(rows.len());
    for &row in rows {
        if group_level(row) {
            if has_counts(row) {
                return None;
            }
            out.push((row, None));
            continue;
        }
        let (t, p) = (truth.next()?, published.next()?);
        let same = row.indicator == t.indicator
            && row.key == t.key
            && row.numerator == t.numerator
            && row.denominator == t.denominator
            && row.units == t.units
            && p.indicator == t.indicator
            && p.key == t.key;
        if !same {
            return None;
        }
        out.push((row, Some(p)));
    }
    (truth.next().is_none() && published.next().is_none()).then_some(out)
}

/// The earlier release's cells of `year`, gathered apart from this release's, or `None` when
/// it did not publish the year.
pub(crate) fn earlier_year<'a>(
    plan: &Plan,
    geo: &Geography,
    following: &'a Following,
    year: i32,
) -> Result<Option<Revised<'a>>, ProtectError> {
    if !following.years.contains(&year) {
        return Ok(None);
    }
    // Group means publish no counts (this release clears theirs before gathering too).
    let of_year = |r: &&ResultRow| r.year == year && !group_level(r);
    let rows: Vec<&ResultRow> = following.truth.iter().filter(of_year).collect();
    let nodes = gather(plan, geo, rows.iter().copied())?;
    let published = gather(plan, geo, following.published.iter().filter(of_year))?
        .into_keys()
        .collect();
    Ok(Some(Revised {
        nodes,
        published,
        rows,
    }))
}

/// A system protected beside the earlier release.
#[derive(Debug)]
pub(crate) struct Followed {
    /// Statuses: this release's cells first (by their index in the built system), then the
    /// earlier-only cells; the audit covers all of them.
    pub(crate) outcome: RepairOutcome,
    /// The count cell of every cell of the outcome, for messages; empty when the outcome has
    /// the built system's cells only.
    pub(crate) nodes: Vec<NodeKey>,
    /// How the pattern relates to the earlier one.
    pub(crate) summary: FollowSummary,
    /// Secondary cells published again because a reader could compute them anyway.
    pub(crate) recovered: usize,
}

/// Protects system `sys` of a year, `built` with primary `pattern`, keeping the earlier
/// release's pattern where its cells are unchanged.
#[allow(
    clippy::too_many_arguments,
    reason = "the stage's inputs, each needed once"
)]
pub(crate) fn protect_following(
    plan: &Plan,
    sys: SystemIx,
    built: &Built,
    pattern: &PrimaryPattern,
    rules: &SuppressionPolicy,
    earlier: &Revised<'_>,
    places: &Places,
    geo: &Geography,
) -> Result<Followed, ProtectError> {
    let old = build(
        plan,
        sys,
        &earlier.nodes,
        places,
        geo,
        earlier.rows.iter().copied(),
    )?;
    let old_pattern = primary(&old.system, &old.class, &old.real, rules);
    let n = built.nodes.len();
    let index: BTreeMap<&NodeKey, usize> = built
        .nodes
        .iter()
        .enumerate()
        .map(|(i, k)| (k, i))
        .collect();
    // The cell of this release each earlier cell is, when it is the same figure: the same
    // count at the same place with the same value (and the same additive value, so that the
    // equations of both hold on the shared cell).
    let same: Vec<Option<usize>> = old
        .nodes
        .iter()
        .enumerate()
        .map(|(j, key)| {
            index.get(key).copied().filter(|&i| {
                built.real[i] == old.real[j]
                    && built.system.cells()[i].value == old.system.cells()[j].value
            })
        })
        .collect();
    // Per cell of this release: unchanged since the earlier release, and then whether it was
    // published there.
    let mut before: Vec<Option<bool>> = vec![None; n];
    for (j, s) in same.iter().enumerate() {
        if let Some(i) = *s {
            before[i] = Some(earlier.published.contains(&old.nodes[j]));
        }
    }
    let mut summary = FollowSummary {
        changed: before.iter().filter(|b| b.is_none()).count(),
        earlier_only: same.iter().filter(|s| s.is_none()).count(),
        ..FollowSummary::default()
    };
    // Both releases' figures of the year in one system.
    let internal = |e: jamfor_disclosure::SystemError| ProtectError::Internal {
        message: format!("the system of both releases cannot be built ({e}); this is a bug"),
    };
    let mut b = SystemBuilder::new();
    let mut nodes = built.nodes.clone();
    let mut ids: Vec<CellId> = Vec::with_capacity(n);
    for cell in built.system.cells() {
        ids.push(b.add_cell_with(cell.clone()).map_err(internal)?);
    }
    let mut old_ids: Vec<CellId> = Vec::with_capacity(old.nodes.len());
    let mut earlier_only: Vec<usize> = Vec::new();
    for (j, cell) in old.system.cells().iter().enumerate() {
        let id = match same[j] {
            Some(i) => ids[i],
            None => {
                let mut cell = cell.clone();
                cell.label.table = Arc::from(format!("{} (earlier release)", cell.label.table));
                nodes.push(old.nodes[j].clone());
                earlier_only.push(j);
                b.add_cell_with(cell).map_err(internal)?
            }
        };
        old_ids.push(id);
    }
    let mut equations: BTreeSet<(CellId, Vec<CellId>)> = BTreeSet::new();
    let new_equations = built
        .system
        .equations()
        .iter()
        .map(|eq| (eq.total, eq.parts.clone()));
    let old_equations = old.system.equations().iter().map(|eq| {
        let parts = eq.parts.iter().map(|p| old_ids[p.index()]).collect();
        (old_ids[eq.total.index()], parts)
    });
    for (total, parts) in new_equations.chain(old_equations) {
        let mut sorted: Vec<CellId> = parts.clone();
        sorted.sort_unstable();
        // An equation of unchanged cells is the same equation in both releases.
        if equations.insert((total, sorted)) {
            b.add_equation(total, &parts).map_err(internal)?;
        }
    }
    // Relations of both releases: the same count pairs, on either release's cells.
    let mut relations: BTreeSet<(CellId, CellId)> = BTreeSet::new();
    let new_relations = built.system.relations().iter().map(|r| (r.small, r.large));
    let old_relations = old
        .system
        .relations()
        .iter()
        .map(|r| (old_ids[r.small.index()], old_ids[r.large.index()]));
    for (small, large) in new_relations.chain(old_relations) {
        if small != large && relations.insert((small, large)) {
            b.add_relation(small, large).map_err(internal)?;
        }
    }
    for d in built.system.derived() {
        b.add_derived(d.clone()).map_err(internal)?;
    }
    let union = b.build().map_err(internal)?;

    // This release's cells: their own primary rules, the earlier status where unchanged.
    let mut reasons = pattern.reasons.clone();
    let mut forced = pattern.forced.clone();
    let mut keep = vec![false; n];
    for i in 0..n {
        if reasons[i].is_none() && !forced[i] {
            forced[i] = before[i] == Some(true);
            keep[i] = before[i] == Some(false);
        }
    }
    // Earlier-only cells: as the earlier release left them, its primary cells protected.
    for &j in &earlier_only {
        let reason = old_pattern.reasons[j].map(|r| match r {
            PrimaryReason::Complement { denominator } => PrimaryReason::Complement {
                denominator: old_ids[denominator.index()],
            },
            other => other,
        });
        let shown = earlier.published.contains(&old.nodes[j]) || old_pattern.forced[j];
        forced.push(reason.is_none() && shown);
        keep.push(reason.is_none() && !shown);
        reasons.push(reason);
    }
    let union_pattern = PrimaryPattern { reasons, forced };
    let options = SecondaryOptions {
        protect: vec![false; union.cells().len()],
        keep,
    };
    let mut outcome =
        secondary_with_repair(&union, rules, &union_pattern, options, AuditScope::Primary);
    let recovered = if outcome.report.passed() {
        publish_recoverable(&union, &mut outcome.statuses, rules).len()
    } else {
        0
    };
    tally(&mut summary, &before, &outcome.statuses[..n]);
    Ok(Followed {
        outcome,
        nodes,
        summary,
        recovered,
    })
}

/// A system whose earlier pattern is taken over whole.
#[derive(Debug)]
pub(crate) struct Carried {
    /// Status of every sensitive cell of the system.
    pub(crate) statuses: Vec<(NodeKey, CellStatus)>,
    /// How the pattern relates to the earlier one.
    pub(crate) summary: FollowSummary,
}

/// The earlier pattern taken over whole, when every cell of system `sys` is the same as in
/// the earlier release (same count cells, same values: then the same system, built the same
/// way) and no cell it published is primary now. It passed the audit over that system under
/// these rules (a policy with other rules is refused before protection), so nothing is solved
/// or audited again. Decided on the cells and the shares on them (for the complement rule)
/// alone, without building a system: that is what makes an unchanged year cost next to
/// nothing.
///
/// No decimals check either: a share is published only when both its counts are, so its
/// decimals give no withheld count away whatever the pattern.
#[allow(
    clippy::too_many_arguments,
    reason = "the stage's inputs, each needed once"
)]
pub(crate) fn carried<'r>(
    plan: &Plan,
    sys: SystemIx,
    geo: &Geography,
    nodes: &BTreeMap<NodeKey, Node>,
    rows: impl Iterator<Item = &'r ResultRow>,
    rules: &SuppressionPolicy,
    earlier: &EarlierYear<'_>,
) -> Option<Carried> {
    let in_system = |c: CountIx| plan.counts[c as usize].systems.contains(&sys);
    // The system's cells in the order it is built in.
    let cells: Vec<(&NodeKey, &Node)> = nodes.iter().filter(|((c, _), _)| in_system(*c)).collect();
    // Whether the earlier release published each cell, all of them unchanged.
    let shown: Vec<bool> = match earlier {
        EarlierYear::Unchanged => cells.iter().map(|(_, n)| n.shown).collect(),
        EarlierYear::Revised(e) => {
            let in_earlier = e.nodes.keys().filter(|(c, _)| in_system(*c)).count();
            if in_earlier != cells.len() {
                return None;
            }
            cells
                .iter()
                .map(|&(key, node)| {
                    let old = e.nodes.get(key)?;
                    (old.value == node.value).then(|| e.published.contains(key))
                })
                .collect::<Option<_>>()?
        }
    };
    let counted: Vec<Counted> = cells
        .iter()
        .map(|((c, key), node)| Counted {
            class: class_of(plan, *c, key),
            value: node.value,
            respondents: node.respondents,
        })
        .collect();
    let position: HashMap<(CountIx, &CellKey), usize, foldhash::fast::FixedState> = cells
        .iter()
        .enumerate()
        .map(|(i, ((c, key), _))| ((*c, key), i))
        .collect();
    let find = |c: CountIx, key: &CellKey| position.get(&(c, key)).copied();
    let on_cells = shares(plan, sys, geo, rows, find)
        .into_iter()
        .map(|(_, n, d, kind)| (n, d, kind));
    let pattern = pattern(&counted, on_cells, rules);
    if shown
        .iter()
        .zip(&pattern.reasons)
        .any(|(&shown, r)| shown && r.is_some())
    {
        return None;
    }
    let statuses: Vec<CellStatus> = shown
        .iter()
        .enumerate()
        .map(|(i, &shown)| match pattern.reasons[i] {
            Some(r) => CellStatus::Primary(r),
            None if shown => CellStatus::Published,
            // A zero the policy publishes stays published (it may simply not have been shown,
            // its rows being withheld for another count).
            None if pattern.forced[i] => CellStatus::Published,
            None => CellStatus::Secondary(SecondaryReason::Kept),
        })
        .collect();
    let before: Vec<Option<bool>> = shown.iter().map(|&s| Some(s)).collect();
    let mut summary = FollowSummary {
        carried: true,
        ..FollowSummary::default()
    };
    tally(&mut summary, &before, &statuses);
    let statuses = cells
        .iter()
        .zip(&counted)
        .zip(statuses)
        .filter(|((_, counted), _)| counted.class.sensitive())
        .map(|(((key, _), _), s)| ((*key).clone(), s))
        .collect();
    Some(Carried { statuses, summary })
}

/// Counts the unchanged cells that kept their earlier status, and those published before but
/// withheld now (primary under a policy joined with a stricter one since).
fn tally(summary: &mut FollowSummary, before: &[Option<bool>], statuses: &[CellStatus]) {
    for (b, s) in before.iter().zip(statuses) {
        match (b, s.is_suppressed()) {
            (Some(true), false) => summary.kept_published += 1,
            (Some(false), true) => summary.kept_withheld += 1,
            (Some(true), true) => summary.published_before += 1,
            _ => {}
        }
    }
}
