//! The Jämför sheet's kommun choice: the drop-down of kommun names, the kommun's län and
//! kommungrupp under it (formulas from the Kommuner sheet, by the chosen kommun's row), what
//! liknande kommuner are, and the symbols' key.

use rust_xlsxwriter::{
    Color, DataValidation, Format, FormatAlign, FormatBorder, Formula, Worksheet, XlsxError,
};

use super::super::book::{Book, Place};
use super::super::style;
use super::super::table::Table;
use super::{CHOICE_ROW, KOMMUN_NAME, LIKNANDE_ROW, ROW_COL, SYMBOL_ROW, cell_ref, places};

/// Writes the choice and the lines under it. `default_choice` is the kommun shown when the file
/// is opened; `liknande` whether the area has comparison groups, `by_name` whether each of a
/// kommun's liknande kommuner is shown by name.
pub(super) fn write(
    sheet: &mut Worksheet,
    bok: &Book<'_>,
    kommuner: &Table<'_>,
    default_choice: Option<&Place>,
    liknande: bool,
    by_name: bool,
) -> Result<(), XlsxError> {
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

    // The chosen kommun's row on the Kommuner sheet, found by its name (see the helper cells).
    let kommun_rad = cell_ref(ROW_COL, CHOICE_ROW);
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
    if liknande {
        let label = label.clone().set_align(FormatAlign::Top);
        sheet.write_string_with_format(LIKNANDE_ROW, 0, "Liknande kommuner", &label)?;
        // As wide as the kommun, its län, riket and its groups (B:H), four lines high.
        sheet.merge_range(
            LIKNANDE_ROW,
            1,
            LIKNANDE_ROW,
            7,
            &liknande_text(bok, by_name),
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
         egna värden längst till höger i tabellen."
    } else {
        "Deras ovägda medelvärde visas i kolumnen Liknande kommuner."
    };
    format!(
        "De kommuner som mest liknar kommunen i de bakgrundsmått som har betydelse för just detta \
         område{grund}; kommunen själv ingår inte. {visas} Grupperna skiljer sig mellan \
         områdena, eftersom olika förutsättningar spelar roll för olika verksamheter."
    )
}
