//! One linked system of one year: the count cells of its counts, the equations a reader knows
//! between them, and the shares and rates built on them.
//!
//! Equations are written among published cells only (a count published without kön has no
//! K and M cells to tie): T = K + M per place; län = Σ its kommuner; riket = Σ län (or Σ
//! kommuner when län are not published); an age total = Σ its groups when the groups are
//! disjoint; a kommun = Σ its stadsdelar and the rest outside them ([`super::stadsdelar`]).
//! Gotland is one cell. Kommungrupp rows publish no counts (see [`super`]).
//!
//! Distinct counts are not quite additive: a person counted in two kommuner is one person in
//! their län, so the län is *smaller* than the sum. Protection then works on the additive
//! version of the table (each total replaced by the sum of its parts), as if the reader knew
//! the overlap: every table consistent with the additive totals is consistent with what is
//! published, so a pattern that hides a cell there hides it here. An equation whose parts
//! fall *short* of the total (rows without kön, ages outside every group) is not an equation
//! a reader can use, and is left out; the summary counts those.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use jamfor_disclosure::{
    Cell, CellId, CellLabel, DerivedFigure, DerivedKind, LinkedSystem, SystemBuilder,
};
use jamfor_engine::{CellKey, GeoLevel, Kon, RIKET, ResultRow};
use jamfor_geo::Geography;

use super::cells::{Node, NodeKey, canonical, describe, linked_level};
use super::counts::{Class, Figure};
use super::error::ProtectError;
use super::plan::{CountIx, Plan, SystemIx, disjoint};
use super::stadsdelar;

/// A fast, deterministic hasher for lookups only: nothing iterates these maps, so the order the
/// system is built in stays the `BTreeMap` order of the cells.
type FoldHasher = foldhash::fast::FixedState;

/// A built system and how its cells map back to count cells.
#[derive(Debug)]
pub(crate) struct Built {
    pub(crate) system: LinkedSystem,
    /// Count cell of every system cell, by [`CellId::index`].
    pub(crate) nodes: Vec<NodeKey>,
    /// Published (real) value of every cell; the system holds the additive version.
    pub(crate) real: Vec<u64>,
    /// Class of every cell.
    pub(crate) class: Vec<Class>,
    /// Equations used.
    pub(crate) equations: usize,
    /// Candidate equations left out because their parts fall short of the total.
    pub(crate) short_equations: usize,
    /// Relations `part ≤ whole` added.
    pub(crate) relations: usize,
    /// Relations to cells of a count protected under another policy, not modelled.
    pub(crate) relations_across: usize,
}

/// The places of one year: kommuner by län.
#[derive(Debug)]
pub(crate) struct Places {
    kommuner: Vec<String>,
    /// Län with at least two kommuner this year, with them.
    lan: Vec<(String, Vec<String>)>,
    /// Every län's key code as it appears among canonical keys (level, code).
    lan_keys: Vec<(GeoLevel, String)>,
}

impl Places {
    pub(crate) fn new(geo: &Geography, year: i32) -> Self {
        let year = u16::try_from(year).unwrap_or(0);
        let kommuner: Vec<_> = geo.kommuner_valid_in(year).collect();
        let mut by_lan: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for k in &kommuner {
            by_lan
                .entry(k.lan.to_string())
                .or_default()
                .push(k.code.to_string());
        }
        let lan_keys = by_lan
            .iter()
            .map(|(l, ks)| match ks.as_slice() {
                [only] => (GeoLevel::Kommun, only.clone()),
                _ => (GeoLevel::Lan, l.clone()),
            })
            .collect();
        Places {
            kommuner: kommuner.iter().map(|k| k.code.to_string()).collect(),
            lan: by_lan.into_iter().filter(|(_, ks)| ks.len() > 1).collect(),
            lan_keys,
        }
    }
}

/// An equation `total = Σ parts` among the cells of one count, by their keys.
type Equation<'k> = (&'k CellKey, Vec<&'k CellKey>);

/// A cell key as borrowed parts, to look cells up without building keys.
type Lookup<'k> = (GeoLevel, &'k str, Kon, Option<&'k str>);

