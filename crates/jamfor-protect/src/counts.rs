//! The counts a result row publishes, and the identity that makes a count one node.
//!
//! A row publishes its numerator, denominator and units next to its value, so every one of
//! those is a published count. Two rows publish the *same* count when they count the same rows
//! of the same source in the same way: a `{ indicator = … }` reference resolves to the count it
//! names, and two indicators writing the same `source`, `where`, `distinct`/`sum` get one
//! [`CountId`]. Conditions are compared as written (sorted), so equal counts spelt differently
//! are two nodes; that is the safe direction only when their cells never differ, which the
//! engine guarantees for equal text.

use std::fmt;

use jamfor_spec::keywords::Family;
use jamfor_spec::manifest::{Count, Indicator, Manifest, Measure};

use super::error::ProtectError;

/// What is counted.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Tally {
    /// Rows.
    Rows,
    /// Distinct values of a column (persons).
    Distinct(String),
    /// The sum of a column.
    Sum(String),
}

/// A count's identity: source, what is counted, and the conditions (as written, sorted).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct CountId {
    pub(crate) source: String,
    pub(crate) tally: Tally,
    pub(crate) conditions: Vec<String>,
}

impl CountId {
    fn new(source: &str, tally: Tally, conditions: &[Option<&str>]) -> Self {
        let mut conditions: Vec<String> =
            conditions.iter().flatten().map(|c| c.to_string()).collect();
        conditions.sort();
        conditions.dedup();
        CountId {
            source: source.to_string(),
            tally,
            conditions,
        }
    }
}

impl fmt::Display for CountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.source)?;
        match &self.tally {
            Tally::Rows => write!(f, "rows")?,
            Tally::Distinct(c) => write!(f, "distinct {c}")?,
            Tally::Sum(c) => write!(f, "sum of {c}")?,
        }
        if !self.conditions.is_empty() {
            write!(f, " where {}", self.conditions.join(" AND "))?;
        }
        Ok(())
    }
}

/// How disclosure control treats a count, from its source's family.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Class {
    /// Persons in a register: the threshold and complement rules apply.
    Person,
    /// Respondents of a user survey: the respondents rule applies.
    Survey,
    /// An aggregate another agency publishes (SCB's population by kommun, kön and age): public
    /// already, so never confidential and never a secondary suppression, but a known figure
    /// in the complement rule and the decimals check of the shares built on it.
    Public,
    /// Kommunenkät and enhetsenkät answers: they describe kommuner and units, not people, so
    /// they are not sensitive and take no part in disclosure control.
    Units,
}

impl Class {
    fn of(family: Family) -> Self {
        match family {
            Family::Register => Class::Person,
            Family::Brukarundersokning => Class::Survey,
            Family::Statistik => Class::Public,
            Family::Kommunenkat => Class::Units,
        }
    }

    /// Whether cells of this class can be confidential.
    pub(crate) fn sensitive(self) -> bool {
        matches!(self, Class::Person | Class::Survey)
    }
}

/// Which field of a row a count fills.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Field {
    Numerator,
    Denominator,
    Units,
}

/// Where a survey cell's respondent count comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Respondents {
    /// The count is itself the respondents.
    Own,
    /// The respondents are the row's denominator (a positive-answer count).
    Denominator,
    /// Not a respondent count (a sample size): no respondents rule.
    None,
}

/// One count a row of an indicator publishes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Slot {
    pub(crate) field: Field,
    pub(crate) count: CountId,
    pub(crate) class: Class,
    pub(crate) respondents: Respondents,
}

/// The value a row publishes as a figure built on its counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Figure {
    /// `scale · numerator / denominator`: a share (100) or a rate (per).
    Ratio { per: u64, share: bool },
    /// The count itself.
    Count,
    /// Anything else (means, medians, answers, survey estimates): confidential with its counts.
    Other,
}

