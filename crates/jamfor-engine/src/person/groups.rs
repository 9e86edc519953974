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

/// A person (and kommun) as a hash key. Ids of up to 15 bytes and four-digit kommun codes — nearly
/// all — are held in the key itself: a lookup compares integers instead of following pointers to
/// the texts, which in a table of hundreds of thousands of persons each cost a cache miss.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Key<'a> {
    Inline(u128, u32),
    Text(&'a str, &'a str),
}

impl<'a> Key<'a> {
    fn of(person: &'a str, kommun: &'a str) -> Key<'a> {
        match (crate::intern::inline(person), kommun.as_bytes()) {
            (Some(p), &[a, b, c, d]) => Key::Inline(p, u32::from_le_bytes([a, b, c, d])),
            (Some(p), []) => Key::Inline(p, 0),
            _ => Key::Text(person, kommun),
        }
    }
}

/// Numbers of the groups seen so far.
type Table<'a> = FastMap<Key<'a>, u32>;

/// The group of every row of one file: numbered anew (`add`) or only looked up.
fn numbers<'a>(
    table: &mut Table<'a>,
    ids: &'a StringChunked,
    kommuner: Option<&'a StringChunked>,
    add: bool,
) -> Vec<u32> {
    let mut out = Vec::with_capacity(ids.len());
    // Registers list a person's rows together (a row a month): most rows repeat the key of
    // the row before and need no hashing.
    let mut last: Option<((&str, &str), u32)> = None;
    let mut number = |person: Option<&'a str>, kommun: Option<&'a str>| {
        let (Some(person), Some(kommun)) = (person, kommun) else {
            return NONE;
        };
        if let Some((key, number)) = last
            && key == (person, kommun)
        {
            return number;
        }
        let key = Key::of(person, kommun);
        let number = if add {
            let next = u32::try_from(table.len()).unwrap_or(NONE);
            *table.entry(key).or_insert(next)
        } else {
            table.get(&key).copied().unwrap_or(NONE)
        };
        last = Some(((person, kommun), number));
        number
    };
    match kommuner {
        Some(k) => out.extend(ids.iter().zip(k.iter()).map(|(p, k)| number(p, k))),
        None => out.extend(ids.iter().map(|p| number(p, Some("")))),
    }
    out
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
        let columns = |frame: &DataFrame| -> Result<_, DataError> {
            let ids = crate::intern::text(frame, id, file)?;
            let kommuner = if within {
                Some(crate::intern::text(frame, role::KOMMUN, file)?)
            } else {
                None
            };
            Ok((ids, kommuner))
        };
        let (ids, kommuner) = columns(frame)?;
        let mut table: Table<'_> =
            FastMap::with_capacity_and_hasher(ids.len() / 6 + 16, Default::default());
        let own = numbers(&mut table, &ids, kommuner.as_ref(), true);
        let read: Vec<_> = others
            .iter()
            .map(|(year, other)| columns(other).map(|c| (*year, c)))
            .collect::<Result<_, _>>()?;
        let others = read
            .iter()
            .map(|(year, (ids, kommuner))| {
                (*year, numbers(&mut table, ids, kommuner.as_ref(), false))
            })
            .collect();
        Ok(Groups {
            own,
            others,
            count: table.len(),
        })
    }
}
