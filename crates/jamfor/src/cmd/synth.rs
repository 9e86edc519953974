//! `jamfor synth`: deterministic synthetic input files for every source and year of a release.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

use clap::ValueEnum;
use jamfor_spec::render::{self, OutputFormat, Style};
use jamfor_spec::resolve::{self, Options};
use jamfor_spec::{Diagnostic, Severity};
use jamfor_synth::{Scale, Summary};

use crate::SynthArgs;

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
    if !root.is_dir() {
        return Err(format!(
            "`{}` is not a folder; give the definitions root with --root",
            root.display()
        ));
    }
    let (spec, mut diagnostics) = jamfor_spec::load(root).map_err(|e| {
        format!(
            "cannot read the definitions under `{}`: {e}",
            root.display()
        )
    })?;
    let (manifest, found) = resolve::resolve(&spec, &Options::default());
    diagnostics.extend(found);
    jamfor_spec::diagnostic::sort(&mut diagnostics);
    let errors: Vec<Diagnostic> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .cloned()
        .collect();
    let manifest = match manifest {
        Some(m) if errors.is_empty() => m,
        // Synthetic data for definitions that do not check would only hide the mistakes.
        _ => {
            let mut text = render::render(&spec.files, &errors, OutputFormat::Human, Style::Plain);
            text.push_str(&render::summary(&errors));
            text.push_str("\nnot synthesising: fix the definitions first (`jamfor check`)\n");
            eprint(&text);
            return Ok(ExitCode::from(1));
        }
    };
    let release = find_release(&manifest, root, &args.pipeline)?;
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
    eprint(&report(
        &summary,
        &options,
        &args.out,
        start.elapsed().as_secs_f64(),
    ));
    Ok(ExitCode::SUCCESS)
}

/// The release named by a pipeline path (as given, or relative to the root) or by its id.
fn find_release<'m>(
    manifest: &'m jamfor_spec::Manifest,
    root: &Path,
    pipeline: &str,
) -> Result<&'m jamfor_spec::manifest::Release, String> {
    let given = Path::new(pipeline);
    let relative = given.strip_prefix(root).unwrap_or(given);
    let wanted = relative.to_string_lossy().replace('\\', "/");
    let wanted = wanted.trim_start_matches("./");
    manifest
        .releases
        .iter()
        .find(|r| r.location.file == wanted || r.id == pipeline)
        .ok_or_else(|| {
            let known: Vec<&str> = manifest
                .releases
                .iter()
                .map(|r| r.location.file.as_str())
                .collect();
            format!(
                "no release `{pipeline}` under `{}`; releases: {}",
                root.display(),
                if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                }
            )
        })
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

/// Progress and summaries go to stderr, so stdout stays free for data.
fn eprint(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}
