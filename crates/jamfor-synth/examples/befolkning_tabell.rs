//! Writes `data/geo/befolkning_2019_aldersgrupper.csv` from SCB's population by kommun, one-year
//! age and kön at 31 December 2019.
//!
//! ```text
//! cargo run -p jamfor-synth --example befolkning_tabell -- SCB_alderkon_2019.csv > data/geo/befolkning_2019_aldersgrupper.csv
//! ```
//!
//! The input has one row per kommun *name*, age (0..=100, 100 meaning 100 or older) and kön
//! ("män"/"kvinnor"), all four fields quoted or not. Names are mapped to codes with the project's
//! own geography, so a name that matches no kommun stops the program instead of being dropped.
//! The output keeps only what synth needs: 5-year bands (95 = 95 and older), which is small enough
//! to embed and still carries each kommun's age structure.

#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::BTreeMap;
use std::process::ExitCode;

use jamfor_geo::{Geography, KommunCode};

const BAND: u32 = 5;
const OPPET_BAND: u32 = 95;

fn main() -> ExitCode {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: befolkning_tabell <SCB_alderkon_2019.csv>");
        return ExitCode::from(2);
    };
    match run(&path) {
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(path: &str) -> Result<String, String> {
    let text = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
    let geo = Geography::builtin();
    // (kommun, kön, band lower bound) -> antal; a BTreeMap keeps the output in code order.
    let mut antal: BTreeMap<(KommunCode, char, u32), u64> = BTreeMap::new();
    let mut rader = text.lines();
    rader.next().ok_or_else(|| format!("{path}: empty file"))?;
    for (i, rad) in rader.enumerate() {
        let falt: Vec<&str> = rad.split(',').map(|f| f.trim_matches('"')).collect();
        let [name, alder, kon, tal] = falt[..] else {
            return Err(format!("{path}:{}: expected 4 fields", i + 2));
        };
        let kommun = geo
            .kommun_named(name)
            .ok_or_else(|| format!("{path}:{}: no kommun named `{name}`", i + 2))?;
        let alder: u32 = alder
            .parse()
            .map_err(|_| format!("{path}:{}: age `{alder}` is not a number", i + 2))?;
        let kon = match kon {
            "kvinnor" => 'K',
            "män" => 'M',
            other => return Err(format!("{path}:{}: unknown kön `{other}`", i + 2)),
        };
        let tal: u64 = tal
            .parse()
            .map_err(|_| format!("{path}:{}: count `{tal}` is not a number", i + 2))?;
        let band = (alder / BAND * BAND).min(OPPET_BAND);
        *antal.entry((kommun.code, kon, band)).or_default() += tal;
    }
    let kommuner: std::collections::BTreeSet<_> = antal.keys().map(|(k, _, _)| *k).collect();
    if kommuner.len() != geo.kommuner_valid_in(2019).count() {
        return Err(format!(
            "{path}: {} kommuner, expected every kommun of 2019",
            kommuner.len()
        ));
    }
    let mut out = String::from("kommun_kod,kon,aldersgrupp,antal\n");
    for ((kommun, kon, band), tal) in &antal {
        out.push_str(&format!("{kommun},{kon},{band},{tal}\n"));
    }
    Ok(out)
}
