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

use super::book::{Book, Place, kon_av, kon_namn};
use super::chart::{self, DIAGRAM_BREDD, DIAGRAM_RADER, INDIKATORNAMN};
use super::comparable_codes::Grupper;
use super::stil;
use super::table::{FORSTA_RAD, Table};
use super::tidsserier::Tidsserier;
use super::value::{FOR_FA, CellValue};
use jamfor_assess::Colour;

/// The defined name of the kommun names, the drop-down's list.
pub(crate) const KOMMUNNAMN: &str = "Kommunnamn";

/// Row of the chosen kommun (B3); its län and kommungrupp follow below.
pub(crate) const VAL_RAD: u32 = 2;
/// Row saying what liknande kommuner are and why they differ between areas.
const LIKNANDE_RAD: u32 = VAL_RAD + 3;
/// Row of the symbols' key.
const SYMBOL_RAD: u32 = VAL_RAD + 4;
/// Row of the indicator chosen for the charts (B9); the charts follow below it.
pub(crate) const DIAGRAM_VAL: u32 = SYMBOL_RAD + 2;
/// Hidden helper columns, one row per comparison column from [`VAL_RAD`] down: the code of the
/// place it shows, the place's row on its value sheet, and its row on the sheet's colour twin.
/// Far to the right, beyond the columns of up to 50 liknande kommuner.
pub(crate) const KOD_COL: u16 = 60;
const RAD_COL: u16 = KOD_COL + 1;
const FARG_RAD_COL: u16 = KOD_COL + 2;
/// First row of the value table; the headings are the row above.
pub(crate) const FORSTA: u32 = DIAGRAM_VAL + DIAGRAM_RADER + 3;
/// Column of the indicator titles.
const INDIKATOR: u16 = 0;
/// Column of the kön.
const KON: u16 = 1;
/// First column of values: the kommun, then its län, riket, kommungrupp, liknande kommuner
/// (mean), the kommun's colour word, then each of the liknande kommuner.
pub(crate) const FORSTA_VARDE: u16 = 2;
/// First hidden column of colour words for the comparison columns (the kommun's own is visible).
const DOLDA_FARGER: u16 = KOD_COL + 3;

/// What a group column shows: the unweighted mean of its kommuner's values. Said in the heading
/// because for a count ("Invånare, antal") the mean per kommun would otherwise read as the
/// group's total, next to a län's total.
pub(crate) const MEDEL: &str = " (medel per kommun)";

/// An absolute reference to a column's rows on another sheet: `'Kommuner'!$E$4:$E$293`.
fn spann(sheet: &str, col: u16, first: u32, last: u32) -> String {
    let c = column_number_to_name(col);
    format!("'{sheet}'!${c}${}:${c}${}", first + 1, last + 1)
}

/// An absolute reference on the Jämför sheet: `$M$3`.
fn cell_ref(col: u16, row: u32) -> String {
    format!("${}${}", column_number_to_name(col), row + 1)
}

/// The place column of a value sheet as a range (rows of places only).
fn platser(tabell: &Table<'_>, col: u16) -> String {
    spann(tabell.name, col, FORSTA_RAD, tabell.sista_rad())
}

