//! What the readers of statistical datasets (SAS, SPSS) share: the declared columns found among
//! the dataset's variables, and the values gathered as the text that the declared schema is
//! checked against — the same check, and the same errors, as for a CSV file.

use jamfor_spec::manifest::Source;
use polars::prelude::*;

use crate::error::{DataError, internal};

/// A declared column and the dataset variable it is read from.
#[derive(Debug)]
pub(super) struct Matched {
    /// The declared name, which the frame uses.
    pub(super) declared: String,
    /// The variable's position in the dataset.
    pub(super) file: usize,
}

/// The dataset variable of each declared column. SAS and SPSS names are not case-sensitive
/// (`LopNr` and `LOPNR` are one variable), so a name that differs from the declared one in case
/// only is the declared column; an exact match comes first.
///
/// # Errors
/// A declared column that the dataset lacks, with the closest variable names.
pub(super) fn matched_columns(
    source: &Source,
    names: &[String],
    path: &str,
) -> Result<Vec<Matched>, DataError> {
    let mut matched = Vec::with_capacity(source.columns.len());
    for declared in &source.columns {
        // Columns made by the reading itself (a year column's year and value) are not in the file.
        if source
            .format
            .year_columns
            .as_ref()
            .is_some_and(|y| y.year == declared.name || y.value == declared.name)
        {
            continue;
        }
        let found = names.iter().position(|n| *n == declared.name).or_else(|| {
            names
                .iter()
                .position(|n| n.eq_ignore_ascii_case(&declared.name))
        });
        match found {
            Some(file) => matched.push(Matched {
                declared: declared.name.clone(),
                file,
            }),
            None => {
                return Err(super::validate::missing_column(
                    source,
                    &declared.name,
                    names,
                    path,
                ));
            }
        }
    }
    // A year column's own columns are read too, whatever their names.
    if source.format.year_columns.is_some() {
        for (file, name) in names.iter().enumerate() {
            if super::year_columns::year_of(name).is_some()
                && !matched.iter().any(|m| m.file == file)
            {
                matched.push(Matched {
                    declared: name.clone(),
                    file,
                });
            }
        }
    }
    Ok(matched)
}

/// A number as text: a whole number without decimals (a kommun code stored as 180 is `180`, and
/// gets its zero back), others as Rust writes them; `None` for a value that is not a number.
pub(super) fn number_text(value: f64) -> Option<String> {
    if !value.is_finite() {
        return None;
    }
    Some(if value.fract() == 0.0 && value.abs() < 9.0e15 {
        format!("{value:.0}")
    } else {
        value.to_string()
    })
}

/// The text values of the matched columns, gathered row by row.
#[derive(Debug)]
pub(super) struct TextColumns {
    names: Vec<String>,
    values: Vec<Vec<Option<String>>>,
}

impl TextColumns {
    pub(super) fn new(matched: &[Matched]) -> Self {
        TextColumns {
            names: matched.iter().map(|m| m.declared.clone()).collect(),
            values: vec![Vec::new(); matched.len()],
        }
    }

    /// Adds a row: `cell(i)` is the value of the `i`-th matched column.
    pub(super) fn push_row(&mut self, mut cell: impl FnMut(usize) -> Option<String>) {
        for (i, column) in self.values.iter_mut().enumerate() {
            column.push(cell(i));
        }
    }

    /// Rows gathered so far.
    pub(super) fn height(&self) -> usize {
        self.values.first().map_or(0, Vec::len)
    }

    /// The frame of text columns, and each row's number (from 1).
    pub(super) fn finish(self, path: &str) -> Result<(DataFrame, Vec<u64>), DataError> {
        let height = self.height();
        let columns: Vec<Column> = self
            .names
            .iter()
            .zip(self.values)
            .map(|(name, values)| {
                StringChunked::from_iter_options(name.as_str().into(), values.into_iter())
                    .into_series()
                    .into_column()
            })
            .collect();
        let frame = DataFrame::new(height, columns)
            .map_err(|e| internal(path, "reading the dataset", &e))?;
        Ok((frame, (1..=height as u64).collect()))
    }
}
