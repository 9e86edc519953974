//! Convenience builder for the common shape: one count by geography (riket, län, kommun) × kön.
//!
//! The caller passes the kommun → län membership, so this crate needs no geography data. A län
//! with a single kommun (Gotland: kommun 0980 is all of län 09) gets *one* cell per kön, shared
//! by the kommun and the län: the two are the same number, so they cannot get different
//! statuses.

use std::collections::BTreeMap;
use std::fmt;
use std::sync::Arc;

use crate::system::{Cell, CellId, CellLabel, SystemBuilder, SystemError};

/// Kön.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kon {
    /// Totalt (T = K + M).
    Totalt,
    /// Kvinnor.
    Kvinnor,
    /// Män.
    Man,
}

impl Kon {
    /// All three, total first.
    pub const ALL: [Kon; 3] = [Kon::Totalt, Kon::Kvinnor, Kon::Man];

    /// The one-letter code used in ÖJ files.
    pub fn code(self) -> &'static str {
        match self {
            Self::Totalt => "T",
            Self::Kvinnor => "K",
            Self::Man => "M",
        }
    }
}

/// A published geography.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Region {
    /// Hela riket.
    Riket,
    /// A län by code, e.g. `"09"`.
    Lan(String),
    /// A kommun by code, e.g. `"0980"`.
    Kommun(String),
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Riket => write!(f, "riket"),
            Self::Lan(c) => write!(f, "län {c}"),
            Self::Kommun(c) => write!(f, "kommun {c}"),
        }
    }
}

/// Kommun → län membership.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Geography {
    lan: BTreeMap<String, Vec<String>>,
}

impl Geography {
    /// From `(kommun, län)` pairs. A kommun listed twice in the same län is fine; in two län
    /// it is an error.
    pub fn new<K, L>(pairs: impl IntoIterator<Item = (K, L)>) -> Result<Self, SystemError>
    where
        K: Into<String>,
        L: Into<String>,
    {
        let mut of: BTreeMap<String, String> = BTreeMap::new();
        for (k, l) in pairs {
            let (k, l) = (k.into(), l.into());
            if let Some(first) = of.get(&k)
                && *first != l
            {
                return Err(SystemError::KommunInTwoLan {
                    kommun: k,
                    first: first.clone(),
                    second: l,
                });
            }
            of.insert(k, l);
        }
        let mut lan: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (k, l) in of {
            lan.entry(l).or_default().push(k);
        }
        Ok(Self { lan })
    }

    /// Län codes with their kommuner, both ascending.
    pub fn lan(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.lan.iter().map(|(l, k)| (l.as_str(), k.as_slice()))
    }

    /// Every published region: riket, then each län followed by its kommuner.
    pub fn regions(&self) -> Vec<Region> {
        let mut out = vec![Region::Riket];
        for (l, ks) in &self.lan {
            out.push(Region::Lan(l.clone()));
            out.extend(ks.iter().map(|k| Region::Kommun(k.clone())));
        }
        out
    }

    /// Sums kommun (K, M) counts up to every region × kön, for callers (and tests) that only
    /// hold kommun values. Kommuner missing from the map count as 0.
    pub fn sum_up(&self, kommun_km: &BTreeMap<String, (u64, u64)>) -> BTreeMap<(Region, Kon), u64> {
        let mut out = BTreeMap::new();
        let mut riket = (0u64, 0u64);
        for (l, ks) in &self.lan {
            let mut lan = (0u64, 0u64);
            for k in ks {
                let (kv, mv) = kommun_km.get(k).copied().unwrap_or((0, 0));
                put(&mut out, Region::Kommun(k.clone()), kv, mv);
                lan = (lan.0 + kv, lan.1 + mv);
            }
            put(&mut out, Region::Lan(l.clone()), lan.0, lan.1);
            riket = (riket.0 + lan.0, riket.1 + lan.1);
        }
        put(&mut out, Region::Riket, riket.0, riket.1);
        out
    }
}

fn put(out: &mut BTreeMap<(Region, Kon), u64>, r: Region, k: u64, m: u64) {
    out.insert((r.clone(), Kon::Totalt), k + m);
    out.insert((r.clone(), Kon::Kvinnor), k);
    out.insert((r, Kon::Man), m);
}

/// The cells of one geography × kön count table in a [`SystemBuilder`].
#[derive(Debug, Clone)]
pub struct GeoTable {
    cells: BTreeMap<(Region, Kon), CellId>,
}

impl GeoTable {
    /// The cell of a region and kön. For a single-kommun län, the kommun and the län give the
    /// same id.
    pub fn cell(&self, region: &Region, kon: Kon) -> Option<CellId> {
        self.cells.get(&(region.clone(), kon)).copied()
    }

