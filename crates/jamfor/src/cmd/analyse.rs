//! `jamfor analyse --kommun CODE`: a kommun's bruttolista — per area, its comparable kommuner and
//! the indicators to look at first, with the reasons in Swedish.
//!
//! Computes the release's results from the definitions and input files (as `jamfor run` does),
//! then the comparable kommuner and the bruttolista of the one kommun asked for.

use std::process::ExitCode;

use jamfor_geo::Geografi;

use crate::AnalyseArgs;
use crate::definitions::{self, Refusal};
use crate::output;

pub(crate) fn run(args: &AnalyseArgs) -> Result<ExitCode, String> {
    let geo = Geografi::inbyggd();
    let kommun = geo
        .hitta_kommun(&args.kommun)
        .map_err(|e| format!("--kommun: {e}"))?
        .kod
        .to_string();
    let manifest = match definitions::load_checked(&args.root, "analysing") {
        Ok(m) => m,
        Err(Refusal::Usage(message)) => return Err(message),
        Err(Refusal::Findings) => return Ok(ExitCode::from(1)),
    };
    let release = definitions::find_release(&manifest, &args.root, &args.pipeline)?;
    let year = u16::try_from(release.year).unwrap_or(0);
    if !geo
        .kommuner_giltiga(year)
        .any(|k| k.kod.to_string() == kommun)
    {
        return Err(format!(
            "kommun {kommun} has no figures for {}, the year of release `{}`",
            release.year, release.id
        ));
    }
    output::err(&format!(
        "computing release `{}` from its input files …\n",
        release.id
    ));
    let results = jamfor_engine::run(&manifest, release, &args.root).map_err(|e| e.to_string())?;
    let groups =
        jamfor_analysis::comparable(&manifest, release, &results).map_err(|e| e.to_string())?;
    let posts = jamfor_analysis::bruttolista(
        &manifest,
        release,
        &results,
        &groups,
        &|_| None,
        Some(&kommun),
    );
    output::out(&jamfor_analysis::text(
        &manifest, release, &groups, &posts, &kommun,
    ));
    Ok(ExitCode::SUCCESS)
}
