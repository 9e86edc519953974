//! A kommun as the reference table describes it, with the years it exists in statistics.

use crate::{KommunCode, LanCode};

/// One kommun, current or former.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Kommun {
    pub code: KommunCode,
    /// The short name used in publications: "Upplands Väsby", not "Upplands Väsby kommun".
    pub name: &'static str,
    pub lan: LanCode,
    /// First statistics year with figures for this kommun. For a new kommun this is the year
    /// before it formally started, because SCB reports its population at 31 December of that year.
    /// 1994 is where our reference series begins, not when the kommun was formed.
    pub valid_from: u16,
    /// Last statistics year, inclusive; `None` while the kommun still exists.
    pub valid_to: Option<u16>,
}

impl Kommun {
    /// Whether the kommun has figures for statistics year `ar`.
    pub fn is_valid_in(&self, ar: u16) -> bool {
        ar >= self.valid_from && self.valid_to.is_none_or(|till| ar <= till)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kommun(fran: u16, till: Option<u16>) -> Kommun {
        Kommun {
            code: "0140".parse().expect("valid"),
            name: "Nykvarn",
            lan: "01".parse().expect("valid"),
            valid_from: fran,
            valid_to: till,
        }
    }

    #[test]
    fn validity_includes_both_ends() {
        let k = kommun(1998, Some(2005));
        assert!(!k.is_valid_in(1997));
        assert!(k.is_valid_in(1998));
        assert!(k.is_valid_in(2005));
        assert!(!k.is_valid_in(2006));
        assert!(kommun(1998, None).is_valid_in(2100));
    }
}
