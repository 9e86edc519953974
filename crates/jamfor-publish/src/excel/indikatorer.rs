//! Indikatorer: every indicator of the area with its full description, one row each.

use jamfor_spec::manifest::Indicator;
use rust_xlsxwriter::{Worksheet, XlsxError};

use super::book::{Book, kon_of};
use super::{style, text};

/// Heading, width and content of each column.
type Falt = (&'static str, f64, fn(&Indicator) -> String);

fn opt(v: &Option<String>) -> String {
    v.clone().unwrap_or_default()
}

const COMPARABLE_FROM: &str = "Jämförbar från";

const FIELDS: &[Falt] = &[
    ("Id", 24.0, |i| i.id.clone()),
    ("Indikator", 45.0, |i| i.title.clone()),
    ("Typ av mått", 18.0, |i| text::kind(i.kind).to_string()),
    ("Kvalitetsdimension", 17.0, |i| {
        i.dimension
            .map(text::dimension)
            .unwrap_or_default()
            .to_string()
    }),
    ("Indikatortyp", 12.0, |i| {
        i.indicator_type
            .map(text::indicator_type)
            .unwrap_or_default()
            .to_string()
    }),
    ("Önskad riktning", 17.0, |i| {
        text::direction(i.direction).to_string()
    }),
    ("Målnivå", 9.0, |i| {
        i.target.map(text::tal).unwrap_or_default()
    }),
    ("Enhet", 16.0, |i| text::unit(i.unit).to_string()),
    ("Decimaler", 10.0, |i| i.decimals.to_string()),
    ("Beräkning", 28.0, |i| {
        text::measure(&i.measure).to_string()
    }),
    ("Vad visar indikatorn", 50.0, |i| {
        i.description.shows.clone()
    }),
    ("Täljare", 35.0, |i| opt(&i.description.numerator)),
    ("Nämnare", 35.0, |i| opt(&i.description.denominator)),
    ("Källa", 30.0, |i| opt(&i.description.source)),
    ("Tolkning", 45.0, |i| opt(&i.description.interpretation)),
    ("Felkällor", 35.0, |i| opt(&i.description.error_sources)),
    ("Färgregel", 40.0, text::colour_rule),
    ("Kön", 16.0, |i| {
        if kon_of(i).len() > 1 {
            "Totalt, kvinnor, män".to_string()
        } else {
            "Totalt".to_string()
        }
    }),
    (COMPARABLE_FROM, 11.0, |i| {
        i.comparable_from.map(|y| y.to_string()).unwrap_or_default()
    }),
];

pub(crate) fn write(bok: &Book<'_>) -> Result<Worksheet, XlsxError> {
    let mut sheet = Worksheet::new();
    sheet.set_name(super::INDIKATORER)?;
    sheet.write_string_with_format(
        0,
        0,
        format!("Indikatorer – {}", bok.area.title),
        &style::title(),
    )?;
    // "Jämförbar från" only when some indicator of the area says from which year it is
    // comparable; a column left empty throughout would read as missing information.
    let jamforbar = bok.indicators.iter().any(|i| i.comparable_from.is_some());
    let falt: Vec<&Falt> = FIELDS
        .iter()
        .filter(|(heading, _, _)| jamforbar || *heading != COMPARABLE_FROM)
        .collect();
    let rubrik = style::heading();
    let body = style::body_text().set_border(rust_xlsxwriter::FormatBorder::Thin);
    for (col, (heading, width, _)) in falt.iter().enumerate() {
        let col = u16::try_from(col).unwrap_or(u16::MAX);
        sheet.write_string_with_format(1, col, *heading, &rubrik)?;
        sheet.set_column_width(col, *width)?;
    }
    for (i, indicator) in bok.indicators.iter().enumerate() {
        let row = 2 + u32::try_from(i).unwrap_or(u32::MAX);
        let mut lines = 1.0_f64;
        for (col, (_, width, value)) in falt.iter().enumerate() {
            let text = value(indicator);
            lines = lines.max((text.chars().count() as f64 / width).ceil());
            let col = u16::try_from(col).unwrap_or(u16::MAX);
            sheet.write_string_with_format(row, col, text, &body)?;
        }
        sheet.set_row_height(row, 15.0 * lines.min(12.0))?;
    }
    let last_row = 1 + u32::try_from(bok.indicators.len()).unwrap_or(u32::MAX);
    let last_col = u16::try_from(falt.len() - 1).unwrap_or(u16::MAX);
    sheet.set_freeze_panes(2, 2)?;
    sheet.autofilter(1, 0, last_row, last_col)?;
    style::print_setup(&mut sheet, true, false, Some((1, 1)), Some((0, 1)))?;
    Ok(sheet)
}
