//! Intervals on register shares and rates, from the published counts.
//!
//! **In:** the protected results. **Out:** the same rows, with `ci_low` and `ci_high` set on every
//! published share (Wilson) and rate (exact Poisson) of a kvalitets- or välfärdsindikator at a
//! level whose counts are published (riket, län, kommun, stadsdel, enhet). Survey shares keep the
//! interval the engine estimated. The estimators are in [`jamfor_engine::interval`]; why these,
//! and why not others, in `docs/uncertainty.md`.
//!
//! Runs after disclosure protection and reads nothing but a published row's own numerator and
//! denominator: an interval is then a function of figures every reader has, so it can give back
//! nothing the protection withheld. A confidential row has no counts and gets no interval; a
//! kommungrupp or comparison-group row publishes no counts and gets none either. Background
//! figures (nyckeltal, bakgrundsmått) describe the population itself, not what a service
//! achieved, and get none.

use std::collections::BTreeMap;

use jamfor_engine::interval::{CONFIDENCE, critical_value, poisson, wilson};
use jamfor_engine::{GeoLevel, ResultTable, Status};
use jamfor_spec::keywords::Kind;
use jamfor_spec::manifest::{Indicator, Manifest, Measure};

/// The estimator of an indicator's interval, if it has one made from counts.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Estimator {
    /// A share in percent: Wilson on numerator of denominator.
    Share,
    /// A rate per `per`: exact Poisson on the numerator, the denominator taken as fixed.
    Rate(f64),
}

fn estimator(indicator: &Indicator) -> Option<Estimator> {
    if !matches!(
        indicator.kind,
        Kind::Kvalitetsindikator | Kind::Valfardsindikator
    ) {
        return None;
    }
    match indicator.measure {
        Measure::Share { .. } => Some(Estimator::Share),
        Measure::Rate { per, .. } => Some(Estimator::Rate(f64::from(per))),
        _ => None,
    }
}

/// Sets the 95 % interval of every published register share and rate in `results`.
pub fn add_intervals(manifest: &Manifest, results: &mut ResultTable) {
    let estimators: BTreeMap<&str, Estimator> = manifest
        .indicators
        .iter()
        .filter_map(|i| estimator(i).map(|e| (i.id.as_str(), e)))
        .collect();
    let z = critical_value(CONFIDENCE);
    for row in &mut results.rows {
        if row.status != Status::Value
            || matches!(row.key.level, GeoLevel::Kommungrupp | GeoLevel::Liknande)
            || row.ci_low.is_some()
        {
            continue;
        }
        let Some(estimator) = estimators.get(row.indicator.as_str()) else {
            continue;
        };
        let (Some(x), Some(n)) = (row.numerator, row.denominator) else {
            continue;
        };
        let bounds = match *estimator {
            Estimator::Share => wilson(x, n, z).map(|(l, h)| (100.0 * l, 100.0 * h)),
            Estimator::Rate(per) if n > 0.0 => {
                poisson(x, CONFIDENCE).map(|(l, h)| (l / n * per, h / n * per))
            }
            Estimator::Rate(_) => None,
        };
        if let Some((low, high)) = bounds {
            row.ci_low = Some(low);
            row.ci_high = Some(high);
        }
    }
}

/// Whether an interval is too wide to tell a kommun apart from most others: for a share in
/// percent, wider than 20 percentage points (±10); for any other figure, wider than the value
/// itself (about ±50 %, and any interval around a zero). The workbook marks such results "brett"
/// beside their interval (docs/uncertainty.md).
pub fn wide(indicator: &Indicator, value: f64, low: f64, high: f64) -> bool {
    let width = high - low;
    if indicator.unit == jamfor_spec::keywords::Unit::Procent {
        width > 20.0
    } else {
        width > value.abs()
    }
}
