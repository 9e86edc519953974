//! The two value sheets, Kommuner and Län och riket: one row per place, for each indicator its
//! title over columns for totalt, kvinnor and män, values coloured by the rule and symbols where
//! there is no value. Each comes with a hidden twin holding the identifying columns and the colour
//! words cell for cell, which the Jämför sheet reads, by code, to colour its lookups.

use jamfor_engine::Kon;
use jamfor_spec::manifest::Indicator;
use rust_xlsxwriter::{Worksheet, XlsxError};

use super::book::{Book, Column, Place, columns, kon_name};
use super::style;
use super::value::Styles;

/// Rows above the first place: the title, the indicator titles, the kön.
pub(crate) const FIRST_ROW: u32 = 3;

/// An identifying column at the left: heading, width and what it shows of a place.
pub(crate) struct IdColumn {
    pub(crate) heading: &'static str,
    pub(crate) bredd: f64,
    pub(crate) varde: fn(&Place) -> &str,
}

/// The layout of a value sheet, shared with the Jämför sheet's formulas.
pub(crate) struct Table<'a> {
    /// Sheet name.
    pub(crate) name: &'static str,
    /// Its hidden twin with the colour words.
    pub(crate) fargnamn: &'static str,
    pub(crate) places: &'a [Place],
    pub(crate) id: &'a [IdColumn],
    pub(crate) columns: Vec<Column<'a>>,
}

impl<'a> Table<'a> {
    pub(crate) fn new(
        name: &'static str,
        fargnamn: &'static str,
        places: &'a [Place],
        id: &'a [IdColumn],
        indicators: &[&'a Indicator],
    ) -> Self {
        let first = u16::try_from(id.len()).unwrap_or(u16::MAX);
        Table {
            name,
            fargnamn,
            places,
            id,
            columns: columns(indicators, first),
        }
    }

    /// The indicators of the sheet, in column order, each once.
    pub(crate) fn indikatorer(&self) -> Vec<&'a Indicator> {
        let mut out: Vec<&'a Indicator> = Vec::new();
        for k in &self.columns {
            if out.last().is_none_or(|i| i.id != k.indicator.id) {
                out.push(k.indicator);
            }
        }
        out
    }

    /// The column of an indicator and kön, if the sheet has it.
    pub(crate) fn column(&self, indicator: &Indicator, kon: Kon) -> Option<u16> {
        self.columns
            .iter()
            .find(|k| k.indicator.id == indicator.id && k.kon == kon)
            .map(|k| k.col)
    }

    /// The last row holding a place (0-based).
    pub(crate) fn last_row(&self) -> u32 {
        FIRST_ROW + u32::try_from(self.places.len()).unwrap_or(u32::MAX) - 1
    }

    /// The value sheet and its hidden colour twin.
    pub(crate) fn write(
        &self,
        bok: &Book<'_>,
        titel: &str,
    ) -> Result<(Worksheet, Worksheet), XlsxError> {
        let mut sheet = Worksheet::new();
        sheet.set_name(self.name)?;
        let mut farg = Worksheet::new();
        farg.set_name(self.fargnamn)?;
        farg.set_hidden(true);

        sheet.write_string_with_format(0, 0, titel, &style::title())?;
        let heading = style::heading();
        for (col, id) in self.id.iter().enumerate() {
            let col = u16::try_from(col).unwrap_or(u16::MAX);
            sheet.merge_range(1, col, 2, col, id.heading, &heading)?;
            sheet.set_column_width(col, id.bredd)?;
        }
        self.rubriker(&mut sheet)?;

        let year = bok.year();
        let stilar: Vec<Styles> = self
            .columns
            .iter()
            .map(|k| Styles::new(k.indicator))
            .collect();
        for (i, plats) in self.places.iter().enumerate() {
            let row = FIRST_ROW + u32::try_from(i).unwrap_or(u32::MAX);
            for (col, id) in self.id.iter().enumerate() {
                let col = u16::try_from(col).unwrap_or(u16::MAX);
                sheet.write_string_with_format(row, col, (id.varde)(plats), &style::text())?;
                // The twin carries the codes too: the Jämför sheet finds a place's colour by
                // its code, never by its row on the value sheet, which a reader may sort.
                farg.write_string(row, col, (id.varde)(plats))?;
            }
            for (k, stilar) in self.columns.iter().zip(&stilar) {
                let varde = bok.varde(k.indicator, year, plats, k.kon);
                varde.write(&mut sheet, row, k.col, stilar, plats.level)?;
                farg.write_string(row, k.col, varde.farg())?;
            }
        }

        let last_col = self.columns.last().map_or(0, |k| k.col);
        let id_cols = u16::try_from(self.id.len()).unwrap_or(u16::MAX);
        sheet.set_freeze_panes(FIRST_ROW, id_cols.min(2))?;
        sheet.autofilter(2, 0, self.last_row(), last_col)?;
        style::print_setup(&mut sheet, true, false, Some((1, 2)), Some((0, 1)))?;
        // Wide tables: at three quarters a printed page holds several indicators.
        sheet.set_print_scale(75);
        Ok((sheet, farg))
    }

    /// Indicator titles over their kön columns, and the kön headings.
    fn rubriker(&self, sheet: &mut Worksheet) -> Result<(), XlsxError> {
        let heading = style::heading_centred();
        let mut longest_line = 0.0_f64;
        let mut i = 0;
        while i < self.columns.len() {
            let first = self.columns[i];
            let run: Vec<&Column<'_>> = self.columns[i..]
                .iter()
                .take_while(|k| k.indicator.id == first.indicator.id)
                .collect();
            let last = run.last().map_or(first.col, |k| k.col);
            // One indicator alone gets a wider column so its title wraps onto fewer lines.
            let width = if run.len() == 1 { 16.0 } else { 10.0 };
            for k in &run {
                sheet.set_column_width(k.col, width)?;
                sheet.write_string_with_format(2, k.col, kon_name(k.kon), &heading)?;
            }
            let title = &first.indicator.title;
            if last > first.col {
                sheet.merge_range(1, first.col, 1, last, title, &heading)?;
            } else {
                sheet.write_string_with_format(1, first.col, title, &heading)?;
            }
            // Characters per line at roughly one character per unit of width.
            let chars = width * run.len() as f64;
            longest_line = longest_line.max((title.chars().count() as f64 / chars).ceil());
            i += run.len();
        }
        sheet.set_row_height(1, 15.0 * longest_line.clamp(2.0, 8.0))?;
        Ok(())
    }
}
