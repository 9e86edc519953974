//! Text values numbered in order of first appearance: kommun codes, unit ids and person ids
//! become small integers once per source, and every later step compares integers.

use polars::prelude::*;

use crate::error::{DataError, internal};
use crate::hashing::FastMap;

/// Numbers for the distinct values of one text column.
#[derive(Debug, Default)]
pub(crate) struct Interner<'a> {
    ids: FastMap<&'a str, u32>,
    /// The value of each number.
    pub(crate) values: Vec<String>,
    /// The previous lookup: registers list a person's (or a kommun's) rows together, so most
    /// rows repeat the value of the row before and need no hashing.
    last: Option<(&'a str, u32)>,
}

impl<'a> Interner<'a> {
    /// The number of `value`, given a new one if it was not seen before.
    pub(crate) fn id(&mut self, value: &'a str) -> u32 {
        if let Some((last, id)) = self.last
            && last == value
        {
            return id;
        }
        let next = u32::try_from(self.values.len()).unwrap_or(u32::MAX);
        let id = *self.ids.entry(value).or_insert_with(|| {
            self.values.push(value.to_string());
            next
        });
        self.last = Some((value, id));
        id
    }
}

/// No value: a null in the column.
pub(crate) const NONE: u32 = u32::MAX;

/// `column` of `frame` as text (identifiers may be declared as integers).
pub(crate) fn text(
    frame: &DataFrame,
    column: &str,
    file: &str,
) -> Result<StringChunked, DataError> {
    let err = |e: PolarsError| internal(file, "reading a key column", &e);
    let values = frame
        .column(column)
        .map_err(err)?
        .cast(&DataType::String)
        .map_err(err)?;
    Ok(values.str().map_err(err)?.clone())
}

/// The number of every row's value of `column` ([`NONE`] for a null), and how many distinct
/// values there are. For person ids: only their identity is kept, not the ids themselves.
pub(crate) fn numbered(
    frame: &DataFrame,
    column: &str,
    file: &str,
) -> Result<(Vec<u32>, usize), DataError> {
    let values = text(frame, column, file)?;
    // Registers have several rows per person (one a month); a guess at the persons saves
    // growing the tables step by step. Ids of up to 15 bytes (nearly all) are kept in the table
    // itself, so a lookup compares integers instead of following a pointer to the text.
    let guess = values.len() / 8 + 16;
    let mut short: FastMap<u128, u32> =
        FastMap::with_capacity_and_hasher(guess, Default::default());
    let mut long: FastMap<&str, u32> = FastMap::default();
    let mut last: Option<(&str, u32)> = None;
    let mut out = Vec::with_capacity(values.len());
    for value in values.iter() {
        let id = match (value, last) {
            (None, _) => NONE,
            (Some(v), Some((l, id))) if v == l => id,
            (Some(v), _) => {
                let next = u32::try_from(short.len() + long.len()).unwrap_or(NONE);
                let id = match inline(v) {
                    Some(key) => *short.entry(key).or_insert(next),
                    None => *long.entry(v).or_insert(next),
                };
                last = Some((v, id));
                id
            }
        };
        out.push(id);
    }
    let ids = short.len() + long.len();
    Ok((out, ids))
}

/// A text of up to 15 bytes as one integer: its bytes, and its length in the last byte (so that
/// "a" and "a\0" differ).
pub(crate) fn inline(value: &str) -> Option<u128> {
    let bytes = value.as_bytes();
    let length = u8::try_from(bytes.len()).ok().filter(|l| *l < 16)?;
    let mut buf = [0u8; 16];
    buf[..bytes.len()].copy_from_slice(bytes);
    buf[15] = length;
    Some(u128::from_le_bytes(buf))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn persons_are_numbered_by_identity_whatever_the_order_and_length() {
        let long = "p".repeat(40);
        let ids = [
            Some("p1"),
            Some("p1"),
            Some("p2"),
            None,
            Some("p1"),
            Some(long.as_str()),
            Some("p1\0"),
            Some(long.as_str()),
            Some("p2"),
        ];
        let frame = DataFrame::new(
            ids.len(),
            vec![
                StringChunked::from_iter_options("lopnr".into(), ids.iter().copied()).into_column(),
            ],
        )
        .unwrap_or_default();
        let (numbers, count) = numbered(&frame, "lopnr", "test.csv").unwrap_or_default();
        assert_eq!(numbers, [0, 0, 1, NONE, 0, 2, 3, 2, 1]);
        assert_eq!(count, 4);
    }
}
