//! A release computed: for every year, each source read once and all its partial sums computed in
//! one pass (sources side by side), then every indicator evaluated at every level.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use jamfor_spec::keywords::{Level, Role};
use jamfor_spec::manifest::{Breakdown, Indicator, Manifest, Release};

use crate::error::DataError;
use crate::files::Files;
use crate::groups;
use crate::measure::{self, Inputs};
use crate::needs;
use crate::parallel;
use crate::partials::{Keys, Request};
use crate::result::{DroppedRows, GeoLevel, ResultRow, ResultTable};
use crate::rollup::Grain;
use crate::scan::{self, Scan};

/// The indicators a release computes — those of its areas, the nyckeltal of their comparable
/// kommuner and those they reuse — with every referenced indicator before the indicators
/// referring to it.
pub fn indicators_of<'m>(manifest: &'m Manifest, release: &Release) -> Vec<&'m Indicator> {
    let mut ordered: Vec<&Indicator> = Vec::new();
    let visit = |start: &'m Indicator, ordered: &mut Vec<&'m Indicator>| {
        // References form no cycles (checked), so a depth-first post-order is a valid order.
        let mut stack = vec![(start, false)];
        while let Some((indicator, expanded)) = stack.pop() {
            if ordered.iter().any(|i| i.id == indicator.id) {
                continue;
            }
            if expanded {
                ordered.push(indicator);
                continue;
            }
            stack.push((indicator, true));
            for reference in indicator.measure.references() {
                if let Some(target) = manifest.indicator(reference) {
                    stack.push((target, false));
                }
            }
        }
    };
    // The nyckeltal defining a published area's comparable kommuner are computed even when they
    // belong to an area the release does not publish.
    let nyckeltal: Vec<&str> = manifest
        .areas
        .iter()
        .filter(|a| release.areas.contains(&a.id))
        .filter_map(|a| a.comparable.as_ref())
        .flat_map(|c| c.nyckeltal.iter().map(String::as_str))
        .collect();
    for indicator in manifest
        .indicators
        .iter()
        .filter(|i| release.areas.contains(&i.area) || nyckeltal.contains(&i.id.as_str()))
    {
        visit(indicator, &mut ordered);
    }
    ordered
}

fn grain(indicator: &Indicator) -> Grain {
    let levels = indicator
        .levels
        .iter()
        .filter_map(|l| match l {
            Level::Kommun => Some(GeoLevel::Kommun),
            Level::Lan => Some(GeoLevel::Lan),
            Level::Riket => Some(GeoLevel::Riket),
            Level::Stadsdel => Some(GeoLevel::Stadsdel),
            Level::Enhet => Some(GeoLevel::Enhet),
            // Derived from the kommun cells afterwards.
            Level::Kommungrupp => None,
        })
        .collect();
    let mut levels: Vec<GeoLevel> = levels;
    if indicator.levels.contains(&Level::Kommungrupp) && !levels.contains(&GeoLevel::Kommun) {
        levels.push(GeoLevel::Kommun);
    }
    Grain {
        levels,
        by_kon: indicator.breakdown.contains(&Breakdown::Kon),
        ages: indicator.age_groups.clone(),
    }
}

pub(crate) fn path<'r>(
    release: &'r Release,
    source: &str,
    year: i32,
) -> Result<&'r str, DataError> {
    release
        .inputs
        .get(source)
        .and_then(|by_year| by_year.get(&year))
        .map(String::as_str)
        .ok_or_else(|| {
            DataError::file(
                &release.location.file,
                format!("no file of source `{source}` for {year}"),
            )
            .help(format!("add `[inputs.{source}]` to the release"))
        })
}

/// Computes every indicator of `release` for every year.
///
/// # Errors
/// The first data problem met, naming file, line and column.
pub fn run(manifest: &Manifest, release: &Release, root: &Path) -> Result<ResultTable, DataError> {
    run_observed(manifest, release, root, &mut |_| {})
}

/// [`run`], calling `year_done` after each year is computed (for progress bars and logs).
///
/// # Errors
/// The first data problem met, naming file, line and column.
pub fn run_observed(
    manifest: &Manifest,
    release: &Release,
    root: &Path,
    year_done: &mut dyn FnMut(i32),
) -> Result<ResultTable, DataError> {
    run_indicators(
        manifest,
        release,
        root,
        &indicators_of(manifest, release),
        year_done,
    )
}

