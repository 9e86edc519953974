//! The area workbook read back with an independent reader (calamine): sheet names, values as
//! published, symbols for every status, decimals, colours as the rules say, the Jämför formulas,
//! and byte-identical output.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr
)]

mod common;

use std::io::Cursor;

use calamine::{Data, Range, Reader, SheetVisible, Xlsx};
use jamfor_assess::{Colour, Published, analyse, colours};
use jamfor_engine::{GeoLevel, Kon, ResultTable, Status};
use jamfor_geo::Geography;
use jamfor_publish::excel::{self, ExcelError};
use jamfor_spec::manifest::Manifest;

use common::{AREA, YEAR, andel, dagar, index_of, rutin};

struct Fixture {
    manifest: Manifest,
    results: ResultTable,
}

impl Fixture {
    fn new() -> Self {
        Fixture {
            manifest: common::manifest(),
            results: common::results(),
        }
    }

    /// With the comparison groups `jamfor-assess` adds.
    fn with_liknande() -> Self {
        let mut fixture = Fixture::new();
        fixture.results.rows.extend(common::liknande());
        fixture
    }

    fn published(&self) -> Published<'_> {
        Published {
            manifest: &self.manifest,
            release: &self.manifest.releases[0],
            geo: Geography::builtin(),
            results: &self.results,
            analysis: None,
        }
    }

    fn bytes(&self) -> Vec<u8> {
        excel::workbook(&self.published(), AREA).expect("workbook")
    }
}

fn open(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
    calamine::open_workbook_from_rs(Cursor::new(bytes)).expect("calamine reads the workbook")
}

fn text(range: &Range<Data>, row: u32, col: u32) -> String {
    match range.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        other => panic!("({row}, {col}): expected text, got {other:?}"),
    }
}

fn number(range: &Range<Data>, row: u32, col: u32) -> f64 {
    match range.get_value((row, col)) {
        Some(Data::Float(v)) => *v,
        Some(Data::Int(v)) => *v as f64,
        other => panic!("({row}, {col}): expected a number, got {other:?}"),
    }
}

/// The row of a code in the first column.
fn row_of(range: &Range<Data>, code: &str) -> u32 {
    (0..range.height() as u32)
        .find(|r| matches!(range.get_value((*r, 0)), Some(Data::String(s)) if s == code))
        .unwrap_or_else(|| panic!("no row for {code}"))
}

/// The column whose heading in `row` is `heading`, searching from `from`.
fn col_of(range: &Range<Data>, row: u32, heading: &str) -> u32 {
    (0..range.width() as u32)
        .find(|c| matches!(range.get_value((row, *c)), Some(Data::String(s)) if s == heading))
        .unwrap_or_else(|| panic!("no column {heading} in row {row}"))
}

/// The fill colour of a cell as 0xRRGGBB, if it has a solid fill.
fn fill(xlsx: &mut Xlsx<Cursor<Vec<u8>>>, sheet: &str, row: u32, col: u32) -> Option<u32> {
    let styles = xlsx.worksheet_style(sheet).expect("styles");
    let style = styles.get((row, col))?;
    let fill = style.fill.as_ref()?;
    let c = fill.foreground_color.or(fill.background_color)?;
    Some(u32::from(c.red) << 16 | u32::from(c.green) << 8 | u32::from(c.blue))
}

fn number_format(xlsx: &mut Xlsx<Cursor<Vec<u8>>>, sheet: &str, row: u32, col: u32) -> String {
    let styles = xlsx.worksheet_style(sheet).expect("styles");
    styles
        .get((row, col))
        .and_then(|s| s.number_format.as_ref())
        .map(|f| f.format_code.clone())
        .unwrap_or_default()
}

const GREEN: u32 = 0xC6EFCE;
const YELLOW: u32 = 0xFFEB9C;
const RED: u32 = 0xFFC7CE;
/// The symbols' fills: sekretess, bortfall, ej tillämplig.
const SEKRETESS: u32 = 0xBFBFBF;
const BORTFALL: u32 = 0xE4DFEC;
const EJ_TILLAMPLIG: u32 = 0xF2F2F2;

#[test]
fn sheets_in_order_with_colour_twins_hidden() {
    let xlsx = open(Fixture::new().bytes());
    let names: Vec<&str> = xlsx
        .sheets_metadata()
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "Läsanvisning",
            "Jämför",
            "Kommuner",
            "Län och riket",
            "Tidsserier",
            "Bortfall",
            "Indikatorer",
            "Färg kommuner",
            "Färg län och riket",
            "Diagramdata"
        ]
    );
    for sheet in xlsx.sheets_metadata() {
        let hidden = sheet.name.starts_with("Färg") || sheet.name == "Diagramdata";
        assert_eq!(
            sheet.visible == SheetVisible::Hidden,
            hidden,
            "{}",
            sheet.name
        );
    }
}

