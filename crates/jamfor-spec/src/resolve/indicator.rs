//! Checks of an indicator's metadata and presentation: kind, levels, breakdowns, age groups,
//! colour rule and disclosure policy. The measure itself is checked in `measure`.

use crate::diagnostic::Diagnostic;
use crate::keywords::{Direction, Kind, Level, Role, Unit};
use crate::manifest::{AgeGroup, Breakdown, Colour, Description, Indicator, Measure};
use crate::raw::{ColourSpec, IndicatorSpec, SourceSpec};
use crate::rule::Rule;
use crate::span::{Ranged, Span};
use crate::suggest;

use super::{Resolver, measure};

pub(super) fn resolve_all(r: &mut Resolver<'_>) -> Vec<Indicator> {
    let specs: Vec<_> = r.indicators.values().copied().collect();
    let mut out: Vec<Indicator> = specs
        .into_iter()
        .filter_map(|(area, i)| resolve(r, area, i))
        .collect();
    out.sort_by(|a, b| (&a.area, &a.id).cmp(&(&b.area, &b.id)));
    out
}

fn resolve<'s>(r: &mut Resolver<'s>, area: &str, i: &'s IndicatorSpec) -> Option<Indicator> {
    if let Some(declared) = &i.area
        && declared.as_str() != area
    {
        r.report(
            Diagnostic::new(
                Rule::AreaMismatch,
                declared.span,
                format!(
                    "indicator says area `{}` but lies in `indicators/{area}`",
                    declared.value
                ),
            )
            .label("the folder decides the area")
            .help(format!(
                "move the file to `indicators/{}/`, or remove `area`",
                declared.value
            )),
        );
    }
    if i.kind.value == Kind::Kvalitetsindikator {
        if i.dimension.is_none() {
            missing(
                r,
                i,
                "dimension",
                "a kvalitetsindikator needs its kvalitetsdimension, e.g. `dimension = \"tillganglig\"`",
            );
        }
        if i.indicator_type.is_none() {
            missing(
                r,
                i,
                "type",
                "a kvalitetsindikator needs `type = \"struktur\"`, `\"process\"` or `\"resultat\"`",
            );
        }
    }
    let (measure, sources) = measure::resolve(r, i);
    let decimals = decimals(r, i, measure.as_ref());
    let levels = levels(r, i, &sources);
    let (breakdown, age_groups) = breakdowns(r, i, &sources);
    let colour = colour(r, i, measure.as_ref());
    let disclosure = i.disclosure.as_ref().map(|p| {
        if !r.policies.contains_key(p.as_str()) && !r.is_broken(p.as_str()) {
            unknown_policy(r, p);
        }
        p.value.to_string()
    });
    let comparable_from = i.comparable_from.as_ref().and_then(|y| year(r, y));
    let d = &i.description;
    Some(Indicator {
        id: i.id.value.to_string(),
        title: i.title.value.clone(),
        title_en: i.title_en.clone(),
        area: area.to_string(),
        kind: i.kind.value,
        dimension: i.dimension.as_ref().map(|v| v.value),
        indicator_type: i.indicator_type.as_ref().map(|v| v.value),
        direction: i.direction.value,
        target: i.target.as_ref().map(|v| v.value),
        unit: i.unit.value,
        decimals,
        levels,
        breakdown,
        age_groups,
        colour,
        disclosure,
        comparable_from,
        description: Description {
            shows: d.shows.value.clone(),
            numerator: d.numerator.clone(),
            denominator: d.denominator.clone(),
            source: d.source.clone(),
            interpretation: d.interpretation.clone(),
            error_sources: d.error_sources.clone(),
        },
        measure: measure?,
        location: r.location(i.id.span),
    })
}

fn missing(r: &mut Resolver<'_>, i: &IndicatorSpec, key: &str, help: &str) {
    r.report(
        Diagnostic::new(
            Rule::MissingField,
            i.kind.span,
            format!("indicator `{}` is missing `{key}`", i.id.value),
        )
        .label(format!("`{key}` is required for this kind"))
        .help(help),
    );
}

pub(super) fn unknown_policy(r: &mut Resolver<'_>, p: &Ranged<crate::raw::Id>) {
    let help = suggest::did_you_mean(p.as_str(), r.policies.keys().copied());
    r.report(
        Diagnostic::new(
            Rule::UnknownDisclosurePolicy,
            p.span,
            format!("no disclosure policy `{}`", p.value),
        )
        .label("not declared in `policies/`")
        .maybe_help(help),
    );
}

