//! Typed SCB codes for kommun and län.
//!
//! Codes are text in every source we read ("0114", not 114): a spreadsheet that turned a column
//! into numbers silently drops the leading zero, and such a code then joins with nothing. Parsing
//! is therefore strict, and the error says when a zero was probably lost.

use std::fmt;
use std::str::FromStr;

/// A kommun code: four digits, zero-padded, the first two being the län code ("0114", "0980").
///
/// Stored as a number so the type is `Copy` and sorts in code order; always shown with four digits.
/// A valid code only says the form is right; whether such a kommun exists is a question for
/// [`Geografi`](crate::Geografi).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KommunKod(u16);

/// A län code: two digits, zero-padded ("01", "09", "25").
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LanKod(u8);

impl KommunKod {
    /// The län the code belongs to: SCB builds every kommun code from its län code.
    pub fn lan(self) -> LanKod {
        // Below 10 000 by construction, so the quotient fits in two digits.
        LanKod((self.0 / 100) as u8)
    }
}

impl FromStr for KommunKod {
    type Err = KodFel;

    fn from_str(text: &str) -> Result<Self, KodFel> {
        let tal = siffror(text, KodSlag::Kommun)?;
        // "00xx" is how Kolada writes riket (0000) and regions (0001..0025), never a kommun.
        if tal < 100 {
            return Err(KodFel::new(KodSlag::Kommun, text, KodFelOrsak::NollLan));
        }
        Ok(KommunKod(tal))
    }
}

impl FromStr for LanKod {
    type Err = KodFel;

    fn from_str(text: &str) -> Result<Self, KodFel> {
        let tal = siffror(text, KodSlag::Lan)?;
        if tal == 0 {
            return Err(KodFel::new(KodSlag::Lan, text, KodFelOrsak::NollLan));
        }
        // Two digits parse to at most 99.
        Ok(LanKod(tal as u8))
    }
}

/// Exactly `slag.langd()` ASCII digits, read as a number.
fn siffror(text: &str, slag: KodSlag) -> Result<u16, KodFel> {
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(KodFel::new(slag, text, KodFelOrsak::InteSiffror));
    }
    if text.len() != slag.langd() {
        return Err(KodFel::new(slag, text, KodFelOrsak::FelLangd));
    }
    Ok(text
        .bytes()
        .fold(0u16, |tal, b| tal * 10 + u16::from(b - b'0')))
}

impl fmt::Display for KommunKod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.0)
    }
}

impl fmt::Debug for KommunKod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KommunKod({self})")
    }
}

impl fmt::Display for LanKod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}", self.0)
    }
}

impl fmt::Debug for LanKod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "LanKod({self})")
    }
}

/// Which kind of code a [`KodFel`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KodSlag {
    Kommun,
    Lan,
}

impl KodSlag {
    fn langd(self) -> usize {
        match self {
            KodSlag::Kommun => 4,
            KodSlag::Lan => 2,
        }
    }

    fn namn(self) -> &'static str {
        match self {
            KodSlag::Kommun => "kommun",
            KodSlag::Lan => "län",
        }
    }
}

/// Why a text is not a well-formed code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KodFelOrsak {
    /// Something other than the digits 0–9 (including surrounding spaces).
    InteSiffror,
    /// Digits, but not the right number of them.
    FelLangd,
    /// The län part is 00, which Kolada uses for riket and the regions.
    NollLan,
}

/// A text that is not a well-formed kommun or län code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KodFel {
    pub slag: KodSlag,
    pub indata: String,
    pub orsak: KodFelOrsak,
}

impl KodFel {
    fn new(slag: KodSlag, indata: &str, orsak: KodFelOrsak) -> Self {
        KodFel {
            slag,
            indata: indata.to_owned(),
            orsak,
        }
    }
}

impl fmt::Display for KodFel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let slag = self.slag.namn();
        let langd = self.slag.langd();
        let indata = &self.indata;
        match self.orsak {
            KodFelOrsak::InteSiffror => {
                write!(f, "{slag} code `{indata}` must be {langd} digits")
            }
            // Spreadsheets drop exactly one zero: no kommun or län code starts with "00".
            KodFelOrsak::FelLangd if indata.len() + 1 == langd => write!(
                f,
                "{slag} code `{indata}` has {} digits, expected {langd}; \
                 was a leading zero lost? try `{indata:0>langd$}`",
                indata.len()
            ),
            KodFelOrsak::FelLangd => write!(
                f,
                "{slag} code `{indata}` has {} digits, expected {langd}",
                indata.len()
            ),
            KodFelOrsak::NollLan => write!(
                f,
                "{slag} code `{indata}` has län part 00, which means riket or a region, not a {slag}"
            ),
        }
    }
}

impl std::error::Error for KodFel {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kommunkod_keeps_its_leading_zero() {
        let kod: KommunKod = "0114".parse().expect("valid code");
        assert_eq!(kod.to_string(), "0114");
        assert_eq!(kod.lan().to_string(), "01");
        assert_eq!(format!("{kod:?}"), "KommunKod(0114)");
    }

    #[test]
    fn lankod_round_trips() {
        let kod: LanKod = "09".parse().expect("valid code");
        assert_eq!(kod.to_string(), "09");
    }

    #[test]
    fn a_lost_leading_zero_is_pointed_out() {
        let fel = "114".parse::<KommunKod>().expect_err("too short");
        assert_eq!(fel.orsak, KodFelOrsak::FelLangd);
        assert_eq!(
            fel.to_string(),
            "kommun code `114` has 3 digits, expected 4; was a leading zero lost? try `0114`"
        );
        let fel = "1".parse::<LanKod>().expect_err("too short");
        assert!(fel.to_string().ends_with("try `01`"), "{fel}");
    }

    #[test]
    fn malformed_codes_are_rejected() {
        for (text, orsak) in [
            ("01140", KodFelOrsak::FelLangd),
            ("", KodFelOrsak::FelLangd),
            ("01a4", KodFelOrsak::InteSiffror),
            (" 0114", KodFelOrsak::InteSiffror),
            ("-114", KodFelOrsak::InteSiffror),
            ("0000", KodFelOrsak::NollLan),
            ("0014", KodFelOrsak::NollLan),
        ] {
            let fel = text.parse::<KommunKod>().expect_err(text);
            assert_eq!(fel.orsak, orsak, "{text}");
        }
        assert_eq!(
            "00".parse::<LanKod>().expect_err("00").orsak,
            KodFelOrsak::NollLan
        );
    }

    #[test]
    fn codes_sort_in_code_order() {
        let mut koder: Vec<KommunKod> = ["2584", "0180", "0114", "0980"]
            .iter()
            .map(|t| t.parse().expect("valid"))
            .collect();
        koder.sort();
        let text: Vec<String> = koder.iter().map(ToString::to_string).collect();
        assert_eq!(text, ["0114", "0180", "0980", "2584"]);
    }
}
