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
/// When the root or a definition file cannot be read (missing folder, dangling link, permissions,
/// not UTF-8). The error's message starts with the root-relative path of the file or folder, and
/// for text that is not UTF-8 with the line of the first bad byte (`sources/a.toml:3: …`).
pub fn load(root: &Path) -> io::Result<(Spec, Vec<Diagnostic>)> {
    let mut paths = Vec::new();
    for folder in DEFINITION_FOLDERS {
        collect(&root.join(folder), folder, &mut paths)?;
    }
    paths.sort();
    let mut files = Vec::with_capacity(paths.len());
    for relative in paths {
        let bytes = std::fs::read(root.join(&relative)).map_err(named(&relative))?;
        let text = String::from_utf8(bytes).map_err(|e| {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = 1 + valid.iter().filter(|&&b| b == b'\n').count();
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{relative}:{line}: not UTF-8 text; save the file as UTF-8"),
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

/// Prefixes an I/O error with the path it concerns: the operating system's message alone ("No
/// such file or directory") does not say which of hundreds of files is meant.
fn named(relative: &str) -> impl FnOnce(io::Error) -> io::Error + '_ {
    move |e| {
        let help = match e.kind() {
            io::ErrorKind::NotFound => "; is it a link to a file that no longer exists?",
            io::ErrorKind::PermissionDenied => "; give the user running jamfor read access",
            _ => "",
        };
        io::Error::new(e.kind(), format!("{relative}: cannot be read: {e}{help}"))
    }
}

fn collect(dir: &Path, relative: &str, out: &mut Vec<String>) -> io::Result<()> {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(named(relative)(e)),
    };
    for entry in entries {
        let entry = entry.map_err(named(relative))?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') {
            continue;
        }
        let child = format!("{relative}/{name}");
        if entry.file_type().map_err(named(&child))?.is_dir() {
            collect(&entry.path(), &child, out)?;
        } else if FileKind::of(&child).is_some() {
            out.push(child);
        }
    }
    Ok(())
}
