//! `barn_placeringar`: one row per placement of a child or young person begun during the year.
//!
//! About 50 placements per 10 000 inhabitants aged 0–20, most among teenagers; young children
//! mostly in family homes, teenagers also in HVB and special youth homes (almost always under
//! LVU), young adults in stödboende. Some children are placed twice in a year (two rows, one
//! löpnummer, the second placement later). Placements begin on any day of the year; the first
//! follow-up comes after about six weeks (sooner where routines are better), and is missing when
//! it had not happened by the end of the year — so more often for placements made late in the
//! year — or when the placement ended first. Placements in family homes last long, in HVB and
//! special youth homes months; those still running at the end of the year have no end date.

use std::io::Write;

use jamfor_spec::keywords::Role;
use jamfor_spec::manifest::Source;

use crate::date::{Day, first, last};
use crate::folkmangd::Kon;
use crate::persons::{SerialNumber, count};
use crate::random::exp;
use crate::table::{Binding, CellValue, CodeChoice, Count, Table, name, roll};
use crate::{Basis, SynthError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Falt {
    SerialNumber,
    Kommun,
    Kon,
    Alder,
    Placeringsform,
    Lagrum,
    Placeringsdatum,
    Uppfoljningsdatum,
    Avslutsdatum,
}

const BINDNINGAR: &[Binding<'static, Falt>] = &[
    name("lopnr", Falt::SerialNumber),
    name("placeringsform", Falt::Placeringsform),
    name("lagrum", Falt::Lagrum),
    name("placeringsdatum", Falt::Placeringsdatum),
    name("uppfoljningsdatum", Falt::Uppfoljningsdatum),
    name("avslutsdatum", Falt::Avslutsdatum),
    roll(Role::Identifying, Falt::SerialNumber),
    roll(Role::Kommun, Falt::Kommun),
    roll(Role::Kon, Falt::Kon),
    roll(Role::Alder, Falt::Alder),
];

/// Share of children placed twice within the year.
const TVA_PLACERINGAR: f64 = 0.12;

/// Children placed during the year per inhabitant of the age.
fn andel(kon: Kon, alder: usize) -> f64 {
    let pojke = if kon == Kon::Man { 1.1 } else { 0.9 };
    pojke
        * match alder {
            0..=12 => 0.0030,
            13..=17 => 0.0110,
            18..=20 => 0.0060,
            _ => 0.0,
        }
        / (1.0 + TVA_PLACERINGAR)
}

fn former(alder: usize) -> &'static [(&'static str, f64)] {
    match alder {
        0..=12 => &[("FH", 80.0), ("HVB", 17.0), ("SIS", 0.5), ("SHVB", 0.0)],
        13..=17 => &[("FH", 40.0), ("HVB", 35.0), ("SIS", 10.0), ("SHVB", 15.0)],
        _ => &[("FH", 25.0), ("HVB", 27.0), ("SIS", 3.0), ("SHVB", 45.0)],
    }
}

/// Median length of a placement in this form, days.
fn langd(form: &[u8]) -> f64 {
    match form {
        b"FH" => 500.0,
        b"HVB" => 150.0,
        b"SIS" => 100.0,
        _ => 240.0,
    }
}

/// Probability that a placement in this form is made under LVU rather than SoL.
fn lvu(form: &[u8]) -> f64 {
    match form {
        b"SIS" => 0.95,
        b"HVB" => 0.35,
        b"FH" => 0.25,
        _ => 0.05,
    }
}

pub(crate) fn generate(
    source: &Source,
    u: &Basis<'_>,
    out: &mut dyn Write,
) -> Result<Count, SynthError> {
    let mut slump = u.random(&source.id, 1);
    let mut tabell = Table::ny(source, BINDNINGAR, u.ar, u.random(&source.id, 0), out)?;
    let kon = tabell.kon().clone();
    let formval: Vec<CodeChoice> = [0, 13, 18]
        .iter()
        .map(|&a| tabell.code_choice(Falt::Placeringsform, former(a)))
        .collect();
    let lagrum = [
        tabell.code_choice(Falt::Lagrum, &[("SoL", 1.0)]),
        tabell.code_choice(Falt::Lagrum, &[("LVU", 1.0)]),
    ];
    let uppfoljning_tom = tabell.may_be_empty(Falt::Uppfoljningsdatum);
    let avslut_tom = tabell.may_be_empty(Falt::Avslutsdatum);
    let (ar_forsta, ar_sista) = (first(u.ar), last(u.ar));
    let dagar_i_aret = (ar_sista - ar_forsta + 1) as u64;
    let mut lopnr = SerialNumber::ny(u.key(&source.id, 2));
    for (kommun, profil) in u.folk.kommuner.iter().zip(u.profiler) {
        let antal = count(
            &mut slump,
            kommun,
            u.volume.placeringar,
            u.volume.minst_en,
            |kn, a| andel(kn, a) * profil.placering,
        );
        // Better routines, earlier follow-up: about six weeks in the typical kommun.
        let dagar_niva = 42.0 * exp(-0.3 * profil.kvalitet);
        for kn in Kon::BOTH {
            for (alder, &n) in antal[kn as usize].iter().enumerate().take(21) {
                for _ in 0..n {
                    let id = lopnr.nasta();
                    let placeringar = 1 + usize::from(slump.chance(TVA_PLACERINGAR));
                    let mut dagar: [Day; 2] = [0; 2];
                    for d in &mut dagar[..placeringar] {
                        *d = ar_forsta + slump.under(dagar_i_aret) as Day;
                    }
                    dagar[..placeringar].sort_unstable();
                    for &borjan in &dagar[..placeringar] {
                        let grupp = match alder {
                            0..=12 => 0,
                            13..=17 => 1,
                            _ => 2,
                        };
                        let form = formval[grupp].choose(slump.uniform());
                        let lag = lagrum[usize::from(slump.chance(lvu(form)))].first();
                        let uppfoljs = slump.chance(0.92);
                        let uppfoljd =
                            borjan + slump.lognormal(dagar_niva, 0.5).round().max(1.0) as Day;
                        let slut =
                            borjan + slump.lognormal(langd(form), 0.9).round().max(1.0) as Day;
                        let avslutad = slut <= ar_sista;
                        let uppfoljd_i_ar = uppfoljs && uppfoljd <= ar_sista && uppfoljd <= slut;
                        tabell.rad(|f| match f {
                            Falt::SerialNumber => CellValue::Id(id),
                            Falt::Kommun => CellValue::Text(&kommun.kod_text),
                            Falt::Kon => CellValue::Bytes(&kon[kn as usize]),
                            Falt::Alder => CellValue::Heltal(alder as i64),
                            Falt::Placeringsform => CellValue::Bytes(form),
                            Falt::Lagrum => CellValue::Bytes(lag),
                            Falt::Placeringsdatum => CellValue::Datum(borjan),
                            Falt::Uppfoljningsdatum if uppfoljd_i_ar || !uppfoljning_tom => {
                                CellValue::Datum(uppfoljd)
                            }
                            Falt::Uppfoljningsdatum => CellValue::Tom,
                            Falt::Avslutsdatum if avslutad || !avslut_tom => CellValue::Datum(slut),
                            Falt::Avslutsdatum => CellValue::Tom,
                        })?;
                    }
                }
            }
        }
    }
    tabell.finish()
}
