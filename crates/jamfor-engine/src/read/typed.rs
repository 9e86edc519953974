//! The typed reading of a CSV text: polars parses every declared column with its declared type,
//! and the declaration is checked on whole columns — nulls counted, codes and kommun codes looked
//! up once per distinct value, keys checked for duplicates in one group-by. This is the reading of
//! every clean file.
//!
//! It finds *that* a file breaks its declaration, not *where*: on any problem (a value polars
//! cannot parse, a null where none is allowed, an unknown code, a duplicate key, …) it gives up,
//! and the exact reading (`validate`) reads the text again value by value to name the line and
//! column, or to drop and count the rows under `invalid_rows = "drop"`. So it accepts only what
//! the exact reading accepts, and yields the same frame.

use std::collections::{BTreeSet, HashMap};
use std::io::Cursor;

use jamfor_spec::keywords::{ColumnType, Role};
use jamfor_spec::manifest::{Column as Declared, Source};
use polars::prelude::*;

use super::validate::{boolean, canonical, in_year, is_date, kommun_code, map_kon};
use crate::error::{DataError, internal};

/// Why the typed reading gave up; only the exact reading says more.
#[derive(Debug)]
pub(super) struct GaveUp;

/// The type polars parses a declared column as. Kommun columns are text whatever their type:
/// names and codes with lost zeros are resolved from the text.
fn parsed_as(column: &Declared) -> DataType {
    if column.role == Some(Role::Kommun) {
        return DataType::String;
    }
    match column.column_type {
        ColumnType::Integer => DataType::Int64,
        ColumnType::Decimal => DataType::Float64,
        ColumnType::Text | ColumnType::Code | ColumnType::Date | ColumnType::Boolean => {
            DataType::String
        }
    }
}

/// Reads `text` (UTF-8, without blank lines, every record with `fields` fields, `rows` data rows)
/// as `source` for `year`: the declared columns typed, kön mapped, role columns added.
///
/// # Errors
/// `Ok(Err(GaveUp))` when the text breaks the declaration anywhere; `Err` only for a failure that
/// is a bug.
pub(super) fn read(
    text: &[u8],
    source: &Source,
    year: i32,
    path: &str,
    fields: usize,
    rows: usize,
) -> Result<Result<DataFrame, GaveUp>, DataError> {
    let declared: Schema = source
        .columns
        .iter()
        .map(|c| (PlSmallStr::from(c.name.as_str()), parsed_as(c)))
        .collect();
    let parse = CsvParseOptions::default()
        .with_separator(u8::try_from(source.format.delimiter).unwrap_or(b','))
        .with_quote_char(Some(b'"'))
        .with_missing_is_null(true)
        .with_truncate_ragged_lines(false)
        .with_decimal_comma(source.format.decimal == ',');
    let options = CsvReadOptions::default()
        .with_has_header(source.format.header)
        .with_parse_options(parse);
    let options = if source.format.header {
        // Every column as text unless declared; only the declared columns are parsed at all.
        let names: Arc<[PlSmallStr]> = source
            .columns
            .iter()
            .map(|c| PlSmallStr::from(c.name.as_str()))
            .collect();
        options
            .with_infer_schema_length(Some(0))
            .with_schema_overwrite(Some(Arc::new(declared)))
            .with_columns(Some(names))
    } else if fields == declared.len() {
        options.with_schema(Some(Arc::new(declared)))
    } else {
        return Ok(Err(GaveUp));
    };
    // polars' own errors (a value it cannot parse, a declared column the file lacks) are not
    // shown: the exact reading says the same in the user's terms, with the line.
    let Ok(frame) = options
        .into_reader_with_file_handle(Cursor::new(text))
        .finish()
    else {
        return Ok(Err(GaveUp));
    };
    if frame.height() != rows {
        return Ok(Err(GaveUp));
    }
    let mut columns = Vec::with_capacity(frame.width() + 6);
    for column in &source.columns {
        let Ok(parsed) = frame.column(&column.name) else {
            return Ok(Err(GaveUp));
        };
        let Some(typed) = checked(parsed, column, year, path)? else {
            return Ok(Err(GaveUp));
        };
        let typed = typed.with_name(column.name.as_str().into());
        let copy = canonical(column).map(|name| typed.clone().with_name(name.into()));
        columns.push(typed);
        columns.extend(copy);
    }
    drop(frame);
    let mut frame =
        DataFrame::new(rows, columns).map_err(|e| internal(path, "typing columns", &e))?;
    if !source.unique_by.is_empty() && frame.height() > 0 {
        let distinct = frame
            .select(source.unique_by.iter().map(String::as_str))
            .and_then(|keys| keys.lazy().unique(None, UniqueKeepStrategy::Any).collect())
            .map_err(|e| internal(path, "checking unique keys", &e))?;
        if distinct.height() != frame.height() {
            return Ok(Err(GaveUp));
        }
    }
    if let Some(kon) = source.columns.iter().find(|c| c.role == Some(Role::Kon)) {
        frame = map_kon(frame, kon, path)?;
    }
    Ok(Ok(frame))
}