pub(super) fn year(r: &mut Resolver<'_>, y: &Ranged<i64>) -> Option<i32> {
    match i32::try_from(y.value) {
        Ok(v) if (1990..=2100).contains(&v) => Some(v),
        _ => {
            r.report(
                Diagnostic::new(
                    Rule::InvalidValue,
                    y.span,
                    format!("{} is not a plausible year", y.value),
                )
                .label("expected a year between 1990 and 2100"),
            );
            None
        }
    }
}

fn decimals(r: &mut Resolver<'_>, i: &IndicatorSpec, measure: Option<&Measure>) -> u8 {
    if let Some(d) = &i.decimals {
        return match u8::try_from(d.value) {
            Ok(v) if v <= 4 => v,
            _ => {
                r.report(
                    Diagnostic::new(Rule::InvalidValue, d.span, "`decimals` must be 0 to 4")
                        .label(format!("{} is out of range", d.value)),
                );
                1
            }
        };
    }
    match (i.unit.value, measure) {
        (Unit::Antal | Unit::JaNej, _) | (_, Some(Measure::Count(_) | Measure::YesNo { .. })) => 0,
        _ => 1,
    }
}

fn levels(r: &mut Resolver<'_>, i: &IndicatorSpec, sources: &[&SourceSpec]) -> Vec<Level> {
    let Some(written) = &i.levels else {
        return vec![Level::Kommun, Level::Lan, Level::Riket, Level::Kommungrupp];
    };
    let mut levels = Vec::new();
    for level in written {
        if levels.contains(&level.value) {
            r.report(
                Diagnostic::new(
                    Rule::InvalidValue,
                    level.span,
                    format!("level `{}` is listed twice", level.value),
                )
                .label("duplicate"),
            );
            continue;
        }
        let role = match level.value {
            Level::Stadsdel => Some(Role::Stadsdel),
            Level::Enhet => Some(Role::Enhet),
            _ => None,
        };
        if let Some(role) = role {
            for s in sources {
                if !has_role(s, role) {
                    r.report(
                        Diagnostic::new(
                            Rule::LevelNotInSource,
                            level.span,
                            format!(
                                "source `{}` has no `{role}` key for level `{}`",
                                s.id.value, level.value
                            ),
                        )
                        .label("not in the source")
                        .related(s.id.span, "source declared here")
                        .help(format!(
                            "declare the {role} column with `role = \"{role}\"`"
                        )),
                    );
                }
            }
        }
        levels.push(level.value);
    }
    if levels.is_empty() {
        r.report(
            Diagnostic::new(Rule::InvalidValue, i.id.span, "`levels` is empty")
                .label("nothing would be published")
                .help("e.g. `levels = [\"kommun\", \"lan\", \"riket\"]`"),
        );
    }
    levels.sort();
    levels
}

fn has_role(s: &SourceSpec, role: Role) -> bool {
    s.columns
        .iter()
        .any(|c| c.role.as_ref().is_some_and(|r| r.value == role))
}

fn breakdowns(
    r: &mut Resolver<'_>,
    i: &IndicatorSpec,
    sources: &[&SourceSpec],
) -> (Vec<Breakdown>, Vec<AgeGroup>) {
    let mut out = Vec::new();
    for b in i.breakdown.iter().flatten() {
        let (breakdown, role) = match b.value.as_str() {
            "kon" => (Breakdown::Kon, Some(Role::Kon)),
            "alder" => (Breakdown::Alder, Some(Role::Alder)),
            column => (Breakdown::Column(column.to_string()), None),
        };
        if out.contains(&breakdown) {
            r.report(
                Diagnostic::new(
                    Rule::InvalidValue,
                    b.span,
                    format!("breakdown `{}` is listed twice", b.value),
                )
                .label("duplicate"),
            );
            continue;
        }
        let mut declared_in = None;
        for s in sources {
            match role {
                Some(role) if !has_role(s, role) => r.report(
                    Diagnostic::new(
                        Rule::BreakdownNotInSource,
                        b.span,
                        format!(
                            "source `{}` has no column with `role = \"{role}\"`",
                            s.id.value
                        ),
                    )
                    .label(format!("cannot break down by {role}"))
                    .related(s.id.span, "source declared here")
                    .help(format!(
                        "declare the {role} column's role in the source, or drop the breakdown"
                    )),
                ),
                Some(_) => {}
                None => declared_in = declared_in.or(column_breakdown(r, b, s)),
            }
        }
        // Results have two dimensions besides geography, kön and age group: a breakdown by any
        // other column would be ignored by the engine and publish totals under its name.
        if let Some(column) = declared_in {
            r.report(
                Diagnostic::new(
                    Rule::UnsupportedBreakdown,
                    b.span,
                    format!(
                        "results cannot be broken down by the column `{}`, only by `kon` and `alder`",
                        b.value
                    ),
                )
                .label("not a breakdown jamfor computes")
                .related(column, "column declared here")
                .help(format!(
                    "drop it, and define one indicator per code of `{}` with its own `where`",
                    b.value
                )),
            );
        }
        out.push(breakdown);
    }
    let age_groups = age_groups(r, i, out.contains(&Breakdown::Alder));
    (out, age_groups)
}

