//! The declared schema applied to a frame read as text: every declared column present, every value
//! of the declared type and among the declared codes, kommun codes real for the year, kön codes
//! mapped to K/M, keys unique. A row that breaks the declaration either stops the run (naming file,
//! line and column) or, when the source says `invalid_rows = "drop"`, is dropped and counted.

use std::collections::BTreeMap;
use std::str::FromStr;

use jamfor_geo::{Geography, KommunCode};
use jamfor_spec::keywords::{ColumnType, InvalidRows, Role};
use jamfor_spec::manifest::{Column as Declared, Source};
use jamfor_spec::suggest;
use polars::prelude::*;

use super::{SourceFrame, role};
use crate::error::{DataError, internal};

/// Rows dropped for one reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dropped {
    /// Why, e.g. "unknown kommun code".
    pub reason: String,
    /// How many rows.
    pub rows: usize,
}

/// A value that breaks the declaration.
struct Problem {
    row: usize,
    column: String,
    reason: &'static str,
    message: String,
    help: Option<String>,
}

/// A typed column being built.
enum Typed {
    Int(Vec<Option<i64>>),
    Float(Vec<Option<f64>>),
    Bool(Vec<Option<bool>>),
    /// Text, codes and dates: the column read, or rebuilt when values needed trimming or mapping.
    Column(Column),
}

impl Typed {
    fn into_column(self, name: &str) -> Column {
        let name = PlSmallStr::from(name);
        match self {
            Typed::Int(v) => Int64Chunked::from_iter_options(name, v.into_iter())
                .into_series()
                .into(),
            Typed::Float(v) => Float64Chunked::from_iter_options(name, v.into_iter())
                .into_series()
                .into(),
            Typed::Bool(v) => BooleanChunked::from_iter_options(name, v.into_iter())
                .into_series()
                .into(),
            Typed::Column(c) => c.with_name(name),
        }
    }
}

/// The kommun a value of a kommun column stands for in `year`, if it is a kommun then: its code,
/// the code without its leading zero, or its name.
pub(super) fn kommun_code(value: &str, year: i32) -> Option<KommunCode> {
    // Spreadsheets turn "0180" into 180; a code of one to three digits gets its zeros back.
    let padded = if value.len() < 4 && value.bytes().all(|b| b.is_ascii_digit()) {
        format!("{value:0>4}")
    } else {
        value.to_string()
    };
    let geo = Geography::builtin();
    // Some SCB exports name the kommun instead of coding it.
    let by_name = geo.kommun_named(value).map(|k| k.code);
    let kod = KommunCode::from_str(&padded).ok().or(by_name)?;
    geo.is_valid_in(kod, u16::try_from(year).unwrap_or(0))
        .then_some(kod)
}

/// A boolean as sources write them.
pub(super) fn boolean(value: &str) -> Option<bool> {
    match value.to_ascii_lowercase().as_str() {
        "true" | "1" => Some(true),
        "false" | "0" => Some(false),
        _ => None,
    }
}

/// Whether `value` is a date written YYYY-MM-DD (a real day: not 2023-02-30).
pub(super) fn is_date(value: &str) -> bool {
    jamfor_spec::expr::tree::parse_date(value).is_some()
}

/// Whether a value of a `period` column (a year, or a date) lies in `year`. A source is read one
/// file per year: a row of another year in it would be counted in the wrong year.
pub(super) fn in_year(value: &str, column_type: ColumnType, year: i32) -> bool {
    match column_type {
        ColumnType::Date => value
            .get(..4)
            .and_then(|y| y.parse::<i32>().ok())
            .is_some_and(|y| y == year),
        _ => value.parse::<i64>().is_ok_and(|y| y == i64::from(year)),
    }
}

/// Shows a value in a message unless it identifies a person.
fn shown(column: &Declared, value: &str) -> String {
    if column.role == Some(Role::Identifying) {
        "the value (not shown: identifying column)".to_string()
    } else {
        format!("`{value}`")
    }
}

struct ColumnCheck<'a> {
    column: &'a Declared,
    year: i32,
    decimal: char,
    problems: Vec<Problem>,
    /// The declared codes, for lookups in millions of rows.
    codes: std::collections::HashSet<&'a str>,
    /// Kommun codes as written → the code they stand for; a register repeats the same few hundred
    /// values millions of times, and resolving a name or a lost zero once per value is enough.
    kommuner: std::collections::HashMap<String, Option<String>>,
}

