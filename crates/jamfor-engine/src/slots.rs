//! The finest grain of one source: every row's kommun × kön × ålder (× unit where that level is
//! published), numbered as a *slot*. Partial sums, distinct persons and medians are all gathered
//! per slot with integer arithmetic; text is read once per row here and never again.

use polars::prelude::*;

use crate::error::{DataError, internal};
use crate::hashing::FastMap;
use crate::intern::{Interner, text};
use crate::partials::Keys;
use crate::read::role;
use crate::result::Kon;

/// The slots of one source's rows.
#[derive(Debug, Default)]
pub(crate) struct Slots {
    /// The slot of each row.
    pub(crate) of_row: Vec<u32>,
    /// Each slot's kommun, as an index into `kommuner`.
    pub(crate) kommun: Vec<u32>,
    /// Each slot's kön (`None`: unknown, or the source has none).
    pub(crate) kon: Vec<Option<Kon>>,
    /// Each slot's age in whole years.
    pub(crate) alder: Vec<Option<i64>>,
    /// Each slot's enhet, as an index into `enheter`.
    pub(crate) enhet: Vec<Option<u32>>,
    /// Each slot's stadsdel, as an index into `stadsdelar`.
    pub(crate) stadsdel: Vec<Option<u32>>,
    /// The kommun codes met, in order of first appearance.
    pub(crate) kommuner: Vec<String>,
    /// The enhet ids met.
    pub(crate) enheter: Vec<String>,
    /// The stadsdel ids met.
    pub(crate) stadsdelar: Vec<String>,
}

type Key = (u32, Option<Kon>, Option<i64>, Option<u32>, Option<u32>);

impl Slots {
    /// How many slots there are.
    pub(crate) fn len(&self) -> usize {
        self.kommun.len()
    }

    /// Numbers the slots of `frame`'s rows over the keys the source offers.
    pub(crate) fn of(frame: &DataFrame, keys: &Keys, file: &str) -> Result<Slots, DataError> {
        let err = |e: PolarsError| internal(file, "numbering the rows' cells", &e);
        let kommun = text(frame, role::KOMMUN, file)?;
        let kon = keys.kon.then(|| text(frame, role::KON, file)).transpose()?;
        let alder = if keys.alder {
            let column = frame
                .column(role::ALDER)
                .map_err(err)?
                .cast(&DataType::Int64)
                .map_err(err)?;
            Some(column.i64().map_err(err)?.clone())
        } else {
            None
        };
        let enhet = keys
            .enhet
            .then(|| text(frame, role::ENHET, file))
            .transpose()?;
        let stadsdel = keys
            .stadsdel
            .then(|| text(frame, role::STADSDEL, file))
            .transpose()?;

        let mut kon_rows = kon.as_ref().map(|c| c.iter());
        let mut alder_rows = alder.as_ref().map(|c| c.iter());
        let mut enhet_rows = enhet.as_ref().map(|c| c.iter());
        let mut stadsdel_rows = stadsdel.as_ref().map(|c| c.iter());
        let (mut kommuner, mut enheter, mut stadsdelar) = (
            Interner::default(),
            Interner::default(),
            Interner::default(),
        );
        let mut index: FastMap<Key, u32> = FastMap::default();
        let mut last: Option<(Key, u32)> = None;
        let mut out = Slots {
            of_row: Vec::with_capacity(frame.height()),
            ..Slots::default()
        };
        for code in kommun.iter() {
            // Every row read has a kommun (the reading enforces it); an empty code would only
            // give a slot of its own.
            let k = kommuner.id(code.unwrap_or_default());
            let kon = match kon_rows.as_mut().and_then(Iterator::next).flatten() {
                Some("K") => Some(Kon::K),
                Some("M") => Some(Kon::M),
                _ => None,
            };
            let alder = alder_rows.as_mut().and_then(Iterator::next).flatten();
            let e = enhet_rows
                .as_mut()
                .and_then(Iterator::next)
                .flatten()
                .map(|u| enheter.id(u));
            let s = stadsdel_rows
                .as_mut()
                .and_then(Iterator::next)
                .flatten()
                .map(|u| stadsdelar.id(u));
            let key = (k, kon, alder, e, s);
            // Rows of one person (and one kommun) come together: most rows repeat the slot of
            // the row before and need no lookup.
            let slot = match last {
                Some((previous, slot)) if previous == key => slot,
                _ => {
                    let next = u32::try_from(out.kommun.len()).unwrap_or(u32::MAX);
                    let slot = *index.entry(key).or_insert_with(|| {
                        out.kommun.push(k);
                        out.kon.push(kon);
                        out.alder.push(alder);
                        out.enhet.push(e);
                        out.stadsdel.push(s);
                        next
                    });
                    last = Some((key, slot));
                    slot
                }
            };
            out.of_row.push(slot);
        }
        out.kommuner = kommuner.values;
        out.enheter = enheter.values;
        out.stadsdelar = stadsdelar.values;
        Ok(out)
    }
}
