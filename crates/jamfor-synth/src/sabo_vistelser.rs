//! `sabo_vistelser`: one row per stay in särskilt boende for older people that lasted some part
//! of the year, with the days of application, offer, moving in and moving out.
//!
//! About 80 000 persons live in särskilt boende at any time, nearly all 80 or older; about
//! 26 000 move in a year. A stay lasts about 650 days in the median (Kolada U23701: 610–720
//! nationally in 2018–2022, 420–970 between kommuner), with a long tail of residents who stay
//! for many years; 85 % of stays end in death. The wait from application to the first offer is
//! about two months on average and differs between kommuner; the offered day comes a few days
//! before moving in. Stays are simulated from 2002, each from its own stream keyed by kommun,
//! year of moving in and number, so a stay is the same row (with the same löpnummer and one year
//! older) in every year's file it belongs to, and a file still depends on nothing but the seed
//! and the year. The register holds application dates from 2016 only.

use std::io::Write;

use jamfor_spec::keywords::Role;
use jamfor_spec::manifest::Source;

use crate::date::{Day, day, first, last};
use crate::folkmangd::{self, AGES, KommunPopulation, Kon, code_number};
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
    Ansokningsdatum,
    ErbjudetDatum,
    Inflyttningsdatum,
    Utflyttningsdatum,
    Orsak,
}

const BINDNINGAR: &[Binding<'static, Falt>] = &[
    name("lopnr", Falt::SerialNumber),
    name("ansokningsdatum", Falt::Ansokningsdatum),
    name("erbjudet_datum", Falt::ErbjudetDatum),
    name("inflyttningsdatum", Falt::Inflyttningsdatum),
    name("utflyttningsdatum", Falt::Utflyttningsdatum),
    name("orsak", Falt::Orsak),
    roll(Role::Identifying, Falt::SerialNumber),
    roll(Role::Kommun, Falt::Kommun),
    roll(Role::Kon, Falt::Kon),
    roll(Role::Alder, Falt::Alder),
];

/// The first year of moving in simulated: few stays last twenty years.
const START: i32 = 2002;
/// The population before this year is taken as this year's (the trends are for the 2010s on).
const FOLK_FRAN: i32 = 2014;
/// The first year the register holds the days of application and offer.
const DATUM_FRAN: i32 = 2016;
/// Median stay, days, in the typical kommun.
const MEDIAN_VISTELSE: f64 = 650.0;
/// Mean wait from application to offer, days, in the typical kommun.
const MEDEL_VANTAN: f64 = 60.0;
/// Share of stays ending in death.
const DOD: f64 = 0.85;

/// Persons moving in per inhabitant and year: a few in a thousand at 70, one in eight at 95.
fn inflyttning(kon: Kon, alder: usize) -> f64 {
    let kvinna = if kon == Kon::Kvinna && alder >= 80 {
        1.1
    } else {
        1.0
    };
    kvinna
        * match alder {
            65..=74 => 0.0018,
            75..=79 => 0.0054,
            80..=84 => 0.015,
            85..=89 => 0.04,
            90..=94 => 0.08,
            95.. => 0.12,
            _ => 0.0,
        }
}

/// One stay.
struct Vistelse {
    id: u64,
    kon: Kon,
    /// Age at the end of the year of moving in.
    alder: usize,
    inflyttning: Day,
    erbjudet: Day,
    ansokan: Day,
    utflyttning: Day,
    dod: bool,
}

/// What stays the same for every kommun of a file.
struct Fil<'a> {
    u: &'a Basis<'a>,
    series: Vec<folkmangd::Folkmangd>,
    kalla: u64,
    id_nyckel: u64,
    kon: [Vec<u8>; 2],
    orsak: [CodeChoice; 2],
    datum_tom: bool,
}

pub(crate) fn generate(
    source: &Source,
    u: &Basis<'_>,
    out: &mut dyn Write,
) -> Result<Count, SynthError> {
    let mut tabell = Table::ny(source, BINDNINGAR, u.ar, u.random(&source.id, 0), out)?;
    let fil = Fil {
        u,
        series: folkmangd::series(FOLK_FRAN, u.ar.max(FOLK_FRAN), u.seed),
        kalla: text_key(&source.id),
        id_nyckel: key(&[u.seed, text_key(&source.id), 0x1D]),
        kon: tabell.kon().clone(),
        orsak: [
            tabell.code_choice(Falt::Orsak, &[("FLYTT", 1.0)]),
            tabell.code_choice(Falt::Orsak, &[("DOD", 1.0)]),
        ],
        datum_tom: tabell.may_be_empty(Falt::Ansokningsdatum),
    };
    for (kommun, profil) in u.folk.kommuner.iter().zip(u.profiler) {
        let mut rader = 0;
        for ar in START..=u.ar {
            for v in vistelser(&fil, kommun, profil, ar) {
                if v.inflyttning <= last(u.ar) && v.utflyttning >= first(u.ar) {
                    skriv(&fil, kommun, &v, ar, &mut tabell)?;
                    rader += 1;
                }
            }
        }
        if rader == 0 && u.volume.minst_en {
            let v = utfyllnad(&fil, kommun);
            skriv(&fil, kommun, &v, u.ar, &mut tabell)?;
        }
    }
    tabell.finish()
}

