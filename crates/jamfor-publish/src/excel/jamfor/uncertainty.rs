//! The chosen kommun's uncertainty on the Jämför table: its 95 % interval (marked when wide)
//! and, for brukarundersökningar, its number of respondents, in two columns after its colour
//! word. Both come from the hidden interval sheet by the kommun's code, in a helper cell below
//! the comparison columns' helpers, so sorting or filtering any sheet changes nothing.

use jamfor_engine::Kon;
use jamfor_spec::manifest::Indicator;
use rust_xlsxwriter::{
    Color, ConditionalFormatText, ConditionalFormatTextRule, Format, FormatAlign, FormatBorder,
    Formula, Worksheet, XlsxError,
};

use super::super::book::{Book, Place};
use super::super::intervall::{BRETT, Entry, Intervall};
use super::super::style;
use super::comparison::code;
use super::{CODE_COL, FIRST, ROW_COL, cell_ref};

/// Columns the kommun's uncertainty takes: interval, respondents.
pub(super) const WIDTH: u16 = 2;

/// Font colour of a wide interval: dark orange, readable on white and distinct from the
/// value fills.
const WIDE: u32 = 0x009C_5700;

/// Where the uncertainty columns sit and what they read.
pub(super) struct Columns<'t, 'a> {
    intervall: &'t Intervall<'a>,
    /// The interval column; the respondents follow.
    col: u16,
    /// The helper cell holding the chosen kommun's row on the interval sheet.
    rad: String,
}

impl<'t, 'a> Columns<'t, 'a> {
    pub(super) fn new(intervall: &'t Intervall<'a>, col: u16) -> Self {
        Columns {
            intervall,
            col,
            rad: String::new(),
        }
    }

    /// The helper cells in `row`: the chosen kommun's code and its row on the interval sheet.
    pub(super) fn write_help(
        &mut self,
        sheet: &mut Worksheet,
        bok: &Book<'_>,
        default_choice: Option<&Place>,
        row: u32,
    ) -> Result<(), XlsxError> {
        let mut f = Formula::new(format!("={}", code(0)));
        if let Some(k) = default_choice {
            f = f.set_result(&k.code);
        }
        sheet.write_formula(row, CODE_COL, f)?;
        let mut f = Formula::new(format!(
            "=MATCH({},{},0)",
            cell_ref(CODE_COL, row),
            self.intervall.codes()
        ));
        if let Some(i) = default_choice.and_then(|k| bok.kommuner.iter().position(|p| p == k)) {
            f = f.set_result((i + 1).to_string());
        }
        sheet.write_formula(row, ROW_COL, f)?;
        self.rad = cell_ref(ROW_COL, row);
        Ok(())
    }

    pub(super) fn write_headings(
        &self,
        sheet: &mut Worksheet,
        head: u32,
        heading: &Format,
    ) -> Result<(), XlsxError> {
        sheet.write_string_with_format(head, self.col, "Kommunens 95 %-intervall", heading)?;
        sheet.write_string_with_format(head, self.col + 1, "Svarande", heading)?;
        Ok(())
    }

    /// The kommun's interval and respondents for one indicator and kön; blank cells with a
    /// border where the indicator has no interval.
    pub(super) fn write_cell(
        &self,
        sheet: &mut Worksheet,
        bok: &Book<'_>,
        default_choice: Option<&Place>,
        indicator: &Indicator,
        kon: Kon,
        row: u32,
    ) -> Result<(), XlsxError> {
        let text = style::text()
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin);
        let number = style::integer()
            .set_align(FormatAlign::Top)
            .set_border(FormatBorder::Thin);
        let (Some(intervals), Some(respondents)) = (
            self.intervall.intervals(indicator, kon),
            self.intervall.respondents(indicator, kon),
        ) else {
            sheet.write_blank(row, self.col, &text)?;
            sheet.write_blank(row, self.col + 1, &number)?;
            return Ok(());
        };
        let cached = default_choice.map_or(
            Entry {
                interval: String::new(),
                respondents: None,
            },
            |k| Intervall::entry(bok, indicator, kon, k),
        );
        let rad = &self.rad;
        let f = Formula::new(format!("=IFERROR(INDEX({intervals},{rad})&\"\",\"\")"))
            .set_result(&cached.interval);
        sheet.write_formula_with_format(row, self.col, f, &text)?;
        // A blank cell of the sheet reads as 0 through INDEX: show it blank.
        let f = Formula::new(format!(
            "=IFERROR(IF(INDEX({respondents},{rad})=\"\",\"\",INDEX({respondents},{rad})),\"\")"
        ))
        .set_result(
            cached
                .respondents
                .map(|n| n.to_string())
                .unwrap_or_default(),
        );
        sheet.write_formula_with_format(row, self.col + 1, f, &number)?;
        Ok(())
    }

    /// Marks wide intervals and sets the columns' widths.
    pub(super) fn finish(&self, sheet: &mut Worksheet, last_row: u32) -> Result<(), XlsxError> {
        let rule = ConditionalFormatText::new()
            .set_rule(ConditionalFormatTextRule::Contains(BRETT.to_string()))
            .set_format(Format::new().set_font_color(Color::RGB(WIDE)).set_bold());
        sheet.add_conditional_format(FIRST, self.col, last_row, self.col, &rule)?;
        sheet.set_column_width(self.col, 15.0)?;
        sheet.set_column_width(self.col + 1, 10.0)?;
        Ok(())
    }
}
