//! Text encodings of delivered CSV files. Swedish exports from Excel and older systems are often
//! Windows-1252; polars reads UTF-8 only, so such files are transcoded in memory first.

use jamfor_spec::keywords::Encoding;

/// Windows-1252 code points for bytes 0x80–0x9F (the rest of the upper half equals Latin-1).
/// Undefined bytes map to U+FFFD and are reported by the caller.
const CP1252_80_9F: [char; 32] = [
    '€', '\u{FFFD}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{FFFD}', 'Ž',
    '\u{FFFD}', '\u{FFFD}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{FFFD}',
    'ž', 'Ÿ',
];

/// Decodes `bytes` as `encoding` into UTF-8 text. Returns the byte offset of the first byte that
/// is not valid in that encoding on failure.
pub(crate) fn decode(bytes: &[u8], encoding: Encoding) -> Result<String, usize> {
    match encoding {
        Encoding::Utf8 => {
            let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
            String::from_utf8(bytes.to_vec()).map_err(|e| e.utf8_error().valid_up_to())
        }
        Encoding::Latin1 => Ok(bytes.iter().map(|&b| char::from(b)).collect()),
        Encoding::Windows1252 => {
            let mut out = String::with_capacity(bytes.len() + bytes.len() / 16);
            for (i, &b) in bytes.iter().enumerate() {
                let c = match b {
                    0x80..=0x9F => CP1252_80_9F[usize::from(b - 0x80)],
                    _ => char::from(b),
                };
                if c == '\u{FFFD}' {
                    return Err(i);
                }
                out.push(c);
            }
            Ok(out)
        }
    }
}

/// 1-based line of a byte offset, for error messages.
pub(crate) fn line_of(bytes: &[u8], offset: usize) -> u64 {
    let before = bytes.get(..offset).unwrap_or(bytes);
    1 + before.iter().filter(|&&b| b == b'\n').count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swedish_letters_in_windows_1252() {
        let bytes = b"kommun;namn\n0180;G\xf6teborg \x96 \xc5re \xe4r \x80\n";
        let text = decode(bytes, Encoding::Windows1252).unwrap_or_default();
        assert_eq!(text, "kommun;namn\n0180;Göteborg – Åre är €\n");
    }

    #[test]
    fn invalid_utf8_is_located() {
        let bytes = b"a;b\n1;\xe4\n";
        assert_eq!(decode(bytes, Encoding::Utf8), Err(6));
        assert_eq!(line_of(bytes, 6), 2);
    }

    #[test]
    fn undefined_windows_1252_byte_is_refused() {
        assert_eq!(decode(b"ab\x81", Encoding::Windows1252), Err(2));
    }
}