/// Checks a breakdown by a column of `s`; the span of the column's declaration when it is one the
/// breakdown could otherwise use (present and not identifying).
fn column_breakdown(r: &mut Resolver<'_>, b: &Ranged<String>, s: &SourceSpec) -> Option<Span> {
    let Some(column) = s.columns.iter().find(|c| c.name.value == b.value) else {
        if !r.is_broken(&b.value) {
            let names = ["kon", "alder"]
                .into_iter()
                .chain(s.columns.iter().map(|c| c.name.value.as_str()));
            let help = suggest::did_you_mean(&b.value, names);
            r.report(
                Diagnostic::new(
                    Rule::UnknownColumn,
                    b.span,
                    format!(
                        "`{}` is neither `kon`, `alder` nor a column of source `{}`",
                        b.value, s.id.value
                    ),
                )
                .label("unknown breakdown")
                .related(s.id.span, "source declared here")
                .maybe_help(help),
            );
        }
        return None;
    };
    if column
        .role
        .as_ref()
        .is_some_and(|role| role.value == Role::Identifying)
    {
        r.report(
            Diagnostic::new(
                Rule::IdentifyingColumnAsBreakdown,
                b.span,
                format!("`{}` identifies persons and cannot be a breakdown", b.value),
            )
            .label("would publish one cell per person")
            .related(column.name.span, "declared `role = \"identifying\"` here")
            .help(format!(
                "remove it; count persons with `distinct = \"{}\"` instead",
                b.value
            )),
        );
        return None;
    }
    Some(column.name.span)
}

fn age_groups(r: &mut Resolver<'_>, i: &IndicatorSpec, by_age: bool) -> Vec<AgeGroup> {
    let Some(written) = &i.age_groups else {
        if by_age {
            let span = i
                .breakdown
                .iter()
                .flatten()
                .find(|b| b.value == "alder")
                .map_or(i.span, |b| b.span);
            r.report(
                Diagnostic::new(
                    Rule::InvalidAgeGroups,
                    span,
                    "breakdown by `alder` without `age_groups`",
                )
                .label("which age groups?")
                .help("add e.g. `age_groups = [\"65-79\", \"80+\"]`"),
            );
        }
        return Vec::new();
    };
    if !by_age {
        let span = written.first().map_or(i.span, |g| g.span);
        r.report(
            Diagnostic::new(
                Rule::InvalidAgeGroups,
                span,
                "`age_groups` without an `alder` breakdown",
            )
            .label("not used")
            .help("add \"alder\" to `breakdown`"),
        );
    }
    let mut groups: Vec<(Span, AgeGroup)> = Vec::new();
    for g in written {
        match parse_age_group(&g.value) {
            Some(group) => groups.push((g.span, group)),
            None => r.report(
                Diagnostic::new(
                    Rule::InvalidAgeGroups,
                    g.span,
                    format!("`{}` is not an age group", g.value),
                )
                .label("expected `from-to` or `from+`, e.g. \"0-17\" or \"80+\""),
            ),
        }
    }
    groups.sort_by_key(|(_, g)| g.from);
    for pair in groups.windows(2) {
        let (_, a) = &pair[0];
        let (span, b) = &pair[1];
        if a.to.is_none_or(|to| to >= b.from) {
            // Start the later group after the earlier one ends, when that leaves a group.
            let help = a.to.map(|to| to + 1).and_then(|from| match b.to {
                None => Some(format!("start it at {from}: \"{from}+\"")),
                Some(end) if from <= end => Some(format!("start it at {from}: \"{from}-{end}\"")),
                Some(_) => None,
            });
            r.report(
                Diagnostic::new(
                    Rule::InvalidAgeGroups,
                    *span,
                    format!("age group `{}` overlaps `{}`", b.label, a.label),
                )
                .label("overlapping groups count people twice")
                .maybe_help(help),
            );
        }
    }
    groups.into_iter().map(|(_, g)| g).collect()
}

