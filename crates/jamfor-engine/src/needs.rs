//! What the indicators of a release need from each source: the declared columns they read (the
//! rest is checked when read, then not kept), and whether the rows are needed after the partial
//! sums (distinct counts and medians are computed from rows; everything else from the sums).

use std::collections::{BTreeMap, BTreeSet};

use jamfor_spec::expr::Condition;
use jamfor_spec::manifest::{Count, Indicator, Measure};

/// One source's needs.
#[derive(Debug, Default)]
pub(crate) struct Needs {
    /// Declared columns read by some indicator.
    pub(crate) columns: BTreeSet<String>,
    /// Whether some indicator computes from the rows rather than the partial sums.
    pub(crate) rows: bool,
    /// Columns whose distinct values some indicator counts (person ids).
    pub(crate) distinct: BTreeSet<String>,
    /// Declared columns read from the rows after the scan: the conditions of distinct counts
    /// and medians, and the columns medians are taken of. Person ids are numbered during the
    /// scan and not needed after it (in a national register they are half the memory kept).
    pub(crate) after_scan: BTreeSet<String>,
}

/// The needs of `indicators`, by source id.
pub(crate) fn of(indicators: &[&Indicator]) -> BTreeMap<String, Needs> {
    let mut out: BTreeMap<String, Needs> = BTreeMap::new();
    let mut distincts: Vec<(&String, &String)> = Vec::new();
    let mut after_scan: Vec<(&String, Vec<&String>)> = Vec::new();
    let mut add =
        |source: &str, columns: &[&str], conditions: &[Option<&Condition>], rows: bool| {
            let needs = out.entry(source.to_string()).or_default();
            needs.rows |= rows;
            needs
                .columns
                .extend(columns.iter().map(|c| (*c).to_string()));
            for condition in conditions.iter().flatten() {
                needs.columns.extend(condition.columns.iter().cloned());
            }
        };
    for indicator in indicators {
        let counts = match &indicator.measure {
            Measure::Count(c) => vec![c],
            Measure::Share {
                numerator,
                denominator,
            }
            | Measure::Rate {
                numerator,
                denominator,
                ..
            } => vec![numerator, denominator],
            _ => Vec::new(),
        };
        for c in counts {
            if let Count::Source {
                source,
                filter,
                sum,
                distinct,
            } = c
            {
                let columns: Vec<&str> = sum.iter().chain(distinct).map(String::as_str).collect();
                add(source, &columns, &[filter.as_ref()], distinct.is_some());
                if let Some(column) = distinct {
                    distincts.push((source, column));
                    after_scan.push((source, filter.iter().flat_map(|f| &f.columns).collect()));
                }
            }
        }
        match &indicator.measure {
            Measure::Count(_) | Measure::Share { .. } | Measure::Rate { .. } => {}
            Measure::Mean {
                source,
                column,
                filter,
            } => add(source, &[column], &[filter.as_ref()], false),
            Measure::Median {
                source,
                column,
                filter,
            } => {
                add(source, &[column], &[filter.as_ref()], true);
                let mut columns: Vec<&String> = filter.iter().flat_map(|f| &f.columns).collect();
                columns.push(column);
                after_scan.push((source, columns));
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
            } => add(source, &[], &[Some(yes), answered.as_ref()], false),
            Measure::Index {
                source,
                items,
                answered,
            } => {
                let mut conditions: Vec<Option<&Condition>> =
                    items.iter().map(|(c, _)| Some(c)).collect();
                conditions.push(answered.as_ref());
                add(source, &[], &conditions, false);
            }
            Measure::SurveyShare {
                source,
                filter,
                positive,
                answered,
                ..
            } => add(
                source,
                &[],
                &[filter.as_ref(), Some(positive), answered.as_ref()],
                false,
            ),
            Measure::ResponseRate {
                source,
                filter,
                responded,
            } => add(source, &[], &[filter.as_ref(), Some(responded)], false),
        }
    }
    for (source, columns) in after_scan {
        out.entry(source.clone())
            .or_default()
            .after_scan
            .extend(columns.into_iter().cloned());
    }
    for (source, column) in distincts {
        out.entry(source.clone())
            .or_default()
            .distinct
            .insert(column.clone());
    }
    out
}