/// [`run_observed`] for some of the release's indicators: those named in `only` and every
/// indicator they reference (a composite is computed from its parts' cells, so the parts are
/// computed too and their rows returned). Sources no such indicator reads are not read at all,
/// so `dropped` lists only the sources read. Each indicator's rows equal those of a full run:
/// an indicator is evaluated from its own partial sums and references only.
///
/// # Errors
/// The first data problem met, naming file, line and column.
pub fn run_selected(
    manifest: &Manifest,
    release: &Release,
    root: &Path,
    only: &BTreeSet<String>,
    year_done: &mut dyn FnMut(i32),
) -> Result<ResultTable, DataError> {
    let indicators = selected(manifest, release, only);
    run_indicators(manifest, release, root, &indicators, year_done)
}

/// What [`run_selected`] computes for `only`: those of the release's indicators named in it and
/// every indicator they reference, references first.
pub fn selected<'m>(
    manifest: &'m Manifest,
    release: &Release,
    only: &BTreeSet<String>,
) -> Vec<&'m Indicator> {
    let mut wanted: BTreeSet<&str> = only.iter().map(String::as_str).collect();
    let mut stack: Vec<&str> = wanted.iter().copied().collect();
    while let Some(id) = stack.pop() {
        let Some(indicator) = manifest.indicator(id) else {
            continue;
        };
        for reference in indicator.measure.references() {
            if wanted.insert(reference) {
                stack.push(reference);
            }
        }
    }
    // `indicators_of` puts references first; keeping its order keeps that.
    indicators_of(manifest, release)
        .into_iter()
        .filter(|i| wanted.contains(i.id.as_str()))
        .collect()
}

fn run_indicators(
    manifest: &Manifest,
    release: &Release,
    root: &Path,
    indicators: &[&Indicator],
    year_done: &mut dyn FnMut(i32),
) -> Result<ResultTable, DataError> {
    let mut table = ResultTable::default();
    let years = release.years();
    let mut files = Files::new(&needs::of(indicators), &years);
    for year in years {
        run_year(
            manifest, release, root, indicators, year, &mut table, &mut files,
        )?;
        year_done(year);
    }
    table
        .rows
        .sort_by(|a, b| (&a.indicator, a.year, &a.key).cmp(&(&b.indicator, b.year, &b.key)));
    Ok(table)
}

