//! Finding a kommun from what a person typed, and "did you mean" suggestions when that fails.

use std::fmt;

use crate::{CodeError, Geography, Kommun, KommunCode};

/// How many suggestions a message shows; more than three reads as noise.
const MAX_FORSLAG: usize = 3;

impl Geography {
    /// The kommun a person meant by a code ("0180") or a short name ("Stockholm", any case).
    ///
    /// Surrounding spaces are ignored here, unlike in [`KommunCode`]'s parser, because this is for
    /// text typed into definitions, where a stray space is no reason to fail.
    pub fn find_kommun(&self, text: &str) -> Result<&Kommun, UnknownKommun> {
        let text = text.trim();
        let kodfel = match text.parse::<KommunCode>() {
            Ok(code) => match self.kommun(code) {
                Some(kommun) => return Ok(kommun),
                None => None,
            },
            // Only worth reporting when the text was meant as a code, not a misspelt name.
            Err(fel) if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) => Some(fel),
            Err(_) => None,
        };
        if let Some(kommun) = self.kommun_named(text) {
            return Ok(kommun);
        }
        Err(UnknownKommun {
            indata: text.to_owned(),
            kodfel,
            forslag: self.suggest(text).into_iter().cloned().collect(),
        })
    }

    /// The kommuner closest to a code or name, best first, at most three, for "did you mean".
    ///
    /// Digits are compared with codes (edit distance at most 1, and a code that lost its leading
    /// zero counts as exact); anything else with names, ignoring case, Swedish diacritics and a
    /// trailing " kommun", allowing about one edit per three letters. A name that starts with what
    /// was typed also counts as close, so "Upplands" finds Upplands Väsby and Upplands-Bro.
    pub fn suggest(&self, code_or_name: &str) -> Vec<&Kommun> {
        let fraga = normalisera(code_or_name);
        if fraga.is_empty() {
            return Vec::new();
        }
        let mut traffar: Vec<(usize, &Kommun)> = if fraga.bytes().all(|b| b.is_ascii_digit()) {
            let utfylld = format!("{fraga:0>4}");
            self.kommuner
                .iter()
                .filter_map(|k| {
                    let code = k.code.to_string();
                    let avstand = if utfylld == code {
                        0
                    } else {
                        levenshtein(&fraga, &code)
                    };
                    (avstand <= 1).then_some((avstand, k))
                })
                .collect()
        } else {
            let langd = fraga.chars().count();
            let grans = (langd / 3).max(1);
            self.kommuner
                .iter()
                .filter_map(|k| {
                    let name = normalisera(k.name);
                    let mut avstand = levenshtein(&fraga, &name);
                    if langd >= 3 && name.starts_with(&fraga) {
                        avstand = avstand.min(1);
                    }
                    (avstand <= grans).then_some((avstand, k))
                })
                .collect()
        };
        traffar.sort_by_key(|(avstand, k)| (*avstand, k.code));
        traffar
            .into_iter()
            .take(MAX_FORSLAG)
            .map(|(_, k)| k)
            .collect()
    }
}

/// Lower case without diacritics or a trailing " kommun": people type "Goteborg" and
/// "Stockholms kommun" and still mean a kommun in the table.
fn normalisera(text: &str) -> String {
    let text = text.trim().to_lowercase();
    let text = text.strip_suffix(" kommun").unwrap_or(&text);
    text.chars()
        .map(|c| match c {
            'å' | 'ä' | 'á' | 'à' => 'a',
            'ö' | 'ó' => 'o',
            'é' | 'è' => 'e',
            'ü' => 'u',
            _ => c,
        })
        .collect()
}

/// Edit distance in characters (not bytes, so "ö" is one edit), with one row of memory.
fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut rad: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = rad[0];
        rad[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let ersatt = diagonal + usize::from(ca != *cb);
            diagonal = rad[j + 1];
            rad[j + 1] = ersatt.min(rad[j] + 1).min(diagonal + 1);
        }
    }
    rad[b.len()]
}

/// Text that names no kommun, with the closest ones for the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownKommun {
    pub indata: String,
    /// Set when the text was digits but not a well-formed code.
    pub kodfel: Option<CodeError>,
    /// Closest kommuner, best first; may be empty.
    pub forslag: Vec<Kommun>,
}

impl fmt::Display for UnknownKommun {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kodfel {
            Some(fel) => write!(f, "{fel}")?,
            None => write!(f, "no kommun has the code or name `{}`", self.indata)?,
        }
        let sista = self.forslag.len().saturating_sub(1);
        for (i, k) in self.forslag.iter().enumerate() {
            let skiljare = match i {
                0 => "; did you mean ",
                _ if i == sista => " or ",
                _ => ", ",
            };
            write!(f, "{skiljare}{} ({})", k.code, k.name)?;
        }
        if !self.forslag.is_empty() {
            f.write_str("?")?;
        }
        Ok(())
    }
}

impl std::error::Error for UnknownKommun {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levenshtein_counts_characters() {
        assert_eq!(levenshtein("", ""), 0);
        assert_eq!(levenshtein("abc", ""), 3);
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("malmö", "malmo"), 1);
        assert_eq!(levenshtein("stokholm", "stockholm"), 1);
    }

    #[test]
    fn normalising_drops_case_diacritics_and_suffix() {
        assert_eq!(normalisera(" Göteborgs Kommun "), "goteborgs");
        assert_eq!(normalisera("Håbo"), "habo");
    }
}
