//! The published cells of one grain, numbered, and for every slot of a source the cells its rows
//! count in: its kommun, län, riket and unit, each in total and for its kön, for all ages and
//! for every age group holding its age. Rolling up is then adding numbers along these lists.

use std::collections::BTreeMap;

use crate::result::{CellKey, GeoLevel, Kon};
use crate::rollup::{Grain, RIKET};
use crate::slots::Slots;

/// The cells of a grain and where each slot of one source counts.
#[derive(Debug)]
pub(crate) struct Layout {
    /// Every cell the grain can publish: each place × kön × age group.
    pub(crate) cells: Vec<CellKey>,
    /// Whether a cell exists whatever the data (a kommun, län or riket of the grain): such a
    /// cell is published even with no rows, so a kommun without rows gets a zero rather than no
    /// row. Other cells (units, a kommun of another year) exist only where rows count in them.
    grid: Vec<bool>,
    /// `targets[offsets[s]..offsets[s + 1]]` are the cells slot `s` counts in.
    offsets: Vec<usize>,
    targets: Vec<u32>,
}

/// Numbers places (level and code) in order of first appearance.
#[derive(Default)]
struct Places {
    index: BTreeMap<(GeoLevel, String), u32>,
    list: Vec<(GeoLevel, String)>,
}

impl Places {
    fn id(&mut self, level: GeoLevel, code: &str) -> u32 {
        if let Some(id) = self.index.get(&(level, code.to_string())) {
            return *id;
        }
        let id = u32::try_from(self.list.len()).unwrap_or(u32::MAX);
        self.index.insert((level, code.to_string()), id);
        self.list.push((level, code.to_string()));
        id
    }
}

impl Layout {
    /// The layout of `grain` over `slots` in `year`.
    pub(crate) fn new(slots: &Slots, grain: &Grain, year: i32) -> Layout {
        let mut places = Places::default();
        for key in grain.grid(year) {
            places.id(key.level, &key.geo);
        }
        let in_grid = places.list.len();
        // A slot's place at each level, looked up once per kommun or unit rather than per slot.
        let mut at_level = |level: GeoLevel, codes: &[String], code: fn(&str) -> &str| {
            let wanted = grain.levels.contains(&level);
            codes
                .iter()
                .map(|c| wanted.then(|| places.id(level, code(c))))
                .collect::<Vec<Option<u32>>>()
        };
        let kommun_place = at_level(GeoLevel::Kommun, &slots.kommuner, |k| k);
        // A län's code is its kommuner's first two digits.
        let lan_place = at_level(GeoLevel::Lan, &slots.kommuner, |k| k.get(..2).unwrap_or(""));
        let enhet_place = at_level(GeoLevel::Enhet, &slots.enheter, |u| u);
        let stadsdel_place = at_level(GeoLevel::Stadsdel, &slots.stadsdelar, |u| u);
        let riket_place = grain
            .levels
            .contains(&GeoLevel::Riket)
            .then(|| places.id(GeoLevel::Riket, RIKET));

        let kons = grain.kons();
        let ages = grain.age_labels();
        let (n_kon, n_age) = (kons.len(), ages.len());
        let cell = |place: u32, kon: usize, age: usize| -> u32 {
            let index = (place as usize * n_kon + kon) * n_age + age;
            u32::try_from(index).unwrap_or(u32::MAX)
        };

        let mut offsets = Vec::with_capacity(slots.len() + 1);
        let mut targets = Vec::new();
        offsets.push(0);
        for s in 0..slots.len() {
            let at = |list: &[Option<u32>], i: Option<u32>| {
                i.and_then(|i| list.get(i as usize).copied().flatten())
            };
            let slot_places = [
                at(&kommun_place, Some(slots.kommun[s])),
                at(&lan_place, Some(slots.kommun[s])),
                riket_place,
                at(&enhet_place, slots.enhet[s]),
                at(&stadsdel_place, slots.stadsdel[s]),
            ];
            // Rows of unknown kön count in the total only.
            let kon_cells: &[usize] = match (grain.by_kon, slots.kon[s]) {
                (true, Some(Kon::K)) => &[0, 1],
                (true, Some(Kon::M)) => &[0, 2],
                _ => &[0],
            };
            let age = slots.alder[s];
            let age_cells: Vec<usize> = std::iter::once(0)
                .chain(
                    grain
                        .ages
                        .iter()
                        .enumerate()
                        .filter(|(_, g)| {
                            age.is_some_and(|a| {
                                a >= i64::from(g.from) && g.to.is_none_or(|to| a <= i64::from(to))
                            })
                        })
                        .map(|(i, _)| i + 1),
                )
                .collect();
            for place in slot_places.into_iter().flatten() {
                for &kon in kon_cells {
                    for &a in &age_cells {
                        targets.push(cell(place, kon, a));
                    }
                }
            }
            offsets.push(targets.len());
        }

        let mut cells = Vec::with_capacity(places.list.len() * n_kon * n_age);
        let mut grid = Vec::with_capacity(cells.capacity());
        for (p, (level, code)) in places.list.iter().enumerate() {
            for kon in &kons {
                for age in &ages {
                    cells.push(CellKey {
                        level: *level,
                        geo: code.clone(),
                        kon: *kon,
                        age_group: age.clone(),
                    });
                    grid.push(p < in_grid);
                }
            }
        }
        Layout {
            cells,
            grid,
            offsets,
            targets,
        }
    }

    /// The cells slot `slot` counts in.
    pub(crate) fn targets(&self, slot: u32) -> &[u32] {
        let s = slot as usize;
        &self.targets[self.offsets[s]..self.offsets[s + 1]]
    }

    /// How many cells there are.
    pub(crate) fn len(&self) -> usize {
        self.cells.len()
    }

    /// `values` (one per cell) as a map: every grid cell, and the other cells where `touched`.
    pub(crate) fn collect<T>(&self, values: Vec<T>, touched: &[bool]) -> BTreeMap<CellKey, T> {
        self.cells
            .iter()
            .zip(values)
            .enumerate()
            .filter(|(i, _)| self.grid[*i] || touched[*i])
            .map(|(_, (key, value))| (key.clone(), value))
            .collect()
    }
}
