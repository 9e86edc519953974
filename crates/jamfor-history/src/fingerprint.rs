//! Fingerprints: what each indicator's results depend on, as one hash.
//!
//! An indicator's fingerprint covers its own definition, its area, the definitions of the sources
//! it reads and every input file of those sources (all years of the release), its disclosure
//! policy, the fingerprints of the indicators it references, and the tool version. Two releases
//! with equal fingerprints for an indicator computed it from the same things; `jamfor diff` uses
//! the parts to say *why* a result moved.

use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use jamfor_spec::Manifest;
use jamfor_spec::manifest::{Indicator, Release};
use serde_json::Value;

use crate::definitions::Definitions;
use crate::hash::{sha256_file, sha256_hex};

/// One input file of the release.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputFile {
    /// Source id.
    pub source: String,
    /// Year.
    pub year: i32,
    /// Root-relative path as declared.
    pub path: String,
    /// SHA-256 of the bytes.
    pub sha256: String,
    /// Size in bytes.
    pub bytes: u64,
}

/// An input file that could not be read for hashing.
#[derive(Debug)]
pub struct InputError {
    /// Root-relative path.
    pub path: String,
    /// Why.
    pub error: std::io::Error,
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot read input file `{}`: {}", self.path, self.error)
    }
}

impl std::error::Error for InputError {}

/// Hashes every input file of the release, in source then year order.
pub fn hash_inputs(release: &Release, root: &Path) -> Result<Vec<InputFile>, InputError> {
    let mut out = Vec::new();
    for (source, years) in &release.inputs {
        for (year, path) in years {
            let (sha256, bytes) = sha256_file(&root.join(path)).map_err(|error| InputError {
                path: path.clone(),
                error,
            })?;
            out.push(InputFile {
                source: source.clone(),
                year: *year,
                path: path.clone(),
                sha256,
                bytes,
            });
        }
    }
    Ok(out)
}

/// The fingerprint of every indicator the release computes, by id.
pub fn indicator_fingerprints(
    manifest: &Manifest,
    release: &Release,
    definitions: &Definitions,
    inputs: &[InputFile],
    tool_version: &str,
) -> BTreeMap<String, String> {
    let mut done: BTreeMap<String, String> = BTreeMap::new();
    // References come before the indicators that use them in this order.
    for indicator in jamfor_engine::indicators_of(manifest, release) {
        let print = fingerprint(indicator, release, definitions, inputs, tool_version, &done);
        done.insert(indicator.id.clone(), print);
    }
    done
}

fn fingerprint(
    indicator: &Indicator,
    release: &Release,
    definitions: &Definitions,
    inputs: &[InputFile],
    tool_version: &str,
    done: &BTreeMap<String, String>,
) -> String {
    let json = |v: Option<&Value>| v.map_or_else(|| "null".to_string(), Value::to_string);
    let mut text = format!("tool {tool_version}\n");
    text.push_str(&format!(
        "indicator {}\n",
        json(definitions.indicators.get(&indicator.id))
    ));
    text.push_str(&format!(
        "area {}\n",
        json(definitions.areas.get(&indicator.area))
    ));
    for source in indicator.sources() {
        text.push_str(&format!(
            "source {source} {}\n",
            json(definitions.sources.get(source))
        ));
        for file in inputs.iter().filter(|f| f.source == source) {
            text.push_str(&format!(
                "input {} {} {}\n",
                file.year, file.path, file.sha256
            ));
        }
    }
    let policy = indicator
        .disclosure
        .as_deref()
        .unwrap_or(&release.disclosure);
    text.push_str(&format!(
        "policy {policy} {}\n",
        json(definitions.policies.get(policy))
    ));
    // Years are part of what is computed: a release with another history recomputes.
    text.push_str(&format!("years {:?}\n", release.years()));
    let mut references = indicator.measure.references();
    references.sort_unstable();
    references.dedup();
    for reference in references {
        let upstream = done.get(reference).map_or("", String::as_str);
        text.push_str(&format!("upstream {reference} {upstream}\n"));
    }
    sha256_hex(text.as_bytes())
}
