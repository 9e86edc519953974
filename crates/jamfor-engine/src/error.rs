//! Errors about data, said in the user's terms: which file, which row, which column, what was
//! expected and what to do. polars' own errors never reach the user for a data mistake.

use std::fmt;

/// A problem with input data or with running a release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataError {
    /// The file concerned, as written in the release (root-relative).
    pub file: String,
    /// The sheet, for a workbook.
    pub sheet: Option<String>,
    /// 1-based line in the file (the header is line 1), or row of the sheet, when the problem is
    /// in one row.
    pub line: Option<u64>,
    /// 1-based row of a dataset (SAS, SPSS), which has rows but no lines, when the problem is in
    /// one row.
    pub row: Option<u64>,
    /// The column, when the problem is in one column.
    pub column: Option<String>,
    /// What is wrong. Never contains a value of an identifying column.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
}

impl DataError {
    /// A problem with a whole file.
    pub fn file(file: impl Into<String>, message: impl Into<String>) -> Self {
        DataError {
            file: file.into(),
            sheet: None,
            line: None,
            row: None,
            column: None,
            message: message.into(),
            help: None,
        }
    }

    /// Points at a column.
    #[must_use]
    pub fn column(mut self, column: impl Into<String>) -> Self {
        self.column = Some(column.into());
        self
    }

    /// Points at a sheet of a workbook; its line is then a row of the sheet.
    #[must_use]
    pub fn sheet(mut self, sheet: impl Into<String>) -> Self {
        self.sheet = Some(sheet.into());
        self
    }

    /// Points at a line.
    #[must_use]
    pub fn line(mut self, line: u64) -> Self {
        self.line = Some(line);
        self
    }

    /// Points at a row of a dataset.
    #[must_use]
    pub fn row(mut self, row: u64) -> Self {
        self.row = Some(row);
        self
    }

    /// The same problem in a dataset, whose rows were counted as lines while it was read.
    #[must_use]
    pub(crate) fn in_rows(mut self) -> Self {
        self.row = self.line.take().or(self.row);
        self
    }

    /// Adds what to do.
    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl fmt::Display for DataError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        match (&self.sheet, self.line) {
            (Some(sheet), Some(row)) => write!(f, ", sheet `{sheet}`, row {row}")?,
            (Some(sheet), None) => write!(f, ", sheet `{sheet}`")?,
            (None, Some(line)) => write!(f, ":{line}")?,
            (None, None) => {
                if let Some(row) = self.row {
                    write!(f, ", row {row}")?;
                }
            }
        }
        if let Some(column) = &self.column {
            write!(f, ", column `{column}`")?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for DataError {}

/// Turns a polars error into a bug report: by the time polars runs, every definition has been
/// checked, so a polars failure is ours, not the user's.
pub(crate) fn internal(
    file: &str,
    context: &str,
    error: &polars::prelude::PolarsError,
) -> DataError {
    DataError::file(file, format!("internal error while {context}: {error}"))
        .help("this is a bug in jamfor; please report it with the release definition")
}
