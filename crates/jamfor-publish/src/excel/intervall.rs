//! A hidden sheet with every kommun's 95 % intervals and numbers of respondents, which the
//! Jämför sheet reads for the chosen kommun: found by the kommun's code, so sorting any sheet
//! changes nothing.
//!
//! One row per kommun; per indicator and kön that has an interval for some kommun, two columns:
//! the interval as shown ("62–78", with ", brett" when it is wide: [`jamfor_assess::interval::wide`])
//! and, for brukarundersökningar, the number of respondents behind the result.

use jamfor_engine::{Kon, Status};
use jamfor_spec::manifest::{Indicator, Measure};
use rust_xlsxwriter::{Worksheet, XlsxError, column_number_to_name};

use super::book::{Book, Place, kon_name, kon_of};
use super::table::FIRST_ROW;

/// What the kommun's interval column says when a result is wide.
pub(crate) const BRETT: &str = "brett";

/// The indicators and kön of the area with an interval, and where each sits on the sheet.
pub(crate) struct Intervall<'a> {
    /// Indicator and kön per pair of columns, in the order of the Jämför table.
    columns: Vec<(&'a Indicator, Kon)>,
    /// Rows of kommuner.
    kommuner: usize,
}

/// One kommun's interval and respondents for one indicator and kön, as the sheet shows them.
pub(crate) struct Entry {
    /// "62–78" or "41–89, brett"; empty without an interval.
    pub(crate) interval: String,
    /// Respondents of a brukarundersökning result.
    pub(crate) respondents: Option<f64>,
}

impl<'a> Intervall<'a> {
    /// The area's intervals, or `None` when no kommun result of it has one (register counts
    /// and kommunenkät answers only).
    pub(crate) fn av(bok: &Book<'a>) -> Option<Self> {
        let mut columns = Vec::new();
        for indicator in bok.kommun_indicators() {
            for &kon in kon_of(indicator) {
                let any = bok.kommuner.iter().any(|k| {
                    bok.cell(indicator, bok.year(), k, kon)
                        .is_some_and(|(row, _)| row.ci_low.is_some())
                });
                if any {
                    columns.push((indicator, kon));
                }
            }
        }
        (!columns.is_empty()).then_some(Intervall {
            columns,
            kommuner: bok.kommuner.len(),
        })
    }

    /// The kommun codes, one per row, as an absolute range.
    pub(crate) fn codes(&self) -> String {
        self.span(0)
    }

    /// The interval texts of `indicator` and `kon`, when it has any.
    pub(crate) fn intervals(&self, indicator: &Indicator, kon: Kon) -> Option<String> {
        self.position(indicator, kon).map(|i| self.span(1 + 2 * i))
    }

    /// The respondents of `indicator` and `kon`, when it has intervals.
    pub(crate) fn respondents(&self, indicator: &Indicator, kon: Kon) -> Option<String> {
        self.position(indicator, kon).map(|i| self.span(2 + 2 * i))
    }

    fn position(&self, indicator: &Indicator, kon: Kon) -> Option<u16> {
        self.columns
            .iter()
            .position(|(i, k)| i.id == indicator.id && *k == kon)
            .and_then(|p| u16::try_from(p).ok())
    }

    fn span(&self, col: u16) -> String {
        let c = column_number_to_name(col);
        let last = FIRST_ROW + u32::try_from(self.kommuner).unwrap_or(u32::MAX);
        format!(
            "'{}'!${c}${}:${c}${last}",
            super::INTERVALL_KOMMUNER,
            FIRST_ROW + 1
        )
    }

    /// One kommun's entry, as the sheet holds it.
    pub(crate) fn entry(bok: &Book<'_>, indicator: &Indicator, kon: Kon, kommun: &Place) -> Entry {
        let Some((row, _)) = bok
            .cell(indicator, bok.year(), kommun, kon)
            .filter(|(row, _)| row.status == Status::Value)
        else {
            return Entry {
                interval: String::new(),
                respondents: None,
            };
        };
        let interval = match (row.value, row.ci_low, row.ci_high) {
            (Some(value), Some(low), Some(high)) => {
                let text =
                    jamfor_assess::intervall(Some((low, high)), [None, None], indicator.decimals)
                        .unwrap_or_default();
                if jamfor_assess::interval::wide(indicator, value, low, high) {
                    format!("{text}, {BRETT}")
                } else {
                    text
                }
            }
            _ => String::new(),
        };
        // Respondents only where the units are people who answered a survey.
        let respondents = matches!(indicator.measure, Measure::SurveyShare { .. })
            .then_some(row.units)
            .flatten();
        Entry {
            interval,
            respondents,
        }
    }

    /// The hidden sheet: kommunkod, then per indicator and kön the interval and respondents.
    pub(crate) fn write(&self, bok: &Book<'_>) -> Result<Worksheet, XlsxError> {
        let mut sheet = Worksheet::new();
        sheet.set_name(super::INTERVALL_KOMMUNER)?;
        sheet.set_hidden(true);
        sheet.write_string(
            0,
            0,
            "Varje kommuns 95-procentiga intervall och antal svarande per indikator och kön; \
             läses av fliken Jämför.",
        )?;
        sheet.write_string(FIRST_ROW - 1, 0, "Kommunkod")?;
        for (i, (indicator, kon)) in (0_u16..).zip(&self.columns) {
            let heading = format!("{} ({})", indicator.id, kon_name(*kon));
            sheet.write_string(FIRST_ROW - 1, 1 + 2 * i, format!("{heading}: intervall"))?;
            sheet.write_string(FIRST_ROW - 1, 2 + 2 * i, format!("{heading}: svarande"))?;
        }
        for (row, kommun) in (FIRST_ROW..).zip(&bok.kommuner) {
            sheet.write_string(row, 0, &kommun.code)?;
            for (i, (indicator, kon)) in (0_u16..).zip(&self.columns) {
                let entry = Self::entry(bok, indicator, *kon, kommun);
                if !entry.interval.is_empty() {
                    sheet.write_string(row, 1 + 2 * i, &entry.interval)?;
                }
                if let Some(n) = entry.respondents {
                    sheet.write_number(row, 2 + 2 * i, n)?;
                }
            }
        }
        Ok(sheet)
    }
}
