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

/// The date `days` after 1970-01-01 as `YYYY-MM-DD`: how dates stored as numbers (SAS, SPSS) are
/// written for the schema check, like a date in a CSV file.
pub(super) fn text_of_days(days: i64) -> String {
    // Howard Hinnant's days-to-civil, in the proleptic Gregorian calendar.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

/// `seconds` after 1970-01-01 00:00:00 as `YYYY-MM-DD HH:MM:SS`, at midnight too.
pub(super) fn text_of_date_time(seconds: i64) -> String {
    let date = text_of_days(seconds.div_euclid(86_400));
    let time = seconds.rem_euclid(86_400);
    let (h, m, s) = (time / 3600, time / 60 % 60, time % 60);
    format!("{date} {h:02}:{m:02}:{s:02}")
}

#[cfg(test)]
mod tests {
    use super::{text_of_date_time, text_of_days};
    use jamfor_spec::expr::tree::days_from_civil;

    #[test]
    fn day_numbers_become_the_dates_they_count_to() {
        assert_eq!(text_of_days(0), "1970-01-01");
        assert_eq!(text_of_days(-3653), "1960-01-01");
        for (y, m, d) in [
            (2024, 2, 29),
            (2023, 12, 31),
            (1900, 3, 1),
            (2000, 1, 1),
            (1582, 10, 14),
        ] {
            let days = days_from_civil(y, m, d);
            assert_eq!(text_of_days(days), format!("{y:04}-{m:02}-{d:02}"));
        }
        assert_eq!(text_of_date_time(86_400 + 3_723), "1970-01-02 01:02:03");
        assert_eq!(text_of_date_time(-86_400), "1969-12-31 00:00:00");
        assert_eq!(text_of_date_time(-1), "1969-12-31 23:59:59");
    }
}
