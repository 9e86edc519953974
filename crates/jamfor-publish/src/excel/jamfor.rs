//! Jämför: choose a kommun in a drop-down and see its values beside its län, riket, its
//! kommungrupp and, when the results hold them, its liknande kommuner — their mean and, when the
//! release carries the groups, each of them by name with its own values — coloured as on the
//! value sheets. Above the table, two charts of one chosen indicator over the release years
//! (see [`super::diagram`]).
//!
//! Everything is a formula over the value sheets (INDEX, MATCH, LEFT, IFERROR, AND and ISTEXT
//! only, which Excel and LibreOffice evaluate alike), and the colours come from conditional
//! formats reading colour words that other formulas fetch from the hidden colour twins. Hidden
//! helper cells hold the matched rows. Every formula also carries its result for the kommun
//! selected when the file is written, so a viewer that never recalculates shows true figures.

use jamfor_engine::{GeoLevel, Kon, RIKET};
use rust_xlsxwriter::{
    Color, ConditionalFormatFormula, DataValidation, Format, FormatAlign, FormatBorder, Formula,
    Workbook, Worksheet, XlsxError, column_number_to_name,
};

use super::book::{Book, Place, kon_name, kon_of};
use super::chart::{self, CHART_ROWS, CHART_WIDTH, INDICATOR_NAME};
use super::comparable_codes::Grupper;
use super::style;
use super::table::{FIRST_ROW, Table};
use super::tidsserier::Tidsserier;
use super::value::{CellValue, FOR_FA};
use jamfor_assess::Colour;

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

/// One comparison column: where its values come from and what it shows for the pre-set kommun.
struct Comparison<'t, 'a> {
    tabell: &'t Table<'a>,
    /// The code of the place shown: a formula and its result for the pre-set kommun.
    code: (String, String),
    /// The helper cell holding the place's row on `tabell`, found by the code.
    rad: String,
    /// The helper cell holding the place's row on `tabell`'s colour twin, found by the code.
    farg_rad: String,
    /// The heading: a formula and its result for the pre-set kommun.
    heading: (String, String),
    /// The place shown for the pre-set kommun.
    default_choice: Option<&'t Place>,
    /// The column with the colour words.
    farg_col: u16,
    /// The column of the values.
    col: u16,
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

    let label = Format::new().set_bold();
    let val = Format::new()
        .set_bold()
        .set_border(FormatBorder::Medium)
        .set_background_color(Color::RGB(style::CHOICE));
    sheet.write_string_with_format(CHOICE_ROW, 0, "Kommun", &label)?;
    // The choice and the places under it span B:D, wide enough for long names; the narrow B
    // is the table's kön column.
    sheet.merge_range(
        CHOICE_ROW,
        1,
        CHOICE_ROW,
        3,
        default_choice.map_or("", |k| k.name.as_str()),
        &val,
    )?;
    let validation = DataValidation::new()
        .allow_list_formula(Formula::new(format!("={KOMMUN_NAME}")))
        .set_input_title("Välj kommun")?
        .set_input_message("Välj en kommun i listan.")?
        .set_error_title("Okänd kommun")?
        .set_error_message("Kommunen finns inte i listan. Välj en kommun i listan.")?;
    sheet.add_data_validation(CHOICE_ROW, 1, CHOICE_ROW, 1, &validation)?;

