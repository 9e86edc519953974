//! The reference geography as one value, and the questions later stages ask of it.

use crate::{Kommun, KommunKod, KommungruppDefinition, Kommungruppsindelning, Lan, LanKod};

/// All kommuner and län, and the kommungruppsindelning, checked against each other.
///
/// Get the shipped version with [`Geografi::inbyggd`]. Lists are in code order, which is also the
/// order publications use.
#[derive(Debug, Clone)]
pub struct Geografi {
    /// Sorted by code.
    pub(crate) lan: Vec<Lan>,
    /// Sorted by code; since a kommun code starts with its län code, each län's kommuner are
    /// one contiguous run.
    pub(crate) kommuner: Vec<Kommun>,
    pub(crate) kommungrupper_2023: Kommungruppsindelning,
}

impl Geografi {
    /// Every kommun in the table, current and former, in code order.
    pub fn alla_kommuner(&self) -> &[Kommun] {
        &self.kommuner
    }

    /// The kommun with this code, if there is one.
    pub fn kommun(&self, kod: KommunKod) -> Option<&Kommun> {
        self.kommuner
            .binary_search_by_key(&kod, |k| k.kod)
            .ok()
            .map(|i| &self.kommuner[i])
    }

    /// The kommun with this short name ("Upplands Väsby"), ignoring case.
    pub fn kommun_med_namn(&self, namn: &str) -> Option<&Kommun> {
        let namn = namn.to_lowercase();
        self.kommuner.iter().find(|k| k.namn.to_lowercase() == namn)
    }

    /// The kommuner with figures for statistics year `ar`, in code order.
    pub fn kommuner_giltiga(&self, ar: u16) -> impl Iterator<Item = &Kommun> {
        self.kommuner.iter().filter(move |k| k.ar_giltig(ar))
    }

    /// Whether `kod` is a kommun with figures for statistics year `ar`.
    pub fn ar_giltig(&self, kod: KommunKod, ar: u16) -> bool {
        self.kommun(kod).is_some_and(|k| k.ar_giltig(ar))
    }

    /// The 21 län, in code order.
    pub fn alla_lan(&self) -> &[Lan] {
        &self.lan
    }

    /// The län with this code, if there is one.
    pub fn lan(&self, kod: LanKod) -> Option<&Lan> {
        self.lan
            .binary_search_by_key(&kod, |l| l.kod)
            .ok()
            .map(|i| &self.lan[i])
    }

    /// The län a kommun lies in, or `None` if the kommun is unknown.
    pub fn lan_for_kommun(&self, kommun: KommunKod) -> Option<&Lan> {
        self.kommun(kommun).and_then(|k| self.lan(k.lan))
    }

    /// Every kommun of a län, current and former, in code order (empty for an unknown län).
    pub fn kommuner_i_lan(&self, lan: LanKod) -> &[Kommun] {
        let fran = self.kommuner.partition_point(|k| k.lan < lan);
        let till = self.kommuner.partition_point(|k| k.lan <= lan);
        &self.kommuner[fran..till]
    }

    /// The kommun, if a län has exactly one (Gotland: län 09 is kommun 0980).
    ///
    /// Disclosure control needs this: a figure for such a län *is* the figure for its kommun, so
    /// the two cells must be suppressed together, and "län minus the other kommuner" reveals nothing
    /// new.
    pub fn enda_kommun(&self, lan: LanKod) -> Option<&Kommun> {
        match self.kommuner_i_lan(lan) {
            [enda] => Some(enda),
            _ => None,
        }
    }

    /// Every län that has exactly one kommun, with that kommun.
    pub fn lan_med_en_kommun(&self) -> impl Iterator<Item = (&Lan, &Kommun)> {
        self.lan
            .iter()
            .filter_map(|l| self.enda_kommun(l.kod).map(|k| (l, k)))
    }

    /// SKR's kommungruppsindelning 2023.
    pub fn kommungruppsindelning_2023(&self) -> &Kommungruppsindelning {
        &self.kommungrupper_2023
    }

    /// A kommun's group in SKR's 2023 indelning, with the group's name and main group.
    pub fn kommungrupp_2023(&self, kommun: KommunKod) -> Option<&KommungruppDefinition> {
        let indelning = &self.kommungrupper_2023;
        indelning.grupp(kommun).map(|g| indelning.definition(g))
    }
}
