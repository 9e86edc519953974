//! The decimals figures are published with.
//!
//! An indicator declares how many decimals its values show (`decimals`); a disclosure policy
//! may cap the decimals of shares and rates (`published_decimals`), "so a numerator cannot be
//! recovered from a share and its denominator". Disclosure control reasons with that cap, so
//! the cap must hold wherever a figure is published: in the workbooks *and* in Parquet, whose
//! `value` would otherwise give every digit away.
//!
//! **In:** the checked definitions and the release. **Out:** the definitions as published
//! ([`as_published`]: every share and rate's `decimals` capped by its policy) and result rows
//! rounded to them ([`round_values`]): value and interval, half away from zero, as the workbook
//! shows them. Counts (numerator, denominator, respondents) are whole numbers and stay as they
//! are; means and other measures keep the indicator's own decimals.
//!
//! Rounding happens twice in a run, on purpose: before protection, so that the kommungrupp
//! means (recomputed there from the members' published values) are means of what a reader
//! sees, and again after the comparison groups and intervals are added.

use jamfor_engine::ResultTable;
use jamfor_spec::Manifest;
use jamfor_spec::manifest::{Indicator, Measure, Release};

use crate::colour::published_value;

/// The decimals `indicator` is published with in `release`: its own `decimals`, and for a share
/// or a rate at most the `published_decimals` of the policy it is protected under (its own
/// `disclosure`, else the release's default).
pub fn published_decimals(manifest: &Manifest, release: &Release, indicator: &Indicator) -> u8 {
    if !matches!(
        indicator.measure,
        Measure::Share { .. } | Measure::Rate { .. }
    ) {
        return indicator.decimals;
    }
    let policy = indicator
        .disclosure
        .as_deref()
        .unwrap_or(release.disclosure.as_str());
    let cap = manifest.policy(policy).and_then(|p| p.published_decimals);
    cap.map_or(indicator.decimals, |cap| indicator.decimals.min(cap))
}

/// The definitions as `release` publishes them: every indicator's `decimals` replaced by
/// [`published_decimals`]. Writers, colours and the analysis read decimals from here, so the
/// workbook's number formats, the Parquet values and `indicators.parquet` agree.
pub fn as_published(manifest: &Manifest, release: &Release) -> Manifest {
    let mut published = manifest.clone();
    for (indicator, original) in published.indicators.iter_mut().zip(&manifest.indicators) {
        indicator.decimals = published_decimals(manifest, release, original);
    }
    published
}

/// Rounds every row's value and interval to its indicator's decimals in `manifest` (give it
/// [`as_published`]). Rows of indicators `manifest` does not know are left as they are.
pub fn round_values(manifest: &Manifest, results: &mut ResultTable) {
    let mut last: Option<(&str, u8)> = None;
    for row in &mut results.rows {
        // Rows come grouped by indicator: look each one up once.
        let decimals = match last {
            Some((id, d)) if id == row.indicator => Some(d),
            _ => manifest.indicator(&row.indicator).map(|i| {
                last = Some((i.id.as_str(), i.decimals));
                i.decimals
            }),
        };
        let Some(decimals) = decimals else {
            continue;
        };
        for figure in [&mut row.value, &mut row.ci_low, &mut row.ci_high] {
            if let Some(v) = figure.as_mut().filter(|v| v.is_finite()) {
                *v = published_value(*v, decimals);
            }
        }
    }
}
