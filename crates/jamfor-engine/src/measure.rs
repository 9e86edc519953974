//! Each measure in two steps: the additive quantities it asks of its sources (`requests`), and how
//! its cells are computed from the rolled-up sums (`evaluate`). Non-additive parts (distinct
//! persons, medians) are counted from the rows.

use std::collections::BTreeMap;

use jamfor_spec::keywords::Family;
use jamfor_spec::manifest::{Count, Indicator, Measure};
use polars::prelude::*;

use std::sync::{Arc, Mutex, MutexGuard};

use crate::compile::{Years, expression};
use crate::distinct::{self, Persons};
use crate::error::{DataError, internal};
use crate::layout::Layout;
use crate::median;
use crate::needs::unit;
use crate::no_value::Population;
use crate::partials::{Request, all, gather, indicator_of, matching};
use crate::person::{PersonJob, ValueJob};
use crate::read::role;
use crate::result::{CellKey, Status};
use crate::rollup::{Grain, rollup};
use crate::survey;

/// What a measure needs from a source's partial sums.
pub(crate) struct SourceRequest {
    pub(crate) source: String,
    pub(crate) request: Request,
}

/// One computed cell, before it becomes a result row.
#[derive(Debug, Clone, Default)]
pub(crate) struct Cell {
    pub(crate) value: Option<f64>,
    pub(crate) numerator: Option<f64>,
    pub(crate) denominator: Option<f64>,
    pub(crate) units: Option<f64>,
    pub(crate) ci: Option<(f64, f64)>,
    pub(crate) status: Option<Status>,
}

impl Cell {
    fn value(value: f64) -> Self {
        Cell {
            value: Some(value),
            status: Some(Status::Value),
            ..Cell::default()
        }
    }

    fn status(status: Status) -> Self {
        Cell {
            status: Some(status),
            ..Cell::default()
        }
    }

    pub(crate) fn status_or_value(&self) -> Status {
        self.status.unwrap_or(Status::Value)
    }
}

fn name(indicator: &Indicator, slot: &str) -> String {
    format!("{}/{slot}", indicator.id)
}

fn conditions(
    list: &[Option<&jamfor_spec::expr::Condition>],
    years: Years,
    file: &str,
) -> Result<Vec<Expr>, DataError> {
    list.iter()
        .flatten()
        .map(|c| expression(c, years, file))
        .collect()
}

/// The value a mean or median takes per row, and the condition placing each person when it is
/// taken per person (the value was added to the rows while they were scanned).
fn value_of(
    value: &jamfor_spec::expr::Condition,
    filter: Option<&jamfor_spec::expr::Condition>,
    per_person: Option<&jamfor_spec::manifest::PersonValue>,
    years: Years,
    file: &str,
) -> Result<(Expr, Option<Expr>), DataError> {
    Ok(match per_person {
        Some(p) => {
            let job = ValueJob::new(filter, p);
            (
                col(job.value_column.as_str()),
                Some(col(job.placed_column.as_str())),
            )
        }
        None => (expression(value, years, file)?, None),
    })
}

/// The built-in values for rows of the computed year's own files.
fn own(year: i32) -> Years {
    Years {
        measure: year,
        file: Some(year),
    }
}

fn push(
    out: &mut Vec<SourceRequest>,
    source: &str,
    name: String,
    mask: &[Expr],
    value: Option<Expr>,
) {
    out.push(SourceRequest {
        source: source.to_string(),
        request: Request {
            name,
            mask: all(mask),
            value,
        },
    });
}

