//! SAS datasets (`.sas7bdat`), as register extracts are kept at the agencies, read with the
//! `sas7bdat` crate. Only the declared columns are decoded; each value is written as the text
//! the declared schema is checked against, the way a CSV export from SAS would write it: whole
//! numbers without decimals, dates (columns with a SAS date format) as YYYY-MM-DD, date-times as
//! YYYY-MM-DD HH:MM:SS, missing values (`.`, `.A`–`.Z`) and blank text as empty. Rows are
//! numbered from 1 in the dataset's order, so that an error names the row SAS shows.

use std::ops::ControlFlow;
use std::path::Path;

use polars::prelude::*;
use sas7bdat::{CellValue, Dataset};

use jamfor_spec::manifest::Source;

use super::dataset::{TextColumns, matched_columns};
use super::dates::{text_of_days, text_of_seconds};
use crate::error::DataError;

/// What to do when the dataset cannot be decoded.
const DAMAGED: &str = "export the dataset from SAS again and check that the copy is complete (a file cut off in transfer cannot be read)";

fn unreadable(path: &str, e: &sas7bdat::Error) -> DataError {
    DataError::file(path, format!("is not a readable SAS dataset: {e}")).help(DAMAGED)
}

/// The text of one cell; `None` when missing.
fn text(cell: &CellValue<'_>) -> Option<String> {
    let text = match cell {
        CellValue::Null => return None,
        CellValue::Int32(n) => n.to_string(),
        CellValue::Int64(n) => n.to_string(),
        CellValue::Float64(f) => super::dataset::number_text(*f)?,
        CellValue::Str(s) => s.trim().to_string(),
        CellValue::Bytes(b) => String::from_utf8_lossy(b).trim().to_string(),
        CellValue::Date(d) => text_of_days(i64::from(d.unix_days())),
        CellValue::DateTime(t) => text_of_seconds(t.unix_seconds()),
        CellValue::Time(t) => {
            let s = t.seconds_since_midnight;
            format!("{:02}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
        }
    };
    (!text.is_empty()).then_some(text)
}

/// Reads the declared columns of the dataset at `full`: every one as text, named as declared,
/// and the row number of each row.
pub(super) fn read(
    full: &Path,
    path: &str,
    source: &Source,
) -> Result<(DataFrame, Vec<u64>), DataError> {
    let dataset = Dataset::open(full).map_err(|e| unreadable(path, &e))?;
    let names: Vec<String> = dataset.columns().iter().map(|c| c.name.clone()).collect();
    let matched = matched_columns(source, &names, path)?;
    let wanted: Vec<&str> = matched.iter().map(|m| names[m.file].as_str()).collect();
    let projection = dataset
        .projection()
        .columns(&wanted)
        .build()
        .map_err(|e| unreadable(path, &e))?;
    let mut columns = TextColumns::new(&matched);
    dataset
        .scan()
        .with_projection(&projection)
        .visit_rows(|row| {
            columns.push_row(|i| row.get(i).and_then(text));
            Ok(ControlFlow::Continue(()))
        })
        .map_err(|e| unreadable(path, &e))?;
    let meta = dataset.metadata();
    let expected = meta.row_count.saturating_sub(meta.deleted_row_count);
    if u64::try_from(columns.height()).unwrap_or(u64::MAX) != expected {
        return Err(DataError::file(
            path,
            format!(
                "holds {} rows, but its header says {expected}",
                columns.height()
            ),
        )
        .help(DAMAGED));
    }
    columns.finish(path)
}
