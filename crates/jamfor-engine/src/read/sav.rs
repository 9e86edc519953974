//! SPSS data files (`.sav`, and `.zsav` with zlib blocks), as survey vendors deliver
//! brukarundersökningar. Only the declared columns are read, each value written as the text the
//! declared schema is checked against: whole numbers without decimals, dates (variables with an
//! SPSS date format) as YYYY-MM-DD, strings without their padding. System-missing values and the
//! variable's user-missing values (e.g. 9 "Vet ej" declared missing in SPSS) are empty, as SPSS
//! treats them. A column declared `use_value_labels = true` reads a value's label instead of the
//! value ("Mycket bra" for 1), so definitions can compare with the answers' wording. Rows are
//! numbered from 1, as SPSS shows them.
//!
//! The format is read here rather than with a crate: the one pure-Rust reader (`ambers`) returns
//! Arrow data through a second Arrow implementation beside polars' own, a large build for the few
//! records this needs (docs/definitions.md, "How SAS and SPSS files are read").

mod dictionary;
mod rows;

use std::path::Path;

use jamfor_spec::manifest::Source;
use polars::prelude::*;

use self::dictionary::{Broken, Bytes, Variable, text};
use self::rows::{Slot, Slots};
use super::dataset::{TextColumns, matched_columns, number_text};
use super::dates::{text_of_date_time, text_of_days};
use crate::error::DataError;

/// Days from 1582-10-14, where SPSS counts dates from, to 1970-01-01.
const SPSS_EPOCH_DAYS: i64 = -141_428;

/// SPSS print formats that hold a date (DATE, ADATE, JDATE, MOYR, QYR, WKYR, EDATE, SDATE) and a
/// date with a time (DATETIME, YMDHMS).
const DATE_FORMATS: [i32; 8] = [20, 23, 24, 28, 29, 30, 38, 39];
const DATETIME_FORMATS: [i32; 2] = [22, 86];

fn broken(path: &str, broken: Broken) -> DataError {
    match broken {
        Broken::CutOff => DataError::file(path, "is cut off: the SPSS file ends before its data does")
            .help("save or export the file from SPSS again and check that the copy is complete"),
        Broken::Invalid(what) => DataError::file(path, format!("is not a readable SPSS data file: it {what}"))
            .help("save the file from SPSS (File › Save As, SPSS Statistics .sav), or declare the format the file has"),
    }
}

/// A declared column's variable, and how its values are read.
struct Reading<'d> {
    variable: &'d Variable,
    labels: bool,
}

/// Reads the declared columns of the SPSS file at `full`: every one as text, named as declared,
/// and the row number of each row.
pub(super) fn read(
    full: &Path,
    path: &str,
    source: &Source,
) -> Result<(DataFrame, Vec<u64>), DataError> {
    let data =
        std::fs::read(full).map_err(|e| DataError::file(path, format!("cannot be read: {e}")))?;
    let mut bytes = Bytes::new(&data);
    let dictionary = dictionary::read(&mut bytes).map_err(|b| broken(path, b))?;
    let names: Vec<String> = dictionary
        .variables
        .iter()
        .map(|v| v.name.clone())
        .collect();
    let matched = matched_columns(source, &names, path)?;
    let readings: Vec<Reading<'_>> = matched
        .iter()
        .map(|m| Reading {
            variable: &dictionary.variables[m.file],
            labels: source
                .column(&m.declared)
                .is_some_and(|c| c.use_value_labels),
        })
        .collect();
    let stored = rows::data(&mut bytes, &dictionary).map_err(|b| broken(path, b))?;
    let mut slots = Slots::new(&stored, &dictionary);
    let mut columns = TextColumns::new(&matched);
    let mut row: Vec<Slot> = Vec::with_capacity(dictionary.row_slots);
    let values = Values {
        big_endian: bytes.big_endian,
        encoding: dictionary.encoding,
    };
    loop {
        row.clear();
        while row.len() < dictionary.row_slots {
            match slots.next_slot().map_err(|b| broken(path, b))? {
                Some(slot) => row.push(slot),
                None if row.is_empty() => break,
                None => return Err(broken(path, Broken::CutOff)),
            }
        }
        if row.is_empty() || dictionary.rows.is_some_and(|n| columns.height() == n) {
            break;
        }
        columns.push_row(|i| values.of(&readings[i], &row));
    }
    if let Some(expected) = dictionary.rows
        && expected != columns.height()
    {
        return Err(broken(path, Broken::CutOff).help(format!(
            "the file holds {} rows, but its header says {expected}: save or export it from SPSS again and check that the copy is complete",
            columns.height()
        )));
    }
    columns.finish(path)
}