/// The additive quantities `indicator` needs for `year`, by unit (see [`unit`]).
pub(crate) fn requests(
    indicator: &Indicator,
    year: i32,
    file: &str,
) -> Result<Vec<SourceRequest>, DataError> {
    let mut out = Vec::new();
    let years = own(year);
    let count = |out: &mut Vec<SourceRequest>, slot: &str, c: &Count| -> Result<(), DataError> {
        if let Count::Source {
            source,
            filter,
            sum,
            distinct: None,
            year: offset,
            ..
        } = c
        {
            let read = Years {
                measure: year,
                file: Some(year + offset),
            };
            let keep = conditions(&[filter.as_ref()], read, file)?;
            let value = sum.as_ref().map(|column| {
                dyadic(
                    col(column.as_str())
                        .cast(DataType::Float64)
                        .fill_null(lit(0.0)),
                    SUM_BITS,
                )
            });
            push(
                out,
                &unit(source, *offset),
                name(indicator, slot),
                &keep,
                value,
            );
        }
        Ok(())
    };
    match &indicator.measure {
        Measure::Count(c) => count(&mut out, "n", c)?,
        Measure::Share {
            numerator,
            denominator,
        }
        | Measure::Rate {
            numerator,
            denominator,
            ..
        } => {
            count(&mut out, "num", numerator)?;
            count(&mut out, "den", denominator)?;
        }
        Measure::Mean {
            source,
            value,
            filter,
            per_person,
        }
        | Measure::Median {
            source,
            value,
            filter,
            per_person,
        } => {
            let mut keep = conditions(&[filter.as_ref()], years, file)?;
            let value = value_of(value, filter.as_ref(), per_person.as_ref(), years, file)?;
            keep.extend(value.1);
            // The cases, with or without a value: cases without one are a gap (bortfall), no
            // case at all is a mean that cannot apply.
            push(&mut out, source, name(indicator, "cases"), &keep, None);
            let value = value.0;
            keep.push(value.clone().is_not_null());
            push(&mut out, source, name(indicator, "n"), &keep, None);
            push(
                &mut out,
                source,
                name(indicator, "sum"),
                &keep,
                Some(dyadic(value.cast(DataType::Float64), SUM_BITS)),
            );
        }
        Measure::YesNo {
            source,
            yes,
            answered,
        }
        | Measure::ShareYes {
            source,
            yes,
            answered,
            ..
        } => {
            let answered = conditions(&[answered.as_ref()], years, file)?;
            let mut yes_and = answered.clone();
            yes_and.push(expression(yes, years, file)?);
            push(&mut out, source, name(indicator, "yes"), &yes_and, None);
            push(
                &mut out,
                source,
                name(indicator, "answered"),
                &answered,
                None,
            );
        }
        Measure::Index {
            source,
            items,
            answered,
        } => {
            let answered = conditions(&[answered.as_ref()], years, file)?;
            let mut points = lit(0.0);
            for (when_true, p) in items {
                points = points + indicator_of(expression(when_true, years, file)?) * lit(*p);
            }
            push(
                &mut out,
                source,
                name(indicator, "points"),
                &answered,
                Some(points),
            );
            push(&mut out, source, name(indicator, "units"), &answered, None);
        }
        Measure::SurveyShare {
            source,
            filter,
            positive,
            answered,
            ..
        } => {
            let answered_all = conditions(&[filter.as_ref(), answered.as_ref()], years, file)?;
            let mut positive_all = answered_all.clone();
            positive_all.push(expression(positive, years, file)?);
            // Unweighted when the source declares no weight: every respondent weighs 1.
            let raw = col(role::WEIGHT)
                .cast(DataType::Float64)
                .fill_null(lit(1.0));
            let w = dyadic(raw.clone(), WEIGHT_BITS);
            let w2 = dyadic(raw.clone() * raw, SQUARE_BITS);
            // Every row of a brukarundersökning is a sampled person, whether or not the filter
            // keeps them: nobody sampled makes the share not applicable, sampled persons of
            // whom none answered make it bortfall.
            let sampled = Vec::new();
            for (slot, mask, value) in [
                ("sampled", &sampled, None),
                ("n", &answered_all, None),
                ("npos", &positive_all, None),
                ("w", &answered_all, Some(w.clone())),
                ("wy", &positive_all, Some(w)),
                ("w2", &answered_all, Some(w2.clone())),
                ("w2y", &positive_all, Some(w2)),
            ] {
                push(&mut out, source, name(indicator, slot), mask, value);
            }
        }
        Measure::ResponseRate {
            source,
            filter,
            responded,
        } => {
            let sampled = conditions(&[filter.as_ref()], years, file)?;
            let mut responded_all = sampled.clone();
            responded_all.push(expression(responded, years, file)?);
            push(&mut out, source, name(indicator, "n"), &sampled, None);
            push(
                &mut out,
                source,
                name(indicator, "resp"),
                &responded_all,
                None,
            );
        }
    }
    Ok(out)
}

