//! A quick look at the records of a CSV text before polars parses it: how many fields each record
//! has and where the blank lines are. polars fills a short row with nulls without a word and reads
//! a blank line as a row of nulls, so the typed reading trusts a text only when every record has
//! the first record's number of fields; anything else goes to the exact reading, which names the
//! line.
//!
//! Records are found the way the exact reading finds them: a `"` opens or closes a quoted part, in
//! which delimiters and line breaks belong to the value. The scan looks at 64 bytes at a time and
//! counts delimiters between line breaks with bit masks, so it costs little next to parsing.

use std::ops::Range;

/// What the scan found.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Shape {
    /// Fields of the first record that is not blank (the header, when there is one).
    pub(super) fields: usize,
    /// Records that are not blank, header included.
    pub(super) records: usize,
    /// Whether some record has another number of fields than the first, or a quote is left open.
    pub(super) ragged: bool,
    /// Blank lines (whitespace only), line break included.
    pub(super) blank: Vec<Range<usize>>,
}

impl Shape {
    fn end_record(&mut self, text: &[u8], record: Range<usize>, fields: usize) {
        // A record without a delimiter may be a blank line; only then are its bytes looked at.
        if fields == 1
            && std::str::from_utf8(&text[record.clone()])
                .is_ok_and(|line| line.chars().all(char::is_whitespace))
        {
            if !record.is_empty() {
                self.blank.push(record);
            }
            return;
        }
        if self.records == 0 {
            self.fields = fields;
        } else if fields != self.fields {
            self.ragged = true;
        }
        self.records += 1;
    }
}

/// Bit `i` set where `block[i] == byte`. Eight bytes at a time as one word: a byte equal to
/// `byte` is a zero byte of `word ^ byte×8`, which the carry-free test below turns into its high
/// bit, and one multiplication gathers the eight high bits. A byte-by-byte loop was a fifth of
/// reading a national year.
fn mask(block: &[u8], byte: u8) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    // Bit 7 of byte j lands on bit 56 + j.
    const GATHER: u64 = 0x0102_0408_1020_4080;
    let pattern = u64::from_ne_bytes([byte; 8]);
    let mut out = 0u64;
    let mut words = block.chunks_exact(8);
    for (k, chunk) in words.by_ref().enumerate() {
        let mut bytes = [0u8; 8];
        bytes.copy_from_slice(chunk);
        let v = u64::from_le_bytes(bytes) ^ pattern.to_le();
        // High bit set exactly in the bytes of `v` that are zero.
        let zero = !(((v & LOW7) + LOW7) | v | LOW7);
        let bits = ((zero >> 7).wrapping_mul(GATHER)) >> 56;
        out |= bits << (8 * k);
    }
    let done = block.len() - words.remainder().len();
    for (i, &b) in words.remainder().iter().enumerate() {
        out |= u64::from(b == byte) << (done + i);
    }
    out
}

/// Scans `text` for its records.
pub(super) fn scan(text: &[u8], delimiter: u8) -> Shape {
    let mut shape = Shape::default();
    let (mut fields, mut start, mut quoted) = (1usize, 0usize, false);
    for (n, block) in text.chunks(64).enumerate() {
        let base = n * 64;
        let quotes = mask(block, b'"');
        if quotes == 0 && !quoted {
            let mut delimiters = mask(block, delimiter);
            let mut breaks = mask(block, b'\n');
            while breaks != 0 {
                let at = breaks.trailing_zeros();
                let upto = u64::MAX >> (63 - at);
                fields += (delimiters & upto).count_ones() as usize;
                delimiters &= !upto;
                let end = base + at as usize + 1;
                shape.end_record(text, start..end, fields);
                (fields, start) = (1, end);
                breaks &= breaks - 1;
            }
            fields += delimiters.count_ones() as usize;
            continue;
        }
        for (i, &b) in block.iter().enumerate() {
            if b == b'"' {
                quoted = !quoted;
            } else if quoted {
                continue;
            } else if b == delimiter {
                fields += 1;
            } else if b == b'\n' {
                let end = base + i + 1;
                shape.end_record(text, start..end, fields);
                (fields, start) = (1, end);
            }
        }
    }
    shape.end_record(text, start..text.len(), fields);
    shape.ragged |= quoted;
    shape
}

/// `text` without the `blank` ranges (sorted, not overlapping).
pub(super) fn without(text: &[u8], blank: &[Range<usize>]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut at = 0;
    for range in blank {
        out.extend_from_slice(&text[at..range.start]);
        at = range.end;
    }
    out.extend_from_slice(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_match_a_byte_by_byte_look() {
        let bytes: Vec<u8> = (0..200u32).map(|i| (i * 37 % 251) as u8).collect();
        for len in [0, 1, 7, 8, 9, 63, 64] {
            for start in [0, 3, 50] {
                let block = &bytes[start..start + len];
                for byte in [
                    b';',
                    b'\n',
                    b'"',
                    0,
                    0x80,
                    0xff,
                    block.first().copied().unwrap_or(1),
                ] {
                    let expected = block
                        .iter()
                        .enumerate()
                        .fold(0u64, |m, (i, &b)| m | (u64::from(b == byte) << i));
                    assert_eq!(
                        mask(block, byte),
                        expected,
                        "len {len} start {start} byte {byte}"
                    );
                }
            }
        }
    }

    #[test]
    fn counts_records_and_fields_across_blocks() {
        let row = "p0000000001;0180;K;1;100,5\n";
        let text = format!("lopnr;kommun;kon;manad;belopp\n{}", row.repeat(50));
        let shape = scan(text.as_bytes(), b';');
        assert_eq!((shape.fields, shape.records, shape.ragged), (5, 51, false));
        assert!(shape.blank.is_empty());
    }

    #[test]
    fn a_short_row_anywhere_is_ragged() {
        let row = "p0000000001;0180;K;1;100\n";
        for at in [1, 7, 30] {
            let mut rows = vec![row.to_string(); 40];
            rows[at] = "p0000000002;0180;K;1\n".into();
            let text = format!("a;b;c;d;e\n{}", rows.concat());
            assert!(scan(text.as_bytes(), b';').ragged, "row {at}");
        }
    }

    #[test]
    fn quoted_delimiters_and_line_breaks_belong_to_the_value() {
        let text = "a;b\n\"x;\ny\";1\n\"z\";2";
        let shape = scan(text.as_bytes(), b';');
        assert_eq!((shape.fields, shape.records, shape.ragged), (2, 3, false));
        assert!(scan(b"a;b\n\"x;1\n", b';').ragged, "an open quote");
    }

    #[test]
    fn blank_lines_are_found_and_left_out() {
        let text = b"a;b\r\n1;2\r\n\r\n3;4\n  \n\n";
        let shape = scan(text, b';');
        assert_eq!((shape.records, shape.ragged), (3, false));
        assert_eq!(without(text, &shape.blank), b"a;b\r\n1;2\r\n3;4\n");
    }
}
