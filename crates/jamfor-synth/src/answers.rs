//! How a kommun or a unit answers a questionnaire (kommunenkät, enhetsenkät).
//!
//! Real answers are persistent: a kommun that has a routine this year had it last year, and
//! routines spread slowly. So each unit has a fixed position per question (a uniform number from
//! the seed, unit and question), and answers Ja when that position lies below the question's share
//! of Ja for the year. The share rises with the unit's quality and a little every year; a small
//! yearly jitter lets a few units change their answer.

use jamfor_spec::keywords::ColumnType;
use jamfor_spec::manifest::Column;

use crate::random::{key, text_key, uniform_of};
use crate::table::yes_no;

/// What a questionnaire column asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Question {
    /// Ja or Nej.
    JaNej,
    /// A number of days (handling times).
    Dagar,
    /// Anything else: filled from the declared type.
    Annan,
}

impl Question {
    pub(crate) fn av(c: &Column) -> Question {
        if yes_no(c) {
            Question::JaNej
        } else if c.column_type == ColumnType::Integer && c.name.contains("dagar") {
            Question::Dagar
        } else {
            Question::Annan
        }
    }
}

/// Whether a unit answers Ja. `enhet` identifies the unit (kommun or enhet) and `kvalitet` is its
/// quality score, about -1..1.
pub(crate) fn yes(seed: u64, fraga: &str, enhet: u64, kvalitet: f64, ar: i32) -> bool {
    let f = text_key(fraga);
    // How common Ja is for this question in 2020: some routines are nearly universal, some rare.
    let bas = 0.4 + 0.5 * uniform_of(key(&[seed, 0xF4A6, f]));
    let andel = (bas + 0.15 * kvalitet + 0.025 * f64::from(ar - 2020)).clamp(0.03, 0.97);
    let position = uniform_of(key(&[seed, 0x905, f, enhet]));
    let jitter = 0.08 * (uniform_of(key(&[seed, 0x417, f, enhet, ar as u64])) - 0.5);
    position + jitter < andel
}

/// Whether a unit leaves a question unanswered this year.
pub(crate) fn unanswered(seed: u64, fraga: &str, enhet: u64, ar: i32, andel: f64) -> bool {
    uniform_of(key(&[seed, 0x0B5, text_key(fraga), enhet, ar as u64])) < andel
}