/// What `evaluate` reads from.
pub(crate) struct Inputs<'a> {
    pub(crate) frames: &'a BTreeMap<String, DataFrame>,
    pub(crate) partials: &'a BTreeMap<String, crate::partials::Partials>,
    /// The release's indicators, for `{ indicator = … }` references.
    pub(crate) indicators: &'a [&'a Indicator],
    pub(crate) year: i32,
    pub(crate) file: &'a str,
    /// The family of every declared source, by id.
    pub(crate) families: &'a BTreeMap<String, Family>,
    /// What the year's indicators share, computed once: distinct counts, layouts, person numbers.
    pub(crate) shared: &'a Shared,
}

/// Computed once per year and shared by every indicator that needs it.
#[derive(Debug, Default)]
pub(crate) struct Shared {
    /// Distinct counts by source, condition, column and grain: a share reusing a count, or two
    /// indicators counting the same persons, compute them once.
    distinct_counts: Mutex<BTreeMap<String, BTreeMap<CellKey, f64>>>,
    /// Medians by source, condition, column and grain.
    medians: Mutex<BTreeMap<String, BTreeMap<CellKey, Option<f64>>>>,
    /// Layouts by source and grain (most indicators of a source share a few grains).
    layouts: Mutex<BTreeMap<String, Arc<Layout>>>,
    /// Person numbers by source and column.
    persons: Mutex<BTreeMap<String, Arc<Persons>>>,
}

/// The guard of a shared map; a thread that panicked holding it left nothing half-written (each
/// insert is one call), so the map is used as it is.
trait LockMap<T> {
    fn lock_map(&self) -> MutexGuard<'_, T>;
}

impl<T> LockMap<T> for Mutex<T> {
    fn lock_map(&self) -> MutexGuard<'_, T> {
        self.lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Shared {
    /// Person numbers of `column` of `source`, numbered while the source was scanned.
    pub(crate) fn add_persons(&self, source: &str, column: &str, persons: Persons) {
        self.persons
            .lock_map()
            .insert(format!("{source}\u{1}{column}"), Arc::new(persons));
    }
}

/// What identifies a computation from the rows: unit, condition, `having`, column and grain.
fn memo_key(
    unit: &str,
    filter: Option<&jamfor_spec::expr::Condition>,
    having: Option<&str>,
    column: &str,
    grain: &Grain,
) -> String {
    format!(
        "{unit}\u{1}{:?}\u{1}{having:?}\u{1}{column}\u{1}{grain:?}",
        filter.map(|f| &f.sql)
    )
}

impl Inputs<'_> {
    fn layout(&self, source: &str, grain: &Grain) -> Option<Arc<Layout>> {
        let partials = self.partials.get(source)?;
        let key = format!("{source}\u{1}{grain:?}");
        let layout = self
            .shared
            .layouts
            .lock_map()
            .entry(key)
            .or_insert_with(|| Arc::new(Layout::new(&partials.slots, grain, self.year)))
            .clone();
        Some(layout)
    }

    /// The population of a cell of `source` without a value: `units` cases, and whether the
    /// source asks every place (a kommunenkät), so that no answer at all is bortfall too.
    fn population(&self, source: &str, units: f64) -> Population {
        Population {
            units,
            asked: self.families.get(source) == Some(&Family::Kommunenkat),
        }
    }

    fn sums(&self, source: &str, columns: &[String], grain: &Grain) -> BTreeMap<CellKey, Vec<f64>> {
        let names: Vec<&str> = columns.iter().map(String::as_str).collect();
        match (self.partials.get(source), self.layout(source, grain)) {
            (Some(p), Some(layout)) => rollup(p, &names, &layout),
            _ => BTreeMap::new(),
        }
    }

    /// The person numbers of `column`, made when `source` was scanned (every distinct column of
    /// every indicator computed is numbered there).
    fn persons(&self, source: &str, column: &str) -> Result<Arc<Persons>, DataError> {
        let key = format!("{source}\u{1}{column}");
        self.shared
            .persons
            .lock_map()
            .get(&key)
            .cloned()
            .ok_or_else(|| {
                DataError::file(
                    self.file,
                    format!("internal error: the persons of `{column}` were not numbered"),
                )
                .help("this is a bug in jamfor; please report it with the release definition")
            })
    }

