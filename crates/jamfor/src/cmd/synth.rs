//! `jamfor synth`: deterministic synthetic input files for every source and year of a release.

use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use clap::ValueEnum;
use jamfor_synth::{Scale, Summary};

use crate::SynthArgs;
use crate::definitions::{self, Refusal};
use crate::output;

/// Sizes of synthetic data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SynthScale {
    /// Every kommun, small samples of persons: a few MB per year.
    Small,
    /// Roughly the real Swedish volumes: millions of register rows per year.
    National,
}

pub(crate) fn run(args: &SynthArgs) -> Result<ExitCode, String> {
    let root = &args.root;
    let manifest = match definitions::load_checked(root, "synthesising") {
        Ok(m) => m,
        Err(Refusal::Usage(message)) => return Err(message),
        Err(Refusal::Findings) => return Ok(ExitCode::from(1)),
    };
    let release = definitions::find_release(&manifest, root, &args.pipeline)?;
    let options = jamfor_synth::Options {
        scale: match args.scale {
            SynthScale::Small => Scale::Small,
            SynthScale::National => Scale::National,
        },
        seed: args.seed,
    };
    let start = Instant::now();
    let summary = jamfor_synth::write_release(&manifest, release, &options, &args.out)
        .map_err(|e| e.to_string())?;
    output::err(&report(
        &summary,
        &options,
        &args.out,
        start.elapsed().as_secs_f64(),
    ));
    Ok(ExitCode::SUCCESS)
}

fn report(summary: &Summary, options: &jamfor_synth::Options, out: &Path, seconds: f64) -> String {
    let mut text = String::new();
    let mut sources: Vec<&str> = summary.files.iter().map(|f| f.source.as_str()).collect();
    sources.dedup();
    for source in sources {
        let files = summary.files.iter().filter(|f| f.source == source);
        let (n, rows, bytes) =
            files.fold((0, 0, 0), |(n, r, b), f| (n + 1, r + f.rows, b + f.bytes));
        text.push_str(&format!(
            "  {source:<20} {n} files {rows:>12} rows {:>10}\n",
            megabytes(bytes)
        ));
    }
    text.push_str(&format!(
        "Wrote {} files to {} ({} scale, seed {}): {} rows, {} in {seconds:.1} s.\n",
        summary.files.len(),
        out.display(),
        options.scale,
        options.seed,
        summary.rows(),
        megabytes(summary.bytes()),
    ));
    text
}

fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1_000_000.0)
}
