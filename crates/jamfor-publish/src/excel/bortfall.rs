//! Bortfall: where figures did not come in, for every indicator of the area with bortfall — the
//! kommunenkät and the user surveys, and register indicators with a kommun that did not report —
//! in every year of the release.
//!
//! First a summary per indicator: kommuner with a value, bortfall, sekretess and not applicable
//! in the release year, and the number of kommuner with bortfall in each year. Then one row per
//! kommun: how many of the indicators had bortfall in each year, and per indicator in the release
//! year the respondents or units behind its value, "uppgift finns" where a figure came in, or the
//! symbol of the row's status. Never "Ja": beside yes/no indicators that would read as the
//! kommun's answer.

use jamfor_engine::{Kon, Status};
use jamfor_spec::keywords::Family;
use jamfor_spec::manifest::{Indicator, Measure};
use rust_xlsxwriter::{FormatAlign, Worksheet, XlsxError};

use super::book::Book;
use super::style;

/// What a kommun's cell says when a figure came in and no count of respondents applies.
const HAS_FIGURES: &str = "uppgift finns";

/// Whether the indicator rests on a kommunenkät or a user survey.
fn enkat(bok: &Book<'_>, indicator: &Indicator) -> bool {
    indicator.sources().iter().any(|id| {
        bok.p
            .manifest
            .source(id)
            .is_some_and(|s| matches!(s.family, Family::Kommunenkat | Family::Brukarundersokning))
    })
}

/// The status of a kommun's total, `.` where it has no row.
fn status(bok: &Book<'_>, indicator: &Indicator, year: i32, kommun: usize) -> Status {
    bok.cell(indicator, year, &bok.kommuner[kommun], Kon::T)
        .map_or(Status::NotApplicable, |(r, _)| r.status)
}

/// What the per-kommun column counts.
fn enhet(indicator: &Indicator) -> &'static str {
    match indicator.measure {
        Measure::SurveyShare { .. } | Measure::ResponseRate { .. } => "Antal svarande",
        Measure::ShareYes { .. } => "Svarande enheter",
        _ => "Uppgift",
    }
}