/// The kommun's traits for stays: (median stay, mean wait), days.
fn kommunens_tider(fil: &Fil<'_>, kommun: &KommunPopulation) -> (f64, f64) {
    let k = u64::from(code_number(kommun.code));
    let seed = fil.u.seed;
    let vistelse = MEDIAN_VISTELSE * exp(0.2 * normal_av(key(&[seed, 0x5AB0, k])));
    let vantan = MEDEL_VANTAN * exp(0.3 * normal_av(key(&[seed, 0x5AB1, k])));
    (vistelse, vantan)
}

/// The stays that began in `ar` in the kommun.
fn vistelser(fil: &Fil<'_>, kommun: &KommunPopulation, profil: &Profile, ar: i32) -> Vec<Vistelse> {
    let u = fil.u;
    let index = (ar.max(FOLK_FRAN) - FOLK_FRAN) as usize;
    let Some(folk) = fil.series.get(index).and_then(|f| f.kommun(kommun.code)) else {
        return Vec::new();
    };
    let k = code_number(kommun.code);
    let (median, vantan) = kommunens_tider(fil, kommun);
    let mut slump = Rng::ny(key(&[u.seed, fil.kalla, u64::from(k), ar as u64]));
    let mut ut = Vec::new();
    let mut nummer = 0;
    for kon in Kon::BOTH {
        for alder in 65..AGES {
            let lambda = f64::from(folk.antal[kon as usize][alder])
                * inflyttning(kon, alder)
                * profil.aldreomsorg
                * u.volume.register;
            for _ in 0..slump.poisson(lambda) {
                let id = lasting_serial(fil.id_nyckel, k, (ar - START) as u32, nummer);
                nummer += 1;
                ut.push(vistelse(fil, id, kon, alder, ar, median, vantan));
            }
        }
    }
    ut
}

/// One stay, from its own stream.
fn vistelse(
    fil: &Fil<'_>,
    id: u64,
    kon: Kon,
    alder: usize,
    ar: i32,
    median: f64,
    vantan: f64,
) -> Vistelse {
    let mut s = Rng::ny(key(&[fil.id_nyckel, id]));
    let inflyttning = first(ar) + s.under((last(ar) - first(ar) + 1) as u64) as Day;
    let erbjudet = inflyttning - s.under(21) as Day;
    // A log-normal wait with spread 0.8 has its mean at 1.38 times its median.
    let ansokan = erbjudet - s.lognormal(vantan / 1.38, 0.8).round().max(1.0) as Day;
    let utflyttning = inflyttning + s.lognormal(median, 1.0).round().max(1.0) as Day;
    let dod = s.chance(DOD);
    Vistelse {
        id,
        kon,
        alder,
        inflyttning,
        erbjudet,
        ansokan,
        utflyttning,
        dod,
    }
}

/// A small sample can leave a kommun without stays; one made-up stay begun this year keeps
/// every kommun in the file.
fn utfyllnad(fil: &Fil<'_>, kommun: &KommunPopulation) -> Vistelse {
    let u = fil.u;
    let id = lasting_serial(
        fil.id_nyckel,
        code_number(kommun.code),
        BUCKET_FILL,
        u.ar as u32,
    );
    let (median, vantan) = kommunens_tider(fil, kommun);
    let mut v = vistelse(fil, id, Kon::Kvinna, 87, u.ar, median, vantan);
    // Ended within the year: a made-up stay has no next year's file to go on in.
    v.utflyttning = v.utflyttning.min(last(u.ar));
    v.inflyttning = v.inflyttning.min(v.utflyttning - 1);
    v.erbjudet = v.erbjudet.min(v.inflyttning);
    v.ansokan = v.ansokan.min(v.erbjudet - 1);
    v
}

fn skriv(
    fil: &Fil<'_>,
    kommun: &KommunPopulation,
    v: &Vistelse,
    inflyttningsar: i32,
    tabell: &mut Table<'_, Falt>,
) -> Result<(), SynthError> {
    let ar = fil.u.ar;
    let alder = (v.alder + (ar - inflyttningsar) as usize).min(folkmangd::MAX_AGE);
    let avslutad = v.utflyttning <= last(ar);
    let datum = v.inflyttning >= day(DATUM_FRAN, 1, 1) || !fil.datum_tom;
    tabell.rad(|f| match f {
        Falt::SerialNumber => CellValue::Id(v.id),
        Falt::Kommun => CellValue::Text(&kommun.kod_text),
        Falt::Kon => CellValue::Bytes(&fil.kon[v.kon as usize]),
        Falt::Alder => CellValue::Heltal(alder as i64),
        Falt::Ansokningsdatum if datum => CellValue::Datum(v.ansokan),
        Falt::ErbjudetDatum if datum => CellValue::Datum(v.erbjudet),
        Falt::Ansokningsdatum | Falt::ErbjudetDatum => CellValue::Tom,
        Falt::Inflyttningsdatum => CellValue::Datum(v.inflyttning),
        Falt::Utflyttningsdatum if avslutad => CellValue::Datum(v.utflyttning),
        Falt::Orsak if avslutad => CellValue::Bytes(fil.orsak[usize::from(v.dod)].first()),
        Falt::Utflyttningsdatum | Falt::Orsak => CellValue::Tom,
    })
}
