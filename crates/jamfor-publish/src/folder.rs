//! Writing a release folder atomically.
//!
//! Everything goes into a hidden sibling `<out>/.<id>.partial`; only when every file is written
//! and flushed is it renamed to `<out>/<id>`. A run that fails before that removes the partial
//! folder; a run that is killed leaves only the hidden partial folder, which the next run clears.
//! Only the run holding the release's [`ReleaseLock`] touches these folders.
//!
//! An earlier release with the same id is swapped out in one step: on Linux the partial folder
//! and the release are exchanged by `renameat2(RENAME_EXCHANGE)`, so `<out>/<id>` is the old
//! release until the instant it is the new one, and the old one ends up in `.<id>.previous`,
//! which is then deleted. Where the exchange is unsupported (other systems, some file systems),
//! the old release is renamed aside and the new one into place: a run killed between the two
//! renames leaves no `<out>/<id>` but a complete `.<id>.previous`, which the next run puts back.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::lock::ReleaseLock;

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

/// A release folder being written, by the run holding its lock.
#[derive(Debug)]
pub struct PartialFolder<'l> {
    partial: PathBuf,
    target: PathBuf,
    previous: PathBuf,
    finished: bool,
    _lock: &'l ReleaseLock,
}

fn fail<'a>(path: &'a Path, doing: &'static str) -> impl FnOnce(io::Error) -> FolderError + 'a {
    move |error| FolderError {
        path: path.to_path_buf(),
        doing,
        error,
    }
}

impl<'l> PartialFolder<'l> {
    /// Starts the locked release `<out>/<id>`, clearing what a killed run may have left.
    pub fn start(lock: &'l ReleaseLock) -> Result<Self, FolderError> {
        let (out, id) = (lock.out(), lock.id());
        fs::create_dir_all(out).map_err(fail(out, "creating the output folder"))?;
        let partial = out.join(format!(".{id}.partial"));
        let previous = out.join(format!(".{id}.previous"));
        let target = out.join(id);
        if partial.exists() {
            fs::remove_dir_all(&partial)
                .map_err(fail(&partial, "clearing a stale partial release"))?;
        }
        // A run killed between moving the old release aside and renaming the new one into place
        // (where the swap takes two renames) leaves the old one here: put it back, it is the last
        // complete release. After an exchange it is the replaced release, not yet deleted.
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
            _lock: lock,
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
        self.swap_into_place()?;
        self.finished = true;
        if self.previous.exists() {
            fs::remove_dir_all(&self.previous)
                .map_err(fail(&self.previous, "removing the replaced release"))?;
        }
        Ok(self.target.clone())
    }

    /// Puts the partial folder at the target; an earlier release there ends up in the previous
    /// folder.
    fn swap_into_place(&self) -> Result<(), FolderError> {
        if !self.target.exists() {
            return fs::rename(&self.partial, &self.target)
                .map_err(fail(&self.target, "renaming the release into place"));
        }
        if exchange(&self.partial, &self.target).map_err(fail(
            &self.target,
            "exchanging the release with the earlier one",
        ))? {
            return fs::rename(&self.partial, &self.previous)
                .map_err(fail(&self.partial, "moving the replaced release aside"));
        }
        fs::rename(&self.target, &self.previous)
            .map_err(fail(&self.target, "moving the earlier release aside"))?;
        if let Err(e) = fs::rename(&self.partial, &self.target) {
            // Put the earlier release back before reporting.
            let _ = fs::rename(&self.previous, &self.target);
            return Err(fail(&self.target, "renaming the release into place")(e));
        }
        Ok(())
    }
}

/// Exchanges two existing paths in one step. `Ok(false)` when the system or file system cannot
/// (the caller then renames twice).
#[cfg(any(target_os = "linux", target_os = "android"))]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        // EINVAL: the file system has no exchange (some network and FUSE ones); ENOSYS: a kernel
        // older than 3.15.
        Err(Errno::INVAL | Errno::NOSYS | Errno::NOTSUP) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

