//! A kommun's stadsdelar as parts of the kommun.
//!
//! Stockholm, Göteborg and Malmö publish survey results per stadsdel(sområde) beside the
//! kommun. A reader who holds the kommun's count and all but one stadsdel's count has the last
//! one, so a stadsdel cell is protected inside its kommun: `kommun = Σ stadsdelar + rest`,
//! where the rest is whatever the kommun counts outside every published stadsdel (respondents
//! with no stadsdel recorded, a stadsdel with no row).
//!
//! The rest is published nowhere, yet the reader is taken to know it exactly. That attacker is
//! stronger than any real one (who knows only that the rest is at least zero), so a pattern
//! that holds against it holds against them; and when the stadsdelar cover their kommun, as
//! they do when every respondent has one, the rest is zero and the equation is exact, which
//! costs no suppression at all.
//!
//! A stadsdel's code begins with its kommun's code (`018001` is in Stockholm, `0180`), as the
//! source declares.

use std::collections::BTreeMap;

use jamfor_engine::{CellKey, GeoLevel, Kon};

use super::cells::{Node, NodeKey};
use super::plan::CountIx;

/// What ends the code of a rest cell: a stadsdel "code" no source can hold.
const REST: &str = " utanför stadsdelarna";

/// The kommun a stadsdel code belongs to: its first four digits.
pub(crate) fn kommun_of(stadsdel: &str) -> Option<&str> {
    stadsdel
        .get(..4)
        .filter(|k| k.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether a count cell is the rest of a kommun outside its stadsdelar.
pub(crate) fn is_rest(key: &CellKey) -> bool {
    key.level == GeoLevel::Stadsdel && key.geo.ends_with(REST)
}

/// Adds, for every count, kön and age group where a kommun publishes stadsdelar, the cell of
/// what the kommun counts outside them, when that is not zero. The rest is shown (by the
/// release followed) when its readers could compute a positive rest: the kommun and at least
/// one stadsdel shown, and the kommun above the stadsdelar shown.
pub(crate) fn add_rests(nodes: &mut BTreeMap<NodeKey, Node>) {
    type Place<'a> = (CountIx, &'a str, Kon, Option<&'a str>);
    /// The stadsdelar of a place: their sum, and the sum of those shown, if any is.
    type Inside = (u64, Option<u64>);
    let mut inside: BTreeMap<Place<'_>, Inside> = BTreeMap::new();
    for ((c, key), node) in nodes.iter() {
        if key.level != GeoLevel::Stadsdel {
            continue;
        }
        let Some(kommun) = kommun_of(&key.geo) else {
            continue;
        };
        let (sum, shown) = inside
            .entry((*c, kommun, key.kon, key.age_group.as_deref()))
            .or_default();
        *sum += node.value;
        if node.shown {
            *shown.get_or_insert(0) += node.value;
        }
    }
    let mut rests = Vec::new();
    for ((c, kommun, kon, age), (sum, shown)) in inside {
        let total = CellKey {
            level: GeoLevel::Kommun,
            geo: kommun.to_string(),
            kon,
            age_group: age.map(str::to_string),
        };
        let Some(node) = nodes.get(&(c, total)) else {
            continue;
        };
        // Parts above their total are settled by the additive version of the table (see
        // `build`); only a positive rest is a cell of its own.
        let rest = node.value.saturating_sub(sum);
        if rest > 0 {
            let key = CellKey {
                level: GeoLevel::Stadsdel,
                geo: format!("{kommun}{REST}"),
                kon,
                age_group: age.map(str::to_string),
            };
            let shown = node.shown && shown.is_some_and(|s| node.value > s);
            let node = Node {
                value: rest,
                respondents: None,
                indicator: node.indicator.clone(),
                shown,
            };
            rests.push(((c, key), node));
        }
    }
    nodes.extend(rests);
}

/// `kommun = Σ stadsdelar (+ rest)` for every kommun cell whose stadsdelar are present.
pub(crate) fn equations<'k>(
    present: &BTreeMap<&'k CellKey, &Node>,
) -> Vec<(&'k CellKey, Vec<&'k CellKey>)> {
    let mut parts: BTreeMap<&'k CellKey, Vec<&'k CellKey>> = BTreeMap::new();
    for &key in present.keys().filter(|k| k.level == GeoLevel::Stadsdel) {
        let Some(kommun) = kommun_of(&key.geo) else {
            continue;
        };
        let total = CellKey {
            level: GeoLevel::Kommun,
            geo: kommun.to_string(),
            kon: key.kon,
            age_group: key.age_group.clone(),
        };
        if let Some((&total, _)) = present.get_key_value(&total) {
            parts.entry(total).or_default().push(key);
        }
    }
    parts.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(level: GeoLevel, geo: &str) -> CellKey {
        CellKey {
            level,
            geo: geo.to_string(),
            kon: Kon::T,
            age_group: None,
        }
    }

    fn node(value: u64) -> Node {
        Node {
            value,
            respondents: Some(value),
            indicator: "i".to_string(),
            shown: false,
        }
    }

    #[test]
    fn a_kommun_counting_more_than_its_stadsdelar_gets_a_rest_cell_in_its_equation() {
        let mut nodes = BTreeMap::new();
        nodes.insert((0, key(GeoLevel::Kommun, "0180")), node(30));
        nodes.insert((0, key(GeoLevel::Stadsdel, "018001")), node(12));
        nodes.insert((0, key(GeoLevel::Stadsdel, "018002")), node(14));
        // Göteborg's stadsdelar cover it: no rest.
        nodes.insert((0, key(GeoLevel::Kommun, "1480")), node(9));
        nodes.insert((0, key(GeoLevel::Stadsdel, "148001")), node(4));
        nodes.insert((0, key(GeoLevel::Stadsdel, "148002")), node(5));
        add_rests(&mut nodes);
        let rests: Vec<_> = nodes.iter().filter(|((_, k), _)| is_rest(k)).collect();
        assert_eq!(rests.len(), 1);
        assert_eq!(rests[0].0.1.geo.get(..4), Some("0180"));
        assert_eq!(rests[0].1.value, 4);

        let present: BTreeMap<&CellKey, &Node> = nodes.iter().map(|((_, k), n)| (k, n)).collect();
        let eqs = equations(&present);
        assert_eq!(eqs.len(), 2);
        let (total, parts) = &eqs[0];
        assert_eq!(total.geo, "0180");
        assert_eq!(parts.len(), 3, "two stadsdelar and the rest");
        let sum: u64 = parts.iter().map(|p| present[p].value).sum();
        assert_eq!(sum, present[total].value);
        assert_eq!(eqs[1].1.len(), 2);
    }

    #[test]
    fn stadsdelar_without_their_kommun_have_no_equation() {
        let mut nodes = BTreeMap::new();
        nodes.insert((0, key(GeoLevel::Stadsdel, "018001")), node(12));
        add_rests(&mut nodes);
        assert_eq!(nodes.len(), 1);
        let present: BTreeMap<&CellKey, &Node> = nodes.iter().map(|((_, k), n)| (k, n)).collect();
        assert!(equations(&present).is_empty());
    }
}