fn lookup(k: &CellKey) -> Lookup<'_> {
    (k.level, k.geo.as_str(), k.kon, k.age_group.as_deref())
}

/// Candidate equations of one count, among the cells present.
fn candidates<'k>(
    present: &BTreeMap<&'k CellKey, &Node>,
    places: &Places,
    partitions: &BTreeSet<Vec<(u32, Option<u32>, String)>>,
) -> Vec<Equation<'k>> {
    // Every present cell by its parts, so candidates are found without allocating keys.
    let index: HashMap<Lookup<'k>, &'k CellKey, FoldHasher> =
        present.keys().map(|k| (lookup(k), *k)).collect();
    let find = |level: GeoLevel, geo: &str, kon: Kon, age: Option<&str>| {
        index.get(&(level, geo, kon, age)).copied()
    };
    let mut out: BTreeSet<Equation<'k>> = BTreeSet::new();
    let combos: BTreeSet<(Kon, Option<&str>)> = present
        .keys()
        .map(|k| (k.kon, k.age_group.as_deref()))
        .collect();
    for &(kon, age) in &combos {
        let all = |keys: &mut dyn Iterator<Item = (GeoLevel, &str)>| -> Option<Vec<&'k CellKey>> {
            keys.map(|(level, geo)| find(level, geo, kon, age))
                .collect()
        };
        for (lan, members) in &places.lan {
            if let Some(total) = find(GeoLevel::Lan, lan, kon, age)
                && let Some(parts) =
                    all(&mut members.iter().map(|k| (GeoLevel::Kommun, k.as_str())))
            {
                out.insert((total, parts));
            }
        }
        if let Some(riket) = find(GeoLevel::Riket, RIKET, kon, age) {
            let lan_parts = all(&mut places.lan_keys.iter().map(|(l, c)| (*l, c.as_str())));
            let kommun_parts = || {
                all(&mut places
                    .kommuner
                    .iter()
                    .map(|k| (GeoLevel::Kommun, k.as_str())))
            };
            if let Some(parts) = lan_parts.or_else(kommun_parts) {
                out.insert((riket, parts));
            }
        }
    }
    for &t in present.keys().filter(|k| k.kon == Kon::T) {
        let other = |kon| find(t.level, &t.geo, kon, t.age_group.as_deref());
        if let (Some(k), Some(m)) = (other(Kon::K), other(Kon::M)) {
            out.insert((t, vec![k, m]));
        }
    }
    out.extend(stadsdelar::equations(present));
    let totals: Vec<&'k CellKey> = present
        .keys()
        .copied()
        .filter(|k| k.age_group.is_none())
        .collect();
    for partition in partitions.iter().filter(|p| disjoint(p)) {
        for total in &totals {
            let parts: Option<Vec<&'k CellKey>> = partition
                .iter()
                .map(|(_, _, label)| find(total.level, &total.geo, total.kon, Some(label)))
                .collect();
            if let Some(parts) = parts {
                out.insert((total, parts));
            }
        }
    }
    out.into_iter().collect()
}

/// Parts are always lower than their total in this order, so totals are settled bottom-up.
fn rank(k: &CellKey) -> u32 {
    let geo = match k.level {
        GeoLevel::Stadsdel | GeoLevel::Enhet => 0,
        GeoLevel::Kommun => 1,
        GeoLevel::Kommungrupp | GeoLevel::Liknande | GeoLevel::Lan => 2,
        GeoLevel::Riket => 3,
    };
    geo * 100 + u32::from(k.kon == Kon::T) * 10 + u32::from(k.age_group.is_none())
}

/// Which cells to keep published first: riket, län, kommungrupp, kommun, stadsdel; all ages
/// before age groups; totals before kvinnor and män. Within a class the disclosure crate keeps large
/// counts first.
fn priority(k: &CellKey) -> u32 {
    let level = match k.level {
        GeoLevel::Riket => 0,
        GeoLevel::Lan => 1,
        GeoLevel::Kommungrupp | GeoLevel::Liknande => 2,
        GeoLevel::Kommun => 3,
        GeoLevel::Stadsdel | GeoLevel::Enhet => 4,
    };
    level * 4 + 2 * u32::from(k.age_group.is_some()) + u32::from(k.kon != Kon::T)
}

