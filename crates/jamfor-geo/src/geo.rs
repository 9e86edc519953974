//! Which geography a figure is for: riket, a län or a kommun.

use crate::{KommunKod, LanKod};

/// The level and code of a published figure.
///
/// Orders as publications list them: riket first, then län, then kommuner, each in code order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Geo {
    Riket,
    Lan(LanKod),
    Kommun(KommunKod),
}

impl Geo {
    /// The geography this one is part of: a kommun's län, a län's riket, nothing above riket.
    ///
    /// Read from the code alone, because SCB builds every kommun code from its län code.
    pub fn overordnad(self) -> Option<Geo> {
        match self {
            Geo::Riket => None,
            Geo::Lan(_) => Some(Geo::Riket),
            Geo::Kommun(kod) => Some(Geo::Lan(kod.lan())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kommun_lies_in_its_lan_which_lies_in_riket() {
        let gotland = Geo::Kommun("0980".parse().expect("valid"));
        let lan = gotland.overordnad().expect("has a län");
        assert_eq!(lan, Geo::Lan("09".parse().expect("valid")));
        assert_eq!(lan.overordnad(), Some(Geo::Riket));
        assert_eq!(Geo::Riket.overordnad(), None);
        assert!(Geo::Riket < lan && lan < gotland);
    }
}
