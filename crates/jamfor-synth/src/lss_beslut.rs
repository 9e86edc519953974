//! `lss_beslut`: one row per application for an insats under LSS decided during the year, with
//! the dates of application, decision and verkställighet.
//!
//! About 35 000 decisions a year: for children mostly korttidsvistelse, kontaktperson and
//! ledsagarservice; for adults also bostad med särskild service and daglig verksamhet. About one
//! in eight is an avslag. Decisions fall on any day of the year; the application came in a good
//! two months earlier in the typical kommun (its handling pace, the same that sets its
//! kommunenkät answers), so late in the previous year for some. A beviljad bostad is offered
//! after about five months on average, other insatser within weeks; a decision whose
//! verkställighet would fall after the end of the year, or that is never carried out (the person
//! declines), has no verkställighetsdatum in the year's file.

use std::io::Write;

use jamfor_spec::keywords::Role;
use jamfor_spec::manifest::Source;

use crate::date::{first, last};
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
    Insats,
    Beslut,
    Ansokningsdatum,
    Beslutsdatum,
    Verkstallighetsdatum,
}

const BINDNINGAR: &[Binding<'static, Falt>] = &[
    name("lopnr", Falt::SerialNumber),
    name("insats", Falt::Insats),
    name("beslut", Falt::Beslut),
    name("ansokningsdatum", Falt::Ansokningsdatum),
    name("beslutsdatum", Falt::Beslutsdatum),
    name("verkstallighetsdatum", Falt::Verkstallighetsdatum),
    roll(Role::Identifying, Falt::SerialNumber),
    roll(Role::Kommun, Falt::Kommun),
    roll(Role::Kon, Falt::Kon),
    roll(Role::Alder, Falt::Alder),
];

/// Decisions per inhabitant and year, by age; boys and men apply somewhat more often.
fn andel(kon: Kon, alder: usize) -> f64 {
    let k = if kon == Kon::Man { 1.2 } else { 0.8 };
    k * match alder {
        0..=6 => 0.0015,
        7..=17 => 0.0045,
        18..=29 => 0.0065,
        30..=64 => 0.0025,
        65..=79 => 0.0006,
        _ => 0.0,
    }
}

fn insatser(alder: usize) -> &'static [(&'static str, f64)] {
    if alder < 18 {
        &[("KS", 40.0), ("KP", 30.0), ("LS", 30.0)]
    } else {
        &[
            ("BMSS", 25.0),
            ("DV", 27.0),
            ("KP", 28.0),
            ("LS", 15.0),
            ("KS", 5.0),
        ]
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
    let val = [
        tabell.code_choice(Falt::Insats, insatser(0)),
        tabell.code_choice(Falt::Insats, insatser(18)),
    ];
    let bostad = tabell
        .code_choice(Falt::Insats, &[("BMSS", 1.0)])
        .first()
        .to_vec();
    let beslut: [CodeChoice; 2] = [
        tabell.code_choice(Falt::Beslut, &[("A", 1.0)]),
        tabell.code_choice(Falt::Beslut, &[("B", 1.0)]),
    ];
    let verkstallighet_tom = tabell.may_be_empty(Falt::Verkstallighetsdatum);
    let (ar_forsta, ar_sista) = (first(u.ar), last(u.ar));
    let mut lopnr = SerialNumber::ny(u.key(&source.id, 2));
    for (kommun, profil) in u.folk.kommuner.iter().zip(u.profiler) {
        let antal = count(
            &mut slump,
            kommun,
            u.volume.lss,
            u.volume.minst_en,
            |kn, a| andel(kn, a) * profil.lss,
        );
        // The kommun's handling pace, relative to the typical 14 days of ekonomiskt bistånd.
        let takt = profil.handlaggning_dagar / 14.0;
        for kn in Kon::BOTH {
            for (alder, &n) in antal[kn as usize].iter().enumerate() {
                for _ in 0..n {
                    let id = lopnr.nasta();
                    let insats = val[usize::from(alder >= 18)].choose(slump.uniform());
                    let bifall = slump.chance(0.88);
                    let beslutad =
                        ar_forsta + slump.under((ar_sista - ar_forsta + 1) as u64) as i32;
                    let dagar = (65.0 * takt * exp(0.6 * slump.normal()))
                        .round()
                        .clamp(1.0, 720.0) as i32;
                    // Some granted insatser are never carried out: the person declines or moves.
                    let genomfors = bifall && slump.chance(0.95);
                    let vantan = if insats == bostad.as_slice() {
                        120.0 * takt.sqrt() * exp(0.7 * slump.normal())
                    } else {
                        20.0 * exp(0.8 * slump.normal())
                    }
                    .round()
                    .clamp(1.0, 900.0) as i32;
                    let verkstallt = beslutad + vantan;
                    // Where the column must have a value, the planned day is written anyway.
                    let skriv_verkstallt =
                        !verkstallighet_tom || (genomfors && verkstallt <= ar_sista);
                    tabell.rad(|f| match f {
                        Falt::SerialNumber => CellValue::Id(id),
                        Falt::Kommun => CellValue::Text(&kommun.kod_text),
                        Falt::Kon => CellValue::Bytes(&kon[kn as usize]),
                        Falt::Alder => CellValue::Heltal(alder as i64),
                        Falt::Insats => CellValue::Bytes(insats),
                        Falt::Beslut => CellValue::Bytes(beslut[usize::from(bifall)].first()),
                        Falt::Ansokningsdatum => CellValue::Datum(beslutad - dagar),
                        Falt::Beslutsdatum => CellValue::Datum(beslutad),
                        Falt::Verkstallighetsdatum if skriv_verkstallt => {
                            CellValue::Datum(verkstallt)
                        }
                        Falt::Verkstallighetsdatum => CellValue::Tom,
                    })?;
                }
            }
        }
    }
    tabell.finish()
}
