//! From partial sums at kommun × kön × ålder to every published cell: totals (T = K + M, all ages),
//! age groups, län, riket and units. Additive quantities only; distinct counts and medians are
//! counted from the rows in `distinct` and `median`.

use std::collections::BTreeMap;

use jamfor_geo::Geography;
use jamfor_spec::manifest::AgeGroup;

use crate::layout::Layout;
use crate::partials::Partials;
use crate::result::{CellKey, GeoLevel, Kon};

/// Riket's code, as SCB writes it.
pub const RIKET: &str = "00";

/// Which cells an indicator publishes.
#[derive(Debug, Clone)]
pub(crate) struct Grain {
    /// Levels computed from data (kommungrupp is derived from kommun values later).
    pub(crate) levels: Vec<GeoLevel>,
    /// K and M besides T.
    pub(crate) by_kon: bool,
    /// Age groups besides all ages.
    pub(crate) ages: Vec<AgeGroup>,
}

impl Grain {
    pub(crate) fn kons(&self) -> Vec<Kon> {
        if self.by_kon {
            vec![Kon::T, Kon::K, Kon::M]
        } else {
            vec![Kon::T]
        }
    }

    pub(crate) fn age_labels(&self) -> Vec<Option<String>> {
        std::iter::once(None)
            .chain(self.ages.iter().map(|g| Some(g.label.clone())))
            .collect()
    }

    /// Every cell of the levels that exist whatever the data (kommun, län, riket), so that a kommun
    /// with no rows gets a zero rather than no row at all.
    pub(crate) fn grid(&self, year: i32) -> Vec<CellKey> {
        let geo = Geography::builtin();
        let year = u16::try_from(year).unwrap_or(0);
        let mut places: Vec<(GeoLevel, String)> = Vec::new();
        for level in &self.levels {
            match level {
                GeoLevel::Riket => places.push((GeoLevel::Riket, RIKET.to_string())),
                GeoLevel::Lan => places.extend(
                    geo.all_lan()
                        .iter()
                        .map(|l| (GeoLevel::Lan, l.code.to_string())),
                ),
                GeoLevel::Kommun => places.extend(
                    geo.kommuner_valid_in(year)
                        .map(|k| (GeoLevel::Kommun, k.code.to_string())),
                ),
                _ => {}
            }
        }
        let mut cells = Vec::new();
        for (level, code) in places {
            for kon in self.kons() {
                for age in self.age_labels() {
                    cells.push(CellKey {
                        level,
                        geo: code.clone(),
                        kon,
                        age_group: age,
                    });
                }
            }
        }
        cells
    }
}

/// Sums of `columns` for every cell of `layout`, rolled up from `partials`.
pub(crate) fn rollup(
    partials: &Partials,
    columns: &[&str],
    layout: &Layout,
) -> BTreeMap<CellKey, Vec<f64>> {
    let width = columns.len();
    let sums: Vec<&Vec<f64>> = columns
        .iter()
        .map(|c| {
            partials
                .sums
                .get(*c)
                .unwrap_or_else(|| panic!("bug: no partial sum `{c}`"))
        })
        .collect();
    let mut totals = vec![0.0; layout.len() * width];
    let mut touched = vec![false; layout.len()];
    for slot in 0..partials.slots.len() {
        let slot = u32::try_from(slot).unwrap_or(u32::MAX);
        for &cell in layout.targets(slot) {
            let cell = cell as usize;
            touched[cell] = true;
            for (j, sum) in sums.iter().enumerate() {
                totals[cell * width + j] += sum[slot as usize];
            }
        }
    }
    let values: Vec<Vec<f64>> = (0..layout.len())
        .map(|c| totals[c * width..(c + 1) * width].to_vec())
        .collect();
    layout.collect(values, &touched)
}
