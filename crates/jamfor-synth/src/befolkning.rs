//! `befolkning`: folkmängd 31 December per kommun, one-year age and kön, as SCB publishes it.
//!
//! Always complete, at every scale: it is the denominator of most indicators, and a sample of it
//! would make every rate meaningless.

use std::io::Write;

use jamfor_spec::keywords::Role;
use jamfor_spec::manifest::Source;

use crate::folkmangd::{AGES, Kon};
use crate::table::{Binding, CellValue, Count, Table, name, roll};
use crate::{Basis, SynthError};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Falt {
    Kommun,
    Alder,
    Kon,
    Antal,
}

const BINDNINGAR: &[Binding<'static, Falt>] = &[
    roll(Role::Kommun, Falt::Kommun),
    roll(Role::Alder, Falt::Alder),
    roll(Role::Kon, Falt::Kon),
    name("antal", Falt::Antal),
];

pub(crate) fn generate(
    source: &Source,
    u: &Basis<'_>,
    out: &mut dyn Write,
) -> Result<Count, SynthError> {
    let mut tabell = Table::ny(source, BINDNINGAR, u.ar, u.random(&source.id, 0), out)?;
    let kon = tabell.kon().clone();
    for kommun in &u.folk.kommuner {
        for alder in 0..AGES {
            // SCB's order: män before kvinnor.
            for k in [Kon::Man, Kon::Kvinna] {
                let antal = kommun.antal[k as usize][alder];
                tabell.rad(|f| match f {
                    Falt::Kommun => CellValue::Text(&kommun.kod_text),
                    Falt::Alder => CellValue::Heltal(alder as i64),
                    Falt::Kon => CellValue::Bytes(&kon[k as usize]),
                    Falt::Antal => CellValue::Heltal(i64::from(antal)),
                })?;
            }
        }
    }
    tabell.finish()
}
