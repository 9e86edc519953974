//! The population every generator draws from: kommun × kön × one-year age for one year.
//!
//! The base is the project's table of the real 2019 population in 5-year bands
//! (`data/geo/befolkning_2019_aldersgrupper.csv`). Each band is spread over its single years along
//! the slope between neighbouring bands, so ages change smoothly across band edges instead of in
//! steps, and the band totals stay exact. Later (and earlier) years are derived deterministically:
//! every kommun grows at its own small rate (cities grow, sparsely populated kommuner shrink) and
//! the age structure follows the national trend of the 2020s (fewer births, many more 80-year-olds).

use std::sync::OnceLock;

use jamfor_geo::{Geography, KommunCode, Kommungrupp, LanCode};

use crate::random::{key, uniform_of};

const TABELL: &str = include_str!("../../../data/geo/befolkning_2019_aldersgrupper.csv");

/// The year the base table describes (31 December).
pub(crate) const BASAR: i32 = 2019;
/// Oldest age written; it stands for that age or older, as in SCB's tables.
pub(crate) const MAX_AGE: usize = 100;
/// Number of one-year ages, 0..=100.
pub(crate) const AGES: usize = MAX_AGE + 1;
const BAND: usize = 20;

/// One kommun's people as fractions, `[kön][ålder]`.
type Fordelning = [[f64; AGES]; 2];

/// Kön as an index into the population arrays: kvinnor first, then män.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kon {
    Kvinna = 0,
    Man = 1,
}

impl Kon {
    pub(crate) const BOTH: [Kon; 2] = [Kon::Kvinna, Kon::Man];
}

/// One kommun's population in one year.
#[derive(Debug, Clone)]
pub(crate) struct KommunPopulation {
    pub(crate) code: KommunCode,
    /// The code as written in files, "0114".
    pub(crate) kod_text: String,
    pub(crate) lan: LanCode,
    pub(crate) grupp: Option<Kommungrupp>,
    /// `antal[kön][ålder]`.
    pub(crate) antal: [[u32; AGES]; 2],
}

impl KommunPopulation {
    /// Inhabitants of both kön aged `fran..=till`.
    pub(crate) fn sum(&self, fran: usize, till: usize) -> u64 {
        self.antal
            .iter()
            .flat_map(|rad| &rad[fran..=till.min(MAX_AGE)])
            .map(|&n| u64::from(n))
            .sum()
    }

    /// All inhabitants.
    pub(crate) fn totalt(&self) -> u64 {
        self.sum(0, MAX_AGE)
    }
}

/// The population of every kommun existing in a year, in code order.
#[derive(Debug, Clone)]
pub(crate) struct Folkmangd {
    pub(crate) kommuner: Vec<KommunPopulation>,
}

/// The base table spread to single years: (kommun, `[kön][ålder]` as fractions of people).
fn bas() -> &'static [(KommunCode, Fordelning)] {
    static BAS: OnceLock<Vec<(KommunCode, Fordelning)>> = OnceLock::new();
    BAS.get_or_init(|| match las_bas(TABELL) {
        Ok(bas) => bas,
        // The table is ours and checked by the tests; reaching this is a bug, not a user error.
        Err(fel) => panic!("bug: data/geo/befolkning_2019_aldersgrupper.csv: {fel}"),
    })
}

fn las_bas(text: &str) -> Result<Vec<(KommunCode, Fordelning)>, String> {
    let mut band: Vec<(KommunCode, [[u64; BAND]; 2])> = Vec::new();
    let mut rader = text.lines();
    if rader.next() != Some("kommun_kod,kon,aldersgrupp,antal") {
        return Err("unexpected header".into());
    }
    for (i, rad) in rader.enumerate() {
        let fel = || format!("line {}: `{rad}`", i + 2);
        let falt: Vec<&str> = rad.split(',').collect();
        let [code, kon, grupp, antal] = falt[..] else {
            return Err(fel());
        };
        let code: KommunCode = code.parse().map_err(|_| fel())?;
        let kon = match kon {
            "K" => 0,
            "M" => 1,
            _ => return Err(fel()),
        };
        let grupp: usize = grupp.parse().map_err(|_| fel())?;
        let antal: u64 = antal.parse().map_err(|_| fel())?;
        if !grupp.is_multiple_of(5) || grupp / 5 >= BAND {
            return Err(fel());
        }
        if band.last().is_none_or(|(k, _)| *k != code) {
            band.push((code, [[0; BAND]; 2]));
        }
        if let Some((_, b)) = band.last_mut() {
            b[kon][grupp / 5] = antal;
        }
    }
    Ok(band
        .into_iter()
        .map(|(code, b)| (code, [sprid(&b[0]), sprid(&b[1])]))
        .collect())
}

