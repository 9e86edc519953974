//! Loading the reference tables compiled into the binary from `data/geo/`.
//!
//! Embedding them means every run of every version uses exactly the geography it was tested
//! with, and nothing depends on a file being present next to the binary. Loading checks the
//! tables against each other, so an inconsistent edit fails the tests rather than a release.

use std::collections::HashSet;
use std::sync::OnceLock;

use crate::table::{self, Rad, TableError};
use crate::{
    Geography, Kommun, KommunCode, Kommungrupp, KommungruppDefinition, Kommungruppsindelning, Lan,
    LanCode,
};

const LAN: &str = include_str!("../../../data/geo/lan.csv");
const KOMMUNER: &str = include_str!("../../../data/geo/kommuner.csv");
const KOMMUNGRUPPER_2023: &str = include_str!("../../../data/geo/kommungrupper_2023.csv");
const KOMMUNGRUPP_DEFINITIONER_2023: &str =
    include_str!("../../../data/geo/kommungrupp_definitioner_2023.csv");

impl Geography {
    /// The reference geography shipped with this version of jamfor, loaded on first use.
    pub fn builtin() -> &'static Geography {
        static INBYGGD: OnceLock<Geography> = OnceLock::new();
        INBYGGD.get_or_init(|| match read_builtin() {
            Ok(geografi) => geografi,
            // The tables are ours and tested; reaching this is a bug in jamfor, not a user error.
            Err(fel) => panic!("bug: the embedded reference geography is inconsistent: {fel}"),
        })
    }
}

pub(crate) fn read_builtin() -> Result<Geography, TableError> {
    las(
        LAN,
        KOMMUNER,
        KOMMUNGRUPPER_2023,
        KOMMUNGRUPP_DEFINITIONER_2023,
    )
}

fn las(
    lan_csv: &'static str,
    kommuner_csv: &'static str,
    grupper_csv: &'static str,
    definitioner_csv: &'static str,
) -> Result<Geography, TableError> {
    let lan = las_lan(lan_csv)?;
    let kommuner = las_kommuner(kommuner_csv, &lan)?;
    let kommungrupper_2023 = las_kommungrupper(2023, grupper_csv, definitioner_csv, &kommuner)?;
    Ok(Geography {
        lan,
        kommuner,
        kommungrupper_2023,
    })
}

const LAN_FIL: &str = "lan.csv";
const KOMMUN_FIL: &str = "kommuner.csv";
const GRUPP_FIL: &str = "kommungrupper_2023.csv";
const DEFINITION_FIL: &str = "kommungrupp_definitioner_2023.csv";

fn las_lan(text: &'static str) -> Result<Vec<Lan>, TableError> {
    let mut lan: Vec<Lan> = Vec::new();
    for rad in table::las(LAN_FIL, text, &["lan_kod", "namn", "kortnamn"])? {
        let code: LanCode = tolka(LAN_FIL, &rad, 0)?;
        if lan.last().is_some_and(|forra| forra.code >= code) {
            // Lookups binary-search on the code.
            return Err(fel(
                LAN_FIL,
                &rad,
                format!("län {code} is out of code order"),
            ));
        }
        lan.push(Lan {
            code,
            name: ej_tom(LAN_FIL, &rad, 1)?,
            short_name: ej_tom(LAN_FIL, &rad, 2)?,
        });
    }
    Ok(lan)
}

