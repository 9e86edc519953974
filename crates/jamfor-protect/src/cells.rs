//! The count cells of one year: every count value the rows publish, gathered once per count
//! and place, whichever indicator's row carries it.

use std::borrow::Cow;
use std::collections::BTreeMap;

use jamfor_engine::{CellKey, GeoLevel, ResultRow};
use jamfor_geo::{Geography, LanCode};

use super::counts::{Field, Respondents};
use super::error::ProtectError;
use super::plan::{CountIx, Plan};

/// A count cell: which count, where.
pub(crate) type NodeKey = (CountIx, CellKey);

/// Count cells looked up by key only (never iterated, so their order does not matter).
pub(crate) type CellMap<V> = std::collections::HashMap<NodeKey, V, foldhash::fast::FixedState>;

/// The cells of one count, looked up by key only.
type CellMap1<V> = std::collections::HashMap<CellKey, V, foldhash::fast::FixedState>;

/// A count cell's published value.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    pub(crate) value: u64,
    /// Survey cells: answers behind the cell.
    pub(crate) respondents: Option<u64>,
    /// The indicator first seen publishing it (for messages).
    pub(crate) indicator: String,
    /// Whether the release followed published this cell, when its figures of the year are
    /// this release's ([`super::follow`]); otherwise `false`.
    pub(crate) shown: bool,
}

/// Cell key as disclosure control sees it: a single-kommun län (Gotland, 09) is its kommun
/// (0980), so the two rows read one node and can never get different statuses. Every other
/// key is itself, borrowed.
pub(crate) fn canonical<'k>(geo: &Geography, key: &'k CellKey) -> Cow<'k, CellKey> {
    if key.level == GeoLevel::Lan
        && let Ok(lan) = key.geo.parse::<LanCode>()
        && let Some(kommun) = geo.single_kommun(lan)
    {
        return Cow::Owned(CellKey {
            level: GeoLevel::Kommun,
            geo: kommun.code.to_string(),
            kon: key.kon,
            age_group: key.age_group.clone(),
        });
    }
    Cow::Borrowed(key)
}

/// Readable name of a cell, for labels and messages: `kommun 0180 K 65-79`.
pub(crate) fn describe(key: &CellKey) -> String {
    let mut s = format!("{} {} {}", key.level.code(), key.geo, key.kon.code());
    if let Some(age) = &key.age_group {
        s.push(' ');
        s.push_str(age);
    }
    s
}

/// Whether rows at this level can be tied to the geography: a stadsdel is a part of its kommun
/// ([`super::stadsdelar`]); an enhet's key is the unit's id only.
pub(crate) fn linked_level(level: GeoLevel) -> bool {
    level != GeoLevel::Enhet
}

/// The row's value in a field.
pub(crate) fn field(row: &ResultRow, f: Field) -> Option<f64> {
    match f {
        Field::Numerator => row.numerator,
        Field::Denominator => row.denominator,
        Field::Units => row.units,
    }
}

/// Every sensitive or public count cell published in `rows` (one year).
pub(crate) fn gather<'r>(
    plan: &Plan,
    geo: &Geography,
    rows: impl Iterator<Item = &'r ResultRow>,
) -> Result<BTreeMap<NodeKey, Node>, ProtectError> {
    gather_shown(plan, geo, rows.map(|r| (r, None)))
}

/// [`gather`], each row beside the same figure as the release followed published it (when its
/// figures of the year are this release's): a cell is shown when a published row shows it.
pub(crate) fn gather_shown<'r>(
    plan: &Plan,
    geo: &Geography,
    rows: impl Iterator<Item = (&'r ResultRow, Option<&'r ResultRow>)>,
) -> Result<BTreeMap<NodeKey, Node>, ProtectError> {
    // One map per count, looked up by the row's own key: a key is copied only for a new cell.
    let mut counts: Vec<CellMap1<Node>> = (0..plan.counts.len())
        .map(|_| CellMap1::default())
        .collect();
    for (row, published) in rows {
        let Some(ip) = plan.indicators.get(&row.indicator) else {
            continue;
        };
        if !linked_level(row.key.level) {
            continue;
        }
        let key = canonical(geo, &row.key);
        for &(f, c, respondents) in &ip.slots {
            let info = &plan.counts[c as usize];
            if info.systems.is_empty() {
                continue;
            }
            let Some(v) = field(row, f) else { continue };
            let value = whole(v).ok_or_else(|| ProtectError::NotACount {
                count: info.id.to_string(),
                indicator: row.indicator.clone(),
                year: row.year,
                cell: describe(&row.key),
            })?;
            let respondents = match respondents {
                Respondents::Own => Some(value),
                Respondents::Denominator => row.denominator.and_then(whole),
                Respondents::None => None,
            }
            .filter(|_| info.class == super::counts::Class::Survey);
            let shown = published.is_some_and(|p| field(p, f).is_some());
            let cells = &mut counts[c as usize];
            match cells.get_mut(key.as_ref()) {
                Some(node) => {
                    if node.value != value {
                        return Err(ProtectError::Disagreement {
                            count: info.id.to_string(),
                            indicators: (node.indicator.clone(), row.indicator.clone()),
                            year: row.year,
                            cell: describe(&row.key),
                        });
                    }
                    node.respondents = match (node.respondents, respondents) {
                        (Some(a), Some(b)) => Some(a.min(b)),
                        (a, b) => a.or(b),
                    };
                    node.shown |= shown;
                }
                None => {
                    cells.insert(
                        key.as_ref().clone(),
                        Node {
                            value,
                            respondents,
                            indicator: row.indicator.clone(),
                            shown,
                        },
                    );
                }
            }
        }
    }
    let mut sorted: Vec<(NodeKey, Node)> = Vec::new();
    for (c, cells) in counts.into_iter().enumerate() {
        let c = CountIx::try_from(c).map_err(|_| ProtectError::Internal {
            message: "more counts than a count index holds; this is a bug".into(),
        })?;
        let start = sorted.len();
        sorted.extend(cells.into_iter().map(|(key, node)| ((c, key), node)));
        sorted[start..].sort_unstable_by(|a, b| a.0.1.cmp(&b.0.1));
    }
    // Already in key order: the map is built in one pass without searching.
    let mut nodes: BTreeMap<NodeKey, Node> = sorted.into_iter().collect();
    super::stadsdelar::add_rests(&mut nodes);
    Ok(nodes)
}

/// A whole non-negative number, allowing for floating-point sums of whole numbers.
pub(crate) fn whole(v: f64) -> Option<u64> {
    let r = v.round();
    (v.is_finite() && r >= 0.0 && (v - r).abs() < 1e-6 && r < 9.0e15).then_some(r as u64)
}
