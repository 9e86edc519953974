//! Checked expressions as polars expressions.
//!
//! A plain condition goes to polars' SQL front end as its text, as it always has. The rest of the
//! language — dates held as day numbers, parts of a date, `MAKE_DATE`, `COALESCE`, the year being
//! computed and the year of the file, aggregates of `having` — is compiled here, with plain
//! sub-expressions still handed to the SQL front end. Everything was checked by `jamfor check`,
//! so a failure here is a bug, not a user error.

use jamfor_spec::expr::{Condition, DatePart, Op, Row};
use polars::prelude::*;

use crate::error::{DataError, internal};

/// The column holding the year of the file each row was read from, where rows of several years
/// are aggregated together (a `window`).
pub(crate) const FILE_YEAR: &str = "_file_year";

/// What the built-in values are where an expression is evaluated.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Years {
    /// `MEASURE_YEAR`: the year computed.
    pub(crate) measure: i32,
    /// `FILE_YEAR` when all rows come from one file; `None` reads the [`FILE_YEAR`] column.
    pub(crate) file: Option<i32>,
}

/// A checked condition or value as a polars expression.
pub(crate) fn expression(c: &Condition, years: Years, file: &str) -> Result<Expr, DataError> {
    match &c.row {
        // The text as written: plain conditions compute exactly as they always have.
        Row::Sql(_) => sql(&c.sql, file),
        row => compile(row, years, &[], file),
    }
}

fn sql(text: &str, file: &str) -> Result<Expr, DataError> {
    polars::sql::sql_expr(text).map_err(|e| internal(file, "translating a checked condition", &e))
}

/// `row` as a polars expression; [`Row::Aggregate`] `k` reads the column `aggregates[k]`.
pub(crate) fn compile(
    row: &Row,
    years: Years,
    aggregates: &[String],
    file: &str,
) -> Result<Expr, DataError> {
    let go = |r: &Row| compile(r, years, aggregates, file);
    // A value that reads no row (`MAKE_DATE(MEASURE_YEAR, 10, 1)`) is computed here, once: as a
    // polars expression of literals it would be evaluated per plan, and polars' elimination of
    // common sub-expressions turns a repeated one into a one-row column that breaks the select.
    if let Some(value) = constant(row, years) {
        return Ok(lit(value));
    }
    Ok(match row {
        Row::Sql(text) => sql(text, file)?,
        Row::Date(column) => col(column.as_str()).cast(DataType::Int64),
        Row::Day(day) => lit(i64::from(*day)),
        Row::MeasureYear => lit(i64::from(years.measure)),
        Row::FileYear => match years.file {
            Some(year) => lit(i64::from(year)),
            None => col(FILE_YEAR).cast(DataType::Int64),
        },
        Row::MakeDate(y, m, d) => days_from_civil(int(go(y)?), int(go(m)?), int(go(d)?)),
        Row::Part(part, date) => date_part(*part, int(go(date)?)),
        Row::Not(x) => go(x)?.not(),
        Row::Neg(x) => lit(0i64) - go(x)?,
        Row::IsNull(x, true) => go(x)?.is_null(),
        Row::IsNull(x, false) => go(x)?.is_not_null(),
        Row::Coalesce(list) => {
            let mut exprs = list.iter().map(go).collect::<Result<Vec<_>, _>>()?;
            let mut out = exprs.pop().unwrap_or(lit(NULL));
            while let Some(first) = exprs.pop() {
                out = when(first.clone().is_not_null()).then(first).otherwise(out);
            }
            out
        }
        Row::Aggregate(k) => match aggregates.get(*k) {
            Some(name) => col(name.as_str()),
            None => {
                return Err(
                    DataError::file(file, "internal error: an aggregate outside `having`")
                        .help("this is a bug in jamfor; please report it with the definition"),
                );
            }
        },
        Row::Binary(op, a, b) => {
            let (a, b) = (go(a)?, go(b)?);
            match op {
                Op::And => a.and(b),
                Op::Or => a.or(b),
                Op::Eq => a.eq(b),
                Op::NotEq => a.neq(b),
                Op::Lt => a.lt(b),
                Op::LtEq => a.lt_eq(b),
                Op::Gt => a.gt(b),
                Op::GtEq => a.gt_eq(b),
                Op::Add => a + b,
                Op::Sub => a - b,
                Op::Mul => a * b,
                // SQL's `/` as the plain conditions have it: a true division.
                Op::Div => a.cast(DataType::Float64) / b.cast(DataType::Float64),
                Op::Rem => a % b,
            }
        }
    })
}

/// The value of an integer expression that reads no row, when it is one.
fn constant(row: &Row, years: Years) -> Option<i64> {
    let c = |r: &Row| constant(r, years);
    match row {
        Row::Sql(text) => text.trim().parse::<i64>().ok(),
        Row::Day(day) => Some(i64::from(*day)),
        Row::MeasureYear => Some(i64::from(years.measure)),
        Row::FileYear => years.file.map(i64::from),
        Row::Neg(x) => c(x).map(|v| -v),
        Row::MakeDate(y, m, d) => Some(jamfor_spec::expr::tree::days_from_civil(
            c(y)?,
            c(m)?,
            c(d)?,
        )),
        Row::Binary(op, a, b) => {
            let (a, b) = (c(a)?, c(b)?);
            match op {
                Op::Add => a.checked_add(b),
                Op::Sub => a.checked_sub(b),
                Op::Mul => a.checked_mul(b),
                _ => None,
            }
        }
        _ => None,
    }
}

