//! Reading one source's file for one year, as declared: format, encoding, delimiter, decimal mark,
//! and the declared column schema. What comes out is a typed frame with the declared columns plus
//! canonical role columns (`_kommun`, `_kon`, `_alder`, …) that the plans group by.

mod dataset;
mod dates;
mod encoding;
mod extract;
mod fields;
mod header;
mod sas;
mod sav;
mod typed;
mod validate;
mod xlsx;
mod year_columns;

use std::collections::BTreeSet;
use std::io::Cursor;
use std::path::Path;

use jamfor_spec::keywords::{Encoding, FormatKind};
use jamfor_spec::manifest::Source;
use polars::prelude::*;

use crate::error::{DataError, internal};

pub use validate::Dropped;

/// Canonical names of role columns added to every frame read.
pub mod role {
    /// 4-digit kommun code (text).
    pub const KOMMUN: &str = "_kommun";
    /// "K" or "M".
    pub const KON: &str = "_kon";
    /// Age in whole years.
    pub const ALDER: &str = "_alder";
    /// Survey design weight.
    pub const WEIGHT: &str = "_weight";
    /// Enhet id.
    pub const ENHET: &str = "_enhet";
    /// Stadsdel id.
    pub const STADSDEL: &str = "_stadsdel";
    /// Every role column.
    pub const ALL: [&str; 6] = [KOMMUN, KON, ALDER, WEIGHT, ENHET, STADSDEL];
}

/// One source's rows for one year, validated against its declaration.
#[derive(Debug, Clone)]
pub struct SourceFrame {
    /// Declared columns (typed) and canonical role columns.
    pub frame: DataFrame,
    /// Rows in the file.
    pub rows_read: usize,
    /// Rows dropped under `invalid_rows = "drop"`, by reason.
    pub dropped: Vec<Dropped>,
}

/// Reads `path` (relative to `root`) as `source` for `year`. Every declared column is read and
/// checked; the frame returned keeps the declared columns in `keep` (all when `None`) and the
/// role columns, so that columns no indicator reads are not held in memory.
///
/// # Errors
/// A [`DataError`] naming the file, and the line and column where there is one: a missing file,
/// bad encoding, a missing declared column, a value that breaks the declaration (unless the source
/// drops such rows), a duplicate key.
pub fn read_source(
    root: &Path,
    source: &Source,
    year: i32,
    path: &str,
    keep: Option<&BTreeSet<String>>,
) -> Result<SourceFrame, DataError> {
    let full = root.join(path);
    if !full.is_file() {
        return Err(DataError::file(
            path,
            format!("the {year} file of source `{}` does not exist", source.id),
        )
        .help(format!(
            "check `[inputs.{}]` in the release; the default data is made with `jamfor synth`",
            source.id
        )));
    }
    let mut out = match source.format.kind {
        FormatKind::Csv => read_csv(&full, path, source, year)?,
        FormatKind::Parquet => {
            let frame = reshaped(read_parquet(&full, path)?, source, year, path)?;
            // A Parquet "line" is the row number.
            let rows = (1..=frame.height() as u64).collect();
            validate::validate(frame, source, year, path, rows)?
        }
        FormatKind::Xlsx => {
            let sheet = source.format.sheet.clone().unwrap_or_default();
            xlsx::read(&full, path, source)
                .and_then(|(raw, rows)| Ok((reshaped(raw, source, year, path)?, rows)))
                .and_then(|(raw, rows)| validate::validate(raw, source, year, path, rows))
                .map_err(|e| e.sheet(sheet))?
        }
        FormatKind::Sas7bdat | FormatKind::Sav => {
            let read = if source.format.kind == FormatKind::Sas7bdat {
                sas::read
            } else {
                sav::read
            };
            // A dataset has rows, not lines: its errors name the row.
            read(&full, path, source)
                .and_then(|(raw, rows)| Ok((reshaped(raw, source, year, path)?, rows)))
                .and_then(|(raw, rows)| validate::validate(raw, source, year, path, rows))
                .map_err(DataError::in_rows)?
        }
    };
    // A CSV header without rows is caught where the line is known; a sheet or a Parquet file
    // without rows is the same mistake.
    if out.rows_read == 0 {
        let error = header::no_rows(source, year, path);
        return Err(match (source.format.kind, &source.format.sheet) {
            (FormatKind::Xlsx, Some(sheet)) => error.sheet(sheet.clone()),
            _ => error,
        });
    }
    if let Some(keep) = keep {
        out.frame = keeping(&out.frame, keep)
            .map_err(|e| internal(path, "keeping the columns read", &e))?;
    }
    dates::as_days(&mut out.frame, source)
        .map_err(|e| internal(path, "reading dates as day numbers", &e))?;
    Ok(out)
}

