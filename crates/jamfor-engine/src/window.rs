//! The rows of other years' files that persons' `having` aggregate over (a `window`), read once
//! per run: years are computed in ascending order and a window slides by one year, so the file of
//! 2023 that the 2024 window reads was read for the 2023 window too. Only the columns the
//! conditions need are kept (a national register's person id, kommun and month), and a file is
//! dropped as soon as no later year's window reaches it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::sync::Arc;

use jamfor_spec::manifest::{Manifest, Release};
use polars::prelude::DataFrame;

use crate::error::DataError;
use crate::needs::Needs;
use crate::parallel;
use crate::read;

/// Restricted frames of other years' files, by source and year.
#[derive(Debug, Default)]
pub(crate) struct Windows {
    frames: BTreeMap<(String, i32), Arc<DataFrame>>,
}

impl Windows {
    /// Reads every window file that `needs` reach for `year` and are not held yet (on two
    /// threads), and lets go of those no year from `year` on reaches.
    ///
    /// # Errors
    /// A data problem in a window's file, naming its line and column.
    pub(crate) fn prepare(
        &mut self,
        manifest: &Manifest,
        release: &Release,
        root: &Path,
        needs: &BTreeMap<String, Needs>,
        year: i32,
    ) -> Result<(), DataError> {
        // The columns each source's persons need, over all its units.
        let mut wanted: BTreeMap<&str, (BTreeSet<String>, BTreeSet<i32>)> = BTreeMap::new();
        let mut earliest = year;
        for need in needs.values().filter(|n| !n.persons.is_empty()) {
            let entry = wanted.entry(need.source.as_str()).or_default();
            for job in &need.persons {
                entry.0.extend(job.columns().cloned());
                entry.0.insert(job.id.clone());
            }
            for offset in need.window_offsets() {
                entry.1.insert(year + offset);
                earliest = earliest.min(year + offset);
            }
        }
        self.frames.retain(|(_, y), _| *y >= earliest);
        let mut missing: Vec<(&str, i32, &BTreeSet<String>)> = Vec::new();
        for (source, (columns, years)) in &wanted {
            for y in years {
                if !self.frames.contains_key(&((*source).to_string(), *y)) {
                    missing.push((source, *y, columns));
                }
            }
        }
        let read = parallel::map(&missing, parallel::threads(2), |&(id, y, columns)| {
            let source = manifest.source(id).ok_or_else(|| {
                DataError::file(&release.location.file, format!("no source `{id}`"))
            })?;
            let file = crate::run::path(release, id, y)?;
            read::read_source(root, source, y, file, Some(columns)).map(|f| f.frame)
        });
        for ((source, y, _), frame) in missing.iter().zip(read) {
            self.frames
                .insert(((*source).to_string(), *y), Arc::new(frame?));
        }
        Ok(())
    }

    /// The rows of `source`'s file of `year`, when a window reaches it.
    pub(crate) fn get(&self, source: &str, year: i32) -> Option<Arc<DataFrame>> {
        self.frames.get(&(source.to_string(), year)).cloned()
    }
}
