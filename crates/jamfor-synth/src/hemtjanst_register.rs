//! `hemtjanst_register`: one row per person and month with a decision on home care, special
//! housing (SÄBO) or LSS housing or daily activities.
//!
//! Home care reaches about 9 % of those 65 and older, rising steeply with age (a few percent at
//! 65–74, a third at 90); special housing follows later in life; LSS insatser are for adults of
//! working age. Sparsely populated kommuner have more home care. Hours are given for home care
//! only; continuity of staff is measured for home care in most kommuner, not all.

use std::io::Write;

use jamfor_spec::keywords::Role;
use jamfor_spec::manifest::Source;

use crate::folkmangd::{Kon, code_number};
use crate::persons::{SerialNumber, count, period};
use crate::random::{key, uniform_of};
use crate::table::{Binding, CellValue, Count, Table, name, roll};
use crate::{Basis, SynthError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Falt {
    SerialNumber,
    Kommun,
    Month,
    Kon,
    Alder,
    Insats,
    Timmar,
    PersonalAntal,
}

const BINDNINGAR: &[Binding<'static, Falt>] = &[
    name("lopnr", Falt::SerialNumber),
    name("manad", Falt::Month),
    name("insats", Falt::Insats),
    name("timmar", Falt::Timmar),
    name("personal_antal", Falt::PersonalAntal),
    roll(Role::Identifying, Falt::SerialNumber),
    roll(Role::Kommun, Falt::Kommun),
    roll(Role::Kon, Falt::Kon),
    roll(Role::Alder, Falt::Alder),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Insats {
    Hemtjanst,
    Sabo,
    LssBostad,
    LssDaglig,
}

impl Insats {
    const ALLA: [Insats; 4] = [
        Insats::Hemtjanst,
        Insats::Sabo,
        Insats::LssBostad,
        Insats::LssDaglig,
    ];

    fn code(self) -> &'static str {
        match self {
            Insats::Hemtjanst => "HT",
            Insats::Sabo => "SÄBO",
            Insats::LssBostad => "LSS_BMSS",
            Insats::LssDaglig => "LSS_DV",
        }
    }

    /// Probability of having the insats at some time during the year, by age.
    pub(crate) fn andel(self, kon: Kon, alder: usize) -> f64 {
        // Women live longer alone and are more often in care at the oldest ages.
        let aldst = if alder >= 80 && kon == Kon::Kvinna {
            1.1
        } else {
            1.0
        };
        aldst
            * match (self, alder) {
                (Insats::Hemtjanst, 18..=64) => 0.004,
                (Insats::Hemtjanst, 65..=69) => 0.024,
                (Insats::Hemtjanst, 70..=74) => 0.043,
                (Insats::Hemtjanst, 75..=79) => 0.077,
                (Insats::Hemtjanst, 80..=84) => 0.145,
                (Insats::Hemtjanst, 85..=89) => 0.245,
                (Insats::Hemtjanst, 90..=94) => 0.33,
                (Insats::Hemtjanst, 95..) => 0.35,
                (Insats::Sabo, 65..=74) => 0.0065,
                (Insats::Sabo, 75..=79) => 0.018,
                (Insats::Sabo, 80..=84) => 0.052,
                (Insats::Sabo, 85..=89) => 0.14,
                (Insats::Sabo, 90..=94) => 0.3,
                (Insats::Sabo, 95..) => 0.48,
                (Insats::LssBostad, 18..=64) => 0.0048,
                (Insats::LssBostad, 65..=80) => 0.002,
                (Insats::LssDaglig, 18..=66) => 0.0068,
                _ => 0.0,
            }
    }

    /// Share of persons who have the insats the whole year (others start or end during it).
    fn helar(self) -> f64 {
        match self {
            Insats::Hemtjanst => 0.7,
            Insats::Sabo => 0.55,
            Insats::LssBostad | Insats::LssDaglig => 0.9,
        }
    }
}

/// Typical hours of home care per month at an age.
fn timmar(alder: usize) -> f64 {
    match alder {
        0..=64 => 30.0,
        65..=79 => 18.0,
        80..=89 => 28.0,
        _ => 38.0,
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
    let koder: Vec<Vec<u8>> = Insats::ALLA
        .iter()
        .map(|i| {
            tabell
                .code_choice(Falt::Insats, &[(i.code(), 1.0)])
                .first()
                .to_vec()
        })
        .collect();
    let timmar_tom = tabell.may_be_empty(Falt::Timmar);
    let personal_tom = tabell.may_be_empty(Falt::PersonalAntal);
    let mut lopnr = SerialNumber::ny(u.key(&source.id, 2));
    for (kommun, profil) in u.folk.kommuner.iter().zip(u.profiler) {
        let k = u64::from(code_number(kommun.code));
        // One kommun in ten does not report continuity of staff in a given year.
        let mater_kontinuitet = uniform_of(key(&[u.seed, 0x9E85, k, u.year_key()])) >= 0.1;
        for (insats, code) in Insats::ALLA.iter().zip(&koder) {
            let faktor = match insats {
                Insats::Hemtjanst | Insats::Sabo => profil.aldreomsorg,
                Insats::LssBostad | Insats::LssDaglig => profil.lss,
            };
            let antal = count(
                &mut slump,
                kommun,
                u.volume.register,
                u.volume.minst_en,
                |kn, a| (insats.andel(kn, a) * faktor).min(0.9),
            );
            for kn in Kon::BOTH {
                for (alder, &n) in antal[kn as usize].iter().enumerate() {
                    for _ in 0..n {
                        let id = lopnr.nasta();
                        let manader = if slump.chance(insats.helar()) {
                            12
                        } else {
                            1 + slump.under(11) as u32
                        };
                        let hemtjanst = *insats == Insats::Hemtjanst;
                        let behov = timmar(alder) * (1.0 + 0.5 * slump.normal()).max(0.08);
                        let personal = (profil.personalkontinuitet * (1.0 + 0.25 * slump.normal()))
                            .round()
                            .max(1.0) as i64;
                        let har_personal = hemtjanst && mater_kontinuitet && slump.chance(0.85);
                        for manad in period(&mut slump, manader) {
                            // Hours in steps of a quarter, varying a little from month to month.
                            let h = (behov * (0.9 + 0.2 * slump.uniform()) * 4.0).round() * 25.0;
                            tabell.rad(|f| match f {
                                Falt::SerialNumber => CellValue::Id(id),
                                Falt::Kommun => CellValue::Text(&kommun.kod_text),
                                Falt::Month => CellValue::Heltal(i64::from(manad)),
                                Falt::Kon => CellValue::Bytes(&kon[kn as usize]),
                                Falt::Alder => CellValue::Heltal(alder as i64),
                                Falt::Insats => CellValue::Bytes(code),
                                Falt::Timmar if hemtjanst || !timmar_tom => {
                                    CellValue::Hundradelar(if hemtjanst { h as i64 } else { 0 })
                                }
                                Falt::PersonalAntal if har_personal || !personal_tom => {
                                    CellValue::Heltal(if har_personal { personal } else { 0 })
                                }
                                Falt::Timmar | Falt::PersonalAntal => CellValue::Tom,
                            })?;
                        }
                    }
                }
            }
        }
    }
    tabell.finish()
}
