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

use std::collections::{BTreeMap, BTreeSet};
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

type Equation = (CellKey, Vec<CellKey>);

/// Candidate equations of one count, among the cells present.
fn candidates(
    present: &BTreeMap<CellKey, &Node>,
    places: &Places,
    partitions: &BTreeSet<Vec<(u32, Option<u32>, String)>>,
) -> Vec<Equation> {
    let mut out: BTreeSet<Equation> = BTreeSet::new();
    let has = |k: &CellKey| present.contains_key(k);
    let combos: BTreeSet<(Kon, Option<String>)> = present
        .keys()
        .map(|k| (k.kon, k.age_group.clone()))
        .collect();
    for (kon, age) in &combos {
        let key = |level: GeoLevel, geo: &str| CellKey {
            level,
            geo: geo.to_string(),
            kon: *kon,
            age_group: age.clone(),
        };
        let all = |keys: &[CellKey]| keys.iter().all(has);
        let kommun_keys: Vec<CellKey> = places
            .kommuner
            .iter()
            .map(|k| key(GeoLevel::Kommun, k))
            .collect();
        for (lan, members) in &places.lan {
            let total = key(GeoLevel::Lan, lan);
            let parts: Vec<CellKey> = members.iter().map(|k| key(GeoLevel::Kommun, k)).collect();
            if has(&total) && all(&parts) {
                out.insert((total, parts));
            }
        }
        let riket = key(GeoLevel::Riket, RIKET);
        let lan_parts: Vec<CellKey> = places.lan_keys.iter().map(|(l, c)| key(*l, c)).collect();
        if has(&riket) {
            if all(&lan_parts) {
                out.insert((riket, lan_parts));
            } else if all(&kommun_keys) {
                out.insert((riket, kommun_keys));
            }
        }
    }
    let places_of: BTreeSet<(GeoLevel, String, Option<String>)> = present
        .keys()
        .map(|k| (k.level, k.geo.clone(), k.age_group.clone()))
        .collect();
    for (level, geo, age) in places_of {
        let key = |kon| CellKey {
            level,
            geo: geo.clone(),
            kon,
            age_group: age.clone(),
        };
        let (t, k, m) = (key(Kon::T), key(Kon::K), key(Kon::M));
        if has(&t) && has(&k) && has(&m) {
            out.insert((t, vec![k, m]));
        }
    }
    out.extend(stadsdelar::equations(present));
    let totals: Vec<&CellKey> = present.keys().filter(|k| k.age_group.is_none()).collect();
    for partition in partitions.iter().filter(|p| disjoint(p)) {
        for total in &totals {
            let parts: Vec<CellKey> = partition
                .iter()
                .map(|(_, _, label)| CellKey {
                    age_group: Some(label.clone()),
                    ..(*total).clone()
                })
                .collect();
            if parts.iter().all(has) {
                out.insert(((*total).clone(), parts));
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
    let mut all: BTreeMap<CountIx, BTreeMap<CellKey, &Node>> = BTreeMap::new();
    for ((c, key), node) in nodes {
        all.entry(*c).or_default().insert(key.clone(), node);
    }
    let by_count: BTreeMap<CountIx, &BTreeMap<CellKey, &Node>> = all
        .iter()
        .filter(|(c, _)| in_system(**c))
        .map(|(c, cells)| (*c, cells))
        .collect();

    let mut b = SystemBuilder::new();
    let mut out_nodes = Vec::new();
    let mut real = Vec::new();
    let mut class = Vec::new();
    let mut id_of: BTreeMap<NodeKey, CellId> = BTreeMap::new();
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
        let mut value: BTreeMap<&CellKey, u64> =
            present.iter().map(|(k, n)| (k, n.value)).collect();
        let mut order: Vec<&Equation> = eqs.iter().collect();
        order.sort_by_key(|(t, _)| rank(t));
        for (total, parts) in &order {
            let sum: u64 = parts.iter().map(|p| value[p]).sum();
            let v = value.get_mut(total).map_or(0, |v| *v);
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
            id_of.insert((c, key.clone()), id);
            additive.push(value[key]);
            out_nodes.push((c, key.clone()));
            real.push(node.value);
            // The rest outside the stadsdelar is taken as known to the reader: never withheld.
            class.push(if stadsdelar::is_rest(key) {
                Class::Public
            } else {
                info.class
            });
        }
        for (total, parts) in &order {
            let sum: u64 = parts.iter().map(|p| value[p]).sum();
            if sum != value[total] {
                short += 1;
                continue;
            }
            let t = id_of[&(c, total.clone())];
            let p = parts.iter().map(|p| id_of[&(c, p.clone())]).collect();
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
                            ..(*k).clone()
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
                ..key.clone()
            };
            let (Some(&s), Some(&l)) = (
                id_of.get(&(*small, key.clone())),
                id_of.get(&(*large, whole.clone())),
            ) else {
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
    let mut seen: BTreeSet<(CellId, CellId, u64)> = BTreeSet::new();
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
        let (Some(&n), Some(&d)) = (id_of.get(&(*num, key.clone())), id_of.get(&(*den, key)))
        else {
            continue;
        };
        if seen.insert((n, d, per)) {
            b.add_derived(DerivedFigure {
                label: CellLabel {
                    table: Arc::from(row.indicator.as_str()),
                    key: describe(&row.key),
                },
                numerator: n,
                denominator: d,
                kind: if share {
                    DerivedKind::Share
                } else {
                    DerivedKind::Rate { per }
                },
            })
            .map_err(|e| internal(&e))?;
        }
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
