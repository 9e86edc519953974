//! A kommun as the reference table describes it, with the years it exists in statistics.

use crate::{KommunKod, LanKod};

/// One kommun, current or former.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Kommun {
    pub kod: KommunKod,
    /// The short name used in publications: "Upplands Väsby", not "Upplands Väsby kommun".
    pub namn: &'static str,
    pub lan: LanKod,
    /// First statistics year with figures for this kommun. For a new kommun this is the year
    /// before it formally started, because SCB reports its population at 31 December of that year.
    /// 1994 is where our reference series begins, not when the kommun was formed.
    pub giltig_fran: u16,
    /// Last statistics year, inclusive; `None` while the kommun still exists.
    pub giltig_till: Option<u16>,
}

impl Kommun {
    /// Whether the kommun has figures for statistics year `ar`.
    pub fn ar_giltig(&self, ar: u16) -> bool {
        ar >= self.giltig_fran && self.giltig_till.is_none_or(|till| ar <= till)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kommun(fran: u16, till: Option<u16>) -> Kommun {
        Kommun {
            kod: "0140".parse().expect("valid"),
            namn: "Nykvarn",
            lan: "01".parse().expect("valid"),
            giltig_fran: fran,
            giltig_till: till,
        }
    }

    #[test]
    fn validity_includes_both_ends() {
        let k = kommun(1998, Some(2005));
        assert!(!k.ar_giltig(1997));
        assert!(k.ar_giltig(1998));
        assert!(k.ar_giltig(2005));
        assert!(!k.ar_giltig(2006));
        assert!(kommun(1998, None).ar_giltig(2100));
    }
}
