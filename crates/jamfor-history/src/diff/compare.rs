//! Cell by cell, then indicator by indicator: counts of what differs, the largest moves, and the
//! recorded causes.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::cells::{CellKey, CellValue, Cells};
use super::view::ManifestView;
use super::why::{self, Reason};
use super::{Change, FieldsChange, ReleaseDiff, paths, shared};

/// How many moves are listed per indicator.
const MOVES_SHOWN: usize = 5;

/// Cell counts over the whole release.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct CellTotals {
    /// Cells in the old release.
    pub old: usize,
    /// Cells in the new release.
    pub new: usize,
    /// Cells in both whose value, status or colour differs.
    pub changed: usize,
    /// Cells only in the new release.
    pub added: usize,
    /// Cells only in the old release.
    pub removed: usize,
}

/// Cells going from one status to another.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusChange {
    /// Status before.
    pub from: String,
    /// Status after.
    pub to: String,
    /// How many cells.
    pub cells: usize,
}

/// A cell whose value moved.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Move {
    /// Which cell.
    pub cell: CellKey,
    /// Value before.
    pub old: f64,
    /// Value after.
    pub new: f64,
}

/// One indicator present in both releases.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct IndicatorDiff {
    /// Id.
    pub id: String,
    /// Area.
    pub area: String,
    /// Its cells in the new release.
    pub cells: usize,
    /// Cells whose value differs.
    pub values_changed: usize,
    /// Cells whose status differs.
    pub statuses_changed: usize,
    /// Cells whose colour differs.
    pub colours_changed: usize,
    /// Cells only in the new release.
    pub cells_added: usize,
    /// Cells only in the old release.
    pub cells_removed: usize,
    /// Status transitions, e.g. value → confidential.
    pub statuses: Vec<StatusChange>,
    /// The largest value moves, largest first.
    pub largest_moves: Vec<Move>,
    /// The recorded causes.
    pub why: Vec<Reason>,
}

impl IndicatorDiff {
    /// Whether any of its cells differ.
    pub fn results_moved(&self) -> bool {
        self.values_changed
            + self.statuses_changed
            + self.colours_changed
            + self.cells_added
            + self.cells_removed
            > 0
    }
}

fn same_value(a: Option<f64>, b: Option<f64>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => x.to_bits() == y.to_bits() || x == y,
        (None, None) => true,
        _ => false,
    }
}

/// Tallies of one indicator's cells.
#[derive(Debug, Default)]
struct Tally {
    cells: usize,
    values: usize,
    statuses: BTreeMap<(String, String), usize>,
    colours: usize,
    added: usize,
    removed: usize,
    moves: Vec<Move>,
}

pub(crate) fn releases(
    old: &ManifestView,
    old_cells: &Cells,
    new: &ManifestView,
    new_cells: &Cells,
) -> ReleaseDiff {
    let mut totals = CellTotals {
        old: old_cells.len(),
        new: new_cells.len(),
        ..CellTotals::default()
    };
    let mut tallies: BTreeMap<&str, Tally> = BTreeMap::new();
    for (key, b) in new_cells {
        let tally = tallies.entry(key.indicator.as_str()).or_default();
        tally.cells += 1;
        let Some(a) = old_cells.get(key) else {
            tally.added += 1;
            totals.added += 1;
            continue;
        };
        if compare_cell(key, a, b, tally) {
            totals.changed += 1;
        }
    }
    for key in old_cells.keys().filter(|k| !new_cells.contains_key(*k)) {
        tallies.entry(key.indicator.as_str()).or_default().removed += 1;
        totals.removed += 1;
    }

    let inputs = why::inputs(old, new);
    let shared_years = shared::years(old, new);
    let in_old = ids(old, old_cells);
    let in_new = ids(new, new_cells);
    let mut indicators = Vec::new();
    for id in in_old.intersection(&in_new) {
        let tally = tallies.remove(id.as_str()).unwrap_or_default();
        let mut diff = indicator_diff(id, tally, new);
        if let (Some(a), Some(b)) = (old.indicators.get(id), new.indicators.get(id)) {
            diff.why = why::reasons(old, new, a, b, diff.results_moved());
        }
        if diff.results_moved() || !diff.why.is_empty() {
            indicators.push(diff);
        }
    }

    ReleaseDiff {
        old_release: old.release.id.clone(),
        new_release: new.release.id.clone(),
        tool: (old.tool.version != new.tool.version).then(|| Change {
            old: old.tool.version.clone(),
            new: new.tool.version.clone(),
        }),
        release_fields: paths::changed(&old.release.definition, &new.release.definition),
        default_policy: (old.disclosure.default_policy != new.disclosure.default_policy).then(
            || Change {
                old: old.disclosure.default_policy.clone(),
                new: new.disclosure.default_policy.clone(),
            },
        ),
        policies: changed_definitions(
            old.disclosure
                .policies
                .iter()
                .map(|(id, p)| (id, &p.definition)),
            new.disclosure
                .policies
                .iter()
                .map(|(id, p)| (id, &p.definition)),
        ),
        sources: changed_definitions(
            old.sources.iter().map(|(id, s)| (id, &s.definition)),
            new.sources.iter().map(|(id, s)| (id, &s.definition)),
        ),
        revised_inputs: shared::revised(&inputs, &shared_years),
        shared_statuses: shared::statuses(old_cells, new_cells, &shared_years),
        shared_years,
        inputs,
        cells: totals,
        indicators_added: in_new.difference(&in_old).cloned().collect(),
        indicators_removed: in_old.difference(&in_new).cloned().collect(),
        indicators,
    }
}