    /// The rows of `unit` where `filter` holds, `also` holds (a value present, a person's
    /// `having`), read with the built-in values `years`.
    fn rows(
        &self,
        unit: &str,
        filter: Option<&jamfor_spec::expr::Condition>,
        also: Option<Expr>,
        years: Years,
    ) -> Result<Vec<u32>, DataError> {
        let mut keep = conditions(&[filter], years, self.file)?;
        keep.extend(also);
        let frame = &self.frames[unit];
        match all(&keep) {
            Some(mask) => matching(frame, mask, self.file),
            // Not a `lit(true)` mask: a literal is one value, not one per row.
            None => Ok((0..u32::try_from(frame.height()).unwrap_or(u32::MAX)).collect()),
        }
    }

    fn count(
        &self,
        indicator: &Indicator,
        slot: &str,
        c: &Count,
        grain: &Grain,
    ) -> Result<BTreeMap<CellKey, f64>, DataError> {
        match c {
            // The referenced count is evaluated again at this indicator's grain rather than its
            // published cells reused: a count may be broken down further (kön, other age groups)
            // or published at fewer levels than the share built on it, and reusing its cells gave
            // the share cells it does not declare (K and M of a share without kön) and none at
            // the levels the count lacks. The figure is the same: the same partial sums (named
            // after the count) or the same distinct rows.
            Count::Indicator(id) => match self.indicators.iter().find(|i| i.id == *id) {
                Some(target) => match &target.measure {
                    Measure::Count(c) => self.count(target, "n", c, grain),
                    _ => Ok(BTreeMap::new()),
                },
                None => Ok(BTreeMap::new()),
            },
            Count::Source {
                source,
                filter,
                distinct: Some(column),
                year,
                person,
                ..
            } => {
                let unit = unit(source, *year);
                // A person's `having` was computed while the unit was scanned, as a column.
                let having = person
                    .as_ref()
                    .map(|p| PersonJob::new(column, filter.as_ref(), p).column);
                let memo = memo_key(&unit, filter.as_ref(), having.as_deref(), column, grain);
                if let Some(cells) = self.shared.distinct_counts.lock_map().get(&memo) {
                    return Ok(cells.clone());
                }
                let (Some(partials), Some(layout)) =
                    (self.partials.get(&unit), self.layout(&unit, grain))
                else {
                    return Ok(BTreeMap::new());
                };
                let years = Years {
                    measure: self.year,
                    file: Some(self.year + year),
                };
                // A row without a person id has no number and is not counted.
                let rows = self.rows(
                    &unit,
                    filter.as_ref(),
                    having.map(|h| col(h.as_str())),
                    years,
                )?;
                let persons = self.persons(&unit, column)?;
                let cells = distinct::count(&rows, &persons, &partials.slots, &layout);
                self.shared
                    .distinct_counts
                    .lock_map()
                    .insert(memo, cells.clone());
                Ok(cells)
            }
            Count::Source { source, year, .. } => Ok(self
                .sums(&unit(source, *year), &[name(indicator, slot)], grain)
                .into_iter()
                .map(|(k, v)| (k, v[0]))
                .collect()),
        }
    }

