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

use super::book::{Book, Place, kon_av, kon_namn};
use super::stil;
use super::value::Styles;

/// Row of the kön headings; the years are the row below.
const RUBRIK: u32 = 1;
/// First row of places.
const FORSTA: u32 = 3;
/// The identifying columns before the years.
const ID: [(&str, f64); 4] = [
    ("Kod", 7.0),
    ("Namn", 24.0),
    ("Nivå", 13.0),
    ("Indikator", 60.0),
];
const FORSTA_AR: u16 = ID.len() as u16;

fn publicerad(indicator: &Indicator, plats: &Place) -> bool {
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
pub(crate) fn niva_nyckel(level: GeoLevel) -> &'static str {
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
        let kons = if bok.indicators.iter().any(|i| kon_av(i).len() > 1) {
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
                if publicerad(indicator, plats) {
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
    pub(crate) fn kolumn(&self, kon: Kon, j: usize) -> Option<u16> {
        let k = u16::try_from(self.kons.iter().position(|k| *k == kon)?).ok()?;
        Some(FORSTA_AR + k * self.antal_ar() + u16::try_from(j).ok()?)
    }

    /// The hidden column of row keys.
    fn nyckel_kolumn(&self) -> u16 {
        FORSTA_AR + u16::try_from(self.kons.len()).unwrap_or(3) * self.antal_ar()
    }

    fn sista_rad(&self) -> u32 {
        FORSTA + u32::try_from(self.rader.len()).unwrap_or(u32::MAX).max(1) - 1
    }

    /// A column's rows of places as an absolute range.
    pub(crate) fn spann(&self, col: u16) -> String {
        let c = column_number_to_name(col);
        format!(
            "'{}'!${c}${}:${c}${}",
            super::TIDSSERIER,
            FORSTA + 1,
            self.sista_rad() + 1
        )
    }

    /// The 0-based position among the places' rows of an indicator's place, as written.
    pub(crate) fn rad(&self, indicator: &str, level: GeoLevel, code: &str) -> Option<usize> {
        self.rader
            .iter()
            .position(|(i, p)| i.id == indicator && p.level == level && p.code == code)
    }

    /// The keys as an absolute range.
    pub(crate) fn nycklar(&self) -> String {
        self.spann(self.nyckel_kolumn())
    }

    pub(crate) fn skriv(&self) -> Result<Worksheet, XlsxError> {
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
            &style::titel(),
        )?;
        if self.kons.len() > 1 {
            sheet.write_string(
                0,
                4,
                "Kvinnor och män är tomma för indikatorer som inte redovisas efter kön.",
            )?;
        }
        let rubrik = style::rubrik();
        for (col, (heading, width)) in (0_u16..).zip(ID) {
            sheet.merge_range(RUBRIK, col, RUBRIK + 1, col, heading, &rubrik)?;
            sheet.set_column_width(col, width)?;
        }
        let centrerad = style::rubrik_centrerad();
        for kon in self.kons {
            let (Some(first), Some(last)) = (
                self.kolumn(*kon, 0),
                self.kolumn(*kon, years.len().saturating_sub(1)),
            ) else {
                continue;
            };
            if last > first {
                sheet.merge_range(RUBRIK, first, RUBRIK, last, kon_namn(*kon), &centrerad)?;
            } else {
                sheet.write_string_with_format(RUBRIK, first, kon_namn(*kon), &centrerad)?;
            }
            for (j, year) in years.iter().enumerate() {
                if let Some(col) = self.kolumn(*kon, j) {
                    sheet.write_number_with_format(
                        RUBRIK + 1,
                        col,
                        f64::from(*year),
                        &centrerad,
                    )?;
                    sheet.set_column_width(col, 9.0)?;
                }
            }
        }
        let nyckel = self.nyckel_kolumn();
        sheet.write_string_with_format(RUBRIK + 1, nyckel, "Nyckel", &rubrik)?;

        let text = style::text();
        let mut stilar: Option<(&str, Styles)> = None;
        for (row, (indicator, plats)) in (FORSTA..).zip(&self.rader) {
            // The rows come indicator by indicator: its formats are built once.
            if stilar.as_ref().is_none_or(|(id, _)| *id != indicator.id) {
                stilar = Some((&indicator.id, Styles::new(indicator)));
            }
            let Some((_, stilar)) = &stilar else {
                continue;
            };
            sheet.write_string_with_format(row, 0, &plats.code, &text)?;
            sheet.write_string_with_format(row, 1, &plats.name, &text)?;
            sheet.write_string_with_format(row, 2, plats.niva(), &text)?;
            sheet.write_string_with_format(row, 3, &indicator.title, &text)?;
            // Kvinnor and män only for an indicator broken down by kön: the others leave those
            // columns empty, as the line under the title says (a cell per year and kön that
            // cannot exist would make the sheet a third larger and slower to write).
            for kon in kon_av(indicator) {
                for (j, year) in years.iter().enumerate() {
                    let Some(col) = self.kolumn(*kon, j) else {
                        continue;
                    };
                    let varde = bok.varde(indicator, *year, plats, *kon);
                    varde.skriv(&mut sheet, row, col, stilar, plats.level)?;
                }
            }
            sheet.write_string(
                row,
                nyckel,
                nyckel_av(&indicator.id, plats.level, &plats.code),
            )?;
        }
        sheet.set_column_hidden(nyckel)?;
        sheet.set_freeze_panes(FORSTA, 2)?;
        // The filter covers the hidden keys, so sorting moves them with their rows.
        sheet.autofilter(RUBRIK + 1, 0, self.sista_rad(), nyckel)?;
        style::utskrift(
            &mut sheet,
            true,
            false,
            Some((RUBRIK, RUBRIK + 1)),
            Some((0, 1)),
        )?;
        Ok(sheet)
    }
}

/// A row's key: "andel_80|kommun|0180".
pub(crate) fn nyckel_av(indicator: &str, level: GeoLevel, code: &str) -> String {
    format!("{indicator}|{}|{kod}", niva_nyckel(level))
}
