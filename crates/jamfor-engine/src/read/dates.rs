//! Date columns as day numbers. A date is read as `YYYY-MM-DD` text and checked there (naming
//! line and column); the frame then holds it as days since 1970-01-01 (`Int32`, polars' own date
//! representation), so that a difference of two dates is a number of days and parts of a date
//! are integer arithmetic — no text is compared or parsed again per row.

use jamfor_spec::expr::tree::parse_date;
use jamfor_spec::keywords::ColumnType;
use jamfor_spec::manifest::Source;
use polars::prelude::*;

use crate::hashing::FastMap;

/// `frame` with every declared date column it holds as day numbers. The values were checked
/// when read, so a value that is not a date here is a bug, kept as null.
pub(super) fn as_days(frame: &mut DataFrame, source: &Source) -> PolarsResult<()> {
    for declared in source
        .columns
        .iter()
        .filter(|c| c.column_type == ColumnType::Date)
    {
        let Ok(column) = frame.column(&declared.name) else {
            continue;
        };
        if column.dtype() != &DataType::String {
            continue;
        }
        let text = column.str()?;
        // A register holds a few thousand distinct dates over millions of rows; a date is ten
        // bytes, two words for the fast hash.
        let mut days: FastMap<&str, Option<i32>> = FastMap::default();
        let converted: Int32Chunked = text
            .iter()
            .map(|v| v.and_then(|v| *days.entry(v).or_insert_with(|| parse_date(v))))
            .collect();
        let converted = converted.with_name(declared.name.as_str().into());
        frame.with_column(converted.into_series().into_column())?;
    }
    Ok(())
}
