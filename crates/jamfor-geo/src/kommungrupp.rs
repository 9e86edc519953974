//! SKR's kommungruppsindelning: nine groups of kommuner by structure (size, commuting, tourism),
//! used in ÖJ to compare a kommun with similar ones.

use std::fmt;
use std::str::FromStr;

use crate::KommunCode;

/// One of SKR's nine kommungrupper. The codes A1–C9 have been the same since the 2017 revision,
/// though which kommun belongs where changes between revisions; see [`Kommungruppsindelning`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kommungrupp {
    A1,
    A2,
    B3,
    B4,
    B5,
    C6,
    C7,
    C8,
    C9,
}

impl Kommungrupp {
    /// All nine groups in SKR's order.
    pub const ALLA: [Kommungrupp; 9] = [
        Kommungrupp::A1,
        Kommungrupp::A2,
        Kommungrupp::B3,
        Kommungrupp::B4,
        Kommungrupp::B5,
        Kommungrupp::C6,
        Kommungrupp::C7,
        Kommungrupp::C8,
        Kommungrupp::C9,
    ];

    /// The group code, "A1".."C9".
    pub fn code(self) -> &'static str {
        match self {
            Kommungrupp::A1 => "A1",
            Kommungrupp::A2 => "A2",
            Kommungrupp::B3 => "B3",
            Kommungrupp::B4 => "B4",
            Kommungrupp::B5 => "B5",
            Kommungrupp::C6 => "C6",
            Kommungrupp::C7 => "C7",
            Kommungrupp::C8 => "C8",
            Kommungrupp::C9 => "C9",
        }
    }
}

impl fmt::Display for Kommungrupp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// A text that is not one of the codes A1..C9.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKommungrupp(pub String);

impl fmt::Display for UnknownKommungrupp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown kommungrupp `{}`, expected one of A1, A2, B3, B4, B5, C6, C7, C8, C9",
            self.0
        )
    }
}

impl std::error::Error for UnknownKommungrupp {}

impl FromStr for Kommungrupp {
    type Err = UnknownKommungrupp;

    fn from_str(text: &str) -> Result<Self, UnknownKommungrupp> {
        Kommungrupp::ALLA
            .into_iter()
            .find(|g| g.code() == text)
            .ok_or_else(|| UnknownKommungrupp(text.to_owned()))
    }
}

/// What a group is called in a given revision.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct KommungruppDefinition {
    pub grupp: Kommungrupp,
    /// "Storstäder", "Pendlingskommun nära storstad", …
    pub name: &'static str,
    /// One of SKR's three main groups, e.g. "Storstäder och storstadsnära kommuner".
    pub main_group: &'static str,
}

/// One revision of the indelning: which group every kommun is in, and what the groups are called.
///
/// Kept as its own value with its year, rather than as a field on [`Kommun`](crate::Kommun),
/// because SKR revises the grouping every few years and a time series may need to say which
/// revision it compares against.
#[derive(Debug, Clone)]
pub struct Kommungruppsindelning {
    pub(crate) ar: u16,
    /// Sorted by kommun code, one entry per kommun.
    pub(crate) grupper: Vec<(KommunCode, Kommungrupp)>,
    /// In [`Kommungrupp::ALLA`] order, one per group.
    pub(crate) definitions: Vec<KommungruppDefinition>,
}

impl Kommungruppsindelning {
    /// The year SKR published this revision.
    pub fn ar(&self) -> u16 {
        self.ar
    }

    /// The group of a kommun, or `None` for a code not in this revision.
    pub fn grupp(&self, kommun: KommunCode) -> Option<Kommungrupp> {
        self.grupper
            .binary_search_by_key(&kommun, |(code, _)| *code)
            .ok()
            .map(|i| self.grupper[i].1)
    }

    /// Name and main group of a group.
    pub fn definition(&self, grupp: Kommungrupp) -> &KommungruppDefinition {
        // Loading checks there is exactly one definition per group, in `ALLA` order.
        &self.definitions[grupp as usize]
    }

    /// All nine definitions in SKR's order.
    pub fn definitions(&self) -> &[KommungruppDefinition] {
        &self.definitions
    }

    /// The kommuner of a group, in code order.
    pub fn kommuner(&self, grupp: Kommungrupp) -> impl Iterator<Item = KommunCode> + '_ {
        self.grupper
            .iter()
            .filter(move |(_, g)| *g == grupp)
            .map(|(code, _)| *code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for grupp in Kommungrupp::ALLA {
            assert_eq!(grupp.code().parse::<Kommungrupp>(), Ok(grupp));
        }
        assert!("a1".parse::<Kommungrupp>().is_err());
        assert!("D10".parse::<Kommungrupp>().is_err());
    }

    #[test]
    fn alla_is_in_declaration_order() {
        // `definition` indexes by discriminant, so the two orders must agree.
        for (i, grupp) in Kommungrupp::ALLA.into_iter().enumerate() {
            assert_eq!(grupp as usize, i);
        }
    }
}
