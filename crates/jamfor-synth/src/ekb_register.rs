//! `ekb_register`: one row per recipient of ekonomiskt bistånd and month with a payment.
//!
//! About 4 % of inhabitants receive bistånd during a year (children count as members of the
//! recipient household), most often young adults and single parents, more in Skåne and
//! Mälardalen and in some kommuner far more. Each person gets a spell of consecutive months;
//! `manader_under_aret` on every row equals the number of rows the person has, and the amount
//! follows the household type and the kommun's rent level.

use std::io::Write;

use jamfor_spec::keywords::Role;
use jamfor_spec::manifest::Source;

use crate::folkmangd::Kon;
use crate::personer::{Lopnr, period, rakna};
use crate::slump::{exp, normal_av, nyckel};
use crate::tabell::{Bindning, Kodval, Rakning, Tabell, Varde, namn, roll};
use crate::{SynthError, Underlag};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Falt {
    Lopnr,
    Kommun,
    Manad,
    Kon,
    Alder,
    ManaderUnderAret,
    Hushallstyp,
    Belopp,
}

const BINDNINGAR: &[Bindning<'static, Falt>] = &[
    namn("lopnr", Falt::Lopnr),
    namn("manad", Falt::Manad),
    namn("manader_under_aret", Falt::ManaderUnderAret),
    namn("hushallstyp", Falt::Hushallstyp),
    namn("belopp", Falt::Belopp),
    roll(Role::Identifying, Falt::Lopnr),
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

/// The national level by year: up in the pandemic year, down as employment recovered.
fn arsniva(ar: i32) -> f64 {
    match ar {
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

pub(crate) fn generera(
    source: &Source,
    u: &Underlag<'_>,
    out: &mut dyn Write,
) -> Result<Rakning, SynthError> {
    let mut slump = u.slump(&source.id, 1);
    let mut tabell = Tabell::ny(source, BINDNINGAR, u.ar, u.slump(&source.id, 0), out)?;
    let kon = tabell.kon().clone();
    // Resolved once: [kön][age group].
    let val: Vec<Vec<Kodval>> = Kon::BADA
        .iter()
        .map(|&k| {
            [0, 18, 25, 65]
                .iter()
                .map(|&a| tabell.kodval(Falt::Hushallstyp, hushall(k, a)))
                .collect()
        })
        .collect();
    let mut lopnr = Lopnr::ny(u.nyckel(&source.id, 2));
    for (kommun, profil) in u.folk.kommuner.iter().zip(u.profiler) {
        let k = u64::from(crate::folkmangd::kod_tal(kommun.kod));
        let ar = arsniva(u.ar) * exp(0.05 * normal_av(nyckel(&[u.seed, 0xEC1, k, u.ar_nyckel()])));
        let faktor = profil.ekb * ar;
        let antal = rakna(
            &mut slump,
            kommun,
            u.volym.register,
            u.volym.minst_en,
            |_, a| (andel(a) * faktor).min(0.5),
        );
        for kn in Kon::BADA {
            for (alder, &n) in antal[kn as usize].iter().enumerate() {
                for _ in 0..n {
                    let id = lopnr.nasta();
                    // Three in ten receive bistånd all year; the others mostly for a few months.
                    let manader = if slump.chans(0.3) {
                        12
                    } else {
                        let x = slump.enhetlig();
                        1 + (11.0 * x * x) as u32
                    };
                    let hushallstyp = val[kn as usize][aldersgrupp(alder)].valj(slump.enhetlig());
                    let niva = grundbelopp(hushallstyp)
                        * profil.prisniva
                        * (1.0 + 0.3 * slump.normal()).max(0.1);
                    for manad in period(&mut slump, manader) {
                        let belopp = (niva * (0.9 + 0.2 * slump.enhetlig()) * 100.0).floor();
                        tabell.rad(|f| match f {
                            Falt::Lopnr => Varde::Id(id),
                            Falt::Kommun => Varde::Text(&kommun.kod_text),
                            Falt::Manad => Varde::Heltal(i64::from(manad)),
                            Falt::Kon => Varde::Bytes(&kon[kn as usize]),
                            Falt::Alder => Varde::Heltal(alder as i64),
                            Falt::ManaderUnderAret => Varde::Heltal(i64::from(manader)),
                            Falt::Hushallstyp => Varde::Bytes(hushallstyp),
                            Falt::Belopp => Varde::Hundradelar(belopp as i64),
                        })?;
                    }
                }
            }
        }
    }
    tabell.avsluta()
}
