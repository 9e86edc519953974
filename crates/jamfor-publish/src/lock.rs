//! One run at a time per release folder.
//!
//! Two runs writing the same release share its hidden partial folder: the second clears what the
//! first is writing, and the first then renames a folder with files missing into place and
//! reports success. So a run holds `<out>/.<id>.lock` from before it reads any data until it is
//! done, and a second run into the same folder is refused with the first one's process id.
//!
//! On Unix the lock is an advisory `flock` on that file, which the kernel releases when the
//! process ends however it ends: a run that was killed leaves the file but never a held lock, so
//! the next run takes it over (and says so) without having to guess whether its process is alive.
//! The file is removed when the run ends. Elsewhere the file itself is the lock (created only if
//! absent); one left by a killed run has to be removed by hand, and the error says so.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Seek, Write};
use std::path::{Path, PathBuf};

/// The right to write one release folder, held until dropped.
#[derive(Debug)]
pub struct ReleaseLock {
    out: PathBuf,
    id: String,
    path: PathBuf,
    /// Open for as long as the lock is held: closing it releases the `flock`.
    _file: File,
    taken_over: Option<u32>,
    /// Whether `out` was made for this run: a run that ends without writing leaves no empty
    /// folder behind.
    created: bool,
}

/// Why the lock was not taken.
#[derive(Debug)]
pub enum LockError {
    /// Another run holds it.
    Held {
        /// The release id.
        id: String,
        /// The lock file.
        path: PathBuf,
        /// The process holding it, as it wrote in the file.
        pid: Option<u32>,
    },
    /// The lock file could not be created or locked.
    Io {
        /// The lock file.
        path: PathBuf,
        /// The error.
        error: io::Error,
    },
}

impl std::fmt::Display for LockError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Held { id, path, pid } => {
                let who = pid.map_or_else(
                    || "another run".to_string(),
                    |p| format!("another run (process {p})"),
                );
                write!(
                    f,
                    "{who} is writing release `{id}` into the same folder: it holds the lock `{}`; \
                     wait for it to finish, or give this run another output folder (--out)",
                    path.display()
                )?;
                if cfg!(not(unix)) {
                    write!(f, "; if no run is going on, remove the lock")?;
                }
                Ok(())
            }
            Self::Io { path, error } => {
                write!(f, "cannot take the lock `{}`: {error}", path.display())
            }
        }
    }
}

impl std::error::Error for LockError {}

impl ReleaseLock {
    /// Takes the lock on `<out>/<id>`, creating `out` if needed.
    ///
    /// # Errors
    /// [`LockError::Held`] when another run holds it, [`LockError::Io`] when the file system
    /// refuses.
    pub fn acquire(out: &Path, id: &str) -> Result<Self, LockError> {
        let path = out.join(format!(".{id}.lock"));
        let io = |error| LockError::Io {
            path: path.clone(),
            error,
        };
        let created = !out.exists();
        fs::create_dir_all(out).map_err(io)?;
        let (mut file, left) = hold(&path).map_err(io)?.ok_or_else(|| LockError::Held {
            id: id.to_string(),
            path: path.clone(),
            pid: fs::read_to_string(&path)
                .ok()
                .and_then(|t| t.trim().parse().ok()),
        })?;
        file.set_len(0).map_err(io)?;
        file.rewind().map_err(io)?;
        writeln!(file, "{}", std::process::id()).map_err(io)?;
        file.sync_all().map_err(io)?;
        Ok(Self {
            out: out.to_path_buf(),
            id: id.to_string(),
            path,
            _file: file,
            taken_over: left.filter(|&pid| pid != std::process::id()),
            created,
        })
    }

    /// The folder the release is written into.
    pub fn out(&self) -> &Path {
        &self.out
    }

    /// The release id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The lock file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The process id found in a lock file left by a run that ended without removing it (it was
    /// killed), now taken over; worth a warning, as that run's release was not written.
    pub fn taken_over(&self) -> Option<u32> {
        self.taken_over
    }
}

impl Drop for ReleaseLock {
    fn drop(&mut self) {
        // Removed while still held (the file closes after this): a run that opened it meanwhile
        // finds, once it holds it, that it is no longer the lock file, and starts again.
        let _ = fs::remove_file(&self.path);
        if self.created {
            // Removes nothing but an empty folder.
            let _ = fs::remove_dir(&self.out);
        }
    }
}

/// The pid a lock file holds, if any.
fn pid_in(file: &mut File) -> Option<u32> {
    let mut text = String::new();
    file.read_to_string(&mut text).ok()?;
    text.trim().parse().ok()
}

/// Holds the lock file at `path`: the open file and the pid left in it, or `None` when another
/// process holds it.
#[cfg(unix)]
fn hold(path: &Path) -> io::Result<Option<(File, Option<u32>)>> {
    use rustix::fs::{FlockOperation, flock};
    use std::os::unix::fs::MetadataExt;
    loop {
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(path)?;
        match flock(&file, FlockOperation::NonBlockingLockExclusive) {
            Ok(()) => {}
            Err(rustix::io::Errno::WOULDBLOCK) => return Ok(None),
            Err(e) => return Err(e.into()),
        }
        // The run before may have removed the file between our opening and our locking it: a
        // lock on a file nobody else can open excludes no one, so start again.
        let held = file.metadata()?;
        match fs::metadata(path) {
            Ok(now) if (now.dev(), now.ino()) == (held.dev(), held.ino()) => {
                let left = pid_in(&mut file);
                return Ok(Some((file, left)));
            }
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
}

#[cfg(not(unix))]
fn hold(path: &Path) -> io::Result<Option<(File, Option<u32>)>> {
    match OpenOptions::new()
        .read(true)
        .write(true)
        .create_new(true)
        .open(path)
    {
        Ok(file) => Ok(Some((file, None))),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(None),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("jamfor-lock-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn a_second_run_into_the_same_release_is_refused_while_the_first_holds_it() {
        let out = scratch("held");
        let first = ReleaseLock::acquire(&out, "r").expect("the first run takes the lock");
        assert_eq!(
            fs::read_to_string(first.path())
                .expect("the lock file")
                .trim(),
            std::process::id().to_string()
        );
        match ReleaseLock::acquire(&out, "r") {
            Err(e @ LockError::Held { .. }) => {
                let text = e.to_string();
                assert!(
                    text.starts_with(&format!(
                        "another run (process {}) is writing release `r` into the same folder: it holds the lock `{}`",
                        std::process::id(),
                        out.join(".r.lock").display()
                    )),
                    "{text}"
                );
                assert!(text.contains("wait for it to finish"), "{text}");
            }
            other => panic!("{other:?}"),
        }
        // Another release in the same folder is not held up.
        let other = ReleaseLock::acquire(&out, "s").expect("another release");
        drop((first, other));
        assert!(
            !out.join(".r.lock").exists(),
            "the lock is removed at the end"
        );
        ReleaseLock::acquire(&out, "r").expect("free again");
        let _ = fs::remove_dir_all(&out);
    }

    #[cfg(unix)]
    #[test]
    fn a_lock_left_by_a_killed_run_is_taken_over() {
        let out = scratch("stale");
        fs::create_dir_all(&out).expect("mkdir");
        // A run that was killed: its file is there, nobody holds it.
        let dead = u32::MAX - 1;
        fs::write(out.join(".r.lock"), format!("{dead}\n")).expect("write");
        let lock = ReleaseLock::acquire(&out, "r").expect("taken over");
        assert_eq!(lock.taken_over(), Some(dead));
        let _ = fs::remove_dir_all(&out);
    }
}
