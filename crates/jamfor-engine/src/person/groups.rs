//! Persons numbered once per scanned file: the slot each row's person (or person and kommun)
//! aggregates into, the same in the window's other years' files.

use polars::prelude::*;

use crate::error::DataError;
use crate::hashing::FastMap;
use crate::intern::NONE;
use crate::read::role;

/// The group of every row: a number per person (per person and kommun with `within`), given
/// in the order of the scanned file's rows. Rows of the window's other files get the number of
/// the same person, or [`NONE`] when the person has no row in the scanned file: such rows
/// cannot change any verdict the scanned rows need, and are left out.
#[derive(Debug)]
pub(crate) struct Groups {
    /// The scanned file's rows.
    pub(crate) own: Vec<u32>,
    /// The other years' rows, by year.
    pub(crate) others: Vec<(i32, Vec<u32>)>,
    /// How many groups.
    pub(crate) count: usize,
}

/// The kommun of each row when groups are per kommun; one empty kommun for all rows otherwise.
fn kommun_values(kommuner: Option<&StringChunked>) -> Box<dyn Iterator<Item = Option<&str>> + '_> {
    match kommuner {
        Some(k) => Box::new(k.iter()),
        None => Box::new(std::iter::repeat(Some(""))),
    }
}

fn texts(frame: &DataFrame, column: &str, file: &str) -> Result<StringChunked, DataError> {
    crate::intern::text(frame, column, file)
}

impl Groups {
    /// Numbers the groups of `id` (and kommun, when `within`) over `frame`, then `others`.
    pub(crate) fn of(
        frame: &DataFrame,
        others: &[(i32, &DataFrame)],
        id: &str,
        within: bool,
        file: &str,
    ) -> Result<Groups, DataError> {
        let ids = texts(frame, id, file)?;
        let kommuner = if within {
            Some(texts(frame, role::KOMMUN, file)?)
        } else {
            None
        };
        let mut numbers: FastMap<(&str, &str), u32> =
            FastMap::with_capacity_and_hasher(ids.len() / 4 + 16, Default::default());
        let mut own = Vec::with_capacity(ids.len());
        // Registers list a person's rows together (a row a month): most rows repeat the key of
        // the row before and need no hashing.
        let mut last: Option<((&str, &str), u32)> = None;
        for (person, kommun) in ids.iter().zip(kommun_values(kommuner.as_ref())) {
            let number = match (person, kommun) {
                (Some(person), Some(kommun)) => match last {
                    Some((key, number)) if key == (person, kommun) => number,
                    _ => {
                        let next = u32::try_from(numbers.len()).unwrap_or(NONE);
                        let number = *numbers.entry((person, kommun)).or_insert(next);
                        last = Some(((person, kommun), number));
                        number
                    }
                },
                _ => NONE,
            };
            own.push(number);
        }
        let mut other_numbers = Vec::new();
        for (year, other) in others {
            let ids = texts(other, id, file)?;
            let kommuner = if within {
                Some(texts(other, role::KOMMUN, file)?)
            } else {
                None
            };
            let mut list = Vec::with_capacity(ids.len());
            let mut last: Option<((&str, &str), u32)> = None;
            for (person, kommun) in ids.iter().zip(kommun_values(kommuner.as_ref())) {
                let number = match (person, kommun) {
                    (Some(person), Some(kommun)) => match last {
                        Some((key, number)) if key == (person, kommun) => number,
                        _ => {
                            let number = numbers.get(&(person, kommun)).copied().unwrap_or(NONE);
                            last = Some(((person, kommun), number));
                            number
                        }
                    },
                    _ => NONE,
                };
                list.push(number);
            }
            other_numbers.push((*year, list));
        }
        Ok(Groups {
            own,
            others: other_numbers,
            count: numbers.len(),
        })
    }
}
