//! Files with one column per year, as SCB's statistical database exports a table over several
//! years: `region, ålder, kön, 2019, 2020, …` (some exports write `Folkmängd 2020` or `X2020`).
//! Read for a year, such a file is the long table of that year: its rows, the year in the
//! declared year column and that year's column as the declared value column. One download then
//! serves every year of a release, and no step before the run turns it around.

use jamfor_spec::manifest::{Source, YearColumns};
use polars::prelude::*;

use crate::error::{DataError, internal};

/// The year a column header ends with (`2020`, `Folkmängd 2020`, `X2020`), if any: four digits
/// not preceded by a fifth.
pub(super) fn year_of(header: &str) -> Option<i32> {
    let header = header.trim();
    let bytes = header.as_bytes();
    let start = bytes.len().checked_sub(4)?;
    let digits = &bytes[start..];
    let before_is_digit = start > 0 && bytes[start - 1].is_ascii_digit();
    if before_is_digit || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    header[start..].parse().ok()
}

/// `raw` (every column text) read for `year`: the other years' columns left out, the year's
/// column named `columns.value`, and a column `columns.year` holding the year.
pub(super) fn apply(
    raw: DataFrame,
    columns: &YearColumns,
    source: &Source,
    year: i32,
    path: &str,
) -> Result<DataFrame, DataError> {
    let declared = |name: &str| source.column(name).is_some();
    let years: Vec<(PlSmallStr, i32)> = raw
        .get_column_names()
        .into_iter()
        // A declared column ending in digits (a code column `kod2020`) is not a year column.
        .filter(|name| !declared(name.as_str()))
        .filter_map(|name| year_of(name).map(|y| (name.clone(), y)))
        .collect();
    let Some((own, _)) = years.iter().find(|(_, y)| *y == year) else {
        let found: Vec<String> = years.iter().map(|(_, y)| y.to_string()).collect();
        let message = if found.is_empty() {
            format!(
                "has no column per year, which source `{}` declares with `year_columns`",
                source.id
            )
        } else {
            format!(
                "has no column for {year}; its year columns are {}",
                found.join(", ")
            )
        };
        return Err(DataError::file(path, message).help(format!(
            "download the table with {year} among its years, or point `[inputs.{}]` in the release at a file that has it",
            source.id
        )));
    };
    let mut kept: Vec<Column> = Vec::with_capacity(raw.width());
    for column in raw.columns() {
        let name = column.name();
        if name == own {
            kept.push(column.clone().with_name(columns.value.as_str().into()));
        } else if !years.iter().any(|(other, _)| other == name)
            && name.as_str() != columns.value
            && name.as_str() != columns.year
        {
            kept.push(column.clone());
        }
    }
    let year_text = year.to_string();
    kept.push(
        StringChunked::full(columns.year.as_str().into(), &year_text, raw.height())
            .into_series()
            .into_column(),
    );
    DataFrame::new(raw.height(), kept).map_err(|e| internal(path, "reading the year's column", &e))
}

#[cfg(test)]
mod tests {
    use super::year_of;

    #[test]
    fn a_header_ending_in_a_year_is_a_year_column() {
        assert_eq!(year_of("2019"), Some(2019));
        assert_eq!(year_of("Folkmängd 2020"), Some(2020));
        assert_eq!(year_of("X2021"), Some(2021));
        assert_eq!(year_of(" 2022 "), Some(2022));
        assert_eq!(year_of("region"), None);
        assert_eq!(year_of("12019"), None);
        assert_eq!(year_of("år"), None);
    }
}
