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
/// values there are.
pub(crate) fn numbered(
    frame: &DataFrame,
    column: &str,
    file: &str,
) -> Result<(Vec<u32>, usize), DataError> {
    let values = text(frame, column, file)?;
    let mut interner = Interner::default();
    let ids = values
        .iter()
        .map(|v| v.map_or(NONE, |v| interner.id(v)))
        .collect();
    Ok((ids, interner.values.len()))
}