fn las_kommuner(text: &'static str, lan: &[Lan]) -> Result<Vec<Kommun>, TableError> {
    let kolumner = [
        "kommun_kod",
        "namn",
        "lan_kod",
        "giltig_fran",
        "giltig_till",
    ];
    let mut kommuner: Vec<Kommun> = Vec::new();
    // Names are looked up case-insensitively, so they must be unique that way.
    let mut namn_sedda = HashSet::new();
    for rad in table::las(KOMMUN_FIL, text, &kolumner)? {
        let code: KommunCode = tolka(KOMMUN_FIL, &rad, 0)?;
        let name = ej_tom(KOMMUN_FIL, &rad, 1)?;
        let lan_kod: LanCode = tolka(KOMMUN_FIL, &rad, 2)?;
        if kommuner.last().is_some_and(|forra| forra.code >= code) {
            return Err(fel(
                KOMMUN_FIL,
                &rad,
                format!("kommun {code} is out of code order"),
            ));
        }
        if code.lan() != lan_kod {
            return Err(fel(
                KOMMUN_FIL,
                &rad,
                format!(
                    "kommun {code} is given län {lan_kod}, but its code says {}",
                    code.lan()
                ),
            ));
        }
        if lan.binary_search_by_key(&lan_kod, |l| l.code).is_err() {
            return Err(fel(
                KOMMUN_FIL,
                &rad,
                format!("län {lan_kod} is not in {LAN_FIL}"),
            ));
        }
        if !namn_sedda.insert(name.to_lowercase()) {
            return Err(fel(KOMMUN_FIL, &rad, format!("name `{name}` occurs twice")));
        }
        let valid_from = ar(KOMMUN_FIL, &rad, 3)?;
        let valid_to = match rad.falt[4] {
            "" => None,
            _ => Some(ar(KOMMUN_FIL, &rad, 4)?),
        };
        if valid_to.is_some_and(|till| till < valid_from) {
            return Err(fel(KOMMUN_FIL, &rad, "giltig_till is before giltig_fran"));
        }
        kommuner.push(Kommun {
            code,
            name,
            lan: lan_kod,
            valid_from,
            valid_to,
        });
    }
    if let Some(tomt) = lan
        .iter()
        .find(|l| !kommuner.iter().any(|k| k.lan == l.code))
    {
        return Err(TableError::new(
            KOMMUN_FIL,
            1,
            format!("län {} has no kommun", tomt.code),
        ));
    }
    Ok(kommuner)
}

fn las_kommungrupper(
    ar: u16,
    grupper_csv: &'static str,
    definitioner_csv: &'static str,
    kommuner: &[Kommun],
) -> Result<Kommungruppsindelning, TableError> {
    let mut definitions = Vec::new();
    let rader = table::las(
        DEFINITION_FIL,
        definitioner_csv,
        &["gruppkod", "namn", "huvudgrupp"],
    )?;
    for (rad, forvantad) in rader.iter().zip(Kommungrupp::ALLA) {
        let grupp: Kommungrupp = tolka(DEFINITION_FIL, rad, 0)?;
        // `Kommungruppsindelning::definition` indexes by group, so order matters.
        if grupp != forvantad {
            return Err(fel(
                DEFINITION_FIL,
                rad,
                format!("expected {forvantad} here"),
            ));
        }
        definitions.push(KommungruppDefinition {
            grupp,
            name: ej_tom(DEFINITION_FIL, rad, 1)?,
            main_group: ej_tom(DEFINITION_FIL, rad, 2)?,
        });
    }
    if rader.len() != Kommungrupp::ALLA.len() {
        return Err(TableError::new(
            DEFINITION_FIL,
            1,
            format!("{} groups, expected A1..C9", rader.len()),
        ));
    }

    let mut grupper: Vec<(KommunCode, Kommungrupp)> = Vec::new();
    for rad in table::las(GRUPP_FIL, grupper_csv, &["kommun_kod", "gruppkod"])? {
        let kommun: KommunCode = tolka(GRUPP_FIL, &rad, 0)?;
        let grupp: Kommungrupp = tolka(GRUPP_FIL, &rad, 1)?;
        if grupper.last().is_some_and(|(forra, _)| *forra >= kommun) {
            return Err(fel(
                GRUPP_FIL,
                &rad,
                format!("kommun {kommun} is out of code order"),
            ));
        }
        if kommuner.binary_search_by_key(&kommun, |k| k.code).is_err() {
            return Err(fel(
                GRUPP_FIL,
                &rad,
                format!("kommun {kommun} is not in {KOMMUN_FIL}"),
            ));
        }
        grupper.push((kommun, grupp));
    }
    // A comparison group that silently lacks a kommun would shift every group mean.
    if let Some(saknas) = kommuner.iter().filter(|k| k.is_valid_in(ar)).find(|k| {
        grupper
            .binary_search_by_key(&k.code, |(code, _)| *code)
            .is_err()
    }) {
        return Err(TableError::new(
            GRUPP_FIL,
            1,
            format!("kommun {} ({}) has no group", saknas.code, saknas.name),
        ));
    }
    Ok(Kommungruppsindelning {
        ar,
        grupper,
        definitions,
    })
}

