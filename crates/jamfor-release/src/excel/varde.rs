//! One published cell: the value rounded as published with its colour, or the symbol of its status.

use jamfor_engine::{GeoLevel, ResultRow, Status};
use jamfor_spec::manifest::Indicator;
use rust_xlsxwriter::{ColNum, RowNum, Worksheet, XlsxError};

use crate::colour::{Colour, published_value};
use crate::few_members::few_members;

use super::stil;

/// The mark of a group mean withheld for resting on too few kommuner (see
/// [`crate::few_members`]): not `..`, which says a figure is withheld to protect people.
pub(crate) const FOR_FA: &str = "för få";

/// What a cell shows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Varde {
    /// A number, rounded to the indicator's decimals, with its colour.
    Tal(f64, Option<Colour>),
    /// The symbol of a status: `..`, `-` or `.`, or [`FOR_FA`].
    Symbol(&'static str),
}

impl Varde {
    /// The cell of a result row, or `.` (not applicable) where the level or kön has no row; a
    /// group mean on fewer than `minimum` members is [`FOR_FA`].
    pub(crate) fn av(
        indicator: &Indicator,
        cell: Option<(&ResultRow, Option<Colour>)>,
        minimum: usize,
    ) -> Varde {
        let Some((row, colour)) = cell else {
            return Varde::Symbol(Status::NotApplicable.symbol());
        };
        if few_members(row, minimum) {
            return Varde::Symbol(FOR_FA);
        }
        match (row.status, row.value) {
            (Status::Value, Some(v)) if v.is_finite() => {
                Varde::Tal(published_value(v, indicator.decimals), colour)
            }
            // A value status without a value would be a bug upstream; never show a bare blank.
            (Status::Value, _) => Varde::Symbol(Status::NotApplicable.symbol()),
            (status, _) => Varde::Symbol(status.symbol()),
        }
    }

    /// The text a formula returning this cell caches (what a reader sees before recalculation).
    pub(crate) fn som_text(self) -> String {
        match self {
            Varde::Tal(v, _) => format!("{v}"),
            Varde::Symbol(s) => s.to_string(),
        }
    }

    /// The colour's Swedish word, or empty.
    pub(crate) fn farg(self) -> &'static str {
        match self {
            Varde::Tal(_, Some(c)) => c.label(),
            _ => "",
        }
    }

    /// Writes the cell with its number format and fill.
    pub(crate) fn skriv(
        self,
        sheet: &mut Worksheet,
        row: RowNum,
        col: ColNum,
        indicator: &Indicator,
        level: GeoLevel,
    ) -> Result<(), XlsxError> {
        match self {
            Varde::Tal(v, colour) => {
                let format = stil::varde(indicator, level == GeoLevel::Kommun, colour);
                sheet.write_number_with_format(row, col, v, &format)?;
            }
            Varde::Symbol(s) => {
                sheet.write_string_with_format(row, col, s, &stil::symbol_format(s))?;
            }
        }
        Ok(())
    }
}