/// Builds system `sys` of one year from the year's count cells.
pub(crate) fn build<'r>(
    plan: &Plan,
    sys: SystemIx,
    nodes: &BTreeMap<NodeKey, Node>,
    places: &Places,
    geo: &Geography,
    rows: impl Iterator<Item = &'r ResultRow>,
) -> Result<Built, ProtectError> {
    let in_system = |c: CountIx| plan.counts[c as usize].systems.contains(&sys);
    let mut all: BTreeMap<CountIx, BTreeMap<&CellKey, &Node>> = BTreeMap::new();
    for ((c, key), node) in nodes {
        all.entry(*c).or_default().insert(key, node);
    }
    let by_count: BTreeMap<CountIx, &BTreeMap<&CellKey, &Node>> = all
        .iter()
        .filter(|(c, _)| in_system(**c))
        .map(|(c, cells)| (*c, cells))
        .collect();

    let mut b = SystemBuilder::new();
    let mut out_nodes = Vec::new();
    let mut real = Vec::new();
    let mut class = Vec::new();
    let mut id_of: HashMap<(CountIx, &CellKey), CellId, FoldHasher> = HashMap::default();
    // The additive value of every cell, by id (the equations settle totals upwards).
    let mut additive: Vec<u64> = Vec::new();
    let mut equations: Vec<(CellId, Vec<CellId>)> = Vec::new();
    let mut short = 0;
    for (&c, present) in &by_count {
        let info = &plan.counts[c as usize];
        // Equations (sensitive counts only: public counts are published whole, so their
        // equations hold known numbers only).
        let eqs = if info.class.sensitive() {
            candidates(present, places, &info.age_partitions)
        } else {
            Vec::new()
        };
        let mut value: HashMap<&CellKey, u64, FoldHasher> =
            present.iter().map(|(k, n)| (*k, n.value)).collect();
        let mut order: Vec<&Equation<'_>> = eqs.iter().collect();
        order.sort_by_key(|(t, _)| rank(t));
        for (total, parts) in &order {
            let sum: u64 = parts.iter().map(|p| value[p]).sum();
            let v = value.get(total).copied().unwrap_or(0);
            if sum > v {
                value.insert(total, sum);
            }
        }
        let table: Arc<str> = Arc::from(info.id.to_string());
        for (key, node) in present.iter() {
            let id = b
                .add_cell_with(Cell {
                    label: CellLabel {
                        table: table.clone(),
                        key: describe(key),
                    },
                    value: value[key],
                    priority: priority(key),
                    respondents: node.respondents,
                })
                .map_err(|e| internal(&e))?;
            id_of.insert((c, *key), id);
            additive.push(value[key]);
            out_nodes.push((c, (*key).clone()));
            real.push(node.value);
            class.push(class_of(plan, c, key));
        }
        for (total, parts) in &order {
            let sum: u64 = parts.iter().map(|p| value[p]).sum();
            if sum != value[total] {
                short += 1;
                continue;
            }
            let t = id_of[&(c, *total)];
            let p = parts.iter().map(|p| id_of[&(c, *p)]).collect();
            equations.push((t, p));
        }
    }
    let used = equations.len();
    for (t, p) in equations {
        b.add_equation(t, &p).map_err(|e| internal(&e))?;
    }
    let mut relations = 0;
    let mut across = 0;
    for subset in &plan.subsets {
        let ((small, small_age), (large, large_age)) = (&subset.small, &subset.large);
        let (Some(parts), Some(wholes)) = (by_count.get(small), by_count.get(large)) else {
            // A count protected under another policy is in another system: the relation is
            // not modelled (counted once, from the part's system).
            if in_system(*small)
                && let (Some(parts), Some(wholes)) = (all.get(small), all.get(large))
            {
                across += parts
                    .keys()
                    .filter(|k| &k.age_group == small_age)
                    .filter(|k| {
                        wholes.contains_key(&CellKey {
                            age_group: large_age.clone(),
                            ..(**k).clone()
                        })
                    })
                    .count();
            }
            continue;
        };
        for (key, node) in parts.iter() {
            if &key.age_group != small_age || stadsdelar::is_rest(key) {
                continue;
            }
            let whole = CellKey {
                age_group: large_age.clone(),
                ..(*key).clone()
            };
            let (Some(&s), Some(&l)) = (id_of.get(&(*small, *key)), id_of.get(&(*large, &whole)))
            else {
                continue;
            };
            // The additive version of both tables must keep the order too; a place where the
            // data break it (a definition the implication misreads) gets no relation.
            let holds = wholes.get(&whole).is_some_and(|w| node.value <= w.value)
                && additive[s.index()] <= additive[l.index()];
            if holds {
                b.add_relation(s, l).map_err(|e| internal(&e))?;
                relations += 1;
            }
        }
    }

    // Shares and rates on a sensitive numerator, for the complement rule and decimals check.
    let find = |c: CountIx, key: &CellKey| id_of.get(&(c, key)).copied();
    for (row, numerator, denominator, kind) in shares(plan, sys, geo, rows, find) {
        b.add_derived(DerivedFigure {
            label: CellLabel {
                table: Arc::from(row.indicator.as_str()),
                key: describe(&row.key),
            },
            numerator,
            denominator,
            kind,
        })
        .map_err(|e| internal(&e))?;
    }
    let system = b.build().map_err(|e| internal(&e))?;
    Ok(Built {
        system,
        nodes: out_nodes,
        real,
        class,
        equations: used,
        short_equations: short,
        relations,
        relations_across: across,
    })
}

