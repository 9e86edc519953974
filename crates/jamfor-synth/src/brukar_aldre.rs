//! `brukar_aldre`: Vad tycker de äldre om äldreomsorgen? One row per sampled person 65+ with
//! hemtjänst or in särskilt boende.
//!
//! The users are the home-care register's: the same age pattern and the same kommun factor, so
//! the survey's strata match the register. Half of the users are sampled at national scale (about
//! 80 000 respondents); the design weight of a stratum is users / sampled. About 55 % answer
//! with hemtjänst and 45 % in särskilt boende, fewer among the oldest. Answers are mostly
//! positive and better where the kommun's quality is higher. In kommuner whose code begins the
//! declared stadsdel codes (Stockholm, Göteborg, Malmö), every person belongs to a stadsdel, each
//! with its own quality around the kommun's.

use std::io::Write;

use jamfor_spec::keywords::Role;
use jamfor_spec::manifest::Source;

use crate::folkmangd::{Kon, code_number};
use crate::hemtjanst_register::Insats;
use crate::random::{key, normal_av, text_key, uniform_of};
use crate::sample::draw;
use crate::table::{Binding, CellValue, CodeChoice, Count, Table, name, roll};
use crate::{Basis, SynthError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Falt {
    Kommun,
    Stadsdel,
    Verksamhet,
    Kon,
    Alder,
    Vikt,
    Svarat,
    Bemotande,
    Trygghet,
    Helhetssyn,
}

const BINDNINGAR: &[Binding<'static, Falt>] = &[
    name("verksamhet", Falt::Verksamhet),
    name("svarat", Falt::Svarat),
    name("bemotande", Falt::Bemotande),
    name("trygghet", Falt::Trygghet),
    name("helhetssyn", Falt::Helhetssyn),
    roll(Role::Kommun, Falt::Kommun),
    roll(Role::Stadsdel, Falt::Stadsdel),
    roll(Role::Kon, Falt::Kon),
    roll(Role::Alder, Falt::Alder),
    roll(Role::Weight, Falt::Vikt),
];

/// Share of the users sampled at national scale.
const URVAL: f64 = 0.5;
/// Share of respondents who skip a given question.
const HOPPAR_OVER: f64 = 0.05;

/// The surveyed services: code, register insats, base response rate.
const STRATA: [(&str, Insats, f64); 2] = [
    ("HT", Insats::Hemtjanst, 0.55),
    ("SÄBO", Insats::Sabo, 0.45),
];

/// Answer distributions for a unit of quality `q` (about -1..1).
struct Svarsmodell {
    bemotande: CodeChoice,
    trygghet: CodeChoice,
    helhetssyn: CodeChoice,
}

fn svarsmodell(tabell: &Table<'_, Falt>, q: f64) -> Svarsmodell {
    Svarsmodell {
        bemotande: tabell.code_choice(
            Falt::Bemotande,
            &[
                ("Alltid", 62.0 * (1.0 + 0.2 * q)),
                ("Oftast", 33.0),
                ("Ibland", 4.0 * (1.0 - 0.5 * q)),
                ("Sällan", 0.8 * (1.0 - 0.5 * q)),
                ("Aldrig", 0.2),
            ],
        ),
        trygghet: tabell.code_choice(
            Falt::Trygghet,
            &[
                ("Mycket trygg", 50.0 * (1.0 + 0.3 * q)),
                ("Ganska trygg", 38.0),
                ("Ganska otrygg", 8.0 * (1.0 - 0.4 * q)),
                ("Mycket otrygg", 4.0 * (1.0 - 0.4 * q)),
            ],
        ),
        helhetssyn: tabell.code_choice(
            Falt::Helhetssyn,
            &[
                ("Mycket nöjd", 42.0 * (1.0 + 0.3 * q)),
                ("Ganska nöjd", 44.0),
                ("Varken nöjd eller missnöjd", 8.0 * (1.0 - 0.3 * q)),
                ("Ganska missnöjd", 4.0 * (1.0 - 0.4 * q)),
                ("Mycket missnöjd", 2.0 * (1.0 - 0.5 * q)),
            ],
        ),
    }
}

/// Where a respondent lives within the kommun: a stadsdel (encoded) or none.
struct Del {
    code: Option<Vec<u8>>,
    /// Cumulative share of the kommun's users.
    kum: f64,
    svar: Svarsmodell,
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
        tabell.may_be_empty(Falt::Bemotande),
        tabell.may_be_empty(Falt::Trygghet),
        tabell.may_be_empty(Falt::Helhetssyn),
    ];
    let stadsdelar: Vec<&str> = source
        .role(Role::Stadsdel)
        .map(|c| c.codes.iter().map(|(k, _)| k.as_str()).collect())
        .unwrap_or_default();
    for (kommun, profil) in u.folk.kommuner.iter().zip(u.profiler) {
        let k = u64::from(code_number(kommun.code));
        let egna: Vec<&str> = stadsdelar
            .iter()
            .copied()
            .filter(|s| s.len() > 4 && s.starts_with(kommun.kod_text.as_str()))
            .collect();
        let delar: Vec<Del> = if egna.is_empty() {
            vec![Del {
                code: None,
                kum: 1.0,
                svar: svarsmodell(&tabell, profil.kvalitet),
            }]
        } else {
            // Stadsdelar differ in size and quality, the same every year.
            let storlek: Vec<f64> = egna
                .iter()
                .map(|s| 0.5 + uniform_of(key(&[u.seed, 0x57AD, text_key(s)])))
                .collect();
            let summa: f64 = storlek.iter().sum();
            let mut kum = 0.0;
            egna.iter()
                .zip(&storlek)
                .map(|(s, v)| {
                    kum += v / summa;
                    let q = (profil.kvalitet
                        + 0.35 * normal_av(key(&[u.seed, 0x57AE, text_key(s)])))
                    .clamp(-1.0, 1.0);
                    Del {
                        code: Some(
                            tabell
                                .code_choice(Falt::Stadsdel, &[(s, 1.0)])
                                .first()
                                .to_vec(),
                        ),
                        kum,
                        svar: svarsmodell(&tabell, q),
                    }
                })
                .collect()
        };
        for (j, ((_, insats, bas), verksamhet)) in STRATA.iter().zip(&verksamhet).enumerate() {
            let Some(urval) = draw(&mut slump, kommun, URVAL, &u.volume, |kn, a| {
                if a >= 65 {
                    (insats.andel(kn, a) * profil.aldreomsorg).min(0.9)
                } else {
                    0.0
                }
            }) else {
                continue;
            };
            let arsvariation = 0.03 * normal_av(key(&[u.seed, 0xA5F, k, j as u64, u.year_key()]));
            for kn in Kon::BOTH {
                for (alder, &n) in urval.antal[kn as usize].iter().enumerate() {
                    let aldst = if alder >= 90 { 0.07 } else { 0.0 };
                    let p = (bas + profil.svarsvilja + arsvariation - aldst).clamp(0.15, 0.9);
                    for _ in 0..n {
                        let x = slump.uniform();
                        let del = delar
                            .iter()
                            .find(|d| x < d.kum)
                            .or(delar.last())
                            .ok_or_else(|| SynthError::Declaration {
                                source: source.id.clone(),
                                message: "no part of the kommun to place a respondent in".into(),
                            })?;
                        let svar = slump.chance(p);
                        let besvarad: [bool; 3] = std::array::from_fn(|i| {
                            svar && !(kan_hoppa[i] && slump.chance(HOPPAR_OVER))
                        });
                        let (u1, u2, u3) = (slump.uniform(), slump.uniform(), slump.uniform());
                        tabell.rad(|f| match f {
                            Falt::Kommun => CellValue::Text(&kommun.kod_text),
                            Falt::Stadsdel => {
                                del.code.as_deref().map_or(CellValue::Tom, CellValue::Bytes)
                            }
                            Falt::Verksamhet => CellValue::Bytes(verksamhet),
                            Falt::Kon => CellValue::Bytes(&kon[kn as usize]),
                            Falt::Alder => CellValue::Heltal(alder as i64),
                            Falt::Vikt => CellValue::Hundradelar(urval.weight),
                            Falt::Svarat => CellValue::Bytes(svarat[usize::from(svar)].first()),
                            Falt::Bemotande if besvarad[0] => {
                                CellValue::Bytes(del.svar.bemotande.choose(u1))
                            }
                            Falt::Trygghet if besvarad[1] => {
                                CellValue::Bytes(del.svar.trygghet.choose(u2))
                            }
                            Falt::Helhetssyn if besvarad[2] => {
                                CellValue::Bytes(del.svar.helhetssyn.choose(u3))
                            }
                            Falt::Bemotande | Falt::Trygghet | Falt::Helhetssyn => CellValue::Tom,
                        })?;
                    }
                }
            }
        }
    }
    tabell.finish()
}
