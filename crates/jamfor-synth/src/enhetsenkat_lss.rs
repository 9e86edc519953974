//! `enhetsenkat_lss`: one row per LSS housing unit (bostad med särskild service) that answered.
//!
//! Each kommun runs several units, roughly one per 2 600 inhabitants and at least two; a unit
//! keeps its id, regiform and character from year to year, and new units appear as the kommun
//! grows. Private providers are common in the cities and rare in the countryside. About one unit
//! in ten does not answer in a given year and is absent from the file. Questions are answered as
//! in the kommunenkät, with the unit's own quality around the kommun's.

use std::io::Write;

use jamfor_geo::Kommungrupp;
use jamfor_spec::keywords::Role;
use jamfor_spec::manifest::Source;

use crate::answers::{Question, unanswered, yes};
use crate::folkmangd::code_number;
use crate::random::{key, normal_av, uniform_of};
use crate::table::{Binding, CellValue, Count, Table, name, roll};
use crate::{Basis, SynthError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Falt {
    Kommun,
    Enhet,
    Regiform,
    Question(usize),
}

const INVANARE_PER_ENHET: f64 = 2_600.0;
const OBESVARAD: f64 = 0.02;

fn privat_andel(grupp: Option<Kommungrupp>) -> f64 {
    match grupp {
        Some(Kommungrupp::A1) => 0.45,
        Some(Kommungrupp::A2) => 0.3,
        Some(Kommungrupp::B3 | Kommungrupp::B4 | Kommungrupp::B5) => 0.15,
        _ => 0.07,
    }
}

pub(crate) fn generate(
    source: &Source,
    u: &Basis<'_>,
    out: &mut dyn Write,
) -> Result<Count, SynthError> {
    let mut bindningar: Vec<Binding<'_, Falt>> = vec![
        roll(Role::Kommun, Falt::Kommun),
        roll(Role::Enhet, Falt::Enhet),
        name("regiform", Falt::Regiform),
    ];
    let mut fragor = Vec::new();
    for (i, c) in source.columns.iter().enumerate() {
        let fraga = Question::av(c);
        if c.role.is_none() && fraga == Question::JaNej {
            bindningar.push(name(&c.name, Falt::Question(i)));
        }
        fragor.push((c.name.as_str(), c.nullable));
    }
    let mut tabell = Table::ny(source, &bindningar, u.ar, u.random(&source.id, 0), out)?;
    let regi = [
        tabell
            .code_choice(Falt::Regiform, &[("K", 1.0)])
            .first()
            .to_vec(),
        tabell
            .code_choice(Falt::Regiform, &[("P", 1.0)])
            .first()
            .to_vec(),
    ];
    let yes_no: Vec<[Vec<u8>; 2]> = (0..source.columns.len())
        .map(|i| {
            [
                tabell
                    .code_choice(Falt::Question(i), &[("Nej", 1.0)])
                    .first()
                    .to_vec(),
                tabell
                    .code_choice(Falt::Question(i), &[("Ja", 1.0)])
                    .first()
                    .to_vec(),
            ]
        })
        .collect();
    let mut id = String::new();
    for (kommun, profil) in u.folk.kommuner.iter().zip(u.profiler) {
        let k = u64::from(code_number(kommun.code));
        let enheter =
            ((kommun.totalt() as f64 * profil.lss / INVANARE_PER_ENHET).round() as u64).max(2);
        for j in 0..enheter {
            // Unit traits: from seed, kommun and unit number only, so stable across years.
            let enhet = key(&[u.seed, 0xE4E7, k, j]);
            let svarar = uniform_of(key(&[enhet, u.year_key()])) < 0.9 + profil.svarsvilja;
            if !svarar {
                continue;
            }
            let privat = uniform_of(key(&[enhet, 0x9E61])) < privat_andel(kommun.grupp);
            let kvalitet = profil.kvalitet + 0.3 * normal_av(key(&[enhet, 0x4A11]));
            id.clear();
            id.push('E');
            id.push_str(&kommun.kod_text);
            id.push_str(&format!("{j:03}"));
            tabell.rad(|f| match f {
                Falt::Kommun => CellValue::Text(&kommun.kod_text),
                Falt::Enhet => CellValue::Text(&id),
                Falt::Regiform => CellValue::Bytes(&regi[usize::from(privat)]),
                Falt::Question(i) => {
                    let (namn, nullable) = fragor[i];
                    if nullable && unanswered(u.seed, namn, enhet, u.ar, OBESVARAD) {
                        CellValue::Tom
                    } else {
                        let svar = yes(u.seed, namn, enhet, kvalitet, u.ar);
                        CellValue::Bytes(&yes_no[i][usize::from(svar)])
                    }
                }
            })?;
        }
    }
    tabell.finish()
}
