//! Loading definitions for commands that act on them (`synth`, `explain`, …): they refuse to run
//! on definitions that do not check, and find the release the user named.

use std::path::Path;

use jamfor_spec::manifest::Release;
use jamfor_spec::render::{self, OutputFormat, Style};
use jamfor_spec::resolve::{self, Options};
use jamfor_spec::{Manifest, Severity};

use crate::output;

/// Why a command stops before doing anything.
pub(crate) enum Refusal {
    /// A usage or reading problem, printed as `error: …` with exit code 2.
    Usage(String),
    /// The definitions have errors; they were printed. Exit code 1.
    Findings,
}

impl From<String> for Refusal {
    fn from(message: String) -> Self {
        Refusal::Usage(message)
    }
}

/// The checked manifest under `root`; prints the errors to stderr when there are any.
pub(crate) fn load_checked(root: &Path, doing: &str) -> Result<Manifest, Refusal> {
    load_checked_with_files(root, doing).map(|(manifest, _)| manifest)
}

/// [`load_checked`], also returning every definition file as (root-relative path, text), for
/// the fingerprints a release records.
pub(crate) fn load_checked_with_files(
    root: &Path,
    doing: &str,
) -> Result<(Manifest, Vec<(String, String)>), Refusal> {
    if !root.is_dir() {
        return Err(Refusal::Usage(format!(
            "`{}` is not a folder; give the definitions root with --root",
            root.display()
        )));
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
    diagnostics.retain(|d| d.severity == Severity::Error);
    match manifest {
        Some(m) if diagnostics.is_empty() => {
            let files = spec
                .files
                .iter()
                .map(|(_, f)| (f.path().to_string(), f.text().to_string()))
                .collect();
            Ok((m, files))
        }
        // Working from definitions that do not check would only hide the mistakes.
        _ => {
            let mut text =
                render::render(&spec.files, &diagnostics, OutputFormat::Human, Style::Plain);
            text.push_str(&render::summary(&diagnostics));
            text.push_str(&format!(
                "\nnot {doing}: fix the definitions first (`jamfor check`)\n"
            ));
            output::err(&text);
            Err(Refusal::Findings)
        }
    }
}

/// The release named by a pipeline path (as given, or relative to the root) or by its id.
pub(crate) fn find_release<'m>(
    manifest: &'m Manifest,
    root: &Path,
    pipeline: &str,
) -> Result<&'m Release, String> {
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