/// `column` as parsed, checked against its declaration and typed; `None` if any value breaks it.
fn checked(
    column: &Column,
    declared: &Declared,
    year: i32,
    path: &str,
) -> Result<Option<Column>, DataError> {
    let fail = |e: PolarsError| internal(path, "checking a column", &e);
    let nulls_allowed = declared.nullable && declared.role != Some(Role::Kommun);
    if parsed_as(declared) != DataType::String {
        if column.null_count() > 0 && !nulls_allowed {
            return Ok(None);
        }
        // A period column holds the file's year, in every row.
        if declared.role == Some(Role::Period)
            && let Ok(years) = column.i64()
            && !years.iter().flatten().all(|y| y == i64::from(year))
        {
            return Ok(None);
        }
        // fast-float reads "inf" and "NaN"; a declared decimal is a finite number.
        if let Ok(values) = column.f64()
            && !values
                .iter()
                .flatten()
                .all(|v| v.is_finite() && (declared.negative || v >= 0.0))
        {
            return Ok(None);
        }
        if !declared.negative
            && let Ok(values) = column.i64()
            && values.iter().flatten().any(|v| v < 0)
        {
            return Ok(None);
        }
        return Ok(Some(column.clone()));
    }
    let text = column.str().map_err(fail)?;
    // Free text (identifiers above all: millions of distinct values) has nothing to look up, and
    // hashing it took longer than parsing it.
    if declared.role != Some(Role::Kommun) && declared.column_type == ColumnType::Text {
        // Values are trimmed and blank ones are empty, as in the exact reading.
        let tidy = tidied(text).unwrap_or_else(|| text.clone());
        if tidy.null_count() > 0 && !nulls_allowed {
            return Ok(None);
        }
        return Ok(Some(tidy.into_series().into()));
    }
    // A coded column has few distinct values: when none needs tidying, no value does.
    let first = distinct_values(text);
    let retidied = first
        .iter()
        .any(|v| untidy(v))
        .then(|| tidied(text))
        .flatten();
    let tidy = retidied.clone().unwrap_or_else(|| text.clone());
    if tidy.null_count() > 0 && !nulls_allowed {
        return Ok(None);
    }
    let distinct = match &retidied {
        Some(t) => distinct_values(t),
        None => first,
    };
    let column: Column = if declared.role == Some(Role::Kommun) {
        let mut renamed: HashMap<&str, String> = HashMap::new();
        for &value in &distinct {
            let Some(kod) = kommun_code(value, year) else {
                return Ok(None);
            };
            let code = kod.to_string();
            if code != value {
                renamed.insert(value, code);
            }
        }
        if renamed.is_empty() {
            tidy.into_series().into()
        } else {
            // Names and codes without their zero become codes; a few hundred distinct values.
            let codes = tidy
                .iter()
                .map(|v| v.map(|v| renamed.get(v).map_or(v, String::as_str)));
            StringChunked::from_iter_options(tidy.name().clone(), codes)
                .into_series()
                .into()
        }
    } else {
        match declared.column_type {
            ColumnType::Code => {
                if !distinct
                    .iter()
                    .all(|v| declared.codes.iter().any(|(c, _)| c == v))
                {
                    return Ok(None);
                }
                tidy.into_series().into()
            }
            ColumnType::Date => {
                let fits = |v: &str| {
                    is_date(v)
                        && (declared.role != Some(Role::Period)
                            || in_year(v, ColumnType::Date, year))
                };
                if !distinct.iter().all(|v| fits(v)) {
                    return Ok(None);
                }
                tidy.into_series().into()
            }
            ColumnType::Boolean => {
                if !distinct.iter().all(|v| boolean(v).is_some()) {
                    return Ok(None);
                }
                BooleanChunked::from_iter_options(
                    tidy.name().clone(),
                    tidy.iter().map(|v| v.and_then(boolean)),
                )
                .into_series()
                .into()
            }
            // Text returned above; numbers are never parsed as text.
            ColumnType::Text | ColumnType::Integer | ColumnType::Decimal => {
                tidy.into_series().into()
            }
        }
    };
    Ok(Some(column))
}

