//! `jamfor run PIPELINE --state OLD_RELEASE`: recompute only the indicators whose fingerprint
//! changed since the old release and carry the others' unprotected results over from the
//! private state that run left under the definitions root (see `jamfor_history::state`).
//!
//! **In:** the old release folder, this run's fingerprints. **Out:** the unprotected result
//! table of the whole release — recomputed rows and carried-over rows together, in the engine's
//! order, with the rows dropped while reading — ready for disclosure control, which always runs
//! over everything: one changed count can change the protection of any linked cell.
//!
//! A fingerprint covers an indicator's definition, its area, its sources' definitions and input
//! files, its policy, the release years, the indicators it reuses and the tool version, so an
//! indicator whose fingerprint is unchanged would be computed to exactly the same rows. Without a
//! usable state (never written, deleted, from another layout, altered) every indicator is
//! computed, with a notice: the state is a cache, never a requirement.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use jamfor_engine::{DroppedRows, ResultTable};
use jamfor_history::state::{self, RunState};
use jamfor_spec::Manifest;
use jamfor_spec::manifest::Release;

/// What this run computes.
#[derive(Debug)]
pub(crate) enum Plan {
    /// Every indicator.
    Full {
        /// Why no state was used, when `--state` was given.
        notice: Option<String>,
    },
    /// The changed indicators; the rest from `state`.
    Incremental {
        /// The old release folder.
        from: PathBuf,
        /// Its state.
        state: Box<RunState>,
        /// Indicators whose fingerprint changed (or that are new).
        changed: BTreeSet<String>,
    },
}

/// How much was computed and how much carried over, for the summary and the logs.
#[derive(Debug, Clone)]
pub(crate) struct Work {
    /// Indicators computed.
    pub(crate) computed: usize,
    /// Indicators carried over.
    pub(crate) carried: usize,
    /// The release carried from.
    pub(crate) from: Option<PathBuf>,
    /// Why no state was used, when `--state` was given.
    pub(crate) notice: Option<String>,
}

impl Plan {
    /// Decides what to compute. Errors only when `old` is not a release folder at all.
    pub(crate) fn new(
        old: Option<&Path>,
        root: &Path,
        fingerprints: &BTreeMap<String, String>,
    ) -> Result<Plan, String> {
        let Some(old) = old else {
            return Ok(Plan::Full { notice: None });
        };
        let manifest_path = old.join("manifest.json");
        let bytes = std::fs::read(&manifest_path).map_err(|e| {
            format!(
                "--state `{}`: cannot read `{}` ({e}); give a release folder written by `jamfor run`",
                old.display(),
                manifest_path.display()
            )
        })?;
        let id = serde_json::from_slice::<serde_json::Value>(&bytes)
            .ok()
            .and_then(|m| m["release"]["id"].as_str().map(str::to_string))
            .ok_or_else(|| {
                format!(
                    "--state `{}`: `{}` is not a release manifest",
                    old.display(),
                    manifest_path.display()
                )
            })?;
        let folder = state::state_folder(root, &id, &bytes);
        if !folder.join("state.json").is_file() {
            return Ok(Plan::Full {
                notice: Some(format!(
                    "no private state of `{}` under `{}` (it is written by the run that made the release); computing every indicator",
                    old.display(),
                    root.join(state::STATE_FOLDER).display()
                )),
            });
        }
        let state = match state::read(&folder, &bytes) {
            Ok(state) => state,
            Err(e) => {
                return Ok(Plan::Full {
                    notice: Some(format!("{e}; computing every indicator")),
                });
            }
        };
        let changed = fingerprints
            .iter()
            .filter(|(id, print)| state.fingerprints.get(*id) != Some(*print))
            .map(|(id, _)| id.clone())
            .collect();
        Ok(Plan::Incremental {
            from: old.to_path_buf(),
            state: Box::new(state),
            changed,
        })
    }

