//! Checks of a measure: its sources exist and fit, its columns exist and have the right types, and
//! its conditions parse and type-check against the source schema.

use crate::diagnostic::Diagnostic;
use crate::expr::{self, Condition, Row};
use crate::keywords::{ColumnType, Family, Role};
use crate::manifest::{Count, Measure, PersonFilter, PersonValue};
use crate::raw::measure::{ColumnMeasure, CountSpec, MeasureSpec, SourceCount};
use crate::raw::{Id, IndicatorSpec, SourceSpec};
use crate::rule::Rule;
use crate::span::{Ranged, Span};
use crate::suggest;

use super::Resolver;

/// How far from the indicator's year a count may read.
const MAX_YEARS_AWAY: i32 = 5;

/// Resolves the measure of `i`; also returns the sources it reads directly, for the breakdown and
/// level checks.
pub(super) fn resolve<'s>(
    r: &mut Resolver<'s>,
    i: &'s IndicatorSpec,
) -> (Option<Measure>, Vec<&'s SourceSpec>) {
    let mut m = MeasureResolver {
        sources: Vec::new(),
        failed: false,
    };
    let measure = m.measure(r, i);
    let measure = if m.failed { None } else { measure };
    (measure, m.sources)
}

struct MeasureResolver<'s> {
    sources: Vec<&'s SourceSpec>,
    failed: bool,
}

