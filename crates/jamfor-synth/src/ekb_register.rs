//! `ekb_register`: one row per recipient of ekonomiskt bistånd and month with a payment.
//!
//! About 4 % of inhabitants receive bistånd during a year (children count as members of the
//! recipient household), most often young adults and single parents, more in Skåne and
//! Mälardalen and in some kommuner far more. Recipients are followed as persons over the years:
//! each kommun's careers ([`crate::ekb_forlopp`]) are simulated month by month from 2014 — those
//! already receiving then, and newcomers every year after — up to the year asked, and only that
//! year's months are written. Everything a person does is drawn from streams keyed by the kommun
//! and the year they turned up, never by the year of the file, so a person has the same löpnummer,
//! kön and age (one year older each year) in every file, spells run on across year ends, and a
//! file still does not depend on which other files were generated. The amount follows the
//! household type and the kommun's rent level.

use std::io::Write;

use jamfor_spec::keywords::Role;
use jamfor_spec::manifest::Source;

use crate::ekb_forlopp::{ACTIVE_PER_NEW, Course, LONG_AT_START, Lengths, Month, SHORT_AT_START};
use crate::folkmangd::{self, AGES, KommunPopulation, Kon, code_number};
use crate::persons::{BUCKET_FILL, lasting_serial, period};
use crate::profile::Profile;
use crate::random::{Rng, exp, key, normal_av, text_key, uniform_of};
use crate::table::{Binding, CellValue, CodeChoice, Count, Table, name, roll};
use crate::{Basis, SynthError};

/// The first year simulated: six years before the first year of the default release, enough for
/// the long spells to settle from the steady state they start in.
const START: i32 = 2014;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Falt {
    SerialNumber,
    Kommun,
    Month,
    Kon,
    Alder,
    Hushallstyp,
    Belopp,
}

const BINDNINGAR: &[Binding<'static, Falt>] = &[
    name("lopnr", Falt::SerialNumber),
    name("manad", Falt::Month),
    name("hushallstyp", Falt::Hushallstyp),
    name("belopp", Falt::Belopp),
    roll(Role::Identifying, Falt::SerialNumber),
    roll(Role::Kommun, Falt::Kommun),
    roll(Role::Kon, Falt::Kon),
    roll(Role::Alder, Falt::Alder),
];

/// Probability of receiving bistånd during the year, by age, before kommun factors.
fn andel(alder: usize) -> f64 {
    match alder {
        0..=17 => 0.057,
        18..=24 => 0.075,
        25..=44 => 0.059,
        45..=64 => 0.041,
        65..=79 => 0.011,
        _ => 0.004,
    }
}

/// The national level by year: falling in the late 2010s, up in the pandemic year, down as
/// employment recovered.
fn arsniva(ar: i32) -> f64 {
    match ar {
        ..=2016 => 1.08,
        2017 => 1.04,
        2020 => 1.03,
        2021 => 0.98,
        2022 => 0.93,
        2023 => 0.95,
        2024 => 0.98,
        _ => 1.0,
    }
}

/// Household types a person of this kön and age can belong to, with weights.
fn hushall(kon: Kon, alder: usize) -> &'static [(&'static str, f64)] {
    match (alder, kon) {
        (0..=17, _) => &[("EKB", 50.0), ("EMB", 8.0), ("SBB", 42.0)],
        (18..=24, Kon::Kvinna) => &[("EK", 70.0), ("EKB", 15.0), ("SB", 8.0), ("SBB", 7.0)],
        (18..=24, Kon::Man) => &[("EM", 85.0), ("EMB", 2.0), ("SB", 7.0), ("SBB", 6.0)],
        (25..=64, Kon::Kvinna) => &[("EK", 38.0), ("EKB", 30.0), ("SB", 10.0), ("SBB", 22.0)],
        (25..=64, Kon::Man) => &[("EM", 62.0), ("EMB", 6.0), ("SB", 10.0), ("SBB", 22.0)],
        (_, Kon::Kvinna) => &[("EK", 75.0), ("SB", 25.0)],
        (_, Kon::Man) => &[("EM", 72.0), ("SB", 28.0)],
    }
}

/// Typical monthly payment to the household, kronor.
fn grundbelopp(hushallstyp: &[u8]) -> f64 {
    match hushallstyp {
        b"EK" => 6_300.0,
        b"EM" => 6_000.0,
        b"SB" => 9_400.0,
        b"EKB" => 10_800.0,
        b"EMB" => 9_900.0,
        b"SBB" => 14_200.0,
        _ => 8_000.0,
    }
}

