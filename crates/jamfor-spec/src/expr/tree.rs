//! The checked form of an expression, for the engine to compile.
//!
//! Most conditions are plain SQL over the source's columns (`alder >= 80 AND kon = 'K'`): the
//! engine hands their text to polars' SQL front end, as it always has, so existing definitions
//! compute exactly as before. What plain SQL cannot say — dates as day numbers, parts of a date,
//! the year being computed, per-person aggregates — is kept as a small tree whose leaves are
//! plain SQL again. A [`Row::Sql`] leaf is therefore always in the documented plain subset.

/// A value computed per row (or, in `having`, per person from aggregates).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Row {
    /// A plain sub-expression: no dates, functions, built-in values or aggregates.
    Sql(String),
    /// A date column, read as days since 1970-01-01.
    Date(String),
    /// A date literal, as days since 1970-01-01.
    Day(i32),
    /// `MEASURE_YEAR`: the year whose value is computed (the indicator's year).
    MeasureYear,
    /// `FILE_YEAR`: the year of the file the row was read from.
    FileYear,
    /// `MAKE_DATE(year, month, day)`.
    MakeDate(Box<Row>, Box<Row>, Box<Row>),
    /// A part of a date (`YEAR(d)`, `MONTH(d)`, …).
    Part(DatePart, Box<Row>),
    /// `NOT x`.
    Not(Box<Row>),
    /// `-x`.
    Neg(Box<Row>),
    /// A binary operator.
    Binary(Op, Box<Row>, Box<Row>),
    /// `x IS NULL` (`true`) or `x IS NOT NULL` (`false`).
    IsNull(Box<Row>, bool),
    /// `COALESCE(a, b, …)`: the first value that is not null.
    Coalesce(Vec<Row>),
    /// The value of the person's aggregate with this index (only in `having`).
    Aggregate(usize),
}

/// Binary operators of the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    /// `AND`.
    And,
    /// `OR`.
    Or,
    /// `=`.
    Eq,
    /// `<>`.
    NotEq,
    /// `<`.
    Lt,
    /// `<=`.
    LtEq,
    /// `>`.
    Gt,
    /// `>=`.
    GtEq,
    /// `+` (also a date plus days).
    Add,
    /// `-` (also date − date in days, and a date minus days).
    Sub,
    /// `*`.
    Mul,
    /// `/`.
    Div,
    /// `%`.
    Rem,
}

/// Parts of a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DatePart {
    /// `YEAR(d)`.
    Year,
    /// `MONTH(d)`, 1–12.
    Month,
    /// `DAY(d)`, 1–31.
    Day,
    /// `QUARTER(d)`, 1–4.
    Quarter,
    /// `HALF_YEAR(d)`: 1 for January–June, 2 for July–December.
    HalfYear,
    /// `DAY_OF_YEAR(d)`, 1–366.
    DayOfYear,
}

impl DatePart {
    /// The function that extracts it, as written in definitions.
    pub fn function(self) -> &'static str {
        match self {
            DatePart::Year => "YEAR",
            DatePart::Month => "MONTH",
            DatePart::Day => "DAY",
            DatePart::Quarter => "QUARTER",
            DatePart::HalfYear => "HALF_YEAR",
            DatePart::DayOfYear => "DAY_OF_YEAR",
        }
    }

    pub(super) fn from_function(name: &str) -> Option<DatePart> {
        [
            DatePart::Year,
            DatePart::Month,
            DatePart::Day,
            DatePart::Quarter,
            DatePart::HalfYear,
            DatePart::DayOfYear,
        ]
        .into_iter()
        .find(|p| p.function().eq_ignore_ascii_case(name))
    }
}

/// The aggregate functions of `having`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AggregateFunction {
    /// `COUNT(*)`, `COUNT(x)` or `COUNT(DISTINCT x)`.
    Count,
    /// `MIN(x)`.
    Min,
    /// `MAX(x)`.
    Max,
    /// `SUM(x)`.
    Sum,
    /// `AVG(x)`.
    Avg,
    /// `BOOL_OR(condition)`: whether any row holds it.
    BoolOr,
    /// `BOOL_AND(condition)`: whether every row holds it.
    BoolAnd,
}