    // Helper cells, one row per comparison column: the code of its place, and the place's row
    // on the value sheet and on the value sheet's colour twin, each found by that code. Nothing
    // is looked up by position: a reader who sorts or filters a value sheet (its twin stays as
    // written) still sees the chosen kommun's own figures and colours. The kommun's code comes
    // from its name, the län's is the first two digits of the kommun code, the kommungrupp's the
    // first two characters of "A1 Storstäder", and the liknande kommuner are keyed by the kommun.
    let val_cell = cell_ref(1, CHOICE_ROW);
    let code = |j: u32| cell_ref(CODE_COL, CHOICE_ROW + j);
    let rad = |j: u32| cell_ref(ROW_COL, CHOICE_ROW + j);
    let farg_rad = |j: u32| cell_ref(COLOUR_ROW_COL, CHOICE_ROW + j);
    let kommun_rad = rad(0);
    let lan_rad = rad(1);
    let grupp_rad = rad(3);
    // The län and kommungrupp of the choice, under it.
    for (row, heading, col, cached) in [
        (
            CHOICE_ROW + 1,
            "Län",
            2,
            default_choice.map(|k| k.lan.clone()),
        ),
        (
            CHOICE_ROW + 2,
            "Kommungrupp",
            3,
            default_choice.map(|k| k.kommungrupp.clone()),
        ),
    ] {
        sheet.write_string_with_format(row, 0, heading, &label)?;
        let formula = Formula::new(format!(
            "=IFERROR(INDEX({},{kommun_rad}),\"\")",
            places(kommuner, col)
        ))
        .set_result(cached.unwrap_or_default());
        let plain = Format::new();
        sheet.merge_range(row, 1, row, 3, "", &plain)?;
        sheet.write_formula_with_format(row, 1, formula, &plain)?;
    }
    if liknande.is_some() {
        let label = label.clone().set_align(FormatAlign::Top);
        sheet.write_string_with_format(LIKNANDE_ROW, 0, "Liknande kommuner", &label)?;
        // As wide as the kommun, its län, riket and its groups (B:H), four lines high.
        sheet.merge_range(
            LIKNANDE_ROW,
            1,
            LIKNANDE_ROW,
            7,
            &liknande_text(bok, grupper.is_some()),
            &style::body_text(),
        )?;
        sheet.set_row_height(LIKNANDE_ROW, 62.0)?;
    }
    sheet.write_string(
        SYMBOL_ROW,
        0,
        "Symboler: .. sekretess, - bortfall, . ej tillämplig. Färgerna följer indikatorns \
         färgregel (se Läsanvisning och Indikatorer).",
    )?;

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
            default_choice: forval_lan.and_then(|i| lan.places.get(i)),
            farg_col: 0,
            col: 0,
        },
        Comparison {
            tabell: lan,
            code: (format!("\"{RIKET}\""), RIKET.to_string()),
            rad: rad(2),
            farg_rad: farg_rad(2),
            heading: ("=\"Riket\"".to_string(), "Riket".to_string()),
            default_choice: riket.and_then(|i| lan.places.get(i)),
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
                    .and_then(|i| lan.places.get(i))
                    .map(|g| format!("Kommungrupp {}{MEAN}", g.name))
                    .unwrap_or_default(),
            ),
            default_choice: forval_grupp.and_then(|i| lan.places.get(i)),
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
    // The kommun's colour word is shown right after the kommun, its län, riket and its groups;
    // each liknande kommun follows, by name.
    let antal = u16::try_from(jamforelser.len()).unwrap_or(u16::MAX);
    let kommunens_farg = FIRST_VALUE + antal;
    if let Some(grupper) = grupper {
        let n = u32::try_from(jamforelser.len()).unwrap_or(u32::MAX);
        for rank in 1..=grupper.k {
            let j = n + u32::try_from(rank).unwrap_or(u32::MAX) - 1;
            let member = default_member(bok, grupper, rank);
            jamforelser.push(Comparison {
                tabell: kommuner,
                // The member's code, from the chosen kommun's row of the groups.
                code: (
                    format!(
                        "IFERROR(INDEX({},MATCH({},{},0)),\"\")",
                        grupper.member(rank),
                        code(0),
                        grupper.codes()
                    ),
                    member.map(|k| k.code.clone()).unwrap_or_default(),
                ),
                rad: rad(j),
                farg_rad: farg_rad(j),
                heading: (
                    format!("=IFERROR(INDEX({},{}),\"\")", places(kommuner, 1), rad(j)),
                    member.map(|k| k.name.clone()).unwrap_or_default(),
                ),
                default_choice: member,
                farg_col: 0,
                col: 0,
            });
        }
    }
    write_help(&mut sheet, &jamforelser)?;
    for (j, jamforelse) in (0_u16..).zip(jamforelser.iter_mut()) {
        jamforelse.farg_col = if j == 0 {
            kommunens_farg
        } else {
            HIDDEN_COLOURS + j - 1
        };
        jamforelse.col = if j < antal {
            FIRST_VALUE + j
        } else {
            kommunens_farg + 1 + j - antal
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
    let sista_col = jamforelser.last().map_or(kommunens_farg, |j| j.col);
    if sista_col > kommunens_farg {
        // Over the members' names: what they are.
        let text = "Liknande kommuner, närmast först";
        if sista_col > kommunens_farg + 1 {
            sheet.merge_range(
                head - 1,
                kommunens_farg + 1,
                head - 1,
                sista_col,
                text,
                &heading,
            )?;
        } else {
            sheet.write_string_with_format(head - 1, kommunens_farg + 1, text, &heading)?;
        }
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
            row += 1;
        }
    }
    let last_row = row.saturating_sub(1).max(FIRST);

    // Colours: a fill per colour word, grey where the value is a symbol.
    for jamforelse in &jamforelser {
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

    sheet.set_column_width(INDICATOR, 55.0)?;
    sheet.set_column_width(KON, 9.0)?;
    for col in FIRST_VALUE..kommunens_farg {
        sheet.set_column_width(col, 16.0)?;
    }
    sheet.set_column_width(kommunens_farg, 12.0)?;
    for col in kommunens_farg + 1..=sista_col {
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
    let data = write_chart(
        &mut sheet,
        bok,
        tidsserier,
        liknande.is_some(),
        [
            default_choice,
            forval_lan.and_then(|i| lan.places.get(i)),
            riket.and_then(|i| lan.places.get(i)),
            forval_grupp.and_then(|i| lan.places.get(i)),
        ],
    )?;
    sheet.set_selection(CHOICE_ROW, 1, CHOICE_ROW, 1)?;
    style::print_setup(&mut sheet, true, true, Some((FIRST - 1, FIRST - 1)), None)?;
    Ok((sheet, data))
}

/// The helper cells of every comparison column: its place's code, and the rows of that code on
/// the value sheet and on its colour twin, with their results for the pre-set kommun.
fn write_help(sheet: &mut Worksheet, jamforelser: &[Comparison<'_, '_>]) -> Result<(), XlsxError> {
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
fn write_cell(
    sheet: &mut Worksheet,
    bok: &Book<'_>,
    jamforelse: &Comparison<'_, '_>,
    indicator: &jamfor_spec::manifest::Indicator,
    kon: Kon,
    row: u32,
) -> Result<(), XlsxError> {
    let col = jamforelse.col;
    let kommun = jamforelse.tabell.name == super::KOMMUNER;
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

/// What liknande kommuner are, which ones this area's are made of, and that they differ between
/// areas, in the reader's words.
fn liknande_text(bok: &Book<'_>, var_for_sig: bool) -> String {
    let nyckeltal: Vec<String> = bok
        .area
        .comparable
        .iter()
        .flat_map(|c| &c.nyckeltal)
        .map(|id| {
            bok.p
                .manifest
                .indicators
                .iter()
                .find(|i| &i.id == id)
                .map_or_else(|| id.clone(), |i| i.title.to_lowercase())
        })
        .collect();
    let grund = match nyckeltal.as_slice() {
        [] => String::new(),
        [ett] => format!(" ({ett})"),
        [forsta @ .., sista] => format!(" ({} och {sista})", forsta.join(", ")),
    };
    let visas = if var_for_sig {
        "Deras ovägda medelvärde visas i kolumnen Liknande kommuner och var och en med namn och \
         egna värden till höger om Kommunens färg."
    } else {
        "Deras ovägda medelvärde visas i kolumnen Liknande kommuner."
    };
    format!(
        "De kommuner som mest liknar kommunen i de bakgrundsmått som har betydelse för just detta \
         område{grund}; kommunen själv ingår inte. {visas} Grupperna skiljer sig mellan \
         områdena, eftersom olika förutsättningar spelar roll för olika verksamheter."
    )
}

/// The pre-set kommun's liknande kommun at `rank` (1 the nearest).
fn default_member<'b>(bok: &'b Book<'_>, grupper: &Grupper, rank: usize) -> Option<&'b Place> {
    let code = grupper.medlemmar.first()?.get(rank - 1)?;
    bok.kommuner.iter().find(|k| &k.code == code)
}

/// The choice of the charts' indicator and the two charts, above the table; returns the hidden
/// sheet they plot.
fn write_chart(
    sheet: &mut Worksheet,
    bok: &Book<'_>,
    tidsserier: &Tidsserier<'_, '_>,
    liknande: bool,
    default_choice: [Option<&Place>; 4],
) -> Result<Worksheet, XlsxError> {
    let label = Format::new().set_bold();
    sheet.write_string_with_format(CHART_CHOICE, 0, "Indikator i diagrammen", &label)?;
    let indikator = chart::default_choice(bok);
    // As wide as the table's value columns (B:H), for long indicator titles.
    sheet.merge_range(
        CHART_CHOICE,
        1,
        CHART_CHOICE,
        7,
        indikator.map_or("", |i| i.title.as_str()),
        &Format::new()
            .set_bold()
            .set_border(FormatBorder::Medium)
            .set_background_color(Color::RGB(style::CHOICE)),
    )?;
    let validation = DataValidation::new()
        .allow_list_formula(Formula::new(format!("={INDICATOR_NAME}")))
        .set_input_title("Välj indikator")?
        .set_input_message("Välj vilken indikator diagrammen visar.")?
        .set_error_title("Okänd indikator")?
        .set_error_message("Välj en indikator i listan.")?;
    sheet.add_data_validation(CHART_CHOICE, 1, CHART_CHOICE, 1, &validation)?;
    sheet.write_string(
        CHART_CHOICE + 1,
        0,
        "Diagrammen följer kommunen och indikatorn du väljer. Ett år utan värde (.., - eller .) \
         saknas i linjen, och diagrammet för kvinnor och män är tomt för en indikator som inte \
         redovisas efter kön. Alla värden finns på fliken Tidsserier.",
    )?;
    let val = chart::Choice {
        indikator: format!("'{}'!{}", super::JAMFOR, cell_ref(1, CHART_CHOICE)),
        kommun: (
            format!("'{}'!{}", super::JAMFOR, cell_ref(1, CHOICE_ROW)),
            format!("'{}'!{}", super::JAMFOR, cell_ref(CODE_COL, CHOICE_ROW)),
        ),
        lan: (
            format!("'{}'!{}", super::JAMFOR, cell_ref(1, CHOICE_ROW + 1)),
            format!("'{}'!{}", super::JAMFOR, cell_ref(CODE_COL, CHOICE_ROW + 1)),
        ),
        // The kommungrupp column's heading names it.
        kommungrupp: (
            format!(
                "'{}'!{}",
                super::JAMFOR,
                cell_ref(FIRST_VALUE + 3, FIRST - 1)
            ),
            format!("'{}'!{}", super::JAMFOR, cell_ref(CODE_COL, CHOICE_ROW + 3)),
        ),
        default_choice,
        liknande,
    };
    let (data, charts) = chart::write(bok, tidsserier, &val)?;
    for (i, chart) in (0_u32..).zip(&charts) {
        sheet.insert_chart_with_offset(CHART_CHOICE + 2, 0, chart, i * (CHART_WIDTH + 20), 0)?;
    }
    Ok(data)
}
