//! A release that follows an earlier one (`follows` in its pipeline): the earlier release is
//! read before any data is, so a missing or unusable one refuses the run at once, and the run
//! summary says per shared year whether the earlier pattern was kept whole or the year was
//! protected again beside it, which input files were revised and which indicators redefined.

use std::fmt::Write as _;
use std::path::Path;

use jamfor_history::following::{Following, following};
use jamfor_history::{Definitions, InputFile};
use jamfor_protect::ProtectionSummary;
use jamfor_spec::Manifest;
use jamfor_spec::manifest::Release;

/// The earlier release, when the release follows one.
pub(crate) fn read(
    root: &Path,
    manifest: &Manifest,
    release: &Release,
    definitions: &Definitions,
    inputs: &[InputFile],
) -> Result<Option<Following>, String> {
    let Some(folder) = &release.follows else {
        return Ok(None);
    };
    let refused = |e: jamfor_history::earlier::EarlierError| {
        format!(
            "release `{}` follows `{folder}` ({}): {e}",
            release.id, release.location.file
        )
    };
    let earlier = jamfor_history::earlier::read(root, folder).map_err(refused)?;
    following(earlier, manifest, release, definitions, inputs)
        .map(Some)
        .map_err(refused)
}

/// The summary lines, each indented under the summary's column of values.
pub(crate) fn text(f: &Following, summary: &ProtectionSummary) -> String {
    let mut out = String::new();
    let years = match (f.years.first(), f.years.last()) {
        (Some(a), Some(b)) if a != b => format!("years {a}–{b} shared"),
        (Some(a), _) => format!("year {a} shared"),
        _ => String::new(),
    };
    let _ = writeln!(out, "  follows      {} ({}): {years}", f.folder, f.release);
    let pad = "               ";
    for y in &summary.years {
        let Some(s) = &y.follows else { continue };
        let as_before = format!(
            "{} cells published and {} withheld as before",
            s.kept_published, s.kept_withheld
        );
        if s.carried {
            let _ = writeln!(
                out,
                "{pad}{} data unchanged: earlier pattern kept whole ({as_before})",
                y.year
            );
        } else {
            let _ = writeln!(
                out,
                "{pad}{} {} cells changed, protected beside {} earlier figures ({as_before})",
                y.year, s.changed, s.earlier_only
            );
        }
        if s.published_before > 0 {
            let _ = writeln!(
                out,
                "{pad}{} {} cells published before are withheld now (a stricter policy joined since)",
                y.year, s.published_before
            );
        }
    }
    for r in &f.revised_inputs {
        let _ = writeln!(
            out,
            "{pad}revised input: {} {} ({})",
            r.source, r.year, r.path
        );
    }
    if !f.redefined.is_empty() {
        let _ = writeln!(
            out,
            "{pad}redefined since, protected afresh: {}",
            f.redefined.join(", ")
        );
    }
    out
}

/// The same in the log (JSON with `--log-format json`): one event per shared year.
pub(crate) fn log(f: &Following, summary: &ProtectionSummary) {
    for y in &summary.years {
        let Some(s) = &y.follows else { continue };
        tracing::info!(
            earlier = f.release.as_str(),
            year = y.year,
            carried = s.carried,
            kept_published = s.kept_published,
            kept_withheld = s.kept_withheld,
            changed = s.changed,
            earlier_only = s.earlier_only,
            published_before = s.published_before,
            "follows"
        );
    }
    for r in &f.revised_inputs {
        tracing::info!(
            source = r.source.as_str(),
            year = r.year,
            path = r.path.as_str(),
            "revised input"
        );
    }
}
