//! Comparable kommuner per area, computed from the area's declared nyckeltal for the release year
//! (the method is described in the crate documentation).

use jamfor_engine::{GeoLevel, Kon, ResultTable};
use jamfor_geo::Geography;
use jamfor_spec::Manifest;
use jamfor_spec::manifest::{Comparable as Declared, Release};

use crate::distance::{nearest, standardise};
use crate::error::AnalysisError;
use crate::published::{self, Index};

/// One row of the comparable-kommuner table: `similar` is the `rank`-th nearest kommun to
/// `kommun` in `area`'s nyckeltal for `year`.
#[derive(Debug, Clone, PartialEq)]
pub struct Similar {
    /// Area id.
    pub area: String,
    /// Kommun code.
    pub kommun: String,
    /// The year whose nyckeltal defined the group (the release year).
    pub year: i32,
    /// The comparable kommun's code.
    pub similar: String,
    /// 1 for the nearest.
    pub rank: u32,
    /// Standardised Euclidean distance.
    pub distance: f64,
}

/// A kommun left out of an area's comparison because a nyckeltal has no usable value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incomplete {
    /// Area id.
    pub area: String,
    /// Kommun code.
    pub kommun: String,
    /// The nyckeltal without a published (or, for a log nyckeltal, positive) value.
    pub missing: Vec<String>,
}

/// An area whose comparable kommuner cannot be computed in this release: a nyckeltal belongs to
/// an area the release does not publish, so the release has no (protected) values of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Area id.
    pub area: String,
    /// The nyckeltal without values, each with its area.
    pub missing: Vec<(String, String)>,
}

/// The comparable kommuner of every area that declares them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Comparable {
    /// By area, kommun and rank.
    pub rows: Vec<Similar>,
    /// Kommuner without a group, by area and kommun.
    pub incomplete: Vec<Incomplete>,
    /// Areas without groups in this release, by area.
    pub skipped: Vec<Skipped>,
}

impl Comparable {
    /// The comparable kommuner of `kommun` in `area`, nearest first (empty without a group).
    pub fn group(&self, area: &str, kommun: &str) -> Vec<&str> {
        let start = self
            .rows
            .partition_point(|r| (r.area.as_str(), r.kommun.as_str()) < (area, kommun));
        self.rows[start..]
            .iter()
            .take_while(|r| r.area == area && r.kommun == kommun)
            .map(|r| r.similar.as_str())
            .collect()
    }

    /// The areas with groups, in order.
    pub fn areas(&self) -> Vec<&str> {
        let mut areas: Vec<&str> = self.rows.iter().map(|r| r.area.as_str()).collect();
        areas.dedup();
        areas
    }
}

/// Computes the comparable kommuner of every area of `release` that declares `[comparable]`, from
/// the nyckeltal's published kommun values in the release year.
///
/// An area whose nyckeltal include one of an area the release does not publish gets no groups
/// and is listed in [`Comparable::skipped`]: analysis reads published values only.
///
/// # Errors
/// When a nyckeltal of a published area has no kommun value at all that year: the results were
/// not computed for this release, or the nyckeltal is never published per kommun.
pub fn comparable(
    manifest: &Manifest,
    release: &Release,
    results: &ResultTable,
) -> Result<Comparable, AnalysisError> {
    let mut out = Comparable::default();
    let kommuner: Vec<String> = Geography::builtin()
        .kommuner_valid_in(u16::try_from(release.year).unwrap_or(0))
        .map(|k| k.code.to_string())
        .collect();
    let kommuner: Vec<&str> = kommuner.iter().map(String::as_str).collect();
    let index = Index::new(results, &[GeoLevel::Kommun], |id| {
        manifest
            .areas
            .iter()
            .filter_map(|a| a.comparable.as_ref())
            .any(|c| c.nyckeltal.iter().any(|n| n == id))
    });
    for area in manifest
        .areas
        .iter()
        .filter(|a| release.areas.contains(&a.id))
    {
        let Some(declared) = &area.comparable else {
            continue;
        };
        let unpublished: Vec<(String, String)> = declared
            .nyckeltal
            .iter()
            .filter_map(|n| {
                let of = manifest.indicator(n)?;
                (!release.areas.contains(&of.area)).then(|| (n.clone(), of.area.clone()))
            })
            .collect();
        if !unpublished.is_empty() {
            out.skipped.push(Skipped {
                area: area.id.clone(),
                missing: unpublished,
            });
            continue;
        }
        area_groups(
            &area.id,
            declared,
            release.year,
            &kommuner,
            &index,
            &mut out,
        )?;
    }
    Ok(out)
}

fn area_groups(
    area: &str,
    declared: &Declared,
    year: i32,
    kommuner: &[&str],
    index: &Index<'_>,
    out: &mut Comparable,
) -> Result<(), AnalysisError> {
    for n in &declared.nyckeltal {
        let any = kommuner
            .iter()
            .any(|k| index.at(n, year, GeoLevel::Kommun, k, Kon::T).is_some());
        if !any {
            return Err(AnalysisError {
                location: format!("{}:{}", declared.location.file, declared.location.line),
                message: format!(
                    "nyckeltal `{n}` of area `{area}` has no kommun values for {year}"
                ),
                help: "compute the release's results first (the nyckeltal is computed with the area); check that it is published per kommun".into(),
            });
        }
    }
    let mut codes: Vec<&str> = Vec::new();
    let mut rows: Vec<Vec<f64>> = Vec::new();
    for kommun in kommuner {
        let mut row = Vec::with_capacity(declared.nyckeltal.len());
        let mut missing = Vec::new();
        for n in &declared.nyckeltal {
            let value = index
                .at(n, year, GeoLevel::Kommun, kommun, Kon::T)
                .and_then(published::value);
            let value = if declared.log.contains(n) {
                value.filter(|v| *v > 0.0).map(f64::ln)
            } else {
                value
            };
            match value {
                Some(v) => row.push(v),
                None => missing.push(n.clone()),
            }
        }
        if missing.is_empty() {
            codes.push(*kommun);
            rows.push(row);
        } else {
            out.incomplete.push(Incomplete {
                area: area.to_string(),
                kommun: (*kommun).to_string(),
                missing,
            });
        }
    }
    let z = standardise(&rows);
    let neighbours = nearest(&z, &codes, declared.k);
    let mut area_rows: Vec<Similar> = Vec::new();
    for (i, near) in neighbours.iter().enumerate() {
        for (rank, n) in near.iter().enumerate() {
            area_rows.push(Similar {
                area: area.to_string(),
                kommun: codes[i].to_string(),
                year,
                similar: codes[n.index].to_string(),
                rank: u32::try_from(rank + 1).unwrap_or(u32::MAX),
                distance: n.distance,
            });
        }
    }
    area_rows.sort_by(|a, b| (&a.kommun, a.rank).cmp(&(&b.kommun, b.rank)));
    out.rows.extend(area_rows);
    out.rows
        .sort_by(|a, b| (&a.area, &a.kommun, a.rank).cmp(&(&b.area, &b.kommun, b.rank)));
    Ok(())
}