fn aldersgrupp(alder: usize) -> usize {
    match alder {
        0..=17 => 0,
        18..=24 => 1,
        25..=64 => 2,
        _ => 3,
    }
}

/// What stays the same for every kommun of a file.
struct Fil<'a> {
    u: &'a Basis<'a>,
    series: Vec<folkmangd::Folkmangd>,
    kalla: u64,
    id_nyckel: u64,
    kon: [Vec<u8>; 2],
    langder: Lengths,
    /// Resolved once: [kön][age group].
    hushall: Vec<Vec<CodeChoice>>,
}

/// A person turning up in the simulation.
struct Nykomling {
    /// The kommun code as a number.
    kommun: u16,
    kon: Kon,
    /// Age in the year they turned up.
    alder: usize,
    ar: i32,
    /// The year slot of their löpnummer: 0 for those already receiving at the start.
    fack: u32,
    /// Their number among the kommun's persons of that year.
    nummer: u32,
    /// Receiving already in January of [`START`], in a long (true) or short spell.
    redan: Option<bool>,
}

pub(crate) fn generate(
    source: &Source,
    u: &Basis<'_>,
    out: &mut dyn Write,
) -> Result<Count, SynthError> {
    let mut tabell = Table::ny(source, BINDNINGAR, u.ar, u.random(&source.id, 0), out)?;
    let fil = Fil {
        u,
        series: folkmangd::series(START, u.ar.max(START), u.seed),
        kalla: text_key(&source.id),
        id_nyckel: key(&[u.seed, text_key(&source.id), 0x1D]),
        kon: tabell.kon().clone(),
        langder: Lengths::ny(),
        hushall: Kon::BOTH
            .iter()
            .map(|&k| {
                [0, 18, 25, 65]
                    .iter()
                    .map(|&a| tabell.code_choice(Falt::Hushallstyp, hushall(k, a)))
                    .collect()
            })
            .collect(),
    };
    for (kommun, profil) in u.folk.kommuner.iter().zip(u.profiler) {
        let rader = kommunens_rader(&fil, kommun, profil, &mut tabell)?;
        if rader == 0 && u.volume.minst_en {
            utfyllnad(&fil, kommun, profil, &mut tabell)?;
        }
    }
    tabell.finish()
}

/// The kommun's level of bistånd in a year, relative to the national age pattern.
fn kommunniva(fil: &Fil<'_>, kommun: &KommunPopulation, profil: &Profile, ar: i32) -> f64 {
    let k = u64::from(code_number(kommun.code));
    let slump = exp(0.05 * normal_av(key(&[fil.u.seed, 0xEC1, k, ar as u64])));
    profil.ekb * arsniva(ar) * slump
}

/// Simulates the kommun's recipients from [`START`] and writes the rows of the year asked.
fn kommunens_rader(
    fil: &Fil<'_>,
    kommun: &KommunPopulation,
    profil: &Profile,
    tabell: &mut Table<'_, Falt>,
) -> Result<u64, SynthError> {
    let u = fil.u;
    let k = u64::from(code_number(kommun.code));
    let mut rader = 0;
    for (i, folk) in fil.series.iter().enumerate() {
        let ar = START + i as i32;
        if ar > u.ar {
            break;
        }
        let Some(folk) = folk.kommun(kommun.code) else {
            continue;
        };
        let niva = kommunniva(fil, kommun, profil, ar);
        // Only counts come from the kommun's stream for the year; each person has their own.
        let mut slump = Rng::ny(key(&[u.seed, fil.kalla, k, ar as u64]));
        let fack = (ar - START + 1) as u32;
        let mut nummer = 0;
        for kon in Kon::BOTH {
            for alder in 0..AGES {
                let lambda = f64::from(folk.antal[kon as usize][alder])
                    * (andel(alder) * niva).min(0.5)
                    * u.volume.register
                    / ACTIVE_PER_NEW;
                // Newcomers every year; in the first year also those already receiving, in long
                // and in short spells (a mean of 0 draws nothing from the stream).
                let redan = if ar == START {
                    [LONG_AT_START, SHORT_AT_START]
                } else {
                    [0.0, 0.0]
                };
                let grupper = [
                    (None, 12.0 * lambda, fack),
                    (Some(true), redan[0] * lambda, 0),
                    (Some(false), redan[1] * lambda, 0),
                ];
                for (redan, medel, fack) in grupper {
                    for _ in 0..slump.poisson(medel) {
                        let n = Nykomling {
                            kommun: k as u16,
                            kon,
                            alder,
                            ar,
                            fack,
                            nummer,
                            redan,
                        };
                        nummer += 1;
                        rader += personens_rader(fil, kommun, profil, &n, tabell)?;
                    }
                }
            }
        }
    }
    Ok(rader)
}

