//! From partial sums at kommun × kön × ålder to every published cell: totals (T = K + M, all ages),
//! age groups, län, riket and units. Additive quantities only; distinct counts and medians are
//! recomputed at each level in `nonadditive`.

use std::collections::BTreeMap;

use jamfor_geo::Geografi;
use jamfor_spec::manifest::AgeGroup;

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
        let geo = Geografi::inbyggd();
        let year = u16::try_from(year).unwrap_or(0);
        let mut places: Vec<(GeoLevel, String)> = Vec::new();
        for level in &self.levels {
            match level {
                GeoLevel::Riket => places.push((GeoLevel::Riket, RIKET.to_string())),
                GeoLevel::Lan => places.extend(
                    geo.alla_lan()
                        .iter()
                        .map(|l| (GeoLevel::Lan, l.kod.to_string())),
                ),
                GeoLevel::Kommun => places.extend(
                    geo.kommuner_giltiga(year)
                        .map(|k| (GeoLevel::Kommun, k.kod.to_string())),
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

fn in_group(age: i64, group: &AgeGroup) -> bool {
    age >= i64::from(group.from) && group.to.is_none_or(|to| age <= i64::from(to))
}

/// Sums of `columns` for every cell of `grain`, rolled up from `partials`.
pub(crate) fn rollup(
    partials: &Partials,
    columns: &[&str],
    grain: &Grain,
    year: i32,
) -> BTreeMap<CellKey, Vec<f64>> {
    let width = columns.len();
    let mut out: BTreeMap<CellKey, Vec<f64>> = grain
        .grid(year)
        .into_iter()
        .map(|k| (k, vec![0.0; width]))
        .collect();
    let sums: Vec<&Vec<f64>> = columns
        .iter()
        .map(|c| {
            partials
                .sums
                .get(*c)
                .unwrap_or_else(|| panic!("bug: no partial sum `{c}`"))
        })
        .collect();
    let kons = grain.kons();
    for row in 0..partials.kommun.len() {
        let kommun = &partials.kommun[row];
        let mut places: Vec<(GeoLevel, &str)> = Vec::with_capacity(4);
        for level in &grain.levels {
            match level {
                GeoLevel::Kommun => places.push((GeoLevel::Kommun, kommun)),
                GeoLevel::Lan => places.push((GeoLevel::Lan, kommun.get(..2).unwrap_or(""))),
                GeoLevel::Riket => places.push((GeoLevel::Riket, RIKET)),
                GeoLevel::Enhet => {
                    if let Some(unit) = &partials.enhet[row] {
                        places.push((*level, unit));
                    }
                }
                GeoLevel::Stadsdel => {
                    if let Some(unit) = &partials.stadsdel[row] {
                        places.push((*level, unit));
                    }
                }
                GeoLevel::Kommungrupp | GeoLevel::Liknande => {}
            }
        }
        let row_kon = partials.kon[row];
        let ages: Vec<Option<&str>> = std::iter::once(None)
            .chain(
                grain
                    .ages
                    .iter()
                    .filter(|g| partials.alder[row].is_some_and(|a| in_group(a, g)))
                    .map(|g| Some(g.label.as_str())),
            )
            .collect();
        for (level, code) in &places {
            for kon in &kons {
                if *kon != Kon::T && Some(*kon) != row_kon {
                    continue;
                }
                for age in &ages {
                    let key = CellKey {
                        level: *level,
                        geo: (*code).to_string(),
                        kon: *kon,
                        age_group: age.map(str::to_string),
                    };
                    let cell = out.entry(key).or_insert_with(|| vec![0.0; width]);
                    for (slot, sum) in cell.iter_mut().zip(&sums) {
                        *slot += sum[row];
                    }
                }
            }
        }
    }
    out
}
