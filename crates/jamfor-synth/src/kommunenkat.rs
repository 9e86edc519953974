//! `kommunenkat`: one row per kommun that answered the kommunenkät.
//!
//! Every declared question is answered from the declaration: Ja/Nej questions through the
//! persistent answer model of [`crate::svar`], day counts from the kommun's handling time (the
//! longer processes — investigations, waits for särskilt boende — are computed from the registers
//! now, not asked), other columns from their type — so a question added to the source is answered without touching
//! this file. About five kommuner a year do not answer at all (their rows are absent: bortfall),
//! small kommuner more often; answering kommuner leave a question empty now and then.

use std::io::Write;

use jamfor_spec::keywords::Role;
use jamfor_spec::manifest::Source;

use crate::answers::{Question, unanswered, yes};
use crate::folkmangd::code_number;
use crate::random::{Rng, exp, key, normal_av};
use crate::table::{Binding, CellValue, Count, Table, name, roll};
use crate::{Basis, SynthError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Falt {
    Kommun,
    /// The declared column with this index.
    Question(usize),
}

/// Share of questions an answering kommun leaves empty.
const OBESVARAD: f64 = 0.025;

/// Which kommuner (by index) do not answer this year: three to seven, the smaller the likelier.
pub(crate) fn bortfall(slump: &mut Rng, invanare: &[u64]) -> Vec<bool> {
    let mut bort = vec![false; invanare.len()];
    let weight: Vec<f64> = invanare
        .iter()
        .map(|&n| 1.0 / (n.max(1) as f64).sqrt())
        .collect();
    let antal = 3 + slump.under(5) as usize;
    for _ in 0..antal.min(invanare.len()) {
        let kvar: f64 = weight
            .iter()
            .zip(&bort)
            .filter(|(_, b)| !**b)
            .map(|(v, _)| v)
            .sum();
        let mut x = slump.uniform() * kvar;
        let mut valt = None;
        for (i, v) in weight.iter().enumerate() {
            if bort[i] {
                continue;
            }
            valt = Some(i);
            if x < *v {
                break;
            }
            x -= v;
        }
        if let Some(i) = valt {
            bort[i] = true;
        }
    }
    bort
}

pub(crate) fn generate(
    source: &Source,
    u: &Basis<'_>,
    out: &mut dyn Write,
) -> Result<Count, SynthError> {
    let mut bindningar: Vec<Binding<'_, Falt>> = vec![roll(Role::Kommun, Falt::Kommun)];
    let mut fragor = Vec::new();
    for (i, c) in source.columns.iter().enumerate() {
        let fraga = Question::av(c);
        if c.role.is_none() && fraga != Question::Annan {
            bindningar.push(name(&c.name, Falt::Question(i)));
        }
        fragor.push((c.name.as_str(), fraga, c.nullable));
    }
    let mut tabell = Table::ny(source, &bindningar, u.ar, u.random(&source.id, 0), out)?;
    let yes_no: Vec<[Vec<u8>; 2]> = source
        .columns
        .iter()
        .enumerate()
        .map(|(i, _)| {
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
    let invanare: Vec<u64> = u.folk.kommuner.iter().map(|k| k.totalt()).collect();
    let bort = bortfall(&mut u.random(&source.id, 1), &invanare);
    for ((kommun, profil), bort) in u.folk.kommuner.iter().zip(u.profiler).zip(bort) {
        if bort {
            continue;
        }
        let k = u64::from(code_number(kommun.code));
        let dagar = profil.handlaggning_dagar
            * exp(0.15 * normal_av(key(&[u.seed, 0xDA6, k, u.year_key()])));
        tabell.rad(|f| match f {
            Falt::Kommun => CellValue::Text(&kommun.kod_text),
            Falt::Question(i) => {
                let (namn, fraga, nullable) = fragor[i];
                if nullable && unanswered(u.seed, namn, k, u.ar, OBESVARAD) {
                    return CellValue::Tom;
                }
                match fraga {
                    Question::JaNej => {
                        let svar = yes(u.seed, namn, k, profil.kvalitet, u.ar);
                        CellValue::Bytes(&yes_no[i][usize::from(svar)])
                    }
                    Question::Dagar => CellValue::Heltal(dagar.round().max(1.0) as i64),
                    Question::Annan => CellValue::Tom,
                }
            }
        })?;
    }
    tabell.finish()
}
