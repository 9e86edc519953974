//! The rows of an SPSS system file as 8-byte slots: stored as they are, bytecode-compressed (a
//! `.sav` as SPSS saves it by default), or bytecode-compressed in zlib blocks (a `.zsav`).

use std::io::Read;

use super::dictionary::{Broken, Bytes, Dictionary};

/// Bytecode: a row's slots are coded eight at a time by one command byte each.
const SKIP: u8 = 0;
const END: u8 = 252;
const RAW: u8 = 253;
const SPACES: u8 = 254;
const SYSMIS: u8 = 255;

/// One 8-byte slot of a row.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Slot {
    /// Eight bytes as stored: a number in the file's byte order, or eight characters.
    Raw([u8; 8]),
    /// A number coded in the command itself.
    Number(f64),
    /// Eight spaces of a string.
    Spaces,
    /// The system-missing value.
    Sysmis,
}

/// The bytes after the dictionary: as stored, or inflated from a `.zsav`'s zlib blocks.
pub(super) fn data<'a>(
    bytes: &mut Bytes<'a>,
    dictionary: &Dictionary,
) -> Result<std::borrow::Cow<'a, [u8]>, Broken> {
    if dictionary.compression == 2 {
        inflate(bytes).map(std::borrow::Cow::Owned)
    } else {
        Ok(std::borrow::Cow::Borrowed(bytes.rest()))
    }
}

/// The slots of the rows one after the other, decoded as they are asked for: a survey of many
/// rows is never held as slots, only as the text of its declared columns.
#[derive(Debug)]
pub(super) struct Slots<'a> {
    data: &'a [u8],
    at: usize,
    compressed: bool,
    bias: f64,
    commands: [u8; 8],
    /// The next command of `commands` to follow; 8 when a new block is due.
    next: usize,
}

impl<'a> Slots<'a> {
    pub(super) fn new(data: &'a [u8], dictionary: &Dictionary) -> Self {
        Slots {
            data,
            at: 0,
            compressed: dictionary.compression != 0,
            bias: dictionary.bias,
            commands: [0; 8],
            next: 8,
        }
    }

    fn raw(&mut self) -> Result<Slot, Broken> {
        let raw = self.data.get(self.at..self.at + 8).ok_or(Broken::CutOff)?;
        self.at += 8;
        Ok(Slot::Raw(raw.try_into().unwrap_or([0; 8])))
    }

    /// The next slot; `Ok(None)` where the data ends cleanly.
    pub(super) fn next_slot(&mut self) -> Result<Option<Slot>, Broken> {
        if !self.compressed {
            return if self.at >= self.data.len() {
                Ok(None)
            } else {
                self.raw().map(Some)
            };
        }
        loop {
            if self.next == 8 {
                if self.at >= self.data.len() {
                    return Ok(None);
                }
                let block = self.data.get(self.at..self.at + 8).ok_or(Broken::CutOff)?;
                self.commands.copy_from_slice(block);
                self.at += 8;
                self.next = 0;
            }
            let command = self.commands[self.next];
            self.next += 1;
            return match command {
                SKIP => continue,
                END => {
                    self.at = self.data.len();
                    self.next = 8;
                    Ok(None)
                }
                RAW => self.raw().map(Some),
                SPACES => Ok(Some(Slot::Spaces)),
                SYSMIS => Ok(Some(Slot::Sysmis)),
                code => Ok(Some(Slot::Number(f64::from(code) - self.bias))),
            };
        }
    }
}

/// The bytecode stream of a `.zsav`: a header giving where the block index (the trailer) is,
/// the zlib blocks, then the index of their sizes.
fn inflate(bytes: &mut Bytes<'_>) -> Result<Vec<u8>, Broken> {
    let start = bytes.at;
    let header_at = bytes.i64()?;
    let trailer_at = bytes.i64()?;
    let trailer_len = bytes.i64()?;
    let position = |v: i64| {
        usize::try_from(v)
            .map_err(|_| Broken::Invalid("has a zlib header that points outside the file".into()))
    };
    if position(header_at)? != start {
        return Err(Broken::Invalid(
            "has a zlib header that does not point at itself".into(),
        ));
    }
    let (trailer_at, trailer_len) = (position(trailer_at)?, position(trailer_len)?);
    let all = bytes.rest();
    let offset = |at: usize| at.checked_sub(start + 24).ok_or(Broken::CutOff);
    let trailer = all
        .get(offset(trailer_at)?..offset(trailer_at)? + trailer_len)
        .ok_or(Broken::CutOff)?;
    let mut index = Bytes::new(trailer);
    index.big_endian = bytes.big_endian;
    index.i64()?; // bias
    index.i64()?; // zero
    index.i32()?; // block size
    let blocks = index.count("number of zlib blocks")?;
    let mut out = Vec::new();
    for _ in 0..blocks {
        index.i64()?; // where the block's bytes start when inflated
        let compressed_at = position(index.i64()?)?;
        let inflated_size = index.size("inflated block size")?;
        let compressed_size = index.size("compressed block size")?;
        let from = offset(compressed_at)?;
        let block = all
            .get(from..from + compressed_size)
            .ok_or(Broken::CutOff)?;
        let before = out.len();
        flate2::read::ZlibDecoder::new(block)
            .read_to_end(&mut out)
            .map_err(|_| Broken::Invalid("has a zlib block that does not inflate".into()))?;
        if out.len() - before != inflated_size {
            return Err(Broken::CutOff);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::{Slot, Slots};
    use crate::read::sav::dictionary::Dictionary;

    fn all(data: &[u8]) -> Result<Vec<Slot>, super::Broken> {
        let dictionary = Dictionary {
            variables: Vec::new(),
            row_slots: 1,
            compression: 1,
            rows: None,
            bias: 100.0,
            encoding: encoding_rs::UTF_8,
        };
        let mut slots = Slots::new(data, &dictionary);
        let mut out = Vec::new();
        while let Some(slot) = slots.next_slot()? {
            out.push(slot);
        }
        Ok(out)
    }

    #[test]
    fn bytecode_codes_small_numbers_spaces_and_missing_in_the_command() {
        let mut data = vec![101, 254, 255, 253, 0, 0, 0, 0];
        data.extend(1.5f64.to_le_bytes());
        data.extend([252, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(
            all(&data).ok(),
            Some(vec![
                Slot::Number(1.0),
                Slot::Spaces,
                Slot::Sysmis,
                Slot::Raw(1.5f64.to_le_bytes())
            ])
        );
        // The raw slot the commands ask for is missing: the file was cut off.
        assert!(all(&data[..10]).is_err());
    }
}
