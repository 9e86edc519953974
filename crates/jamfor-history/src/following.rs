//! What a release takes from the earlier release it follows (`follows` in the pipeline).
//!
//! Every release republishes its history years. Protected afresh, they would get another
//! pattern than last year's release gave them, and a reader holding both releases could combine
//! them: a cell withheld last year and published now (or the reverse) is simply read off the
//! other release, and the two patterns together pin cells neither pins alone. So the years both
//! releases publish keep the earlier pattern wherever the data did not change, and the audit
//! runs over the figures of both (see `jamfor-protect`'s `follow.rs` for how).
//!
//! **In:** the [`Earlier`] release, this release's checked definitions and input files.
//! **Out:** a [`Following`]: the years shared, the earlier rows of the indicators followed
//! (published and true), the indicators redefined since (protected afresh, listed), and the
//! input files revised since. Or an [`EarlierError`] when the earlier pattern cannot be kept
//! safely: no year in common, or another disclosure policy for an indicator both publish.

use std::collections::BTreeSet;
use std::path::Path;

use jamfor_engine::ResultRow;
use jamfor_spec::Manifest;
use jamfor_spec::manifest::{Policy, Release};
use serde::Serialize;
use serde_json::Value;

use crate::definitions::Definitions;
use crate::earlier::{Earlier, EarlierError};
use crate::fingerprint::InputFile;
use crate::manifest::PolicyEntry;

/// The earlier release as protection uses it.
#[derive(Debug, Clone, Default)]
pub struct Following {
    /// The earlier release's id.
    pub release: String,
    /// Its folder, root-relative.
    pub folder: String,
    /// SHA-256 of its `manifest.json`.
    pub manifest_sha256: String,
    /// The years both releases publish, ascending.
    pub years: Vec<i32>,
    /// What it published in those years, for the indicators followed.
    pub published: Vec<ResultRow>,
    /// Its true (unprotected) rows of the same indicators and years.
    pub truth: Vec<ResultRow>,
    /// Indicators both publish whose measure, levels, breakdown, age groups or policy changed
    /// since: what they count is another thing, protected afresh (counts they share with
    /// indicators still followed keep their earlier pattern through those).
    pub redefined: Vec<String>,
    /// Input files both releases read whose bytes differ: revised data.
    pub revised_inputs: Vec<RevisedInput>,
}

/// An input file of a year both releases read, delivered again with other contents.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct RevisedInput {
    /// Source id.
    pub source: String,
    /// Year.
    pub year: i32,
    /// The file this release read (root-relative).
    pub path: String,
}

/// Checks that `earlier` can be followed by `release` and takes what protection needs.
///
/// # Errors
/// No year in common, or an indicator both publish protected under a policy with other rules
/// (a pattern made under other thresholds cannot be kept: what it published may be confidential
/// now, and what it withheld may be publishable).
pub fn following(
    earlier: Earlier,
    manifest: &Manifest,
    release: &Release,
    definitions: &Definitions,
    inputs: &[InputFile],
) -> Result<Following, EarlierError> {
    let folder = Path::new(&earlier.folder);
    let old = &earlier.manifest;
    let old_years: BTreeSet<i32> = old
        .release
        .history
        .iter()
        .copied()
        .chain([old.release.year])
        .collect();
    let years: Vec<i32> = release
        .years()
        .into_iter()
        .filter(|y| old_years.contains(y))
        .collect();
    if years.is_empty() {
        return Err(EarlierError::new(
            folder,
            format!(
                "it publishes {}, none of the years of `{}`; follow the release whose history \
                 this one repeats, or remove `follows` from {}",
                list(&old_years),
                release.id,
                release.location.file
            ),
        ));
    }

    let mut followed = BTreeSet::new();
    let mut redefined = Vec::new();
    for indicator in &manifest.indicators {
        let Some(before) = old.indicators.get(&indicator.id) else {
            continue;
        };
        if !release.areas.contains(&indicator.area) {
            continue;
        }
        let now = definitions.indicators.get(&indicator.id);
        if !counts_alike(&before.definition, now) || before.area != indicator.area {
            redefined.push(indicator.id.clone());
            continue;
        }
        let policy = indicator
            .disclosure
            .as_deref()
            .unwrap_or(release.disclosure.as_str());
        let Some(current) = manifest.policy(policy) else {
            continue;
        };
        let same_rules = before.policy == policy
            && old
                .disclosure
                .policies
                .get(&before.policy)
                .is_some_and(|p| same_rules(p, current, definitions.policies.get(policy)));
        if !same_rules {
            return Err(EarlierError::new(
                folder,
                format!(
                    "`{}` is protected under policy `{policy}` with other rules than `{}` was \
                     (policy `{}` there): a pattern made under other thresholds cannot be kept. \
                     Publish under the earlier rules, or remove `follows` from {} to protect the \
                     history years afresh (a reader holding both releases can then combine them)",
                    indicator.id, old.release.id, before.policy, release.location.file
                ),
            ));
        }
        followed.insert(indicator.id.as_str());
    }
    let keep = |r: &ResultRow| followed.contains(r.indicator.as_str()) && years.contains(&r.year);
    let published = earlier.published.rows.into_iter().filter(keep).collect();
    let truth = earlier.truth.rows.into_iter().filter(keep).collect();

    let mut revised_inputs = Vec::new();
    for file in inputs {
        let before = old
            .sources
            .get(&file.source)
            .and_then(|s| s.inputs.get(&file.year));
        if before.is_some_and(|b| b.sha256 != file.sha256) {
            revised_inputs.push(RevisedInput {
                source: file.source.clone(),
                year: file.year,
                path: file.path.clone(),
            });
        }
    }
    revised_inputs.sort();
    Ok(Following {
        release: old.release.id.clone(),
        folder: earlier.folder,
        manifest_sha256: earlier.manifest_sha256,
        years,
        published,
        truth,
        redefined,
        revised_inputs,
    })
}

/// The keys of an indicator's definition that decide which counts its rows publish and where;
/// its texts, colours and decimals do not.
const COUNTED: [&str; 5] = ["measure", "levels", "breakdown", "age_groups", "disclosure"];

/// Whether an indicator counts the same things at the same places as it did (a reworded title
/// or description keeps the earlier pattern).
fn counts_alike(before: &Value, now: Option<&Value>) -> bool {
    now.is_some_and(|now| COUNTED.iter().all(|key| before.get(key) == now.get(key)))
}

/// Whether a policy recorded in the earlier manifest has the rules of `current` (its title and
/// comments may differ). A cell key policy's table is compared as declared; its secret is
/// nowhere to compare, which is why docs/disclosure.md asks for the same secret every year.
fn same_rules(before: &PolicyEntry, current: &Policy, now: Option<&Value>) -> bool {
    let declared = |key: &str| before.definition.get(key) == now.and_then(|d| d.get(key));
    before.method == current.method.to_string()
        && before.min_count == current.min_count
        && before.complement == current.complement
        && before.min_respondents == current.min_respondents
        && before.min_denominator == current.min_denominator
        && before.zeros == current.zeros.to_string()
        && before.published_decimals == current.published_decimals
        // Recorded only in the policy's canonical definition (older manifests lack the key,
        // which is the same as no protection level).
        && before
            .definition
            .get("protection_percent")
            .and_then(serde_json::Value::as_u64)
            == current.protection_percent.map(u64::from)
        && declared("perturbation")
        && declared("seed_env")
}

fn list(years: &BTreeSet<i32>) -> String {
    years
        .iter()
        .map(i32::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}
