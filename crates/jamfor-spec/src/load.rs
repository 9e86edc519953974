//! Reading every definition file under a root folder.

use std::io;
use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::raw::{FileKind, Spec};

/// The folders under the root that hold definitions.
pub const DEFINITION_FOLDERS: &[&str] = &["sources", "indicators", "policies", "pipelines"];

/// Reads and decodes every definition under `root`. Files are read in sorted path order, so
/// diagnostics and ids come out the same on every machine.
///
/// # Errors
/// When the root or a definition file cannot be read (missing folder, permissions, not UTF-8).
pub fn load(root: &Path) -> io::Result<(Spec, Vec<Diagnostic>)> {
    let mut paths = Vec::new();
    for folder in DEFINITION_FOLDERS {
        collect(&root.join(folder), folder, &mut paths)?;
    }
    paths.sort();
    let mut files = Vec::with_capacity(paths.len());
    for relative in paths {
        let full = root.join(&relative);
        let bytes = std::fs::read(&full)?;
        let text = String::from_utf8(bytes).map_err(|_| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{relative}: not UTF-8 text; save the file as UTF-8"),
            )
        })?;
        files.push((relative, text));
    }
    Ok(from_files(files))
}

/// Decodes definitions given as (root-relative path, text) pairs: the same as [`load`] without a
/// file system, for tests, fuzzing and editors.
pub fn from_files(files: impl IntoIterator<Item = (String, String)>) -> (Spec, Vec<Diagnostic>) {
    let mut spec = Spec::default();
    let mut diagnostics = Vec::new();
    for (path, text) in files {
        spec.add_file(&path, text, &mut diagnostics);
    }
    (spec, diagnostics)
}

fn collect(dir: &Path, relative: &str, out: &mut Vec<String>) -> io::Result<()> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    };
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let child = format!("{relative}/{name}");
        if entry.file_type()?.is_dir() {
            collect(&entry.path(), &child, out)?;
        } else if FileKind::of(&child).is_some() {
            out.push(child);
        }
    }
    Ok(())
}
