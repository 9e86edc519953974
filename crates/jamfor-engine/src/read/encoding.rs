//! Text encodings of delivered CSV files. Swedish exports from Excel and older systems are often
//! Windows-1252; polars reads UTF-8 only, so such files are transcoded while they are read, a
//! chunk at a time: the original bytes are never held in memory next to the UTF-8 text.

use std::io::Read;
use std::path::Path;

use jamfor_spec::keywords::Encoding;

/// Windows-1252 code points for bytes 0x80–0x9F (the rest of the upper half equals Latin-1).
/// Undefined bytes map to U+FFFD and are reported by the caller.
const CP1252_80_9F: [char; 32] = [
    '€', '\u{FFFD}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{FFFD}', 'Ž',
    '\u{FFFD}', '\u{FFFD}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{FFFD}',
    'ž', 'Ÿ',
];

/// How much of a single-byte file is read and transcoded at a time.
const CHUNK: usize = 1 << 20;

/// Why a file could not be read as text.
#[derive(Debug)]
pub(crate) enum Unreadable {
    /// The file system refused.
    Io(std::io::Error),
    /// A byte sequence that is not valid in the declared encoding.
    Invalid {
        /// 1-based line of the first invalid byte.
        line: u64,
        /// Whether every byte of the file is defined in Windows-1252 (for a UTF-8 file this is
        /// the likeliest explanation: Excel saves "CSV" so on Swedish Windows).
        fits_windows_1252: bool,
    },
}

/// Reads the file at `path` as `encoding` and returns its text (without a UTF-8 byte order
/// mark). A UTF-8 file is checked once, as it becomes the text.
pub(crate) fn load(path: &Path, encoding: Encoding) -> Result<String, Unreadable> {
    let mut file = std::fs::File::open(path).map_err(Unreadable::Io)?;
    let size = file
        .metadata()
        .map(|m| usize::try_from(m.len()).unwrap_or(0))
        .unwrap_or(0);
    if encoding == Encoding::Utf8 {
        let mut bytes = Vec::with_capacity(size);
        file.read_to_end(&mut bytes).map_err(Unreadable::Io)?;
        let mut text = String::from_utf8(bytes).map_err(|e| {
            let offset = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            Unreadable::Invalid {
                line: line_of(&bytes, offset),
                fits_windows_1252: bytes.iter().all(|&b| defined_in_windows_1252(b)),
            }
        })?;
        if text.starts_with('\u{feff}') {
            text.drain(..'\u{feff}'.len_utf8());
        }
        return Ok(text);
    }
    // Swedish letters take two bytes in UTF-8 instead of one; a little room avoids regrowing.
    let mut out = Vec::with_capacity(size + size / 32);
    let mut chunk = vec![0; CHUNK];
    loop {
        let n = match file.read(&mut chunk) {
            // Transcoding writes UTF-8 only; a failure here would be a bug in `transcode`.
            Ok(0) => {
                return String::from_utf8(out).map_err(|_| {
                    Unreadable::Io(std::io::Error::new(
                        std::io::ErrorKind::InvalidData,
                        "transcoding gave text that is not UTF-8 (a bug in jamfor)",
                    ))
                });
            }
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(Unreadable::Io(e)),
        };
        let read = &chunk[..n];
        let written = out.len();
        if let Err(offset) = transcode(read, encoding, &mut out) {
            // Line breaks are ASCII, so the text of the earlier chunks has as many as they had.
            // Only those: `out` also holds this chunk's text up to the bad byte, whose line
            // breaks `line_of` counts (counted twice, line n was reported as 2n − 1).
            let before = out[..written].iter().filter(|&&b| b == b'\n').count() as u64;
            return Err(Unreadable::Invalid {
                line: before + line_of(read, offset),
                fits_windows_1252: false,
            });
        }
    }
}

fn defined_in_windows_1252(byte: u8) -> bool {
    !matches!(byte, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D)
}

/// The length of the ASCII run at the start of `bytes`, sixteen bytes at a time.
fn ascii_prefix(bytes: &[u8]) -> usize {
    let mut n = 0;
    for block in bytes.chunks_exact(16) {
        let mut word = [0; 16];
        word.copy_from_slice(block);
        if u128::from_ne_bytes(word) & 0x8080_8080_8080_8080_8080_8080_8080_8080 != 0 {
            break;
        }
        n += 16;
    }
    n + bytes[n..]
        .iter()
        .position(|b| !b.is_ascii())
        .unwrap_or(bytes.len() - n)
}

/// Appends `bytes`, read as the single-byte `encoding`, to `out` as UTF-8. Returns the offset of
/// the first byte undefined in that encoding on failure. ASCII runs (most of any file) are copied
/// as they are.
fn transcode(bytes: &[u8], encoding: Encoding, out: &mut Vec<u8>) -> Result<(), usize> {
    let mut at = 0;
    while at < bytes.len() {
        let run = ascii_prefix(&bytes[at..]);
        out.extend_from_slice(&bytes[at..at + run]);
        at += run;
        let Some(&b) = bytes.get(at) else {
            break;
        };
        let c = match (encoding, b) {
            (Encoding::Windows1252, 0x80..=0x9F) => CP1252_80_9F[usize::from(b - 0x80)],
            _ => char::from(b),
        };
        if c == '\u{FFFD}' {
            return Err(at);
        }
        let mut buffer = [0; 4];
        out.extend_from_slice(c.encode_utf8(&mut buffer).as_bytes());
        at += 1;
    }
    Ok(())
}

/// 1-based line of a byte offset, for error messages.
pub(crate) fn line_of(bytes: &[u8], offset: usize) -> u64 {
    let before = bytes.get(..offset).unwrap_or(bytes);
    1 + before.iter().filter(|&&b| b == b'\n').count() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8], encoding: Encoding) -> Result<String, usize> {
        let mut out = Vec::new();
        transcode(bytes, encoding, &mut out)?;
        Ok(String::from_utf8(out).unwrap_or_default())
    }

    #[test]
    fn swedish_letters_in_windows_1252() {
        let bytes = b"kommun;namn\n0180;G\xf6teborg \x96 \xc5re \xe4r \x80\n";
        let text = decode(bytes, Encoding::Windows1252).unwrap_or_default();
        assert_eq!(text, "kommun;namn\n0180;Göteborg – Åre är €\n");
    }

    #[test]
    fn long_ascii_runs_around_latin_1_letters() {
        let mut bytes = b"0123456789abcdef0123456789abcdef".repeat(3);
        bytes.insert(40, 0xe5);
        bytes.push(0xf6);
        let text = decode(&bytes, Encoding::Latin1).unwrap_or_default();
        assert_eq!(text.chars().count(), bytes.len());
        assert_eq!(text.chars().nth(40), Some('å'));
        assert!(text.ends_with('ö'));
    }

    #[test]
    fn invalid_utf8_is_located() {
        let dir = std::env::temp_dir().join(format!("jamfor-encoding-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap_or_default();
        let file = dir.join("a.csv");
        std::fs::write(&file, b"a;b\n1;\xe4\n").unwrap_or_default();
        match load(&file, Encoding::Utf8) {
            Err(Unreadable::Invalid {
                line,
                fits_windows_1252,
            }) => assert_eq!((line, fits_windows_1252), (2, true)),
            other => panic!("{other:?}"),
        }
        std::fs::remove_dir_all(&dir).unwrap_or_default();
    }

    #[test]
    fn undefined_windows_1252_byte_is_refused() {
        assert_eq!(decode(b"ab\x81", Encoding::Windows1252), Err(2));
    }
}