/// Compares one cell present in both; returns whether anything differs.
fn compare_cell(key: &CellKey, a: &CellValue, b: &CellValue, tally: &mut Tally) -> bool {
    let value = !same_value(a.value, b.value);
    let status = a.status != b.status;
    let colour = a.colour != b.colour;
    if value {
        tally.values += 1;
        if let (Some(x), Some(y)) = (a.value, b.value) {
            tally.moves.push(Move {
                cell: key.clone(),
                old: x,
                new: y,
            });
        }
    }
    if status {
        *tally
            .statuses
            .entry((a.status.clone(), b.status.clone()))
            .or_default() += 1;
    }
    if colour {
        tally.colours += 1;
    }
    value || status || colour
}

fn indicator_diff(id: &str, tally: Tally, new: &ManifestView) -> IndicatorDiff {
    let mut moves = tally.moves;
    // Largest absolute move first; equal moves in key order, so the list is the same every run.
    moves.sort_by(|x, y| {
        (y.new - y.old)
            .abs()
            .total_cmp(&(x.new - x.old).abs())
            .then_with(|| x.cell.cmp(&y.cell))
    });
    moves.truncate(MOVES_SHOWN);
    IndicatorDiff {
        id: id.to_string(),
        area: new
            .indicators
            .get(id)
            .map(|i| i.area.clone())
            .unwrap_or_default(),
        cells: tally.cells,
        values_changed: tally.values,
        statuses_changed: tally.statuses.values().sum(),
        colours_changed: tally.colours,
        cells_added: tally.added,
        cells_removed: tally.removed,
        statuses: tally
            .statuses
            .into_iter()
            .map(|((from, to), cells)| StatusChange { from, to, cells })
            .collect(),
        largest_moves: moves,
        why: Vec::new(),
    }
}

/// Indicators of a release: those its manifest lists and those with cells.
fn ids(manifest: &ManifestView, cells: &Cells) -> BTreeSet<String> {
    manifest
        .indicators
        .keys()
        .cloned()
        .chain(cells.keys().map(|k| k.indicator.clone()))
        .collect()
}

