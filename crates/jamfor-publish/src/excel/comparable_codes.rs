//! A hidden sheet with every kommun's comparable kommuner by code, nearest first: the Jämför
//! sheet finds the chosen kommun's row by its code and takes the members' codes from it, then
//! each member's name and own values from the Kommuner sheet by that code.
//!
//! The groups are the analysis's (`comparable.parquet`); a release without analysis support has
//! no members to show, only the group means of the Liknande kommuner sheet.

use rust_xlsxwriter::{Worksheet, XlsxError, column_number_to_name};

use super::book::Book;
use super::table::FIRST_ROW;

/// Every kommun's comparable kommuner, in the order of [`Book::kommuner`].
pub(crate) struct Grupper {
    /// The most members any kommun has (the area's `k`, unless ties or gaps made fewer).
    pub(crate) k: usize,
    /// Per kommun, the member codes, nearest first.
    pub(crate) medlemmar: Vec<Vec<String>>,
}

impl Grupper {
    /// The groups of the workbook's area, when the release carries them.
    pub(crate) fn av(bok: &Book<'_>) -> Option<Grupper> {
        let analysis = bok.p.analysis?;
        let medlemmar: Vec<Vec<String>> = bok
            .kommuner
            .iter()
            .map(|k| {
                analysis
                    .comparable
                    .group(&bok.area.id, &k.code)
                    .into_iter()
                    .map(str::to_string)
                    .collect()
            })
            .collect();
        let k = medlemmar.iter().map(Vec::len).max().unwrap_or(0);
        (k > 0).then_some(Grupper { k, medlemmar })
    }

    /// The kommun codes, one per row, as an absolute range.
    pub(crate) fn codes(&self) -> String {
        self.span(0)
    }

    /// The codes of every kommun's member at `rank` (1 the nearest), as an absolute range.
    pub(crate) fn member(&self, rank: usize) -> String {
        self.span(u16::try_from(rank).unwrap_or(u16::MAX))
    }

    fn span(&self, col: u16) -> String {
        let c = column_number_to_name(col);
        let last = FIRST_ROW + u32::try_from(self.medlemmar.len()).unwrap_or(u32::MAX);
        format!(
            "'{}'!${c}${}:${c}${last}",
            super::KODER_LIKNANDE,
            FIRST_ROW + 1
        )
    }

    /// The hidden sheet: kommunkod, then the codes of its comparable kommuner nearest first.
    pub(crate) fn write(&self, bok: &Book<'_>) -> Result<Worksheet, XlsxError> {
        let mut sheet = Worksheet::new();
        sheet.set_name(super::KODER_LIKNANDE)?;
        sheet.set_hidden(true);
        sheet.write_string(
            0,
            0,
            "Varje kommuns liknande kommuner (kommunkoder, närmast först); läses av fliken Jämför.",
        )?;
        sheet.write_string(FIRST_ROW - 1, 0, "Kommunkod")?;
        for rank in 1..=self.k {
            let col = u16::try_from(rank).unwrap_or(u16::MAX);
            sheet.write_string(FIRST_ROW - 1, col, format!("Liknande {rank}"))?;
        }
        for (row, (kommun, medlemmar)) in
            (FIRST_ROW..).zip(bok.kommuner.iter().zip(&self.medlemmar))
        {
            sheet.write_string(row, 0, &kommun.code)?;
            for (col, code) in (1_u16..).zip(medlemmar) {
                sheet.write_string(row, col, code)?;
            }
        }
        Ok(sheet)
    }
}
