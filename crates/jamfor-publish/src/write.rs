//! The release folder as a whole: build every output in memory, hash it, write the manifest,
//! then hand everything to [`PartialFolder`] so the folder appears complete or not at all.

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

use crate::folder::{FolderError, PartialFolder};
use crate::kolada;
use crate::lock::ReleaseLock;
use crate::manifest::{self, Provenance};
use crate::parquet::{self, FileMetadata, ParquetError};
use jamfor_assess::Published;
use jamfor_history::manifest::{FileHash, ReleaseManifest};
use jamfor_history::sha256_hex;

/// An output that is not Parquet or the manifest (workbooks, analysis tables), by
/// release-relative path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtraFile {
    /// Release-relative path, `/`-separated.
    pub path: String,
    /// The bytes.
    pub bytes: Vec<u8>,
}

/// Why a release was not written.
#[derive(Debug)]
pub enum WriteError {
    /// A Parquet file could not be encoded.
    Parquet(ParquetError),
    /// The Kolada export could not be encoded.
    Kolada(serde_json::Error),
    /// The folder could not be written.
    Folder(FolderError),
}

impl fmt::Display for WriteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Parquet(e) => write!(f, "{e}"),
            Self::Kolada(e) => write!(f, "writing the Kolada export: {e}"),
            Self::Folder(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for WriteError {}

impl From<ParquetError> for WriteError {
    fn from(e: ParquetError) -> Self {
        Self::Parquet(e)
    }
}

impl From<FolderError> for WriteError {
    fn from(e: FolderError) -> Self {
        Self::Folder(e)
    }
}

/// Writes `<out>/<release id>/` under the run's lock on it and returns its path and manifest.
pub fn write_release(
    p: &Published,
    colours: &[Option<&str>],
    provenance: &Provenance,
    extra: Vec<ExtraFile>,
    lock: &ReleaseLock,
) -> Result<(PathBuf, ReleaseManifest), WriteError> {
    let meta = FileMetadata {
        release_id: p.release.id.clone(),
        tool_version: provenance.tool_version.to_string(),
        definitions_hash: provenance.definitions.hash(),
    };
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    if p.release.parquet {
        files.insert(
            "parquet/results.parquet".into(),
            parquet::results(p, colours, &meta)?,
        );
        files.insert(
            "parquet/indicators.parquet".into(),
            parquet::indicators(p, &meta)?,
        );
        files.insert(
            "parquet/geography.parquet".into(),
            parquet::geography(p, &meta)?,
        );
        if let Some(analysis) = p.analysis {
            files.insert(
                "parquet/comparable.parquet".into(),
                parquet::comparable(analysis, &meta)?,
            );
            files.insert(
                "parquet/bruttolista.parquet".into(),
                parquet::bruttolista(p, analysis, &meta)?,
            );
        }
    }
    if p.release.kolada {
        files.extend(kolada::files(p).map_err(WriteError::Kolada)?);
    }
    for file in extra {
        files.insert(file.path, file.bytes);
    }
    let hashes = files
        .iter()
        .map(|(path, bytes)| {
            (
                path.clone(),
                FileHash {
                    sha256: sha256_hex(bytes),
                    bytes: bytes.len() as u64,
                },
            )
        })
        .collect();
    let manifest = manifest::build(p, provenance, hashes);
    debug_assert_eq!(lock.id(), p.release.id, "the lock is on another release");
    let folder = PartialFolder::start(lock)?;
    for (path, bytes) in &files {
        folder.put(path, bytes)?;
    }
    folder.put("manifest.json", manifest.to_json().as_bytes())?;
    let path = folder.finish()?;
    Ok((path, manifest))
}
