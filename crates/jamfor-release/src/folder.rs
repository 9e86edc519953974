//! Writing a release folder atomically.
//!
//! Everything goes into a hidden sibling `<out>/.<id>.partial`; only when every file is written
//! and flushed is it renamed to `<out>/<id>`. A run that fails before that removes the partial
//! folder; a run that is killed leaves only the hidden partial folder, which the next run clears.
//! An earlier release with the same id is moved aside (`.<id>.previous`) just before the rename
//! and deleted after it, so at every moment either the old or the new release is complete.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Why a release folder could not be written.
#[derive(Debug)]
pub struct FolderError {
    /// The path involved.
    pub path: PathBuf,
    /// What was being done.
    pub doing: &'static str,
    /// The error.
    pub error: io::Error,
}

impl std::fmt::Display for FolderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} `{}`: {}; no release was written and earlier releases are untouched",
            self.doing,
            self.path.display(),
            self.error
        )
    }
}

impl std::error::Error for FolderError {}

/// A release folder being written.
#[derive(Debug)]
pub struct PartialFolder {
    partial: PathBuf,
    target: PathBuf,
    previous: PathBuf,
    finished: bool,
}

fn fail<'a>(path: &'a Path, doing: &'static str) -> impl FnOnce(io::Error) -> FolderError + 'a {
    move |error| FolderError {
        path: path.to_path_buf(),
        doing,
        error,
    }
}

impl PartialFolder {
    /// Starts `<out>/<id>`, clearing what a killed run may have left.
    pub fn start(out: &Path, id: &str) -> Result<Self, FolderError> {
        fs::create_dir_all(out).map_err(fail(out, "creating the output folder"))?;
        let partial = out.join(format!(".{id}.partial"));
        let previous = out.join(format!(".{id}.previous"));
        let target = out.join(id);
        if partial.exists() {
            fs::remove_dir_all(&partial)
                .map_err(fail(&partial, "clearing a stale partial release"))?;
        }
        // A run killed between moving the old release aside and renaming the new one into place
        // leaves the old one here: put it back, it is the last complete release.
        if previous.exists() {
            if target.exists() {
                fs::remove_dir_all(&previous).map_err(fail(&previous, "clearing"))?;
            } else {
                fs::rename(&previous, &target).map_err(fail(&previous, "restoring"))?;
            }
        }
        fs::create_dir(&partial).map_err(fail(&partial, "creating"))?;
        Ok(Self {
            partial,
            target,
            previous,
            finished: false,
        })
    }

    /// Writes one file at a release-relative path (`/`-separated), creating its folders.
    pub fn put(&self, relative: &str, bytes: &[u8]) -> Result<(), FolderError> {
        let path = self.partial.join(relative);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(fail(parent, "creating"))?;
        }
        let mut file = fs::File::create(&path).map_err(fail(&path, "creating"))?;
        file.write_all(bytes).map_err(fail(&path, "writing"))?;
        file.sync_all().map_err(fail(&path, "flushing"))?;
        Ok(())
    }

    /// Renames the complete folder into place, replacing an earlier release with the same id.
    pub fn finish(mut self) -> Result<PathBuf, FolderError> {
        if self.target.exists() {
            fs::rename(&self.target, &self.previous)
                .map_err(fail(&self.target, "moving the earlier release aside"))?;
        }
        if let Err(e) = fs::rename(&self.partial, &self.target) {
            // Put the earlier release back before reporting.
            let _ = fs::rename(&self.previous, &self.target);
            return Err(fail(&self.target, "renaming the release into place")(e));
        }
        self.finished = true;
        if self.previous.exists() {
            fs::remove_dir_all(&self.previous)
                .map_err(fail(&self.previous, "removing the replaced release"))?;
        }
        Ok(self.target.clone())
    }
}

impl Drop for PartialFolder {
    fn drop(&mut self) {
        if !self.finished {
            // Best effort: a failed run must not leave a half-written folder behind.
            let _ = fs::remove_dir_all(&self.partial);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("jamfor-folder-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn the_folder_appears_only_when_finished() {
        let out = scratch("appears");
        let folder = PartialFolder::start(&out, "r").expect("start");
        folder.put("parquet/a.parquet", b"x").expect("put");
        assert!(!out.join("r").exists());
        let done = folder.finish().expect("finish");
        assert_eq!(
            fs::read(done.join("parquet/a.parquet")).expect("read"),
            b"x"
        );
        assert!(!out.join(".r.partial").exists());
        let _ = fs::remove_dir_all(&out);
    }

    #[test]
    fn a_failed_run_leaves_the_earlier_release_and_no_partial_folder() {
        let out = scratch("failed");
        let first = PartialFolder::start(&out, "r").expect("start");
        first.put("manifest.json", b"old").expect("put");
        first.finish().expect("finish");
        {
            let second = PartialFolder::start(&out, "r").expect("start");
            second.put("manifest.json", b"new").expect("put");
            // dropped without finish: the run failed
        }
        assert_eq!(fs::read(out.join("r/manifest.json")).expect("read"), b"old");
        assert!(!out.join(".r.partial").exists());
        let _ = fs::remove_dir_all(&out);
    }

    #[test]
    fn a_finished_run_replaces_the_earlier_release() {
        let out = scratch("replace");
        let first = PartialFolder::start(&out, "r").expect("start");
        first.put("old-only.txt", b"old").expect("put");
        first.finish().expect("finish");
        let second = PartialFolder::start(&out, "r").expect("start");
        second.put("manifest.json", b"new").expect("put");
        second.finish().expect("finish");
        assert!(!out.join("r/old-only.txt").exists());
        assert!(!out.join(".r.previous").exists());
        let _ = fs::remove_dir_all(&out);
    }

    #[test]
    fn a_run_killed_mid_swap_restores_the_earlier_release() {
        let out = scratch("killed");
        fs::create_dir_all(out.join(".r.previous")).expect("mkdir");
        fs::write(out.join(".r.previous/manifest.json"), b"old").expect("write");
        let folder = PartialFolder::start(&out, "r").expect("start");
        assert_eq!(fs::read(out.join("r/manifest.json")).expect("read"), b"old");
        drop(folder);
        let _ = fs::remove_dir_all(&out);
    }
}