#[test]
fn kommuner_sheet_has_published_values_with_symbols_and_decimals() {
    let mut xlsx = open(Fixture::new().bytes());
    let sheet = xlsx.worksheet_range("Kommuner").expect("Kommuner");
    assert_eq!(text(&sheet, 1, 0), "Kommunkod");
    let title = col_of(&sheet, 1, "Invånare 80 år och äldre, andel (%)");
    assert_eq!(text(&sheet, 2, title), "Totalt");
    assert_eq!(text(&sheet, 2, title + 1), "Kvinnor");
    assert_eq!(text(&sheet, 2, title + 2), "Män");

    let stockholm = row_of(&sheet, "0180");
    assert_eq!(text(&sheet, stockholm, 1), "Stockholm");
    assert_eq!(text(&sheet, stockholm, 2), "Stockholms län");
    assert_eq!(text(&sheet, stockholm, 3), "A1 Storstäder");
    let i = index_of("0180");
    // Rounded to the indicator's one decimal, as published.
    let expected = (andel(i, Kon::T) * 10.0).round() / 10.0;
    assert_eq!(number(&sheet, stockholm, title), expected);
    assert_eq!(text(&sheet, stockholm, title + 1), "..", "confidential");
    assert_eq!(
        number(&sheet, stockholm, title + 2),
        (andel(i, Kon::M) * 10.0).round() / 10.0
    );
    assert_eq!(
        number_format(&mut xlsx, "Kommuner", stockholm, title),
        "#,##0.0"
    );
    assert_eq!(
        fill(&mut xlsx, "Kommuner", stockholm, title + 1),
        Some(SEKRETESS)
    );

    let dagar_col = col_of(&sheet, 1, "Handläggningstid, dagar");
    let vasby = row_of(&sheet, "0114");
    let vallentuna = row_of(&sheet, "0115");
    assert_eq!(text(&sheet, vasby, dagar_col), "-", "bortfall");
    assert_eq!(text(&sheet, vallentuna, dagar_col), ".", "not applicable");
    assert_eq!(
        number_format(&mut xlsx, "Kommuner", stockholm, dagar_col),
        "#,##0"
    );

    // Yes/no shown as Ja/Nej but stored as 100/0.
    let rutin_col = col_of(&sheet, 1, "Rutin finns, ja/nej");
    assert_eq!(number(&sheet, stockholm, rutin_col), rutin(i));
    assert_eq!(
        number_format(&mut xlsx, "Kommuner", stockholm, rutin_col),
        "[=100]\"Ja\";[=0]\"Nej\";0"
    );

    // One row per kommun of the year.
    let kommuner = Geography::builtin().kommuner_valid_in(YEAR as u16).count();
    assert_eq!(kommuner, 290);
    assert_eq!(row_of(&sheet, "2584") - row_of(&sheet, "0114") + 1, 290);
}

#[test]
fn fills_follow_the_rules() {
    let mut xlsx = open(Fixture::new().bytes());
    let sheet = xlsx.worksheet_range("Kommuner").expect("Kommuner");
    let dagar_col = col_of(&sheet, 1, "Handläggningstid, dagar");
    for code in ["0117", "0120", "0123", "0125", "0126", "0127"] {
        let row = row_of(&sheet, code);
        let expected = match dagar(index_of(code)) as i32 {
            5 => GREEN,
            15 => YELLOW,
            25 => RED,
            other => panic!("unexpected {other}"),
        };
        assert_eq!(
            fill(&mut xlsx, "Kommuner", row, dagar_col),
            Some(expected),
            "{code}"
        );
    }

    // Relative, higher is better: andel rises in code order, so the first kommun is among the
    // worst quarter and the last among the best.
    let andel_col = col_of(&sheet, 1, "Invånare 80 år och äldre, andel (%)");
    let first = row_of(&sheet, "0114");
    let last = row_of(&sheet, "2584");
    assert_eq!(fill(&mut xlsx, "Kommuner", first, andel_col), Some(RED));
    assert_eq!(fill(&mut xlsx, "Kommuner", last, andel_col), Some(GREEN));
    let middle = row_of(&sheet, "1280");
    assert_eq!(fill(&mut xlsx, "Kommuner", middle, andel_col), Some(YELLOW));

    // Uncoloured count.
    let antal_col = col_of(&sheet, 1, "Invånare, antal");
    assert_eq!(fill(&mut xlsx, "Kommuner", first, antal_col), None);

    // Every value cell's fill is the colour function's answer.
    let fixture = Fixture::new();
    let p = fixture.published();
    let colours = colours(&p);
    for (row, colour) in p.results.rows.iter().zip(&colours) {
        if row.year != YEAR || row.key.level != GeoLevel::Kommun || row.key.kon != Kon::T {
            continue;
        }
        let col = match row.indicator.as_str() {
            "andel_80" => andel_col,
            "dagar" => dagar_col,
            _ => continue,
        };
        let r = row_of(&sheet, &row.key.geo);
        let expected = match (row.status, colour) {
            (Status::Value, Some(Colour::Green)) => Some(GREEN),
            (Status::Value, Some(Colour::Yellow)) => Some(YELLOW),
            (Status::Value, Some(Colour::Red)) => Some(RED),
            (Status::Value, None) => None,
            (Status::Confidential, _) => Some(SEKRETESS),
            (Status::Bortfall, _) => Some(BORTFALL),
            (Status::NotApplicable, _) => Some(EJ_TILLAMPLIG),
        };
        assert_eq!(fill(&mut xlsx, "Kommuner", r, col), expected, "{row}");
    }
}

#[test]
fn lan_och_riket_lists_riket_lan_and_kommungrupper() {
    let mut xlsx = open(Fixture::new().bytes());
    let sheet = xlsx
        .worksheet_range("Län och riket")
        .expect("Län och riket");
    assert_eq!(text(&sheet, 3, 0), "00");
    assert_eq!(text(&sheet, 3, 1), "Riket");
    assert_eq!(text(&sheet, 4, 1), "Stockholms län");
    let a1 = row_of(&sheet, "A1");
    assert_eq!(text(&sheet, a1, 1), "Storstäder");
    // A group's value is the mean of its kommuner's: for a count, not the group's total.
    assert_eq!(text(&sheet, a1, 2), "Kommungrupp (medel per kommun)");
    assert_eq!(sheet.height() as u32, 3 + 1 + 21 + 9);
    // A yes/no above the kommun is a share: 100 green, 50 yellow, 0 red.
    let rutin_col = col_of(&sheet, 1, "Rutin finns, ja/nej");
    for row in 3..6 {
        let expected = match number(&sheet, row, rutin_col) as i32 {
            100 => GREEN,
            50 => YELLOW,
            0 => RED,
            other => panic!("unexpected {other}"),
        };
        assert_eq!(
            fill(&mut xlsx, "Län och riket", row, rutin_col),
            Some(expected)
        );
    }
}