impl AggregateFunction {
    /// As written in definitions.
    pub fn function(self) -> &'static str {
        match self {
            AggregateFunction::Count => "COUNT",
            AggregateFunction::Min => "MIN",
            AggregateFunction::Max => "MAX",
            AggregateFunction::Sum => "SUM",
            AggregateFunction::Avg => "AVG",
            AggregateFunction::BoolOr => "BOOL_OR",
            AggregateFunction::BoolAnd => "BOOL_AND",
        }
    }

    pub(super) fn from_function(name: &str) -> Option<AggregateFunction> {
        [
            AggregateFunction::Count,
            AggregateFunction::Min,
            AggregateFunction::Max,
            AggregateFunction::Sum,
            AggregateFunction::Avg,
            AggregateFunction::BoolOr,
            AggregateFunction::BoolAnd,
        ]
        .into_iter()
        .find(|f| f.function().eq_ignore_ascii_case(name))
    }
}

/// One aggregate over a person's rows.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Aggregate {
    /// Which.
    pub function: AggregateFunction,
    /// `COUNT(DISTINCT x)`.
    pub distinct: bool,
    /// The value aggregated; `None` for `COUNT(*)`.
    pub argument: Option<Row>,
    /// `FILTER (WHERE …)`: only the rows where it holds.
    pub filter: Option<Row>,
}

impl Row {
    /// Whether the tree is one plain SQL expression.
    pub fn is_plain(&self) -> bool {
        matches!(self, Row::Sql(_))
    }

    /// Whether `FILE_YEAR` appears anywhere in it.
    pub fn reads_file_year(&self) -> bool {
        let mut found = false;
        self.visit(&mut |r| found |= matches!(r, Row::FileYear));
        found
    }

    fn visit(&self, f: &mut dyn FnMut(&Row)) {
        f(self);
        match self {
            Row::MakeDate(a, b, c) => {
                a.visit(f);
                b.visit(f);
                c.visit(f);
            }
            Row::Part(_, x) | Row::Not(x) | Row::Neg(x) | Row::IsNull(x, _) => x.visit(f),
            Row::Binary(_, a, b) => {
                a.visit(f);
                b.visit(f);
            }
            Row::Coalesce(list) => list.iter().for_each(|x| x.visit(f)),
            Row::Sql(_)
            | Row::Date(_)
            | Row::Day(_)
            | Row::MeasureYear
            | Row::FileYear
            | Row::Aggregate(_) => {}
        }
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (the civil-from-days inverse of
/// H. Hinnant's algorithms, the same arithmetic the engine compiles for `MAKE_DATE`).
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A `YYYY-MM-DD` text as days since 1970-01-01, when it is a real date.
pub fn parse_date(text: &str) -> Option<i32> {
    let b = text.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let number = |r: std::ops::Range<usize>| -> Option<i64> {
        let s = text.get(r)?;
        s.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| s.parse().ok())
            .flatten()
    };
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days_in_month = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if !(1..=days_in_month).contains(&day) {
        return None;
    }
    i32::try_from(days_from_civil(year, month, day)).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn day_numbers_agree_with_the_calendar() {
        assert_eq!(parse_date("1970-01-01"), Some(0));
        assert_eq!(parse_date("2000-03-01"), Some(11_017));
        assert_eq!(parse_date("2024-02-29"), Some(19_782));
        assert_eq!(parse_date("2024-10-01"), Some(19_997));
        assert_eq!(parse_date("2023-02-29"), None);
        assert_eq!(parse_date("2024-13-01"), None);
        assert_eq!(parse_date("2024-1-01"), None);
        // Consecutive days across a year boundary.
        assert_eq!(
            parse_date("2024-01-01").map(|d| d - 1),
            parse_date("2023-12-31")
        );
    }
}
