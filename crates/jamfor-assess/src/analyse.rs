//! Analysis support in the release: comparable kommuner, their group means as result rows, and
//! every kommun's bruttolista (the methods are in this crate's root; see `docs/analysis.md`).
//!
//! **In:** the checked definitions, the release and the *protected* results (confidential rows
//! already marked). **Out:** the results with the comparison-group rows
//! ([`GeoLevel::Liknande`](jamfor_engine::GeoLevel)) added, and an [`Analysis`] holding the
//! comparable kommuner and the bruttolista of every kommun and area, which the Parquet writer
//! (`parquet/comparable.parquet`, `parquet/bruttolista.parquet`) and the workbooks' Analysstöd
//! sheet read through [`Published::analysis`].
//!
//! Runs after protection and before colours: the group means are made from published values
//! only, so they need no protection of their own, and they are coloured like a kommungrupp. It
//! begins by giving every published register share and rate its interval
//! ([`crate::interval::add_intervals`], from the published counts), so that colours and flags can
//! weigh each value by its uncertainty, and rounds every figure to its published decimals
//! ([`crate::decimals`]).

mod from_release;

use std::collections::BTreeMap;

use crate::{AnalysisError, Comparable, Post};
use jamfor_engine::{CellKey, ResultRow, ResultTable};
use jamfor_geo::Geography;
use jamfor_spec::manifest::{Manifest, Release};

use crate::Published;
use crate::colour::{Colour, colours};

pub use from_release::{ReadError, shortlist_from_release};

/// What analysis adds to a release besides the group-mean rows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Analysis {
    /// The comparable kommuner of every kommun, per area that declares them.
    pub comparable: Comparable,
    /// Every kommun's bruttolista, by kommun, area and priority.
    pub bruttolista: Vec<Post>,
}

impl Analysis {
    /// The bruttolista entries of one area, by kommun and priority.
    pub fn entries(&self, area: &str) -> impl Iterator<Item = &Post> {
        self.bruttolista.iter().filter(move |p| p.area == area)
    }
}

/// Adds the comparison groups to the protected `results` and computes every kommun's
/// bruttolista, with each kommun value's colour as the release assigns it.
///
/// # Errors
/// When an area's declared nyckeltal have no kommun values in the release year.
pub fn analyse(
    manifest: &Manifest,
    release: &Release,
    geo: &Geography,
    mut results: ResultTable,
) -> Result<(ResultTable, Analysis), AnalysisError> {
    crate::interval::add_intervals(manifest, &mut results);
    let comparable = crate::comparable(manifest, release, &results)?;
    let means = crate::group_means(manifest, &results, &comparable);
    results.rows.extend(means);
    // The group means and the intervals are published figures too: rounded like the values
    // (members were rounded before protection), so the bruttolista quotes what the tables show.
    crate::decimals::round_values(manifest, &mut results);
    // The table's order: indicator, year, cell (a stable sort keeps equal keys as they were).
    results
        .rows
        .sort_by(|a, b| (&a.indicator, a.year, &a.key).cmp(&(&b.indicator, b.year, &b.key)));
    let p = Published {
        manifest,
        release,
        geo,
        results: &results,
        analysis: None,
    };
    let farger: BTreeMap<(&str, i32, &CellKey), Colour> = results
        .rows
        .iter()
        .zip(colours(&p))
        .filter_map(|(row, colour)| Some(((row.indicator.as_str(), row.year, &row.key), colour?)))
        .collect();
    let farg_av = |row: &ResultRow| {
        farger
            .get(&(row.indicator.as_str(), row.year, &row.key))
            .copied()
    };
    let bruttolista = crate::bruttolista(manifest, release, &results, &comparable, &farg_av, None);
    Ok((
        results,
        Analysis {
            comparable,
            bruttolista,
        },
    ))
}
