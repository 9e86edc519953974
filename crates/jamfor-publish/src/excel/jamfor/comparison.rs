//! The Jämför table's comparison columns: for the chosen kommun, its län, riket, its kommungrupp
//! and its liknande kommuner (their mean), where each column's values come from and what it shows
//! for the pre-set kommun; their helper cells, their value cells and their colours.
//!
//! Nothing is looked up by position. Each column's place is found by its code, in helper cells
//! one row per column: the code of its place, and the place's row on the value sheet and on the
//! value sheet's colour twin, each found by that code. A reader who sorts or filters a value sheet
//! (its twin stays as written) still sees the chosen kommun's own figures and colours. The
//! kommun's code comes from its name, the län's is the first two digits of the kommun code, the
//! kommungrupp's the first two characters of "A1 Storstäder", and the liknande kommuner are keyed
//! by the kommun.

use jamfor_engine::{Kon, RIKET};
use rust_xlsxwriter::{
    Color, ConditionalFormatFormula, Format, FormatAlign, FormatBorder, Formula, Worksheet,
    XlsxError, column_number_to_name,
};

use super::super::book::{Book, Place};
use super::super::style;
use super::super::table::Table;
use super::super::value::{CellValue, FOR_FA};
use super::{
    CHOICE_ROW, CODE_COL, COLOUR_ROW_COL, FIRST, FIRST_VALUE, MEAN, ROW_COL, cell_ref, colours,
    places,
};
use jamfor_assess::Colour;

/// One comparison column: where its values come from and what it shows for the pre-set kommun.
pub(super) struct Comparison<'t, 'a> {
    pub(super) tabell: &'t Table<'a>,
    /// The code of the place shown: a formula and its result for the pre-set kommun.
    pub(super) code: (String, String),
    /// The helper cell holding the place's row on `tabell`, found by the code.
    pub(super) rad: String,
    /// The helper cell holding the place's row on `tabell`'s colour twin, found by the code.
    pub(super) farg_rad: String,
    /// The heading: a formula and its result for the pre-set kommun.
    pub(super) heading: (String, String),
    /// The place shown for the pre-set kommun.
    pub(super) default_choice: Option<&'t Place>,
    /// The column with the colour words.
    pub(super) farg_col: u16,
    /// The column of the values.
    pub(super) col: u16,
}

/// The helper cell of comparison column `j`: its place's code.
pub(super) fn code(j: u32) -> String {
    cell_ref(CODE_COL, CHOICE_ROW + j)
}

/// The helper cell of comparison column `j`: its place's row on the value sheet.
pub(super) fn rad(j: u32) -> String {
    cell_ref(ROW_COL, CHOICE_ROW + j)
}

/// The helper cell of comparison column `j`: its place's row on the value sheet's colour twin.
pub(super) fn farg_rad(j: u32) -> String {
    cell_ref(COLOUR_ROW_COL, CHOICE_ROW + j)
}

