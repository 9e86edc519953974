//! `brukar_lss`: the brukarundersökning inom LSS, one row per person asked.
//!
//! A total survey: everyone with bostad med särskild service (six in ten in gruppbostad, the
//! others in servicebostad) or daglig verksamhet is asked, so there is no design weight. The
//! users follow the insats register's age pattern and kommun factor. About 30 % answer, often
//! with support; answers are given with pictograms (Ja / Ibland / Nej) and are better where the
//! kommun's quality is higher.

use std::io::Write;

use jamfor_spec::keywords::Role;
use jamfor_spec::manifest::Source;

use crate::folkmangd::{Kon, code_number};
use crate::hemtjanst_register::Insats;
use crate::random::{key, normal_av};
use crate::sample::draw;
use crate::table::{Binding, CellValue, CodeChoice, Count, Table, name, roll};
use crate::{Basis, SynthError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Falt {
    Kommun,
    Verksamhet,
    Kon,
    Alder,
    Vikt,
    Svarat,
    Trivs,
    Bestamma,
    Trygg,
}

const BINDNINGAR: &[Binding<'static, Falt>] = &[
    name("verksamhet", Falt::Verksamhet),
    name("svarat", Falt::Svarat),
    name("trivs", Falt::Trivs),
    name("bestamma", Falt::Bestamma),
    name("trygg", Falt::Trygg),
    roll(Role::Kommun, Falt::Kommun),
    roll(Role::Kon, Falt::Kon),
    roll(Role::Alder, Falt::Alder),
    roll(Role::Weight, Falt::Vikt),
];

/// Everyone is asked.
const URVAL: f64 = 1.0;
const SVAR: f64 = 0.3;
const HOPPAR_OVER: f64 = 0.06;

/// The strata: code, register insats, share of that insats's users in the stratum.
const STRATA: [(&str, Insats, f64); 3] = [
    ("GRUPP", Insats::LssBostad, 0.6),
    ("SERVICE", Insats::LssBostad, 0.4),
    ("DV", Insats::LssDaglig, 1.0),
];

fn tre(tabell: &Table<'_, Falt>, falt: Falt, yes: f64, q: f64) -> CodeChoice {
    let yes = (yes * (1.0 + 0.15 * q)).min(0.97);
    tabell.code_choice(
        falt,
        &[
            ("Ja", yes),
            ("Ibland", (1.0 - yes) * 0.7),
            ("Nej", (1.0 - yes) * 0.3),
        ],
    )
}

pub(crate) fn generate(
    source: &Source,
    u: &Basis<'_>,
    out: &mut dyn Write,
) -> Result<Count, SynthError> {
    let mut slump = u.random(&source.id, 1);
    let mut tabell = Table::ny(source, BINDNINGAR, u.ar, u.random(&source.id, 0), out)?;
    let kon = tabell.kon().clone();
    let verksamhet: Vec<Vec<u8>> = STRATA
        .iter()
        .map(|(code, _, _)| {
            tabell
                .code_choice(Falt::Verksamhet, &[(code, 1.0)])
                .first()
                .to_vec()
        })
        .collect();
    let svarat = [
        tabell.code_choice(Falt::Svarat, &[("Nej", 1.0)]),
        tabell.code_choice(Falt::Svarat, &[("Ja", 1.0)]),
    ];
    let kan_hoppa = [
        tabell.may_be_empty(Falt::Trivs),
        tabell.may_be_empty(Falt::Bestamma),
        tabell.may_be_empty(Falt::Trygg),
    ];
    for (kommun, profil) in u.folk.kommuner.iter().zip(u.profiler) {
        let k = u64::from(code_number(kommun.code));
        let q = profil.kvalitet;
        let svar = [
            tre(&tabell, Falt::Trivs, 0.72, q),
            tre(&tabell, Falt::Bestamma, 0.66, q),
            tre(&tabell, Falt::Trygg, 0.78, q),
        ];
        for (j, ((_, insats, del), verksamhet)) in STRATA.iter().zip(&verksamhet).enumerate() {
            let Some(urval) = draw(&mut slump, kommun, URVAL, &u.volume, |kn, a| {
                (insats.andel(kn, a) * profil.lss * del).min(0.9)
            }) else {
                continue;
            };
            let arsvariation = 0.04 * normal_av(key(&[u.seed, 0x155F, k, j as u64, u.year_key()]));
            let p = (SVAR + profil.svarsvilja + arsvariation).clamp(0.1, 0.9);
            for kn in Kon::BOTH {
                for (alder, &n) in urval.antal[kn as usize].iter().enumerate() {
                    for _ in 0..n {
                        let svarar = slump.chance(p);
                        let besvarad: [bool; 3] = std::array::from_fn(|i| {
                            svarar && !(kan_hoppa[i] && slump.chance(HOPPAR_OVER))
                        });
                        let x: [f64; 3] = std::array::from_fn(|_| slump.uniform());
                        tabell.rad(|f| match f {
                            Falt::Kommun => CellValue::Text(&kommun.kod_text),
                            Falt::Verksamhet => CellValue::Bytes(verksamhet),
                            Falt::Kon => CellValue::Bytes(&kon[kn as usize]),
                            Falt::Alder => CellValue::Heltal(alder as i64),
                            Falt::Vikt => CellValue::Hundradelar(urval.weight),
                            Falt::Svarat => CellValue::Bytes(svarat[usize::from(svarar)].first()),
                            Falt::Trivs if besvarad[0] => CellValue::Bytes(svar[0].choose(x[0])),
                            Falt::Bestamma if besvarad[1] => CellValue::Bytes(svar[1].choose(x[1])),
                            Falt::Trygg if besvarad[2] => CellValue::Bytes(svar[2].choose(x[2])),
                            Falt::Trivs | Falt::Bestamma | Falt::Trygg => CellValue::Tom,
                        })?;
                    }
                }
            }
        }
    }
    tabell.finish()
}
