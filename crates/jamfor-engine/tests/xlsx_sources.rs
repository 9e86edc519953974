//! Sources delivered as one sheet of an Excel workbook (`kind = "xlsx"`, `sheet = …`): read with
//! the same declared schema as CSV, numbers and dates as Excel shows them, and errors naming the
//! file, the sheet, the row Excel shows and the column.

#![allow(clippy::unwrap_used)]

mod common;

use common::{Case, YEAR, cell, indicator};
use jamfor_engine::{GeoLevel, Kon};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

const INSATSER: &str = r#"
[source]
id = "insatser"
title = "Insatser"
family = "register"

[source.format]
kind = "xlsx"
sheet = "Insatser"

[[source.columns]]
name = "kommun"
type = "text"
role = "kommun"

[[source.columns]]
name = "kon"
type = "code"
role = "kon"
codes = ["K", "M"]
kvinnor = "K"
man = "M"

[[source.columns]]
name = "beslut"
type = "date"

[[source.columns]]
name = "timmar"
type = "decimal"
nullable = true
"#;

/// A cell as the test writes it.
enum Value<'a> {
    Text(&'a str),
    Number(f64),
    Date(u16, u8, u8),
    Empty,
}

/// A workbook with a first sheet "Översikt" (a title, as real deliveries have) and the data on
/// sheet "Insatser" starting at row `first_row` (0-based).
fn workbook(first_row: u32, rows: &[Vec<Value<'_>>]) -> Vec<u8> {
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    book.add_worksheet()
        .set_name("Översikt")
        .unwrap()
        .write_string(0, 0, "Insatser 2023")
        .unwrap();
    let sheet = book.add_worksheet().set_name("Insatser").unwrap();
    for (r, row) in rows.iter().enumerate() {
        let r = first_row + u32::try_from(r).unwrap();
        for (c, value) in row.iter().enumerate() {
            let c = u16::try_from(c).unwrap();
            match value {
                Value::Text(t) => {
                    sheet.write_string(r, c, *t).unwrap();
                }
                Value::Number(n) => {
                    sheet.write_number(r, c, *n).unwrap();
                }
                Value::Date(y, m, d) => {
                    let when = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                    sheet
                        .write_datetime_with_format(r, c, &when, &date)
                        .unwrap();
                }
                Value::Empty => {}
            }
        }
    }
    book.save_to_buffer().unwrap()
}

fn header() -> Vec<Value<'static>> {
    ["kommun", "kon", "beslut", "timmar"]
        .into_iter()
        .map(Value::Text)
        .collect()
}

fn case(name: &str, source: &str, bytes: Vec<u8>) -> Case {
    Case::new(name)
        .source("insatser", source)
        .data("insatser", "insatser_2023.xlsx", bytes)
        .indicators(&indicator(
            "timmar",
            "unit = \"antal\"\nbreakdown = [\"kon\"]",
            "type = \"count\"\nsource = \"insatser\"\nsum = \"timmar\"\nwhere = \"beslut >= '2023-01-01'\"",
        ))
}

#[test]
fn a_sheet_is_read_like_a_csv_file() {
    use Value::{Date, Empty, Number, Text};
    // Kommun codes typed as numbers lose their zero in Excel (180); text codes and names are read
    // as written; an empty row between the data is not a row.
    let bytes = workbook(
        2,
        &[
            header(),
            vec![Number(180.0), Text("K"), Date(2023, 3, 1), Number(12.5)],
            vec![Text("0180"), Text("M"), Date(2023, 5, 17), Number(2.0)],
            vec![],
            vec![Text("Göteborg"), Text("K"), Date(2023, 1, 9), Empty],
            vec![Text("0114"), Text("K"), Date(2022, 12, 31), Number(100.0)],
        ],
    );
    let results = case("xlsx_ok", INSATSER, bytes).results();
    let value = |geo, kon| cell(&results, "timmar", GeoLevel::Kommun, geo, kon).value;
    assert_eq!(value("0180", Kon::T), Some(14.5));
    assert_eq!(value("0180", Kon::K), Some(12.5));
    assert_eq!(value("1480", Kon::T), Some(0.0));
    assert_eq!(
        value("0114", Kon::T),
        Some(0.0),
        "a decision of {}",
        YEAR - 1
    );
}

