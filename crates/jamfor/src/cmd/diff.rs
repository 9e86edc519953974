//! `jamfor diff OLD NEW`: what changed between two release folders, and why. Exit 0 when they
//! are the same, 1 when anything differs, 2 when a folder cannot be read.

use std::process::ExitCode;

use jamfor_history::diff;

use crate::output;
use crate::{DiffArgs, DiffFormat};

pub(crate) fn run(args: &DiffArgs) -> Result<ExitCode, String> {
    let found = diff::compare(&args.old, &args.new).map_err(|e| e.to_string())?;
    output::out(&match args.format {
        DiffFormat::Human => diff::human(&found),
        DiffFormat::Json => found.to_json(),
    });
    Ok(if found.is_unchanged() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
