//! The closing summary of `jamfor run`: what was published, how much is confidential or
//! missing, how long each stage took, and where the release is.

use std::path::Path;

use jamfor_engine::Status;
use jamfor_history::manifest::ReleaseManifest;

use super::state::Work;

/// The summary as text.
pub(crate) fn text(
    manifest: &ReleaseManifest,
    folder: &Path,
    stages: &[(&str, f64)],
    work: &Work,
    protection: &jamfor_protect::ProtectionSummary,
    follows: Option<&str>,
) -> String {
    let cells: usize = manifest.cells.values().flat_map(|by| by.values()).sum();
    let count = |s: Status| manifest.cells_with(s);
    let share = |n: usize| {
        if cells == 0 {
            0.0
        } else {
            100.0 * n as f64 / cells as f64
        }
    };
    let confidential = count(Status::Confidential);
    let bortfall = count(Status::Bortfall);
    let dropped: usize = manifest.dropped_rows.iter().map(|d| d.rows).sum();
    let mut out = format!(
        "{}: {} areas, {} indicators, years {}\n",
        manifest.release.title,
        manifest.release.areas.len(),
        manifest.indicators.len(),
        years(manifest),
    );
    out.push_str(&format!(
        "  cells        {cells:>9}   values {} · confidential {confidential} ({:.1} %) · bortfall {bortfall} ({:.1} %) · not applicable {}\n",
        count(Status::Value),
        share(confidential),
        share(bortfall),
        count(Status::NotApplicable),
    ));
    if dropped > 0 {
        out.push_str(&format!(
            "  dropped rows {dropped:>9}   (declared `invalid_rows = \"drop\"`; reasons in manifest.json)\n"
        ));
    }
    out.push_str(&format!("  computed     {}\n", work_line(work)));
    out.push_str(&protection_line(protection));
    if let Some(lines) = follows {
        out.push_str(lines);
    }
    let total: f64 = stages.iter().map(|(_, s)| s).sum();
    let timing: Vec<String> = stages
        .iter()
        .map(|(name, s)| format!("{name} {s:.1} s"))
        .collect();
    out.push_str(&format!(
        "  time         {total:>7.1} s   {}\n",
        timing.join(" · ")
    ));
    out.push_str(&format!("  release      {}\n", folder.display()));
    for path in manifest.outputs.keys() {
        out.push_str(&format!("               {path}\n"));
    }
    out
}

/// What protection worked with, summed over the years: the count cells of the linked tables,
/// the equations and relations tying them (and the relations it could not model, between counts
/// under different policies), and the withheld cells published again because a reader could
/// compute them. No split into primary and secondary: that stays in the internal QA output.
fn protection_line(p: &jamfor_protect::ProtectionSummary) -> String {
    let sum = |f: fn(&jamfor_protect::YearSummary) -> usize| p.years.iter().map(f).sum::<usize>();
    let mut line = format!(
        "  protected    {:>9}   count cells · {} equations · {} relations between counts",
        sum(|y| y.cells),
        sum(|y| y.equations),
        sum(|y| y.relations),
    );
    let perturbed = sum(|y| y.perturbed);
    if perturbed > 0 {
        line.push_str(&format!(
            " · {perturbed} published perturbed (cell key method)"
        ));
    }
    let across = sum(|y| y.relations_across);
    if across > 0 {
        line.push_str(&format!(
            " ({across} across policies, not modelled: docs/disclosure.md)"
        ));
    }
    let recovered = sum(|y| y.recovered);
    if recovered > 0 {
        line.push_str(&format!(
            " · {recovered} withheld cells published again (a reader could compute them)"
        ));
    }
    line.push('\n');
    line
}

fn years(manifest: &ReleaseManifest) -> String {
    let first = manifest.release.history.first().copied();
    match first {
        Some(first) => format!("{first}–{}", manifest.release.year),
        None => manifest.release.year.to_string(),
    }
}

/// How many indicators were computed and carried over, e.g. `3 indicators · 88 carried over from
/// releases/oj-socialtjanst-2024 (unchanged fingerprints)`. Counts include indicators of other
/// areas computed only because a published one reuses them.
fn work_line(work: &Work) -> String {
    match &work.from {
        Some(from) => format!(
            "{} · {} carried over from {} (unchanged fingerprints)",
            indicators(work.computed),
            work.carried,
            from.display()
        ),
        None => format!("{} (all)", indicators(work.computed)),
    }
}

fn indicators(n: usize) -> String {
    if n == 1 {
        "1 indicator".to_string()
    } else {
        format!("{n} indicators")
    }
}

/// The same in the log (info level, or JSON with `--log-format json`), and the reason when
/// `--state` could not be used (warning level, always shown).
pub(crate) fn log_work(work: &Work) {
    if let Some(notice) = &work.notice {
        tracing::warn!("--state: {notice}");
    }
    tracing::info!(
        computed = work.computed,
        carried_over = work.carried,
        from = work.from.as_ref().map(|p| p.display().to_string()),
        "indicators"
    );
}
