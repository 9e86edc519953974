//! The workbook's look: fills for the colours, number formats per indicator, headings.
//!
//! Fills are soft so black text stays readable on screen, in print and for readers with reduced
//! colour vision (the Jämför sheet and the legend also spell the colour out).

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder};

use jamfor_spec::manifest::{Indicator, Measure};

use jamfor_assess::Colour;

/// Fill of a green value.
pub(crate) const GREEN: u32 = 0x00C6_EFCE;
/// Fill of a yellow value.
pub(crate) const YELLOW: u32 = 0x00FF_EB9C;
/// Fill of a red value.
pub(crate) const RED: u32 = 0x00FF_C7CE;
/// Fill of a cell without a value (a symbol) where no particular symbol's fill applies, and of a
/// group mean withheld for resting on too few kommuner ("för få").
pub(crate) const GREY: u32 = 0x00D9_D9D9;
/// Fills of the three symbols, told apart at a glance: `..` (sekretess) a darker grey, `-`
/// (bortfall) a light lilac, `.` (ej tillämplig) the lightest grey.
pub(crate) const SEKRETESS: u32 = 0x00BF_BFBF;
pub(crate) const BORTFALL: u32 = 0x00E4_DFEC;
pub(crate) const EJ_TILLAMPLIG: u32 = 0x00F2_F2F2;

/// The fill of a symbol.
pub(crate) fn symbol_fill(symbol: &str) -> u32 {
    match symbol {
        ".." => SEKRETESS,
        "-" => BORTFALL,
        "." => EJ_TILLAMPLIG,
        _ => GREY,
    }
}
/// Fill of the cell where the reader chooses a kommun.
pub(crate) const CHOICE: u32 = 0x00FF_F2CC;
/// Fill of headings.
const HEADING: u32 = 0x00DD_EBF7;

/// The fill of a colour.
pub(crate) fn fill(colour: Colour) -> u32 {
    match colour {
        Colour::Green => GREEN,
        Colour::Yellow => YELLOW,
        Colour::Red => RED,
    }
}

/// The sheet title in the first row.
pub(crate) fn title() -> Format {
    Format::new().set_bold().set_font_size(14)
}

/// A heading of a section on a text sheet.
pub(crate) fn section() -> Format {
    Format::new().set_bold().set_font_size(12)
}

/// Column headings.
pub(crate) fn heading() -> Format {
    Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_background_color(Color::RGB(HEADING))
        .set_border(FormatBorder::Thin)
}

/// Column headings over a run of value columns, centred.
pub(crate) fn heading_centred() -> Format {
    heading().set_align(FormatAlign::Center)
}

/// Wrapped body text, top-aligned.
pub(crate) fn body_text() -> Format {
    Format::new().set_text_wrap().set_align(FormatAlign::Top)
}

/// Plain text cells of a table (codes, names).
pub(crate) fn text() -> Format {
    Format::new().set_border(FormatBorder::Thin)
}

/// Plain whole numbers (counts in the Bortfall sheet).
pub(crate) fn integer() -> Format {
    Format::new()
        .set_num_format("#,##0")
        .set_border(FormatBorder::Thin)
}

/// The Excel number format of an indicator's values: its decimals, with a thousands separator.
/// A yes/no indicator's kommun value (100 or 0) reads "Ja" or "Nej" while staying a number.
pub(crate) fn number_format(indicator: &Indicator, kommun: bool) -> String {
    if kommun && is_yes_no(indicator) {
        return "[=100]\"Ja\";[=0]\"Nej\";0".to_string();
    }
    let mut format = "#,##0".to_string();
    if indicator.decimals > 0 {
        format.push('.');
        format.extend(std::iter::repeat_n('0', usize::from(indicator.decimals)));
    }
    format
}

/// Whether the indicator is a yes/no answer per kommun.
pub(crate) fn is_yes_no(indicator: &Indicator) -> bool {
    matches!(indicator.measure, Measure::YesNo { .. })
}

/// A value cell: the indicator's number format and the colour's fill.
pub(crate) fn varde(indicator: &Indicator, kommun: bool, colour: Option<Colour>) -> Format {
    let format = Format::new()
        .set_num_format(number_format(indicator, kommun))
        .set_border(FormatBorder::Thin);
    match colour {
        Some(c) => format.set_background_color(Color::RGB(fill(c))),
        None => format,
    }
}

/// A cell showing a symbol, in the symbol's own fill.
pub(crate) fn symbol_format(symbol: &str) -> Format {
    Format::new()
        .set_align(FormatAlign::Center)
        .set_background_color(Color::RGB(symbol_fill(symbol)))
        .set_border(FormatBorder::Thin)
}

/// A legend swatch.
pub(crate) fn swatch(fill: u32) -> Format {
    Format::new()
        .set_background_color(Color::RGB(fill))
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
}

/// Print layout: A4, landscape for the tables, one page wide where the sheet is narrow enough,
/// headings (and the name columns) repeated on every page. The PDF a reader prints, and the
/// pictures in the README, come from this.
pub(crate) fn print_setup(
    sheet: &mut rust_xlsxwriter::Worksheet,
    liggande: bool,
    en_sida_bred: bool,
    rubrikrader: Option<(u32, u32)>,
    namnkolumner: Option<(u16, u16)>,
) -> Result<(), rust_xlsxwriter::XlsxError> {
    // 9 is A4 in the paper sizes of the file format.
    sheet.set_paper_size(9);
    if liggande {
        sheet.set_landscape();
    }
    if en_sida_bred {
        sheet.set_print_fit_to_pages(1, 0);
    }
    if let Some((first, last)) = rubrikrader {
        sheet.set_repeat_rows(first, last)?;
    }
    if let Some((first, last)) = namnkolumner {
        sheet.set_repeat_columns(first, last)?;
    }
    Ok(())
}
