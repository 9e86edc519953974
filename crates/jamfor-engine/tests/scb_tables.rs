//! Tables as SCB's statistical database (PxWeb) exports them: ISO-8859-1, quoted, region as
//! `0114 Upplands Väsby`, age as `45 år` / `100+ år`, and one column per year. `extract` takes
//! the code or the number, `year_columns` reads the year's column; the rest is the declared schema
//! as for any file.

#![allow(clippy::unwrap_used)]

mod common;

use common::{Case, cell, indicator};
use jamfor_engine::{GeoLevel, Kon};

const BEFOLKNING: &str = r#"
[source]
id = "befolkning"
title = "Folkmängd"
family = "statistik"
provider = "SCB"

[source.format]
kind = "csv"
encoding = "iso-8859-1"
year_columns = { year = "ar", value = "antal" }

[[source.columns]]
name = "region"
type = "text"
role = "kommun"
extract = "code"

[[source.columns]]
name = "ålder"
type = "integer"
role = "alder"
extract = "number"

[[source.columns]]
name = "kön"
type = "code"
role = "kon"
codes = ["kvinnor", "män"]
kvinnor = "kvinnor"
man = "män"

[[source.columns]]
name = "ar"
type = "integer"
role = "period"

[[source.columns]]
name = "antal"
type = "integer"
"#;

/// The export: a header and rows as PxWeb writes them, in ISO-8859-1.
fn latin1(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| u8::try_from(u32::from(c)).unwrap())
        .collect()
}

const EXPORT: &str = "\"region\",\"ålder\",\"kön\",\"2021\",\"2022\",\"2023\"\r\n\
\"0114 Upplands Väsby\",\"45 år\",\"män\",100,110,120\r\n\
\"0114 Upplands Väsby\",\"45 år\",\"kvinnor\",200,210,220\r\n\
\"0114 Upplands Väsby\",\"100+ år\",\"kvinnor\",3,4,5\r\n\
\"1480 Göteborg\",\"100+ år\",\"män\",7,8,9\r\n";

fn case(name: &str, source: &str, export: &str) -> Case {
    Case::new(name)
        .source("befolkning", source)
        .data("befolkning", "befolkning.csv", latin1(export))
        .indicators(&indicator(
            "invanare",
            "unit = \"antal\"\nbreakdown = [\"kon\"]",
            "type = \"count\"\nsource = \"befolkning\"\nsum = \"antal\"",
        ))
        .indicators(&indicator(
            "invanare_100",
            "unit = \"antal\"",
            "type = \"count\"\nsource = \"befolkning\"\nsum = \"antal\"\nwhere = \"ålder >= 100\"",
        ))
}

#[test]
fn an_scb_export_is_read_as_it_is_downloaded() {
    let results = case("scb_ok", BEFOLKNING, EXPORT).results();
    let value = |id, geo, kon| cell(&results, id, GeoLevel::Kommun, geo, kon).value;
    // The 2023 column, the code before the name, the number before `år`.
    assert_eq!(value("invanare", "0114", Kon::T), Some(345.0));
    assert_eq!(value("invanare", "0114", Kon::K), Some(225.0));
    assert_eq!(value("invanare", "1480", Kon::M), Some(9.0));
    assert_eq!(value("invanare_100", "0114", Kon::T), Some(5.0));
    assert_eq!(value("invanare_100", "1480", Kon::T), Some(9.0));
}

#[test]
fn headers_that_end_in_the_year_are_year_columns_too() {
    // R's and some PxWeb exports write `X2023` or `Folkmängd 2023`.
    let export = EXPORT.replace(
        "\"2021\",\"2022\",\"2023\"",
        "\"Folkmängd 2021\",\"Folkmängd 2022\",\"Folkmängd 2023\"",
    );
    let results = case("scb_named_years", BEFOLKNING, &export).results();
    assert_eq!(
        cell(&results, "invanare", GeoLevel::Kommun, "0114", Kon::T).value,
        Some(345.0)
    );
}

#[test]
fn an_export_without_the_year_says_which_years_it_has() {
    let export = EXPORT
        .replace(",\"2023\"", "")
        .replace(",120\r", "\r")
        .replace(",220\r", "\r")
        .replace(",5\r", "\r")
        .replace(",9\r", "\r");
    let e = case("scb_no_year", BEFOLKNING, &export).error();
    assert_eq!(
        e.to_string(),
        "befolkning.csv: has no column for 2023; its year columns are 2021, 2022\n  help: download the table with 2023 among its years, or point `[inputs.befolkning]` in the release at a file that has it"
    );
}

#[test]
fn a_code_with_its_label_without_extract_points_at_extract() {
    let source = BEFOLKNING.replace("extract = \"code\"\n", "");
    let e = case("scb_no_extract", &source, EXPORT).error();
    assert_eq!(
        (e.line, e.column.as_deref(), e.message.as_str()),
        (
            Some(2),
            Some("region"),
            "`0114 Upplands Väsby` is not a kommun code in 2023 (3 more problems in the file)"
        )
    );
    assert!(
        e.help
            .as_deref()
            .unwrap_or("")
            .contains("extract = \"code\""),
        "{e}"
    );

    let source = BEFOLKNING.replace("extract = \"number\"\n", "");
    let e = case("scb_no_number", &source, EXPORT).error();
    assert_eq!(
        e.message,
        "`45 år` is not an integer (3 more problems in the file)"
    );
    assert!(
        e.help
            .as_deref()
            .unwrap_or("")
            .contains("extract = \"number\""),
        "{e}"
    );
}

#[test]
fn a_value_with_nothing_to_extract_is_named_at_its_line() {
    // A total row, as an export with "totalt ålder" selected has.
    let export = format!("{EXPORT}\"0114 Upplands Väsby\",\"totalt ålder\",\"män\",1,2,3\r\n");
    let e = case("scb_total_row", BEFOLKNING, &export).error();
    assert_eq!(
        (e.line, e.column.as_deref(), e.message.as_str()),
        (Some(6), Some("ålder"), "`totalt ålder` is not an integer")
    );
}