#[test]
fn tidsserier_has_every_year() {
    let mut xlsx = open(Fixture::with_liknande().bytes());
    let sheet = xlsx.worksheet_range("Tidsserier").expect("Tidsserier");
    // Totalt, kvinnor and män, each over the years: one kommun's series reads across its row.
    assert_eq!(text(&sheet, 1, 4), "Totalt");
    assert_eq!(text(&sheet, 1, 6), "Kvinnor");
    assert_eq!(text(&sheet, 1, 8), "Män");
    let years: Vec<f64> = (4..10).map(|c| number(&sheet, 2, c)).collect();
    assert_eq!(years, [2022.0, 2023.0, 2022.0, 2023.0, 2022.0, 2023.0]);
    let find = |code: &str, niva: &str, title: &str| {
        (3..sheet.height() as u32)
            .find(|r| {
                text(&sheet, *r, 0) == code
                    && text(&sheet, *r, 2) == niva
                    && text(&sheet, *r, 3) == title
            })
            .unwrap_or_else(|| panic!("no row {code} {niva} {title}"))
    };
    let i = index_of("0180");
    let antal = find("0180", "Kommun", "Invånare, antal");
    assert_eq!(number(&sheet, antal, 5), 1000.0 * (i + 1) as f64);
    assert_eq!(number(&sheet, antal, 4), 1000.0 * (i + 1) as f64 - 1.0);
    assert_eq!(
        sheet.get_value((antal, 6)).unwrap_or(&Data::Empty),
        &Data::Empty,
        "antal is not broken down by kön: no kvinnor, as the sheet says"
    );
    assert!(text(&sheet, 0, 4).starts_with("Kvinnor och män är tomma"));
    let andel_80 = find("0180", "Kommun", "Invånare 80 år och äldre, andel (%)");
    let rounded = |v: f64| (v * 10.0).round() / 10.0;
    assert_eq!(
        text(&sheet, andel_80, 7),
        "..",
        "Stockholm's kvinnor are confidential"
    );
    assert_eq!(number(&sheet, andel_80, 9), rounded(andel(i, Kon::M)));
    assert_eq!(number(&sheet, andel_80, 8), rounded(andel(i, Kon::M) - 1.0));
    // Each kommun's liknande kommuner, as a series of their own.
    let liknande = find(
        "0180",
        "Liknande kommuner (medel per kommun)",
        "Invånare 80 år och äldre, andel (%)",
    );
    assert_eq!(number(&sheet, liknande, 7), rounded(andel(i, Kon::K) + 0.5));
    // The hidden key the charts find a row by.
    assert_eq!(text(&sheet, andel_80, 10), "andel_80|kommun|0180");
    assert_eq!(text(&sheet, liknande, 10), "andel_80|liknande|0180");
}

#[test]
fn indikatorer_describes_every_indicator() {
    let mut xlsx = open(Fixture::new().bytes());
    let sheet = xlsx.worksheet_range("Indikatorer").expect("Indikatorer");
    let ids: Vec<String> = (2..sheet.height() as u32)
        .map(|r| text(&sheet, r, 0))
        .collect();
    // The catalogue's order: by id within the area.
    assert_eq!(ids, ["andel_80", "antal", "dagar", "rutin"]);
    // No indicator says from which year it is comparable: no column left empty throughout.
    assert!(
        !sheet
            .used_cells()
            .any(|(_, _, d)| matches!(d, Data::String(s) if s == "Jämförbar från"))
    );
    let dagar = row_of(&sheet, "dagar");
    let direction = col_of(&sheet, 1, "Önskad riktning");
    assert_eq!(text(&sheet, dagar, direction), "Lågt värde är bra");
    let rule = col_of(&sheet, 1, "Färgregel");
    assert_eq!(
        text(&sheet, dagar, rule),
        "Fasta gränser: högst 10 grönt, över 20 rött, däremellan gult"
    );
    let numerator = col_of(&sheet, 1, "Täljare");
    assert_eq!(
        text(&sheet, row_of(&sheet, "andel_80"), numerator),
        "Invånare 80 år och äldre."
    );
}

#[test]
fn lasanvisning_has_legend_symbols_and_date() {
    let mut xlsx = open(Fixture::new().bytes());
    let sheet = xlsx.worksheet_range("Läsanvisning").expect("Läsanvisning");
    let cells: Vec<String> = sheet
        .used_cells()
        .filter_map(|(_, _, d)| match d {
            Data::String(s) => Some(s.clone()),
            _ => None,
        })
        .collect();
    for expected in ["2023-11-28", "..", "-", ".", "Grön", "Gul", "Röd"] {
        assert!(cells.iter().any(|c| c == expected), "{expected} missing");
    }
    assert!(cells.iter().any(|c| c.starts_with("Sekretess")));
    assert!(
        cells
            .iter()
            .any(|c| c.starts_with("Testenkät till kommunerna (Testmyndigheten)"))
    );
    // A group's mean of a count is not its total, and a thin group shows no mean.
    assert!(cells.iter().any(|c| c.contains("inte gruppens summa")));
    assert!(cells.iter().any(|c| c.contains("färre än 3 kommuner")));
    // Every legend row has its label in column B, each symbol its own fill.
    let mut fills = Vec::new();
    for row in 0..sheet.height() as u32 {
        let explanation = sheet.get_value((row, 2));
        if let Some(Data::String(_)) = explanation {
            assert!(
                matches!(sheet.get_value((row, 1)), Some(Data::String(s)) if !s.is_empty()),
                "row {row}: an explanation without a label"
            );
        }
        if let Some(Data::String(s)) = sheet.get_value((row, 1))
            && ["..", "-", ".", "för få"].contains(&s.as_str())
        {
            fills.push(fill(&mut xlsx, "Läsanvisning", row, 1));
        }
    }
    assert_eq!(
        fills,
        [
            Some(SEKRETESS),
            Some(BORTFALL),
            Some(EJ_TILLAMPLIG),
            Some(0xD9D9D9)
        ]
    );
}

