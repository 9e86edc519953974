//! Jämför: choose a kommun in a drop-down and see its values beside its län, riket and its
//! kommungrupp, coloured as on the value sheets.
//!
//! Everything is a formula over the Kommuner and Län och riket sheets (INDEX/MATCH, LEFT, IFERROR
//! and ISTEXT only, so Excel and LibreOffice both recalculate it), and the colours come from
//! conditional formats reading colour words that other formulas fetch from the hidden colour
//! twins. Hidden helper cells hold the matched rows. Every formula also carries its result for the
//! kommun selected when the file is written, so a viewer that never recalculates shows true
//! figures.

use jamfor_engine::Kon;
use jamfor_spec::manifest::Indicator;
use rust_xlsxwriter::{
    Color, ConditionalFormatFormula, DataValidation, Format, FormatAlign, FormatBorder, Formula,
    Workbook, Worksheet, XlsxError, column_number_to_name,
};

use super::bok::{Bok, Plats, kon_namn};
use super::stil;
use super::tabell::{FORSTA_RAD, Tabell};
use super::varde::Varde;

/// The defined name of the kommun names, the drop-down's list.
const KOMMUNNAMN: &str = "Kommunnamn";

/// The cell with the chosen kommun (B3).
const VAL_RAD: u32 = 2;
/// Helper cells: row of the kommun, its län, its kommungrupp and riket in their sheets.
const HJALP_COL: u16 = 12;
/// First row of the value table.
const FORSTA: u32 = 8;

/// Columns of the value table.
const INDIKATOR: u16 = 0;
const KON: u16 = 1;
/// Kommun, län, riket, kommungrupp values.
const VARDEN: [u16; 4] = [2, 3, 4, 5];
/// The kommun's colour word, visible.
const FARG: u16 = 6;
/// Colour words of län, riket, kommungrupp, hidden (the kommun's is [`FARG`]).
const DOLDA_FARGER: [u16; 3] = [13, 14, 15];

/// An absolute reference to a column's rows on another sheet: `'Kommuner'!E$4:E$293`.
fn spann(sheet: &str, col: u16, first: u32, last: u32) -> String {
    let c = column_number_to_name(col);
    format!("'{sheet}'!${c}${}:${c}${}", first + 1, last + 1)
}

fn cell_ref(col: u16, row: u32) -> String {
    format!("${}${}", column_number_to_name(col), row + 1)
}

/// Defines the list of kommun names (call before writing the sheet's validation).
pub(crate) fn definiera_namn(
    workbook: &mut Workbook,
    kommuner: &Tabell<'_>,
) -> Result<(), XlsxError> {
    workbook.define_name(
        KOMMUNNAMN,
        &format!(
            "={}",
            spann(kommuner.namn, 1, FORSTA_RAD, kommuner.sista_rad())
        ),
    )?;
    Ok(())
}

/// Where the lookups for one place point: which helper cell holds its row and which sheet.
struct Kalla<'t, 'a> {
    tabell: &'t Tabell<'a>,
    farg: &'static str,
    hjalp: String,
    forval: Option<&'t Plats>,
}

