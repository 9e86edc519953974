//! The reference geography as one value, and the questions later stages ask of it.

use crate::{Kommun, KommunCode, KommungruppDefinition, Kommungruppsindelning, Lan, LanCode};

/// All kommuner and län, and the kommungruppsindelning, checked against each other.
///
/// Get the shipped version with [`Geography::builtin`]. Lists are in code order, which is also the
/// order publications use.
#[derive(Debug, Clone)]
pub struct Geography {
    /// Sorted by code.
    pub(crate) lan: Vec<Lan>,
    /// Sorted by code; since a kommun code starts with its län code, each län's kommuner are
    /// one contiguous run.
    pub(crate) kommuner: Vec<Kommun>,
    pub(crate) kommungrupper_2023: Kommungruppsindelning,
}

impl Geography {
    /// Every kommun in the table, current and former, in code order.
    pub fn all_kommuner(&self) -> &[Kommun] {
        &self.kommuner
    }

    /// The kommun with this code, if there is one.
    pub fn kommun(&self, code: KommunCode) -> Option<&Kommun> {
        self.kommuner
            .binary_search_by_key(&code, |k| k.code)
            .ok()
            .map(|i| &self.kommuner[i])
    }

    /// The kommun with this short name ("Upplands Väsby"), ignoring case.
    pub fn kommun_named(&self, name: &str) -> Option<&Kommun> {
        let name = name.to_lowercase();
        self.kommuner.iter().find(|k| k.name.to_lowercase() == name)
    }

    /// The kommuner with figures for statistics year `ar`, in code order.
    pub fn kommuner_valid_in(&self, ar: u16) -> impl Iterator<Item = &Kommun> {
        self.kommuner.iter().filter(move |k| k.is_valid_in(ar))
    }

    /// Whether `code` is a kommun with figures for statistics year `ar`.
    pub fn is_valid_in(&self, code: KommunCode, ar: u16) -> bool {
        self.kommun(code).is_some_and(|k| k.is_valid_in(ar))
    }

    /// The 21 län, in code order.
    pub fn all_lan(&self) -> &[Lan] {
        &self.lan
    }

    /// The län with this code, if there is one.
    pub fn lan(&self, code: LanCode) -> Option<&Lan> {
        self.lan
            .binary_search_by_key(&code, |l| l.code)
            .ok()
            .map(|i| &self.lan[i])
    }

    /// The län a kommun lies in, or `None` if the kommun is unknown.
    pub fn lan_for_kommun(&self, kommun: KommunCode) -> Option<&Lan> {
        self.kommun(kommun).and_then(|k| self.lan(k.lan))
    }

    /// Every kommun of a län, current and former, in code order (empty for an unknown län).
    pub fn kommuner_in_lan(&self, lan: LanCode) -> &[Kommun] {
        let fran = self.kommuner.partition_point(|k| k.lan < lan);
        let till = self.kommuner.partition_point(|k| k.lan <= lan);
        &self.kommuner[fran..till]
    }

    /// The kommun, if a län has exactly one (Gotland: län 09 is kommun 0980).
    ///
    /// Disclosure control needs this: a figure for such a län *is* the figure for its kommun, so
    /// the two cells must be suppressed together, and "län minus the other kommuner" reveals nothing
    /// new.
    pub fn single_kommun(&self, lan: LanCode) -> Option<&Kommun> {
        match self.kommuner_in_lan(lan) {
            [enda] => Some(enda),
            _ => None,
        }
    }

    /// Every län that has exactly one kommun, with that kommun.
    pub fn lan_with_one_kommun(&self) -> impl Iterator<Item = (&Lan, &Kommun)> {
        self.lan
            .iter()
            .filter_map(|l| self.single_kommun(l.code).map(|k| (l, k)))
    }

    /// SKR's kommungruppsindelning 2023.
    pub fn kommungruppsindelning_2023(&self) -> &Kommungruppsindelning {
        &self.kommungrupper_2023
    }

    /// A kommun's group in SKR's 2023 indelning, with the group's name and main group.
    pub fn kommungrupp_2023(&self, kommun: KommunCode) -> Option<&KommungruppDefinition> {
        let indelning = &self.kommungrupper_2023;
        indelning.grupp(kommun).map(|g| indelning.definition(g))
    }
}