/// The class a cell is protected as: its count's, except the rest outside the stadsdelar,
/// which is taken as known to the reader (never withheld).
pub(crate) fn class_of(plan: &Plan, c: CountIx, key: &CellKey) -> Class {
    if stadsdelar::is_rest(key) {
        Class::Public
    } else {
        plan.counts[c as usize].class
    }
}

/// The shares and rates of `rows` on a sensitive numerator of system `sys`, in row order and
/// once per numerator, denominator and scale: the row publishing it first, and its numerator
/// and denominator as `find` gives their cells.
pub(crate) fn shares<'r, I: Copy + Ord>(
    plan: &Plan,
    sys: SystemIx,
    geo: &Geography,
    rows: impl Iterator<Item = &'r ResultRow>,
    find: impl Fn(CountIx, &CellKey) -> Option<I>,
) -> Vec<(&'r ResultRow, I, I, DerivedKind)> {
    let in_system = |c: CountIx| plan.counts[c as usize].systems.contains(&sys);
    let mut seen: BTreeSet<(I, I, u64)> = BTreeSet::new();
    let mut out = Vec::new();
    for row in rows {
        let Some(ip) = plan.indicators.get(&row.indicator) else {
            continue;
        };
        let Figure::Ratio { per, share } = ip.figure else {
            continue;
        };
        if !linked_level(row.key.level) {
            continue;
        }
        let [(_, num, _), (_, den, _)] = ip.slots.as_slice() else {
            continue;
        };
        if !plan.counts[*num as usize].class.sensitive() || !in_system(*num) || !in_system(*den) {
            continue;
        }
        let key = canonical(geo, &row.key);
        let (Some(n), Some(d)) = (find(*num, &key), find(*den, &key)) else {
            continue;
        };
        if seen.insert((n, d, per)) {
            let kind = if share {
                DerivedKind::Share
            } else {
                DerivedKind::Rate { per }
            };
            out.push((row, n, d, kind));
        }
    }
    out
}

/// A system the builder refuses is a bug here: the equations are checked before adding.
fn internal(e: &jamfor_disclosure::SystemError) -> ProtectError {
    // SystemError's Display may name values; only its kind is reported.
    let kind = match e {
        jamfor_disclosure::SystemError::DuplicateCell { .. } => "a cell added twice",
        jamfor_disclosure::SystemError::UnknownCell { .. } => "an unknown cell",
        jamfor_disclosure::SystemError::MalformedEquation { .. } => "a malformed equation",
        jamfor_disclosure::SystemError::Inconsistent { .. } => "an equation that does not hold",
        jamfor_disclosure::SystemError::RelationViolated { .. } => "a relation that does not hold",
        _ => "an invalid system",
    };
    ProtectError::Internal {
        message: format!("disclosure system with {kind}; this is a bug, please report it"),
    }
}
