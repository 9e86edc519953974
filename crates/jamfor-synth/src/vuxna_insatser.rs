//! `vuxna_insatser`: one row per adult, målgrupp and month with an open ärende or an insats for
//! skadligt bruk och beroende, våld i nära relationer or hemlöshet.
//!
//! About 75 000 adults a year are known for skadligt bruk (seven in ten men, most 25–64), 25 000
//! for våld i nära relationer (eight in ten women, most 20–49) and 25 000 for hemlöshet with a
//! boendeinsats (mostly men, concentrated to the cities). Each person has one spell of
//! consecutive months. A spell often opens with a month of aktualisering or utredning; some
//! persons never get further. Within a spell each month carries the most extensive insats:
//! heldygnsvård for a few months (about one in eight of those under LVM), skyddat boende for a
//! month or two, or for hemlöshet a path of akutboende, träningslägenhet or Bostad först.

use std::io::Write;

use jamfor_spec::keywords::Role;
use jamfor_spec::manifest::Source;

use crate::folkmangd::Kon;
use crate::persons::{SerialNumber, count, period};
use crate::random::Rng;
use crate::table::{Binding, CellValue, CodeChoice, Count, Table, name, roll};
use crate::{Basis, SynthError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Falt {
    SerialNumber,
    Kommun,
    Month,
    Kon,
    Alder,
    Malgrupp,
    Insats,
    Lagrum,
}

const BINDNINGAR: &[Binding<'static, Falt>] = &[
    name("lopnr", Falt::SerialNumber),
    name("manad", Falt::Month),
    name("malgrupp", Falt::Malgrupp),
    name("insats", Falt::Insats),
    name("lagrum", Falt::Lagrum),
    roll(Role::Identifying, Falt::SerialNumber),
    roll(Role::Kommun, Falt::Kommun),
    roll(Role::Kon, Falt::Kon),
    roll(Role::Alder, Falt::Alder),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Malgrupp {
    Missbruk,
    Vald,
    Hemloshet,
}

impl Malgrupp {
    const ALLA: [Malgrupp; 3] = [Malgrupp::Missbruk, Malgrupp::Vald, Malgrupp::Hemloshet];

    fn code(self) -> &'static str {
        match self {
            Malgrupp::Missbruk => "MB",
            Malgrupp::Vald => "VNR",
            Malgrupp::Hemloshet => "HL",
        }
    }

    /// Probability of being in the register during the year, by kön and age.
    fn andel(self, kon: Kon, alder: usize) -> f64 {
        let kvinna = kon == Kon::Kvinna;
        match self {
            Malgrupp::Missbruk => {
                let k = if kvinna { 0.6 } else { 1.4 };
                k * match alder {
                    18..=24 => 0.0085,
                    25..=44 => 0.0115,
                    45..=64 => 0.0095,
                    65..=79 => 0.0035,
                    80.. => 0.001,
                    _ => 0.0,
                }
            }
            Malgrupp::Vald => {
                let k = if kvinna { 1.0 } else { 0.25 };
                k * match alder {
                    18..=29 => 0.0065,
                    30..=49 => 0.0055,
                    50..=64 => 0.0025,
                    65.. => 0.0008,
                    _ => 0.0,
                }
            }
            Malgrupp::Hemloshet => {
                let k = if kvinna { 0.55 } else { 1.45 };
                k * match alder {
                    18..=24 => 0.0019,
                    25..=64 => 0.0028,
                    65..=79 => 0.0009,
                    80.. => 0.0002,
                    _ => 0.0,
                }
            }
        }
    }
}

/// The insatser of one person's spell, month by month.
fn forlopp(slump: &mut Rng, malgrupp: Malgrupp, kon: Kon, manader: u32) -> Vec<&'static str> {
    let n = manader as usize;
    let mut ut = Vec::with_capacity(n);
    match malgrupp {
        Malgrupp::Missbruk => {
            // A quarter are aktualiserade or utredda without an insats.
            if slump.chance(0.25) {
                return vec!["UTR"; n];
            }
            let utredning = usize::from(n > 1 && slump.chance(0.5));
            let hdv = if slump.chance(0.17) {
                (1 + slump.under(3) as usize).min(n - utredning)
            } else {
                0
            };
            ut.extend(std::iter::repeat_n("UTR", utredning));
            ut.extend(std::iter::repeat_n("HDV", hdv));
            ut.resize(n, "OPPEN");
        }
        Malgrupp::Vald => {
            if slump.chance(0.3) {
                return vec!["UTR"; n];
            }
            let skydd = if kon == Kon::Kvinna { 0.22 } else { 0.06 };
            let skb = if slump.chance(skydd) {
                (1 + slump.under(2) as usize).min(n)
            } else {
                0
            };
            ut.extend(std::iter::repeat_n("SKB", skb));
            ut.resize(n, "OPPEN");
        }
        Malgrupp::Hemloshet => {
            let x = slump.uniform();
            if x < 0.13 {
                ut.resize(n, "BF");
            } else if x < 0.6 {
                ut.resize(n, "TRAN");
            } else if x < 0.85 {
                ut.resize(n, "AKUT");
            } else {
                // Akutboende first, then a träningslägenhet.
                let akut = (1 + slump.under(2) as usize).min(n);
                ut.extend(std::iter::repeat_n("AKUT", akut));
                ut.resize(n, "TRAN");
            }
        }
    }
    ut
}