/// The same column on the value sheet's colour twin, which has the same layout.
fn farger(tabell: &Table<'_>, col: u16) -> String {
    spann(tabell.fargnamn, col, FORSTA_RAD, tabell.sista_rad())
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
    rubrik: (String, String),
    /// The place shown for the pre-set kommun.
    forval: Option<&'t Place>,
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
pub(crate) fn definiera_namn(workbook: &mut Workbook, bok: &Book<'_>) -> Result<(), XlsxError> {
    chart::definiera_namn(workbook, bok)
}

/// The Jämför sheet with its charts, and the hidden sheet the charts plot.
pub(crate) fn skriv(
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
        &style::titel(),
    )?;
    sheet.write_string(
        1,
        0,
        "Välj kommun i den gula cellen (klicka på pilen). Tabellen visar kommunens värden bredvid \
         länets, rikets, kommungruppens och de liknande kommunernas, hämtade från flikarna med \
         alla värden.",
    )?;

    // The pre-set kommun and the places that follow from it, for the cached results.
    let forval = kommuner.platser.first();
    let position = |level: GeoLevel, code: &str| {
        lan.platser
            .iter()
            .position(|l| l.level == level && l.code == code)
    };
    let forval_lan = forval.and_then(|k| position(GeoLevel::Lan, k.code.get(..2)?));
    let forval_grupp =
        forval.and_then(|k| position(GeoLevel::Kommungrupp, k.kommungrupp.get(..2)?));
    let riket = position(GeoLevel::Riket, RIKET);

    let label = Format::new().set_bold();
    let val = Format::new()
        .set_bold()
        .set_border(FormatBorder::Medium)
        .set_background_color(Color::RGB(style::VAL));
    sheet.write_string_with_format(VAL_RAD, 0, "Kommun", &label)?;
    // The choice and the places under it span B:D, wide enough for long names; the narrow B
    // is the table's kön column.
    sheet.merge_range(
        VAL_RAD,
        1,
        VAL_RAD,
        3,
        forval.map_or("", |k| k.name.as_str()),
        &val,
    )?;
    let validation = DataValidation::new()
        .allow_list_formula(Formula::new(format!("={KOMMUNNAMN}")))
        .set_input_title("Välj kommun")?
        .set_input_message("Välj en kommun i listan.")?
        .set_error_title("Okänd kommun")?
        .set_error_message("Kommunen finns inte i listan. Välj en kommun i listan.")?;
    sheet.add_data_validation(VAL_RAD, 1, VAL_RAD, 1, &validation)?;

    // Helper cells, one row per comparison column: the code of its place, and the place's row
    // on the value sheet and on the value sheet's colour twin, each found by that code. Nothing
    // is looked up by position: a reader who sorts or filters a value sheet (its twin stays as
    // written) still sees the chosen kommun's own figures and colours. The kommun's code comes
    // from its name, the län's is the first two digits of the kommun code, the kommungrupp's the
    // first two characters of "A1 Storstäder", and the liknande kommuner are keyed by the kommun.
    let val_cell = cell_ref(1, VAL_RAD);
    let code = |j: u32| cell_ref(KOD_COL, VAL_RAD + j);
    let rad = |j: u32| cell_ref(RAD_COL, VAL_RAD + j);
    let farg_rad = |j: u32| cell_ref(FARG_RAD_COL, VAL_RAD + j);
    let kommun_rad = rad(0);
    let lan_rad = rad(1);
    let grupp_rad = rad(3);
    // The län and kommungrupp of the choice, under it.
    for (row, rubrik, col, cached) in [
        (VAL_RAD + 1, "Län", 2, forval.map(|k| k.lan.clone())),
        (
            VAL_RAD + 2,
            "Kommungrupp",
            3,
            forval.map(|k| k.kommungrupp.clone()),
        ),
    ] {
        sheet.write_string_with_format(row, 0, rubrik, &label)?;
        let formula = Formula::new(format!(
            "=IFERROR(INDEX({},{kommun_rad}),\"\")",
            platser(kommuner, col)
        ))
        .set_result(cached.unwrap_or_default());
        let plain = Format::new();
        sheet.merge_range(row, 1, row, 3, "", &plain)?;
        sheet.write_formula_with_format(row, 1, formula, &plain)?;
    }
    if liknande.is_some() {
        let label = label.clone().set_align(FormatAlign::Top);
        sheet.write_string_with_format(LIKNANDE_RAD, 0, "Liknande kommuner", &label)?;
        // As wide as the kommun, its län, riket and its groups (B:H), four lines high.
        sheet.merge_range(
            LIKNANDE_RAD,
            1,
            LIKNANDE_RAD,
            7,
            &liknande_text(bok, grupper.is_some()),
            &style::brodtext(),
        )?;
        sheet.set_row_height(LIKNANDE_RAD, 62.0)?;
    }
    sheet.write_string(
        SYMBOL_RAD,
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
                    platser(kommuner, 0),
                    platser(kommuner, 1)
                ),
                forval.map(|k| k.code.clone()).unwrap_or_default(),
            ),
            rad: rad(0),
            farg_rad: farg_rad(0),
            rubrik: (
                format!("={val_cell}"),
                forval.map(|k| k.name.clone()).unwrap_or_default(),
            ),
            forval,
            farg_col: 0,
            col: 0,
        },
        Comparison {
            tabell: lan,
            code: (
                format!("LEFT({},2)", code(0)),
                forval
                    .and_then(|k| k.code.get(..2))
                    .unwrap_or_default()
                    .to_string(),
            ),
            rad: lan_rad,
            farg_rad: farg_rad(1),
            rubrik: (
                format!("={}", cell_ref(1, VAL_RAD + 1)),
                forval.map(|k| k.lan.clone()).unwrap_or_default(),
            ),
            forval: forval_lan.and_then(|i| lan.platser.get(i)),
            farg_col: 0,
            col: 0,
        },
        Comparison {
            tabell: lan,
            code: (format!("\"{RIKET}\""), RIKET.to_string()),
            rad: rad(2),
            farg_rad: farg_rad(2),
            rubrik: ("=\"Riket\"".to_string(), "Riket".to_string()),
            forval: riket.and_then(|i| lan.platser.get(i)),
            farg_col: 0,
            col: 0,
        },
        Comparison {
            tabell: lan,
            code: (
                format!("LEFT(INDEX({},{kommun_rad}),2)", platser(kommuner, 3)),
                forval
                    .and_then(|k| k.kommungrupp.get(..2))
                    .unwrap_or_default()
                    .to_string(),
            ),
            rad: grupp_rad.clone(),
            farg_rad: farg_rad(3),
            rubrik: (
                format!(
                    "=IFERROR(\"Kommungrupp \"&INDEX({},{grupp_rad})&\"{MEDEL}\",\"\")",
                    platser(lan, 1)
                ),
                forval_grupp
                    .and_then(|i| lan.platser.get(i))
                    .map(|g| format!("Kommungrupp {}{MEDEL}", g.name))
                    .unwrap_or_default(),
            ),
            forval: forval_grupp.and_then(|i| lan.platser.get(i)),
            farg_col: 0,
            col: 0,
        },
    ];
    if let Some(liknande) = liknande {
        // A comparison group is keyed by the kommun whose group it is.
        jamforelser.push(Comparison {
            tabell: liknande,
            code: (code(0), forval.map(|k| k.code.clone()).unwrap_or_default()),
            rad: rad(4),
            farg_rad: farg_rad(4),
            rubrik: (
                format!("=\"Liknande kommuner{MEDEL}\""),
                format!("Liknande kommuner{MEDEL}"),
            ),
            forval: liknande.platser.first(),
            farg_col: 0,
            col: 0,
        });
    }
    // The kommun's colour word is shown right after the kommun, its län, riket and its groups;
    // each liknande kommun follows, by name.
    let antal = u16::try_from(jamforelser.len()).unwrap_or(u16::MAX);
    let kommunens_farg = FORSTA_VARDE + antal;
    if let Some(grupper) = grupper {
        let n = u32::try_from(jamforelser.len()).unwrap_or(u32::MAX);
        for rank in 1..=grupper.k {
            let j = n + u32::try_from(rank).unwrap_or(u32::MAX) - 1;
            let medlem = forval_medlem(bok, grupper, rank);
            jamforelser.push(Comparison {
                tabell: kommuner,
                // The member's code, from the chosen kommun's row of the groups.
                code: (
                    format!(
                        "IFERROR(INDEX({},MATCH({},{},0)),\"\")",
                        grupper.medlem(rank),
                        code(0),
                        grupper.koder()
                    ),
                    medlem.map(|k| k.code.clone()).unwrap_or_default(),
                ),
                rad: rad(j),
                farg_rad: farg_rad(j),
                rubrik: (
                    format!("=IFERROR(INDEX({},{}),\"\")", platser(kommuner, 1), rad(j)),
                    medlem.map(|k| k.name.clone()).unwrap_or_default(),
                ),
                forval: medlem,
                farg_col: 0,
                col: 0,
            });
        }
    }
    skriv_hjalp(&mut sheet, &jamforelser)?;
    for (j, jamforelse) in (0_u16..).zip(jamforelser.iter_mut()) {
        jamforelse.farg_col = if j == 0 {
            kommunens_farg
        } else {
            DOLDA_FARGER + j - 1
        };
        jamforelse.col = if j < antal {
            FORSTA_VARDE + j
        } else {
            kommunens_farg + 1 + j - antal
        };
    }

    // Headings: the place names follow the choice.
    let rubrik = style::rubrik();
    let head = FORSTA - 1;
    sheet.write_string_with_format(head, INDIKATOR, "Indikator", &rubrik)?;
    sheet.write_string_with_format(head, KON, "Kön", &rubrik)?;
    for jamforelse in &jamforelser {
        let (formula, cached) = &jamforelse.rubrik;
        let f = Formula::new(formula).set_result(cached);
        sheet.write_formula_with_format(head, jamforelse.col, f, &rubrik)?;
    }
    sheet.write_string_with_format(head, kommunens_farg, "Kommunens färg", &rubrik)?;
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
                &rubrik,
            )?;
        } else {
            sheet.write_string_with_format(head - 1, kommunens_farg + 1, text, &rubrik)?;
        }
    }
    // Five lines: "Kommungrupp Pendlingskommun nära större stad (medel per kommun)".
    sheet.set_row_height(head, 75.0)?;

    let titel = style::brodtext().set_border(FormatBorder::Thin);
    // Top-aligned, so a value sits level with its indicator's wrapped title.
    let text = style::text().set_align(FormatAlign::Top);
    let mut row = FORSTA;
    for indicator in kommuner.indikatorer() {
        let kon = kon_av(indicator);
        let last = row + u32::try_from(kon.len()).unwrap_or(1) - 1;
        if last > row {
            sheet.merge_range(row, INDIKATOR, last, INDIKATOR, &indicator.title, &titel)?;
        } else {
            sheet.write_string_with_format(row, INDIKATOR, &indicator.title, &titel)?;
            // A lone row grows to hold the wrapped title (about 55 characters a line).
            let lines = (indicator.title.chars().count() as f64 / 55.0)
                .ceil()
                .max(1.0);
            sheet.set_row_height(row, 15.0 * lines)?;
        }
        for kon in kon.iter().copied() {
            sheet.write_string_with_format(row, KON, kon_namn(kon), &text)?;
            for jamforelse in &jamforelser {
                skriv_cell(&mut sheet, bok, jamforelse, indicator, kon, row)?;
            }
            row += 1;
        }
    }
    let last_row = row.saturating_sub(1).max(FORSTA);

    // Colours: a fill per colour word, grey where the value is a symbol.
    for jamforelse in &jamforelser {
        let col = jamforelse.col;
        let word = column_number_to_name(jamforelse.farg_col);
        let value = column_number_to_name(col);
        let first = FORSTA + 1;
        for colour in [Colour::Green, Colour::Yellow, Colour::Red] {
            let rule = ConditionalFormatFormula::new()
                .set_rule(format!("=${word}{first}=\"{}\"", colour.label()).as_str())
                .set_format(Format::new().set_background_color(Color::RGB(style::fill(colour))));
            sheet.add_conditional_format(FORSTA, col, last_row, col, &rule)?;
        }
        // Each symbol in its own fill, as on the value sheets.
        for symbol in ["..", "-", ".", FOR_FA] {
            let rule = ConditionalFormatFormula::new()
                .set_rule(format!("={value}{first}=\"{symbol}\"").as_str())
                .set_format(
                    Format::new().set_background_color(Color::RGB(style::symbol_fill(symbol))),
                );
            sheet.add_conditional_format(FORSTA, col, last_row, col, &rule)?;
        }
    }

    sheet.set_column_width(INDIKATOR, 55.0)?;
    sheet.set_column_width(KON, 9.0)?;
    for col in FORSTA_VARDE..kommunens_farg {
        sheet.set_column_width(col, 16.0)?;
    }
    sheet.set_column_width(kommunens_farg, 12.0)?;
    for col in kommunens_farg + 1..=sista_col {
        sheet.set_column_width(col, 13.0)?;
    }
    for col in [KOD_COL, RAD_COL, FARG_RAD_COL] {
        sheet.set_column_hidden(col)?;
    }
    for jamforelse in jamforelser.iter().skip(1) {
        sheet.set_column_hidden(jamforelse.farg_col)?;
    }
    // The charts of the chosen indicator, between the choices and the table (no frozen rows:
    // they would hold the charts too and leave little room for the table).
    let data = skriv_diagram(
        &mut sheet,
        bok,
        tidsserier,
        liknande.is_some(),
        [
            forval,
            forval_lan.and_then(|i| lan.platser.get(i)),
            riket.and_then(|i| lan.platser.get(i)),
            forval_grupp.and_then(|i| lan.platser.get(i)),
        ],
    )?;
    sheet.set_selection(VAL_RAD, 1, VAL_RAD, 1)?;
    style::utskrift(&mut sheet, true, true, Some((FORSTA - 1, FORSTA - 1)), None)?;
    Ok((sheet, data))
}

