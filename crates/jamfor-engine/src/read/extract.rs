//! Values that hold more than the value, as SCB's statistical database (PxWeb) writes them: a
//! region as `0114 Upplands Väsby`, an age as `45 år` or `100+ år`. A column declared with
//! `extract` keeps only the code or the number, before the declared schema is checked, so the
//! rest of the reading — kommun codes, types, codes, errors at their row — is the same as for a
//! file that wrote the code alone.

use jamfor_spec::keywords::Extract;
use jamfor_spec::manifest::Source;
use polars::prelude::*;

use crate::error::{DataError, internal};

/// The code before the first space, or the whole value when it has no space.
fn code(value: &str) -> &str {
    let value = value.trim();
    value.split_whitespace().next().unwrap_or(value)
}

/// The whole number at the start (`100+ år` is `100`). A value that does not start with a digit
/// is kept as it is, so that the schema check names it at its row ("`totalt` is not an
/// integer") instead of reading it as empty.
fn number(value: &str) -> &str {
    let value = value.trim();
    let digits = value.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 { value } else { &value[..digits] }
}

/// `raw` (every column text) with the declared `extract` applied to its columns.
pub(super) fn apply(
    mut raw: DataFrame,
    source: &Source,
    path: &str,
) -> Result<DataFrame, DataError> {
    for declared in &source.columns {
        let Some(how) = declared.extract else {
            continue;
        };
        // A missing column is named by the schema check.
        let Ok(column) = raw.column(&declared.name) else {
            continue;
        };
        let text = column
            .cast(&DataType::String)
            .map_err(|e| internal(path, "reading a column as text", &e))?;
        let text = text
            .str()
            .map_err(|e| internal(path, "reading a column as text", &e))?;
        let part = |v: &str| match how {
            Extract::Code => code(v).to_string(),
            Extract::Number => number(v).to_string(),
        };
        let extracted: StringChunked = text.iter().map(|v| v.map(part)).collect();
        raw.with_column(
            extracted
                .with_name(declared.name.as_str().into())
                .into_series()
                .into_column(),
        )
        .map_err(|e| internal(path, "extracting values", &e))?;
    }
    Ok(raw)
}

#[cfg(test)]
mod tests {
    use super::{code, number};

    #[test]
    fn codes_are_taken_from_code_and_label() {
        assert_eq!(code("0114 Upplands Väsby"), "0114");
        assert_eq!(code(" 1480  Göteborg "), "1480");
        assert_eq!(code("0180"), "0180");
        assert_eq!(code(""), "");
    }

    #[test]
    fn numbers_are_taken_from_number_and_unit() {
        assert_eq!(number("45 år"), "45");
        assert_eq!(number("100+ år"), "100");
        assert_eq!(number("0 år"), "0");
        assert_eq!(number("7"), "7");
        // Kept whole, for the schema check to name.
        assert_eq!(number("totalt ålder"), "totalt ålder");
        assert_eq!(number("-"), "-");
    }
}