pub(crate) fn skriv(
    bok: &Bok<'_>,
    kommuner: &Tabell<'_>,
    lan: &Tabell<'_>,
) -> Result<Worksheet, XlsxError> {
    let mut sheet = Worksheet::new();
    sheet.set_name(super::JAMFOR)?;
    let year = bok.year();
    sheet.write_string_with_format(
        0,
        0,
        format!("Jämför en kommun {year} – {}", bok.area.title),
        &stil::titel(),
    )?;
    sheet.write_string(
        1,
        0,
        "Välj kommun i listan i cellen till höger om Kommun. Värdena hämtas från flikarna Kommuner och Län och riket.",
    )?;

    let default = kommuner.platser.first();
    let default_lan = default.and_then(|k| {
        lan.platser
            .iter()
            .position(|l| k.kod.starts_with(&l.kod) && l.level == jamfor_engine::GeoLevel::Lan)
    });
    let default_grupp = default.and_then(|k| {
        lan.platser.iter().position(|l| {
            l.level == jamfor_engine::GeoLevel::Kommungrupp && k.kommungrupp.starts_with(&l.kod)
        })
    });
    let riket = lan
        .platser
        .iter()
        .position(|l| l.level == jamfor_engine::GeoLevel::Riket);

    // The choice and what follows from it.
    let label = Format::new().set_bold();
    let val = Format::new()
        .set_bold()
        .set_border(FormatBorder::Medium)
        .set_background_color(Color::RGB(0x00FF_FFFF));
    sheet.write_string_with_format(VAL_RAD, 0, "Kommun", &label)?;
    sheet.write_string_with_format(VAL_RAD, 1, default.map_or("", |k| k.namn.as_str()), &val)?;
    let validation = DataValidation::new()
        .allow_list_formula(Formula::new(format!("={KOMMUNNAMN}")))
        .set_input_title("Välj kommun")?
        .set_input_message("Välj en kommun i listan.")?
        .set_error_title("Okänd kommun")?
        .set_error_message("Välj en kommun i listan.")?;
    sheet.add_data_validation(VAL_RAD, 1, VAL_RAD, 1, &validation)?;

    let val_cell = cell_ref(1, VAL_RAD);
    let k_first = FORSTA_RAD;
    let k_last = kommuner.sista_rad();
    let l_first = FORSTA_RAD;
    let l_last = lan.sista_rad();
    // Helper: the kommun's row, its län's row, its group's row, riket's row.
    let hjalp = [
        (
            format!(
                "MATCH({val_cell},{},0)",
                spann(kommuner.namn, 1, k_first, k_last)
            ),
            default.map(|_| 1),
        ),
        (
            format!(
                "MATCH(LEFT(INDEX({},{}),2),{},0)",
                spann(kommuner.namn, 0, k_first, k_last),
                cell_ref(HJALP_COL, VAL_RAD),
                spann(lan.namn, 0, l_first, l_last)
            ),
            default_lan.map(|i| i + 1),
        ),
        (
            format!(
                "MATCH(LEFT(INDEX({},{}),2),{},0)",
                spann(kommuner.namn, 3, k_first, k_last),
                cell_ref(HJALP_COL, VAL_RAD),
                spann(lan.namn, 0, l_first, l_last)
            ),
            default_grupp.map(|i| i + 1),
        ),
        (
            format!(
                "MATCH(\"{}\",{},0)",
                jamfor_engine::RIKET,
                spann(lan.namn, 0, l_first, l_last)
            ),
            riket.map(|i| i + 1),
        ),
    ];
    for (i, (formula, result)) in hjalp.iter().enumerate() {
        let row = VAL_RAD + u32::try_from(i).unwrap_or(u32::MAX);
        let mut f = Formula::new(format!("={formula}"));
        if let Some(r) = result {
            f = f.set_result(r.to_string());
        }
        sheet.write_formula(row, HJALP_COL, f)?;
    }
    let kommun_rad = cell_ref(HJALP_COL, VAL_RAD);
    let lan_rad = cell_ref(HJALP_COL, VAL_RAD + 1);
    let grupp_rad = cell_ref(HJALP_COL, VAL_RAD + 2);
    let riket_rad = cell_ref(HJALP_COL, VAL_RAD + 3);

    // Län and kommungrupp of the choice, shown under it.
    let forval_lan = default_lan.and_then(|i| lan.platser.get(i));
    let forval_grupp = default_grupp.and_then(|i| lan.platser.get(i));
    for (row, rubrik, col, cached) in [
        (VAL_RAD + 1, "Län", 2, default.map(|k| k.lan.clone())),
        (
            VAL_RAD + 2,
            "Kommungrupp",
            3,
            default.map(|k| k.kommungrupp.clone()),
        ),
    ] {
        sheet.write_string_with_format(row, 0, rubrik, &label)?;
        let formula = Formula::new(format!(
            "=IFERROR(INDEX({},{kommun_rad}),\"\")",
            spann(kommuner.namn, col, k_first, k_last)
        ))
        .set_result(cached.unwrap_or_default());
        sheet.write_formula(row, 1, formula)?;
    }

    // Table headings: the place names follow the choice.
    let rubrik = stil::rubrik();
    let head = FORSTA - 1;
    sheet.write_string_with_format(head, INDIKATOR, "Indikator", &rubrik)?;
    sheet.write_string_with_format(head, KON, "Kön", &rubrik)?;
    let heads = [
        (
            VARDEN[0],
            format!("={val_cell}"),
            default.map(|k| k.namn.clone()),
        ),
        (
            VARDEN[1],
            format!("={}", cell_ref(1, VAL_RAD + 1)),
            forval_lan.map(|l| l.namn.clone()),
        ),
        (
            VARDEN[2],
            "=\"Riket\"".to_string(),
            Some("Riket".to_string()),
        ),
        (
            VARDEN[3],
            format!(
                "=IFERROR(\"Kommungrupp \"&INDEX({},{grupp_rad}),\"\")",
                spann(lan.namn, 1, l_first, l_last)
            ),
            forval_grupp.map(|g| format!("Kommungrupp {}", g.namn)),
        ),
    ];
    for (col, formula, cached) in heads {
        let f = Formula::new(formula).set_result(cached.unwrap_or_default());
        sheet.write_formula_with_format(head, col, f, &rubrik)?;
    }
    sheet.write_string_with_format(head, FARG, "Kommunens färg", &rubrik)?;
    sheet.set_row_height(head, 45.0)?;

    let kallor = [
        Kalla {
            tabell: kommuner,
            farg: kommuner.fargnamn,
            hjalp: kommun_rad,
            forval: default,
        },
        Kalla {
            tabell: lan,
            farg: lan.fargnamn,
            hjalp: lan_rad,
            forval: forval_lan,
        },
        Kalla {
            tabell: lan,
            farg: lan.fargnamn,
            hjalp: riket_rad,
            forval: riket.and_then(|i| lan.platser.get(i)),
        },
        Kalla {
            tabell: lan,
            farg: lan.fargnamn,
            hjalp: grupp_rad,
            forval: forval_grupp,
        },
    ];
    let farg_cols = [FARG, DOLDA_FARGER[0], DOLDA_FARGER[1], DOLDA_FARGER[2]];

    let indikator = stil::brodtext().set_border(FormatBorder::Thin);
    let text = stil::text();
    let mut row = FORSTA;
    for k in &kommuner.kolumner {
        let ind: &Indicator = k.indicator;
        if k.kon == Kon::T {
            let n = super::bok::kon_av(ind).len();
            let last = row + u32::try_from(n).unwrap_or(1) - 1;
            if last > row {
                sheet.merge_range(row, INDIKATOR, last, INDIKATOR, &ind.title, &indikator)?;
            } else {
                sheet.write_string_with_format(row, INDIKATOR, &ind.title, &indikator)?;
                let lines = (ind.title.chars().count() as f64 / 50.0).ceil().max(1.0);
                sheet.set_row_height(row, 15.0 * lines)?;
            }
        }
        sheet.write_string_with_format(row, KON, kon_namn(k.kon), &text)?;
        for (j, kalla) in kallor.iter().enumerate() {
            let col = VARDEN[j];
            let kommun = j == 0;
            let format = Format::new()
                .set_num_format(stil::talformat(ind, kommun))
                .set_align(FormatAlign::Right)
                .set_border(FormatBorder::Thin);
            let Some(source_col) = kalla
                .tabell
                .kolumner
                .iter()
                .find(|c| c.indicator.id == ind.id && c.kon == k.kon)
                .map(|c| c.col)
            else {
                // The indicator is not published at this level.
                sheet.write_string_with_format(row, col, ".", &format)?;
                continue;
            };
            let first = FORSTA_RAD;
            let last = kalla.tabell.sista_rad();
            let cached = kalla
                .forval
                .map(|plats| Varde::av(ind, bok.cell(ind, year, plats, k.kon)));
            let value = Formula::new(format!(
                "=IFERROR(INDEX({},{}),\"\")",
                spann(kalla.tabell.namn, source_col, first, last),
                kalla.hjalp
            ))
            .set_result(cached.map(Varde::som_text).unwrap_or_default());
            sheet.write_formula_with_format(row, col, value, &format)?;
            let farg = Formula::new(format!(
                "=IFERROR(INDEX({},{})&\"\",\"\")",
                spann(kalla.farg, source_col, first, last),
                kalla.hjalp
            ))
            .set_result(cached.map(Varde::farg).unwrap_or_default());
            if j == 0 {
                sheet.write_formula_with_format(row, farg_cols[j], farg, &text)?;
            } else {
                sheet.write_formula(row, farg_cols[j], farg)?;
            }
        }
        row += 1;
    }
    let last_row = row.saturating_sub(1).max(FORSTA);

    // Colours: a fill per colour word, grey for a symbol.
    for (j, col) in VARDEN.iter().enumerate() {
        let word_col = column_number_to_name(farg_cols[j]);
        let value_col = column_number_to_name(*col);
        for colour in [crate::Colour::Gron, crate::Colour::Gul, crate::Colour::Rod] {
            let rule = ConditionalFormatFormula::new()
                .set_rule(format!("=${word_col}{}=\"{}\"", FORSTA + 1, colour.label()).as_str())
                .set_format(Format::new().set_background_color(Color::RGB(stil::fill(colour))));
            sheet.add_conditional_format(FORSTA, *col, last_row, *col, &rule)?;
        }
        let grey = ConditionalFormatFormula::new()
            .set_rule(
                format!(
                    "=AND(ISTEXT({value_col}{r}),{value_col}{r}<>\"\")",
                    r = FORSTA + 1
                )
                .as_str(),
            )
            .set_format(Format::new().set_background_color(Color::RGB(stil::GRA)));
        sheet.add_conditional_format(FORSTA, *col, last_row, *col, &grey)?;
    }

    sheet.set_column_width(INDIKATOR, 50.0)?;
    sheet.set_column_width(KON, 9.0)?;
    for col in VARDEN {
        sheet.set_column_width(col, 16.0)?;
    }
    sheet.set_column_width(FARG, 10.0)?;
    sheet.set_column_hidden(HJALP_COL)?;
    for col in DOLDA_FARGER {
        sheet.set_column_hidden(col)?;
    }
    sheet.set_freeze_panes(FORSTA, 2)?;
    sheet.set_selection(VAL_RAD, 1, VAL_RAD, 1)?;
    Ok(sheet)
}
