//! The Jämför sheet's choice of the indicator its charts show, and the charts under it (see
//! [`super::super::chart`], which writes the hidden sheet the charts plot).

use rust_xlsxwriter::{Color, DataValidation, Format, FormatBorder, Formula, Worksheet, XlsxError};

use super::super::book::{Book, Place};
use super::super::chart::{self, CHART_WIDTH, INDICATOR_NAME};
use super::super::style;
use super::super::tidsserier::Tidsserier;
use super::{CHART_CHOICE, CHOICE_ROW, CODE_COL, FIRST, FIRST_VALUE, cell_ref};

/// The choice of the charts' indicator and the two charts, above the table; returns the hidden
/// sheet they plot.
pub(super) fn write(
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
        indikator: format!("'{}'!{}", super::super::JAMFOR, cell_ref(1, CHART_CHOICE)),
        kommun: (
            format!("'{}'!{}", super::super::JAMFOR, cell_ref(1, CHOICE_ROW)),
            format!(
                "'{}'!{}",
                super::super::JAMFOR,
                cell_ref(CODE_COL, CHOICE_ROW)
            ),
        ),
        lan: (
            format!("'{}'!{}", super::super::JAMFOR, cell_ref(1, CHOICE_ROW + 1)),
            format!(
                "'{}'!{}",
                super::super::JAMFOR,
                cell_ref(CODE_COL, CHOICE_ROW + 1)
            ),
        ),
        // The kommungrupp column's heading names it.
        kommungrupp: (
            format!(
                "'{}'!{}",
                super::super::JAMFOR,
                cell_ref(FIRST_VALUE + 3, FIRST - 1)
            ),
            format!(
                "'{}'!{}",
                super::super::JAMFOR,
                cell_ref(CODE_COL, CHOICE_ROW + 3)
            ),
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
