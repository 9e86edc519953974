//! Jämför: choose a kommun in a drop-down and see its values beside its län, riket, its
//! kommungrupp and, when the results hold them, its liknande kommuner — their mean and, when the
//! release carries the groups, each of them by name with its own values — coloured as on the
//! value sheets. Above the table, two charts of one chosen indicator over the release years
//! (see [`super::chart`]).
//!
//! This file lays the sheet out; its parts are its own files: the kommun choice and the lines
//! under it (`choice`), the comparison columns with their helper cells, values and colours
//! (`comparison`), the liknande kommuner by name (`members`) and the charts' indicator choice
//! (`chart_choice`).
//!
//! Everything is a formula over the value sheets (INDEX, MATCH, LEFT, IFERROR, AND and ISTEXT
//! only, which Excel and LibreOffice evaluate alike), and the colours come from conditional
//! formats reading colour words that other formulas fetch from the hidden colour twins. Hidden
//! helper cells hold the matched rows. Every formula also carries its result for the kommun
//! selected when the file is written, so a viewer that never recalculates shows true figures.

mod chart_choice;
mod choice;
mod comparison;
mod members;
mod uncertainty;

use jamfor_engine::{GeoLevel, RIKET};
use rust_xlsxwriter::{
    FormatAlign, FormatBorder, Formula, Workbook, Worksheet, XlsxError, column_number_to_name,
};

use super::book::{Book, kon_name, kon_of};
use super::chart::{self, CHART_ROWS};
use super::comparable_codes::Grupper;
use super::intervall::Intervall;
use super::style;
use super::table::{FIRST_ROW, Table};
use super::tidsserier::Tidsserier;
use comparison::write_cell;

/// The defined name of the kommun names, the drop-down's list.
pub(crate) const KOMMUN_NAME: &str = "Kommunnamn";

/// Row of the chosen kommun (B3); its län and kommungrupp follow below.
pub(crate) const CHOICE_ROW: u32 = 2;
/// Row saying what liknande kommuner are and why they differ between areas.
const LIKNANDE_ROW: u32 = CHOICE_ROW + 3;
/// Row of the symbols' key.
const SYMBOL_ROW: u32 = CHOICE_ROW + 4;
/// Row of the indicator chosen for the charts (B9); the charts follow below it.
pub(crate) const CHART_CHOICE: u32 = SYMBOL_ROW + 2;
/// Hidden helper columns, one row per comparison column from [`CHOICE_ROW`] down: the code of the
/// place it shows, the place's row on its value sheet, and its row on the sheet's colour twin.
/// Far to the right, beyond the columns of up to 50 liknande kommuner.
pub(crate) const CODE_COL: u16 = 60;
const ROW_COL: u16 = CODE_COL + 1;
const COLOUR_ROW_COL: u16 = CODE_COL + 2;
/// First row of the value table; the headings are the row above.
pub(crate) const FIRST: u32 = CHART_CHOICE + CHART_ROWS + 3;
/// Column of the indicator titles.
const INDICATOR: u16 = 0;
/// Column of the kön.
const KON: u16 = 1;
/// First column of values: the kommun, then its län, riket, kommungrupp, liknande kommuner
/// (mean), the kommun's colour word, then each of the liknande kommuner.
pub(crate) const FIRST_VALUE: u16 = 2;
/// First hidden column of colour words for the comparison columns (the kommun's own is visible).
const HIDDEN_COLOURS: u16 = CODE_COL + 3;

/// What a group column shows: the unweighted mean of its kommuner's values. Said in the heading
/// because for a count ("Invånare, antal") the mean per kommun would otherwise read as the
/// group's total, next to a län's total.
pub(crate) const MEAN: &str = " (medel per kommun)";

/// An absolute reference to a column's rows on another sheet: `'Kommuner'!$E$4:$E$293`.
fn span(sheet: &str, col: u16, first: u32, last: u32) -> String {
    let c = column_number_to_name(col);
    format!("'{sheet}'!${c}${}:${c}${}", first + 1, last + 1)
}

/// An absolute reference on the Jämför sheet: `$M$3`.
fn cell_ref(col: u16, row: u32) -> String {
    format!("${}${}", column_number_to_name(col), row + 1)
}

/// The place column of a value sheet as a range (rows of places only).
fn places(tabell: &Table<'_>, col: u16) -> String {
    span(tabell.name, col, FIRST_ROW, tabell.last_row())
}

