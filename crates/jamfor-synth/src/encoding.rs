//! Text to bytes in a source's declared encoding.
//!
//! Swedish exports are often Windows-1252 or ISO-8859-1. Both agree with Unicode on the letters
//! Swedish data uses (å ä ö Å Ä Ö é É ü Ü), which sit at the same code points in Latin-1, so a
//! small table is all we need. Any other non-ASCII character is refused instead of guessed: a
//! synthetic file must never contain bytes its declaration does not promise.

use jamfor_spec::keywords::Encoding;

/// The characters outside ASCII that we encode in the single-byte encodings.
const SVENSKA: &[char] = &['å', 'ä', 'ö', 'Å', 'Ä', 'Ö', 'é', 'É', 'ü', 'Ü'];

/// Appends `text` to `ut` in `encoding`; on a character the encoding cannot hold, returns it.
pub(crate) fn encode(text: &str, encoding: Encoding, ut: &mut Vec<u8>) -> Result<(), char> {
    match encoding {
        Encoding::Utf8 => {
            ut.extend_from_slice(text.as_bytes());
            Ok(())
        }
        Encoding::Windows1252 | Encoding::Latin1 => {
            for c in text.chars() {
                if c.is_ascii() || SVENSKA.contains(&c) {
                    // Each of these is below U+0100 and equal to its Latin-1 byte.
                    ut.push(c as u32 as u8);
                } else {
                    return Err(c);
                }
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_letters_become_single_bytes() {
        let mut ut = Vec::new();
        encode(
            "Särskilt boende, Göteborg, Åre",
            Encoding::Windows1252,
            &mut ut,
        )
        .expect("encodable");
        assert_eq!(ut.len(), "Särskilt boende, Göteborg, Åre".chars().count());
        assert!(ut.contains(&0xE4) && ut.contains(&0xF6) && ut.contains(&0xC5));
    }

    #[test]
    fn other_letters_are_refused() {
        let mut ut = Vec::new();
        assert_eq!(encode("Łódź", Encoding::Windows1252, &mut ut), Err('Ł'));
        assert_eq!(encode("€", Encoding::Latin1, &mut ut), Err('€'));
        ut.clear();
        encode("Łódź", Encoding::Utf8, &mut ut).expect("utf-8 holds everything");
        assert_eq!(ut, "Łódź".as_bytes());
    }
}
