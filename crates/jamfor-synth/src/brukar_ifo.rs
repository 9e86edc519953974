//! `brukar_ifo`: the user survey of individ- och familjeomsorgen, one row per sampled person.
//!
//! In each kommun the users of each service (ekonomiskt bistånd, missbruksvård, barn och unga,
//! våld i nära relationer) are sampled; the design weight of every row in a stratum is users /
//! sampled. About one user in eight is asked and about 55 % answer, more in some kommuner than others; non-respondents have
//! `svarat = Nej` and no answers, respondents skip a question now and then. Answers are better
//! where the kommun's routines are better. Small kommuner have a handful of users per service,
//! so their cells are small.

use std::io::Write;

use jamfor_spec::keywords::Role;
use jamfor_spec::manifest::Source;

use crate::folkmangd::{Kon, code_number};
use crate::random::{key, normal_av};
use crate::table::{Binding, CellValue, CodeChoice, Count, Table, name, roll};
use crate::{Basis, SynthError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Falt {
    Kommun,
    Verksamhet,
    Kon,
    Vikt,
    Svarat,
    Bemotande,
    Forbattring,
}

const BINDNINGAR: &[Binding<'static, Falt>] = &[
    name("verksamhet", Falt::Verksamhet),
    name("svarat", Falt::Svarat),
    name("bemotande", Falt::Bemotande),
    name("forbattring", Falt::Forbattring),
    roll(Role::Kommun, Falt::Kommun),
    roll(Role::Kon, Falt::Kon),
    roll(Role::Weight, Falt::Vikt),
];

/// A surveyed service: users per adult inhabitant, share of women, base response rate.
struct Verksamhet {
    code: &'static str,
    anvandare: f64,
    kvinnor: f64,
    svar: f64,
}

const VERKSAMHETER: [Verksamhet; 4] = [
    Verksamhet {
        code: "EKB",
        anvandare: 0.025,
        kvinnor: 0.5,
        svar: 0.5,
    },
    Verksamhet {
        code: "MB",
        anvandare: 0.007,
        kvinnor: 0.3,
        svar: 0.5,
    },
    Verksamhet {
        code: "BU",
        anvandare: 0.008,
        kvinnor: 0.55,
        svar: 0.62,
    },
    Verksamhet {
        code: "VNR",
        anvandare: 0.0025,
        kvinnor: 0.85,
        svar: 0.58,
    },
];

/// Share of respondents who skip a given question.
const HOPPAR_OVER: f64 = 0.04;

/// Share of the users asked at national scale: the survey runs during a few weeks, so it reaches
/// the users in contact then, about one in eight of the year's users.
const URVAL: f64 = 0.12;

pub(crate) fn generate(
    source: &Source,
    u: &Basis<'_>,
    out: &mut dyn Write,
) -> Result<Count, SynthError> {
    let mut slump = u.random(&source.id, 1);
    let mut tabell = Table::ny(source, BINDNINGAR, u.ar, u.random(&source.id, 0), out)?;
    let kon = tabell.kon().clone();
    let verksamhet: Vec<CodeChoice> = VERKSAMHETER
        .iter()
        .map(|v| tabell.code_choice(Falt::Verksamhet, &[(v.code, 1.0)]))
        .collect();
    let svarat = [
        tabell.code_choice(Falt::Svarat, &[("Nej", 1.0)]),
        tabell.code_choice(Falt::Svarat, &[("Ja", 1.0)]),
    ];
    let kan_hoppa = [
        tabell.may_be_empty(Falt::Bemotande),
        tabell.may_be_empty(Falt::Forbattring),
    ];
    for (kommun, profil) in u.folk.kommuner.iter().zip(u.profiler) {
        let k = u64::from(code_number(kommun.code));
        let q = profil.kvalitet;
        // Better routines: more "bra", fewer "dåligt".
        let bemotande = tabell.code_choice(
            Falt::Bemotande,
            &[
                ("Mycket bra", 45.0 * (1.0 + 0.3 * q)),
                ("Ganska bra", 30.0 * (1.0 + 0.1 * q)),
                ("Varken bra eller dåligt", 12.0 * (1.0 - 0.3 * q)),
                ("Ganska dåligt", 8.0 * (1.0 - 0.4 * q)),
                ("Mycket dåligt", 5.0 * (1.0 - 0.5 * q)),
            ],
        );
        let forbattring = tabell.code_choice(
            Falt::Forbattring,
            &[
                ("Ja, mycket", 25.0 * (1.0 + 0.3 * q)),
                ("Ja, ganska mycket", 30.0 * (1.0 + 0.1 * q)),
                ("Ja, lite", 25.0),
                ("Nej", 20.0 * (1.0 - 0.4 * q)),
            ],
        );
        let vuxna = kommun.sum(18, 100) as f64;
        for (j, (v, code)) in VERKSAMHETER.iter().zip(&verksamhet).enumerate() {
            let ekb = if v.code == "EKB" { profil.ekb } else { 1.0 };
            let anvandare = slump.poisson(vuxna * v.anvandare * ekb);
            // A share of the users, at least one when any exist (and at least the scale's
            // minimum when there are that many).
            let andel = URVAL * u.volume.brukar;
            let urval = ((anvandare as f64 * andel).ceil() as u64)
                .max(u.volume.minsta_urval)
                .min(anvandare);
            if urval == 0 {
                continue;
            }
            // Weight in hundredths: users / sampled, the same for everyone in the stratum.
            let weight = ((anvandare * 100) as f64 / urval as f64).round() as i64;
            let arsvariation = 0.03 * normal_av(key(&[u.seed, 0x5FA, k, j as u64, u.year_key()]));
            let svarssannolikhet = (v.svar + profil.svarsvilja + arsvariation).clamp(0.15, 0.9);
            for _ in 0..urval {
                let kn = if slump.chance(v.kvinnor) {
                    Kon::Kvinna
                } else {
                    Kon::Man
                };
                let svar = slump.chance(svarssannolikhet);
                let b = svar && !(kan_hoppa[0] && slump.chance(HOPPAR_OVER));
                let f = svar && !(kan_hoppa[1] && slump.chance(HOPPAR_OVER));
                let (ub, uf) = (slump.uniform(), slump.uniform());
                tabell.rad(|falt| match falt {
                    Falt::Kommun => CellValue::Text(&kommun.kod_text),
                    Falt::Verksamhet => CellValue::Bytes(code.first()),
                    Falt::Kon => CellValue::Bytes(&kon[kn as usize]),
                    Falt::Vikt => CellValue::Hundradelar(weight),
                    Falt::Svarat => CellValue::Bytes(svarat[usize::from(svar)].first()),
                    Falt::Bemotande if b => CellValue::Bytes(bemotande.choose(ub)),
                    Falt::Forbattring if f => CellValue::Bytes(forbattring.choose(uf)),
                    Falt::Bemotande | Falt::Forbattring => CellValue::Tom,
                })?;
            }
        }
    }
    tabell.finish()
}