/// The same column on the value sheet's colour twin, which has the same layout.
fn colours(tabell: &Table<'_>, col: u16) -> String {
    span(tabell.fargnamn, col, FIRST_ROW, tabell.last_row())
}

/// The value sheets the Jämför sheet reads.
pub(crate) struct Sources<'t, 'a> {
    pub(crate) kommuner: &'t Table<'a>,
    pub(crate) lan: &'t Table<'a>,
    /// The comparison group of each kommun, when the results have one.
    pub(crate) liknande: Option<&'t Table<'a>>,
    /// Each kommun's comparable kommuner by code, when the release carries them.
    pub(crate) grupper: Option<&'t Grupper>,
    /// The Tidsserier sheet, which the charts read.
    pub(crate) tidsserier: &'t Tidsserier<'t, 'a>,
    /// Every kommun's intervals and respondents, when the area has results with intervals.
    pub(crate) intervall: Option<&'t Intervall<'a>>,
}

/// The defined names of the two drop-downs' lists (call before writing the sheet): the kommun
/// names in alphabetical order and the indicator titles, both on the hidden Diagramdata sheet.
pub(crate) fn define_name(workbook: &mut Workbook, bok: &Book<'_>) -> Result<(), XlsxError> {
    chart::define_name(workbook, bok)
}