fn fel(fil: &'static str, rad: &Rad, meddelande: impl Into<String>) -> TableError {
    TableError::new(fil, rad.rad, meddelande)
}

fn tolka<T>(fil: &'static str, rad: &Rad, i: usize) -> Result<T, TableError>
where
    T: std::str::FromStr,
    T::Err: std::fmt::Display,
{
    rad.falt[i]
        .parse()
        .map_err(|e| fel(fil, rad, format!("{e}")))
}

fn ar(fil: &'static str, rad: &Rad, i: usize) -> Result<u16, TableError> {
    let text = rad.falt[i];
    text.parse::<u16>()
        .ok()
        .filter(|ar| (1900..=2100).contains(ar))
        .ok_or_else(|| fel(fil, rad, format!("`{text}` is not a year")))
}

fn ej_tom(fil: &'static str, rad: &Rad, i: usize) -> Result<&'static str, TableError> {
    match rad.falt[i] {
        "" => Err(fel(fil, rad, format!("column {} is empty", i + 1))),
        text => Ok(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_tables_load() {
        // The one test that must never be skipped: everything else trusts `builtin()` not to panic.
        if let Err(fel) = read_builtin() {
            panic!("{fel}");
        }
    }

    const LAN_OK: &str =
        "lan_kod,namn,kortnamn\n01,Stockholms län,Stockholm\n09,Gotlands län,Gotland\n";
    const DEF_OK: &str = "gruppkod,namn,huvudgrupp\nA1,a,x\nA2,b,x\nB3,c,y\nB4,d,y\nB5,e,y\nC6,f,z\nC7,g,z\nC8,h,z\nC9,i,z\n";

    fn fel_vid(lan: &'static str, kommuner: &'static str, grupper: &'static str) -> String {
        match las(lan, kommuner, grupper, DEF_OK) {
            Ok(_) => panic!("expected an error"),
            Err(fel) => fel.to_string(),
        }
    }

    #[test]
    fn inconsistent_tables_are_rejected_with_file_and_line() {
        let g = "kommun_kod,gruppkod\n0180,A1\n0980,C9\n";
        assert_eq!(
            fel_vid(
                LAN_OK,
                "kommun_kod,namn,lan_kod,giltig_fran,giltig_till\n0180,Stockholm,03,1994,\n",
                g
            ),
            "data/geo/kommuner.csv line 2: kommun 0180 is given län 03, but its code says 01"
        );
        assert!(
            fel_vid(
                LAN_OK,
                "kommun_kod,namn,lan_kod,giltig_fran,giltig_till\n0180,Stockholm,01,1994,\n",
                g
            )
            .contains("län 09 has no kommun")
        );
        assert!(
            fel_vid(
                LAN_OK,
                "kommun_kod,namn,lan_kod,giltig_fran,giltig_till\n0180,Stockholm,01,1994,\n0980,Gotland,09,1994,\n",
                "kommun_kod,gruppkod\n0180,A1\n"
            )
            .contains("kommun 0980 (Gotland) has no group")
        );
        assert!(
            fel_vid(
                LAN_OK,
                "kommun_kod,namn,lan_kod,giltig_fran,giltig_till\n0180,Stockholm,01,1994,\n0980,Gotland,09,1994,\n",
                "kommun_kod,gruppkod\n0180,A1\n0980,D1\n"
            )
            .contains("line 3: unknown kommungrupp `D1`")
        );
        assert!(
            fel_vid(
                LAN_OK,
                "kommun_kod,namn,lan_kod,giltig_fran,giltig_till\n0980,Gotland,09,1994,\n0180,Stockholm,01,1994,\n",
                g
            )
            .contains("line 3: kommun 0180 is out of code order")
        );
    }

    #[test]
    fn a_former_kommun_needs_no_group() {
        let geografi = las(
            LAN_OK,
            "kommun_kod,namn,lan_kod,giltig_fran,giltig_till\n0180,Stockholm,01,1994,\n0199,Förr,01,1994,2000\n0980,Gotland,09,1994,\n",
            "kommun_kod,gruppkod\n0180,A1\n0980,C9\n",
            DEF_OK,
        );
        assert!(geografi.is_ok(), "{geografi:?}");
    }
}
