//! Why an indicator's results moved, from the provenance both manifests record: its own
//! definition, the definitions and input files of the sources it reads, its disclosure policy,
//! the indicators whose counts it reuses, and the tool version.

use std::collections::BTreeSet;

use serde::Serialize;

use super::paths;
use super::view::{IndicatorView, ManifestView};

/// One cause of change.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// The indicator's own definition was edited.
    Definition {
        /// The fields that differ, e.g. `measure.numerator.where`.
        fields: Vec<String>,
    },
    /// A source it reads was declared differently.
    SourceDefinition {
        /// Source id.
        source: String,
        /// The fields that differ.
        fields: Vec<String>,
    },
    /// An input file of a source it reads differs.
    Input(InputChange),
    /// It is protected under another policy.
    PolicyChanged {
        /// Policy before.
        old: String,
        /// Policy after.
        new: String,
    },
    /// Its policy's thresholds were changed.
    PolicyDefinition {
        /// Policy id.
        policy: String,
        /// The fields that differ.
        fields: Vec<String>,
    },
    /// An indicator whose counts it reuses changed.
    Upstream {
        /// That indicator.
        indicator: String,
    },
    /// The releases were made by different versions of jamfor.
    Tool {
        /// Version before.
        old: String,
        /// Version after.
        new: String,
    },
    /// Nothing recorded for this indicator changed; its cells moved through disclosure control,
    /// which protects linked indicators together.
    Linked,
}

/// An input file that differs between the releases.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct InputChange {
    /// Source id.
    pub source: String,
    /// Year.
    pub year: i32,
    /// Root-relative path (the new one, or the old one for a removed file).
    pub path: String,
    /// `changed`, `added` or `removed`.
    pub change: &'static str,
}

/// Every input file that differs, in source and year order.
pub(crate) fn inputs(old: &ManifestView, new: &ManifestView) -> Vec<InputChange> {
    let sources: BTreeSet<&String> = old.sources.keys().chain(new.sources.keys()).collect();
    sources
        .into_iter()
        .flat_map(|s| inputs_of(old, new, s))
        .collect()
}

fn inputs_of(old: &ManifestView, new: &ManifestView, source: &str) -> Vec<InputChange> {
    let before = old.sources.get(source).map(|s| &s.inputs);
    let after = new.sources.get(source).map(|s| &s.inputs);
    let years: BTreeSet<i32> = before
        .into_iter()
        .chain(after)
        .flat_map(|inputs| inputs.keys().copied())
        .collect();
    let mut out = Vec::new();
    for year in years {
        let a = before.and_then(|i| i.get(&year));
        let b = after.and_then(|i| i.get(&year));
        let change = match (a, b) {
            (Some(a), Some(b)) if a.sha256 == b.sha256 && a.path == b.path => continue,
            (Some(_), Some(_)) => "changed",
            (None, Some(_)) => "added",
            (Some(_), None) => "removed",
            (None, None) => continue,
        };
        let path = b.or(a).map(|f| f.path.clone()).unwrap_or_default();
        out.push(InputChange {
            source: source.to_string(),
            year,
            path,
            change,
        });
    }
    out
}

/// The recorded causes for one indicator present in both releases. `results_moved` says whether
/// any of its cells differ: only then is an empty list explained by [`Reason::Linked`] or the
/// tool version.
pub(crate) fn reasons(
    old: &ManifestView,
    new: &ManifestView,
    a: &IndicatorView,
    b: &IndicatorView,
    results_moved: bool,
) -> Vec<Reason> {
    let mut out = Vec::new();
    let fields = paths::changed(&a.definition, &b.definition);
    if !fields.is_empty() {
        out.push(Reason::Definition { fields });
    }
    let sources: BTreeSet<&String> = a.sources.iter().chain(&b.sources).collect();
    for source in &sources {
        let before = old.sources.get(*source).map(|s| &s.definition);
        let after = new.sources.get(*source).map(|s| &s.definition);
        if let (Some(x), Some(y)) = (before, after) {
            let fields = paths::changed(x, y);
            if !fields.is_empty() {
                out.push(Reason::SourceDefinition {
                    source: (*source).clone(),
                    fields,
                });
            }
        }
    }
    for source in &sources {
        out.extend(inputs_of(old, new, source).into_iter().map(Reason::Input));
    }
    if a.policy == b.policy {
        let before = old.disclosure.policies.get(&a.policy);
        let after = new.disclosure.policies.get(&b.policy);
        if let (Some(x), Some(y)) = (before, after) {
            let fields = paths::changed(&x.definition, &y.definition);
            if !fields.is_empty() {
                out.push(Reason::PolicyDefinition {
                    policy: a.policy.clone(),
                    fields,
                });
            }
        }
    } else {
        out.push(Reason::PolicyChanged {
            old: a.policy.clone(),
            new: b.policy.clone(),
        });
    }
    let upstream: BTreeSet<&String> = a.upstream.iter().chain(&b.upstream).collect();
    for id in upstream {
        let before = old.indicators.get(id).map(|i| &i.fingerprint);
        let after = new.indicators.get(id).map(|i| &i.fingerprint);
        if before != after {
            out.push(Reason::Upstream {
                indicator: id.clone(),
            });
        }
    }
    if out.is_empty() && results_moved {
        out.push(if old.tool.version == new.tool.version {
            Reason::Linked
        } else {
            Reason::Tool {
                old: old.tool.version.clone(),
                new: new.tool.version.clone(),
            }
        });
    }
    out
}
