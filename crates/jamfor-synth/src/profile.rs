//! Each kommun's character: how much ekonomiskt bistånd, home care and placements it has relative
//! to the national pattern, how good its routines are, how willing its users are to answer a
//! survey.
//!
//! Traits come from SKR's kommungrupp and the län (the systematic part: Skåne and Mälardalen have
//! more ekonomiskt bistånd, sparsely populated kommuner more home care) times a per-kommun
//! deviation drawn from the seed. They depend on the seed and the kommun only, not on the year, so
//! a kommun that stands out in 2020 still stands out in 2024 — which is what makes time series and
//! "compare with similar kommuner" look like the real publication.

use jamfor_geo::Kommungrupp;

use crate::folkmangd::{KommunPopulation, code_number};
use crate::random::{exp, key, normal_av, uniform_of};

/// A kommun's traits. Factors are multipliers around 1; scores are centred on 0.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Profile {
    /// Recipients of ekonomiskt bistånd relative to the national age pattern.
    pub(crate) ekb: f64,
    /// Home care and special housing for older people.
    pub(crate) aldreomsorg: f64,
    /// LSS housing and daily activities.
    pub(crate) lss: f64,
    /// Placements of children and young people.
    pub(crate) placering: f64,
    /// Adults with insatser for skadligt bruk och beroende.
    pub(crate) missbruk: f64,
    /// Adults known to the socialtjänst for våld i nära relationer (detection as much as
    /// prevalence: kommuner that ask about violence find more).
    pub(crate) vald: f64,
    /// Adults in hemlöshet with a boendeinsats: the housing market of the cities.
    pub(crate) hemloshet: f64,
    /// Price and rent level, scaling amounts of bistånd.
    pub(crate) prisniva: f64,
    /// Quality of routines and treatment, about -1..1: more Ja in the enkäter, better survey answers.
    pub(crate) kvalitet: f64,
    /// Users' willingness to answer surveys, added to the response probability (about ±0.1).
    pub(crate) svarsvilja: f64,
    /// Typical handling time for a first application of bistånd, days.
    pub(crate) handlaggning_dagar: f64,
    /// Typical number of different home-care staff a person meets in 14 days.
    pub(crate) personalkontinuitet: f64,
}

/// A log-normal factor with median 1 and the given spread, fixed per kommun and trait.
fn faktor(seed: u64, kommun: u16, drag: u64, spridning: f64) -> f64 {
    exp(spridning * normal_av(key(&[seed, drag, u64::from(kommun)])))
}

fn ekb_lan(lan: &str) -> f64 {
    // Higher in Skåne, Södermanland, Västmanland, Gävleborg; lower in Halland, Jönköping and the
    // north — the pattern of Socialstyrelsen's statistics, not its exact values.
    match lan {
        "12" | "04" => 1.25,
        "19" | "21" => 1.15,
        "03" | "18" | "20" => 1.05,
        "13" | "06" | "07" => 0.75,
        "25" | "24" | "22" | "23" => 0.85,
        "01" => 0.9,
        _ => 1.0,
    }
}

impl Profile {
    pub(crate) fn for_kommun(kommun: &KommunPopulation, seed: u64) -> Profile {
        let k = code_number(kommun.code);
        let grupp = kommun.grupp.unwrap_or(Kommungrupp::C9);
        let lan = kommun.lan.to_string();
        let ekb_grupp = match grupp {
            Kommungrupp::A1 => 1.15,
            Kommungrupp::A2 => 0.8,
            Kommungrupp::B3 => 1.1,
            Kommungrupp::B4 => 0.9,
            Kommungrupp::B5 => 1.0,
            Kommungrupp::C6 => 1.1,
            Kommungrupp::C7 => 0.95,
            Kommungrupp::C8 => 1.05,
            Kommungrupp::C9 => 0.95,
        };
        // A few kommuner with far more bistånd than their group and län suggest.
        let utstickare = if uniform_of(key(&[seed, 0xEC0B, u64::from(k)])) < 0.05 {
            1.6
        } else {
            1.0
        };
        let landsbygd = match grupp {
            Kommungrupp::A1 | Kommungrupp::A2 => 0.85,
            Kommungrupp::B3 | Kommungrupp::B4 | Kommungrupp::B5 => 1.0,
            Kommungrupp::C6 | Kommungrupp::C7 => 1.1,
            Kommungrupp::C8 | Kommungrupp::C9 => 1.25,
        };
        // Hemlöshet is concentrated to the cities and their regions.
        let stad = match grupp {
            Kommungrupp::A1 => 1.6,
            Kommungrupp::A2 | Kommungrupp::B3 => 1.15,
            Kommungrupp::B4 | Kommungrupp::B5 | Kommungrupp::C6 => 0.9,
            _ => 0.6,
        };
        let invanare = kommun.totalt() as f64;
        // Larger kommuner have more staff for routines and development work.
        let storlek = ((invanare.sqrt() - 100.0) / 300.0).clamp(-0.3, 0.6);
        let kvalitet =
            (0.35 * normal_av(key(&[seed, 0x4A11, u64::from(k)])) + 0.4 * storlek).clamp(-1.0, 1.0);
        let prisniva = match grupp {
            Kommungrupp::A1 => 1.25,
            Kommungrupp::A2 | Kommungrupp::B3 => 1.1,
            _ => 1.0,
        } * faktor(seed, k, 0x9415, 0.05);
        Profile {
            ekb: ekb_grupp * ekb_lan(&lan) * utstickare * faktor(seed, k, 0xEC0, 0.25),
            aldreomsorg: landsbygd * faktor(seed, k, 0xA1D, 0.2),
            lss: faktor(seed, k, 0x155, 0.2),
            placering: landsbygd * faktor(seed, k, 0x91AC, 0.3),
            // Social problems go together: both follow ekonomiskt bistånd in part.
            missbruk: (ekb_grupp * ekb_lan(&lan)).sqrt() * faktor(seed, k, 0x3B, 0.3),
            vald: (1.0 + 0.3 * kvalitet) * faktor(seed, k, 0x7A1D, 0.3),
            hemloshet: stad * ekb_grupp.sqrt() * faktor(seed, k, 0x4E31, 0.35),
            prisniva,
            kvalitet,
            svarsvilja: 0.05 * normal_av(key(&[seed, 0x5FA5, u64::from(k)]))
                + if invanare < 10_000.0 { 0.03 } else { 0.0 },
            handlaggning_dagar: 14.0 * faktor(seed, k, 0xDA6, 0.4),
            personalkontinuitet: (6.0 + invanare.sqrt() / 40.0).min(22.0)
                * faktor(seed, k, 0x9E85, 0.15),
        }
    }
}
