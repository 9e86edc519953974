//! `barn_placeringar`: one row per placement of a child or young person begun during the year.
//!
//! About 50 placements per 10 000 inhabitants aged 0–20, most among teenagers; young children
//! mostly in family homes, teenagers also in HVB and special youth homes (almost always under
//! LVU), young adults in stödboende. Some children are placed twice in a year (two rows, one
//! löpnummer). Days to the first follow-up are shorter where routines are better, and missing
//! for placements not yet followed up.

use std::io::Write;

use jamfor_spec::keywords::Role;
use jamfor_spec::manifest::Source;

use crate::folkmangd::Kon;
use crate::personer::{Lopnr, rakna};
use crate::slump::exp;
use crate::tabell::{Bindning, Kodval, Rakning, Tabell, Varde, namn, roll};
use crate::{SynthError, Underlag};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Falt {
    Lopnr,
    Kommun,
    Kon,
    Alder,
    Placeringsform,
    Lagrum,
    DagarTillUppfoljning,
}

const BINDNINGAR: &[Bindning<'static, Falt>] = &[
    namn("lopnr", Falt::Lopnr),
    namn("placeringsform", Falt::Placeringsform),
    namn("lagrum", Falt::Lagrum),
    namn("dagar_till_uppfoljning", Falt::DagarTillUppfoljning),
    roll(Role::Identifying, Falt::Lopnr),
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

/// Probability that a placement in this form is made under LVU rather than SoL.
fn lvu(form: &[u8]) -> f64 {
    match form {
        b"SIS" => 0.95,
        b"HVB" => 0.35,
        b"FH" => 0.25,
        _ => 0.05,
    }
}

pub(crate) fn generera(
    source: &Source,
    u: &Underlag<'_>,
    out: &mut dyn Write,
) -> Result<Rakning, SynthError> {
    let mut slump = u.slump(&source.id, 1);
    let mut tabell = Tabell::ny(source, BINDNINGAR, u.ar, u.slump(&source.id, 0), out)?;
    let kon = tabell.kon().clone();
    let formval: Vec<Kodval> = [0, 13, 18]
        .iter()
        .map(|&a| tabell.kodval(Falt::Placeringsform, former(a)))
        .collect();
    let lagrum = [
        tabell.kodval(Falt::Lagrum, &[("SoL", 1.0)]),
        tabell.kodval(Falt::Lagrum, &[("LVU", 1.0)]),
    ];
    let uppfoljning_tom = tabell.kan_vara_tom(Falt::DagarTillUppfoljning);
    let mut lopnr = Lopnr::ny(u.nyckel(&source.id, 2));
    for (kommun, profil) in u.folk.kommuner.iter().zip(u.profiler) {
        let antal = rakna(
            &mut slump,
            kommun,
            u.volym.placeringar,
            u.volym.minst_en,
            |kn, a| andel(kn, a) * profil.placering,
        );
        // Better routines, earlier follow-up.
        let dagar_niva = 35.0 * exp(-0.3 * profil.kvalitet);
        for kn in Kon::BADA {
            for (alder, &n) in antal[kn as usize].iter().enumerate().take(21) {
                for _ in 0..n {
                    let id = lopnr.nasta();
                    let placeringar = 1 + usize::from(slump.chans(TVA_PLACERINGAR));
                    for _ in 0..placeringar {
                        let grupp = match alder {
                            0..=12 => 0,
                            13..=17 => 1,
                            _ => 2,
                        };
                        let form = formval[grupp].valj(slump.enhetlig());
                        let lag = lagrum[usize::from(slump.chans(lvu(form)))].forsta();
                        let uppfoljd = !uppfoljning_tom || slump.chans(0.85);
                        let dagar = (dagar_niva * exp(0.5 * slump.normal())).round().max(1.0);
                        tabell.rad(|f| match f {
                            Falt::Lopnr => Varde::Id(id),
                            Falt::Kommun => Varde::Text(&kommun.kod_text),
                            Falt::Kon => Varde::Bytes(&kon[kn as usize]),
                            Falt::Alder => Varde::Heltal(alder as i64),
                            Falt::Placeringsform => Varde::Bytes(form),
                            Falt::Lagrum => Varde::Bytes(lag),
                            Falt::DagarTillUppfoljning if uppfoljd => Varde::Heltal(dagar as i64),
                            Falt::DagarTillUppfoljning => Varde::Tom,
                        })?;
                    }
                }
            }
        }
    }
    tabell.avsluta()
}
