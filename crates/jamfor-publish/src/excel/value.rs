//! One published cell: the value rounded as published with its colour, or the symbol of its status.

use jamfor_engine::{GeoLevel, ResultRow, Status};
use jamfor_spec::manifest::Indicator;
use rust_xlsxwriter::{ColNum, Format, RowNum, Worksheet, XlsxError};

use jamfor_assess::few_members;
use jamfor_assess::{Colour, published_value};

use super::style;

/// The mark of a group mean withheld for resting on too few kommuner (see
/// [`jamfor_assess::few_members`]): not `..`, which says a figure is withheld to protect people.
pub(crate) const FOR_FA: &str = "för få";

/// What a cell shows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum CellValue {
    /// A number, rounded to the indicator's decimals, with its colour.
    Tal(f64, Option<Colour>),
    /// The symbol of a status: `..`, `-` or `.`, or [`FOR_FA`].
    Symbol(&'static str),
}

impl CellValue {
    /// The cell of a result row, or `.` (not applicable) where the level or kön has no row; a
    /// group mean on fewer than `minimum` members is [`FOR_FA`].
    pub(crate) fn av(
        indicator: &Indicator,
        cell: Option<(&ResultRow, Option<Colour>)>,
        minimum: usize,
    ) -> CellValue {
        let Some((row, colour)) = cell else {
            return CellValue::Symbol(Status::NotApplicable.symbol());
        };
        if few_members(row, minimum) {
            return CellValue::Symbol(FOR_FA);
        }
        match (row.status, row.value) {
            (Status::Value, Some(v)) if v.is_finite() => {
                CellValue::Tal(published_value(v, indicator.decimals), colour)
            }
            // A value status without a value would be a bug upstream; never show a bare blank.
            (Status::Value, _) => CellValue::Symbol(Status::NotApplicable.symbol()),
            (status, _) => CellValue::Symbol(status.symbol()),
        }
    }

    /// The text a formula returning this cell caches (what a reader sees before recalculation).
    pub(crate) fn as_text(self) -> String {
        match self {
            CellValue::Tal(v, _) => format!("{v}"),
            CellValue::Symbol(s) => s.to_string(),
        }
    }

    /// The colour's Swedish word, or empty.
    pub(crate) fn farg(self) -> &'static str {
        match self {
            CellValue::Tal(_, Some(c)) => c.label(),
            _ => "",
        }
    }

    /// Writes the cell with its number format and fill, from the indicator's formats.
    pub(crate) fn write(
        self,
        sheet: &mut Worksheet,
        row: RowNum,
        col: ColNum,
        stilar: &Styles,
        level: GeoLevel,
    ) -> Result<(), XlsxError> {
        match self {
            CellValue::Tal(v, colour) => {
                sheet.write_number_with_format(row, col, v, stilar.tal(level, colour))?;
            }
            CellValue::Symbol(s) => {
                sheet.write_string_with_format(row, col, s, stilar.symbol(s))?;
            }
        }
        Ok(())
    }
}

/// The formats of one indicator's cells, built once: a sheet writes hundreds of thousands of
/// cells, and building a format (with its number-format text) for each would take most of the
/// writing time.
pub(crate) struct Styles {
    /// For kommuner and for other levels (a yes/no reads Ja/Nej only for a kommun): no colour,
    /// green, yellow, red.
    tal: [[Format; 4]; 2],
    /// `..`, `-`, `.` and [`FOR_FA`].
    symboler: [Format; 4],
}

impl Styles {
    pub(crate) fn new(indicator: &Indicator) -> Self {
        let tal = |kommun: bool| {
            [
                None,
                Some(Colour::Green),
                Some(Colour::Yellow),
                Some(Colour::Red),
            ]
            .map(|c| style::varde(indicator, kommun, c))
        };
        Styles {
            tal: [tal(true), tal(false)],
            symboler: SYMBOLS.map(style::symbol_format),
        }
    }

    fn tal(&self, level: GeoLevel, colour: Option<Colour>) -> &Format {
        let formats = &self.tal[usize::from(level != GeoLevel::Kommun)];
        &formats[match colour {
            None => 0,
            Some(Colour::Green) => 1,
            Some(Colour::Yellow) => 2,
            Some(Colour::Red) => 3,
        }]
    }

    fn symbol(&self, symbol: &str) -> &Format {
        let i = SYMBOLS.iter().position(|s| *s == symbol).unwrap_or(0);
        &self.symboler[i]
    }
}

/// Every symbol a cell can show.
const SYMBOLS: [&str; 4] = ["..", "-", ".", FOR_FA];
