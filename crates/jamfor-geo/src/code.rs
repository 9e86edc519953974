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
/// [`Geography`](crate::Geografi).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KommunCode(u16);

/// A län code: two digits, zero-padded ("01", "09", "25").
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LanCode(u8);

impl KommunCode {
    /// The län the code belongs to: SCB builds every kommun code from its län code.
    pub fn lan(self) -> LanCode {
        // Below 10 000 by construction, so the quotient fits in two digits.
        LanCode((self.0 / 100) as u8)
    }
}

impl FromStr for KommunCode {
    type Err = CodeError;

    fn from_str(text: &str) -> Result<Self, CodeError> {
        let tal = siffror(text, CodeKind::Kommun)?;
        // "00xx" is how Kolada writes riket (0000) and regions (0001..0025), never a kommun.
        if tal < 100 {
            return Err(CodeError::new(
                CodeKind::Kommun,
                text,
                CodeErrorKind::ZeroLan,
            ));
        }
        Ok(KommunCode(tal))
    }
}

impl FromStr for LanCode {
    type Err = CodeError;

    fn from_str(text: &str) -> Result<Self, CodeError> {
        let tal = siffror(text, CodeKind::Lan)?;
        if tal == 0 {
            return Err(CodeError::new(CodeKind::Lan, text, CodeErrorKind::ZeroLan));
        }
        // Two digits parse to at most 99.
        Ok(LanCode(tal as u8))
    }
}

/// Exactly `slag.langd()` ASCII digits, read as a number.
fn siffror(text: &str, slag: CodeKind) -> Result<u16, CodeError> {
    if !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(CodeError::new(slag, text, CodeErrorKind::NotDigits));
    }
    if text.len() != slag.langd() {
        return Err(CodeError::new(slag, text, CodeErrorKind::WrongLength));
    }
    Ok(text
        .bytes()
        .fold(0u16, |tal, b| tal * 10 + u16::from(b - b'0')))
}

impl fmt::Display for KommunCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.0)
    }
}

impl fmt::Debug for KommunCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KommunCode({self})")
    }
}

impl fmt::Display for LanCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}", self.0)
    }
}

impl fmt::Debug for LanCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "LanCode({self})")
    }
}

/// Which kind of code a [`CodeError`] is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeKind {
    Kommun,
    Lan,
}

impl CodeKind {
    fn langd(self) -> usize {
        match self {
            CodeKind::Kommun => 4,
            CodeKind::Lan => 2,
        }
    }

    fn name(self) -> &'static str {
        match self {
            CodeKind::Kommun => "kommun",
            CodeKind::Lan => "län",
        }
    }
}

/// Why a text is not a well-formed code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeErrorKind {
    /// Something other than the digits 0–9 (including surrounding spaces).
    NotDigits,
    /// Digits, but not the right number of them.
    WrongLength,
    /// The län part is 00, which Kolada uses for riket and the regions.
    ZeroLan,
}

/// A text that is not a well-formed kommun or län code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeError {
    pub slag: CodeKind,
    pub indata: String,
    pub orsak: CodeErrorKind,
}

impl CodeError {
    fn new(slag: CodeKind, indata: &str, orsak: CodeErrorKind) -> Self {
        CodeError {
            slag,
            indata: indata.to_owned(),
            orsak,
        }
    }
}

impl fmt::Display for CodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let slag = self.slag.name();
        let langd = self.slag.langd();
        let indata = &self.indata;
        match self.orsak {
            CodeErrorKind::NotDigits => {
                write!(f, "{slag} code `{indata}` must be {langd} digits")
            }
            // Spreadsheets drop exactly one zero: no kommun or län code starts with "00".
            CodeErrorKind::WrongLength if indata.len() + 1 == langd => write!(
                f,
                "{slag} code `{indata}` has {} digits, expected {langd}; \
                 was a leading zero lost? try `{indata:0>langd$}`",
                indata.len()
            ),
            CodeErrorKind::WrongLength => write!(
                f,
                "{slag} code `{indata}` has {} digits, expected {langd}",
                indata.len()
            ),
            CodeErrorKind::ZeroLan => write!(
                f,
                "{slag} code `{indata}` has län part 00, which means riket or a region, not a {slag}"
            ),
        }
    }
}

impl std::error::Error for CodeError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kommunkod_keeps_its_leading_zero() {
        let code: KommunCode = "0114".parse().expect("valid code");
        assert_eq!(code.to_string(), "0114");
        assert_eq!(code.lan().to_string(), "01");
        assert_eq!(format!("{code:?}"), "KommunCode(0114)");
    }

    #[test]
    fn lankod_round_trips() {
        let code: LanCode = "09".parse().expect("valid code");
        assert_eq!(code.to_string(), "09");
    }

    #[test]
    fn a_lost_leading_zero_is_pointed_out() {
        let fel = "114".parse::<KommunCode>().expect_err("too short");
        assert_eq!(fel.orsak, CodeErrorKind::WrongLength);
        assert_eq!(
            fel.to_string(),
            "kommun code `114` has 3 digits, expected 4; was a leading zero lost? try `0114`"
        );
        let fel = "1".parse::<LanCode>().expect_err("too short");
        assert!(fel.to_string().ends_with("try `01`"), "{fel}");
    }

    #[test]
    fn malformed_codes_are_rejected() {
        for (text, orsak) in [
            ("01140", CodeErrorKind::WrongLength),
            ("", CodeErrorKind::WrongLength),
            ("01a4", CodeErrorKind::NotDigits),
            (" 0114", CodeErrorKind::NotDigits),
            ("-114", CodeErrorKind::NotDigits),
            ("0000", CodeErrorKind::ZeroLan),
            ("0014", CodeErrorKind::ZeroLan),
        ] {
            let fel = text.parse::<KommunCode>().expect_err(text);
            assert_eq!(fel.orsak, orsak, "{text}");
        }
        assert_eq!(
            "00".parse::<LanCode>().expect_err("00").orsak,
            CodeErrorKind::ZeroLan
        );
    }

    #[test]
    fn codes_sort_in_code_order() {
        let mut koder: Vec<KommunCode> = ["2584", "0180", "0114", "0980"]
            .iter()
            .map(|t| t.parse().expect("valid"))
            .collect();
        koder.sort();
        let text: Vec<String> = koder.iter().map(ToString::to_string).collect();
        assert_eq!(text, ["0114", "0180", "0980", "2584"]);
    }
}