impl ColumnCheck<'_> {
    fn problem(&mut self, row: usize, reason: &'static str, message: String, help: Option<String>) {
        self.problems.push(Problem {
            row,
            column: self.column.name.clone(),
            reason,
            message,
            help,
        });
    }

    fn kommun(&mut self, row: usize, value: &str) -> Option<String> {
        match kommun_code(value, self.year) {
            Some(kod) => Some(kod.to_string()),
            None => {
                let geo = Geography::builtin();
                // Every close kommun (at most three), not only the first: codes one digit apart
                // are equally close, and the first in code order is no likelier than the others.
                // A code that lost its leading zero is compared with the codes it could be.
                let written = if value.len() < 4 && value.bytes().all(|b| b.is_ascii_digit()) {
                    format!("{value:0>4}")
                } else {
                    value.to_string()
                };
                let close: Vec<String> = geo
                    .suggest(&written)
                    .iter()
                    .map(|k| format!("{} ({})", k.code, k.name))
                    .collect();
                let help = match close.split_last() {
                    None => None,
                    Some((only, [])) => Some(format!("did you mean {only}?")),
                    Some((last, rest)) => {
                        Some(format!("did you mean {} or {last}?", rest.join(", ")))
                    }
                };
                // `0114 Upplands Väsby`, as SCB's statistical database writes a region.
                let code_and_label = value
                    .split_once(' ')
                    .is_some_and(|(code, _)| kommun_code(code, self.year).is_some());
                let help = if code_and_label && self.column.extract.is_none() {
                    Some("the value is a code and its name, as SCB's statistical database writes them: declare `extract = \"code\"` on the column to read the code".to_string())
                } else {
                    help
                };
                self.problem(
                    row,
                    "unknown kommun code",
                    format!("`{value}` is not a kommun code in {}", self.year),
                    help,
                );
                None
            }
        }
    }

    fn value(&mut self, row: usize, raw: Option<&str>) -> Option<Cell> {
        let column = self.column;
        let Some(value) = raw.map(str::trim).filter(|v| !v.is_empty()) else {
            // A row without a kommun cannot be placed anywhere: read as null, it fell out of
            // every count without a word and left a kommun "" in the results. So the kommun
            // column is never nullable, whatever the declaration says.
            if column.role == Some(Role::Kommun) {
                self.problem(
                    row,
                    "empty value",
                    "is empty, but every row must belong to a kommun".to_string(),
                    Some("fill in the kommun code, or declare `invalid_rows = \"drop\"` in the source to drop and count such rows".into()),
                );
            } else if !column.nullable {
                self.problem(
                    row,
                    "empty value",
                    "is empty, but the column is not nullable".to_string(),
                    Some("fill in the value, or declare `nullable = true` for the column".into()),
                );
            }
            return None;
        };
        if column.role == Some(Role::Kommun) {
            if self.kommuner.get(value).is_some_and(Option::is_some) {
                return Some(Cell::Text);
            }
            let code = self.kommun(row, value);
            let ok = code.is_some();
            self.kommuner.insert(value.to_string(), code);
            return ok.then_some(Cell::Text);
        }
        let cell = self.typed(row, value)?;
        if column.role == Some(Role::Period) && !in_year(value, column.column_type, self.year) {
            self.problem(
                row,
                "row of another year",
                format!(
                    "`{value}` is not in {}, the year this file is read for",
                    self.year
                ),
                Some("give the release one file per year, each with only that year's rows, or declare `invalid_rows = \"drop\"` in the source to drop and count rows of other years".to_string()),
            );
            return None;
        }
        Some(cell)
    }

    /// `value` (trimmed, not empty) as the declared type, and not negative unless declared so.
    fn typed(&mut self, row: usize, value: &str) -> Option<Cell> {
        let cell = self.parsed(row, value)?;
        let negative = match cell {
            Cell::Int(n) => n < 0,
            Cell::Float(f) => f < 0.0,
            Cell::Bool(_) | Cell::Text => false,
        };
        if negative && !self.column.negative {
            // Summed, a negative count or amount silently lowers a kommun's total (and its
            // län's and riket's): it is refused where it is, not found later as an odd share.
            let message = format!(
                "{} is negative; counts and amounts cannot be",
                shown(self.column, value)
            );
            let help = "fix the file, or declare `negative = true` for the column if its values may be below zero (a balance, a change); `invalid_rows = \"drop\"` in the source drops and counts such rows".to_string();
            self.problem(row, "negative value", message, Some(help));
            return None;
        }
        Some(cell)
    }

    /// `value` (trimmed, not empty) parsed as the declared type.
    fn parsed(&mut self, row: usize, value: &str) -> Option<Cell> {
        let column = self.column;
        match column.column_type {
            ColumnType::Integer => match value.parse::<i64>() {
                Ok(n) => Some(Cell::Int(n)),
                Err(_) => {
                    let message = format!("{} is not an integer", shown(column, value));
                    // `45 år`, `100+ år`, as SCB's statistical database writes an age.
                    let digits = value.bytes().take_while(u8::is_ascii_digit).count();
                    let number_and_unit = digits > 0
                        && value[digits..].starts_with([' ', '+'])
                        && column.extract.is_none();
                    let help = number_and_unit.then(|| {
                        "the value is a number and its unit: declare `extract = \"number\"` on the column to read the number at its start (`45` of `45 år`)".to_string()
                    });
                    self.problem(row, "not an integer", message, help);
                    None
                }
            },
            ColumnType::Decimal => {
                let normalised = if self.decimal == ',' {
                    value.replace(',', ".")
                } else {
                    value.to_string()
                };
                match normalised.parse::<f64>() {
                    Ok(f) if f.is_finite() => Some(Cell::Float(f)),
                    _ => {
                        let message = format!("{} is not a decimal number", shown(column, value));
                        let help = (self.decimal == '.' && value.contains(','))
                            .then(|| "the source declares `decimal = \".\"`; Swedish files often need `decimal = \",\"`".to_string());
                        self.problem(row, "not a decimal number", message, help);
                        None
                    }
                }
            }
            ColumnType::Boolean => match boolean(value) {
                Some(b) => Some(Cell::Bool(b)),
                None => {
                    let message = format!("{} is not true/false", shown(column, value));
                    self.problem(row, "not a boolean", message, None);
                    None
                }
            },
            ColumnType::Date => {
                if is_date(value) {
                    Some(Cell::Text)
                } else {
                    let message = format!("{} is not a date (YYYY-MM-DD)", shown(column, value));
                    self.problem(row, "not a date", message, None);
                    None
                }
            }
            ColumnType::Code => {
                if self.codes.contains(value) {
                    Some(Cell::Text)
                } else {
                    let help =
                        suggest::did_you_mean(value, column.codes.iter().map(|(c, _)| c.as_str()));
                    let message =
                        format!("{} is not one of the declared codes", shown(column, value));
                    self.problem(row, "value outside the declared codes", message, help);
                    None
                }
            }
            ColumnType::Text => Some(Cell::Text),
        }
    }
}

