//! SAS datasets (`.sas7bdat`), as register extracts are kept at the agencies, read with the
//! `sas7bdat` crate. Only the declared columns are decoded; each value is written as the text
//! the declared schema is checked against, the way a CSV export from SAS would write it: whole
//! numbers without decimals, dates (columns with a SAS date format) as YYYY-MM-DD, date-times as
//! YYYY-MM-DD HH:MM:SS (midnight too), missing values (`.`, `.A`–`.Z`) and blank text as empty.
//! Rows are numbered from 1 in the dataset's order, so that an error names the row SAS shows.

use std::ops::ControlFlow;
use std::path::Path;

use polars::prelude::*;
use sas7bdat::{CellValue, Dataset, LogicalType, SasDate, SasDateTime};

use jamfor_spec::manifest::Source;

use super::dataset::{TextColumns, matched_columns};
use super::dates::{text_of_date_time, text_of_days};
use crate::error::DataError;

/// What to do when the dataset cannot be decoded.
const DAMAGED: &str = "export the dataset from SAS again and check that the copy is complete (a file cut off in transfer cannot be read)";

fn unreadable(path: &str, e: &sas7bdat::Error) -> DataError {
    DataError::file(path, format!("is not a readable SAS dataset: {e}")).help(DAMAGED)
}

/// SAS date formats, by name: the value is a number of days since 1960-01-01.
const DATE_FORMATS: &[&str] = &[
    "B8601DA", "DATE", "DDMMYY", "DDMMYYB", "DDMMYYC", "DDMMYYD", "DDMMYYN", "DDMMYYP", "DDMMYYS",
    "E8601DA", "EURDFDD", "IS8601DA", "MMDDYY", "MMDDYYB", "MMDDYYC", "MMDDYYD", "MMDDYYN",
    "MMDDYYP", "MMDDYYS", "MONYY", "NLDATE", "WEEKDATE", "WORDDATE", "YYMM", "YYMMDD", "YYMMDDB",
    "YYMMDDC", "YYMMDDD", "YYMMDDN", "YYMMDDP", "YYMMDDS", "YYMON", "YYQ",
];

/// SAS date-time formats, by name: the value is a number of seconds since 1960-01-01 00:00:00.
const DATE_TIME_FORMATS: &[&str] = &[
    "B8601DT", "DATEAMPM", "DATETIME", "DTDATE", "E8601DT", "IS8601DT", "NLDATM",
];

/// Whether a numeric column whose format the `sas7bdat` crate took for a plain number is a date
/// or a date-time after all. SAS stores a format's name and its width apart (`DATE` and 9), and
/// the crate looks up the name as SAS stores it; ReadStat, and so the tools that write SAS
/// datasets with it (the `readstat` command among them), store the whole format as written,
/// `DATE9.` or `DATETIME20.`, which the crate does not know. A SAS format's name cannot end in a
/// digit, so the digits before the dot are the width. A date format missing from the lists
/// above leaves the column a number, which a `date` column refuses at its first row: visible,
/// never a wrong date.
fn written_format_type(format: &str) -> Option<LogicalType> {
    let (name_and_width, decimals) = format.trim().split_once('.')?;
    if !decimals.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let name = name_and_width
        .trim_end_matches(|c: char| c.is_ascii_digit())
        .to_ascii_uppercase();
    if DATE_FORMATS.contains(&name.as_str()) {
        Some(LogicalType::Date)
    } else if DATE_TIME_FORMATS.contains(&name.as_str()) {
        Some(LogicalType::DateTime)
    } else {
        None
    }
}

/// The day or the second that a date, date-time or time with a fraction falls in; `None` for a
/// value no calendar reaches (SAS's own ends in the year 20000).
fn whole(value: f64) -> Option<i64> {
    (value.abs() < 1e15).then(|| value.floor() as i64)
}

/// A time of day, `seconds` after midnight, as HH:MM:SS.
fn time_text(seconds: i64) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    format!("{h:02}:{m:02}:{s:02}")
}