/// Every count the rows of `indicator` publish, and how their value is built on them.
pub(crate) fn slots(
    manifest: &Manifest,
    indicator: &Indicator,
) -> Result<(Vec<Slot>, Figure), ProtectError> {
    let class = |source: &str| -> Result<Class, ProtectError> {
        manifest
            .source(source)
            .map(|s| Class::of(s.family))
            .ok_or_else(|| ProtectError::Definition {
                indicator: indicator.id.clone(),
                message: format!("source `{source}` is not declared"),
            })
    };
    let slot = |field, source: &str, tally, conditions: &[Option<&str>], respondents| {
        Ok::<_, ProtectError>(Slot {
            field,
            count: CountId::new(source, tally, conditions),
            class: class(source)?,
            respondents,
        })
    };
    let sql = |c: &Option<jamfor_spec::expr::Condition>| c.as_ref().map(|c| c.sql.clone());
    let out = match &indicator.measure {
        Measure::Count(c) => {
            let mut s = count_slot(manifest, indicator, c, Field::Numerator)?;
            s.respondents = Respondents::Own;
            (vec![s], Figure::Count)
        }
        Measure::Share {
            numerator,
            denominator,
        } => ratio(manifest, indicator, numerator, denominator, 100, true)?,
        Measure::Rate {
            numerator,
            denominator,
            per,
        } => ratio(
            manifest,
            indicator,
            numerator,
            denominator,
            u64::from(*per),
            false,
        )?,
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
            // Taken per person, the units are the persons placed once each (per kommun with
            // `within`): another number than any count of rows or of distinct persons.
            let present = match per_person {
                Some(p) => format!(
                    "PER PERSON {} ({}){}",
                    p.id,
                    value.sql,
                    if p.within_kommun {
                        " WITHIN kommun"
                    } else {
                        ""
                    }
                ),
                None => format!("({}) IS NOT NULL", value.sql),
            };
            let f = sql(filter);
            let s = slot(
                Field::Units,
                source,
                Tally::Rows,
                &[f.as_deref(), Some(&present)],
                Respondents::Own,
            )?;
            (vec![s], Figure::Other)
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
            let a = sql(answered);
            let yes = Some(yes.sql.as_str());
            (
                vec![
                    slot(
                        Field::Numerator,
                        source,
                        Tally::Rows,
                        &[a.as_deref(), yes],
                        Respondents::Denominator,
                    )?,
                    slot(
                        Field::Denominator,
                        source,
                        Tally::Rows,
                        &[a.as_deref()],
                        Respondents::Own,
                    )?,
                    slot(
                        Field::Units,
                        source,
                        Tally::Rows,
                        &[a.as_deref()],
                        Respondents::Own,
                    )?,
                ],
                Figure::Other,
            )
        }
        Measure::Index {
            source, answered, ..
        } => {
            let a = sql(answered);
            (
                vec![slot(
                    Field::Units,
                    source,
                    Tally::Rows,
                    &[a.as_deref()],
                    Respondents::Own,
                )?],
                Figure::Other,
            )
        }
        Measure::SurveyShare {
            source,
            filter,
            positive,
            answered,
            ..
        } => {
            let (f, a) = (sql(filter), sql(answered));
            let pos = Some(positive.sql.as_str());
            (
                vec![
                    slot(
                        Field::Numerator,
                        source,
                        Tally::Rows,
                        &[f.as_deref(), a.as_deref(), pos],
                        Respondents::Denominator,
                    )?,
                    slot(
                        Field::Denominator,
                        source,
                        Tally::Rows,
                        &[f.as_deref(), a.as_deref()],
                        Respondents::Own,
                    )?,
                    slot(
                        Field::Units,
                        source,
                        Tally::Rows,
                        &[f.as_deref(), a.as_deref()],
                        Respondents::Own,
                    )?,
                ],
                Figure::Other,
            )
        }
        Measure::ResponseRate {
            source,
            filter,
            responded,
        } => {
            let f = sql(filter);
            let r = Some(responded.sql.as_str());
            (
                vec![
                    slot(
                        Field::Numerator,
                        source,
                        Tally::Rows,
                        &[f.as_deref(), r],
                        Respondents::Own,
                    )?,
                    // The sample size is design information, not answers.
                    slot(
                        Field::Denominator,
                        source,
                        Tally::Rows,
                        &[f.as_deref()],
                        Respondents::None,
                    )?,
                    slot(
                        Field::Units,
                        source,
                        Tally::Rows,
                        &[f.as_deref(), r],
                        Respondents::Own,
                    )?,
                ],
                Figure::Other,
            )
        }
    };
    Ok(out)
}

fn ratio(
    manifest: &Manifest,
    indicator: &Indicator,
    numerator: &Count,
    denominator: &Count,
    per: u64,
    share: bool,
) -> Result<(Vec<Slot>, Figure), ProtectError> {
    let mut num = count_slot(manifest, indicator, numerator, Field::Numerator)?;
    let mut den = count_slot(manifest, indicator, denominator, Field::Denominator)?;
    num.respondents = if den.class == Class::Survey {
        Respondents::Denominator
    } else {
        Respondents::Own
    };
    den.respondents = Respondents::Own;
    Ok((vec![num, den], Figure::Ratio { per, share }))
}

/// The slot of a `Count`, following `{ indicator = … }` references to the count they name.
fn count_slot(
    manifest: &Manifest,
    indicator: &Indicator,
    count: &Count,
    field: Field,
) -> Result<Slot, ProtectError> {
    let mut current = count;
    // References form no cycles (checked when loading); the bound only guards against a bug.
    for _ in 0..=manifest.indicators.len() {
        match current {
            Count::Indicator(id) => match manifest.indicator(id).map(|i| &i.measure) {
                Some(Measure::Count(c)) => current = c,
                _ => {
                    return Err(ProtectError::Definition {
                        indicator: indicator.id.clone(),
                        message: format!("`{id}` is not a count indicator"),
                    });
                }
            },
            Count::Source {
                source,
                filter,
                sum,
                distinct,
                year,
                person,
            } => {
                let tally = match (distinct, sum) {
                    (Some(c), _) => Tally::Distinct(c.clone()),
                    (None, Some(c)) => Tally::Sum(c.clone()),
                    (None, None) => Tally::Rows,
                };
                let class = manifest
                    .source(source)
                    .map(|s| Class::of(s.family))
                    .ok_or_else(|| ProtectError::Definition {
                        indicator: indicator.id.clone(),
                        message: format!("source `{source}` is not declared"),
                    })?;
                // A count of another year's file, or of persons passing a `having`, is another
                // number than the same count of the year's file.
                let unit = if *year == 0 {
                    source.clone()
                } else {
                    format!("{source}@{year:+}")
                };
                let having = person.as_ref().map(|p| {
                    format!(
                        "HAVING {} OVER {:+}..{:+}{}",
                        p.having.sql,
                        p.window.0,
                        p.window.1,
                        if p.within_kommun {
                            " WITHIN kommun"
                        } else {
                            ""
                        }
                    )
                });
                return Ok(Slot {
                    field,
                    count: CountId::new(
                        &unit,
                        tally,
                        &[filter.as_ref().map(|c| c.sql.as_str()), having.as_deref()],
                    ),
                    class,
                    respondents: Respondents::Own,
                });
            }
        }
    }
    Err(ProtectError::Definition {
        indicator: indicator.id.clone(),
        message: "count references form a cycle".to_string(),
    })
}