/// `raw` (every column text) in the declared layout: the year's column of a file with one column
/// per year, and the code or number extracted from values that hold more. What comes out is
/// checked against the declared schema like any file.
fn reshaped(
    raw: DataFrame,
    source: &Source,
    year: i32,
    path: &str,
) -> Result<DataFrame, DataError> {
    let raw = match &source.format.year_columns {
        Some(columns) => year_columns::apply(raw, columns, source, year, path)?,
        None => raw,
    };
    extract::apply(raw, source, path)
}

/// `frame` with its role columns and the declared columns in `keep` only.
pub(crate) fn keeping(frame: &DataFrame, keep: &BTreeSet<String>) -> PolarsResult<DataFrame> {
    let kept: Vec<PlSmallStr> = frame
        .get_column_names()
        .into_iter()
        .filter(|name| role::ALL.contains(&name.as_str()) || keep.contains(name.as_str()))
        .cloned()
        .collect();
    frame.select(kept)
}

/// The records of a CSV text, found the way the CSV reader finds them (a quoted field may hold
/// the delimiter and line breaks).
struct Records {
    /// The text without blank lines.
    text: String,
    /// The line where each record starts, header included.
    lines: Vec<u64>,
    /// The number of fields of each record.
    fields: Vec<usize>,
}

/// Splits `text` into records. Blank lines (often one at the end of an exported file) are left
/// out: they hold no values, so leaving them out drops nothing, and read as rows they failed every
/// non-nullable column. Knowing where each record starts lets errors name the line an editor shows
/// even after a blank line or a quoted line break.
fn records(text: &str, delimiter: char) -> Records {
    let mut out = Records {
        text: String::with_capacity(text.len()),
        lines: Vec::new(),
        fields: Vec::new(),
    };
    let mut keep = |record: &str, line: u64, fields: usize| {
        if !record.chars().all(|c| c != delimiter && c.is_whitespace()) {
            out.text.push_str(record);
            out.lines.push(line);
            out.fields.push(fields);
        }
    };
    let (mut start, mut start_line, mut line, mut fields, mut quoted) = (0, 1, 1, 1, false);
    for (i, c) in text.char_indices() {
        if c == '"' {
            quoted = !quoted;
        } else if c == delimiter && !quoted {
            fields += 1;
        } else if c == '\n' {
            line += 1;
            if !quoted {
                keep(&text[start..=i], start_line, fields);
                (start, start_line, fields) = (i + 1, line, 1);
            }
        }
    }
    keep(&text[start..], start_line, fields);
    out
}

fn read_csv(full: &Path, path: &str, source: &Source, year: i32) -> Result<SourceFrame, DataError> {
    let text = encoding::load(full, source.format.encoding).map_err(|e| match e {
        encoding::Unreadable::Io(e) => DataError::file(path, format!("cannot be read: {e}")),
        encoding::Unreadable::Invalid {
            line,
            fits_windows_1252,
        } => {
            // Excel saves "CSV" in Windows-1252 on Swedish Windows: say so when that fits.
            let help = if source.format.encoding == Encoding::Utf8 && fits_windows_1252 {
                "the file reads as Windows-1252 (as Excel saves CSV): declare `encoding = \"windows-1252\"` in the source's `[source.format]`, or save the file as UTF-8"
            } else {
                "save the file in the encoding the source declares, or change `encoding` in the source"
            };
            DataError::file(
                path,
                format!("is not valid {} text", source.format.encoding),
            )
            .line(line)
            .help(help)
        }
    })?;
    if text.trim().is_empty() {
        return Err(DataError::file(path, "is empty").help("a file needs at least its header row"));
    }
    header::check(&text, source, year, path)?;
    // The typed reading first; the exact reading only when it finds a problem to name. A file
    // whose values are extracted or whose year columns are read reads the exact way: the typed
    // reading parses the file's columns as the declared types, which they are not yet.
    let reshaped_on_reading =
        source.format.year_columns.is_some() || source.columns.iter().any(|c| c.extract.is_some());
    if !reshaped_on_reading && let Ok(delimiter) = u8::try_from(source.format.delimiter) {
        let shape = fields::scan(text.as_bytes(), delimiter);
        if !shape.ragged {
            let rows = shape.records - usize::from(source.format.header);
            let typed = if shape.blank.is_empty() {
                typed::read(text.as_bytes(), source, year, path, shape.fields, rows)?
            } else {
                let text = fields::without(text.as_bytes(), &shape.blank);
                typed::read(&text, source, year, path, shape.fields, rows)?
            };
            if let Ok(frame) = typed {
                return Ok(SourceFrame {
                    frame,
                    rows_read: rows,
                    dropped: Vec::new(),
                });
            }
        }
    }
    let (raw, lines) = read_csv_text(text, path, source)?;
    let raw = reshaped(raw, source, year, path)?;
    validate::validate(raw, source, year, path, lines)
}

