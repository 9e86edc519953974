//! Tidsserier: every indicator for every year of the release, one row per indicator and place
//! (riket, län, kommungrupper, kommuner, then each kommun's liknande kommuner), so one kommun's
//! series reads across its row: the years of totalt, then of kvinnor and of män where the area
//! breaks something down by kön. Coloured by each year's rule.
//!
//! A hidden last column holds each row's key (indicator, level and code), by which the Jämför
//! sheet's charts find their series, whatever order a reader has sorted the rows into.

use jamfor_engine::{GeoLevel, Kon};
use jamfor_spec::keywords::Level;
use jamfor_spec::manifest::Indicator;
use rust_xlsxwriter::{Worksheet, XlsxError, column_number_to_name};

use super::book::{Book, Place, kon_name, kon_of};
use super::style;
use super::value::Styles;

/// Row of the kön headings; the years are the row below.
const HEADING: u32 = 1;
/// First row of places.
const FIRST: u32 = 3;
/// The identifying columns before the years.
const ID: [(&str, f64); 4] = [
    ("Kod", 7.0),
    ("Namn", 24.0),
    ("Nivå", 13.0),
    ("Indikator", 60.0),
];
const FIRST_YEAR: u16 = ID.len() as u16;

fn published(indicator: &Indicator, plats: &Place) -> bool {
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

/// The level's word in a row key; the Jämför sheet's charts build the same keys.
pub(crate) fn level_key(level: GeoLevel) -> &'static str {
    match level {
        GeoLevel::Riket => "riket",
        GeoLevel::Lan => "lan",
        GeoLevel::Kommun => "kommun",
        GeoLevel::Kommungrupp => "kommungrupp",
        GeoLevel::Liknande => "liknande",
        GeoLevel::Stadsdel => "stadsdel",
        GeoLevel::Enhet => "enhet",
    }
}

/// The layout of the sheet, shared with the charts' formulas.
pub(crate) struct Tidsserier<'b, 'a> {
    bok: &'b Book<'a>,
    pub(crate) years: Vec<i32>,
    /// Totalt, and kvinnor and män when some indicator of the area is broken down by kön.
    pub(crate) kons: &'static [Kon],
    rader: Vec<(&'a Indicator, &'b Place)>,
}

impl<'b, 'a> Tidsserier<'b, 'a> {
    pub(crate) fn new(bok: &'b Book<'a>) -> Self {
        let kons = if bok.indicators.iter().any(|i| kon_of(i).len() > 1) {
            &[Kon::T, Kon::K, Kon::M][..]
        } else {
            &[Kon::T][..]
        };
        let mut rader = Vec::new();
        for indicator in bok.indicators.iter().copied() {
            for plats in bok
                .overgripande
                .iter()
                .chain(&bok.kommuner)
                .chain(&bok.liknande)
            {
                if published(indicator, plats) {
                    rader.push((indicator, plats));
                }
            }
        }
        Tidsserier {
            bok,
            years: bok.p.release.years(),
            kons,
            rader,
        }
    }

    fn antal_ar(&self) -> u16 {
        u16::try_from(self.years.len()).unwrap_or(u16::MAX)
    }

    /// The column of a kön's year (`j` counts the years from the first), if the sheet has it.
    pub(crate) fn column(&self, kon: Kon, j: usize) -> Option<u16> {
        let k = u16::try_from(self.kons.iter().position(|k| *k == kon)?).ok()?;
        Some(FIRST_YEAR + k * self.antal_ar() + u16::try_from(j).ok()?)
    }

    /// The hidden column of row keys.
    fn nyckel_kolumn(&self) -> u16 {
        FIRST_YEAR + u16::try_from(self.kons.len()).unwrap_or(3) * self.antal_ar()
    }

    fn last_row(&self) -> u32 {
        FIRST + u32::try_from(self.rader.len()).unwrap_or(u32::MAX).max(1) - 1
    }

    /// A column's rows of places as an absolute range.
    pub(crate) fn span(&self, col: u16) -> String {
        let c = column_number_to_name(col);
        format!(
            "'{}'!${c}${}:${c}${}",
            super::TIDSSERIER,
            FIRST + 1,
            self.last_row() + 1
        )
    }

