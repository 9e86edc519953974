//! Checks of a cell key policy: its perturbation table and the secret's environment variable.
//!
//! The table is checked by the disclosure crate's own rules (originals 0, 1, 2, … in order,
//! probabilities adding up to one, no bias, nothing published below the threshold), so `check`
//! refuses exactly the tables a run would; here each finding is pointed at the entry it is
//! about.

use jamfor_disclosure::{PARTS, PerturbationRow, PerturbationTable, TableError};

use crate::diagnostic::Diagnostic;
use crate::keywords::{Method, ZeroPolicy};
use crate::manifest::CellKeyRules;
use crate::raw::policy::{PerturbationSpec, PolicySpec};
use crate::rule::Rule;

use super::Resolver;

/// The cell key rules of `p`, or `None` for a suppression policy (and for a broken table,
/// which is reported).
pub(super) fn resolve(
    r: &mut Resolver<'_>,
    p: &PolicySpec,
    min_count: u64,
) -> Option<CellKeyRules> {
    if p.method.value != Method::CellKey {
        for (present, key) in [
            (p.perturbation.as_ref().map(|_| p.span), "perturbation"),
            (p.seed_env.as_ref().map(|s| s.span), "seed_env"),
        ] {
            if let Some(span) = present {
                r.report(
                    Diagnostic::new(
                        Rule::InvalidValue,
                        span,
                        format!("`{key}` belongs to the cell key method"),
                    )
                    .related(p.method.span, "this policy suppresses")
                    .help(format!(
                        "remove `{key}`, or write `method = \"cell_key\"` to perturb instead"
                    )),
                );
            }
        }
        return None;
    }
    if let Some(level) = &p.protection_percent {
        r.report(
            Diagnostic::new(
                Rule::InvalidValue,
                level.span,
                "`protection_percent` belongs to suppression",
            )
            .label("the cell key method withholds nothing, so there is no interval to protect")
            .help("remove it; the perturbation table decides how uncertain a count is"),
        );
    }
    if let Some(z) = p.zeros.as_ref().filter(|z| z.value == ZeroPolicy::Suppress) {
        r.report(
            Diagnostic::new(
                Rule::InvalidValue,
                z.span,
                "the cell key method publishes every count, zeros too",
            )
            .help("remove `zeros`, or let the table publish 0 as other values"),
        );
    }
    let seed_env = match &p.seed_env {
        Some(name) if valid_env_name(&name.value) => Some(name.value.clone()),
        Some(name) => {
            r.report(
                Diagnostic::new(
                    Rule::InvalidValue,
                    name.span,
                    format!("`{}` is not an environment variable name", name.value),
                )
                .label("write the variable's name, never the secret itself")
                .help("use capitals, digits and `_`, e.g. `seed_env = \"JAMFOR_CELL_KEY_SEED\"`"),
            );
            None
        }
        None => {
            missing(r, p, "seed_env", "seed_env = \"JAMFOR_CELL_KEY_SEED\"");
            None
        }
    };
    let Some(entries) = &p.perturbation else {
        missing(
            r,
            p,
            "perturbation",
            "[[policy.perturbation]] entries with `original`, `published` and `probability`",
        );
        return None;
    };
    let table = table(r, entries, min_count)?;
    Some(CellKeyRules {
        table,
        seed_env: seed_env?,
    })
}

fn missing(r: &mut Resolver<'_>, p: &PolicySpec, key: &str, example: &str) {
    r.report(
        Diagnostic::new(
            Rule::MissingField,
            p.method.span,
            format!("a cell key policy needs `{key}`"),
        )
        .help(format!("add {example}")),
    );
}

fn valid_env_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_uppercase() || c == '_')
        && chars.all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
}

fn table(
    r: &mut Resolver<'_>,
    entries: &[PerturbationSpec],
    min_count: u64,
) -> Option<PerturbationTable> {
    let mut rows = Vec::with_capacity(entries.len());
    let mut broken = false;
    for e in entries {
        match row(e) {
            Ok(row) => rows.push(row),
            Err(d) => {
                r.report(d);
                broken = true;
            }
        }
    }
    if broken {
        return None;
    }
    match PerturbationTable::new(rows, min_count) {
        Ok(table) => Some(table),
        Err(e) => {
            let about = match &e {
                TableError::Empty => None,
                TableError::Gap { found, .. } => Some(*found),
                TableError::NotOne { original, .. }
                | TableError::Biased { original }
                | TableError::BelowThreshold { original, .. }
                | TableError::LastRowTooLow { original, .. } => Some(*original),
            };
            let span = entries
                .iter()
                .find(|x| u64::try_from(x.original.value).ok() == about)
                .map_or_else(
                    || entries.first().map(|x| x.span),
                    |x| Some(x.original.span),
                );
            if let Some(span) = span {
                r.report(Diagnostic::new(Rule::InvalidValue, span, e.to_string()).help(help(&e)));
            }
            None
        }
    }
}

fn help(e: &TableError) -> &'static str {
    match e {
        TableError::Empty | TableError::Gap { .. } => {
            "list one entry for every count from 0 up, in order"
        }
        TableError::NotOne { .. } => "make the probabilities of the entry add up to 1",
        TableError::Biased { .. } => {
            "choose probabilities so that Σ probability × (published − original) = 0"
        }
        TableError::BelowThreshold { .. } => {
            "publish small counts as 0 or as at least min_count, with probabilities that keep the mean"
        }
        TableError::LastRowTooLow { .. } => {
            "add entries until the last one's published values are all at least min_count"
        }
    }
}

/// One entry as a row of the disclosure crate's table, probabilities in parts per billion.
fn row(e: &PerturbationSpec) -> Result<PerturbationRow, Diagnostic> {
    let count = |v: i64, span| {
        u64::try_from(v).map_err(|_| {
            Diagnostic::new(Rule::InvalidValue, span, "a count cannot be negative")
                .label(format!("{v} is below 0"))
        })
    };
    let original = count(e.original.value, e.original.span)?;
    if e.published.len() != e.probability.len() {
        return Err(Diagnostic::new(
            Rule::InvalidValue,
            e.span,
            format!(
                "{} published values but {} probabilities",
                e.published.len(),
                e.probability.len()
            ),
        )
        .help("give one probability for every published value, in the same order"));
    }
    let mut outcomes = Vec::with_capacity(e.published.len());
    for (j, p) in e.published.iter().zip(&e.probability) {
        if !(0.0..=1.0).contains(&p.value) {
            return Err(Diagnostic::new(
                Rule::InvalidValue,
                p.span,
                "a probability lies between 0 and 1",
            )
            .label(format!("{} is out of range", p.value)));
        }
        let parts = (p.value * f64::from(PARTS)).round() as u32;
        outcomes.push((count(j.value, j.span)?, parts));
    }
    // Rounding each probability to a part per billion can leave the sum a few parts off one;
    // the largest outcome absorbs that, so a table written with 1/3 as 0.3333333333 is one.
    let total: i64 = outcomes.iter().map(|&(_, p)| i64::from(p)).sum();
    let off = i64::from(PARTS) - total;
    if off != 0
        && off.unsigned_abs() <= outcomes.len() as u64
        && let Some(largest) = outcomes.iter_mut().max_by_key(|(_, p)| *p)
    {
        largest.1 = u32::try_from(i64::from(largest.1) + off).unwrap_or(largest.1);
    }
    Ok(PerturbationRow { original, outcomes })
}
