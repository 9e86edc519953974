//! Reading one source's file for one year, as declared: format, encoding, delimiter, decimal mark,
//! and the declared column schema. What comes out is a typed frame with the declared columns plus
//! canonical role columns (`_kommun`, `_kon`, `_alder`, …) that the plans group by.

mod encoding;
mod validate;

use std::io::Cursor;
use std::path::Path;

use jamfor_spec::keywords::FormatKind;
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

/// Reads `path` (relative to `root`) as `source` for `year`.
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
    let raw = match source.format.kind {
        FormatKind::Csv => read_csv(&full, path, source)?,
        FormatKind::Parquet => read_parquet(&full, path)?,
        FormatKind::Xlsx => {
            return Err(
                DataError::file(path, "reading xlsx sources is not supported yet")
                    .help("export the sheet as CSV and declare `kind = \"csv\"`"),
            );
        }
    };
    let header_lines = u64::from(source.format.header && source.format.kind == FormatKind::Csv);
    validate::validate(raw, source, year, path, header_lines)
}

fn read_csv(full: &Path, path: &str, source: &Source) -> Result<DataFrame, DataError> {
    let bytes =
        std::fs::read(full).map_err(|e| DataError::file(path, format!("cannot be read: {e}")))?;
    let text = encoding::decode(&bytes, source.format.encoding).map_err(|offset| {
        DataError::file(
            path,
            format!("is not valid {} text", source.format.encoding),
        )
        .line(encoding::line_of(&bytes, offset))
        .help(
            "save the file in the encoding the source declares, or change `encoding` in the source",
        )
    })?;
    if text.trim().is_empty() {
        return Err(DataError::file(path, "is empty").help("a file needs at least its header row"));
    }
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
        .into_reader_with_file_handle(Cursor::new(text.into_bytes()))
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
    if source.format.header {
        return Ok(frame);
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
    Ok(frame)
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