fn parse_age_group(text: &str) -> Option<AgeGroup> {
    let t = text.trim();
    let (from, to) = match t.strip_suffix('+') {
        Some(from) => (from.trim().parse().ok()?, None),
        None => {
            let (a, b) = t.split_once('-')?;
            let (a, b): (u32, u32) = (a.trim().parse().ok()?, b.trim().parse().ok()?);
            if a > b {
                return None;
            }
            (a, Some(b))
        }
    };
    (from <= 130).then(|| AgeGroup {
        label: t.to_string(),
        from,
        to,
    })
}

fn colour(r: &mut Resolver<'_>, i: &IndicatorSpec, measure: Option<&Measure>) -> Colour {
    let Some(spec) = &i.colour else {
        return Colour::None;
    };
    let directed = matches!(
        spec,
        ColourSpec::Relative { .. } | ColourSpec::Thresholds { .. }
    );
    if directed && i.direction.value == Direction::None {
        r.report(
            Diagnostic::new(
                Rule::ColourWithoutDirection,
                spec.span(),
                "a relative or threshold colour rule needs a direction",
            )
            .label("green must mean better")
            .related(i.direction.span, "`direction = \"none\"` here")
            .help("declare `direction = \"higher\"` or `\"lower\"`, or use `colour = { rule = \"none\" }`"),
        );
    }
    let bad = |r: &mut Resolver<'_>, span: Span, message: String, label: &str| {
        r.report(Diagnostic::new(Rule::InvalidColourRule, span, message).label(label));
    };
    let wants_interval = matches!(
        spec,
        ColourSpec::Relative {
            interval: Some(true),
            ..
        } | ColourSpec::Thresholds {
            interval: Some(true),
            ..
        }
    );
    if wants_interval && let Some(m) = measure {
        // The measures the release puts an interval on (docs/uncertainty.md).
        let assessed = matches!(
            i.kind.value,
            Kind::Kvalitetsindikator | Kind::Valfardsindikator
        );
        let has_interval = match m {
            Measure::SurveyShare { .. } => true,
            Measure::Share { .. } | Measure::Rate { .. } => assessed,
            _ => false,
        };
        if !has_interval {
            r.report(
                Diagnostic::new(
                    Rule::InvalidColourRule,
                    spec.span(),
                    format!(
                        "`interval = true` on a `{}` measure, which has no confidence interval",
                        m.type_name()
                    ),
                )
                .label("no interval to respect")
                .help("remove `interval = true`: intervals exist for `survey_share`, and for `share` and `rate` of kvalitets- and välfärdsindikatorer"),
            );
        }
    }
    match spec {
        ColourSpec::Relative {
            green,
            red,
            interval,
            ..
        } => {
            let g = green.as_ref().map_or(25.0, |v| v.value);
            let red_value = red.as_ref().map_or(25.0, |v| v.value);
            for v in green.iter().chain(red) {
                if !(0.0..=100.0).contains(&v.value) {
                    bad(
                        r,
                        v.span,
                        format!("{} is not a percentage of kommuner", v.value),
                        "expected 0 to 100",
                    );
                }
            }
            if g + red_value > 100.0 {
                bad(
                    r,
                    spec.span(),
                    format!("green {g} % and red {red_value} % add up to more than 100 %"),
                    "shares overlap",
                );
            }
            Colour::Relative {
                green: g,
                red: red_value,
                interval: interval.unwrap_or(false),
            }
        }
        ColourSpec::Thresholds {
            green,
            red,
            interval,
            ..
        } => {
            let wrong_order = match i.direction.value {
                Direction::Higher => green.value < red.value,
                Direction::Lower => green.value > red.value,
                Direction::None => false,
            };
            if wrong_order {
                let need = if i.direction.value == Direction::Higher {
                    "at least"
                } else {
                    "at most"
                };
                r.report(
                    Diagnostic::new(
                        Rule::InvalidColourRule,
                        green.span,
                        format!(
                            "with `direction = \"{}\"`, `green` must be {need} `red`",
                            i.direction.value
                        ),
                    )
                    .label("thresholds in the wrong order")
                    .related(red.span, "red threshold")
                    .help(format!(
                        "swap them: `green = {}, red = {}`",
                        red.value, green.value
                    )),
                );
            }
            Colour::Thresholds {
                green: green.value,
                red: red.value,
                interval: interval.unwrap_or(false),
            }
        }
        ColourSpec::YesNo { span } => {
            if measure.is_some_and(|m| !matches!(m, Measure::YesNo { .. })) {
                bad(
                    r,
                    *span,
                    "yes/no colours on a measure that is not `yes_no`".to_string(),
                    "use `relative` or `thresholds` for numbers",
                );
            }
            Colour::YesNo
        }
        ColourSpec::None { .. } => Colour::None,
    }
}
