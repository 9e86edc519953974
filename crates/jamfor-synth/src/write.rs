//! Writing every source and year of a release into a folder, all or nothing.
//!
//! Files are written into a hidden sibling folder first and moved into place only when every one
//! of them is complete, so a failed or interrupted run never leaves half a data set where the
//! pipeline would read it. Files are independent (each has its own random stream), so they are
//! written in parallel, one thread per core.

use std::fs::{self, File};
use std::io::BufWriter;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use jamfor_spec::Manifest;
use jamfor_spec::manifest::{Release, Source};

use crate::folkmangd::Folkmangd;
use crate::{Basis, Options, SynthError, generate_source, profiler};

/// One written file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenFile {
    /// The source id.
    pub source: String,
    /// The year.
    pub year: i32,
    /// Where it was written.
    pub path: PathBuf,
    /// Data rows.
    pub rows: u64,
    /// Bytes.
    pub bytes: u64,
}

/// What [`write_release`] wrote, by source then year.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// The files.
    pub files: Vec<WrittenFile>,
}

impl Summary {
    /// Data rows of all files.
    pub fn rows(&self) -> u64 {
        self.files.iter().map(|f| f.rows).sum()
    }

    /// Bytes of all files.
    pub fn bytes(&self) -> u64 {
        self.files.iter().map(|f| f.bytes).sum()
    }
}

/// The file name synth gives a source's file for a year: `<source>_<year>.csv`.
pub fn file_name(source: &str, year: i32) -> String {
    format!("{source}_{year}.csv")
}

/// Writes `DIR/<source>_<year>.csv` for every source the release has inputs for and every year it
/// has an input for: the release's years, and any earlier year a computation reads (a share not
/// back on bistånd within twelve months needs the year before the first published one).
/// Existing files of the same names are replaced; other files in `dir` are left alone.
///
/// # Errors
/// When a source cannot be synthesised as declared or a file cannot be written; nothing is then
/// left in `dir` or beside it.
pub fn write_release(
    manifest: &Manifest,
    release: &Release,
    options: &Options,
    dir: &Path,
) -> Result<Summary, SynthError> {
    let mut uppgifter: Vec<(&Source, i32)> = Vec::new();
    for (id, ar) in &release.inputs {
        let source = manifest.source(id).ok_or_else(|| SynthError::Declaration {
            source: id.clone(),
            message: format!("release `{}` reads it, but it is not declared", release.id),
        })?;
        uppgifter.extend(ar.keys().map(|&ar| (source, ar)));
    }
    let mut years: Vec<i32> = uppgifter.iter().map(|&(_, ar)| ar).collect();
    years.sort_unstable();
    years.dedup();
    let folk: Vec<Folkmangd> = years
        .iter()
        .map(|&ar| Folkmangd::for_year(ar, options.seed))
        .collect();
    let profiler: Vec<_> = folk.iter().map(|f| profiler(f, options.seed)).collect();
    let uppgifter: Vec<(&Source, usize)> = uppgifter
        .into_iter()
        .map(|(s, ar)| (s, years.binary_search(&ar).unwrap_or_default()))
        .collect();

    let tillfallig = tillfallig_mapp(dir)?;
    fs::create_dir_all(&tillfallig).map_err(|e| SynthError::io(&tillfallig, e))?;
    let resultat: Mutex<Vec<Option<Result<WrittenFile, SynthError>>>> =
        Mutex::new((0..uppgifter.len()).map(|_| None).collect());
    let nasta = AtomicUsize::new(0);
    let tradar = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(uppgifter.len())
        .max(1);
    std::thread::scope(|scope| {
        for _ in 0..tradar {
            scope.spawn(|| {
                loop {
                    let i = nasta.fetch_add(1, Ordering::Relaxed);
                    let Some(&(source, y)) = uppgifter.get(i) else {
                        break;
                    };
                    let underlag = Basis {
                        ar: years[y],
                        seed: options.seed,
                        volume: options.scale.volume(),
                        folk: &folk[y],
                        profiler: &profiler[y],
                    };
                    let svar = skriv_fil(source, &underlag, &tillfallig, dir);
                    let misslyckades = svar.is_err();
                    if let Ok(mut r) = resultat.lock() {
                        r[i] = Some(svar);
                    }
                    if misslyckades {
                        // No point writing the rest: the run fails as a whole.
                        nasta.store(uppgifter.len(), Ordering::Relaxed);
                    }
                }
            });
        }
    });
    let resultat = resultat.into_inner().unwrap_or_default();
    let mut files = Vec::with_capacity(resultat.len());
    for r in resultat {
        match r {
            Some(Ok(f)) => files.push(f),
            Some(Err(e)) => {
                let _ = fs::remove_dir_all(&tillfallig);
                return Err(e);
            }
            // Skipped after another file failed; that failure is reported above.
            None => {}
        }
    }
    flytta_pa_plats(&tillfallig, dir, &files)?;
    Ok(Summary { files })
}

fn skriv_fil(
    source: &Source,
    u: &Basis<'_>,
    tillfallig: &Path,
    dir: &Path,
) -> Result<WrittenFile, SynthError> {
    let name = file_name(&source.id, u.ar);
    let path = tillfallig.join(&name);
    let file = File::create(&path).map_err(|e| SynthError::io(&path, e))?;
    let mut ut = BufWriter::with_capacity(1 << 18, file);
    let rakning = generate_source(source, u, &mut ut).map_err(|e| match e {
        // The table names the source; the file is what a person can look for.
        SynthError::Io { error, .. } => SynthError::io(&path, error),
        other => other,
    })?;
    Ok(WrittenFile {
        source: source.id.clone(),
        year: u.ar,
        path: dir.join(name),
        rows: rakning.rows,
        bytes: rakning.bytes,
    })
}

/// A hidden sibling of `dir`, on the same file system so the final rename is atomic.
fn tillfallig_mapp(dir: &Path) -> Result<PathBuf, SynthError> {
    let name = dir
        .file_name()
        .ok_or_else(|| SynthError::io(dir, std::io::Error::other("not a folder name")))?;
    let foralder = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    fs::create_dir_all(&foralder).map_err(|e| SynthError::io(&foralder, e))?;
    Ok(foralder.join(format!(
        ".{}.synth-{}",
        name.to_string_lossy(),
        std::process::id()
    )))
}

/// A new folder is renamed as a whole; into an existing one, each (complete) file is renamed.
fn flytta_pa_plats(tillfallig: &Path, dir: &Path, files: &[WrittenFile]) -> Result<(), SynthError> {
    let stada = |e: SynthError| {
        let _ = fs::remove_dir_all(tillfallig);
        e
    };
    if !dir.exists() {
        return fs::rename(tillfallig, dir).map_err(|e| stada(SynthError::io(dir, e)));
    }
    for f in files {
        let name = file_name(&f.source, f.year);
        fs::rename(tillfallig.join(&name), &f.path)
            .map_err(|e| stada(SynthError::io(&f.path, e)))?;
    }
    fs::remove_dir_all(tillfallig).map_err(|e| SynthError::io(tillfallig, e))
}