fn int(e: Expr) -> Expr {
    e.cast(DataType::Int64)
}

/// Days since 1970-01-01 of year, month and day (H. Hinnant's days-from-civil).
fn days_from_civil(year: Expr, month: Expr, day: Expr) -> Expr {
    let before_march = month.clone().lt_eq(lit(2i64)).cast(DataType::Int64);
    let y = year - before_march;
    let era = y.clone().floor_div(lit(400i64));
    let yoe = y - era.clone() * lit(400i64);
    let mp = (month + lit(9i64)) % lit(12i64);
    let doy = (lit(153i64) * mp + lit(2i64)).floor_div(lit(5i64)) + day - lit(1i64);
    let doe = yoe.clone() * lit(365i64) + yoe.clone().floor_div(lit(4i64))
        - yoe.floor_div(lit(100i64))
        + doy;
    era * lit(146_097i64) + doe - lit(719_468i64)
}

/// Year, month and day of a day number (H. Hinnant's civil-from-days).
fn civil_from_days(days: Expr) -> (Expr, Expr, Expr) {
    let z = days + lit(719_468i64);
    let era = z.clone().floor_div(lit(146_097i64));
    let doe = z - era.clone() * lit(146_097i64);
    let yoe = (doe.clone() - doe.clone().floor_div(lit(1460i64))
        + doe.clone().floor_div(lit(36_524i64))
        - doe.clone().floor_div(lit(146_096i64)))
    .floor_div(lit(365i64));
    let doy = doe
        - (yoe.clone() * lit(365i64) + yoe.clone().floor_div(lit(4i64))
            - yoe.clone().floor_div(lit(100i64)));
    let mp = (lit(5i64) * doy.clone() + lit(2i64)).floor_div(lit(153i64));
    let day = doy - (lit(153i64) * mp.clone() + lit(2i64)).floor_div(lit(5i64)) + lit(1i64);
    let month = when(mp.clone().lt(lit(10i64)))
        .then(mp.clone() + lit(3i64))
        .otherwise(mp - lit(9i64));
    let year = yoe + era * lit(400i64) + month.clone().lt_eq(lit(2i64)).cast(DataType::Int64);
    (year, month, day)
}

fn date_part(part: DatePart, days: Expr) -> Expr {
    let (year, month, day) = civil_from_days(days.clone());
    match part {
        DatePart::Year => year,
        DatePart::Month => month,
        DatePart::Day => day,
        DatePart::Quarter => (month + lit(2i64)).floor_div(lit(3i64)),
        DatePart::HalfYear => (month + lit(5i64)).floor_div(lit(6i64)),
        DatePart::DayOfYear => days - days_from_civil(year, lit(1i64), lit(1i64)) + lit(1i64),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jamfor_spec::expr::tree::parse_date;

    fn parts(text: &str) -> Vec<i64> {
        let day = i64::from(parse_date(text).expect("a date"));
        let frame = df!("d" => [day]).expect("frame");
        let exprs: Vec<Expr> = [
            DatePart::Year,
            DatePart::Month,
            DatePart::Day,
            DatePart::Quarter,
            DatePart::HalfYear,
            DatePart::DayOfYear,
        ]
        .iter()
        .enumerate()
        .map(|(i, p)| date_part(*p, col("d")).alias(format!("p{i}")))
        .collect();
        let out = frame.lazy().select(exprs).collect().expect("parts");
        out.columns()
            .iter()
            .map(|c| c.i64().expect("i64").get(0).expect("value"))
            .collect()
    }

    #[test]
    fn parts_of_dates_follow_the_calendar() {
        assert_eq!(parts("2024-01-01"), [2024, 1, 1, 1, 1, 1]);
        assert_eq!(parts("2024-02-29"), [2024, 2, 29, 1, 1, 60]);
        assert_eq!(parts("2024-06-30"), [2024, 6, 30, 2, 1, 182]);
        assert_eq!(parts("2024-07-01"), [2024, 7, 1, 3, 2, 183]);
        assert_eq!(parts("2023-12-31"), [2023, 12, 31, 4, 2, 365]);
        assert_eq!(parts("1969-12-31"), [1969, 12, 31, 4, 2, 365]);
    }

    #[test]
    fn make_date_is_the_inverse() {
        let frame = df!("y" => [2024i64, 2023, 2000], "m" => [10i64, 1, 3], "d" => [1i64, 1, 1])
            .expect("frame");
        let out = frame
            .lazy()
            .select([days_from_civil(col("y"), col("m"), col("d")).alias("days")])
            .collect()
            .expect("days");
        let days: Vec<Option<i64>> = out
            .column("days")
            .expect("c")
            .i64()
            .expect("i64")
            .iter()
            .collect();
        let wanted: Vec<Option<i64>> = ["2024-10-01", "2023-01-01", "2000-03-01"]
            .iter()
            .map(|t| parse_date(t).map(i64::from))
            .collect();
        assert_eq!(days, wanted);
    }
}
