//! What can go wrong when synthesising, as values.

use std::fmt;
use std::io;
use std::path::PathBuf;

/// An error of synth: a file that could not be written, or a declaration synth cannot honour.
#[derive(Debug)]
#[non_exhaustive]
pub enum SynthError {
    /// Creating, writing or renaming a file or folder failed.
    Io {
        /// The file or folder.
        path: PathBuf,
        /// The underlying error.
        error: io::Error,
    },
    /// The source is declared in a way synth cannot write (not CSV, an odd delimiter, …).
    Declaration {
        /// The source id.
        source: String,
        /// What is wrong, in one sentence.
        message: String,
    },
    /// A value holds a character the source's declared encoding cannot represent.
    Encoding {
        /// The source id.
        source: String,
        /// The column, or the header.
        column: String,
        /// The character.
        character: char,
    },
}

impl SynthError {
    pub(crate) fn io(path: impl Into<PathBuf>, error: io::Error) -> Self {
        SynthError::Io {
            path: path.into(),
            error,
        }
    }
}

impl fmt::Display for SynthError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SynthError::Io { path, error } => write!(f, "{}: {error}", path.display()),
            SynthError::Declaration { source, message } => {
                write!(f, "source `{source}`: {message}")
            }
            SynthError::Encoding {
                source,
                column,
                character,
            } => write!(
                f,
                "source `{source}`, column `{column}`: `{character}` cannot be written in the declared encoding"
            ),
        }
    }
}

impl std::error::Error for SynthError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SynthError::Io { error, .. } => Some(error),
            _ => None,
        }
    }
}