/// The distinct values of `text` (nulls left out). Registers list a kommun's and a person's rows
/// together, so a value mostly repeats the one before and is compared, not looked up.
pub(super) fn distinct_values(text: &StringChunked) -> BTreeSet<&str> {
    let mut distinct = BTreeSet::new();
    let mut last: Option<&str> = None;
    for value in text.iter().flatten() {
        if last != Some(value) {
            distinct.insert(value);
            last = Some(value);
        }
    }
    distinct
}

/// Whether a value is blank or has blanks around it.
fn untidy(value: &str) -> bool {
    value.is_empty() || value.trim().len() != value.len()
}

/// `text` with values trimmed and empty values null, or `None` when no value needs it (nearly
/// always; the column is then kept as parsed).
fn tidied(text: &StringChunked) -> Option<StringChunked> {
    if !text.iter().flatten().any(untidy) {
        return None;
    }
    let values = text
        .iter()
        .map(|v| v.map(str::trim).filter(|v| !v.is_empty()));
    Some(StringChunked::from_iter_options(
        text.name().clone(),
        values,
    ))
}

#[cfg(test)]
mod tests {
    use jamfor_spec::keywords::{Encoding, Family, FormatKind, InvalidRows};
    use jamfor_spec::manifest::{DefLocation, Format, KonCodes};

    use super::*;
    use crate::read::fields;

    fn column(name: &str, column_type: ColumnType, role: Option<Role>, nullable: bool) -> Declared {
        Declared {
            name: name.into(),
            column_type,
            role,
            codes: Vec::new(),
            nullable,
            negative: false,
            kon_codes: None,
            description: None,
            use_value_labels: false,
            extract: None,
        }
    }

    /// A source with a column of every type.
    fn source(unique_by: &[&str]) -> Source {
        // A balance: the one column that may be negative.
        let mut belopp = column("belopp", ColumnType::Decimal, None, true);
        belopp.negative = true;
        let mut kon = column("kon", ColumnType::Code, Some(Role::Kon), false);
        kon.codes = vec![("1".into(), None), ("2".into(), None)];
        kon.kon_codes = Some(KonCodes {
            kvinnor: "2".into(),
            man: "1".into(),
        });
        Source {
            id: "prov".into(),
            title: "Prov".into(),
            family: Family::Register,
            provider: None,
            description: None,
            format: Format {
                kind: FormatKind::Csv,
                delimiter: ';',
                decimal: ',',
                encoding: Encoding::Utf8,
                header: true,
                sheet: None,
                year_columns: None,
            },
            unique_by: unique_by.iter().map(|s| (*s).to_string()).collect(),
            invalid_rows: InvalidRows::Fail,
            columns: vec![
                column("lopnr", ColumnType::Text, Some(Role::Identifying), false),
                column("kommun", ColumnType::Text, Some(Role::Kommun), false),
                kon,
                column("alder", ColumnType::Integer, Some(Role::Alder), false),
                belopp,
                column("aktiv", ColumnType::Boolean, None, true),
                column("datum", ColumnType::Date, None, true),
                column("anteckning", ColumnType::Text, None, true),
            ],
            location: DefLocation {
                file: "sources/prov.toml".into(),
                line: 1,
            },
        }
    }

