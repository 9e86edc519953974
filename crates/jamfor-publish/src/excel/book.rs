//! What every sheet of one workbook reads: the area's indicators, the places in publication
//! order, the result rows by cell and their colours.

use std::collections::HashMap;

use jamfor_engine::{GeoLevel, Kon, RIKET, ResultRow};
use jamfor_spec::keywords::Level;
use jamfor_spec::manifest::{Area, Breakdown, Indicator};

use jamfor_assess::Colour;
use jamfor_assess::Published;

use super::value::CellValue;

/// One row of a sheet: a kommun, a län, riket, a kommungrupp, a stadsdel or an enhet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Place {
    pub(crate) level: GeoLevel,
    /// "0114", "01", "00" or "A1", as in the result table.
    pub(crate) code: String,
    /// "Upplands Väsby", "Stockholms län", "Riket", "Storstäder".
    pub(crate) name: String,
    /// For a kommun: its län's name.
    pub(crate) lan: String,
    /// For a kommun: its kommungrupp as "A1 Storstäder" (the code first, so a formula can take
    /// it with `LEFT(…; 2)`).
    pub(crate) kommungrupp: String,
    /// For a stadsdel: its kommun's name, from the first four digits of its code (as the source
    /// declares them). Empty for an enhet, whose id does not say its kommun, and for the rest.
    pub(crate) kommun: String,
}

impl Place {
    /// "Riket", "Län" or "Kommungrupp" (and "Kommun").
    pub(crate) fn level(&self) -> &'static str {
        match self.level {
            GeoLevel::Riket => "Riket",
            GeoLevel::Lan => "Län",
            GeoLevel::Kommun => "Kommun",
            // The group's value is the mean of its kommuner's: for a count, not the total.
            GeoLevel::Kommungrupp => "Kommungrupp (medel per kommun)",
            GeoLevel::Stadsdel => "Stadsdel",
            GeoLevel::Enhet => "Enhet",
            GeoLevel::Liknande => "Liknande kommuner (medel per kommun)",
        }
    }
}

/// The lookup key of a row for all ages.
type Nyckel<'a> = (&'a str, i32, GeoLevel, &'a str, Kon);

/// Row index by key. Keys are short strings and small integers of our own table, so a fast
/// non-cryptographic hash is enough (no untrusted input chooses them).
type Rows<'a> = HashMap<Nyckel<'a>, usize, foldhash::fast::FixedState>;

/// One workbook's inputs.
pub(crate) struct Book<'a> {
    pub(crate) p: &'a Published<'a>,
    pub(crate) area: &'a Area,
    /// The area's indicators, in catalogue order.
    pub(crate) indicators: Vec<&'a Indicator>,
    /// Kommuner with figures for the release year, in code order.
    pub(crate) kommuner: Vec<Place>,
    /// Riket, the 21 län, then the nine kommungrupper.
    pub(crate) overgripande: Vec<Place>,
    /// The comparison group of each kommun (its liknande kommuner), in the order of
    /// [`Book::kommuner`]; empty when the results hold no such rows for the area.
    pub(crate) liknande: Vec<Place>,
    /// Stadsdelar, then enheter, with figures for the release year, in code order.
    pub(crate) delar: Vec<Place>,
    colours: &'a [Option<Colour>],
    rows: Rows<'a>,
}

