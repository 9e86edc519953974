//! Every file a release reads, read once per run. A year's units read the year's file and, for
//! counts of another year (`year = -1`), an earlier one; a `having` with a `window` reads the
//! files of the years around. Years are computed in ascending order, so the file of 2023 that a
//! follow-up reads when 2024 is computed, and that the 2024 window reaches, was read when 2023 was
//! computed: it is kept, with the columns later years read, instead of being read again. A file
//! is let go as soon as no later year reads it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use jamfor_spec::manifest::{Manifest, Release};
use polars::prelude::DataFrame;

use crate::error::DataError;
use crate::needs::Needs;
use crate::parallel;
use crate::read::{self, Dropped};

/// A source's file of one year.
type FileKey = (String, i32);

/// The declared columns each file is read with in `year`: those of the units reading it and
/// those the `having`s of windows reaching it read.
fn wanted(needs: &BTreeMap<String, Needs>, year: i32) -> BTreeMap<FileKey, BTreeSet<String>> {
    let mut out: BTreeMap<FileKey, BTreeSet<String>> = BTreeMap::new();
    for need in needs.values() {
        out.entry((need.source.clone(), year + need.offset))
            .or_default()
            .extend(need.columns.iter().cloned());
        for offset in need.window_offsets() {
            let columns = out.entry((need.source.clone(), year + offset)).or_default();
            for job in &need.persons {
                columns.extend(job.columns().cloned());
                columns.insert(job.id.clone());
            }
        }
    }
    out
}

/// The rows of every file read, by source and year.
#[derive(Debug)]
pub(crate) struct Files {
    /// The columns each file is read with: those of every year that reads it.
    columns: BTreeMap<FileKey, BTreeSet<String>>,
    /// The last year computed that reads each file.
    last_use: BTreeMap<FileKey, i32>,
    frames: BTreeMap<FileKey, Arc<DataFrame>>,
}

/// A file read, and the rows dropped from it.
#[derive(Debug)]
pub(crate) struct Read {
    pub(crate) source: String,
    pub(crate) year: i32,
    pub(crate) dropped: Vec<Dropped>,
}

impl Files {
    /// The plan of a run computing `years` (ascending) with `needs`.
    pub(crate) fn new(needs: &BTreeMap<String, Needs>, years: &[i32]) -> Files {
        let mut columns: BTreeMap<FileKey, BTreeSet<String>> = BTreeMap::new();
        let mut last_use = BTreeMap::new();
        for &year in years {
            for (key, wanted) in wanted(needs, year) {
                last_use.insert(key.clone(), year);
                columns.entry(key).or_default().extend(wanted);
            }
        }
        Files {
            columns,
            last_use,
            frames: BTreeMap::new(),
        }
    }

    /// Reads every file `year` reads and is not held yet (on two threads, the largest first),
    /// and lets go of those no year from `year` on reads. Returns the files read.
    ///
    /// # Errors
    /// The first data problem, in the order of the files, naming its line and column.
    pub(crate) fn prepare(
        &mut self,
        manifest: &Manifest,
        release: &Release,
        root: &Path,
        needs: &BTreeMap<String, Needs>,
        year: i32,
    ) -> Result<Vec<Read>, DataError> {
        let last_use = &self.last_use;
        self.frames
            .retain(|key, _| last_use.get(key).is_some_and(|last| *last >= year));
        let mut missing: Vec<(FileKey, u64)> = Vec::new();
        for key in wanted(needs, year).into_keys() {
            if !self.frames.contains_key(&key) {
                let size = crate::run::path(release, &key.0, key.1)
                    .ok()
                    .and_then(|file| std::fs::metadata(root.join(file)).ok())
                    .map_or(0, |m| m.len());
                missing.push((key, size));
            }
        }
        let mut order: Vec<usize> = (0..missing.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(missing[i].1));
        let columns = &self.columns;
        let read = parallel::map(&order, parallel::threads(2), |&i| {
            let (source, y) = &missing[i].0;
            let declared = manifest.source(source).ok_or_else(|| {
                DataError::file(&release.location.file, format!("no source `{source}`"))
            })?;
            let file = crate::run::path(release, source, *y)?;
            read::read_source(root, declared, *y, file, columns.get(&missing[i].0))
        });
        // Back in the files' order, so that the first problem reported is the same in every run.
        let mut read: Vec<(usize, Result<read::SourceFrame, DataError>)> =
            order.into_iter().zip(read).collect();
        read.sort_by_key(|(i, _)| *i);
        let mut out = Vec::new();
        for (i, frame) in read {
            let frame = frame?;
            let (source, y) = missing[i].0.clone();
            out.push(Read {
                source: source.clone(),
                year: y,
                dropped: frame.dropped,
            });
            self.frames.insert((source, y), Arc::new(frame.frame));
        }
        Ok(out)
    }

    /// The rows of `source`'s file of `year`, when some unit or window of the year reads it.
    pub(crate) fn get(&self, source: &str, year: i32) -> Option<Arc<DataFrame>> {
        self.frames.get(&(source.to_string(), year)).cloned()
    }
}