    /// The whole unprotected result table, as a full run computes it.
    pub(crate) fn compute(
        self,
        manifest: &Manifest,
        release: &Release,
        root: &Path,
        year_done: &mut dyn FnMut(i32),
    ) -> Result<(ResultTable, Work), String> {
        let all = jamfor_engine::indicators_of(manifest, release);
        let (from, state, changed) = match self {
            Plan::Full { notice } => {
                let table = jamfor_engine::run_observed(manifest, release, root, year_done)
                    .map_err(|e| e.to_string())?;
                let work = Work {
                    computed: all.len(),
                    carried: 0,
                    from: None,
                    notice,
                };
                return Ok((table, work));
            }
            Plan::Incremental {
                from,
                state,
                changed,
            } => (from, state, changed),
        };
        let computed: BTreeSet<&str> = jamfor_engine::selected(manifest, release, &changed)
            .into_iter()
            .map(|i| i.id.as_str())
            .collect();
        let fresh = if computed.is_empty() {
            ResultTable::default()
        } else {
            jamfor_engine::run_selected(manifest, release, root, &changed, year_done)
                .map_err(|e| e.to_string())?
        };
        let read_now: BTreeSet<&str> = all
            .iter()
            .filter(|i| computed.contains(i.id.as_str()))
            .flat_map(|i| i.sources())
            .collect();
        let read_in_full: BTreeSet<&str> = all.iter().flat_map(|i| i.sources()).collect();
        let carried: BTreeSet<&str> = all
            .iter()
            .map(|i| i.id.as_str())
            .filter(|id| !computed.contains(id))
            .collect();

        let mut rows = fresh.rows;
        rows.extend(
            state
                .results
                .rows
                .into_iter()
                .filter(|r| carried.contains(r.indicator.as_str())),
        );
        // The engine's order, so the release is the same bytes as a full run's.
        rows.sort_by(|a, b| (&a.indicator, a.year, &a.key).cmp(&(&b.indicator, b.year, &b.key)));
        let dropped = dropped_rows(
            release,
            &read_in_full,
            &read_now,
            &fresh.dropped,
            &state.results.dropped,
        );
        let work = Work {
            computed: computed.len(),
            carried: carried.len(),
            from: Some(from),
            notice: None,
        };
        // Enheter as the state placed them, updated by the sources read now.
        let mut enheter = state.results.enheter;
        enheter.extend(fresh.enheter);
        Ok((
            ResultTable {
                rows,
                dropped,
                enheter,
            },
            work,
        ))
    }
}

/// Rows dropped while reading, in a full run's order (year, then source): from this run for the
/// sources it read, from the state for the others (their inputs are unchanged, or an indicator
/// reading them would have been recomputed).
fn dropped_rows(
    release: &Release,
    sources: &BTreeSet<&str>,
    read_now: &BTreeSet<&str>,
    fresh: &[DroppedRows],
    old: &[DroppedRows],
) -> Vec<DroppedRows> {
    let mut out = Vec::new();
    for year in release.years() {
        for source in sources {
            let from = if read_now.contains(source) {
                fresh
            } else {
                old
            };
            out.extend(
                from.iter()
                    .filter(|d| d.year == year && d.source == *source)
                    .cloned(),
            );
        }
    }
    out
}

/// This run's state, encoded before disclosure control takes the table and written once the
/// release is in place (a failed run leaves no state for a release that does not exist).
#[derive(Debug)]
pub(crate) struct Pending {
    state: RunState,
    parquet: Vec<u8>,
}

impl Pending {
    pub(crate) fn new(
        release: &Release,
        results: &ResultTable,
        fingerprints: &BTreeMap<String, String>,
        tool_version: &str,
    ) -> Result<Pending, String> {
        let parquet = state::encode_results(results).map_err(|e| e.to_string())?;
        Ok(Pending {
            state: RunState {
                release_id: release.id.clone(),
                tool_version: tool_version.to_string(),
                fingerprints: fingerprints.clone(),
                // The rows are in the Parquet bytes already; the dropped rows go to state.json.
                results: ResultTable {
                    rows: Vec::new(),
                    dropped: results.dropped.clone(),
                    enheter: results.enheter.clone(),
                },
            },
            parquet,
        })
    }

    /// Writes the state of the release just written to `folder`; returns where.
    pub(crate) fn save(self, root: &Path, folder: &Path) -> Result<PathBuf, String> {
        let manifest_path = folder.join("manifest.json");
        let manifest = std::fs::read(&manifest_path)
            .map_err(|e| format!("cannot read `{}`: {e}", manifest_path.display()))?;
        let target = state::state_folder(root, &self.state.release_id, &manifest);
        state::write(&target, &self.state, &self.parquet, &manifest).map_err(|e| e.to_string())?;
        Ok(target)
    }
}