    /// Every (region, kön) with its cell, in region order.
    pub fn iter(&self) -> impl Iterator<Item = (&(Region, Kon), CellId)> {
        self.cells.iter().map(|(k, &v)| (k, v))
    }
}

/// Priority classes: riket, then län, then kommun; totals before K/M.
fn priority(region: &Region, kon: Kon) -> u32 {
    let level = match region {
        Region::Riket => 0,
        Region::Lan(_) => 2,
        Region::Kommun(_) => 4,
    };
    level + u32::from(kon != Kon::Totalt)
}

impl SystemBuilder {
    /// Adds one count as a geography × kön table: cells for riket, every län and every kommun ×
    /// T/K/M, with T = K + M per region, län = Σ kommuner and riket = Σ län per kön (T too).
    /// `values` must hold every (region, kön); see [`Geography::sum_up`].
    pub fn add_geo_table(
        &mut self,
        table: &str,
        geo: &Geography,
        values: &BTreeMap<(Region, Kon), u64>,
    ) -> Result<GeoTable, SystemError> {
        let name: Arc<str> = Arc::from(table);
        let value = |r: &Region, k: Kon| {
            values
                .get(&(r.clone(), k))
                .copied()
                .ok_or_else(|| SystemError::MissingValue {
                    table: table.to_owned(),
                    key: format!("{r} {}", k.code()),
                })
        };
        let mut cells: BTreeMap<(Region, Kon), CellId> = BTreeMap::new();
        let add = |b: &mut SystemBuilder, key: String, r: &Region, k: Kon| {
            b.add_cell_with(Cell {
                label: CellLabel {
                    table: name.clone(),
                    key,
                },
                value: value(r, k)?,
                priority: priority(r, k),
                respondents: None,
            })
        };
        // Equations are emitted bottom-up (kommun, län, riket): the basis computation then
        // solves each for its total without rewriting earlier ones.
        let mut lan_parts: Vec<[CellId; 3]> = Vec::new();
        for (l, ks) in &geo.lan {
            let lan = Region::Lan(l.clone());
            let mut kommun_cells: Vec<[CellId; 3]> = Vec::new();
            for k in ks {
                let kommun = Region::Kommun(k.clone());
                let mut ids = [CellId(0); 3];
                for (slot, kon) in ids.iter_mut().zip(Kon::ALL) {
                    let key = if ks.len() == 1 {
                        let (kv, lv) = (value(&kommun, kon)?, value(&lan, kon)?);
                        if kv != lv {
                            return Err(SystemError::SingleKommunLanDiffers {
                                lan: l.clone(),
                                kommun: k.clone(),
                                key: kon.code().to_owned(),
                            });
                        }
                        format!("{kommun} = {lan} {}", kon.code())
                    } else {
                        format!("{kommun} {}", kon.code())
                    };
                    let region = if ks.len() == 1 { &lan } else { &kommun };
                    *slot = add(self, key, region, kon)?;
                    cells.insert((kommun.clone(), kon), *slot);
                }
                self.add_equation(ids[0], &ids[1..])?;
                kommun_cells.push(ids);
            }
            let ids = if ks.len() == 1 {
                kommun_cells[0]
            } else {
                let mut ids = [CellId(0); 3];
                for (slot, kon) in ids.iter_mut().zip(Kon::ALL) {
                    *slot = add(self, format!("{lan} {}", kon.code()), &lan, kon)?;
                }
                for j in 1..3 {
                    let parts: Vec<CellId> = kommun_cells.iter().map(|c| c[j]).collect();
                    self.add_equation(ids[j], &parts)?;
                }
                self.add_equation(ids[0], &ids[1..])?;
                // Implied by the others, but published all the same: listing it lets the
                // repair loop find the cells a reader would combine.
                let parts: Vec<CellId> = kommun_cells.iter().map(|c| c[0]).collect();
                self.add_equation(ids[0], &parts)?;
                ids
            };
            for (j, kon) in Kon::ALL.into_iter().enumerate() {
                cells.insert((lan.clone(), kon), ids[j]);
            }
            lan_parts.push(ids);
        }
        let mut ids = [CellId(0); 3];
        for (slot, kon) in ids.iter_mut().zip(Kon::ALL) {
            *slot = add(self, format!("riket {}", kon.code()), &Region::Riket, kon)?;
            cells.insert((Region::Riket, kon), *slot);
        }
        for j in 0..3 {
            let parts: Vec<CellId> = lan_parts.iter().map(|c| c[j]).collect();
            self.add_equation(ids[j], &parts)?;
        }
        self.add_equation(ids[0], &ids[1..])?;
        Ok(GeoTable { cells })
    }
}