impl<'s> MeasureResolver<'s> {
    fn source(&mut self, r: &mut Resolver<'s>, id: &Ranged<Id>) -> Option<&'s SourceSpec> {
        if let Some(s) = r.sources.get(id.as_str()).copied() {
            r.used_sources.insert(s.id.as_str());
            if !self.sources.iter().any(|e| e.id == s.id) {
                self.sources.push(s);
            }
            return Some(s);
        }
        self.failed = true;
        if !r.is_broken(id.as_str()) {
            let help = suggest::did_you_mean(id.as_str(), r.sources.keys().copied());
            r.report(
                Diagnostic::new(
                    Rule::UnknownSource,
                    id.span,
                    format!("no source `{}`", id.value),
                )
                .label("not declared in `sources/`")
                .maybe_help(help),
            );
        }
        None
    }

    fn family(
        &mut self,
        r: &mut Resolver<'_>,
        s: &SourceSpec,
        wanted: Family,
        measure: &str,
        span: Span,
    ) {
        if s.family.value != wanted {
            self.failed = true;
            r.report(
                Diagnostic::new(
                    Rule::MeasureFamilyMismatch,
                    span,
                    format!(
                        "`{measure}` needs a `{wanted}` source; `{}` is a `{}` source",
                        s.id.value, s.family.value
                    ),
                )
                .label(format!("not a {wanted} source"))
                .related(s.family.span, "family declared here")
                .help(match s.family.value {
                    Family::Kommunenkat => "for a kommunenkät, use `yes_no`, `share_yes` or `index`",
                    Family::Brukarundersokning => {
                        "for a brukarundersökning, use `survey_share` or `response_rate`"
                    }
                    Family::Register | Family::Statistik => {
                        "for a register or statistik source, use `count`, `share`, `rate`, `mean` or `median`"
                    }
                }),
            );
        }
    }

    fn condition(
        &mut self,
        r: &mut Resolver<'_>,
        s: &SourceSpec,
        text: &Ranged<String>,
    ) -> Option<Condition> {
        let c = expr::check(&r.spec.files, text, s, &r.spec.broken, &mut r.diagnostics);
        if c.is_none() {
            self.failed = true;
        }
        c
    }

    fn opt_condition(
        &mut self,
        r: &mut Resolver<'_>,
        s: &SourceSpec,
        text: Option<&Ranged<String>>,
    ) -> Option<Condition> {
        text.and_then(|t| self.condition(r, s, t))
    }

    /// A column that must exist and, when `numeric`, hold numbers.
    fn column(
        &mut self,
        r: &mut Resolver<'_>,
        s: &SourceSpec,
        name: &Ranged<String>,
        numeric: bool,
        why: &str,
    ) {
        let Some(column) = s.columns.iter().find(|c| c.name.value == name.value) else {
            self.failed = true;
            if !r.is_broken(&name.value) {
                let help = suggest::did_you_mean(
                    &name.value,
                    s.columns.iter().map(|c| c.name.value.as_str()),
                );
                r.report(
                    Diagnostic::new(
                        Rule::UnknownColumn,
                        name.span,
                        format!("source `{}` has no column `{}`", s.id.value, name.value),
                    )
                    .label("unknown column")
                    .related(s.id.span, "source declared here")
                    .maybe_help(help),
                );
            }
            return;
        };
        let is_number = matches!(
            column.column_type.value,
            ColumnType::Integer | ColumnType::Decimal
        );
        if numeric && !is_number {
            self.failed = true;
            r.report(
                Diagnostic::new(
                    Rule::TypeMismatch,
                    name.span,
                    format!(
                        "{why} needs a numeric column, `{}` is `{}`",
                        name.value, column.column_type.value
                    ),
                )
                .label("not numeric")
                .related(column.column_type.span, "type declared here"),
            );
        }
    }

    fn count(&mut self, r: &mut Resolver<'s>, spec: &'s CountSpec) -> Option<Count> {
        match spec {
            CountSpec::Indicator(reference) => {
                if !r.indicators.contains_key(reference.indicator.as_str()) {
                    self.failed = true;
                    if !r.is_broken(reference.indicator.as_str()) {
                        let help = suggest::did_you_mean(
                            reference.indicator.as_str(),
                            r.indicators.keys().copied(),
                        );
                        r.report(
                            Diagnostic::new(
                                Rule::UnknownIndicator,
                                reference.indicator.span,
                                format!("no indicator `{}`", reference.indicator.value),
                            )
                            .label("unknown indicator")
                            .maybe_help(help),
                        );
                    }
                    return None;
                }
                Some(Count::Indicator(reference.indicator.value.to_string()))
            }
            CountSpec::Source(c) => self.source_count(r, c),
        }
    }

    fn source_count(&mut self, r: &mut Resolver<'s>, c: &'s SourceCount) -> Option<Count> {
        {
            {
                let s = self.source(r, &c.source)?;
                if let Some(sum) = &c.sum {
                    self.column(r, s, sum, true, "`sum`");
                }
                if let Some(distinct) = &c.distinct {
                    self.column(r, s, distinct, false, "`distinct`");
                    if c.sum.is_some() {
                        self.failed = true;
                        r.report(
                            Diagnostic::new(
                                Rule::InvalidValue,
                                distinct.span,
                                "`sum` and `distinct` together",
                            )
                            .label("count distinct values, or sum a column, not both"),
                        );
                    }
                }
                if s.family.value == Family::Statistik && c.sum.is_none() && c.distinct.is_none() {
                    let numeric = s.columns.iter().find(|col| {
                        matches!(
                            col.column_type.value,
                            ColumnType::Integer | ColumnType::Decimal
                        ) && col.role.is_none()
                    });
                    r.report(
                        Diagnostic::new(
                            Rule::CountRowsOfAggregate,
                            c.span,
                            format!("counts rows of the aggregate table `{}`", s.id.value),
                        )
                        .label("rows of a statistik table are cells, not people")
                        .maybe_help(numeric.map(|col| {
                            format!("sum its count column: `sum = \"{}\"`", col.name.value)
                        })),
                    );
                }
                let filter = self.opt_condition(r, s, c.filter.as_ref());
                let year = self.year(r, c);
                let person = self.person(r, s, c, year);
                Some(Count::Source {
                    source: s.id.value.to_string(),
                    filter,
                    sum: c.sum.as_ref().map(|v| v.value.clone()),
                    distinct: c.distinct.as_ref().map(|v| v.value.clone()),
                    year,
                    person,
                })
            }
        }
    }

    /// A relative year: `year = -1` or a bound of `window`, at most five years away.
    fn relative_year(&mut self, r: &mut Resolver<'_>, value: &Ranged<i64>) -> i32 {
        match i32::try_from(value.value) {
            Ok(y) if y.abs() <= MAX_YEARS_AWAY => y,
            _ => {
                self.failed = true;
                r.report(
                    Diagnostic::new(
                        Rule::InvalidYearWindow,
                        value.span,
                        format!("{} years away from the indicator's year", value.value),
                    )
                    .label(format!("expected -{MAX_YEARS_AWAY} to {MAX_YEARS_AWAY}"))
                    .help("`year = -1` reads the previous year's file"),
                );
                0
            }
        }
    }

    fn year(&mut self, r: &mut Resolver<'_>, c: &SourceCount) -> i32 {
        c.year.as_ref().map_or(0, |y| self.relative_year(r, y))
    }

    /// `having`, `window` and `within`: checked together, since each needs the others' context.
    fn person(
        &mut self,
        r: &mut Resolver<'_>,
        s: &SourceSpec,
        c: &SourceCount,
        year: i32,
    ) -> Option<PersonFilter> {
        let Some(having) = &c.having else {
            for (span, key) in [
                (c.window.as_ref().map(|w| w.span), "window"),
                (c.within.as_ref().map(|w| w.span), "within"),
            ] {
                if let Some(span) = span {
                    self.failed = true;
                    r.report(
                        Diagnostic::new(
                            Rule::InvalidYearWindow,
                            span,
                            format!("`{key}` without `having`"),
                        )
                        .label("only a person's `having` reads these rows")
                        .help("add a `having` condition, or remove the key"),
                    );
                }
            }
            return None;
        };
        let person_column = c.distinct.as_ref().and_then(|d| {
            s.columns
                .iter()
                .find(|col| col.name.value == d.value)
                .filter(|col| {
                    col.role
                        .as_ref()
                        .is_some_and(|role| role.value == Role::Identifying)
                })
        });
        if person_column.is_none() {
            self.failed = true;
            let identifying = s.columns.iter().find(|col| {
                col.role
                    .as_ref()
                    .is_some_and(|role| role.value == Role::Identifying)
            });
            let (message, help) = match (&c.distinct, identifying) {
                (None, Some(id)) => (
                    "`having` on a count that does not count persons".to_string(),
                    format!("count persons with `distinct = \"{}\"`", id.name.value),
                ),
                (Some(d), Some(id)) => (
                    format!(
                        "`having` groups by `{}`, which does not identify persons",
                        d.value
                    ),
                    format!("count persons with `distinct = \"{}\"`", id.name.value),
                ),
                (_, None) => (
                    format!(
                        "`having` on source `{}`, which identifies no persons",
                        s.id.value
                    ),
                    "declare the person column with `role = \"identifying\"` in the source"
                        .to_string(),
                ),
            };
            r.report(
                Diagnostic::new(Rule::HavingWithoutPerson, having.span, message)
                    .label("whose rows?")
                    .related(s.id.span, "source declared here")
                    .help(help),
            );
        }
        let window = match &c.window {
            None => (year, year),
            Some(w) => {
                let bounds: Vec<i32> = w.value.iter().map(|b| self.relative_year(r, b)).collect();
                match bounds.as_slice() {
                    [first, last] if first <= last && (*first..=*last).contains(&year) => {
                        (*first, *last)
                    }
                    _ => {
                        self.failed = true;
                        r.report(
                            Diagnostic::new(
                                Rule::InvalidYearWindow,
                                w.span,
                                "a window must be [first, last] and hold the count's year",
                            )
                            .label(format!("does not hold year {year}"))
                            .help("e.g. `window = [-2, 0]` for the last three years"),
                        );
                        (year, year)
                    }
                }
            }
        };
        let within_kommun = self.within(r, c.within.as_ref());
        let checked = self.per_person_expression(r, s, having, expr::Wanted::Condition);
        Some(PersonFilter {
            having: checked?,
            window,
            within_kommun,
        })
    }

    /// `within = "kommun"`, or nothing: the grouping of a person's rows.
    fn within(&mut self, r: &mut Resolver<'_>, within: Option<&Ranged<String>>) -> bool {
        match within {
            None => false,
            Some(w) if w.value == "kommun" => true,
            Some(w) => {
                self.failed = true;
                r.report(
                    Diagnostic::new(
                        Rule::InvalidValue,
                        w.span,
                        format!("`within = \"{}\"` is not a grouping", w.value),
                    )
                    .label("expected \"kommun\"")
                    .help("leave `within` out to follow a person across the whole country"),
                );
                false
            }
        }
    }

    /// A `having` or a value per person: an expression over aggregates of a person's rows.
    fn per_person_expression(
        &mut self,
        r: &mut Resolver<'_>,
        s: &SourceSpec,
        text: &Ranged<String>,
        wanted: expr::Wanted,
    ) -> Option<expr::PersonCondition> {
        let checked = expr::check_having(
            &r.spec.files,
            text,
            s,
            &r.spec.broken,
            &mut r.diagnostics,
            wanted,
        );
        if checked.is_none() {
            self.failed = true;
        }
        checked
    }

    /// `per_person = "lopnr"` on a mean or median: an identifying column, and a `value` that
    /// aggregates the person's rows.
    fn per_person(
        &mut self,
        r: &mut Resolver<'_>,
        s: &SourceSpec,
        m: &ColumnMeasure,
        id: &Ranged<String>,
    ) -> Option<PersonValue> {
        let identifying = s.columns.iter().find(|c| {
            c.name.value == id.value
                && c.role
                    .as_ref()
                    .is_some_and(|role| role.value == Role::Identifying)
        });
        if identifying.is_none() {
            self.failed = true;
            r.report(
                Diagnostic::new(
                    Rule::HavingWithoutPerson,
                    id.span,
                    format!(
                        "`{}` does not identify persons in `{}`",
                        id.value, s.id.value
                    ),
                )
                .label("expected a column with `role = \"identifying\"`")
                .related(s.id.span, "source declared here"),
            );
            return None;
        }
        let within_kommun = self.within(r, m.within.as_ref());
        let Some(value) = m.value.as_ref() else {
            self.failed = true;
            r.report(
                Diagnostic::new(Rule::MissingField, m.span, "`per_person` without a `value`")
                    .label("what is taken per person?")
                    .help("add e.g. `value = \"COUNT(DISTINCT manad)\"` for months per person"),
            );
            return None;
        };
        let checked = self.per_person_expression(r, s, value, expr::Wanted::Number);
        Some(PersonValue {
            id: id.value.clone(),
            value: checked?,
            within_kommun,
        })
    }

    fn denominator(
        &mut self,
        r: &mut Resolver<'s>,
        denominator: Option<&'s CountSpec>,
        span: Span,
        kind: &str,
    ) -> Option<Count> {
        if let Some(d) = denominator {
            return self.count(r, d);
        }
        self.failed = true;
        r.report(
            Diagnostic::new(Rule::ShareWithoutDenominator, span, format!("a `{kind}` without a denominator"))
                .label("what is it a share of?")
                .help("add e.g. `denominator = { source = \"befolkning\", sum = \"antal\" }`, or use `type = \"count\"`"),
        );
        None
    }

    #[allow(clippy::too_many_lines)]
    fn measure(&mut self, r: &mut Resolver<'s>, i: &'s IndicatorSpec) -> Option<Measure> {
        match &i.measure {
            MeasureSpec::Count(c) => self.source_count(r, c).map(Measure::Count),
            MeasureSpec::Share(m) => {
                let numerator = self.count(r, &m.numerator);
                let denominator = self.denominator(r, m.denominator.as_ref(), m.span, "share");
                Some(Measure::Share {
                    numerator: numerator?,
                    denominator: denominator?,
                })
            }
            MeasureSpec::Rate(m) => {
                let numerator = self.count(r, &m.numerator);
                let denominator = self.denominator(r, m.denominator.as_ref(), m.span, "rate");
                let per = match m.per.value {
                    1000 | 10_000 | 100_000 => u32::try_from(m.per.value).ok(),
                    other => {
                        self.failed = true;
                        r.report(
                            Diagnostic::new(
                                Rule::InvalidValue,
                                m.per.span,
                                format!("`per = {other}` is not a published rate base"),
                            )
                            .label("expected 1000, 10000 or 100000"),
                        );
                        None
                    }
                };
                Some(Measure::Rate {
                    numerator: numerator?,
                    denominator: denominator?,
                    per: per?,
                })
            }
            MeasureSpec::Mean(m) | MeasureSpec::Median(m) => {
                let s = self.source(r, &m.source)?;
                let what = i.measure.type_name();
                let per_person = match &m.per_person {
                    Some(id) => Some(self.per_person(r, s, m, id)?),
                    None => {
                        if let Some(w) = &m.within {
                            self.failed = true;
                            r.report(
                                Diagnostic::new(
                                    Rule::InvalidYearWindow,
                                    w.span,
                                    "`within` without `per_person`",
                                )
                                .label("only values per person are aggregated per kommun"),
                            );
                        }
                        None
                    }
                };
                let value = match (&m.column, &m.value, &per_person) {
                    (None, Some(value), Some(p)) => Some(Condition {
                        sql: value.value.clone(),
                        columns: p.value.columns.clone(),
                        row: p.value.test.clone(),
                    }),
                    (Some(column), None, None) => {
                        self.column(r, s, column, true, &format!("`{what}`"));
                        Some(Condition {
                            sql: column.value.clone(),
                            columns: vec![column.value.clone()],
                            row: Row::Sql(column.value.clone()),
                        })
                    }
                    (None, Some(value), None) => {
                        let checked = expr::check_as(
                            &r.spec.files,
                            value,
                            s,
                            &r.spec.broken,
                            &mut r.diagnostics,
                            expr::Wanted::Number,
                        );
                        if checked.is_none() {
                            self.failed = true;
                        }
                        checked
                    }
                    (Some(column), Some(_), _) => {
                        self.failed = true;
                        r.report(
                            Diagnostic::new(
                                Rule::InvalidValue,
                                column.span,
                                "`column` and `value` together",
                            )
                            .label("take the mean of a column, or of a computed value, not both"),
                        );
                        None
                    }
                    (Some(column), None, Some(_)) => {
                        self.failed = true;
                        r.report(
                            Diagnostic::new(
                                Rule::InvalidValue,
                                column.span,
                                "`column` with `per_person`",
                            )
                            .label("a person has many rows")
                            .help(format!(
                                "aggregate them with `value`, e.g. `value = \"SUM({})\"`",
                                column.value
                            )),
                        );
                        None
                    }
                    (None, None, _) => {
                        self.failed = true;
                        r.report(
                            Diagnostic::new(Rule::MissingField, m.span, format!("a `{what}` of nothing"))
                                .label("missing `column` or `value`")
                                .help("add `column = \"…\"`, or `value = \"avslutad - paborjad\"` for days between two dates"),
                        );
                        None
                    }
                };
                let filter = self.opt_condition(r, s, m.filter.as_ref());
                let source = s.id.value.to_string();
                let value = value?;
                Some(if what == "mean" {
                    Measure::Mean {
                        source,
                        value,
                        per_person,
                        filter,
                    }
                } else {
                    Measure::Median {
                        source,
                        value,
                        per_person,
                        filter,
                    }
                })
            }
            MeasureSpec::YesNo(m) => {
                let s = self.source(r, &m.source)?;
                self.family(r, s, Family::Kommunenkat, "yes_no", m.source.span);
                let yes = self.condition(r, s, &m.yes);
                let answered = self.opt_condition(r, s, m.answered.as_ref());
                Some(Measure::YesNo {
                    source: s.id.value.to_string(),
                    yes: yes?,
                    answered,
                })
            }
            MeasureSpec::ShareYes(m) => {
                let s = self.source(r, &m.source)?;
                self.family(r, s, Family::Kommunenkat, "share_yes", m.source.span);
                if !matches!(m.unit.value, Role::Enhet | Role::Stadsdel) {
                    self.failed = true;
                    r.report(
                        Diagnostic::new(
                            Rule::InvalidValue,
                            m.unit.span,
                            format!("`unit = \"{}\"` cannot be counted", m.unit.value),
                        )
                        .label("expected `enhet` or `stadsdel`"),
                    );
                } else if !s.columns.iter().any(|c| {
                    c.role
                        .as_ref()
                        .is_some_and(|role| role.value == m.unit.value)
                }) {
                    self.failed = true;
                    r.report(
                        Diagnostic::new(
                            Rule::LevelNotInSource,
                            m.unit.span,
                            format!(
                                "source `{}` has no column with `role = \"{}\"`",
                                s.id.value, m.unit.value
                            ),
                        )
                        .label("units cannot be told apart")
                        .related(s.id.span, "source declared here"),
                    );
                }
                let yes = self.condition(r, s, &m.yes);
                let answered = self.opt_condition(r, s, m.answered.as_ref());
                Some(Measure::ShareYes {
                    source: s.id.value.to_string(),
                    unit: m.unit.value,
                    yes: yes?,
                    answered,
                })
            }
            MeasureSpec::Index(m) => {
                let s = self.source(r, &m.source)?;
                self.family(r, s, Family::Kommunenkat, "index", m.source.span);
                if m.items.is_empty() {
                    self.failed = true;
                    r.report(
                        Diagnostic::new(Rule::InvalidValue, m.span, "an index without `items`")
                            .label("no questions to give points for"),
                    );
                }
                let mut items = Vec::new();
                for item in &m.items {
                    if let Some(c) = self.condition(r, s, &item.when) {
                        items.push((c, item.points.value));
                    }
                }
                let answered = self.opt_condition(r, s, m.answered.as_ref());
                Some(Measure::Index {
                    source: s.id.value.to_string(),
                    items,
                    answered,
                })
            }
            MeasureSpec::SurveyShare(m) => {
                let s = self.source(r, &m.source)?;
                self.family(
                    r,
                    s,
                    Family::Brukarundersokning,
                    "survey_share",
                    m.source.span,
                );
                let filter = self.opt_condition(r, s, m.filter.as_ref());
                let positive = self.condition(r, s, &m.positive);
                let answered = self.opt_condition(r, s, m.answered.as_ref());
                let confidence = m.confidence.as_ref().map_or(0.95, |c| c.value);
                if let Some(c) = &m.confidence
                    && !(c.value > 0.5 && c.value < 1.0)
                {
                    self.failed = true;
                    r.report(
                        Diagnostic::new(
                            Rule::InvalidValue,
                            c.span,
                            format!("confidence {} is not a level", c.value),
                        )
                        .label("expected a level such as 0.95"),
                    );
                }
                Some(Measure::SurveyShare {
                    source: s.id.value.to_string(),
                    filter,
                    positive: positive?,
                    answered,
                    confidence,
                })
            }
            MeasureSpec::ResponseRate(m) => {
                let s = self.source(r, &m.source)?;
                self.family(
                    r,
                    s,
                    Family::Brukarundersokning,
                    "response_rate",
                    m.source.span,
                );
                let filter = self.opt_condition(r, s, m.filter.as_ref());
                let responded = self.condition(r, s, &m.responded);
                Some(Measure::ResponseRate {
                    source: s.id.value.to_string(),
                    filter,
                    responded: responded?,
                })
            }
        }
    }
}
