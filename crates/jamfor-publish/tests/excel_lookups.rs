//! The Jämför and Analysstöd sheets (and the hidden series of Jämför's charts) find every
//! figure by a key, never by a row position: a reader may sort or filter the Kommuner, Län och
//! riket, Liknande kommuner and Tidsserier sheets (they carry a filter) and the Alla kommuner
//! table of Analysstöd, and the hidden colour twins do not move with them. So every `INDEX(range, row)` must take its row from a `MATCH(key, keys, 0)` over
//! the same sheet and the same rows as `range` — inline or in a helper cell — and the key must be
//! something that names the place (a code, a name), not a number.
//!
//! `excel_libreoffice.rs` checks the same thing in LibreOffice by sorting the sheets and choosing
//! kommuner.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::io::Cursor;

use calamine::{Range, Reader, Xlsx};
use jamfor_assess::{Published, analyse};
use jamfor_geo::Geography;
use jamfor_publish::excel;

use common::AREA;

/// Comparable kommuner on `antal`, so the workbook has the Liknande kommuner sheet and Analysstöd.
const COMPARABLE: &str = "\n[comparable]\nk = 3\nnyckeltal = [\"antal\"]\n";

fn workbook() -> Xlsx<Cursor<Vec<u8>>> {
    calamine::open_workbook_from_rs(Cursor::new(bytes())).expect("calamine reads it")
}

/// The workbook with comparison groups, analysis support and charts, as bytes.
fn bytes() -> Vec<u8> {
    let manifest = common::manifest_med_area(COMPARABLE);
    let (results, analysis) = analyse(
        &manifest,
        &manifest.releases[0],
        Geography::builtin(),
        common::results(),
    )
    .expect("analysis runs");
    excel::workbook(
        &Published {
            manifest: &manifest,
            release: &manifest.releases[0],
            geo: Geography::builtin(),
            results: &results,
            analysis: Some(&analysis),
        },
        AREA,
    )
    .expect("workbook")
}

/// With the charts, the groups' hidden sheet and the drop-down lists, the same inputs still give
/// the same bytes.
#[test]
fn the_workbook_with_charts_and_groups_is_byte_identical_across_runs() {
    assert!(bytes() == bytes(), "two writes differ");
}

/// The arguments of every call of `function` in `formula`, split at the commas of the call
/// itself (not those of nested calls or inside quotes).
fn calls<'f>(formula: &'f str, function: &str) -> Vec<Vec<&'f str>> {
    let open = format!("{function}(");
    let mut out = Vec::new();
    for (start, _) in formula.match_indices(&open) {
        let before = formula[..start].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
            continue;
        }
        let body = start + open.len();
        let (mut depth, mut quote, mut from) = (0_u32, None::<char>, body);
        let mut args = Vec::new();
        for (i, c) in formula[body..].char_indices() {
            let at = body + i;
            match c {
                _ if quote == Some(c) => quote = None,
                _ if quote.is_some() => {}
                '"' | '\'' => quote = Some(c),
                '(' => depth += 1,
                ')' if depth == 0 => {
                    args.push(formula[from..at].trim());
                    break;
                }
                ')' => depth -= 1,
                ',' if depth == 0 => {
                    args.push(formula[from..at].trim());
                    from = at + 1;
                }
                _ => {}
            }
        }
        out.push(args);
    }
    out
}

/// A reference to one column's rows: the sheet (the formula's own when not named) and the first
/// and last row, as written.
#[derive(Debug, PartialEq)]
struct Spann {
    sheet: String,
    rows: (u32, u32),
}

fn spann(reference: &str, own: &str) -> Option<Spann> {
    let (sheet, cells) = match reference.rsplit_once('!') {
        Some((sheet, cells)) => (sheet.trim_matches('\'').to_string(), cells),
        None => (own.to_string(), reference),
    };
    let (a, b) = cells.split_once(':')?;
    let row = |cell: &str| -> Option<u32> {
        cell.trim_start_matches('$')
            .trim_start_matches(|c: char| c.is_ascii_uppercase())
            .trim_start_matches('$')
            .parse()
            .ok()
    };
    Some(Spann {
        sheet,
        rows: (row(a)?, row(b)?),
    })
}

/// A single cell on the formula's own sheet, `$N$3`, as 0-based (row, col).
fn cell(reference: &str) -> Option<(u32, u32)> {
    let rest = reference.strip_prefix('$')?;
    let letters: String = rest
        .chars()
        .take_while(|c| c.is_ascii_uppercase())
        .collect();
    let digits = rest[letters.len()..].strip_prefix('$')?;
    let row: u32 = digits.parse().ok()?;
    let col = letters
        .chars()
        .fold(0_u32, |n, c| n * 26 + (c as u32 - 'A' as u32 + 1));
    Some((row - 1, col - 1))
}

