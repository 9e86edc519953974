//! Checks every row of our tables in `data/geo/` against the third-party reference files in
//! `../shared/reference` (relative to the workspace root). Those files are not part of the
//! repository, so where they are absent the tests say so and pass.

use std::collections::BTreeMap;
use std::path::PathBuf;

use jamfor_geo::{Geography, KommunCode, Kommungrupp, LanCode};

fn referens(relativ: &str) -> Option<String> {
    let sokvag = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared/reference")
        .join(relativ);
    match std::fs::read_to_string(&sokvag) {
        Ok(text) => Some(text),
        Err(fel) => {
            skip_note(&format!("{}: {fel}", sokvag.display()));
            None
        }
    }
}

#[allow(
    clippy::print_stderr,
    reason = "the only way to tell the reader a test skipped"
)]
fn skip_note(orsak: &str) {
    eprintln!("note: reference check skipped, {orsak}");
}

/// Rows as maps from column name to value. The third-party files do quote some fields
/// (Kolada's group titles contain commas), so this reader understands quotes, unlike ours.
fn rader(text: &str) -> Vec<BTreeMap<String, String>> {
    let mut rader = text.lines().map(|r| r.strip_suffix('\r').unwrap_or(r));
    let rubrik = dela(rader.next().unwrap_or_default());
    rader
        .filter(|r| !r.is_empty())
        .map(|r| {
            let falt = dela(r);
            assert_eq!(falt.len(), rubrik.len(), "row `{r}`");
            rubrik.iter().cloned().zip(falt).collect()
        })
        .collect()
}

fn dela(rad: &str) -> Vec<String> {
    let mut falt = vec![String::new()];
    let mut i_citat = false;
    let mut tecken = rad.chars().peekable();
    while let Some(c) = tecken.next() {
        match c {
            '"' if i_citat && tecken.peek() == Some(&'"') => {
                tecken.next();
                falt.last_mut().expect("never empty").push('"');
            }
            '"' => i_citat = !i_citat,
            ',' if !i_citat => falt.push(String::new()),
            _ => falt.last_mut().expect("never empty").push(c),
        }
    }
    falt
}

fn kol<'a>(rad: &'a BTreeMap<String, String>, name: &str) -> &'a str {
    rad.get(name)
        .unwrap_or_else(|| panic!("reference file lacks column {name}"))
}

#[test]
fn every_lan_matches_scb() {
    let Some(text) = referens("kommuner/counties.csv") else {
        return;
    };
    let geo = Geography::builtin();
    let rader = rader(&text);
    assert_eq!(rader.len(), geo.all_lan().len());
    for rad in &rader {
        let code: LanCode = kol(rad, "county_code").parse().expect("reference code");
        let lan = geo
            .lan(code)
            .unwrap_or_else(|| panic!("län {code} missing"));
        assert_eq!(lan.name, kol(rad, "county_name"), "län {code}");
        assert_eq!(lan.short_name, kol(rad, "county_name_short"), "län {code}");
    }
}

#[test]
fn every_kommun_matches_scb() {
    let Some(text) = referens("kommuner/municipalities.csv") else {
        return;
    };
    let geo = Geography::builtin();
    let rader = rader(&text);
    assert_eq!(rader.len(), 290);
    assert_eq!(rader.len(), geo.all_kommuner().len());
    for rad in &rader {
        let code: KommunCode = kol(rad, "municipality_code")
            .parse()
            .expect("reference code");
        let kommun = geo
            .kommun(code)
            .unwrap_or_else(|| panic!("kommun {code} missing"));
        assert_eq!(
            kommun.name,
            kol(rad, "municipality_name_short"),
            "kommun {code}"
        );
        assert_eq!(
            kommun.lan.to_string(),
            kol(rad, "county_code"),
            "kommun {code}"
        );
        assert_eq!(kommun.valid_to, None, "kommun {code} is current");
    }
}

#[test]
fn first_year_matches_population_statistics() {
    let Some(text) = referens("population/population_by_sex_1994_2022_from_kolada_n01951.csv")
    else {
        return;
    };
    let geo = Geography::builtin();
    let mut forsta: BTreeMap<String, u16> = BTreeMap::new();
    for rad in rader(&text) {
        if kol(&rad, "level") != "kommun" || kol(&rad, "totalt").is_empty() {
            continue;
        }
        let ar: u16 = kol(&rad, "year").parse().expect("reference year");
        let post = forsta.entry(kol(&rad, "kod").to_owned()).or_insert(ar);
        *post = (*post).min(ar);
    }
    assert_eq!(forsta.len(), geo.all_kommuner().len());
    for k in geo.all_kommuner() {
        assert_eq!(
            Some(&k.valid_from),
            forsta.get(&k.code.to_string()),
            "kommun {}",
            k.code
        );
    }
}

#[test]
fn every_kommungrupp_matches_skr_2023() {
    let Some(text) = referens("kommungrupp/skr_kommungrupp_2023.csv") else {
        return;
    };
    let geo = Geography::builtin();
    let indelning = geo.kommungruppsindelning_2023();
    let rader = rader(&text);
    assert_eq!(rader.len(), 290);
    for rad in &rader {
        let code: KommunCode = kol(rad, "kommun_kod").parse().expect("reference code");
        assert_eq!(
            geo.kommun(code).map(|k| k.name),
            Some(kol(rad, "kommun")),
            "kommun {code}"
        );
        let definition = geo
            .kommungrupp_2023(code)
            .unwrap_or_else(|| panic!("kommun {code} has no group"));
        assert_eq!(
            definition.grupp.code(),
            kol(rad, "gruppkod"),
            "kommun {code}"
        );
        assert_eq!(definition.name, kol(rad, "kommungrupp"), "kommun {code}");
        assert_eq!(
            definition.main_group,
            kol(rad, "huvudgrupp"),
            "kommun {code}"
        );
    }

    let storlekar: Vec<(Kommungrupp, usize)> = Kommungrupp::ALLA
        .into_iter()
        .map(|g| (g, indelning.kommuner(g).count()))
        .collect();
    use Kommungrupp::*;
    assert_eq!(
        storlekar,
        [
            (A1, 3),
            (A2, 43),
            (B3, 23),
            (B4, 63),
            (B5, 24),
            (C6, 27),
            (C7, 51),
            (C8, 35),
            (C9, 21)
        ]
    );
}