fn changed_definitions<'a>(
    old: impl Iterator<Item = (&'a String, &'a serde_json::Value)>,
    new: impl Iterator<Item = (&'a String, &'a serde_json::Value)>,
) -> Vec<FieldsChange> {
    let new: BTreeMap<&String, &serde_json::Value> = new.collect();
    old.filter_map(|(id, a)| {
        let b = new.get(id)?;
        let fields = paths::changed(a, b);
        (!fields.is_empty()).then(|| FieldsChange {
            id: id.clone(),
            fields,
        })
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn manifest(version: &str, where_: &str, sha: &str, min_count: u64) -> ManifestView {
        serde_json::from_value(json!({
            "release": {"id": "r", "definition": {"year": 2024}},
            "tool": {"version": version},
            "indicators": {
                "andel": {"area": "a", "fingerprint": format!("{where_}{sha}{min_count}"),
                          "definition": {"measure": {"where": where_}, "title": "Andel"},
                          "sources": ["s"], "upstream": [], "policy": "p"},
                "antal": {"area": "a", "fingerprint": "f", "definition": {"title": "Antal"},
                          "sources": ["t"], "upstream": [], "policy": "p"}
            },
            "sources": {
                "s": {"definition": {"id": "s"}, "inputs": {"2024": {"path": "s_2024.csv", "sha256": sha}}},
                "t": {"definition": {"id": "t"}, "inputs": {"2024": {"path": "t_2024.csv", "sha256": "t"}}}
            },
            "disclosure": {"default_policy": "p", "policies": {"p": {"definition": {"min_count": min_count}}}},
            "unknown_fields": "are ignored"
        }))
        .expect("a manifest view")
    }

    fn cell(indicator: &str, geo: &str, value: Option<f64>, status: &str) -> (CellKey, CellValue) {
        (
            CellKey {
                indicator: indicator.into(),
                period: 2024,
                geo_level: "kommun".into(),
                geo_code: geo.into(),
                gender: "T".into(),
                age_group: None,
            },
            CellValue {
                value,
                status: status.into(),
                colour: None,
            },
        )
    }

    fn cells(first: Option<f64>, status: &str) -> Cells {
        [
            cell("andel", "0114", first, status),
            cell("andel", "0115", Some(20.0), "value"),
            cell("antal", "0114", Some(7.0), "value"),
        ]
        .into_iter()
        .collect()
    }

    #[test]
    fn identical_releases_compare_equal() {
        let m = manifest("0.1.0", "x > 1", "aa", 3);
        let c = cells(Some(10.0), "value");
        let d = releases(&m, &c, &m, &c);
        assert!(d.is_unchanged(), "{d:?}");
        assert_eq!(d.cells.new, 3);
    }

    #[test]
    fn a_definition_edit_names_its_field_and_counts_the_moved_cells() {
        let old = manifest("0.1.0", "x > 1", "aa", 3);
        let new = manifest("0.1.0", "x > 2", "aa", 3);
        let d = releases(
            &old,
            &cells(Some(10.0), "value"),
            &new,
            &cells(Some(12.5), "value"),
        );
        assert!(!d.is_unchanged());
        assert_eq!(d.cells.changed, 1);
        assert_eq!(d.indicators.len(), 1, "only the edited indicator is listed");
        let i = &d.indicators[0];
        assert_eq!((i.id.as_str(), i.values_changed, i.cells), ("andel", 1, 2));
        assert_eq!(
            i.why,
            vec![Reason::Definition {
                fields: vec!["measure.where".into()]
            }]
        );
        assert_eq!(
            (i.largest_moves[0].old, i.largest_moves[0].new),
            (10.0, 12.5)
        );
    }

    #[test]
    fn new_input_data_and_a_stricter_policy_explain_newly_confidential_cells() {
        let old = manifest("0.1.0", "x > 1", "aa", 3);
        let new = manifest("0.1.0", "x > 1", "bb", 5);
        let d = releases(
            &old,
            &cells(Some(10.0), "value"),
            &new,
            &cells(None, "confidential"),
        );
        let i = &d.indicators[0];
        assert_eq!(i.statuses_changed, 1);
        assert_eq!(
            i.statuses,
            vec![StatusChange {
                from: "value".into(),
                to: "confidential".into(),
                cells: 1
            }]
        );
        assert!(i.largest_moves.is_empty(), "a withheld value is no move");
        assert!(i.why.iter().any(|r| matches!(r, Reason::Input(c) if c.source == "s" && c.year == 2024 && c.change == "changed")));
        assert!(i.why.iter().any(|r| matches!(r, Reason::PolicyDefinition { policy, fields } if policy == "p" && fields == &["min_count"])));
        assert_eq!(d.inputs.len(), 1);
        assert_eq!(d.policies[0].fields, vec!["min_count"]);
        // `antal` shares the policy: listed as changed without moving results.
        let antal = d
            .indicators
            .iter()
            .find(|i| i.id == "antal")
            .expect("antal listed");
        assert!(!antal.results_moved());
    }

    #[test]
    fn cells_that_move_with_nothing_recorded_are_put_down_to_the_tool_or_linked_protection() {
        let m = manifest("0.1.0", "x > 1", "aa", 3);
        let d = releases(
            &m,
            &cells(Some(10.0), "value"),
            &m,
            &cells(Some(11.0), "value"),
        );
        assert_eq!(d.indicators[0].why, vec![Reason::Linked]);
        let newer = manifest("0.2.0", "x > 1", "aa", 3);
        let d = releases(
            &m,
            &cells(Some(10.0), "value"),
            &newer,
            &cells(Some(11.0), "value"),
        );
        assert!(matches!(&d.indicators[0].why[..], [Reason::Tool { .. }]));
        assert!(d.tool.is_some());
    }

    #[test]
    fn added_and_removed_indicators_and_cells_are_counted() {
        let m = manifest("0.1.0", "x > 1", "aa", 3);
        let mut c2 = cells(Some(10.0), "value");
        c2.retain(|k, _| k.indicator != "antal");
        let d = releases(&m, &cells(Some(10.0), "value"), &m, &c2);
        assert_eq!(d.cells.removed, 1);
        assert!(d.indicators_removed.is_empty(), "still in the manifest");
        assert!(!d.is_unchanged());
    }
}