/// The text of one cell of a column of type `kind`; `None` when missing.
fn text(cell: &CellValue<'_>, kind: LogicalType) -> Option<String> {
    let text = match cell {
        CellValue::Null => return None,
        CellValue::Int32(n) => n.to_string(),
        CellValue::Int64(n) => n.to_string(),
        // The crate gives a date, date-time or time with a fraction of its unit as a plain number
        // (SAS's DATETIME() keeps milliseconds); read as the day or second it falls in, as SPSS
        // dates are, not as a number that a `text` column would take without a word.
        CellValue::Float64(f) if kind == LogicalType::Date => {
            text_of_days(whole(*f)? - i64::from(SasDate::DAYS_SAS_TO_UNIX))
        }
        CellValue::Float64(f) if kind == LogicalType::DateTime => {
            text_of_date_time(whole(*f)? - SasDateTime::SECONDS_SAS_TO_UNIX)
        }
        CellValue::Float64(f) if kind == LogicalType::Time => time_text(whole(*f)?),
        CellValue::Float64(f) => super::dataset::number_text(*f)?,
        CellValue::Str(s) => s.trim().to_string(),
        CellValue::Bytes(b) => String::from_utf8_lossy(b).trim().to_string(),
        CellValue::Date(d) => text_of_days(i64::from(d.unix_days())),
        // Always with its time: whether a column is read as dates follows its format, not
        // whether its values all happen to fall at midnight, and one form compares as text.
        CellValue::DateTime(t) => text_of_date_time(t.unix_seconds()),
        CellValue::Time(t) => time_text(i64::from(t.seconds_since_midnight)),
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
    let mut dataset = Dataset::open(full).map_err(|e| unreadable(path, &e))?;
    let written: Vec<(String, LogicalType)> = dataset
        .columns()
        .iter()
        .filter(|c| c.logical_type == LogicalType::Float)
        .filter_map(|c| Some((c.name.clone(), written_format_type(c.format.as_deref()?)?)))
        .collect();
    dataset
        .apply_schema_overrides(written)
        .map_err(|e| unreadable(path, &e))?;
    let names: Vec<String> = dataset.columns().iter().map(|c| c.name.clone()).collect();
    let matched = matched_columns(source, &names, path)?;
    let wanted: Vec<&str> = matched.iter().map(|m| names[m.file].as_str()).collect();
    let projection = dataset
        .projection()
        .columns(&wanted)
        .build()
        .map_err(|e| unreadable(path, &e))?;
    let kinds: Vec<LogicalType> = projection
        .columns()
        .iter()
        .map(|c| dataset.columns()[c.index].logical_type)
        .collect();
    let mut columns = TextColumns::new(&matched);
    dataset
        .scan()
        .with_projection(&projection)
        .visit_rows(|row| {
            columns.push_row(|i| row.get(i).and_then(|cell| text(cell, kinds[i])));
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

#[cfg(test)]
mod tests {
    use sas7bdat::{CellValue, LogicalType, SasDate, SasDateTime};

    use super::{text, written_format_type};

    #[test]
    fn formats_written_with_their_width_are_dates_and_date_times() {
        assert_eq!(written_format_type("DATE9."), Some(LogicalType::Date));
        assert_eq!(written_format_type("yymmdd10."), Some(LogicalType::Date));
        assert_eq!(written_format_type("E8601DA10."), Some(LogicalType::Date));
        assert_eq!(
            written_format_type("DATETIME23.3"),
            Some(LogicalType::DateTime)
        );
        for number in ["BEST12.", "8.2", "COMMA10.2", "YEAR_F.", "DATE9"] {
            assert_eq!(written_format_type(number), None, "{number}");
        }
    }

    #[test]
    fn sas_days_and_seconds_count_from_1960() {
        let date = |days| {
            text(
                &CellValue::Date(SasDate {
                    days_since_sas_epoch: days,
                }),
                LogicalType::Date,
            )
        };
        let date_time = |seconds| {
            text(
                &CellValue::DateTime(SasDateTime {
                    seconds_since_sas_epoch: seconds,
                }),
                LogicalType::DateTime,
            )
        };
        assert_eq!(date(0).as_deref(), Some("1960-01-01"));
        assert_eq!(date(-1).as_deref(), Some("1959-12-31"));
        assert_eq!(date_time(0).as_deref(), Some("1960-01-01 00:00:00"));
        assert_eq!(date_time(-1).as_deref(), Some("1959-12-31 23:59:59"));
    }

    #[test]
    fn a_fraction_is_cut_down_to_its_day_or_second() {
        let number = |value, kind| text(&CellValue::Float64(value), kind);
        // Before 1960 too: the day or second the value falls in, not the one nearer zero.
        assert_eq!(
            number(-0.5, LogicalType::Date).as_deref(),
            Some("1959-12-31")
        );
        assert_eq!(
            number(-0.25, LogicalType::DateTime).as_deref(),
            Some("1959-12-31 23:59:59")
        );
        assert_eq!(
            number(3600.5, LogicalType::Time).as_deref(),
            Some("01:00:00")
        );
        assert_eq!(number(12.5, LogicalType::Float).as_deref(), Some("12.5"));
        assert_eq!(number(f64::NAN, LogicalType::Date), None);
    }
}