/// The Jämför sheet with its charts, and the hidden sheet the charts plot.
pub(crate) fn write(
    bok: &Book<'_>,
    kallor: &Sources<'_, '_>,
) -> Result<(Worksheet, Worksheet), XlsxError> {
    let Sources {
        kommuner,
        lan,
        liknande,
        grupper,
        tidsserier,
        intervall,
    } = *kallor;
    let mut sheet = Worksheet::new();
    sheet.set_name(super::JAMFOR)?;
    // A formula without a known result caches an empty text, not the library's default 0: a
    // reader that shows cached results sees a blank, not a false zero.
    sheet.set_formula_result_default("");
    let year = bok.year();
    sheet.write_string_with_format(
        0,
        0,
        format!("Jämför en kommun {year} – {}", bok.area.title),
        &style::title(),
    )?;
    sheet.write_string(
        1,
        0,
        "Välj kommun i den gula cellen (klicka på pilen). Tabellen visar kommunens värden bredvid \
         länets, rikets, kommungruppens och de liknande kommunernas, hämtade från flikarna med \
         alla värden.",
    )?;

    // The pre-set kommun and the places that follow from it, for the cached results.
    let default_choice = kommuner.places.first();
    let position = |level: GeoLevel, code: &str| {
        lan.places
            .iter()
            .position(|l| l.level == level && l.code == code)
    };
    let forval_lan = default_choice.and_then(|k| position(GeoLevel::Lan, k.code.get(..2)?));
    let forval_grupp =
        default_choice.and_then(|k| position(GeoLevel::Kommungrupp, k.kommungrupp.get(..2)?));
    let riket = position(GeoLevel::Riket, RIKET);

    let preset = [
        default_choice,
        forval_lan.and_then(|i| lan.places.get(i)),
        riket.and_then(|i| lan.places.get(i)),
        forval_grupp.and_then(|i| lan.places.get(i)),
    ];
    choice::write(
        &mut sheet,
        bok,
        kommuner,
        default_choice,
        liknande.is_some(),
        grupper.is_some(),
    )?;

    let mut jamforelser = comparison::fixed(kommuner, lan, liknande, preset);
    // The kommun's colour word is shown right after the kommun, its län, riket and its groups;
    // each liknande kommun follows, by name.
    let antal = u16::try_from(jamforelser.len()).unwrap_or(u16::MAX);
    let kommunens_farg = FIRST_VALUE + antal;
    // The kommun's interval and respondents follow its colour word, when the area has them.
    let mut osakerhet = intervall.map(|i| uncertainty::Columns::new(i, kommunens_farg + 1));
    let forsta_medlem = kommunens_farg + 1 + osakerhet.as_ref().map_or(0, |_| uncertainty::WIDTH);
    if let Some(grupper) = grupper {
        members::push(&mut jamforelser, bok, kommuner, grupper);
    }
    comparison::write_help(&mut sheet, &jamforelser)?;
    if let Some(o) = &mut osakerhet {
        let helper = CHOICE_ROW + u32::try_from(jamforelser.len()).unwrap_or(u32::MAX);
        o.write_help(&mut sheet, bok, default_choice, helper)?;
    }
    for (j, jamforelse) in (0_u16..).zip(jamforelser.iter_mut()) {
        jamforelse.farg_col = if j == 0 {
            kommunens_farg
        } else {
            HIDDEN_COLOURS + j - 1
        };
        jamforelse.col = if j < antal {
            FIRST_VALUE + j
        } else {
            forsta_medlem + j - antal
        };
    }

    // Headings: the place names follow the choice.
    let heading = style::heading();
    let head = FIRST - 1;
    sheet.write_string_with_format(head, INDICATOR, "Indikator", &heading)?;
    sheet.write_string_with_format(head, KON, "Kön", &heading)?;
    for jamforelse in &jamforelser {
        let (formula, cached) = &jamforelse.heading;
        let f = Formula::new(formula).set_result(cached);
        sheet.write_formula_with_format(head, jamforelse.col, f, &heading)?;
    }
    sheet.write_string_with_format(head, kommunens_farg, "Kommunens färg", &heading)?;
    if let Some(o) = &osakerhet {
        o.write_headings(&mut sheet, head, &heading)?;
    }
    let sista_col = jamforelser
        .last()
        .map_or(forsta_medlem - 1, |j| j.col.max(forsta_medlem - 1));
    if sista_col >= forsta_medlem {
        members::heading(&mut sheet, head, forsta_medlem, sista_col, &heading)?;
    }
    // Five lines: "Kommungrupp Pendlingskommun nära större stad (medel per kommun)".
    sheet.set_row_height(head, 75.0)?;

    let titel = style::body_text().set_border(FormatBorder::Thin);
    // Top-aligned, so a value sits level with its indicator's wrapped title.
    let text = style::text().set_align(FormatAlign::Top);
    let mut row = FIRST;
    for indicator in kommuner.indikatorer() {
        let kon = kon_of(indicator);
        let last = row + u32::try_from(kon.len()).unwrap_or(1) - 1;
        if last > row {
            sheet.merge_range(row, INDICATOR, last, INDICATOR, &indicator.title, &titel)?;
        } else {
            sheet.write_string_with_format(row, INDICATOR, &indicator.title, &titel)?;
            // A lone row grows to hold the wrapped title (about 55 characters a line).
            let lines = (indicator.title.chars().count() as f64 / 55.0)
                .ceil()
                .max(1.0);
            sheet.set_row_height(row, 15.0 * lines)?;
        }
        for kon in kon.iter().copied() {
            sheet.write_string_with_format(row, KON, kon_name(kon), &text)?;
            for jamforelse in &jamforelser {
                write_cell(&mut sheet, bok, jamforelse, indicator, kon, row)?;
            }
            if let Some(o) = &osakerhet {
                o.write_cell(&mut sheet, bok, default_choice, indicator, kon, row)?;
            }
            row += 1;
        }
    }
    let last_row = row.saturating_sub(1).max(FIRST);

    comparison::add_colours(&mut sheet, &jamforelser, last_row)?;
    if let Some(o) = &osakerhet {
        o.finish(&mut sheet, last_row)?;
    }

    sheet.set_column_width(INDICATOR, 55.0)?;
    sheet.set_column_width(KON, 9.0)?;
    for col in FIRST_VALUE..kommunens_farg {
        sheet.set_column_width(col, 16.0)?;
    }
    sheet.set_column_width(kommunens_farg, 12.0)?;
    for col in forsta_medlem..=sista_col {
        sheet.set_column_width(col, 13.0)?;
    }
    for col in [CODE_COL, ROW_COL, COLOUR_ROW_COL] {
        sheet.set_column_hidden(col)?;
    }
    for jamforelse in jamforelser.iter().skip(1) {
        sheet.set_column_hidden(jamforelse.farg_col)?;
    }
    // The charts of the chosen indicator, between the choices and the table (no frozen rows:
    // they would hold the charts too and leave little room for the table).
    let data = chart_choice::write(&mut sheet, bok, tidsserier, liknande.is_some(), preset)?;
    sheet.set_selection(CHOICE_ROW, 1, CHOICE_ROW, 1)?;
    style::print_setup(&mut sheet, true, true, Some((FIRST - 1, FIRST - 1)), None)?;
    Ok((sheet, data))
}
