//! Which geography a figure is for: riket, a län or a kommun.

use crate::{KommunCode, LanCode};

/// The level and code of a published figure.
///
/// Orders as publications list them: riket first, then län, then kommuner, each in code order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Geo {
    Riket,
    Lan(LanCode),
    Kommun(KommunCode),
}

impl Geo {
    /// The geography this one is part of: a kommun's län, a län's riket, nothing above riket.
    ///
    /// Read from the code alone, because SCB builds every kommun code from its län code.
    pub fn parent(self) -> Option<Geo> {
        match self {
            Geo::Riket => None,
            Geo::Lan(_) => Some(Geo::Riket),
            Geo::Kommun(code) => Some(Geo::Lan(code.lan())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kommun_lies_in_its_lan_which_lies_in_riket() {
        let gotland = Geo::Kommun("0980".parse().expect("valid"));
        let lan = gotland.parent().expect("has a län");
        assert_eq!(lan, Geo::Lan("09".parse().expect("valid")));
        assert_eq!(lan.parent(), Some(Geo::Riket));
        assert_eq!(Geo::Riket.parent(), None);
        assert!(Geo::Riket < lan && lan < gotland);
    }
}