/// The helper cells of every comparison column: its place's code, and the rows of that code on
/// the value sheet and on its colour twin, with their results for the pre-set kommun.
fn skriv_hjalp(sheet: &mut Worksheet, jamforelser: &[Comparison<'_, '_>]) -> Result<(), XlsxError> {
    for (row, jamforelse) in (VAL_RAD..).zip(jamforelser) {
        let tabell = jamforelse.tabell;
        let (code, cached) = &jamforelse.code;
        let mut f = Formula::new(format!("={kod}"));
        if !cached.is_empty() {
            f = f.set_result(cached);
        }
        sheet.write_formula(row, KOD_COL, f)?;
        let index = jamforelse
            .forval
            .and_then(|plats| tabell.platser.iter().position(|p| p == plats))
            .map(|i| (i + 1).to_string());
        let kod_cell = cell_ref(KOD_COL, row);
        for (col, range) in [
            (RAD_COL, platser(tabell, 0)),
            (FARG_RAD_COL, farger(tabell, 0)),
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
fn skriv_cell(
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
        .set_num_format(style::talformat(indicator, kommun))
        .set_align(FormatAlign::Right)
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    let Some(source_col) = jamforelse.tabell.kolumn(indicator, kon) else {
        sheet.write_string_with_format(row, col, ".", &format)?;
        return Ok(());
    };
    let cached = jamforelse
        .forval
        .map(|plats| bok.varde(indicator, bok.year(), plats, kon));
    let value = Formula::new(format!(
        "=IFERROR(INDEX({},{}),\"\")",
        platser(jamforelse.tabell, source_col),
        jamforelse.rad
    ))
    .set_result(cached.map(CellValue::som_text).unwrap_or_default());
    sheet.write_formula_with_format(row, col, value, &format)?;
    let farg = Formula::new(format!(
        "=IFERROR(INDEX({},{})&\"\",\"\")",
        farger(jamforelse.tabell, source_col),
        jamforelse.farg_rad
    ))
    .set_result(cached.map(CellValue::farg).unwrap_or_default());
    // Only the chosen kommun's own colour word is shown; the liknande kommuner's are hidden.
    if col == FORSTA_VARDE {
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
fn forval_medlem<'b>(bok: &'b Book<'_>, grupper: &Grupper, rank: usize) -> Option<&'b Place> {
    let code = grupper.medlemmar.first()?.get(rank - 1)?;
    bok.kommuner.iter().find(|k| &k.code == code)
}

/// The choice of the charts' indicator and the two charts, above the table; returns the hidden
/// sheet they plot.
fn skriv_diagram(
    sheet: &mut Worksheet,
    bok: &Book<'_>,
    tidsserier: &Tidsserier<'_, '_>,
    liknande: bool,
    forval: [Option<&Place>; 4],
) -> Result<Worksheet, XlsxError> {
    let label = Format::new().set_bold();
    sheet.write_string_with_format(DIAGRAM_VAL, 0, "Indikator i diagrammen", &label)?;
    let indikator = chart::forval(bok);
    // As wide as the table's value columns (B:H), for long indicator titles.
    sheet.merge_range(
        DIAGRAM_VAL,
        1,
        DIAGRAM_VAL,
        7,
        indikator.map_or("", |i| i.title.as_str()),
        &Format::new()
            .set_bold()
            .set_border(FormatBorder::Medium)
            .set_background_color(Color::RGB(style::VAL)),
    )?;
    let validation = DataValidation::new()
        .allow_list_formula(Formula::new(format!("={INDIKATORNAMN}")))
        .set_input_title("Välj indikator")?
        .set_input_message("Välj vilken indikator diagrammen visar.")?
        .set_error_title("Okänd indikator")?
        .set_error_message("Välj en indikator i listan.")?;
    sheet.add_data_validation(DIAGRAM_VAL, 1, DIAGRAM_VAL, 1, &validation)?;
    sheet.write_string(
        DIAGRAM_VAL + 1,
        0,
        "Diagrammen följer kommunen och indikatorn du väljer. Ett år utan värde (.., - eller .) \
         saknas i linjen, och diagrammet för kvinnor och män är tomt för en indikator som inte \
         redovisas efter kön. Alla värden finns på fliken Tidsserier.",
    )?;
    let val = chart::Choice {
        indikator: format!("'{}'!{}", super::JAMFOR, cell_ref(1, DIAGRAM_VAL)),
        kommun: (
            format!("'{}'!{}", super::JAMFOR, cell_ref(1, VAL_RAD)),
            format!("'{}'!{}", super::JAMFOR, cell_ref(KOD_COL, VAL_RAD)),
        ),
        lan: (
            format!("'{}'!{}", super::JAMFOR, cell_ref(1, VAL_RAD + 1)),
            format!("'{}'!{}", super::JAMFOR, cell_ref(KOD_COL, VAL_RAD + 1)),
        ),
        // The kommungrupp column's heading names it.
        kommungrupp: (
            format!(
                "'{}'!{}",
                super::JAMFOR,
                cell_ref(FORSTA_VARDE + 3, FORSTA - 1)
            ),
            format!("'{}'!{}", super::JAMFOR, cell_ref(KOD_COL, VAL_RAD + 3)),
        ),
        forval,
        liknande,
    };
    let (data, charts) = chart::skriv(bok, tidsserier, &val)?;
    for (i, chart) in (0_u32..).zip(&charts) {
        sheet.insert_chart_with_offset(DIAGRAM_VAL + 2, 0, chart, i * (DIAGRAM_BREDD + 20), 0)?;
    }
    Ok(data)
}
