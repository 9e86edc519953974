//! Bortfall: who answered the surveys behind the area's indicators in the release year, and
//! every other indicator with bortfall.
//!
//! First a summary per survey-based indicator (kommuner with a value, with bortfall, with
//! sekretess, not applicable), then one row per kommun with, per indicator, the respondents or
//! units behind its value (the result row's `units`), `Ja` for a kommunenkät question the kommun
//! answered, or the symbol of the row's status.

use jamfor_engine::{Kon, Status};
use jamfor_spec::keywords::Family;
use jamfor_spec::manifest::{Indicator, Measure};
use rust_xlsxwriter::{Worksheet, XlsxError};

use super::bok::Bok;
use super::stil;

/// Whether the indicator belongs on the sheet: it rests on a kommunenkät or a user survey, or
/// some kommun has bortfall for it in the release year (a register value not reported), so that
/// every `-` of the workbook is counted here.
fn med_bortfall(bok: &Bok<'_>, indicator: &Indicator) -> bool {
    let enkat = indicator.sources().iter().any(|id| {
        bok.p
            .manifest
            .source(id)
            .is_some_and(|s| matches!(s.family, Family::Kommunenkat | Family::Brukarundersokning))
    });
    enkat
        || bok.kommuner.iter().any(|k| {
            bok.cell(indicator, bok.year(), k, Kon::T)
                .is_some_and(|(r, _)| r.status == Status::Bortfall)
        })
}

/// What the per-kommun column counts.
fn enhet(indicator: &Indicator) -> &'static str {
    match indicator.measure {
        Measure::SurveyShare { .. } | Measure::ResponseRate { .. } => "Antal svarande",
        Measure::ShareYes { .. } => "Svarande enheter",
        _ => "Besvarat",
    }
}

pub(crate) fn skriv(bok: &Bok<'_>) -> Result<Worksheet, XlsxError> {
    let mut sheet = Worksheet::new();
    sheet.set_name(super::BORTFALL)?;
    let year = bok.year();
    sheet.write_string_with_format(
        0,
        0,
        format!("Bortfall och svarande {year} – {}", bok.area.title),
        &stil::titel(),
    )?;
    let indicators: Vec<&Indicator> = bok
        .kommunindikatorer()
        .into_iter()
        .filter(|i| med_bortfall(bok, i))
        .collect();
    if indicators.is_empty() {
        sheet.write_string(
            2,
            0,
            "Området har inga indikatorer som bygger på kommunenkäten eller brukarundersökningar.",
        )?;
        return Ok(sheet);
    }
    sheet.merge_range(
        1,
        0,
        1,
        7,
        "Bortfall (-): kommunen har inte besvarat enkäten eller frågan, eller har inga svarande. \
         Antal svarande avser personer (brukarundersökningar) eller enheter (enhetsundersökningar).",
        &stil::brodtext(),
    )?;
    sheet.set_row_height(1, 32.0)?;

    let rubrik = stil::rubrik();
    let heads = [
        "Indikator",
        "Kommuner med värde",
        "Bortfall (-)",
        "Sekretess (..)",
        "Ej tillämplig (.)",
        "Andel bortfall (%)",
    ];
    for (col, head) in heads.iter().enumerate() {
        let col = u16::try_from(col).unwrap_or(u16::MAX);
        sheet.write_string_with_format(3, col, *head, &rubrik)?;
    }
    let heltal = stil::heltal();
    let procent = stil::heltal().set_num_format("0.0");
    let mut row = 4_u32;
    for indicator in &indicators {
        let mut counts = [0_u32; 4];
        for plats in &bok.kommuner {
            let status = bok
                .cell(indicator, year, plats, Kon::T)
                .map_or(Status::NotApplicable, |(r, _)| r.status);
            counts[match status {
                Status::Value => 0,
                Status::Bortfall => 1,
                Status::Confidential => 2,
                Status::NotApplicable => 3,
            }] += 1;
        }
        sheet.write_string_with_format(row, 0, &indicator.title, &stil::text())?;
        for (j, n) in counts.iter().enumerate() {
            let col = 1 + u16::try_from(j).unwrap_or(u16::MAX);
            sheet.write_number_with_format(row, col, f64::from(*n), &heltal)?;
        }
        let total: u32 = counts.iter().sum();
        if total > 0 {
            sheet.write_number_with_format(
                row,
                5,
                100.0 * f64::from(counts[1]) / f64::from(total),
                &procent,
            )?;
        }
        row += 1;
    }

    // Per kommun.
    let head_row = row + 1;
    sheet.merge_range(head_row, 0, head_row + 1, 0, "Kommunkod", &rubrik)?;
    sheet.merge_range(head_row, 1, head_row + 1, 1, "Kommun", &rubrik)?;
    let centred = stil::rubrik_centrerad();
    for (j, indicator) in indicators.iter().enumerate() {
        let col = 2 + u16::try_from(j).unwrap_or(u16::MAX);
        sheet.write_string_with_format(head_row, col, &indicator.title, &centred)?;
        sheet.write_string_with_format(head_row + 1, col, enhet(indicator), &centred)?;
        sheet.set_column_width(col, 18.0)?;
    }
    sheet.set_row_height(head_row, 75.0)?;
    sheet.set_column_width(0, 45.0)?;
    sheet.set_column_width(1, 18.0)?;
    let text = stil::text();
    let ja = stil::text().set_align(rust_xlsxwriter::FormatAlign::Center);
    let mut row = head_row + 2;
    for plats in &bok.kommuner {
        sheet.write_string_with_format(row, 0, &plats.kod, &text)?;
        sheet.write_string_with_format(row, 1, &plats.namn, &text)?;
        for (j, indicator) in indicators.iter().enumerate() {
            let col = 2 + u16::try_from(j).unwrap_or(u16::MAX);
            let cell = bok.cell(indicator, year, plats, Kon::T).map(|(r, _)| r);
            match cell.map(|r| (r.status, r.units)) {
                Some((Status::Value | Status::NotApplicable, Some(units)))
                    if enhet(indicator) != "Besvarat" =>
                {
                    sheet.write_number_with_format(row, col, units, &heltal)?;
                }
                Some((Status::Value, _)) => {
                    sheet.write_string_with_format(row, col, "Ja", &ja)?;
                }
                Some((status, _)) => {
                    let symbol = status.symbol();
                    sheet.write_string_with_format(
                        row,
                        col,
                        symbol,
                        &stil::symbol_format(symbol),
                    )?;
                }
                None => {
                    let dot = Status::NotApplicable.symbol();
                    sheet.write_string_with_format(row, col, dot, &stil::symbol_format(dot))?;
                }
            }
        }
        row += 1;
    }
    let last_col = 1 + u16::try_from(indicators.len()).unwrap_or(u16::MAX);
    sheet.autofilter(head_row + 1, 0, row - 1, last_col)?;
    sheet.set_freeze_panes(head_row + 2, 2)?;
    stil::utskrift(
        &mut sheet,
        true,
        false,
        Some((head_row, head_row + 1)),
        Some((0, 1)),
    )?;
    Ok(sheet)
}
