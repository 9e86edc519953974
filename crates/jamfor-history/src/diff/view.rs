//! The parts of a release's `manifest.json` that a comparison reads. Only these fields are
//! required and any other field is ignored, so releases written by other versions of jamfor
//! still compare.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde_json::Value;

use super::DiffError;

/// A release's manifest, as far as `diff` needs it.
#[derive(Debug, Clone, Deserialize)]
pub(crate) struct ManifestView {
    pub(crate) release: ReleaseView,
    pub(crate) tool: ToolView,
    #[serde(default)]
    pub(crate) indicators: BTreeMap<String, IndicatorView>,
    #[serde(default)]
    pub(crate) sources: BTreeMap<String, SourceView>,
    pub(crate) disclosure: DisclosureView,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct ReleaseView {
    pub(crate) id: String,
    #[serde(default)]
    pub(crate) year: Option<i32>,
    #[serde(default)]
    pub(crate) history: Vec<i32>,
    #[serde(default)]
    pub(crate) definition: Value,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct ToolView {
    pub(crate) version: String,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct IndicatorView {
    pub(crate) area: String,
    #[serde(default)]
    pub(crate) fingerprint: String,
    #[serde(default)]
    pub(crate) definition: Value,
    #[serde(default)]
    pub(crate) sources: Vec<String>,
    #[serde(default)]
    pub(crate) upstream: Vec<String>,
    pub(crate) policy: String,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct SourceView {
    #[serde(default)]
    pub(crate) definition: Value,
    #[serde(default)]
    pub(crate) inputs: BTreeMap<i32, InputView>,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct InputView {
    pub(crate) path: String,
    pub(crate) sha256: String,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct DisclosureView {
    pub(crate) default_policy: String,
    #[serde(default)]
    pub(crate) policies: BTreeMap<String, PolicyView>,
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct PolicyView {
    #[serde(default)]
    pub(crate) definition: Value,
}

/// Reads `<release>/manifest.json`.
pub(crate) fn read(release: &Path) -> Result<ManifestView, DiffError> {
    let path = release.join("manifest.json");
    let text = std::fs::read_to_string(&path).map_err(|e| {
        DiffError::new(
            &path,
            format!("cannot be read ({e}); is this a release folder written by `jamfor run`?"),
        )
    })?;
    serde_json::from_str(&text).map_err(|e| {
        DiffError::new(
            &path,
            format!(
                "is not a release manifest: line {}, column {}: {e}",
                e.line(),
                e.column()
            ),
        )
    })
}
