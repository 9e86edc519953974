//! `jamfor analyse --kommun CODE`: a kommun's bruttolista — per area, its comparable kommuner and
//! the indicators to look at first, with the reasons in Swedish.
//!
//! With `--release DIR`, the list is read from a release folder as published (its analysis
//! tables). Otherwise the release is computed from the definitions and input files as `jamfor run`
//! does — results, disclosure protection, comparison groups — without writing anything, so the
//! list never rests on a value the release would withhold.

use std::process::ExitCode;

use jamfor_geo::Geography;

use crate::AnalyseArgs;
use crate::definitions::{self, Refusal};
use crate::output;

pub(crate) fn run(args: &AnalyseArgs) -> Result<ExitCode, String> {
    let geo = Geography::builtin();
    let kommun = geo
        .find_kommun(&args.kommun)
        .map_err(|e| format!("--kommun: {e}"))?
        .code
        .to_string();
    if let Some(folder) = &args.release {
        let lista =
            jamfor_assess::shortlist_from_release(folder, &kommun).map_err(|e| e.to_string())?;
        output::out(&lista.text());
        return Ok(ExitCode::SUCCESS);
    }
    let manifest = match definitions::load_checked(&args.root, "analysing") {
        Ok(m) => m,
        Err(Refusal::Usage(message)) => return Err(message),
        Err(Refusal::Findings) => return Ok(ExitCode::from(1)),
    };
    let release = definitions::find_release(&manifest, &args.root, &args.pipeline)?;
    let year = u16::try_from(release.year).unwrap_or(0);
    if !geo
        .kommuner_valid_in(year)
        .any(|k| k.code.to_string() == kommun)
    {
        return Err(format!(
            "kommun {kommun} has no figures for {}, the year of release `{}`",
            release.year, release.id
        ));
    }
    output::err(&format!(
        "computing and protecting release `{}` from its input files (give --release DIR to read a written release instead) …\n",
        release.id
    ));
    let computed = jamfor_engine::run(&manifest, release, &args.root).map_err(|e| e.to_string())?;
    // As `run` publishes them: figures rounded to their published decimals.
    let manifest = jamfor_assess::decimals::as_published(&manifest, release);
    let mut results = crate::run::published_areas(computed, &manifest, release);
    jamfor_assess::decimals::round_values(&manifest, &mut results);
    let protected = jamfor_protect::protect_release(&manifest, release, geo, results)
        .map_err(|e| format!("the results cannot be protected: {e}"))?;
    let (_, analysis) = jamfor_assess::analyse(&manifest, release, geo, protected.results)
        .map_err(|e| e.to_string())?;
    let posts: Vec<_> = analysis
        .bruttolista
        .iter()
        .filter(|post| post.kommun == kommun)
        .cloned()
        .collect();
    output::out(
        &jamfor_assess::shortlist(&manifest, release, &analysis.comparable, &posts, &kommun).text(),
    );
    Ok(ExitCode::SUCCESS)
}