/// The exact reading: every column as text, each record's line known.
fn read_csv_text(
    text: String,
    path: &str,
    source: &Source,
) -> Result<(DataFrame, Vec<u64>), DataError> {
    let records = records(&text, source.format.delimiter);
    drop(text);
    // A row with more or fewer fields than the first is reported here, at its line: polars would
    // fail without a line ("found more fields than defined in 'Schema'") or fill the missing
    // fields with empty values.
    let expected = records.fields.first().copied().unwrap_or(0);
    if let Some(at) = records.fields.iter().position(|f| *f != expected) {
        let what = if source.format.header {
            "the header"
        } else {
            "the first row"
        };
        return Err(DataError::file(
            path,
            format!(
                "has {} fields on this line, but {what} has {expected}",
                records.fields[at]
            ),
        )
        .line(records.lines[at])
        .help(format!(
            "check the declared delimiter `{}`, and quote values that contain it",
            source.format.delimiter
        )));
    }
    let data_lines = records.lines[usize::from(source.format.header)..].to_vec();
    let parse = CsvParseOptions::default()
        .with_separator(u8::try_from(source.format.delimiter).unwrap_or(b','))
        .with_quote_char(Some(b'"'))
        .with_missing_is_null(true)
        .with_truncate_ragged_lines(false);
    // Every column is read as text and typed by `validate`, which knows the declaration and can
    // say which row and column break it; polars' own casting errors know neither.
    let frame = CsvReadOptions::default()
        .with_has_header(source.format.header)
        .with_infer_schema_length(Some(0))
        .with_parse_options(parse)
        .into_reader_with_file_handle(Cursor::new(records.text.into_bytes()))
        .finish()
        .map_err(|e| {
            DataError::file(
                path,
                format!(
                    "is not a valid CSV file with delimiter `{}`: {e}",
                    source.format.delimiter
                ),
            )
            .help(
                "check that every row has as many fields as the header, and the declared delimiter",
            )
        })?;
    // Should the reader have split records differently (it never should), rows are numbered
    // instead of pointing at wrong lines.
    let lines = if data_lines.len() == frame.height() {
        data_lines
    } else {
        (1..=frame.height() as u64).collect()
    };
    if source.format.header {
        return Ok((frame, lines));
    }
    // Without a header, the declared columns are the file's columns in order.
    let mut frame = frame;
    let names: Vec<PlSmallStr> = source
        .columns
        .iter()
        .map(|c| c.name.as_str().into())
        .collect();
    if frame.width() < names.len() {
        return Err(DataError::file(
            path,
            format!(
                "has {} columns but the source declares {}",
                frame.width(),
                names.len()
            ),
        ));
    }
    let current: Vec<PlSmallStr> = frame.get_column_names_owned();
    for (old, new) in current.iter().zip(&names) {
        frame
            .rename(old, new.clone())
            .map_err(|e| internal(path, "naming columns", &e))?;
    }
    Ok((frame, lines))
}

fn read_parquet(full: &Path, path: &str) -> Result<DataFrame, DataError> {
    let file = std::fs::File::open(full)
        .map_err(|e| DataError::file(path, format!("cannot be read: {e}")))?;
    let frame = ParquetReader::new(file)
        .finish()
        .map_err(|e| DataError::file(path, format!("is not a readable Parquet file: {e}")))?;
    // Typed Parquet columns go through the same declared-schema validation as CSV text.
    let columns: Vec<Column> = frame
        .columns()
        .iter()
        .map(|c| c.cast(&DataType::String))
        .collect::<PolarsResult<_>>()
        .map_err(|e| internal(path, "reading Parquet columns as text", &e))?;
    DataFrame::new(frame.height(), columns).map_err(|e| internal(path, "reading Parquet", &e))
}