fn run_year(
    manifest: &Manifest,
    release: &Release,
    root: &Path,
    indicators: &[&Indicator],
    year: i32,
    table: &mut ResultTable,
    files: &mut Files,
) -> Result<(), DataError> {
    // 1. Every additive quantity of every indicator, by unit (a source read for a year).
    let mut requests: BTreeMap<String, Vec<Request>> = BTreeMap::new();
    for indicator in indicators {
        for r in measure::requests(indicator, year, &release.location.file)? {
            requests.entry(r.source).or_default().push(r.request);
        }
    }

    // 2. Every file read once per run (see `files`), then every unit scanned once, all its
    // partial sums computed in one pass. Its rows are kept only for the indicators that compute
    // from rows (distinct counts, medians), and only the columns indicators read: a national
    // register is most of the memory a run takes. Units are independent, so they are scanned
    // on two threads, the largest first.
    let needs = needs::of(indicators);
    for read in files.prepare(manifest, release, root, &needs, year)? {
        for d in read.dropped {
            table.dropped.push(DroppedRows {
                source: read.source.clone(),
                year: read.year,
                reason: d.reason,
                rows: d.rows,
            });
        }
    }
    let mut jobs: Vec<(String, scan::Unit<'_>, usize)> = Vec::new();
    for (key, need) in &needs {
        let Some(source) = manifest.source(&need.source) else {
            continue;
        };
        let file = path(release, &need.source, year + need.offset)?;
        let Some(rows) = files.get(&need.source, year + need.offset) else {
            continue;
        };
        let size = rows.height();
        let window = need
            .window_offsets()
            .into_iter()
            .filter_map(|offset| {
                let y = year + offset;
                files.get(&need.source, y).map(|frame| (y, frame))
            })
            .collect();
        let unit = scan::Unit {
            source,
            year: year + need.offset,
            measure_year: year,
            file,
            rows,
            window,
        };
        jobs.push((key.clone(), unit, size));
    }
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&j| std::cmp::Reverse(jobs[j].2));
    let scans = parallel::map(&order, parallel::threads(2), |&j| {
        let (key, unit, _) = &jobs[j];
        let source = unit.source;
        let wants = |level: Level| {
            indicators
                .iter()
                .any(|i| i.sources().contains(&source.id.as_str()) && i.levels.contains(&level))
        };
        let keys = Keys {
            kon: source.role(Role::Kon).is_some(),
            alder: source.role(Role::Alder).is_some(),
            enhet: source.role(Role::Enhet).is_some() && wants(Level::Enhet),
            stadsdel: source.role(Role::Stadsdel).is_some() && wants(Level::Stadsdel),
        };
        let list = requests.get(key).map(Vec::as_slice).unwrap_or_default();
        scan::scan(unit, needs.get(key), list, &keys)
    });
    // Back in unit order, so that the first problem reported is the same in every run.
    let mut scans: Vec<(usize, Result<Scan, DataError>)> = order.into_iter().zip(scans).collect();
    scans.sort_by_key(|(j, _)| *j);
    let shared = measure::Shared::default();
    let families: BTreeMap<String, jamfor_spec::keywords::Family> = manifest
        .sources
        .iter()
        .map(|s| (s.id.clone(), s.family))
        .collect();
    let mut frames: BTreeMap<String, polars::prelude::DataFrame> = BTreeMap::new();
    let mut partials = BTreeMap::new();
    for (j, scan) in scans {
        let scan = scan?;
        let (key, _, _) = &jobs[j];
        for (column, persons) in scan.persons {
            shared.add_persons(key, &column, persons);
        }
        place_enheter(&scan.partials.slots, &mut table.enheter);
        partials.insert(key.clone(), scan.partials);
        if let Some(frame) = scan.frame {
            frames.insert(key.clone(), frame);
        }
    }

    // 3. Every indicator. Each is computed from its own partial sums and rows (a reference is
    // evaluated again at the referring indicator's grain), so they are independent and computed
    // on two threads; their rows are added in the indicators' order.
    let evaluated = parallel::map(indicators, parallel::threads(2), |indicator| {
        let grain = grain(indicator);
        let file = indicator
            .sources()
            .first()
            .and_then(|s| path(release, s, year).ok())
            .unwrap_or(&release.location.file);
        let inputs = Inputs {
            frames: &frames,
            partials: &partials,
            indicators,
            year,
            file,
            families: &families,
            shared: &shared,
        };
        let mut cells = measure::evaluate(indicator, &grain, &inputs)?;
        if indicator.levels.contains(&Level::Kommungrupp) {
            groups::add_kommungrupper(&mut cells);
        }
        Ok::<_, DataError>((grain, cells))
    });
    for (indicator, evaluated) in indicators.iter().zip(evaluated) {
        let (grain, cells) = evaluated?;
        let published: Vec<GeoLevel> = grain
            .levels
            .iter()
            .copied()
            .filter(|l| *l != GeoLevel::Kommun || indicator.levels.contains(&Level::Kommun))
            .chain(
                indicator
                    .levels
                    .contains(&Level::Kommungrupp)
                    .then_some(GeoLevel::Kommungrupp),
            )
            .collect();
        for (key, cell) in cells {
            if !published.contains(&key.level) {
                continue;
            }
            table.rows.push(ResultRow {
                indicator: indicator.id.clone(),
                year,
                status: cell.status_or_value(),
                value: cell.value,
                numerator: cell.numerator,
                denominator: cell.denominator,
                units: cell.units,
                ci_low: cell.ci.map(|c| c.0),
                ci_high: cell.ci.map(|c| c.1),
                key,
            });
        }
    }
    Ok(())
}

/// Records the kommun of every enhet the slots met (years are run in order, so a later year's
/// kommun replaces an earlier one's).
fn place_enheter(slots: &crate::slots::Slots, enheter: &mut BTreeMap<String, String>) {
    for (enhet, kommun) in slots.enhet.iter().zip(&slots.kommun) {
        if let (Some(e), Some(k)) = (enhet, slots.kommuner.get(*kommun as usize))
            && let Some(id) = slots.enheter.get(*e as usize)
        {
            enheter.insert(id.clone(), k.clone());
        }
    }
}