impl<'a> Book<'a> {
    pub(crate) fn new(p: &'a Published<'a>, area: &'a Area, colours: &'a [Option<Colour>]) -> Self {
        let indicators: Vec<&Indicator> = p
            .manifest
            .indicators
            .iter()
            .filter(|i| i.area == area.id)
            .collect();
        let year = u16::try_from(p.release.year).unwrap_or(0);
        let indelning = p.geo.kommungruppsindelning_2023();
        let kommuner: Vec<Place> = p
            .geo
            .kommuner_valid_in(year)
            .map(|k| Place {
                level: GeoLevel::Kommun,
                code: k.code.to_string(),
                name: k.name.to_string(),
                lan: p
                    .geo
                    .lan(k.lan)
                    .map_or_else(String::new, |l| l.name.to_string()),
                kommungrupp: indelning.grupp(k.code).map_or_else(String::new, |g| {
                    format!("{} {}", g.code(), indelning.definition(g).name)
                }),
                kommun: String::new(),
            })
            .collect();
        let mut overgripande = vec![Place {
            level: GeoLevel::Riket,
            code: RIKET.to_string(),
            name: "Riket".to_string(),
            lan: String::new(),
            kommungrupp: String::new(),
            kommun: String::new(),
        }];
        overgripande.extend(p.geo.all_lan().iter().map(|l| Place {
            level: GeoLevel::Lan,
            code: l.code.to_string(),
            name: l.name.to_string(),
            lan: String::new(),
            kommungrupp: String::new(),
            kommun: String::new(),
        }));
        overgripande.extend(indelning.definitions().iter().map(|d| Place {
            level: GeoLevel::Kommungrupp,
            code: d.grupp.code().to_string(),
            name: d.name.to_string(),
            lan: String::new(),
            kommungrupp: String::new(),
            kommun: String::new(),
        }));
        let area_ids: Vec<&str> = indicators.iter().map(|i| i.id.as_str()).collect();
        let har_liknande =
            p.results.rows.iter().any(|r| {
                r.key.level == GeoLevel::Liknande && area_ids.contains(&r.indicator.as_str())
            });
        let liknande = if har_liknande {
            kommuner
                .iter()
                .map(|k| Place {
                    level: GeoLevel::Liknande,
                    ..k.clone()
                })
                .collect()
        } else {
            Vec::new()
        };
        let unit_names = crate::unit_names::unit_names(p.manifest);
        let mut delar: Vec<Place> = p
            .results
            .rows
            .iter()
            .filter(|r| {
                matches!(r.key.level, GeoLevel::Stadsdel | GeoLevel::Enhet)
                    && r.year == p.release.year
                    && area_ids.contains(&r.indicator.as_str())
            })
            .map(|r| Place {
                level: r.key.level,
                code: r.key.geo.clone(),
                name: unit_names
                    .get(&(r.key.level, r.key.geo.clone()))
                    .cloned()
                    .unwrap_or_default(),
                lan: String::new(),
                kommungrupp: String::new(),
                kommun: kommun_of_part(p, r.key.level, &r.key.geo, &kommuner),
            })
            .collect();
        delar.sort_by(|a, b| (a.level, &a.code).cmp(&(b.level, &b.code)));
        delar.dedup();
        // Only this area's rows: the table holds every area's, and each workbook builds its own
        // index (a sorted id list, as an area has a dozen indicators).
        let mut own: Vec<&str> = area_ids.clone();
        own.sort_unstable();
        let mut rows: Rows<'a> = HashMap::with_capacity_and_hasher(
            p.results.rows.len() / p.release.areas.len().max(1),
            Default::default(),
        );
        for (i, r) in p.results.rows.iter().enumerate() {
            if r.key.age_group.is_none() && own.binary_search(&r.indicator.as_str()).is_ok() {
                let key = (
                    r.indicator.as_str(),
                    r.year,
                    r.key.level,
                    r.key.geo.as_str(),
                    r.key.kon,
                );
                rows.insert(key, i);
            }
        }
        Book {
            p,
            area,
            indicators,
            kommuner,
            overgripande,
            liknande,
            delar,
            colours,
            rows,
        }
    }

    /// The release year.
    pub(crate) fn year(&self) -> i32 {
        self.p.release.year
    }

    /// The row (all ages) and its colour for one indicator, year, place and kön.
    pub(crate) fn cell(
        &self,
        indicator: &Indicator,
        year: i32,
        plats: &Place,
        kon: Kon,
    ) -> Option<(&'a ResultRow, Option<Colour>)> {
        let key = (
            indicator.id.as_str(),
            year,
            plats.level,
            plats.code.as_str(),
            kon,
        );
        // Looked up by the key's own strings; the map holds borrows of the table.
        let i = *self.rows.get(&key)?;
        Some((&self.p.results.rows[i], self.colours[i]))
    }

    /// What the cell of one indicator, year, place and kön shows.
    pub(crate) fn varde(
        &self,
        indicator: &Indicator,
        year: i32,
        plats: &Place,
        kon: Kon,
    ) -> CellValue {
        CellValue::av(
            indicator,
            self.cell(indicator, year, plats, kon),
            self.area.min_group_members,
        )
    }

    /// Indicators published for kommuner.
    pub(crate) fn kommun_indicators(&self) -> Vec<&'a Indicator> {
        self.indicators
            .iter()
            .copied()
            .filter(|i| i.levels.contains(&Level::Kommun))
            .collect()
    }

    /// Indicators published for stadsdelar or enheter.
    pub(crate) fn part_indicators(&self) -> Vec<&'a Indicator> {
        self.indicators
            .iter()
            .copied()
            .filter(|i| {
                i.levels
                    .iter()
                    .any(|l| matches!(l, Level::Stadsdel | Level::Enhet))
            })
            .collect()
    }

    /// Indicators published for län, riket or kommungrupper.
    pub(crate) fn overall_indicators(&self) -> Vec<&'a Indicator> {
        self.indicators
            .iter()
            .copied()
            .filter(|i| {
                i.levels
                    .iter()
                    .any(|l| matches!(l, Level::Lan | Level::Riket | Level::Kommungrupp))
            })
            .collect()
    }
}

