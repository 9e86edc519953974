//! `utredningar`: one row per investigation of a child (0–20 år) or of an adult with skadligt
//! bruk och beroende (21+ år) that was open some part of the year.
//!
//! About 100 000 investigations of children begin a year, most among teenagers, and about a
//! quarter as many of adults, most of them men. An investigation of a child takes about 120 days
//! on average (the law's limit is four months, but many are extended), one of an adult about
//! 100; kommuner with a slower handling pace take longer. Investigations are drawn per kommun
//! and year of start from streams keyed by both, so one begun in November and closed in
//! February is the same row, with the same löpnummer, in both years' files (open at the end of
//! the first, so without `avslutad` there).

use std::io::Write;

use jamfor_spec::keywords::Role;
use jamfor_spec::manifest::Source;

use crate::date::{Day, first, last};
use crate::folkmangd::{AGES, Folkmangd, KommunPopulation, Kon, code_number};
use crate::persons::{BUCKET_FILL, lasting_serial};
use crate::profile::Profile;
use crate::random::{Rng, exp, key, normal_av, text_key};
use crate::table::{Binding, CellValue, CodeChoice, Count, Table, name, roll};
use crate::{Basis, SynthError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Falt {
    SerialNumber,
    Kommun,
    Kon,
    Alder,
    Malgrupp,
    Paborjad,
    Avslutad,
}

const BINDNINGAR: &[Binding<'static, Falt>] = &[
    name("lopnr", Falt::SerialNumber),
    name("malgrupp", Falt::Malgrupp),
    name("paborjad", Falt::Paborjad),
    name("avslutad", Falt::Avslutad),
    roll(Role::Identifying, Falt::SerialNumber),
    roll(Role::Kommun, Falt::Kommun),
    roll(Role::Kon, Falt::Kon),
    roll(Role::Alder, Falt::Alder),
];

/// The longest investigation, days: so every one open in a year began that year or the one
/// before.
const LANGST: f64 = 360.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Malgrupp {
    Barn = 0,
    Missbruk = 1,
}

impl Malgrupp {
    const BOTH: [Malgrupp; 2] = [Malgrupp::Barn, Malgrupp::Missbruk];

    /// Investigations begun per inhabitant and year.
    fn andel(self, kon: Kon, alder: usize) -> f64 {
        let man = kon == Kon::Man;
        match (self, alder) {
            (Malgrupp::Barn, 0..=12) => 0.035,
            (Malgrupp::Barn, 13..=17) => 0.06,
            (Malgrupp::Barn, 18..=20) => 0.02,
            (Malgrupp::Missbruk, 21..) => {
                (if man { 1.45 } else { 0.55 })
                    * match alder {
                        21..=29 => 0.005,
                        30..=49 => 0.004,
                        50..=64 => 0.003,
                        _ => 0.001,
                    }
            }
            _ => 0.0,
        }
    }

    /// Median length, days, in the typical kommun; the spread of the log-normal is 0.5, so the
    /// mean is about 1.13 times the median.
    fn median(self) -> f64 {
        match self {
            Malgrupp::Barn => 105.0,
            Malgrupp::Missbruk => 88.0,
        }
    }

    /// The kommun's volume relative to the national pattern.
    fn faktor(self, profil: &Profile) -> f64 {
        match self {
            Malgrupp::Barn => profil.placering.sqrt(),
            Malgrupp::Missbruk => profil.missbruk,
        }
    }
}

/// One investigation.
struct Utredning {
    id: u64,
    kon: Kon,
    alder: usize,
    malgrupp: Malgrupp,
    paborjad: Day,
    avslutad: Day,
}

pub(crate) fn generate(
    source: &Source,
    u: &Basis<'_>,
    out: &mut dyn Write,
) -> Result<Count, SynthError> {
    let mut tabell = Table::ny(source, BINDNINGAR, u.ar, u.random(&source.id, 0), out)?;
    let kon = tabell.kon().clone();
    let malgrupp: [CodeChoice; 2] = [
        tabell.code_choice(Falt::Malgrupp, &[("BARN", 1.0)]),
        tabell.code_choice(Falt::Malgrupp, &[("MISSBRUK", 1.0)]),
    ];
    let avslutad_tom = tabell.may_be_empty(Falt::Avslutad);
    let kalla = text_key(&source.id);
    let id_nyckel = key(&[u.seed, kalla, 0x1D]);
    let (ar_forsta, ar_sista) = (first(u.ar), last(u.ar));
    // Each year's investigations are drawn from that year's population, whichever file asks.
    let fjol = Folkmangd::for_year(u.ar - 1, u.seed);
    for (kommun, profil) in u.folk.kommuner.iter().zip(u.profiler) {
        let mut utredningar = Vec::new();
        if let Some(forra) = fjol.kommun(kommun.code) {
            utredningar.extend(paborjade(u, kalla, id_nyckel, forra, profil, u.ar - 1));
        }
        utredningar.extend(paborjade(u, kalla, id_nyckel, kommun, profil, u.ar));
        utredningar.retain(|x| x.avslutad >= ar_forsta);
        if utredningar.is_empty() && u.volume.minst_en {
            let id = lasting_serial(
                id_nyckel,
                code_number(kommun.code),
                BUCKET_FILL,
                u.ar as u32,
            );
            let mut s = Rng::ny(key(&[id_nyckel, id]));
            let mut x = utredning(&mut s, id, Kon::Man, 15, Malgrupp::Barn, u.ar, 1.0);
            // Closed within the year: a made-up investigation has no next year's file to go on in.
            x.avslutad = x.avslutad.min(ar_sista);
            x.paborjad = x.paborjad.min(x.avslutad - 1);
            utredningar.push(x);
        }
        for x in &utredningar {
            let klar = x.avslutad <= ar_sista || !avslutad_tom;
            tabell.rad(|f| match f {
                Falt::SerialNumber => CellValue::Id(x.id),
                Falt::Kommun => CellValue::Text(&kommun.kod_text),
                Falt::Kon => CellValue::Bytes(&kon[x.kon as usize]),
                Falt::Alder => CellValue::Heltal(x.alder as i64),
                Falt::Malgrupp => CellValue::Bytes(malgrupp[x.malgrupp as usize].first()),
                Falt::Paborjad => CellValue::Datum(x.paborjad),
                Falt::Avslutad if klar => CellValue::Datum(x.avslutad),
                Falt::Avslutad => CellValue::Tom,
            })?;
        }
    }
    tabell.finish()
}

/// The investigations begun in the kommun in `ar`, the same whichever file asks.
fn paborjade(
    u: &Basis<'_>,
    kalla: u64,
    id_nyckel: u64,
    kommun: &KommunPopulation,
    profil: &Profile,
    ar: i32,
) -> Vec<Utredning> {
    let k = code_number(kommun.code);
    // A slower handling pace, longer investigations; a kommun's own level varies a little by year.
    let takt = (profil.handlaggning_dagar / 14.0).sqrt()
        * exp(0.05 * normal_av(key(&[u.seed, 0x07ED, u64::from(k), ar as u64])));
    let mut slump = Rng::ny(key(&[u.seed, kalla, u64::from(k), ar as u64]));
    let mut ut = Vec::new();
    let mut nummer = 0;
    for grupp in Malgrupp::BOTH {
        // Investigations are many: the adults' sampling share serves both.
        let volume = u.volume.vuxna;
        for kon in Kon::BOTH {
            for alder in 0..AGES {
                let lambda = f64::from(kommun.antal[kon as usize][alder])
                    * grupp.andel(kon, alder)
                    * grupp.faktor(profil)
                    * volume;
                for _ in 0..slump.poisson(lambda) {
                    // Years from 2000 as the slot: 63 (made-up persons) is far off.
                    let fack = (ar - 2000).clamp(0, 62) as u32;
                    let id = lasting_serial(id_nyckel, k, fack, nummer);
                    nummer += 1;
                    let mut s = Rng::ny(key(&[id_nyckel, id]));
                    ut.push(utredning(&mut s, id, kon, alder, grupp, ar, takt));
                }
            }
        }
    }
    ut
}

fn utredning(
    s: &mut Rng,
    id: u64,
    kon: Kon,
    alder: usize,
    malgrupp: Malgrupp,
    ar: i32,
    takt: f64,
) -> Utredning {
    let paborjad = first(ar) + s.under((last(ar) - first(ar) + 1) as u64) as Day;
    let dagar = s
        .lognormal(malgrupp.median() * takt, 0.5)
        .round()
        .clamp(1.0, LANGST) as Day;
    Utredning {
        id,
        kon,
        alder,
        malgrupp,
        paborjad,
        avslutad: paborjad + dagar,
    }
}