/// Spreads 5-year bands over single years: within a band the count per year follows a straight
/// line whose slope is set by the neighbouring bands, so the sum over the band is unchanged.
fn sprid(band: &[u64; BAND]) -> [f64; AGES] {
    let mut ut = [0.0; AGES];
    let tathet = |b: usize| band[b] as f64 / 5.0;
    for b in 0..BAND - 1 {
        let vanster = if b == 0 { tathet(0) } else { tathet(b - 1) };
        let hoger = tathet(b + 1);
        let mitt = tathet(b);
        // Change per year across the band, bounded so no single year falls below a fifth of the
        // band's mean (a sharp edge, e.g. students at 20–24, must not make ages negative).
        let lutning = ((hoger - vanster) / 10.0).clamp(-0.2 * mitt, 0.2 * mitt);
        for j in 0..5 {
            ut[b * 5 + j] = mitt + lutning * (j as f64 - 2.0);
        }
    }
    // 95+: mortality thins each one-year class by roughly a third; 100 holds 100 and older.
    const TOPP: [f64; 6] = [0.33, 0.24, 0.17, 0.12, 0.08, 0.06];
    for (j, andel) in TOPP.iter().enumerate() {
        ut[95 + j] = band[BAND - 1] as f64 * andel;
    }
    ut
}

/// Yearly change of the number of people of an age, all else equal: the national pattern of
/// the early 2020s — fewer births, the large 1940s cohorts passing 80.
fn aldersutveckling(alder: usize) -> f64 {
    match alder {
        0..=4 => -0.012,
        5..=17 => 0.002,
        18..=29 => 0.001,
        30..=64 => 0.0,
        65..=74 => -0.002,
        75..=79 => 0.030,
        80..=89 => 0.035,
        _ => 0.012,
    }
}

/// The same for the years before the base year, walked backwards: the late 2010s grew faster
/// (many births and much immigration: children and young adults), the 1940s cohorts were then
/// passing 75, and the number of 80-year-olds was about flat. Using the 2020s pattern backwards
/// would make 2016 have a tenth fewer 80-year-olds than it had.
fn aldersutveckling_fore_basaret(alder: usize) -> f64 {
    match alder {
        0..=19 => 0.014,
        20..=64 => 0.003,
        65..=74 => 0.010,
        75..=79 => 0.045,
        _ => 0.008,
    }
}

/// A kommun's own yearly growth: SKR's groups differ systematically (cities and their suburbs
/// grow, sparsely populated rural kommuner shrink), plus a stable per-kommun deviation.
fn tillvaxt(code: KommunCode, grupp: Option<Kommungrupp>, seed: u64) -> f64 {
    let bas = match grupp {
        Some(Kommungrupp::A1) => 0.004,
        Some(Kommungrupp::A2) => 0.006,
        Some(Kommungrupp::B3) => 0.004,
        Some(Kommungrupp::B4) => 0.001,
        Some(Kommungrupp::B5) => 0.002,
        Some(Kommungrupp::C6) => -0.001,
        Some(Kommungrupp::C7) => -0.002,
        Some(Kommungrupp::C8) => -0.004,
        Some(Kommungrupp::C9) | None => -0.007,
    };
    let avvikelse = uniform_of(key(&[seed, 0xF01C, u64::from(code_number(code))])) - 0.5;
    bas + 0.008 * avvikelse
}

/// The kommun code as a number, for keys.
pub(crate) fn code_number(code: KommunCode) -> u16 {
    // Display always gives four digits.
    code.to_string().parse().unwrap_or(0)
}

/// `(1 + r)^t` by repeated multiplication (t may be negative).
fn upphojt(r: f64, t: i32) -> f64 {
    let mut f = 1.0;
    for _ in 0..t.unsigned_abs() {
        f *= 1.0 + r;
    }
    if t < 0 { 1.0 / f } else { f }
}

