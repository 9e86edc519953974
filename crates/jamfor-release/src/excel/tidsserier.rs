//! Tidsserier: the total of every indicator for every year of the release, one row per indicator
//! and place (riket, län, kommungrupper, then kommuner), one column per year, coloured by each
//! year's rule.

use jamfor_engine::{GeoLevel, Kon};
use jamfor_spec::keywords::Level;
use jamfor_spec::manifest::Indicator;
use rust_xlsxwriter::{Worksheet, XlsxError};

use super::bok::{Bok, Plats};
use super::stil;
use super::varde::Varde;

fn publicerad(indicator: &Indicator, plats: &Plats) -> bool {
    let level = match plats.level {
        GeoLevel::Riket => Level::Riket,
        GeoLevel::Lan => Level::Lan,
        // Comparable kommuner are published wherever kommun values are.
        GeoLevel::Kommun | GeoLevel::Liknande => Level::Kommun,
        GeoLevel::Kommungrupp => Level::Kommungrupp,
        GeoLevel::Stadsdel => Level::Stadsdel,
        GeoLevel::Enhet => Level::Enhet,
    };
    indicator.levels.contains(&level)
}

pub(crate) fn skriv(bok: &Bok<'_>) -> Result<Worksheet, XlsxError> {
    let mut sheet = Worksheet::new();
    sheet.set_name(super::TIDSSERIER)?;
    let years = bok.p.release.years();
    sheet.write_string_with_format(
        0,
        0,
        format!(
            "Tidsserier {}–{}, totalt – {}",
            years.first().copied().unwrap_or_default(),
            years.last().copied().unwrap_or_default(),
            bok.area.title
        ),
        &stil::titel(),
    )?;
    let rubrik = stil::rubrik();
    let heads = [
        ("Kod", 7.0),
        ("Namn", 24.0),
        ("Nivå", 13.0),
        ("Indikator", 60.0),
    ];
    for (col, (heading, width)) in heads.iter().enumerate() {
        let col = u16::try_from(col).unwrap_or(u16::MAX);
        sheet.write_string_with_format(1, col, *heading, &rubrik)?;
        sheet.set_column_width(col, *width)?;
    }
    let first_year_col = u16::try_from(heads.len()).unwrap_or(u16::MAX);
    for (j, year) in years.iter().enumerate() {
        let col = first_year_col + u16::try_from(j).unwrap_or(u16::MAX);
        sheet.write_string_with_format(1, col, year.to_string(), &rubrik)?;
        sheet.set_column_width(col, 9.0)?;
    }

    let text = stil::text();
    let mut row = 2_u32;
    for indicator in &bok.indicators {
        for plats in bok.overgripande.iter().chain(&bok.kommuner) {
            if !publicerad(indicator, plats) {
                continue;
            }
            sheet.write_string_with_format(row, 0, &plats.kod, &text)?;
            sheet.write_string_with_format(row, 1, &plats.namn, &text)?;
            sheet.write_string_with_format(row, 2, plats.niva(), &text)?;
            sheet.write_string_with_format(row, 3, &indicator.title, &text)?;
            for (j, year) in years.iter().enumerate() {
                let col = first_year_col + u16::try_from(j).unwrap_or(u16::MAX);
                Varde::av(indicator, bok.cell(indicator, *year, plats, Kon::T)).skriv(
                    &mut sheet,
                    row,
                    col,
                    indicator,
                    plats.level,
                )?;
            }
            row += 1;
        }
    }
    let last_col = first_year_col + u16::try_from(years.len()).unwrap_or(u16::MAX) - 1;
    sheet.set_freeze_panes(2, 2)?;
    sheet.autofilter(1, 0, row.saturating_sub(1).max(1), last_col)?;
    stil::utskrift(&mut sheet, true, false, Some((1, 1)), Some((0, 1)))?;
    Ok(sheet)
}