/// The name of a stadsdel's or enhet's kommun: a stadsdel code's first four digits are its
/// kommun's code ("018001" lies in Stockholm, 0180). An enhet's id is the unit's own
/// (Socialstyrelsen's verksamhetsregister) and says nothing of its kommun; its kommun is the one
/// its rows carry in the source, which the results record. Unknown: empty, never a guess.
fn kommun_of_part(p: &Published<'_>, level: GeoLevel, code: &str, kommuner: &[Place]) -> String {
    let kommun = match level {
        GeoLevel::Stadsdel => code.get(..4),
        GeoLevel::Enhet => p.results.enheter.get(code).map(String::as_str),
        _ => None,
    };
    let Some(kommun) = kommun else {
        return String::new();
    };
    kommuner
        .iter()
        .find(|k| k.code == kommun)
        .map_or_else(String::new, |k| k.name.clone())
}

/// The kön columns of an indicator: totalt, and kvinnor and män when it is broken down by kön.
pub(crate) fn kon_of(indicator: &Indicator) -> &'static [Kon] {
    if indicator.breakdown.contains(&Breakdown::Kon) {
        &[Kon::T, Kon::K, Kon::M]
    } else {
        &[Kon::T]
    }
}

/// "Totalt", "Kvinnor" or "Män".
pub(crate) fn kon_name(kon: Kon) -> &'static str {
    match kon {
        Kon::T => "Totalt",
        Kon::K => "Kvinnor",
        Kon::M => "Män",
    }
}

/// One value column of a sheet: an indicator and a kön.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Column<'a> {
    pub(crate) indicator: &'a Indicator,
    pub(crate) kon: Kon,
    /// 0-based column on the sheet.
    pub(crate) col: u16,
}

/// Value columns for `indicators`, from column `first` on, each indicator's kön side by side.
pub(crate) fn columns<'a>(indicators: &[&'a Indicator], first: u16) -> Vec<Column<'a>> {
    let mut out = Vec::new();
    let mut col = first;
    for indicator in indicators.iter().copied() {
        for kon in kon_of(indicator) {
            out.push(Column {
                indicator,
                kon: *kon,
                col,
            });
            col += 1;
        }
    }
    out
}