impl Folkmangd {
    /// The population at 31 December of `ar`, for the kommuner that exist that year.
    pub(crate) fn for_year(ar: i32, seed: u64) -> Folkmangd {
        let geo = Geography::builtin();
        let t = ar - BASAR;
        let giltig_ar = u16::try_from(ar).unwrap_or(0);
        let utveckling = if t < 0 {
            aldersutveckling_fore_basaret
        } else {
            aldersutveckling
        };
        let aldersfaktor: Vec<f64> = (0..AGES).map(|a| upphojt(utveckling(a), t)).collect();
        let kommuner = bas()
            .iter()
            .filter(|(code, _)| geo.is_valid_in(*code, giltig_ar))
            .map(|(code, bas)| {
                let grupp = geo.kommungruppsindelning_2023().grupp(*code);
                let kommunfaktor = upphojt(tillvaxt(*code, grupp, seed), t);
                let mut antal = [[0u32; AGES]; 2];
                for kon in 0..2 {
                    for alder in 0..AGES {
                        let x = bas[kon][alder] * kommunfaktor * aldersfaktor[alder];
                        antal[kon][alder] = (x + 0.5).floor() as u32;
                    }
                }
                KommunPopulation {
                    code: *code,
                    kod_text: code.to_string(),
                    lan: code.lan(),
                    grupp,
                    antal,
                }
            })
            .collect();
        Folkmangd { kommuner }
    }

    /// The kommun with this code, if it exists this year.
    pub(crate) fn kommun(&self, code: KommunCode) -> Option<&KommunPopulation> {
        self.kommuner
            .binary_search_by(|k| k.code.cmp(&code))
            .ok()
            .map(|i| &self.kommuner[i])
    }
}

/// The population of every year `fran..=till`, first year first: for generators that simulate
/// careers from a fixed start year up to the year asked.
pub(crate) fn series(fran: i32, till: i32, seed: u64) -> Vec<Folkmangd> {
    (fran..=till)
        .map(|ar| Folkmangd::for_year(ar, seed))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_has_every_kommun_and_the_national_total() {
        let bas = bas();
        assert_eq!(bas.len(), 290);
        let total: f64 = bas.iter().flat_map(|(_, b)| b.iter().flatten()).sum();
        assert!((total - 10_327_589.0).abs() < 1.0, "{total}");
    }

    #[test]
    fn spreading_keeps_band_totals_and_is_never_negative() {
        let mut band = [0u64; BAND];
        band[3] = 5000;
        band[4] = 100;
        band[19] = 60;
        let ut = sprid(&band);
        assert!(ut.iter().all(|&x| x >= 0.0));
        let b3: f64 = ut[15..20].iter().sum();
        let b4: f64 = ut[20..25].iter().sum();
        let topp: f64 = ut[95..].iter().sum();
        assert!((b3 - 5000.0).abs() < 1e-9 && (b4 - 100.0).abs() < 1e-9);
        assert!((topp - 60.0).abs() < 1e-9);
    }

    #[test]
    fn years_differ_a_little() {
        let a = Folkmangd::for_year(2020, 1);
        let b = Folkmangd::for_year(2024, 1);
        let ta: u64 = a.kommuner.iter().map(KommunPopulation::totalt).sum();
        let tb: u64 = b.kommuner.iter().map(KommunPopulation::totalt).sum();
        assert!(tb > ta && tb < ta + ta / 20, "{ta} → {tb}");
        let gamla = |f: &Folkmangd| f.kommuner.iter().map(|k| k.sum(80, 100)).sum::<u64>();
        assert!(gamla(&b) > gamla(&a) * 11 / 10);
    }

    #[test]
    fn years_before_the_base_follow_the_late_2010s() {
        // SCB: 9 995 153 inhabitants at the end of 2016, 10 327 589 in 2019; those 80+ were
        // about as many in 2016 as in 2019 (within a few percent), children 0–19 fewer.
        let f2016 = Folkmangd::for_year(2016, 1);
        let f2019 = Folkmangd::for_year(2019, 1);
        let summa = |f: &Folkmangd, fran, till| {
            f.kommuner.iter().map(|k| k.sum(fran, till)).sum::<u64>() as f64
        };
        let totalt = summa(&f2016, 0, 100);
        assert!((totalt / 9_995_153.0 - 1.0).abs() < 0.01, "{totalt}");
        let aldre = summa(&f2016, 80, 100) / summa(&f2019, 80, 100);
        assert!((0.93..1.0).contains(&aldre), "{aldre}");
        let barn = summa(&f2016, 0, 19) / summa(&f2019, 0, 19);
        assert!((0.93..0.98).contains(&barn), "{barn}");
        assert_eq!(f2016.kommuner.len(), 290);
        assert!(f2016.kommun(f2019.kommuner[17].code).is_some());
    }
}
