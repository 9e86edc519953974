//! One sheet of an Excel workbook as the text the declared schema is checked against. Cells are
//! written the way a person reads them in Excel: whole numbers without decimals (a kommun code
//! typed as 180 is read as `180` and gets its zero back), dates as YYYY-MM-DD, booleans as
//! true/false, errors as Excel shows them (`#N/A`). Rows that are entirely empty are not rows.
//! Each row keeps its row number in the sheet, so that errors name the row Excel shows.

use std::path::Path;

use calamine::{Data, Reader, Xlsx, open_workbook};
use jamfor_spec::manifest::Source;
use jamfor_spec::suggest;
use polars::prelude::*;

use crate::error::{DataError, internal};

/// The text of one cell; `None` when empty.
fn text(cell: &Data) -> Option<String> {
    match cell {
        Data::Empty => None,
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Some(s.clone()),
        Data::Int(n) => Some(n.to_string()),
        // Excel stores every number as a float; a whole number is shown without decimals.
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Some(format!("{f:.0}")),
        Data::Float(f) => Some(f.to_string()),
        Data::Bool(b) => Some(b.to_string()),
        Data::DateTime(d) => {
            let (year, month, day, hour, minute, second, milli) = d.to_ymd_hms_milli();
            Some(if (hour, minute, second, milli) == (0, 0, 0, 0) {
                format!("{year:04}-{month:02}-{day:02}")
            } else {
                format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02}")
            })
        }
        Data::Error(e) => Some(e.to_string()),
    }
}

/// Reads the declared sheet of the workbook at `full`: every column as text, and the sheet row of
/// each data row.
pub(super) fn read(
    full: &Path,
    path: &str,
    source: &Source,
) -> Result<(DataFrame, Vec<u64>), DataError> {
    let mut workbook: Xlsx<_> = open_workbook(full).map_err(|e| {
        DataError::file(path, format!("is not a readable xlsx workbook: {e}"))
            .help("save the file from Excel as an .xlsx workbook, or declare the format it has")
    })?;
    let sheet = source.format.sheet.as_deref().unwrap_or_default();
    let names = workbook.sheet_names();
    if !names.iter().any(|n| n == sheet) {
        let help = suggest::did_you_mean(sheet, names.iter().map(String::as_str))
            .unwrap_or_else(|| format!("the workbook's sheets are {}", names.join(", ")));
        return Err(DataError::file(
            path,
            format!(
                "has no sheet `{sheet}`, which source `{}` declares",
                source.id
            ),
        )
        .help(help));
    }
    let range = workbook.worksheet_range(sheet).map_err(|e| {
        DataError::file(path, format!("sheet `{sheet}` cannot be read: {e}"))
            .help("open the workbook in Excel and save it again")
    })?;
    let (first_row, _) = range.start().unwrap_or((0, 0));
    let mut rows = range
        .rows()
        .enumerate()
        .map(|(i, cells)| (u64::from(first_row) + i as u64 + 1, cells))
        .filter(|(_, cells)| {
            cells
                .iter()
                .any(|c| text(c).is_some_and(|t| !t.trim().is_empty()))
        });
    let header: Vec<Option<String>> = if source.format.header {
        let Some((_, cells)) = rows.next() else {
            return Err(DataError::file(path, format!("sheet `{sheet}` is empty"))
                .help("a sheet needs at least its header row"));
        };
        cells
            .iter()
            .map(|c| {
                text(c)
                    .map(|t| t.trim().to_string())
                    .filter(|t| !t.is_empty())
            })
            .collect()
    } else {
        source
            .columns
            .iter()
            .map(|c| Some(c.name.clone()))
            .collect()
    };
    let mut lines = Vec::new();
    let mut values: Vec<Vec<Option<String>>> = vec![Vec::new(); header.len()];
    for (line, cells) in rows {
        lines.push(line);
        for (i, column) in values.iter_mut().enumerate() {
            column.push(cells.get(i).and_then(text));
        }
    }
    let height = lines.len();
    let mut columns = Vec::new();
    for (name, cells) in header.into_iter().zip(values) {
        // Columns without a header cell hold nothing the source declares.
        let Some(name) = name else {
            continue;
        };
        if columns.iter().any(|c: &Column| c.name().as_str() == name) {
            return Err(DataError::file(
                path,
                format!("sheet `{sheet}` has two columns named `{name}`"),
            )
            .help("rename one of them"));
        }
        columns.push(
            StringChunked::from_iter_options(name.as_str().into(), cells.into_iter())
                .into_series()
                .into(),
        );
    }
    let frame =
        DataFrame::new(height, columns).map_err(|e| internal(path, "reading a sheet", &e))?;
    Ok((frame, lines))
}
