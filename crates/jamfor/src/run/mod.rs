//! `jamfor run PIPELINE`: the whole release — read and compute every indicator for every year,
//! protect the results, colour them, write Parquet, workbooks and the manifest into
//! `<out>/<release id>/`, atomically.

mod follows;
mod logging;
mod progress;
mod state;
mod summary;
mod synthetic;
mod workbooks;

use std::path::Path;
use std::process::ExitCode;

use clap::ValueEnum;
use jamfor_assess::Published;
use jamfor_engine::ResultTable;
use jamfor_history::Definitions;
use jamfor_publish::Provenance;

use crate::RunArgs;
use crate::definitions::{self, Refusal};
use crate::output;
use progress::Stage;

/// How logs are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum LogFormat {
    /// Readable lines.
    Text,
    /// One JSON object per line, for CI.
    Json,
}

pub(crate) fn run(args: &RunArgs) -> Result<ExitCode, String> {
    logging::init(args.verbose, args.log_format);
    let draw = progress::on_terminal() && args.log_format == LogFormat::Text && !args.quiet;
    let root = &args.root;
    let mut stages: Vec<(&str, f64)> = Vec::new();

    let stage = Stage::start("definitions", 0, draw);
    let (manifest, files) = match definitions::load_checked_with_files(root, "running") {
        Ok(loaded) => loaded,
        Err(Refusal::Usage(message)) => return Err(message),
        Err(Refusal::Findings) => return Ok(ExitCode::from(1)),
    };
    let release = definitions::find_release(&manifest, root, &args.pipeline)?;
    let defs = Definitions::from_files(files.iter().map(|(p, t)| (p.as_str(), t.as_str())));
    stages.push(stage.finish());

    // Held until the run ends: another run into the same folder would clear this one's partial
    // release (or this one its), and one of them would publish a folder with files missing.
    let out = args.out.clone().unwrap_or_else(|| root.join("releases"));
    let lock =
        jamfor_publish::ReleaseLock::acquire(&out, &release.id).map_err(|e| e.to_string())?;
    if let Some(pid) = lock.taken_over() {
        output::err(&format!(
            "warning: taking over the lock `{}` left by run {pid}, which ended without finishing (killed?); its release was not written\n",
            lock.path().display()
        ));
    }

    let missing = synthetic::missing(release, root);
    if !missing.is_empty() {
        if release.synthetic.is_none() {
            let list: Vec<String> = missing
                .iter()
                .take(5)
                .map(|(source, year, path)| format!("  {path} (source `{source}`, {year})"))
                .collect();
            return Err(format!(
                "{} input file(s) of release `{}` are missing:\n{}\nput the files there, or correct `[inputs]` in {}",
                missing.len(),
                release.id,
                list.join("\n"),
                release.location.file
            ));
        }
        if !args.quiet {
            output::err(&format!(
                "Generating {} synthetic input file(s) for `{}` (first run only; deterministic)…\n",
                missing.len(),
                release.id
            ));
        }
        let stage = Stage::start("synthesising", missing.len() as u64, draw);
        synthetic::generate(&manifest, release, root, &missing, &mut |path| {
            stage.step(path);
        })?;
        stages.push(stage.finish());
    }

    let stage = Stage::start("hashing", 0, draw);
    let inputs = jamfor_history::hash_inputs(release, root).map_err(|e| e.to_string())?;
    let fingerprints =
        jamfor_history::indicator_fingerprints(&manifest, release, &defs, &inputs, VERSION);
    // Before any data is read: a release that cannot follow its earlier release is refused now.
    let following = follows::read(root, &manifest, release, &defs, &inputs)?;
    stages.push(stage.finish());

    let plan = state::Plan::new(args.state.as_deref(), root, &fingerprints)?;
    let stage = Stage::start("computing", release.years().len() as u64, draw);
    let (computed, work) = plan.compute(&manifest, release, root, &mut |year| {
        stage.step(&year.to_string());
    })?;
    stages.push(stage.finish());
    summary::log_work(&work);
    let pending = state::Pending::new(release, &computed, &fingerprints, VERSION)?;
    // Everything from here on sees the definitions as published: shares and rates with at most
    // their policy's decimals. Values are rounded before protection so that the kommungrupp
    // means made there are means of the figures a reader sees.
    let manifest = jamfor_assess::decimals::as_published(&manifest, release);
    let mut results = published_areas(computed, &manifest, release);
    jamfor_assess::decimals::round_values(&manifest, &mut results);

    let geo = jamfor_geo::Geography::builtin();
    let stage = Stage::start("protecting", release.years().len() as u64, draw);
    // With `--qa`, every protection problem is kept before it is solved, so a failed audit
    // can be reproduced and examined offline. Years are protected side by side: a step is
    // counted when a year's first problem arrives (a year carried over unchanged has none).
    let mut kept: Result<(), String> = Ok(());
    let mut started: std::collections::BTreeSet<i32> = std::collections::BTreeSet::new();
    let mut observe = |p: jamfor_protect::Problem<'_>| {
        if started.insert(p.year) {
            stage.step(&p.year.to_string());
        }
        if let (Some(qa), Ok(())) = (&args.qa, &kept) {
            kept = write_problem(qa, &release.id, &p);
        }
    };
    let protected = jamfor_protect::protect_release_following(
        &manifest,
        release,
        geo,
        results,
        following.as_ref(),
        &mut observe,
    )
    .map_err(|e| format!("the release was not written: {e}"))?;
    kept?;
    stages.push(stage.finish());

    // Comparison groups and bruttolista, from the protected (published) values only.
    let stage = Stage::start("analysing", 0, draw);
    let (results, analysis) =
        jamfor_assess::analyse(&manifest, release, geo, protected.results.clone())
            .map_err(|e| format!("the release was not written: {e}"))?;
    stages.push(stage.finish());

    let stage = Stage::start("writing", 0, draw);
    let p = Published {
        manifest: &manifest,
        release,
        geo,
        results: &results,
        analysis: Some(&analysis),
    };
    let colours = jamfor_assess::colours(&p);
    let codes: Vec<Option<&str>> = colours.iter().map(|c| c.map(|c| c.code())).collect();
    let extra = if release.excel {
        workbooks::build(&p, &colours)?
    } else {
        Vec::new()
    };
    let provenance = Provenance {
        definitions: &defs,
        inputs: &inputs,
        fingerprints: &fingerprints,
        tool_version: VERSION,
        follows: following.as_ref(),
    };
    let (folder, release_manifest) =
        jamfor_publish::write_release(&p, &codes, &provenance, extra, &lock)
            .map_err(|e| e.to_string())?;
    stages.push(stage.finish());

    // The state is a cache: a release without one is still complete, so failing to write it
    // is reported, not fatal.
    if let Err(e) = pending.save(root, &folder) {
        output::err(&format!(
            "warning: the private run state was not written: {e}\n"
        ));
    }
    if let Some(qa) = &args.qa {
        write_qa(qa, &release.id, &protected)?;
    }
    let follows_text = following.as_ref().map(|f| {
        follows::log(f, &protected.summary);
        follows::text(f, &protected.summary)
    });
    if !args.quiet {
        output::out(&summary::text(
            &release_manifest,
            &folder,
            &stages,
            &work,
            &protected.summary,
            follows_text.as_deref(),
        ));
    }
    Ok(ExitCode::SUCCESS)
}