/// Months in the register during the year.
fn manader(slump: &mut Rng, malgrupp: Malgrupp) -> u32 {
    let (hela_aret, langst) = match malgrupp {
        Malgrupp::Missbruk => (0.2, 9),
        Malgrupp::Vald => (0.05, 6),
        Malgrupp::Hemloshet => (0.35, 11),
    };
    if slump.chance(hela_aret) {
        12
    } else {
        let x = slump.uniform();
        1 + (f64::from(langst) * x * x) as u32
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
    let code = |tabell: &Table<'_, Falt>, falt: Falt, k: &str| -> Vec<u8> {
        tabell.code_choice(falt, &[(k, 1.0)]).first().to_vec()
    };
    let malgrupper: Vec<Vec<u8>> = Malgrupp::ALLA
        .iter()
        .map(|m| code(&tabell, Falt::Malgrupp, m.code()))
        .collect();
    let insatser: Vec<(&str, Vec<u8>)> = ["UTR", "OPPEN", "HDV", "SKB", "BF", "TRAN", "AKUT"]
        .iter()
        .map(|&i| (i, code(&tabell, Falt::Insats, i)))
        .collect();
    let lagrum: CodeChoice = tabell.code_choice(Falt::Lagrum, &[("SoL", 1.0)]);
    let lvm: CodeChoice = tabell.code_choice(Falt::Lagrum, &[("LVM", 1.0)]);
    let mut lopnr = SerialNumber::ny(u.key(&source.id, 2));
    for (kommun, profil) in u.folk.kommuner.iter().zip(u.profiler) {
        for (m, malgrupp_kod) in Malgrupp::ALLA.iter().zip(&malgrupper) {
            let faktor = match m {
                Malgrupp::Missbruk => profil.missbruk,
                Malgrupp::Vald => profil.vald,
                Malgrupp::Hemloshet => profil.hemloshet,
            };
            let antal = count(
                &mut slump,
                kommun,
                u.volume.vuxna,
                u.volume.minst_en,
                |kn, a| m.andel(kn, a) * faktor,
            );
            for kn in Kon::BOTH {
                for (alder, &n) in antal[kn as usize].iter().enumerate() {
                    for _ in 0..n {
                        let id = lopnr.nasta();
                        let antal_manader = manader(&mut slump, *m);
                        let steg = forlopp(&mut slump, *m, kn, antal_manader);
                        let tvang = slump.chance(0.12);
                        for (manad, insats) in period(&mut slump, antal_manader).zip(&steg) {
                            let insats_kod = insatser
                                .iter()
                                .find(|(i, _)| i == insats)
                                .map_or(&[][..], |(_, b)| b.as_slice());
                            let lag = if *insats == "HDV" && tvang {
                                lvm.first()
                            } else {
                                lagrum.first()
                            };
                            tabell.rad(|f| match f {
                                Falt::SerialNumber => CellValue::Id(id),
                                Falt::Kommun => CellValue::Text(&kommun.kod_text),
                                Falt::Month => CellValue::Heltal(i64::from(manad)),
                                Falt::Kon => CellValue::Bytes(&kon[kn as usize]),
                                Falt::Alder => CellValue::Heltal(alder as i64),
                                Falt::Malgrupp => CellValue::Bytes(malgrupp_kod),
                                Falt::Insats => CellValue::Bytes(insats_kod),
                                Falt::Lagrum => CellValue::Bytes(lag),
                            })?;
                        }
                    }
                }
            }
        }
    }
    tabell.finish()
}