pub(crate) fn write(bok: &Book<'_>) -> Result<Worksheet, XlsxError> {
    let mut sheet = Worksheet::new();
    sheet.set_name(super::BORTFALL)?;
    let year = bok.year();
    let years = bok.p.release.years();
    sheet.write_string_with_format(
        0,
        0,
        format!(
            "Bortfall {}–{year} – {}",
            years.first().copied().unwrap_or(year),
            bok.area.title
        ),
        &style::title(),
    )?;
    // Every indicator with bortfall in some year, and every survey-based one.
    let kommuner = 0..bok.kommuner.len();
    let indicators: Vec<&Indicator> = bok
        .kommun_indicators()
        .into_iter()
        .filter(|i| {
            enkat(bok, i)
                || years.iter().any(|y| {
                    kommuner
                        .clone()
                        .any(|k| status(bok, i, *y, k) == Status::Bortfall)
                })
        })
        .collect();
    if indicators.is_empty() {
        sheet.write_string(
            2,
            0,
            "Inga indikatorer i området har bortfall, och inga bygger på kommunenkäten eller \
             brukarundersökningar.",
        )?;
        return Ok(sheet);
    }
    sheet.merge_range(
        1,
        0,
        1,
        7,
        "Bortfall (-): det finns något att mäta men uppgiften kom inte in, till exempel när \
         kommunen inte har besvarat enkäten eller frågan, när ingen av de tillfrågade har svarat \
         eller när kommunen inte har rapporterat uppgiften till registret. Antal svarande avser \
         personer (brukarundersökningar) eller enheter (enhetsundersökningar).",
        &style::body_text(),
    )?;
    sheet.set_row_height(1, 48.0)?;

    // Per indicator: the release year's statuses, then the kommuner with bortfall each year.
    let heading = style::heading();
    let mut heads: Vec<String> = [
        "Indikator",
        "Kommuner med värde",
        "Bortfall (-)",
        "Sekretess (..)",
        "Ej tillämplig (.)",
        "Andel bortfall (%)",
    ]
    .iter()
    .map(|h| format!("{h} {year}"))
    .collect();
    heads[0] = "Indikator".to_string();
    heads.extend(years.iter().map(|y| format!("Kommuner med bortfall {y}")));
    for (col, head) in (0_u16..).zip(&heads) {
        sheet.write_string_with_format(3, col, head, &heading)?;
    }
    // Four lines: "Kommuner med bortfall 2021" in a narrow column.
    sheet.set_row_height(3, 60.0)?;
    let integer = style::integer();
    let procent = style::integer().set_num_format("0.0");
    let mut row = 4_u32;
    for indicator in &indicators {
        let mut counts = [0_u32; 4];
        for k in kommuner.clone() {
            counts[match status(bok, indicator, year, k) {
                Status::Value => 0,
                Status::Bortfall => 1,
                Status::Confidential => 2,
                Status::NotApplicable => 3,
            }] += 1;
        }
        // Wrapped: the title column is shared with the kommun codes below, so it stays narrow.
        let titel = style::body_text().set_border(rust_xlsxwriter::FormatBorder::Thin);
        sheet.write_string_with_format(row, 0, &indicator.title, &titel)?;
        // Tall enough for the wrapped title (about 45 characters a line in the 45-wide column).
        let lines = (indicator.title.chars().count() as f64 / 45.0)
            .ceil()
            .max(1.0);
        sheet.set_row_height(row, 15.0 * lines)?;
        for (col, n) in (1_u16..).zip(counts) {
            sheet.write_number_with_format(row, col, f64::from(n), &integer)?;
        }
        let total: u32 = counts.iter().sum();
        if total > 0 {
            let share = 100.0 * f64::from(counts[1]) / f64::from(total);
            sheet.write_number_with_format(row, 5, share, &procent)?;
        }
        for (col, y) in (6_u16..).zip(&years) {
            let n = kommuner
                .clone()
                .filter(|k| status(bok, indicator, *y, *k) == Status::Bortfall)
                .count();
            sheet.write_number_with_format(row, col, n as f64, &integer)?;
        }
        row += 1;
    }

    // Per kommun: indicators with bortfall each year, then the release year per indicator.
    let head_row = row + 1;
    sheet.merge_range(head_row, 0, head_row + 1, 0, "Kommunkod", &heading)?;
    sheet.merge_range(head_row, 1, head_row + 1, 1, "Kommun", &heading)?;
    let centred = style::heading_centred();
    let forsta_ar = 2_u16;
    let antal_ar = u16::try_from(years.len()).unwrap_or(1);
    let sista_ar = forsta_ar + antal_ar - 1;
    let text = "Antal indikatorer med bortfall";
    if sista_ar > forsta_ar {
        sheet.merge_range(head_row, forsta_ar, head_row, sista_ar, text, &centred)?;
    } else {
        sheet.write_string_with_format(head_row, forsta_ar, text, &centred)?;
    }
    for (col, y) in (forsta_ar..).zip(&years) {
        sheet.write_number_with_format(head_row + 1, col, f64::from(*y), &centred)?;
        sheet.set_column_width(col, 8.0)?;
    }
    let forsta_indikator = sista_ar + 1;
    for (col, indicator) in (forsta_indikator..).zip(&indicators) {
        sheet.write_string_with_format(head_row, col, &indicator.title, &centred)?;
        let under = format!("{} {year}", enhet(indicator));
        sheet.write_string_with_format(head_row + 1, col, &under, &centred)?;
        sheet.set_column_width(col, 18.0)?;
    }
    sheet.set_row_height(head_row, 75.0)?;
    sheet.set_column_width(0, 45.0)?;
    sheet.set_column_width(1, 18.0)?;
    let text = style::text();
    let finns = style::text().set_align(FormatAlign::Center);
    let mut row = head_row + 2;
    for (k, plats) in bok.kommuner.iter().enumerate() {
        sheet.write_string_with_format(row, 0, &plats.code, &text)?;
        sheet.write_string_with_format(row, 1, &plats.name, &text)?;
        for (col, y) in (forsta_ar..).zip(&years) {
            let n = indicators
                .iter()
                .filter(|i| status(bok, i, *y, k) == Status::Bortfall)
                .count();
            sheet.write_number_with_format(row, col, n as f64, &integer)?;
        }
        for (col, indicator) in (forsta_indikator..).zip(&indicators) {
            let cell = bok.cell(indicator, year, plats, Kon::T).map(|(r, _)| r);
            match cell.map(|r| (r.status, r.units)) {
                Some((Status::Value | Status::NotApplicable, Some(units)))
                    if enhet(indicator) != "Uppgift" =>
                {
                    sheet.write_number_with_format(row, col, units, &integer)?;
                }
                Some((Status::Value, _)) => {
                    sheet.write_string_with_format(row, col, HAS_FIGURES, &finns)?;
                }
                Some((status, _)) => {
                    let symbol = status.symbol();
                    sheet.write_string_with_format(
                        row,
                        col,
                        symbol,
                        &style::symbol_format(symbol),
                    )?;
                }
                None => {
                    let dot = Status::NotApplicable.symbol();
                    sheet.write_string_with_format(row, col, dot, &style::symbol_format(dot))?;
                }
            }
        }
        row += 1;
    }
    let last_col = forsta_indikator + u16::try_from(indicators.len()).unwrap_or(1) - 1;
    sheet.autofilter(head_row + 1, 0, row - 1, last_col)?;
    sheet.set_freeze_panes(head_row + 2, 2)?;
    style::print_setup(
        &mut sheet,
        true,
        false,
        Some((head_row, head_row + 1)),
        Some((0, 1)),
    )?;
    Ok(sheet)
}
