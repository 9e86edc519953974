//! The graph of indicators reusing other indicators' counts: targets must be counts with the same
//! breakdowns, and there must be no cycles.

use std::collections::BTreeMap;

use crate::diagnostic::Diagnostic;
use crate::manifest::Indicator;
use crate::raw::IndicatorSpec;
use crate::raw::measure::{CountSpec, MeasureSpec};
use crate::rule::Rule;
use crate::span::Span;

use super::Resolver;

/// Each indicator with its outgoing references.
type Graph<'s> = BTreeMap<&'s str, (&'s IndicatorSpec, Vec<(&'s str, Span)>)>;

/// Outgoing references of an indicator: (target id, where the reference was written).
fn references(i: &IndicatorSpec) -> Vec<(&str, Span)> {
    let counts: Vec<&CountSpec> = match &i.measure {
        MeasureSpec::Share(m) => std::iter::once(&m.numerator)
            .chain(m.denominator.as_ref())
            .collect(),
        MeasureSpec::Rate(m) => std::iter::once(&m.numerator)
            .chain(m.denominator.as_ref())
            .collect(),
        _ => Vec::new(),
    };
    counts
        .into_iter()
        .filter_map(|c| match c {
            CountSpec::Indicator(r) => Some((r.indicator.as_str(), r.indicator.span)),
            CountSpec::Source(_) => None,
        })
        .collect()
}

pub(super) fn check_references(r: &mut Resolver<'_>, _resolved: &[Indicator]) {
    let graph: Graph<'_> = r
        .indicators
        .iter()
        .map(|(id, (_, spec))| (*id, (*spec, references(spec))))
        .collect();
    // Every reference in a loop points at a share or rate (counts refer to nothing), so each would
    // also be reported as not a count: the loop is the one mistake to report there.
    let in_loops = find_cycles(r, &graph);
    for (spec, edges) in graph.values() {
        for (target, span) in edges {
            let Some((target_spec, _)) = graph.get(target) else {
                continue;
            };
            if !in_loops.contains(span) {
                check_target(r, spec, target_spec, *span);
            }
        }
    }
}

fn check_target(r: &mut Resolver<'_>, from: &IndicatorSpec, to: &IndicatorSpec, span: Span) {
    if !matches!(to.measure, MeasureSpec::Count(_)) {
        r.report(
            Diagnostic::new(
                Rule::ReferenceNotACount,
                span,
                format!(
                    "`{}` is a `{}`, not a count",
                    to.id.value,
                    to.measure.type_name()
                ),
            )
            .label("only counts can be reused")
            .related(to.measure.span(), "its measure")
            .help(built_on(to).map_or_else(
                || "refer to a count indicator".to_string(),
                |count| {
                    format!(
                        "refer to `{count}`, the count `{}` is built on",
                        to.id.value
                    )
                },
            )),
        );
        return;
    }
    let target_breakdowns: Vec<&str> = to
        .breakdown
        .iter()
        .flatten()
        .map(|b| b.value.as_str())
        .collect();
    for b in from.breakdown.iter().flatten() {
        if !target_breakdowns.contains(&b.value.as_str()) {
            r.report(
                Diagnostic::new(
                    Rule::BreakdownNotInSource,
                    span,
                    format!("`{}` is not broken down by `{}`", to.id.value, b.value),
                )
                .label(format!("has no `{}` breakdown", b.value))
                .related(b.span, "breakdown required here")
                .help(format!(
                    "add \"{}\" to the breakdown of `{}`",
                    b.value, to.id.value
                )),
            );
        }
    }
}

/// The count indicator a share or rate takes its numerator from, when it reuses one.
fn built_on(i: &IndicatorSpec) -> Option<&str> {
    let numerator = match &i.measure {
        MeasureSpec::Share(m) => &m.numerator,
        MeasureSpec::Rate(m) => &m.numerator,
        _ => return None,
    };
    match numerator {
        CountSpec::Indicator(r) => Some(r.indicator.as_str()),
        CountSpec::Source(_) => None,
    }
}

/// Reports each loop of references; returns where the references in loops were written.
fn find_cycles(r: &mut Resolver<'_>, graph: &Graph<'_>) -> Vec<Span> {
    let mut in_loops = Vec::new();
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        Open,
        Done,
    }
    let mut state: BTreeMap<&str, State> = BTreeMap::new();
    for &start in graph.keys() {
        if state.contains_key(start) {
            continue;
        }
        // Iterative depth-first search; `path` holds (node, next edge index, edge span into node).
        let mut path: Vec<(&str, usize, Option<Span>)> = vec![(start, 0, None)];
        state.insert(start, State::Open);
        while let Some(&mut (node, ref mut next, _)) = path.last_mut() {
            let edges = graph.get(node).map_or(&[][..], |(_, e)| e.as_slice());
            let Some(&(target, span)) = edges.get(*next) else {
                state.insert(node, State::Done);
                path.pop();
                continue;
            };
            *next += 1;
            match state.get(target) {
                None if graph.contains_key(target) => {
                    state.insert(target, State::Open);
                    path.push((target, 0, Some(span)));
                }
                Some(State::Open) => {
                    let from = path.iter().position(|(n, _, _)| *n == target).unwrap_or(0);
                    let cycle: Vec<&str> = path[from..].iter().map(|(n, _, _)| *n).collect();
                    let mut d = Diagnostic::new(
                        Rule::ReferenceCycle,
                        span,
                        format!(
                            "indicators refer to each other in a loop: {} → {target}",
                            cycle.join(" → ")
                        ),
                    )
                    .label(format!("`{node}` refers back to `{target}`"));
                    in_loops.push(span);
                    for (n, _, into) in &path[from + 1..] {
                        if let Some(into) = into {
                            in_loops.push(*into);
                            d = d.related(*into, format!("refers to `{n}`"));
                        }
                    }
                    r.report(d.help("break the loop: one of them must read a source"));
                }
                _ => {}
            }
        }
    }
    in_loops
}