/// The kommun drop-down lists the names in Swedish alphabetical order: Å, Ä and Ö last.
#[test]
fn the_kommun_drop_down_is_alphabetical() {
    let mut xlsx = open(Fixture::new().bytes());
    let data = xlsx.worksheet_range("Diagramdata").expect("Diagramdata");
    assert_eq!(text(&data, 3, 23), "Kommun");
    let names: Vec<String> = (4..294).map(|r| text(&data, r, 23)).collect();
    assert_eq!(names.first().map(String::as_str), Some("Ale"));
    assert_eq!(names.last().map(String::as_str), Some("Övertorneå"));
    let at = |name: &str| names.iter().position(|n| n == name).expect(name);
    assert!(at("Vingåker") < at("Åre") && at("Åre") < at("Älmhult"));
    assert!(at("Älvsbyn") < at("Öckerö"));
    assert!(at("Habo") < at("Hallsberg") && at("Håbo") > at("Hylte"));
    assert_eq!(names.len(), 290);
}

#[test]
fn identical_inputs_give_identical_bytes() {
    let a = Fixture::new().bytes();
    let b = Fixture::new().bytes();
    assert!(a == b, "two writes differ");
}

#[test]
fn unknown_area_is_an_error_naming_the_known_ones() {
    let fixture = Fixture::new();
    let err = excel::workbook(&fixture.published(), "aldreomsorg").expect_err("unknown area");
    assert!(matches!(err, ExcelError::UnknownArea { .. }));
    assert_eq!(
        err.to_string(),
        "release `test-2023` does not publish area `aldreomsorg`; it publishes: test"
    );
}

/// The Jämför sheet's table: heading row and first value row.
const JAMFOR_HEAD: u32 = 27;
const JAMFOR_FIRST: u32 = 28;
/// The Jämför sheet's hidden helper columns: codes, rows on the value sheets, rows on the
/// colour twins.
const KOD: u32 = 60;

