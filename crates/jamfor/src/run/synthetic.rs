//! Synthetic inputs generated on first use: a release that declares `[synthetic]` gets any
//! missing input file written by the generator at the declared scale and seed, so a fresh clone
//! runs the default release without shipping the data. The generator is deterministic, so every
//! machine gets the same bytes.

use std::fs;
use std::io::{BufWriter, Write};
use std::path::Path;

use jamfor_spec::Manifest;
use jamfor_spec::keywords::SynthScale;
use jamfor_spec::manifest::Release;
use jamfor_synth::{Options, Scale};

/// The input files of the release that are missing, as (source, year, root-relative path).
pub(crate) fn missing<'r>(release: &'r Release, root: &Path) -> Vec<(&'r str, i32, &'r str)> {
    let mut out = Vec::new();
    for (source, years) in &release.inputs {
        for (year, path) in years {
            if !root.join(path).exists() {
                out.push((source.as_str(), *year, path.as_str()));
            }
        }
    }
    out
}

/// Writes the missing files; each appears under its name only when complete.
pub(crate) fn generate(
    manifest: &Manifest,
    release: &Release,
    root: &Path,
    files: &[(&str, i32, &str)],
    on_file: &mut dyn FnMut(&str),
) -> Result<(), String> {
    let Some(synthetic) = release.synthetic else {
        return Ok(());
    };
    let options = Options {
        scale: match synthetic.scale {
            SynthScale::Small => Scale::Small,
            SynthScale::National => Scale::National,
        },
        seed: synthetic.seed,
    };
    for (source_id, year, path) in files {
        let source = manifest
            .source(source_id)
            .ok_or_else(|| format!("source `{source_id}` is read but not declared"))?;
        let target = root.join(path);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create `{}`: {e}", parent.display()))?;
        }
        let partial = target.with_extension("partial");
        let written = (|| -> Result<(), String> {
            let file = fs::File::create(&partial)
                .map_err(|e| format!("cannot create `{}`: {e}", partial.display()))?;
            let mut out = BufWriter::new(file);
            jamfor_synth::generate(source, *year, &options, &mut out)
                .map_err(|e| format!("generating `{path}`: {e}"))?;
            out.flush()
                .map_err(|e| format!("writing `{}`: {e}", partial.display()))?;
            fs::rename(&partial, &target)
                .map_err(|e| format!("renaming into `{}`: {e}", target.display()))
        })();
        if written.is_err() {
            let _ = fs::remove_file(&partial);
        }
        written?;
        tracing::info!(file = *path, "generated synthetic input");
        on_file(path);
    }
    Ok(())
}
