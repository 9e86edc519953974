//! Drawing persons from the population: how many in each kommun × kön × ålder cell, and their
//! pseudonymous identifiers.

use crate::folkmangd::{AGES, KommunPopulation, Kon};
use crate::random::{Rng, mix48};

/// How many persons of each kön and age have something (a month of bistånd, a placement):
/// Poisson around `antal × sannolikhet × andel`, never more than live there. With `minst_en`, a
/// kommun that drew nobody gets one person in its most likely cell, so small samples still cover
/// every kommun.
pub(crate) fn count(
    slump: &mut Rng,
    kommun: &KommunPopulation,
    andel: f64,
    minst_en: bool,
    sannolikhet: impl Fn(Kon, usize) -> f64,
) -> [[u32; AGES]; 2] {
    let mut n = [[0u32; AGES]; 2];
    let mut storst = (0.0, Kon::Kvinna, 0);
    for kon in Kon::BOTH {
        let rad = kommun.antal[kon as usize].iter().zip(&mut n[kon as usize]);
        for (alder, (&antal, ut)) in rad.enumerate() {
            let lambda = f64::from(antal) * sannolikhet(kon, alder) * andel;
            if lambda > storst.0 {
                storst = (lambda, kon, alder);
            }
            *ut = slump.poisson(lambda).min(u64::from(antal)) as u32;
        }
    }
    let ingen = n.iter().flatten().all(|&x| x == 0);
    if minst_en && ingen && storst.0 > 0.0 {
        n[storst.1 as usize][storst.2] = 1;
    }
    n
}

/// Löpnummer for one file: distinct serial numbers through a keyed 48-bit bijection, so they
/// never repeat within the file and look random. They are written with a leading `p`
/// (`CellValue::Id`), so none can be mistaken for a personnummer.
#[derive(Debug)]
pub(crate) struct SerialNumber {
    key: u64,
    nasta: u64,
}

impl SerialNumber {
    pub(crate) fn ny(key: u64) -> Self {
        SerialNumber { key, nasta: 0 }
    }

    pub(crate) fn nasta(&mut self) -> u64 {
        let id = mix48(self.nasta ^ self.key);
        self.nasta += 1;
        id
    }
}

/// The year slot of [`lasting_serial`] for persons made up to fill an otherwise empty kommun in
/// one file only.
pub(crate) const BUCKET_FILL: u32 = 63;

/// A löpnummer that is the same in every year's file: a person is numbered by kommun, a year
/// slot (0–63, the year they turned up counted from some start) and their number among that
/// slot's newcomers, and the 48 bits of that serial go through the keyed bijection, so two
/// persons never share one, whichever files are generated.
pub(crate) fn lasting_serial(key: u64, kommun: u16, fack: u32, nummer: u32) -> u64 {
    let series = ((u64::from(kommun) & 0xFFF) << 36)
        | ((u64::from(fack) & 0x3F) << 30)
        | (u64::from(nummer) & 0x3FFF_FFFF);
    mix48(series ^ key)
}

/// A spell of `m` consecutive months within the year, starting at random.
pub(crate) fn period(slump: &mut Rng, m: u32) -> std::ops::RangeInclusive<u32> {
    let m = m.clamp(1, 12);
    let start = 1 + slump.under(u64::from(13 - m)) as u32;
    start..=start + m - 1
}
