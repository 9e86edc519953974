//! `manifest.json`: what a release is and what it was made from.
//!
//! Tool version; hashes of every definition file, input file and output file; the canonical
//! definition and fingerprint of every indicator (what `jamfor diff` and `--state` compare); the
//! disclosure policies; cells by status; rows dropped per source with reasons. No clock: the
//! dates come from the pipeline, so the manifest is byte-identical for identical inputs; run
//! timings go to the run summary and logs instead.

use std::collections::BTreeMap;

use jamfor_spec::manifest::Policy;
use serde_json::Value;

use jamfor_assess::Published;
use jamfor_history::Definitions;
use jamfor_history::InputFile;

use jamfor_history::manifest::{
    DefinitionFiles, Disclosure, Dropped, FileHash, FollowsEntry, IndicatorEntry, InputEntry,
    MANIFEST_FORMAT, PolicyEntry, ReleaseInfo, ReleaseManifest, SourceEntry, Tool,
};

#[derive(Debug, Clone, Copy)]
pub struct Provenance<'a> {
    /// Canonical definitions and file hashes.
    pub definitions: &'a Definitions,
    /// Input files with hashes.
    pub inputs: &'a [InputFile],
    /// Fingerprint per indicator.
    pub fingerprints: &'a BTreeMap<String, String>,
    /// Tool version.
    pub tool_version: &'a str,
    /// The earlier release followed, if any.
    pub follows: Option<&'a jamfor_history::following::Following>,
}

/// The manifest of a release whose outputs hash as given.
pub fn build(
    p: &Published,
    provenance: &Provenance,
    outputs: BTreeMap<String, FileHash>,
) -> ReleaseManifest {
    let release = p.release;
    let defs = provenance.definitions;
    let published: Vec<_> = jamfor_engine::indicators_of(p.manifest, release)
        .into_iter()
        .filter(|i| release.areas.contains(&i.area))
        .collect();
    let mut indicators = BTreeMap::new();
    let mut policy_ids = vec![release.disclosure.clone()];
    for i in &published {
        let policy = i
            .disclosure
            .clone()
            .unwrap_or_else(|| release.disclosure.clone());
        policy_ids.push(policy.clone());
        let mut upstream: Vec<String> = i
            .measure
            .references()
            .into_iter()
            .map(str::to_string)
            .collect();
        upstream.sort();
        upstream.dedup();
        indicators.insert(
            i.id.clone(),
            IndicatorEntry {
                area: i.area.clone(),
                fingerprint: provenance
                    .fingerprints
                    .get(&i.id)
                    .cloned()
                    .unwrap_or_default(),
                definition: defs.indicators.get(&i.id).cloned().unwrap_or(Value::Null),
                sources: i.sources().into_iter().map(str::to_string).collect(),
                upstream,
                policy,
                file: i.location.file.clone(),
            },
        );
    }
    let mut sources: BTreeMap<String, SourceEntry> = BTreeMap::new();
    for file in provenance.inputs {
        let entry = sources
            .entry(file.source.clone())
            .or_insert_with(|| SourceEntry {
                definition: defs
                    .sources
                    .get(&file.source)
                    .cloned()
                    .unwrap_or(Value::Null),
                inputs: BTreeMap::new(),
            });
        entry.inputs.insert(
            file.year,
            InputEntry {
                path: file.path.clone(),
                sha256: file.sha256.clone(),
                bytes: file.bytes,
            },
        );
    }
    policy_ids.sort();
    policy_ids.dedup();
    let policies = policy_ids
        .iter()
        .filter_map(|id| p.manifest.policy(id))
        .map(|policy| (policy.id.clone(), policy_entry(policy, defs)))
        .collect();
    let mut cells: BTreeMap<i32, BTreeMap<String, usize>> = BTreeMap::new();
    for row in &p.results.rows {
        *cells
            .entry(row.year)
            .or_default()
            .entry(row.status.code().to_string())
            .or_default() += 1;
    }
    ReleaseManifest {
        format: MANIFEST_FORMAT,
        release: ReleaseInfo {
            id: release.id.clone(),
            title: release.title.clone(),
            year: release.year,
            history: release.history.clone(),
            published: release.published.clone(),
            areas: release.areas.clone(),
            pipeline: release.location.file.clone(),
            definition: defs
                .releases
                .get(&release.id)
                .cloned()
                .unwrap_or(Value::Null),
        },
        tool: Tool {
            name: "jamfor".to_string(),
            version: provenance.tool_version.to_string(),
        },
        definitions: DefinitionFiles {
            hash: defs.hash(),
            files: defs.files.clone(),
        },
        indicators,
        sources,
        disclosure: Disclosure {
            default_policy: release.disclosure.clone(),
            policies,
        },
        cells,
        dropped_rows: p
            .results
            .dropped
            .iter()
            .map(|d| Dropped {
                source: d.source.clone(),
                year: d.year,
                reason: d.reason.clone(),
                rows: d.rows,
            })
            .collect(),
        follows: provenance.follows.map(|f| FollowsEntry {
            release: f.release.clone(),
            folder: f.folder.clone(),
            manifest_sha256: f.manifest_sha256.clone(),
            years: f.years.clone(),
        }),
        outputs,
    }
}

fn policy_entry(policy: &Policy, defs: &Definitions) -> PolicyEntry {
    PolicyEntry {
        method: policy.method.to_string(),
        min_count: policy.min_count,
        complement: policy.complement,
        min_respondents: policy.min_respondents,
        min_denominator: policy.min_denominator,
        zeros: policy.zeros.to_string(),
        published_decimals: policy.published_decimals,
        definition: defs
            .policies
            .get(&policy.id)
            .cloned()
            .unwrap_or(Value::Null),
    }
}