    /// Medians of `value` over the rows of `source` where `filter` holds.
    fn medians(
        &self,
        source: &str,
        value: &jamfor_spec::expr::Condition,
        filter: Option<&jamfor_spec::expr::Condition>,
        per_person: Option<&jamfor_spec::manifest::PersonValue>,
        grain: &Grain,
    ) -> Result<BTreeMap<CellKey, Option<f64>>, DataError> {
        let person = per_person.map(|p| ValueJob::new(filter, p).value_column);
        let memo = memo_key(source, filter, person.as_deref(), &value.sql, grain);
        if let Some(cells) = self.shared.medians.lock_map().get(&memo) {
            return Ok(cells.clone());
        }
        let (Some(partials), Some(layout)) =
            (self.partials.get(source), self.layout(source, grain))
        else {
            return Ok(BTreeMap::new());
        };
        let years = own(self.year);
        let (value, placed) = value_of(value, filter, per_person, years, self.file)?;
        let present = value.clone().is_not_null();
        let also = match placed {
            Some(placed) => placed.and(present),
            None => present,
        };
        let rows = self.rows(source, filter, Some(also), years)?;
        let values = self.frames[source]
            .clone()
            .lazy()
            .select([value.cast(DataType::Float64).alias("value")])
            .collect()
            .and_then(|f| f.column("value").cloned())
            .map_err(|e| internal(self.file, "reading the values of a median", &e))?;
        let values = gather(
            values
                .f64()
                .map_err(|e| internal(self.file, "reading the values of a median", &e))?,
            &rows,
        );
        let cells = median::medians(&rows, &values, &partials.slots, &layout);
        self.shared.medians.lock_map().insert(memo, cells.clone());
        Ok(cells)
    }
}

fn ratio(
    num: &BTreeMap<CellKey, f64>,
    den: &BTreeMap<CellKey, f64>,
    scale: f64,
) -> BTreeMap<CellKey, Cell> {
    num.iter()
        .map(|(key, n)| {
            let d = den.get(key).copied().unwrap_or(0.0);
            let mut cell = if d > 0.0 {
                Cell::value(scale * n / d)
            } else {
                Cell::status(Status::NotApplicable)
            };
            cell.numerator = Some(*n);
            cell.denominator = Some(d);
            (key.clone(), cell)
        })
        .collect()
}

/// Cells of `indicator` for every cell of `grain`.
pub(crate) fn evaluate(
    indicator: &Indicator,
    grain: &Grain,
    inputs: &Inputs<'_>,
) -> Result<BTreeMap<CellKey, Cell>, DataError> {
    let slots =
        |names: &[&str]| -> Vec<String> { names.iter().map(|s| name(indicator, s)).collect() };
    let cells = match &indicator.measure {
        Measure::Count(c) => inputs
            .count(indicator, "n", c, grain)?
            .into_iter()
            .map(|(k, n)| {
                let mut cell = Cell::value(n);
                cell.numerator = Some(n);
                (k, cell)
            })
            .collect(),
        Measure::Share {
            numerator,
            denominator,
        } => {
            let n = inputs.count(indicator, "num", numerator, grain)?;
            let d = inputs.count(indicator, "den", denominator, grain)?;
            ratio(&n, &d, 100.0)
        }
        Measure::Rate {
            numerator,
            denominator,
            per,
        } => {
            let n = inputs.count(indicator, "num", numerator, grain)?;
            let d = inputs.count(indicator, "den", denominator, grain)?;
            ratio(&n, &d, f64::from(*per))
        }
        Measure::Mean { source, .. } => inputs
            .sums(source, &slots(&["n", "sum", "cases"]), grain)
            .into_iter()
            .map(|(k, v)| {
                let mut cell = if v[0] > 0.0 {
                    Cell::value(v[1] / v[0])
                } else {
                    Cell::status(inputs.population(source, v[2]).status())
                };
                cell.units = Some(v[0]);
                (k, cell)
            })
            .collect(),
        Measure::Median {
            source,
            value,
            filter,
            per_person,
        } => {
            let medians =
                inputs.medians(source, value, filter.as_ref(), per_person.as_ref(), grain)?;
            let counts = inputs.sums(source, &slots(&["n", "cases"]), grain);
            medians
                .into_iter()
                .map(|(k, m)| {
                    let cases = counts.get(&k).map_or(0.0, |v| v[1]);
                    let mut cell = m.map_or_else(
                        || Cell::status(inputs.population(source, cases).status()),
                        Cell::value,
                    );
                    cell.units = counts.get(&k).map(|v| v[0]);
                    (k, cell)
                })
                .collect()
        }
        Measure::YesNo { source, .. } | Measure::ShareYes { source, .. } => inputs
            .sums(source, &slots(&["yes", "answered"]), grain)
            .into_iter()
            .map(|(k, v)| {
                // A question is asked of every unit: no answer is bortfall.
                let mut cell = if v[1] > 0.0 {
                    Cell::value(100.0 * v[0] / v[1])
                } else {
                    Cell::status(Status::Bortfall)
                };
                cell.numerator = Some(v[0]);
                cell.denominator = Some(v[1]);
                cell.units = Some(v[1]);
                (k, cell)
            })
            .collect(),
        Measure::Index { source, .. } => inputs
            .sums(source, &slots(&["points", "units"]), grain)
            .into_iter()
            .map(|(k, v)| {
                let mut cell = if v[1] > 0.0 {
                    Cell::value(v[0] / v[1])
                } else {
                    Cell::status(Status::Bortfall)
                };
                cell.units = Some(v[1]);
                (k, cell)
            })
            .collect(),
        Measure::SurveyShare {
            source, confidence, ..
        } => {
            let z = survey::critical_value(*confidence);
            inputs
                .sums(
                    source,
                    &slots(&["n", "npos", "w", "wy", "w2", "w2y", "sampled"]),
                    grain,
                )
                .into_iter()
                .map(|(k, v)| {
                    let estimate = survey::Sums {
                        n: v[0],
                        w: v[2],
                        wy: v[3],
                        w2: v[4],
                        w2y: v[5],
                    }
                    .estimate_with(z);
                    let mut cell = match estimate {
                        Some(e) => {
                            let mut cell = Cell::value(100.0 * e.share);
                            cell.ci = Some((100.0 * e.low, 100.0 * e.high));
                            cell
                        }
                        // Sampled persons of whom none answered: bortfall; nobody sampled: `.`.
                        None => Cell::status(
                            Population {
                                units: v[6],
                                asked: false,
                            }
                            .status(),
                        ),
                    };
                    cell.numerator = Some(v[1]);
                    cell.denominator = Some(v[0]);
                    cell.units = Some(v[0]);
                    (k, cell)
                })
                .collect()
        }
        Measure::ResponseRate { source, .. } => inputs
            .sums(source, &slots(&["n", "resp"]), grain)
            .into_iter()
            .map(|(k, v)| {
                // Nobody sampled: a response rate cannot apply.
                let mut cell = if v[0] > 0.0 {
                    Cell::value(100.0 * v[1] / v[0])
                } else {
                    Cell::status(Status::NotApplicable)
                };
                cell.numerator = Some(v[1]);
                cell.denominator = Some(v[0]);
                cell.units = Some(v[1]);
                (k, cell)
            })
            .collect(),
    };
    Ok(cells)
}

