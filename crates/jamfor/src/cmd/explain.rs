//! `jamfor explain`: an indicator's definition and the plan that computes it.

use std::process::ExitCode;

use crate::ExplainArgs;
use crate::definitions::{self, Refusal};
use crate::output;

pub(crate) fn run(args: &ExplainArgs) -> Result<ExitCode, String> {
    let manifest = match definitions::load_checked(&args.root, "explaining") {
        Ok(m) => m,
        Err(Refusal::Usage(message)) => return Err(message),
        Err(Refusal::Findings) => return Ok(ExitCode::from(1)),
    };
    let release = definitions::find_release(&manifest, &args.root, &args.pipeline)?;
    let text =
        jamfor_engine::explain(&manifest, release, &args.indicator).map_err(|e| e.to_string())?;
    output::out(&text);
    Ok(ExitCode::SUCCESS)
}
