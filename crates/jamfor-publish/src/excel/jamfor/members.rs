//! The Jämför table's liknande kommuner by name: one column per member of the chosen kommun's
//! group, nearest first, each with its own values from the Kommuner sheet. A member's code comes
//! from the chosen kommun's row of the hidden groups sheet, found by the kommun's code.

use rust_xlsxwriter::{Format, Worksheet, XlsxError};

use super::super::book::{Book, Place};
use super::super::comparable_codes::Grupper;
use super::super::table::Table;
use super::comparison::{Comparison, code, farg_rad, rad};
use super::places;

/// Adds a column for each member rank after the comparison columns already in `jamforelser`.
pub(super) fn push<'t, 'a>(
    jamforelser: &mut Vec<Comparison<'t, 'a>>,
    bok: &'t Book<'_>,
    kommuner: &'t Table<'a>,
    grupper: &Grupper,
) {
    let n = u32::try_from(jamforelser.len()).unwrap_or(u32::MAX);
    for rank in 1..=grupper.k {
        let j = n + u32::try_from(rank).unwrap_or(u32::MAX) - 1;
        let member = default_member(bok, grupper, rank);
        jamforelser.push(Comparison {
            tabell: kommuner,
            // The member's code, from the chosen kommun's row of the groups.
            code: (
                format!(
                    "IFERROR(INDEX({},MATCH({},{},0)),\"\")",
                    grupper.member(rank),
                    code(0),
                    grupper.codes()
                ),
                member.map(|k| k.code.clone()).unwrap_or_default(),
            ),
            rad: rad(j),
            farg_rad: farg_rad(j),
            heading: (
                format!("=IFERROR(INDEX({},{}),\"\")", places(kommuner, 1), rad(j)),
                member.map(|k| k.name.clone()).unwrap_or_default(),
            ),
            default_choice: member,
            farg_col: 0,
            col: 0,
        });
    }
}

/// The heading over the members' names, from the first member's column to the last one's.
pub(super) fn heading(
    sheet: &mut Worksheet,
    head: u32,
    first: u16,
    sista_col: u16,
    heading: &Format,
) -> Result<(), XlsxError> {
    // Over the members' names: what they are.
    let text = "Liknande kommuner, närmast först";
    if sista_col > first {
        sheet.merge_range(head - 1, first, head - 1, sista_col, text, heading)?;
    } else {
        sheet.write_string_with_format(head - 1, first, text, heading)?;
    }
    Ok(())
}

/// The pre-set kommun's liknande kommun at `rank` (1 the nearest).
fn default_member<'b>(bok: &'b Book<'_>, grupper: &Grupper, rank: usize) -> Option<&'b Place> {
    let code = grupper.medlemmar.first()?.get(rank - 1)?;
    bok.kommuner.iter().find(|k| &k.code == code)
}