/// Checks every INDEX of one sheet; returns how many lookups it checked.
fn every_lookup_is_keyed(sheet: &str, formulas: &Range<String>) -> usize {
    let mut checked = 0;
    // `used_cells` counts from the range's first cell; `get_value` takes sheet positions.
    let (top, left) = formulas.start().unwrap_or((0, 0));
    for (row, col, formula) in formulas.used_cells() {
        let (row, col) = (row as u32 + top, col as u32 + left);
        for args in calls(formula, "INDEX") {
            let at = format!("{sheet}!({row}, {col}): {formula}");
            assert_eq!(args.len(), 2, "{at}");
            let looked_up =
                spann(args[0], sheet).unwrap_or_else(|| panic!("{at}: not a range {}", args[0]));
            // The row: a MATCH here or in a helper cell of the same sheet.
            let matcher = match cell(args[1]) {
                Some(helper) => formulas
                    .get_value(helper)
                    .cloned()
                    .unwrap_or_else(|| panic!("{at}: {} holds no formula", args[1])),
                None => args[1].to_string(),
            };
            let matches = calls(&matcher, "MATCH");
            let [matched] = &matches[..] else {
                panic!("{at}: the row {} is not one MATCH but {matcher}", args[1])
            };
            assert!(
                matcher.starts_with("MATCH(") && matcher.ends_with(')'),
                "{at}: the row is computed from a MATCH ({matcher}), an offset from a position"
            );
            assert_eq!(matched.len(), 3, "{at}: {matcher}");
            assert_eq!(matched[2], "0", "{at}: an exact match");
            let key = matched[0];
            assert!(
                !key.is_empty() && key.parse::<f64>().is_err(),
                "{at}: the key {key:?} names no place"
            );
            let keys = spann(matched[1], sheet)
                .unwrap_or_else(|| panic!("{at}: not a range {}", matched[1]));
            assert_eq!(
                keys, looked_up,
                "{at}: the key is matched on other rows than those looked up ({matcher})"
            );
            checked += 1;
        }
    }
    checked
}

#[test]
fn jamfor_and_analysstod_look_everything_up_by_key() {
    let mut xlsx = workbook();
    for sheet in [excel::JAMFOR, excel::ANALYSSTOD, excel::DIAGRAMDATA] {
        let formulas = xlsx.worksheet_formula(sheet).expect("formulas");
        let checked = every_lookup_is_keyed(sheet, &formulas);
        assert!(checked > 20, "{sheet}: only {checked} lookups");
    }
}

#[test]
fn jamfor_reads_the_colour_twins_and_the_liknande_sheet_by_code() {
    let mut xlsx = workbook();
    let formulas = xlsx.worksheet_formula(excel::JAMFOR).expect("formulas");
    let all: Vec<&String> = formulas.used_cells().map(|(_, _, f)| f).collect();
    for sheet in [
        excel::KOMMUNER,
        excel::LAN_OCH_RIKET,
        excel::LIKNANDE,
        excel::FARG_KOMMUNER,
        excel::FARG_LAN_OCH_RIKET,
        excel::FARG_LIKNANDE,
    ] {
        assert!(
            all.iter()
                .any(|f| f.starts_with("MATCH(") && f.contains(&format!("'{sheet}'!$A$4:"))),
            "no lookup by code in {sheet}"
        );
    }
    // The twins hold the codes beside the colour words, so they can be matched.
    let twin = xlsx
        .worksheet_range(excel::FARG_KOMMUNER)
        .expect("colour twin");
    let kommuner = xlsx.worksheet_range(excel::KOMMUNER).expect("Kommuner");
    for row in 3..293 {
        assert_eq!(twin.get_value((row, 0)), kommuner.get_value((row, 0)));
    }
}

#[test]
fn the_parser_sees_what_it_must() {
    assert_eq!(
        calls("IFERROR(INDEX('A, b'!$C$4:$C$9,$N$3),\"(,\")", "INDEX"),
        vec![vec!["'A, b'!$C$4:$C$9", "$N$3"]]
    );
    assert_eq!(cell("$N$3"), Some((2, 13)));
    assert_eq!(
        spann("'Färg kommuner'!$AB$4:$AB$293", "x"),
        Some(Spann {
            sheet: "Färg kommuner".to_string(),
            rows: (4, 293)
        })
    );
}
