//! The one typed result table everything downstream reads: one row per indicator × year ×
//! geography × kön × age group, with the value, the counts behind it and a status on every row.

use std::fmt;

/// Kön of a result row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kon {
    /// Totalt.
    T,
    /// Kvinnor.
    K,
    /// Män.
    M,
}

impl Kon {
    /// "T", "K" or "M".
    pub fn code(self) -> &'static str {
        match self {
            Kon::T => "T",
            Kon::K => "K",
            Kon::M => "M",
        }
    }
}

/// Geographic level of a result row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum GeoLevel {
    /// Sweden (code "00", as SCB writes riket).
    Riket,
    /// A län (2-digit code).
    Lan,
    /// A kommun (4-digit code).
    Kommun,
    /// An SKR kommungrupp (A1–C9): the unweighted mean of its kommuner's values; numerator and
    /// denominator hold the pooled sums.
    Kommungrupp,
    /// A stadsdel.
    Stadsdel,
    /// A verksamhet/enhet.
    Enhet,
    /// The comparable kommuner (liknande kommuner) of the kommun in `geo`, for the indicator's
    /// area: the unweighted mean of the published values of its members (the kommun itself not
    /// included); `units` counts the members behind it, no numerator or denominator. Added by
    /// `jamfor-assess`, never by the engine.
    Liknande,
}

impl GeoLevel {
    /// The level as written in outputs.
    pub fn code(self) -> &'static str {
        match self {
            GeoLevel::Riket => "riket",
            GeoLevel::Lan => "lan",
            GeoLevel::Kommun => "kommun",
            GeoLevel::Kommungrupp => "kommungrupp",
            GeoLevel::Stadsdel => "stadsdel",
            GeoLevel::Enhet => "enhet",
            GeoLevel::Liknande => "liknande",
        }
    }
}

/// Why a row has, or has no, value. Every row carries one; a missing value is never a bare blank.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// A computed value.
    Value,
    /// The unit did not answer (kommunenkät not answered, no survey respondents): `-`.
    Bortfall,
    /// No value can exist (a share of an empty denominator): `.`.
    NotApplicable,
    /// Withheld by disclosure control (primary or secondary alike): `..`. Set only by the
    /// protection stage; such a row carries no value, numerator or denominator.
    Confidential,
}

impl Status {
    /// The code written in outputs.
    pub fn code(self) -> &'static str {
        match self {
            Status::Value => "value",
            Status::Bortfall => "bortfall",
            Status::NotApplicable => "not_applicable",
            Status::Confidential => "confidential",
        }
    }

    /// The symbol shown in workbooks, as Kolada shows them.
    pub fn symbol(self) -> &'static str {
        match self {
            Status::Value => "",
            Status::Bortfall => "-",
            Status::NotApplicable => ".",
            Status::Confidential => "..",
        }
    }
}

/// Where a result row belongs.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CellKey {
    /// Level.
    pub level: GeoLevel,
    /// Zero-padded code: "00" riket, "01" län, "0180" kommun, "A1" kommungrupp, or a unit id.
    pub geo: String,
    /// Kön.
    pub kon: Kon,
    /// Age group label; `None` for all ages.
    pub age_group: Option<String>,
}

/// One result.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultRow {
    /// Indicator id.
    pub indicator: String,
    /// Year.
    pub year: i32,
    /// Geography, kön and age group.
    pub key: CellKey,
    /// The published value, in the indicator's unit.
    pub value: Option<f64>,
    /// The count above the line (or the count itself).
    pub numerator: Option<f64>,
    /// The count below the line.
    pub denominator: Option<f64>,
    /// Respondents or units behind the value (surveys, kommunenkät, means).
    pub units: Option<f64>,
    /// Lower confidence bound (survey estimates).
    pub ci_low: Option<f64>,
    /// Upper confidence bound (survey estimates).
    pub ci_high: Option<f64>,
    /// Status.
    pub status: Status,
}

/// Rows dropped while reading a source under `invalid_rows = "drop"`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DroppedRows {
    /// Source id.
    pub source: String,
    /// Year.
    pub year: i32,
    /// Reason.
    pub reason: String,
    /// Rows.
    pub rows: usize,
}

/// Every result of a release, sorted by indicator, year and cell.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ResultTable {
    /// The rows.
    pub rows: Vec<ResultRow>,
    /// Rows dropped per source, year and reason.
    pub dropped: Vec<DroppedRows>,
    /// The kommun of every enhet (verksamhet) with enhet-level rows: the kommun its rows carry
    /// in the source. An enhet id says nothing of its kommun by itself, so the workbook and
    /// `geography.parquet` take it from here. An enhet found under two kommuner is placed in the
    /// one of the latest year read.
    pub enheter: std::collections::BTreeMap<String, String>,
}

impl ResultTable {
    /// Rows of one indicator and year.
    pub fn of(&self, indicator: &str, year: i32) -> impl Iterator<Item = &ResultRow> {
        self.rows
            .iter()
            .filter(move |r| r.indicator == indicator && r.year == year)
    }

    /// The row of one indicator, year and cell.
    pub fn get(
        &self,
        indicator: &str,
        year: i32,
        level: GeoLevel,
        geo: &str,
        kon: Kon,
    ) -> Option<&ResultRow> {
        self.of(indicator, year).find(|r| {
            r.key.level == level
                && r.key.geo == geo
                && r.key.kon == kon
                && r.key.age_group.is_none()
        })
    }
}

impl fmt::Display for ResultRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let value = self
            .value
            .map_or_else(|| self.status.symbol().to_string(), |v| format!("{v:.4}"));
        write!(
            f,
            "{} {} {} {} {} {} {value}",
            self.indicator,
            self.year,
            self.key.level.code(),
            self.key.geo,
            self.key.kon.code(),
            self.key.age_group.as_deref().unwrap_or("-"),
        )
    }
}