/// Sums of fractional values (design weights, amounts in kronor) are added in whatever order
/// polars' threads meet the rows, and floating-point addition is not associative: the last bits
/// of a weighted share could differ between two runs on the same data, and a share exactly at a
/// half could round either way. Each value is therefore snapped to a multiple of 2^-bits first;
/// sums of such values are exact (so independent of order) while they stay below 2^(53 - bits):
/// 2^33 ≈ 8.6·10⁹ for weights (a national population is 10⁷), 2^37 ≈ 1.4·10¹¹ for amounts and
/// 2^43 for squared weights. The snap changes a value by at most 2^-(bits+1).
const WEIGHT_BITS: u32 = 20;
/// See [`WEIGHT_BITS`].
const SUM_BITS: u32 = 16;
/// See [`WEIGHT_BITS`].
const SQUARE_BITS: u32 = 10;

/// `value` rounded to the nearest multiple of 2^-bits, halves away from zero. polars' `round`
/// needs a feature this workspace does not build, and a cast to an integer truncates towards
/// zero, hence the half added to the magnitude first. Values are mostly non-negative (weights,
/// amounts); a column declared `negative = true` is snapped by its magnitude, so that, say, −30
/// stays −30 exactly and a sum with it stays exact.
fn dyadic(value: Expr, bits: u32) -> Expr {
    let scale = f64::from(1u32 << bits);
    let snapped = |magnitude: Expr| {
        ((magnitude * lit(scale) + lit(0.5))
            .cast(DataType::Int64)
            .cast(DataType::Float64))
            / lit(scale)
    };
    when(value.clone().lt(lit(0.0)))
        .then(lit(0.0) - snapped(lit(0.0) - value.clone()))
        .otherwise(snapped(value))
}