/// How the slots of a row become text.
struct Values {
    big_endian: bool,
    encoding: &'static encoding_rs::Encoding,
}

impl Values {
    fn number(&self, bytes: [u8; 8]) -> f64 {
        if self.big_endian {
            f64::from_be_bytes(bytes)
        } else {
            f64::from_le_bytes(bytes)
        }
    }

    fn of(&self, reading: &Reading<'_>, row: &[Slot]) -> Option<String> {
        let v = reading.variable;
        if v.width == 0 {
            self.numeric(reading, row.get(v.slot).copied()?)
        } else {
            self.string(reading, row)
        }
    }

    fn numeric(&self, reading: &Reading<'_>, slot: Slot) -> Option<String> {
        let v = reading.variable;
        let x = match slot {
            Slot::Number(x) => x,
            Slot::Raw(bytes) => self.number(bytes),
            Slot::Sysmis | Slot::Spaces => return None,
        };
        // SPSS' system-missing value is the lowest double.
        if x == -f64::MAX || !x.is_finite() {
            return None;
        }
        let missing = &v.missing;
        if missing.values.iter().any(|m| self.number(*m) == x)
            || missing
                .range
                .is_some_and(|(low, high)| low <= x && x <= high)
        {
            return None;
        }
        if reading.labels
            && let Some((_, label)) = v
                .labels
                .iter()
                .find(|(value, _)| value.len() == 8 && self.number(array(value)) == x)
        {
            return Some(text(label, self.encoding));
        }
        // A date is stored as seconds since 1582-10-14.
        let whole_seconds = x.floor() as i64;
        if DATE_FORMATS.contains(&v.format) {
            return Some(text_of_days(
                whole_seconds.div_euclid(86_400) + SPSS_EPOCH_DAYS,
            ));
        }
        // A date-time is written with its time at midnight too: its format, not the value,
        // says it is a date-time, so a `date` column refuses it whatever the hour.
        if DATETIME_FORMATS.contains(&v.format) {
            return Some(text_of_date_time(whole_seconds + SPSS_EPOCH_DAYS * 86_400));
        }
        number_text(x)
    }

    fn string(&self, reading: &Reading<'_>, row: &[Slot]) -> Option<String> {
        let v = reading.variable;
        let mut bytes = Vec::with_capacity(v.width);
        if v.segments.is_empty() {
            append(&mut bytes, row, v.slot, v.width);
        } else {
            // Each 255-byte segment holds 252 bytes of the string.
            for (i, slot) in std::iter::once(v.slot)
                .chain(v.segments.iter().copied())
                .enumerate()
            {
                append(
                    &mut bytes,
                    row,
                    slot,
                    (v.width - (252 * i).min(v.width)).min(252),
                );
            }
        }
        let end = bytes
            .iter()
            .rposition(|b| !matches!(b, b' ' | 0))
            .map_or(0, |i| i + 1);
        let value = &bytes[..end];
        if value.is_empty() {
            return None;
        }
        let same = |other: &[u8]| {
            let other_end = other
                .iter()
                .rposition(|b| !matches!(b, b' ' | 0))
                .map_or(0, |i| i + 1);
            &other[..other_end] == value
        };
        if v.width <= 8 && v.missing.values.iter().any(|m| same(m)) {
            return None;
        }
        if reading.labels
            && let Some((_, label)) = v.labels.iter().find(|(stored, _)| same(stored))
        {
            return Some(text(label, self.encoding));
        }
        Some(text(value, self.encoding))
    }
}

fn array(bytes: &[u8]) -> [u8; 8] {
    bytes.try_into().unwrap_or([0; 8])
}

/// Appends `len` bytes of the string starting at `slot` of `row`.
fn append(out: &mut Vec<u8>, row: &[Slot], slot: usize, len: usize) {
    let start = out.len();
    for s in row.iter().skip(slot) {
        if out.len() - start >= len {
            break;
        }
        match s {
            Slot::Raw(bytes) => out.extend_from_slice(bytes),
            _ => out.extend_from_slice(b"        "),
        }
    }
    out.truncate(start + len.min(out.len() - start));
}