enum Cell {
    Int(i64),
    Float(f64),
    Bool(bool),
    /// A valid text value; the text itself stays in the column read.
    Text,
}

fn typed_column(check: &mut ColumnCheck<'_>, values: &StringChunked) -> Typed {
    let ty = if check.column.role == Some(Role::Kommun) {
        ColumnType::Text
    } else {
        check.column.column_type
    };
    let cells = values
        .iter()
        .enumerate()
        .map(|(row, raw)| check.value(row, raw));
    match ty {
        ColumnType::Integer => Typed::Int(
            cells
                .map(|c| match c {
                    Some(Cell::Int(n)) => Some(n),
                    _ => None,
                })
                .collect(),
        ),
        ColumnType::Decimal => Typed::Float(
            cells
                .map(|c| match c {
                    Some(Cell::Float(f)) => Some(f),
                    _ => None,
                })
                .collect(),
        ),
        ColumnType::Boolean => Typed::Bool(
            cells
                .map(|c| match c {
                    Some(Cell::Bool(b)) => Some(b),
                    _ => None,
                })
                .collect(),
        ),
        ColumnType::Text | ColumnType::Date | ColumnType::Code => {
            // Validate every value; invalid ones become problems (the run fails or the rows are
            // dropped), so the column can be kept as read unless a value needs rewriting.
            let mut rewrite = false;
            for (row, raw) in values.iter().enumerate() {
                check.value(row, raw);
                rewrite |= raw.is_some_and(|v| v.trim().len() != v.len() || v.trim().is_empty());
            }
            if check.column.role == Some(Role::Kommun) {
                let kommuner = &check.kommuner;
                let mapped = values.iter().map(|raw| {
                    raw.map(str::trim)
                        .and_then(|v| kommuner.get(v))
                        .and_then(|code| code.as_deref())
                });
                Typed::Column(
                    StringChunked::from_iter_options(values.name().clone(), mapped)
                        .into_series()
                        .into(),
                )
            } else if rewrite {
                let trimmed = values
                    .iter()
                    .map(|raw| raw.map(str::trim).filter(|v| !v.is_empty()));
                Typed::Column(
                    StringChunked::from_iter_options(values.name().clone(), trimmed)
                        .into_series()
                        .into(),
                )
            } else {
                Typed::Column(values.clone().into_series().into())
            }
        }
    }
}