impl Drop for PartialFolder<'_> {
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

    fn lock(out: &Path) -> ReleaseLock {
        ReleaseLock::acquire(out, "r").expect("the lock")
    }

    #[test]
    fn the_folder_appears_only_when_finished() {
        let out = scratch("appears");
        let lock = lock(&out);
        let folder = PartialFolder::start(&lock).expect("start");
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
        let lock = lock(&out);
        let first = PartialFolder::start(&lock).expect("start");
        first.put("manifest.json", b"old").expect("put");
        first.finish().expect("finish");
        {
            let second = PartialFolder::start(&lock).expect("start");
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
        let lock = lock(&out);
        let first = PartialFolder::start(&lock).expect("start");
        first.put("old-only.txt", b"old").expect("put");
        first.finish().expect("finish");
        let second = PartialFolder::start(&lock).expect("start");
        second.put("manifest.json", b"new").expect("put");
        second.finish().expect("finish");
        assert!(!out.join("r/old-only.txt").exists());
        assert!(!out.join(".r.previous").exists());
        let _ = fs::remove_dir_all(&out);
    }

    #[test]
    fn the_swap_leaves_the_new_release_visible_and_the_old_one_aside() {
        let out = scratch("swap");
        let lock = lock(&out);
        let first = PartialFolder::start(&lock).expect("start");
        first.put("manifest.json", b"old").expect("put");
        first.finish().expect("finish");
        let second = PartialFolder::start(&lock).expect("start");
        second.put("manifest.json", b"new").expect("put");
        // A run killed right after the swap: the new release is there, the old one aside.
        second.swap_into_place().expect("swap");
        assert_eq!(fs::read(out.join("r/manifest.json")).expect("read"), b"new");
        assert_eq!(
            fs::read(out.join(".r.previous/manifest.json")).expect("read"),
            b"old"
        );
        assert!(!out.join(".r.partial").exists());
        std::mem::forget(second);
        // The next run keeps the new release and clears the old one.
        drop(PartialFolder::start(&lock).expect("start"));
        assert_eq!(fs::read(out.join("r/manifest.json")).expect("read"), b"new");
        assert!(!out.join(".r.previous").exists());
        let _ = fs::remove_dir_all(&out);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn on_linux_the_release_is_exchanged_in_one_step() {
        let out = scratch("exchange");
        fs::create_dir_all(out.join("a")).expect("mkdir");
        fs::create_dir_all(out.join("b")).expect("mkdir");
        fs::write(out.join("a/x"), b"a").expect("write");
        fs::write(out.join("b/x"), b"b").expect("write");
        // Every file system tests run on here supports it; elsewhere the fallback is tested by
        // the two-rename states below.
        assert!(exchange(&out.join("a"), &out.join("b")).expect("exchange"));
        assert_eq!(fs::read(out.join("a/x")).expect("read"), b"b");
        assert_eq!(fs::read(out.join("b/x")).expect("read"), b"a");
        let _ = fs::remove_dir_all(&out);
    }

    #[test]
    fn a_run_killed_between_two_renames_restores_the_earlier_release() {
        // Where the swap takes two renames: the old release aside, no visible one, and the new
        // one still partial.
        let out = scratch("killed");
        fs::create_dir_all(out.join(".r.previous")).expect("mkdir");
        fs::write(out.join(".r.previous/manifest.json"), b"old").expect("write");
        fs::create_dir_all(out.join(".r.partial")).expect("mkdir");
        fs::write(out.join(".r.partial/manifest.json"), b"new").expect("write");
        let lock = lock(&out);
        let folder = PartialFolder::start(&lock).expect("start");
        assert_eq!(fs::read(out.join("r/manifest.json")).expect("read"), b"old");
        assert!(!out.join(".r.previous").exists());
        drop(folder);
        let _ = fs::remove_dir_all(&out);
    }
}