/// The tool version recorded in releases.
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Rows of indicators in the release's areas: referenced indicators of other areas are computed
/// (they feed composites) but published only by releases that include their area.
pub(crate) fn published_areas(
    mut results: ResultTable,
    manifest: &jamfor_spec::Manifest,
    release: &jamfor_spec::manifest::Release,
) -> ResultTable {
    results.rows.retain(|r| {
        manifest
            .indicator(&r.indicator)
            .is_some_and(|i| release.areas.contains(&i.area))
    });
    results
}

/// `<qa>/<release id>/problems/<year>-<n>.txt`: a snapshot of one protection problem.
fn write_problem(
    qa: &Path,
    release_id: &str,
    p: &jamfor_protect::Problem<'_>,
) -> Result<(), String> {
    let dir = qa.join(release_id).join("problems");
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create `{}`: {e}", dir.display()))?;
    let path = dir.join(format!("{}-{}.txt", p.year, p.index));
    let text = jamfor_disclosure::write_snapshot(p.system, p.primary, p.policy);
    std::fs::write(&path, text).map_err(|e| format!("cannot write `{}`: {e}", path.display()))
}

fn write_qa(
    qa: &Path,
    release_id: &str,
    protected: &jamfor_protect::Protected,
) -> Result<(), String> {
    let dir = qa.join(release_id);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create `{}`: {e}", dir.display()))?;
    let files = [
        ("disclosure.csv", jamfor_protect::qa_csv(protected)),
        ("loss.csv", jamfor_protect::loss_csv(protected)),
        ("protection.csv", jamfor_protect::years_csv(protected)),
    ];
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::write(&path, text)
            .map_err(|e| format!("cannot write `{}`: {e}", path.display()))?;
    }
    Ok(())
}