/// The columns of the kommun, its län, riket, its kommungrupp and, when the area has them, its
/// liknande kommuner's mean. `preset` holds the places shown for the pre-set kommun: the kommun,
/// its län, riket and its kommungrupp.
pub(super) fn fixed<'t, 'a>(
    kommuner: &'t Table<'a>,
    lan: &'t Table<'a>,
    liknande: Option<&'t Table<'a>>,
    preset: [Option<&'t Place>; 4],
) -> Vec<Comparison<'t, 'a>> {
    let [default_choice, forval_lan, riket, forval_grupp] = preset;
    let val_cell = cell_ref(1, CHOICE_ROW);
    let kommun_rad = rad(0);
    let lan_rad = rad(1);
    let grupp_rad = rad(3);
    let mut jamforelser = vec![
        Comparison {
            tabell: kommuner,
            code: (
                format!(
                    "INDEX({},MATCH({val_cell},{},0))",
                    places(kommuner, 0),
                    places(kommuner, 1)
                ),
                default_choice.map(|k| k.code.clone()).unwrap_or_default(),
            ),
            rad: rad(0),
            farg_rad: farg_rad(0),
            heading: (
                format!("={val_cell}"),
                default_choice.map(|k| k.name.clone()).unwrap_or_default(),
            ),
            default_choice,
            farg_col: 0,
            col: 0,
        },
        Comparison {
            tabell: lan,
            code: (
                format!("LEFT({},2)", code(0)),
                default_choice
                    .and_then(|k| k.code.get(..2))
                    .unwrap_or_default()
                    .to_string(),
            ),
            rad: lan_rad,
            farg_rad: farg_rad(1),
            heading: (
                format!("={}", cell_ref(1, CHOICE_ROW + 1)),
                default_choice.map(|k| k.lan.clone()).unwrap_or_default(),
            ),
            default_choice: forval_lan,
            farg_col: 0,
            col: 0,
        },
        Comparison {
            tabell: lan,
            code: (format!("\"{RIKET}\""), RIKET.to_string()),
            rad: rad(2),
            farg_rad: farg_rad(2),
            heading: ("=\"Riket\"".to_string(), "Riket".to_string()),
            default_choice: riket,
            farg_col: 0,
            col: 0,
        },
        Comparison {
            tabell: lan,
            code: (
                format!("LEFT(INDEX({},{kommun_rad}),2)", places(kommuner, 3)),
                default_choice
                    .and_then(|k| k.kommungrupp.get(..2))
                    .unwrap_or_default()
                    .to_string(),
            ),
            rad: grupp_rad.clone(),
            farg_rad: farg_rad(3),
            heading: (
                format!(
                    "=IFERROR(\"Kommungrupp \"&INDEX({},{grupp_rad})&\"{MEAN}\",\"\")",
                    places(lan, 1)
                ),
                forval_grupp
                    .map(|g| format!("Kommungrupp {}{MEAN}", g.name))
                    .unwrap_or_default(),
            ),
            default_choice: forval_grupp,
            farg_col: 0,
            col: 0,
        },
    ];
    if let Some(liknande) = liknande {
        // A comparison group is keyed by the kommun whose group it is.
        jamforelser.push(Comparison {
            tabell: liknande,
            code: (
                code(0),
                default_choice.map(|k| k.code.clone()).unwrap_or_default(),
            ),
            rad: rad(4),
            farg_rad: farg_rad(4),
            heading: (
                format!("=\"Liknande kommuner{MEAN}\""),
                format!("Liknande kommuner{MEAN}"),
            ),
            default_choice: liknande.places.first(),
            farg_col: 0,
            col: 0,
        });
    }
    jamforelser
}

/// The helper cells of every comparison column: its place's code, and the rows of that code on
/// the value sheet and on its colour twin, with their results for the pre-set kommun.
pub(super) fn write_help(
    sheet: &mut Worksheet,
    jamforelser: &[Comparison<'_, '_>],
) -> Result<(), XlsxError> {
    for (row, jamforelse) in (CHOICE_ROW..).zip(jamforelser) {
        let tabell = jamforelse.tabell;
        let (code, cached) = &jamforelse.code;
        let mut f = Formula::new(format!("={code}"));
        if !cached.is_empty() {
            f = f.set_result(cached);
        }
        sheet.write_formula(row, CODE_COL, f)?;
        let index = jamforelse
            .default_choice
            .and_then(|plats| tabell.places.iter().position(|p| p == plats))
            .map(|i| (i + 1).to_string());
        let kod_cell = cell_ref(CODE_COL, row);
        for (col, range) in [
            (ROW_COL, places(tabell, 0)),
            (COLOUR_ROW_COL, colours(tabell, 0)),
        ] {
            let mut f = Formula::new(format!("=MATCH({kod_cell},{range},0)"));
            if let Some(i) = &index {
                f = f.set_result(i);
            }
            sheet.write_formula(row, col, f)?;
        }
    }
    Ok(())
}

/// One value of the table and its colour word: formulas over the comparison's value sheet and
/// its colour twin, or `.` where the indicator is not published at that level.
pub(super) fn write_cell(
    sheet: &mut Worksheet,
    bok: &Book<'_>,
    jamforelse: &Comparison<'_, '_>,
    indicator: &jamfor_spec::manifest::Indicator,
    kon: Kon,
    row: u32,
) -> Result<(), XlsxError> {
    let col = jamforelse.col;
    let kommun = jamforelse.tabell.name == super::super::KOMMUNER;
    let format = Format::new()
        .set_num_format(style::number_format(indicator, kommun))
        .set_align(FormatAlign::Right)
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    let Some(source_col) = jamforelse.tabell.column(indicator, kon) else {
        sheet.write_string_with_format(row, col, ".", &format)?;
        return Ok(());
    };
    let cached = jamforelse
        .default_choice
        .map(|plats| bok.varde(indicator, bok.year(), plats, kon));
    let value = Formula::new(format!(
        "=IFERROR(INDEX({},{}),\"\")",
        places(jamforelse.tabell, source_col),
        jamforelse.rad
    ))
    .set_result(cached.map(CellValue::as_text).unwrap_or_default());
    sheet.write_formula_with_format(row, col, value, &format)?;
    let farg = Formula::new(format!(
        "=IFERROR(INDEX({},{})&\"\",\"\")",
        colours(jamforelse.tabell, source_col),
        jamforelse.farg_rad
    ))
    .set_result(cached.map(CellValue::farg).unwrap_or_default());
    // Only the chosen kommun's own colour word is shown; the liknande kommuner's are hidden.
    if col == FIRST_VALUE {
        sheet.write_formula_with_format(
            row,
            jamforelse.farg_col,
            farg,
            &style::text().set_align(FormatAlign::Top),
        )?;
    } else {
        sheet.write_formula(row, jamforelse.farg_col, farg)?;
    }
    Ok(())
}

/// The colours of every comparison column: a fill per colour word, and each symbol in its own
/// fill, as on the value sheets.
pub(super) fn add_colours(
    sheet: &mut Worksheet,
    jamforelser: &[Comparison<'_, '_>],
    last_row: u32,
) -> Result<(), XlsxError> {
    for jamforelse in jamforelser {
        let col = jamforelse.col;
        let word = column_number_to_name(jamforelse.farg_col);
        let value = column_number_to_name(col);
        let first = FIRST + 1;
        for colour in [Colour::Green, Colour::Yellow, Colour::Red] {
            let rule = ConditionalFormatFormula::new()
                .set_rule(format!("=${word}{first}=\"{}\"", colour.label()).as_str())
                .set_format(Format::new().set_background_color(Color::RGB(style::fill(colour))));
            sheet.add_conditional_format(FIRST, col, last_row, col, &rule)?;
        }
        // Each symbol in its own fill, as on the value sheets.
        for symbol in ["..", "-", ".", FOR_FA] {
            let rule = ConditionalFormatFormula::new()
                .set_rule(format!("={value}{first}=\"{symbol}\"").as_str())
                .set_format(
                    Format::new().set_background_color(Color::RGB(style::symbol_fill(symbol))),
                );
            sheet.add_conditional_format(FIRST, col, last_row, col, &rule)?;
        }
    }
    Ok(())
}