/// Runs one person's career up to the end of the year asked and writes that year's months.
fn personens_rader(
    fil: &Fil<'_>,
    kommun: &KommunPopulation,
    profil: &Profile,
    n: &Nykomling,
    tabell: &mut Table<'_, Falt>,
) -> Result<u64, SynthError> {
    let u = fil.u;
    let id = lasting_serial(fil.id_nyckel, n.kommun, n.fack, n.nummer);
    let mut slump = Rng::ny(key(&[fil.id_nyckel, id]));
    let start = match n.redan {
        Some(_) => START * 12,
        None => n.ar * 12 + slump.under(12) as Month,
    };
    let (fran, till) = (u.ar * 12, u.ar * 12 + 11);
    let alder = (n.alder + (u.ar - n.ar) as usize).min(folkmangd::MAX_AGE);
    let mut forlopp = Course::ny(slump, fil.langder, start, n.redan);
    let mut rader = 0;
    while let Some(p) = forlopp.nasta() {
        if p.first > till {
            break;
        }
        if p.last < fran {
            continue;
        }
        // The household as it was when the spell began.
        let alder_da = (n.alder + (p.first / 12 - n.ar).max(0) as usize).min(folkmangd::MAX_AGE);
        let hushallstyp = fil.hushall[n.kon as usize][aldersgrupp(alder_da)].choose(p.hushall);
        let behov = normal_av(p.niva);
        let niva = grundbelopp(hushallstyp) * profil.prisniva * (1.0 + 0.3 * behov).max(0.1);
        for manad in p.first.max(fran)..=p.last.min(till) {
            let spridning = 0.9 + 0.2 * uniform_of(id ^ (manad as u64).wrapping_mul(0x9E37));
            let belopp = (niva * spridning * 100.0).floor();
            skriv_rad(
                fil,
                kommun,
                n.kon,
                alder,
                id,
                manad,
                hushallstyp,
                belopp,
                tabell,
            )?;
            rader += 1;
        }
    }
    Ok(rader)
}

#[allow(clippy::too_many_arguments)]
fn skriv_rad(
    fil: &Fil<'_>,
    kommun: &KommunPopulation,
    kon: Kon,
    alder: usize,
    id: u64,
    manad: Month,
    hushallstyp: &[u8],
    belopp: f64,
    tabell: &mut Table<'_, Falt>,
) -> Result<(), SynthError> {
    tabell.rad(|f| match f {
        Falt::SerialNumber => CellValue::Id(id),
        Falt::Kommun => CellValue::Text(&kommun.kod_text),
        Falt::Month => CellValue::Heltal(i64::from(manad.rem_euclid(12) + 1)),
        Falt::Kon => CellValue::Bytes(&fil.kon[kon as usize]),
        Falt::Alder => CellValue::Heltal(alder as i64),
        Falt::Hushallstyp => CellValue::Bytes(hushallstyp),
        Falt::Belopp => CellValue::Hundradelar(belopp as i64),
    })
}

/// A small sample can leave a kommun without recipients; one made-up person for this year only
/// keeps every kommun in the file.
fn utfyllnad(
    fil: &Fil<'_>,
    kommun: &KommunPopulation,
    profil: &Profile,
    tabell: &mut Table<'_, Falt>,
) -> Result<(), SynthError> {
    let u = fil.u;
    let mut basta = (0.0, Kon::Kvinna, 0);
    for kon in Kon::BOTH {
        for alder in 0..AGES {
            let v = f64::from(kommun.antal[kon as usize][alder]) * andel(alder);
            if v > basta.0 {
                basta = (v, kon, alder);
            }
        }
    }
    let (_, kon, alder) = basta;
    let id = lasting_serial(
        fil.id_nyckel,
        code_number(kommun.code),
        BUCKET_FILL,
        u.ar as u32,
    );
    let mut slump = Rng::ny(key(&[fil.id_nyckel, id]));
    let hushallstyp = fil.hushall[kon as usize][aldersgrupp(alder)].choose(slump.uniform());
    let niva = grundbelopp(hushallstyp) * profil.prisniva;
    let manader = 1 + slump.under(12) as u32;
    for manad in period(&mut slump, manader) {
        let belopp = (niva * (0.9 + 0.2 * slump.uniform()) * 100.0).floor();
        let manad = u.ar * 12 + manad as Month - 1;
        skriv_rad(
            fil,
            kommun,
            kon,
            alder,
            id,
            manad,
            hushallstyp,
            belopp,
            tabell,
        )?;
    }
    Ok(())
}
