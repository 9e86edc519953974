//! Calendar days as whole numbers, so generators can add durations to dates with integer
//! arithmetic and the table can write them as `YYYY-MM-DD` without a date library.
//!
//! A day is the number of days since 1970-01-01 in the proleptic Gregorian calendar; the
//! conversions are Howard Hinnant's `days_from_civil` and `civil_from_days`, exact for every year
//! synth will ever write.

/// A calendar day: days since 1970-01-01.
pub(crate) type Day = i32;

/// The day of `ar`-`manad`-`day` (months and days from 1).
pub(crate) fn day(ar: i32, manad: u32, day: u32) -> Day {
    let (m, d) = (manad as i32, day as i32);
    let y = if m <= 2 { ar - 1 } else { ar };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Year, month and day of a day.
pub(crate) fn date(d: Day) -> (i32, u32, u32) {
    let z = d + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let manad = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let ar = yoe + era * 400 + i32::from(manad <= 2);
    (ar, manad, day)
}

/// 1 January of `ar`.
pub(crate) fn first(ar: i32) -> Day {
    day(ar, 1, 1)
}

/// 31 December of `ar`.
pub(crate) fn last(ar: i32) -> Day {
    day(ar, 12, 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip_and_know_leap_years() {
        assert_eq!(day(1970, 1, 1), 0);
        assert_eq!(day(2000, 3, 1) - day(2000, 2, 28), 2);
        assert_eq!(last(2024) - first(2024), 365);
        assert_eq!(last(2023) - first(2023), 364);
        for d in day(1899, 12, 1)..day(2031, 2, 1) {
            let (y, m, dd) = date(d);
            assert_eq!(day(y, m, dd), d);
        }
        assert_eq!(date(day(2024, 2, 29)), (2024, 2, 29));
        assert_eq!(date(first(2021) - 1), (2020, 12, 31));
    }
}
