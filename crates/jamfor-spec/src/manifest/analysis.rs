//! The resolved analysis declarations of an area: comparable kommuner and bruttolista margins.

/// Comparable kommuner of an area, checked: every nyckeltal is a background figure published per
/// kommun.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comparable {
    /// Comparable kommuner per kommun.
    pub k: usize,
    /// Indicator ids defining similarity, in declaration order.
    pub nyckeltal: Vec<String>,
    /// The nyckeltal taken on a log scale before standardising.
    pub log: Vec<String>,
    /// Where the `[comparable]` table was written.
    pub location: super::DefLocation,
}

/// Margins of the bruttolista, defaults filled in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bruttolista {
    /// Standard deviations from the comparable kommuner or the kommungrupp that flag a result.
    pub margin: f64,
    /// Standard deviations between kvinnor and män that flag a gap.
    pub gap_margin: f64,
    /// Year-on-year changes in a row, ending in the release year, that make a trend.
    pub trend_years: usize,
}

impl Default for Bruttolista {
    fn default() -> Self {
        Bruttolista {
            margin: 0.5,
            gap_margin: 0.5,
            trend_years: 3,
        }
    }
}