/// Applies `source`'s declaration to `raw` (all columns text). `lines` holds the line of the file
/// where each row of `raw` starts, so that messages give the line a person sees in an editor.
pub(super) fn validate(
    raw: DataFrame,
    source: &Source,
    year: i32,
    path: &str,
    mut lines: Vec<u64>,
) -> Result<SourceFrame, DataError> {
    let rows_read = raw.height();
    let present: Vec<String> = raw
        .get_column_names()
        .iter()
        .map(ToString::to_string)
        .collect();
    let mut columns = Vec::new();
    let mut problems = Vec::new();
    for declared in &source.columns {
        let Ok(column) = raw.column(&declared.name) else {
            return Err(missing_column(source, &declared.name, &present, path));
        };
        let text = column
            .cast(&DataType::String)
            .map_err(|e| internal(path, "reading a column as text", &e))?;
        let text = text
            .str()
            .map_err(|e| internal(path, "reading a column as text", &e))?;
        let mut check = ColumnCheck {
            column: declared,
            year,
            decimal: source.format.decimal,
            problems: Vec::new(),
            codes: declared.codes.iter().map(|(c, _)| c.as_str()).collect(),
            kommuner: std::collections::HashMap::new(),
        };
        let typed = typed_column(&mut check, text);
        problems.append(&mut check.problems);
        columns.push(typed.into_column(&declared.name));
        if let Some(canonical) = canonical(declared) {
            let copy = columns
                .last()
                .map(|c: &Column| c.clone().with_name(canonical.into()));
            columns.extend(copy);
        }
    }
    let mut frame =
        DataFrame::new(rows_read, columns).map_err(|e| internal(path, "building the frame", &e))?;
    if let Some(kon) = source.columns.iter().find(|c| c.role == Some(Role::Kon)) {
        frame = map_kon(frame, kon, path)?;
    }

    let mut dropped = Vec::new();
    if !problems.is_empty() {
        match source.invalid_rows {
            InvalidRows::Fail => {
                problems.sort_by_key(|p| p.row);
                let count = problems.len();
                let first = &problems[0];
                let more = match count {
                    1 => String::new(),
                    2 => " (1 more problem in the file)".to_string(),
                    _ => format!(" ({} more problems in the file)", count - 1),
                };
                let mut error = DataError::file(path, format!("{}{more}", first.message))
                    .line(line_of(&lines, first.row))
                    .column(first.column.clone());
                let help = first.help.clone().unwrap_or_else(|| {
                    "fix the file, or declare `invalid_rows = \"drop\"` in the source to drop and count such rows".into()
                });
                error = error.help(help);
                return Err(error);
            }
            InvalidRows::Drop => {
                let mut keep = vec![true; rows_read];
                let mut by_reason: BTreeMap<&'static str, usize> = BTreeMap::new();
                for p in &problems {
                    if std::mem::replace(&mut keep[p.row], false) {
                        *by_reason.entry(p.reason).or_default() += 1;
                    }
                }
                // Rows after a dropped one move up: their lines move with them, so that a
                // duplicate key found below is reported at its own line.
                lines = lines
                    .iter()
                    .zip(&keep)
                    .filter(|(_, k)| **k)
                    .map(|(l, _)| *l)
                    .collect();
                let mask = BooleanChunked::from_iter_values("keep".into(), keep.into_iter());
                frame = frame
                    .filter(&mask)
                    .map_err(|e| internal(path, "dropping invalid rows", &e))?;
                dropped = by_reason
                    .into_iter()
                    .map(|(reason, rows)| Dropped {
                        reason: reason.to_string(),
                        rows,
                    })
                    .collect();
            }
        }
    }
    check_unique(&frame, source, path, &lines)?;
    Ok(SourceFrame {
        frame,
        rows_read,
        dropped,
    })
}

