//! The uncertainty a kommun official sees beside a survey result: the äldreomsorg workbook of a
//! small synthetic release holds, for every kommun, each result's 95 % interval (marked "brett"
//! when wide) and number of respondents, equal to `results.parquet`; the Jämför sheet shows the
//! chosen kommun's. (That Jämför finds them by kommun code after sorting is driven in
//! LibreOffice by `crates/jamfor-publish/tests/excel_libreoffice.rs`.)

#![allow(clippy::unwrap_used, clippy::print_stderr)]

mod support;

use std::collections::BTreeMap;
use std::fs;

use calamine::{Data, Reader, Xlsx};
use parquet::record::Field;
use support::{copy_catalogue, jamfor, parquet_rows, results, scratch, stderr};

const PIPELINE: &str = "\
[release]
id = \"osakerhet\"
title = \"Öppna jämförelser socialtjänst, testutgåva\"
year = 2024
published = 2024-11-26
disclosure = \"socialtjanst-2024\"
areas = [\"aldreomsorg\"]

[outputs]
parquet = true
excel = true

[synthetic]
scale = \"small\"
seed = 11
";

fn text(row: &BTreeMap<String, Field>, column: &str) -> String {
    match &row[column] {
        Field::Str(s) => s.clone(),
        _ => String::new(),
    }
}

fn number(row: &BTreeMap<String, Field>, column: &str) -> Option<f64> {
    match row[column] {
        Field::Double(v) => Some(v),
        Field::Long(v) => Some(v as f64),
        Field::Int(v) => Some(f64::from(v)),
        _ => None,
    }
}

/// A number as the workbook writes it: decimal comma.
fn tal(x: f64, decimals: usize) -> String {
    format!("{x:.decimals$}")
        .replace('.', ",")
        .replace('-', "−")
}

#[test]
fn every_kommuns_interval_and_respondents_are_in_the_workbook() {
    let root = scratch("workbook_uncertainty");
    copy_catalogue(&root);
    let pipelines = root.join("pipelines");
    fs::remove_dir_all(&pipelines).unwrap();
    fs::create_dir_all(&pipelines).unwrap();
    fs::write(
        pipelines.join("osakerhet.toml"),
        format!("{PIPELINE}{}", support::inputs_in_data(&root)),
    )
    .unwrap();
    let run = jamfor(
        &root,
        &["run", "pipelines/osakerhet.toml", "--out", "out", "--quiet"],
    );
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let release = root.join("out/osakerhet");

    // Survey shares and their decimals, from indicators.parquet.
    let mut decimals: BTreeMap<String, usize> = BTreeMap::new();
    let mut survey: Vec<String> = Vec::new();
    let mut units: BTreeMap<String, String> = BTreeMap::new();
    for row in parquet_rows(&release.join("parquet/indicators.parquet")) {
        let id = text(&row, "indicator_id");
        let d = match row["decimals"] {
            Field::Int(d) => d as usize,
            Field::Long(d) => d as usize,
            Field::UByte(d) => usize::from(d),
            Field::Byte(d) => d as usize,
            Field::Short(d) => d as usize,
            Field::UShort(d) => usize::from(d),
            ref other => panic!("decimals: {other:?}"),
        };
        decimals.insert(id.clone(), d);
        units.insert(id.clone(), text(&row, "unit"));
        if text(&row, "measure") == "survey_share" {
            survey.push(id);
        }
    }
    assert!(
        !survey.is_empty(),
        "äldreomsorg has brukarundersökning results"
    );

    // What each kommun's cell of the hidden sheet must say.
    let mut expected: BTreeMap<(String, String, String), (String, Option<f64>)> = BTreeMap::new();
    for row in results(&release) {
        // The workbook shows all ages; age groups are Parquet's alone.
        if text(&row, "geo_level") != "kommun"
            || text(&row, "status") != "value"
            || !matches!(row["age_group"], Field::Null)
        {
            continue;
        }
        let (Some(value), Some(low), Some(high)) = (
            number(&row, "value"),
            number(&row, "ci_low"),
            number(&row, "ci_high"),
        ) else {
            continue;
        };
        let id = text(&row, "indicator_id");
        let d = decimals[&id];
        let wide = if units[&id] == "procent" {
            high - low > 20.0
        } else {
            high - low > value.abs()
        };
        let mut interval = format!("{}–{}", tal(low, d), tal(high, d));
        if wide {
            interval.push_str(", brett");
        }
        let respondents = survey
            .contains(&id)
            .then(|| number(&row, "respondents"))
            .flatten();
        let kon = match text(&row, "gender").as_str() {
            "T" => "Totalt",
            "K" => "Kvinnor",
            _ => "Män",
        }
        .to_string();
        expected.insert((text(&row, "geo_code"), id, kon), (interval, respondents));
    }
    assert!(expected.len() > 500, "only {} intervals", expected.len());

    let workbook = release.join("excel/aldreomsorg-2024.xlsx");
    let mut xlsx: Xlsx<_> = calamine::open_workbook(&workbook).unwrap();
    let sheet = xlsx.worksheet_range("Intervall kommuner").unwrap();
    let cell = |r: u32, c: u32| match sheet.get_value((r, c)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => f.to_string(),
        _ => String::new(),
    };
    // Headings "id (Kön): intervall" and "id (Kön): svarande" in pairs from column 1.
    let mut seen = 0;
    let mut wide = 0;
    let mut with_respondents = 0;
    let (rows, cols) = sheet.get_size();
    for col in (1..cols as u32).step_by(2) {
        let heading = cell(2, col);
        let Some((id, kon)) = heading
            .strip_suffix("): intervall")
            .and_then(|h| h.split_once(" ("))
        else {
            panic!("column {col}: {heading}");
        };
        for row in 3..rows as u32 {
            let kommun = cell(row, 0);
            let key = (kommun.clone(), id.to_string(), kon.to_string());
            let (interval, respondents) =
                expected.get(&key).cloned().unwrap_or((String::new(), None));
            assert_eq!(cell(row, col), interval, "{key:?}");
            let shown = match sheet.get_value((row, col + 1)) {
                Some(Data::Float(f)) => Some(*f),
                Some(Data::Int(i)) => Some(*i as f64),
                _ => None,
            };
            assert_eq!(shown, respondents, "{key:?} respondents");
            seen += usize::from(!interval.is_empty());
            wide += usize::from(interval.ends_with("brett"));
            with_respondents += usize::from(respondents.is_some());
        }
    }
    assert_eq!(seen, expected.len(), "every interval is on the sheet");
    assert!(
        wide > 0,
        "some intervals are wide in a small synthetic release"
    );
    assert!(
        with_respondents > 0,
        "survey results carry their respondents"
    );

    // Jämför shows the pre-set kommun's, under its two headings.
    let jamfor_sheet = xlsx.worksheet_range("Jämför").unwrap();
    let headings: Vec<String> = jamfor_sheet
        .rows()
        .flat_map(|r| r.iter())
        .filter_map(|c| match c {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    assert!(headings.iter().any(|h| h == "Kommunens 95 %-intervall"));
    assert!(headings.iter().any(|h| h == "Svarande"));
}
