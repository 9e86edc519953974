//! Sources the catalogue does not (yet) have a generator for, filled from the declaration alone.
//!
//! A statistician who declares a new source should be able to run the pipeline on synthetic data
//! the same day. By family: a kommunenkät-like source is answered like the kommunenkät (per enhet
//! when it has an enhet column); a statistics table with age and kön is one row per kommun × age ×
//! kön; anything person-based gets about one row per hundred inhabitants (times the scale's
//! sample share) with kön and age drawn from the population. Columns are filled from their type.

use std::io::Write;

use jamfor_spec::keywords::{Family, Role};
use jamfor_spec::manifest::Source;

use crate::folkmangd::Kon;
use crate::persons::{SerialNumber, count};
use crate::table::{Binding, CellValue, Count, Table, roll};
use crate::{Basis, SynthError, befolkning, enhetsenkat_lss, kommunenkat};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Falt {
    Kommun,
    Kon,
    Alder,
    SerialNumber,
}

const BINDNINGAR: &[Binding<'static, Falt>] = &[
    roll(Role::Kommun, Falt::Kommun),
    roll(Role::Kon, Falt::Kon),
    roll(Role::Alder, Falt::Alder),
    roll(Role::Identifying, Falt::SerialNumber),
];

/// Rows per inhabitant of a person-based source we know nothing about.
const ANDEL: f64 = 0.01;

pub(crate) fn generate(
    source: &Source,
    u: &Basis<'_>,
    out: &mut dyn Write,
) -> Result<Count, SynthError> {
    let har = |r: Role| source.role(r).is_some();
    match source.family {
        Family::Kommunenkat if har(Role::Enhet) => enhetsenkat_lss::generate(source, u, out),
        Family::Kommunenkat => kommunenkat::generate(source, u, out),
        Family::Statistik if har(Role::Alder) && har(Role::Kon) => {
            befolkning::generate(source, u, out)
        }
        Family::Statistik => {
            let mut tabell = Table::ny(source, BINDNINGAR, u.ar, u.random(&source.id, 0), out)?;
            for kommun in &u.folk.kommuner {
                tabell.rad(|f| match f {
                    Falt::Kommun => CellValue::Text(&kommun.kod_text),
                    _ => CellValue::Tom,
                })?;
            }
            tabell.finish()
        }
        Family::Register | Family::Brukarundersokning => personer(source, u, out),
    }
}

fn personer(source: &Source, u: &Basis<'_>, out: &mut dyn Write) -> Result<Count, SynthError> {
    let mut random = u.random(&source.id, 1);
    let mut tabell = Table::ny(source, BINDNINGAR, u.ar, u.random(&source.id, 0), out)?;
    let kon = tabell.kon().clone();
    let mut lopnr = SerialNumber::ny(u.key(&source.id, 2));
    for kommun in &u.folk.kommuner {
        let antal = count(
            &mut random,
            kommun,
            u.volume.register,
            u.volume.minst_en,
            |_, _| ANDEL,
        );
        for kn in Kon::BOTH {
            for (alder, &n) in antal[kn as usize].iter().enumerate() {
                for _ in 0..n {
                    let id = lopnr.nasta();
                    tabell.rad(|f| match f {
                        Falt::Kommun => CellValue::Text(&kommun.kod_text),
                        Falt::Kon => CellValue::Bytes(&kon[kn as usize]),
                        Falt::Alder => CellValue::Heltal(alder as i64),
                        Falt::SerialNumber => CellValue::Id(id),
                    })?;
                }
            }
        }
    }
    tabell.finish()
}