    /// The typed reading of `text`, or `None` when it gives up.
    fn typed(text: &str, source: &Source) -> Option<DataFrame> {
        let shape = fields::scan(text.as_bytes(), b';');
        if shape.ragged {
            return None;
        }
        let clean = fields::without(text.as_bytes(), &shape.blank);
        let rows = shape.records - 1;
        read(&clean, source, 2023, "prov.csv", shape.fields, rows)
            .expect("no internal error")
            .ok()
    }

    /// The exact reading of `text`.
    fn exact(text: &str, source: &Source) -> Result<DataFrame, DataError> {
        let (raw, lines) = super::super::read_csv_text(text.to_string(), "prov.csv", source)?;
        super::super::validate::validate(raw, source, 2023, "prov.csv", lines).map(|r| r.frame)
    }

    const CLEAN: &str = "\u{feff}lopnr;kommun;kon;alder;belopp;aktiv;datum;anteckning;extra\r\n\
        p1;0180;2;34;12,5;TRUE;2023-01-31;\"med ; i\";x\r\n\
        p2; 180 ;1; 7;;0;;;x\r\n\
        \"p3\";Göteborg;\"2\";+8;1e3;false;2023-12-01;  ;x\r\n\
        p4;114;1;90;-0,25;1;;\"två\nrader\";x\r\n\
        \r\n\n";

    #[test]
    fn a_clean_text_is_read_typed_and_as_the_exact_reading_reads_it() {
        let source = source(&["lopnr"]);
        let text = CLEAN.trim_start_matches('\u{feff}');
        let typed = typed(text, &source).expect("the typed reading accepts a clean text");
        let exact = exact(text, &source).expect("the exact reading accepts it too");
        assert_eq!(typed.get_column_names(), exact.get_column_names());
        assert!(typed.equals_missing(&exact), "{typed}\n{exact}");
        let kommuner: Vec<_> = typed
            .column(crate::read::role::KOMMUN)
            .and_then(|c| c.str().cloned())
            .expect("text")
            .iter()
            .map(|k| k.unwrap_or_default().to_string())
            .collect();
        assert_eq!(kommuner, ["0180", "0180", "1480", "0114"]);
    }

    #[test]
    fn the_typed_reading_gives_up_wherever_the_exact_reading_finds_a_problem() {
        let header = "lopnr;kommun;kon;alder;belopp;aktiv;datum;anteckning;extra\n";
        let good = "p1;0180;2;34;12,5;true;2023-01-31;;x\n";
        for (bad, unique) in [
            ("p2;0180;2;34a;1;true;;;x\n", false),
            ("p2;0180;2;;1;true;;;x\n", false),
            ("p2;0189;2;34;1;true;;;x\n", false),
            ("p2;;2;34;1;true;;;x\n", false),
            ("p2;0180;K;34;1;true;;;x\n", false),
            ("p2;0180;2;34;1.5,0;true;;;x\n", false),
            ("p2;0180;2;34;inf;true;;;x\n", false),
            ("p2;0180;2;34;NaN;true;;;x\n", false),
            ("p2;0180;2;-34;1;true;;;x\n", false),
            ("p2;0180;2;34;1;ja;;;x\n", false),
            ("p2;0180;2;34;1;true;2023-1-31;;x\n", false),
            (";0180;2;34;1;true;;;x\n", false),
            ("p1;0180;2;34;1;true;;;x\n", true),
        ] {
            let source = source(if unique { &["lopnr"] } else { &[] });
            let text = format!("{header}{good}{bad}");
            assert!(typed(&text, &source).is_none(), "{bad}");
            assert!(exact(&text, &source).is_err(), "{bad}");
        }
    }
}