#[test]
fn jamfor_looks_up_the_chosen_kommun_with_formulas() {
    let mut xlsx = open(Fixture::new().bytes());
    assert!(
        xlsx.defined_names()
            .iter()
            .any(|(name, formula)| name == "Kommunnamn" && formula == "'Diagramdata'!$X$5:$X$294"),
        "{:?}",
        xlsx.defined_names()
    );
    let formulas = xlsx.worksheet_formula("Jämför").expect("formulas");
    let values = xlsx.worksheet_range("Jämför").expect("Jämför");
    let formula = |row: u32, col: u32| -> String {
        formulas
            .get_value((row, col))
            .cloned()
            .unwrap_or_else(|| panic!("no formula at ({row}, {col})"))
    };
    // The choice, pre-set to the first kommun, and the place names following it.
    assert_eq!(text(&values, 2, 1), "Upplands Väsby");
    assert_eq!(text(&values, 3, 1), "Stockholms län");
    assert_eq!(text(&values, 4, 1), "A2 Pendlingskommun nära storstad");
    assert_eq!(
        formula(3, 1),
        "IFERROR(INDEX('Kommuner'!$C$4:$C$293,$BJ$3),\"\")"
    );
    assert_eq!(
        formula(4, 1),
        "IFERROR(INDEX('Kommuner'!$D$4:$D$293,$BJ$3),\"\")"
    );
    assert!(
        text(&values, 6, 0).starts_with("Symboler: .. sekretess, - bortfall, . ej tillämplig.")
    );
    let h = JAMFOR_HEAD;
    assert_eq!(text(&values, h, 0), "Indikator");
    assert_eq!(text(&values, h, 1), "Kön");
    assert_eq!(text(&values, h, 2), "Upplands Väsby");
    assert_eq!(text(&values, h, 3), "Stockholms län");
    assert_eq!(text(&values, h, 4), "Riket");
    assert_eq!(
        text(&values, h, 5),
        "Kommungrupp Pendlingskommun nära storstad (medel per kommun)"
    );
    assert_eq!(text(&values, h, 6), "Kommunens färg");
    assert_eq!(formula(h, 2), "$B$3");

    // Helper cells, one row per comparison column: the code of its place (BI), found from the
    // chosen name; the place's row on its value sheet (BJ) and on the sheet's colour twin (BK),
    // each found by that code, so that sorting a sheet changes nothing here.
    let kommuner_a = "'Kommuner'!$A$4:$A$293";
    let lan_a = "'Län och riket'!$A$4:$A$34";
    assert_eq!(
        formula(2, KOD),
        format!("INDEX({kommuner_a},MATCH($B$3,'Kommuner'!$B$4:$B$293,0))")
    );
    assert_eq!(formula(3, KOD), "LEFT($BI$3,2)");
    assert_eq!(formula(4, KOD), "\"00\"");
    assert_eq!(
        formula(5, KOD),
        "LEFT(INDEX('Kommuner'!$D$4:$D$293,$BJ$3),2)"
    );
    assert_eq!(formula(2, KOD + 1), format!("MATCH($BI$3,{kommuner_a},0)"));
    assert_eq!(
        formula(2, KOD + 2),
        "MATCH($BI$3,'Färg kommuner'!$A$4:$A$293,0)"
    );
    for row in 3..6 {
        assert_eq!(
            formula(row, KOD + 1),
            format!("MATCH($BI${},{lan_a},0)", row + 1)
        );
        assert_eq!(
            formula(row, KOD + 2),
            format!("MATCH($BI${},'Färg län och riket'!$A$4:$A$34,0)", row + 1)
        );
    }
    assert_eq!(number(&values, 2, KOD + 1), 1.0);
    assert_eq!(
        number(&values, 3, KOD + 1),
        2.0,
        "Stockholms län follows riket"
    );
    assert_eq!(number(&values, 4, KOD + 1), 1.0, "riket is first");
    let b3 = number(&values, 5, KOD + 1) as u32;
    let lan = xlsx
        .worksheet_range("Län och riket")
        .expect("Län och riket");
    assert_eq!(text(&lan, 3 + b3 - 1, 0), "A2");

    // Table rows: andel_80 totalt, kvinnor, män, then dagar, rutin, antal, each value an INDEX
    // into the column of the same indicator and kön on its sheet.
    let f = JAMFOR_FIRST;
    assert_eq!(text(&values, f, 0), "Invånare 80 år och äldre, andel (%)");
    let kons: Vec<String> = (f..f + 6).map(|r| text(&values, r, 1)).collect();
    assert_eq!(
        kons,
        ["Totalt", "Kvinnor", "Män", "Totalt", "Totalt", "Totalt"]
    );
    // The catalogue's order: andel_80, antal, dagar, rutin.
    assert_eq!(text(&values, f + 3, 0), "Invånare, antal");
    assert_eq!(text(&values, f + 4, 0), "Handläggningstid, dagar");
    assert_eq!(text(&values, f + 5, 0), "Rutin finns, ja/nej");
    let kommuner = xlsx.worksheet_range("Kommuner").expect("Kommuner");
    let andel_col = col_of(&kommuner, 1, "Invånare 80 år och äldre, andel (%)");
    let lan_andel = col_of(&lan, 1, "Invånare 80 år och äldre, andel (%)");
    let letter = |c: u32| rust_xlsxwriter::column_number_to_name(c as u16);
    for (k, row) in (f..f + 3).enumerate() {
        let c = andel_col + k as u32;
        assert_eq!(
            formula(row, 2),
            format!(
                "IFERROR(INDEX('Kommuner'!${0}$4:${0}$293,$BJ$3),\"\")",
                letter(c)
            )
        );
        assert_eq!(
            formula(row, 6),
            format!(
                "IFERROR(INDEX('Färg kommuner'!${0}$4:${0}$293,$BK$3)&\"\",\"\")",
                letter(c)
            )
        );
        let c = lan_andel + k as u32;
        for (col, helper) in [(3, "$BJ$4"), (4, "$BJ$5"), (5, "$BJ$6")] {
            assert_eq!(
                formula(row, col),
                format!(
                    "IFERROR(INDEX('Län och riket'!${0}$4:${0}$34,{helper}),\"\")",
                    letter(c)
                )
            );
        }
    }

    // Cached results for the pre-set kommun: values as published, symbols, colour words.
    let i = index_of("0114");
    assert_eq!(
        number(&values, f, 2),
        (andel(i, Kon::T) * 10.0).round() / 10.0
    );
    assert_eq!(text(&values, f, 6), "röd", "the lowest share is red");
    assert_eq!(
        text(&values, f + 4, 2),
        "-",
        "Upplands Väsby is bortfall for dagar"
    );
    assert_eq!(text(&values, f + 4, 6), "");
    let riket = common::results()
        .rows
        .into_iter()
        .find(|r| r.indicator == "antal" && r.year == YEAR && r.key.level == GeoLevel::Riket)
        .and_then(|r| r.value)
        .expect("riket's antal");
    assert_eq!(number(&values, f + 3, 4), riket);
    assert!(
        xlsx.worksheet_range("Liknande kommuner").is_err(),
        "no comparison groups in the results, no sheet"
    );
}

#[test]
fn jamfor_colours_by_conditional_formats_on_the_colour_words() {
    let bytes = Fixture::new().bytes();
    let Some(sheet) = xml_of(&bytes, "xl/worksheets/sheet2.xml") else {
        eprintln!(
            "skipped: no `unzip` to read the sheet's XML (calamine does not read conditional formats)"
        );
        return;
    };
    // Three colour rules per value column, each reading the row's colour word, and a fill per
    // symbol:
    // the kommun's in G, the län's, riket's and kommungrupp's in the hidden BL, BM and BN.
    for rule in [
        "$G29=\"grön\"",
        "$G29=\"gul\"",
        "$G29=\"röd\"",
        "C29=\"..\"",
        "C29=\"-\"",
        "C29=\".\"",
        "C29=\"för få\"",
        "$BL29=\"grön\"",
        "$BM29=\"gul\"",
        "$BN29=\"röd\"",
        "F29=\"för få\"",
    ] {
        let escaped = rule
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;");
        assert!(sheet.contains(&escaped), "no rule {rule}");
    }
    // The drop-down lists the kommun names.
    assert!(
        sheet.contains("<formula1>Kommunnamn</formula1>"),
        "no list validation"
    );
}