#[test]
fn errors_name_the_sheet_the_row_excel_shows_and_the_column() {
    use Value::{Date, Number, Text};
    // The header is on row 3 of the sheet; the bad value on row 5.
    let bytes = workbook(
        2,
        &[
            header(),
            vec![Text("0180"), Text("K"), Date(2023, 3, 1), Number(1.0)],
            vec![Text("0180"), Text("K"), Date(2023, 3, 1), Text("mycket")],
        ],
    );
    let e = case("xlsx_bad_value", INSATSER, bytes).error();
    assert_eq!(
        (
            e.file.as_str(),
            e.sheet.as_deref(),
            e.line,
            e.column.as_deref()
        ),
        (
            "insatser_2023.xlsx",
            Some("Insatser"),
            Some(5),
            Some("timmar")
        )
    );
    assert_eq!(
        e.to_string().lines().next(),
        Some(
            "insatser_2023.xlsx, sheet `Insatser`, row 5, column `timmar`: `mycket` is not a decimal number"
        )
    );

    // A kommun that does not exist, with the close ones offered.
    let bytes = workbook(
        0,
        &[
            header(),
            vec![Number(189.0), Text("K"), Date(2023, 3, 1), Number(1.0)],
        ],
    );
    let e = case("xlsx_bad_kommun", INSATSER, bytes).error();
    assert_eq!((e.line, e.column.as_deref()), (Some(2), Some("kommun")));
    assert_eq!(e.message, "`189` is not a kommun code in 2023");
    assert!(
        e.help.as_deref().unwrap_or("").contains("0180 (Stockholm)"),
        "{:?}",
        e.help
    );

    // A date typed as text in another form.
    let bytes = workbook(
        0,
        &[
            header(),
            vec![Text("0180"), Text("K"), Text("1/3 2023"), Number(1.0)],
        ],
    );
    let e = case("xlsx_bad_date", INSATSER, bytes).error();
    assert_eq!(
        e.to_string().lines().next(),
        Some(
            "insatser_2023.xlsx, sheet `Insatser`, row 2, column `beslut`: `1/3 2023` is not a date (YYYY-MM-DD)"
        )
    );
}

#[test]
fn a_missing_sheet_or_column_is_named() {
    use Value::{Date, Number, Text};
    let rows = [
        header(),
        vec![Text("0180"), Text("K"), Date(2023, 3, 1), Number(1.0)],
    ];
    let e = case(
        "xlsx_missing_sheet",
        &INSATSER.replace("sheet = \"Insatser\"", "sheet = \"Insats\""),
        workbook(0, &rows),
    )
    .error();
    assert_eq!(
        e.message,
        "has no sheet `Insats`, which source `insatser` declares"
    );
    assert_eq!(e.help.as_deref(), Some("did you mean `Insatser`?"));

    let mut renamed = rows;
    renamed[0][3] = Text("tim");
    let e = case("xlsx_missing_column", INSATSER, workbook(0, &renamed)).error();
    assert_eq!(
        e.to_string(),
        "insatser_2023.xlsx, sheet `Insatser`: has no column `timmar`, which source `insatser` declares\n  help: did you mean `tim`?"
    );
}

#[test]
fn a_file_that_is_not_a_workbook() {
    let e = case(
        "xlsx_not_a_workbook",
        INSATSER,
        b"kommun;kon\n0180;K\n".to_vec(),
    )
    .error();
    assert_eq!(e.file, "insatser_2023.xlsx");
    assert!(
        e.message.starts_with("is not a readable xlsx workbook"),
        "{e}"
    );
}
