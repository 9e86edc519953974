//! What can go wrong in analysis: a declaration the results cannot serve.

use std::fmt;

/// An analysis that cannot be made from the results at hand, with where the declaration was
/// written and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnalysisError {
    /// `file:line` of the declaration concerned.
    pub location: String,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub help: String,
}

impl fmt::Display for AnalysisError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {}\n  help: {}",
            self.location, self.message, self.help
        )
    }
}

impl std::error::Error for AnalysisError {}