    /// The 0-based position among the places' rows of an indicator's place, as written.
    pub(crate) fn rad(&self, indicator: &str, level: GeoLevel, code: &str) -> Option<usize> {
        self.rader
            .iter()
            .position(|(i, p)| i.id == indicator && p.level == level && p.code == code)
    }

    /// The keys as an absolute range.
    pub(crate) fn keys(&self) -> String {
        self.span(self.nyckel_kolumn())
    }

    pub(crate) fn write(&self) -> Result<Worksheet, XlsxError> {
        let bok = self.bok;
        let mut sheet = Worksheet::new();
        sheet.set_name(super::TIDSSERIER)?;
        let years = &self.years;
        sheet.write_string_with_format(
            0,
            0,
            format!(
                "Tidsserier {}–{} – {}",
                years.first().copied().unwrap_or_default(),
                years.last().copied().unwrap_or_default(),
                bok.area.title
            ),
            &style::title(),
        )?;
        if self.kons.len() > 1 {
            sheet.write_string(
                0,
                4,
                "Kvinnor och män är tomma för indikatorer som inte redovisas efter kön.",
            )?;
        }
        let rubrik = style::heading();
        for (col, (heading, width)) in (0_u16..).zip(ID) {
            sheet.merge_range(HEADING, col, HEADING + 1, col, heading, &rubrik)?;
            sheet.set_column_width(col, width)?;
        }
        let centrerad = style::heading_centred();
        for kon in self.kons {
            let (Some(first), Some(last)) = (
                self.column(*kon, 0),
                self.column(*kon, years.len().saturating_sub(1)),
            ) else {
                continue;
            };
            if last > first {
                sheet.merge_range(HEADING, first, HEADING, last, kon_name(*kon), &centrerad)?;
            } else {
                sheet.write_string_with_format(HEADING, first, kon_name(*kon), &centrerad)?;
            }
            for (j, year) in years.iter().enumerate() {
                if let Some(col) = self.column(*kon, j) {
                    sheet.write_number_with_format(
                        HEADING + 1,
                        col,
                        f64::from(*year),
                        &centrerad,
                    )?;
                    sheet.set_column_width(col, 9.0)?;
                }
            }
        }
        let nyckel = self.nyckel_kolumn();
        sheet.write_string_with_format(HEADING + 1, nyckel, "Nyckel", &rubrik)?;

        let text = style::text();
        let mut stilar: Option<(&str, Styles)> = None;
        for (row, (indicator, plats)) in (FIRST..).zip(&self.rader) {
            // The rows come indicator by indicator: its formats are built once.
            if stilar.as_ref().is_none_or(|(id, _)| *id != indicator.id) {
                stilar = Some((&indicator.id, Styles::new(indicator)));
            }
            let Some((_, stilar)) = &stilar else {
                continue;
            };
            sheet.write_string_with_format(row, 0, &plats.code, &text)?;
            sheet.write_string_with_format(row, 1, &plats.name, &text)?;
            sheet.write_string_with_format(row, 2, plats.level(), &text)?;
            sheet.write_string_with_format(row, 3, &indicator.title, &text)?;
            // Kvinnor and män only for an indicator broken down by kön: the others leave those
            // columns empty, as the line under the title says (a cell per year and kön that
            // cannot exist would make the sheet a third larger and slower to write).
            for kon in kon_of(indicator) {
                for (j, year) in years.iter().enumerate() {
                    let Some(col) = self.column(*kon, j) else {
                        continue;
                    };
                    let varde = bok.varde(indicator, *year, plats, *kon);
                    varde.write(&mut sheet, row, col, stilar, plats.level)?;
                }
            }
            sheet.write_string(row, nyckel, key_of(&indicator.id, plats.level, &plats.code))?;
        }
        sheet.set_column_hidden(nyckel)?;
        sheet.set_freeze_panes(FIRST, 2)?;
        // The filter covers the hidden keys, so sorting moves them with their rows.
        sheet.autofilter(HEADING + 1, 0, self.last_row(), nyckel)?;
        style::print_setup(
            &mut sheet,
            true,
            false,
            Some((HEADING, HEADING + 1)),
            Some((0, 1)),
        )?;
        Ok(sheet)
    }
}

/// A row's key: "andel_80|kommun|0180".
pub(crate) fn key_of(indicator: &str, level: GeoLevel, code: &str) -> String {
    format!("{indicator}|{}|{code}", level_key(level))
}