/// The error for a declared column that the file lacks (`present` are the file's columns).
pub(super) fn missing_column(
    source: &Source,
    name: &str,
    present: &[String],
    path: &str,
) -> DataError {
    let help = suggest::did_you_mean(name, present.iter().map(String::as_str))
        .unwrap_or_else(|| format!("the file's columns are {}", present.join(", ")));
    DataError::file(
        path,
        format!(
            "has no column `{name}`, which source `{}` declares",
            source.id
        ),
    )
    .help(help)
}

/// The line of row `row`; the row number itself if the reader could not say.
fn line_of(lines: &[u64], row: usize) -> u64 {
    lines.get(row).copied().unwrap_or(row as u64 + 1)
}

pub(super) fn canonical(column: &Declared) -> Option<&'static str> {
    match column.role? {
        Role::Kommun => Some(role::KOMMUN),
        Role::Kon => Some(role::KON),
        Role::Alder => Some(role::ALDER),
        Role::Weight => Some(role::WEIGHT),
        Role::Enhet => Some(role::ENHET),
        Role::Stadsdel => Some(role::STADSDEL),
        Role::Period | Role::Identifying => None,
    }
}

/// Maps the source's kön codes to K and M in the canonical column.
pub(super) fn map_kon(
    frame: DataFrame,
    kon: &Declared,
    path: &str,
) -> Result<DataFrame, DataError> {
    let Some(codes) = &kon.kon_codes else {
        return Ok(frame);
    };
    // Codes that are already K and M need no mapping when every value is one of them (or null).
    if codes.kvinnor == "K"
        && codes.man == "M"
        && let Ok(values) = frame.column(role::KON).and_then(|c| c.str().cloned())
        && super::typed::distinct_values(&values)
            .iter()
            .all(|v| matches!(*v, "K" | "M"))
    {
        return Ok(frame);
    }
    let as_text = col(role::KON).cast(DataType::String);
    let mapped = when(as_text.clone().eq(lit(codes.kvinnor.as_str())))
        .then(lit("K"))
        .when(as_text.eq(lit(codes.man.as_str())))
        .then(lit("M"))
        .otherwise(lit(NULL).cast(DataType::String))
        .alias(role::KON);
    frame
        .lazy()
        .with_column(mapped)
        .collect()
        .map_err(|e| internal(path, "mapping kön codes", &e))
}

fn check_unique(
    frame: &DataFrame,
    source: &Source,
    path: &str,
    lines: &[u64],
) -> Result<(), DataError> {
    if source.unique_by.is_empty() || frame.height() == 0 {
        return Ok(());
    }
    let mut texts = Vec::new();
    for key in &source.unique_by {
        let column = frame
            .column(key)
            .and_then(|c| c.cast(&DataType::String))
            .map_err(|e| internal(path, "reading the key columns", &e))?;
        texts.push(column);
    }
    let texts: Vec<&StringChunked> = texts.iter().filter_map(|c| c.str().ok()).collect();
    let mut seen = std::collections::HashSet::with_capacity(frame.height());
    let mut repeated = None;
    for row in 0..frame.height() {
        let key: Vec<Option<&str>> = texts.iter().map(|t| t.get(row)).collect();
        if !seen.insert(key) {
            repeated = Some(row);
            break;
        }
    }
    let Some(second) = repeated else {
        return Ok(());
    };
    let identifying = source.unique_by.iter().any(|k| {
        source
            .column(k)
            .is_some_and(|c| c.role == Some(Role::Identifying))
    });
    let key = if identifying {
        String::new()
    } else {
        let values: Vec<&str> = texts.iter().map(|t| t.get(second).unwrap_or("")).collect();
        format!(" ({})", values.join(", "))
    };
    Err(DataError::file(
        path,
        format!(
            "has two rows with the same {}{key}",
            source.unique_by.join(", ")
        ),
    )
    .line(line_of(lines, second))
    .help("the source declares `unique_by`: one row per key; remove the duplicate or fix the key"))
}