/// One part of the xlsx package as text, through `unzip` when it is installed.
fn xml_of(bytes: &[u8], part: &str) -> Option<String> {
    let dir = std::env::temp_dir().join(format!("jamfor-excel-xml-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let file = dir.join("bok.xlsx");
    std::fs::write(&file, bytes).expect("write");
    let out = std::process::Command::new("unzip")
        .arg("-p")
        .arg(&file)
        .arg(part)
        .output();
    std::fs::remove_dir_all(&dir).ok();
    let out = out.ok().filter(|o| o.status.success())?;
    Some(String::from_utf8(out.stdout).expect("utf-8"))
}

#[test]
fn liknande_kommuner_get_their_sheet_and_a_jamfor_column() {
    let fixture = Fixture::with_liknande();
    let mut xlsx = open(fixture.bytes());
    let names: Vec<String> = xlsx
        .sheets_metadata()
        .iter()
        .map(|s| s.name.clone())
        .collect();
    assert_eq!(names[4], "Liknande kommuner");
    assert_eq!(
        names[names.len() - 2..],
        ["Färg liknande kommuner", "Diagramdata"]
    );

    let sheet = xlsx.worksheet_range("Liknande kommuner").expect("sheet");
    let stockholm = row_of(&sheet, "0180");
    assert_eq!(text(&sheet, stockholm, 1), "Stockholm");
    let andel_col = col_of(&sheet, 1, "Invånare 80 år och äldre, andel (%)");
    let i = index_of("0180");
    assert_eq!(
        number(&sheet, stockholm, andel_col + 1),
        ((andel(i, Kon::K) + 0.5) * 10.0).round() / 10.0
    );
    let dagar_col = col_of(&sheet, 1, "Handläggningstid, dagar");
    assert_eq!(text(&sheet, stockholm, dagar_col), ".");
    let antal_col = col_of(&sheet, 1, "Invånare, antal");
    assert_eq!(
        text(&sheet, stockholm, antal_col),
        ".",
        "no group mean for antal"
    );
    // A yes/no group mean is a share, not Ja/Nej, and is coloured yellow.
    let rutin_col = col_of(&sheet, 1, "Rutin finns, ja/nej");
    assert_eq!(number(&sheet, stockholm, rutin_col), 50.0);
    assert_eq!(
        number_format(&mut xlsx, "Liknande kommuner", stockholm, rutin_col),
        "#,##0"
    );
    assert_eq!(
        fill(&mut xlsx, "Liknande kommuner", stockholm, rutin_col),
        Some(YELLOW)
    );

    let values = xlsx.worksheet_range("Jämför").expect("Jämför");
    let formulas = xlsx.worksheet_formula("Jämför").expect("formulas");
    assert_eq!(text(&values, 5, 0), "Liknande kommuner");
    assert_eq!(
        text(&values, JAMFOR_HEAD, 6),
        "Liknande kommuner (medel per kommun)"
    );
    assert_eq!(text(&values, JAMFOR_HEAD, 7), "Kommunens färg");
    let letter = rust_xlsxwriter::column_number_to_name(andel_col as u16);
    assert_eq!(
        formulas.get_value((JAMFOR_FIRST, 6)).map(String::as_str),
        Some(
            format!("IFERROR(INDEX('Liknande kommuner'!${letter}$4:${letter}$293,$BJ$7),\"\")")
                .as_str()
        )
    );
    let vasby = index_of("0114");
    assert_eq!(
        number(&values, JAMFOR_FIRST, 6),
        ((andel(vasby, Kon::T) + 0.5) * 10.0).round() / 10.0
    );
    assert_eq!(
        text(&values, JAMFOR_FIRST + 3, 6),
        ".",
        "antal has no group mean"
    );
    assert_eq!(
        number(&values, JAMFOR_FIRST + 4, 6),
        12.0,
        "dagar's group mean"
    );
    assert_eq!(
        number(&values, JAMFOR_FIRST + 5, 6),
        50.0,
        "rutin's group share"
    );

    // The Läsanvisning explains the groups.
    let guide = xlsx.worksheet_range("Läsanvisning").expect("Läsanvisning");
    assert!(
        guide
            .used_cells()
            .any(|(_, _, d)| matches!(d, Data::String(s) if s == "Liknande kommuner"))
    );
    // Without the analysis there is no Analysstöd sheet, and the guide does not point to one.
    assert!(
        !guide
            .used_cells()
            .any(|(_, _, d)| matches!(d, Data::String(s) if s == "Analysstöd"))
    );
    assert!(!xlsx.sheet_names().contains(&"Analysstöd".to_string()));
}

#[test]
fn stadsdelar_get_their_own_sheet() {
    let mut fixture = Fixture::new();
    fixture.results.rows.extend(common::stadsdelar());
    let mut xlsx = open(fixture.bytes());
    let names: Vec<String> = xlsx
        .sheets_metadata()
        .iter()
        .map(|s| s.name.clone())
        .collect();
    assert_eq!(names[4], "Stadsdelar och enheter");
    let sheet = xlsx
        .worksheet_range("Stadsdelar och enheter")
        .expect("sheet");
    assert_eq!(text(&sheet, 1, 0), "Nivå");
    assert_eq!(text(&sheet, 1, 1), "Kod");
    // The name its source declares for the code.
    assert_eq!(text(&sheet, 1, 2), "Namn");
    // The kommun by name, from the stadsdel code's first four digits.
    assert_eq!(text(&sheet, 1, 3), "Kommun");
    // Only the indicator published per stadsdel.
    assert_eq!(text(&sheet, 1, 4), "Handläggningstid, dagar");
    assert_eq!(sheet.width(), 5);
    assert_eq!(text(&sheet, 3, 0), "Stadsdel");
    assert_eq!(text(&sheet, 3, 1), "018001");
    assert_eq!(text(&sheet, 3, 2), "Rinkeby-Kista");
    assert_eq!(text(&sheet, 3, 3), "Stockholm");
    assert_eq!(number(&sheet, 3, 4), 8.0);
    assert_eq!(fill(&mut xlsx, "Stadsdelar och enheter", 3, 4), Some(GREEN));
    assert_eq!(text(&sheet, 4, 1), "018002");
    assert_eq!(text(&sheet, 4, 2), "Spånga-Tensta");
    assert_eq!(text(&sheet, 4, 3), "Stockholm");
    assert_eq!(text(&sheet, 4, 4), "..");
    assert_eq!(sheet.height(), 5);
    // Without such rows there is no sheet.
    let xlsx = open(Fixture::new().bytes());
    assert!(
        !xlsx
            .sheet_names()
            .contains(&"Stadsdelar och enheter".to_string())
    );
}

#[test]
fn identical_inputs_give_identical_bytes_with_liknande_too() {
    assert!(Fixture::with_liknande().bytes() == Fixture::with_liknande().bytes());
}

#[test]
fn bortfall_counts_and_shows_who_answered() {
    let mut xlsx = open(Fixture::new().bytes());
    let sheet = xlsx.worksheet_range("Bortfall").expect("Bortfall");
    let rutin = (0..sheet.height() as u32)
        .find(|r| matches!(sheet.get_value((*r, 0)), Some(Data::String(s)) if s == "Rutin finns, ja/nej"))
        .expect("summary row for rutin");
    assert_eq!(number(&sheet, rutin, 1), 289.0, "with a value");
    assert_eq!(number(&sheet, rutin, 2), 1.0, "bortfall");
    assert_eq!(number(&sheet, rutin, 3), 0.0, "confidential");
    let vasby = row_of(&sheet, "0114");
    let stockholm = row_of(&sheet, "0180");
    let col = (0..sheet.width() as u32)
        .find(|c| {
            matches!(sheet.get_value((vasby - 2, *c)), Some(Data::String(s)) if s == "Rutin finns, ja/nej")
        })
        .expect("per-kommun column for rutin");
    assert_eq!(text(&sheet, vasby, col), "-");
    // A kommun that answered: never "Ja", which beside a yes/no question reads as its answer.
    assert_eq!(text(&sheet, stockholm, col), "uppgift finns");
    // Every year: kommuner with bortfall per indicator, and indicators with bortfall per kommun.
    let head = vasby - 2;
    assert_eq!(text(&sheet, head, 2), "Antal indikatorer med bortfall");
    assert_eq!(number(&sheet, head + 1, 2), 2022.0);
    assert_eq!(number(&sheet, head + 1, 3), 2023.0);
    assert_eq!(number(&sheet, vasby, 2), 2.0, "dagar and rutin in 2022");
    assert_eq!(number(&sheet, vasby, 3), 2.0, "dagar and rutin in 2023");
    assert_eq!(number(&sheet, stockholm, 3), 0.0);
    let per_year = col_of(&sheet, 3, "Kommuner med bortfall 2022");
    assert_eq!(number(&sheet, rutin, per_year), 1.0);
    assert_eq!(number(&sheet, rutin, per_year + 1), 1.0);
}

/// Colours of kommun totals of andel_80 in a table of only the given kommun values.
fn ranked(values: &[(&str, Option<f64>, Status)]) -> Vec<Option<Colour>> {
    let manifest = common::manifest();
    let rows = values
        .iter()
        .map(|(code, value, status)| jamfor_engine::ResultRow {
            indicator: "andel_80".to_string(),
            year: YEAR,
            key: jamfor_engine::CellKey {
                level: if code.len() == 2 {
                    GeoLevel::Lan
                } else {
                    GeoLevel::Kommun
                },
                geo: (*code).to_string(),
                kon: Kon::T,
                age_group: None,
            },
            value: *value,
            numerator: None,
            denominator: None,
            units: None,
            ci_low: None,
            ci_high: None,
            status: *status,
        })
        .collect();
    let results = ResultTable {
        rows,
        ..ResultTable::default()
    };
    colours(&Published {
        manifest: &manifest,
        release: &manifest.releases[0],
        geo: Geography::builtin(),
        results: &results,
        analysis: None,
    })
}

#[test]
fn confidential_and_missing_values_neither_rank_nor_get_a_colour() {
    use Colour::{Green as G, Red as R, Yellow as Y};
    let v = Status::Value;
    let colours = ranked(&[
        ("0114", Some(1.0), v),
        ("0115", Some(2.0), v),
        ("0117", Some(3.0), v),
        ("0120", Some(4.0), v),
        ("0123", Some(5.0), v),
        ("0125", Some(6.0), v),
        ("0126", Some(7.0), v),
        ("0127", Some(8.0), v),
        // A value left on a withheld row must not count: with it, 9 × 25 % would make three green.
        ("0128", Some(100.0), Status::Confidential),
        ("0136", None, Status::Bortfall),
        ("0138", None, Status::NotApplicable),
    ]);
    assert_eq!(
        colours,
        [
            Some(R),
            Some(R),
            Some(Y),
            Some(Y),
            Some(Y),
            Some(Y),
            Some(G),
            Some(G),
            None,
            None,
            None
        ]
    );
}

#[test]
fn lan_is_measured_against_the_kommun_cut_offs() {
    use Colour::{Green as G, Red as R, Yellow as Y};
    let v = Status::Value;
    let colours = ranked(&[
        ("0114", Some(1.0), v),
        ("0115", Some(2.0), v),
        ("0117", Some(3.0), v),
        ("0120", Some(4.0), v),
        // Equal to the worst green kommun (7), between, equal to the best red kommun (2), below.
        ("01", Some(7.0), v),
        ("03", Some(5.0), v),
        ("04", Some(2.0), v),
        ("05", Some(0.5), v),
        ("0123", Some(5.0), v),
        ("0125", Some(6.0), v),
        ("0126", Some(7.0), v),
        ("0127", Some(8.0), v),
    ]);
    assert_eq!(&colours[4..8], [Some(G), Some(Y), Some(R), Some(R)]);
}

#[test]
fn values_are_ranked_as_published() {
    // 7.04 and 6.96 both show as 7.0 with one decimal: the same colour, green, shared by the tie.
    use Colour::{Green as G, Red as R};
    let v = Status::Value;
    let colours = ranked(&[
        ("0114", Some(1.0), v),
        ("0115", Some(2.0), v),
        ("0117", Some(3.0), v),
        ("0120", Some(4.0), v),
        ("0123", Some(5.0), v),
        ("0125", Some(6.0), v),
        ("0126", Some(6.96), v),
        ("0127", Some(7.04), v),
        ("0128", Some(6.0), v),
    ]);
    // 9 × 25 % = 2.25: the best three ranks are green, and the tie at 7.0 holds two of them.
    assert_eq!(colours[6], Some(G));
    assert_eq!(colours[7], Some(G));
    assert_eq!(
        colours[5],
        Some(G),
        "6.0 is third best and shares its value with 0128"
    );
    assert_eq!(colours[8], Some(G));
    assert_eq!(colours[0], Some(R));
}

/// With the analysis's groups, Jämför names each of the chosen kommun's liknande kommuner and
/// shows its own values beside the group mean, and says why groups differ between areas.
#[test]
fn jamfor_shows_each_liknande_kommun_by_name_with_its_own_values() {
    let manifest = common::manifest_med_area("\n[comparable]\nk = 3\nnyckeltal = [\"antal\"]\n");
    let (results, analysis) = analyse(
        &manifest,
        &manifest.releases[0],
        Geography::builtin(),
        common::results(),
    )
    .expect("analysis runs");
    let bytes = excel::workbook(
        &Published {
            manifest: &manifest,
            release: &manifest.releases[0],
            geo: Geography::builtin(),
            results: &results,
            analysis: Some(&analysis),
        },
        AREA,
    )
    .expect("workbook");
    let mut xlsx = open(bytes);
    let values = xlsx.worksheet_range("Jämför").expect("Jämför");
    let formulas = xlsx.worksheet_formula("Jämför").expect("formulas");
    let kommuner = xlsx.worksheet_range("Kommuner").expect("Kommuner");
    // The pre-set kommun is Upplands Väsby; its group, nearest first.
    let group = analysis.comparable.group(AREA, "0114");
    assert_eq!(group.len(), 3);
    let h = JAMFOR_HEAD;
    assert_eq!(text(&values, h, 7), "Kommunens färg");
    assert_eq!(text(&values, h - 1, 8), "Liknande kommuner, närmast först");
    let andel_col = col_of(&kommuner, 1, "Invånare 80 år och äldre, andel (%)");
    for (j, kod) in group.iter().enumerate() {
        let col = 8 + j as u32;
        let row = row_of(&kommuner, kod);
        // The heading is the member's name, found by its code on the Kommuner sheet.
        assert_eq!(text(&values, h, col), text(&kommuner, row, 1), "member {j}");
        let heading = formulas.get_value((h, col)).expect("a formula");
        assert!(heading.contains("'Kommuner'!$B$4:$B$293"), "{heading}");
        // Its own values, as on the Kommuner sheet.
        for k in 0..3 {
            assert_eq!(
                values.get_value((JAMFOR_FIRST + k, col)),
                kommuner.get_value((row, andel_col + k)),
                "member {kod}, kön {k}"
            );
        }
        // Its code comes from the groups' hidden sheet, by the chosen kommun's code.
        let code = formulas
            .get_value((2 + 5 + j as u32, KOD))
            .expect("the member's code");
        assert!(
            code.contains("'Koder liknande kommuner'!") && code.contains("MATCH($BI$3,"),
            "{code}"
        );
    }
    // Why the groups differ between areas, on the sheet itself.
    let sentence = text(&values, 5, 1);
    assert!(sentence.contains("(invånare, antal)"), "{sentence}");
    assert!(
        sentence.contains("Grupperna skiljer sig mellan områdena"),
        "{sentence}"
    );
    let names: Vec<String> = xlsx.sheet_names();
    assert!(names.contains(&"Koder liknande kommuner".to_string()));
}

/// An indicator that is not a survey gets onto Bortfall when some kommun did not report it in
/// any year of the release, not only the release year.
#[test]
fn bortfall_lists_an_unreported_figure_of_an_earlier_year() {
    let mut fixture = Fixture::new();
    let mut xlsx = open(fixture.bytes());
    let sheet = xlsx.worksheet_range("Bortfall").expect("Bortfall");
    let listed = |sheet: &Range<Data>| {
        (0..sheet.height() as u32).any(
            |r| matches!(sheet.get_value((r, 0)), Some(Data::String(s)) if s == "Invånare, antal"),
        )
    };
    assert!(!listed(&sheet), "antal has no bortfall");
    for row in &mut fixture.results.rows {
        if row.indicator == "antal" && row.year == YEAR - 1 && row.key.geo == "0180" {
            row.status = Status::Bortfall;
            row.value = None;
        }
    }
    let mut xlsx = open(fixture.bytes());
    let sheet = xlsx.worksheet_range("Bortfall").expect("Bortfall");
    assert!(listed(&sheet), "antal's bortfall in 2022 is counted");
    let stockholm = row_of(&sheet, "0180");
    assert_eq!(number(&sheet, stockholm, 2), 1.0, "one indicator in 2022");
    assert_eq!(number(&sheet, stockholm, 3), 0.0, "none in 2023");
}
