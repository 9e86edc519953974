//! Checks of releases: years, areas, policy, and that every source read has a file for every year.

use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::Diagnostic;
use crate::manifest::{Indicator, Release, Synthetic};
use crate::raw::PipelineFile;
use crate::rule::Rule;
use crate::span::{FileId, Span};
use crate::suggest;

use super::{Options, Resolver, indicator};

pub(super) fn resolve_all(
    r: &mut Resolver<'_>,
    indicators: &[Indicator],
    options: &Options,
) -> Vec<Release> {
    let mut seen: BTreeMap<String, Span> = BTreeMap::new();
    let mut out = Vec::new();
    for (file, p) in &r.spec.pipelines {
        let id = &p.release.id;
        if let Some(first) = seen.get(id.as_str()) {
            r.report(
                Diagnostic::new(
                    Rule::DuplicateId,
                    id.span,
                    format!("release `{}` is declared twice", id.value),
                )
                .label("second declaration")
                .related(*first, "first declared here"),
            );
            continue;
        }
        seen.insert(id.value.to_string(), id.span);
        if let Some(release) = resolve(r, *file, p, indicators, options) {
            out.push(release);
        }
    }
    out.sort_by(|a, b| a.id.cmp(&b.id));
    out
}

fn resolve(
    r: &mut Resolver<'_>,
    _file: FileId,
    p: &PipelineFile,
    indicators: &[Indicator],
    options: &Options,
) -> Option<Release> {
    let rel = &p.release;
    let year = indicator::year(r, &rel.year);
    let mut history = Vec::new();
    for h in rel.history.iter().flatten() {
        let Some(y) = indicator::year(r, h) else {
            continue;
        };
        if year.is_some_and(|year| y >= year) {
            r.report(
                Diagnostic::new(
                    Rule::InvalidRelease,
                    h.span,
                    format!("history year {y} is not before the release year"),
                )
                .label("history years come before `year`")
                .related(rel.year.span, "release year"),
            );
        } else if history.contains(&y) {
            r.report(
                Diagnostic::new(
                    Rule::InvalidRelease,
                    h.span,
                    format!("history year {y} is listed twice"),
                )
                .label("duplicate"),
            );
        } else {
            history.push(y);
        }
    }
    history.sort_unstable();
    let year = year?;
    let mut years = history.clone();
    years.push(year);

    let areas: Vec<String> = match &rel.areas {
        Some(written) => written
            .iter()
            .filter(|a| {
                let known = r.areas.contains_key(a.as_str());
                if !known && !r.is_broken(a.as_str()) {
                    let help = suggest::did_you_mean(a.as_str(), r.areas.keys().copied());
                    r.report(
                        Diagnostic::new(
                            Rule::UnknownArea,
                            a.span,
                            format!("no area `{}`", a.value),
                        )
                        .label("no folder `indicators/<area>/` with this name")
                        .maybe_help(help),
                    );
                }
                known
            })
            .map(|a| a.value.to_string())
            .collect(),
        None => r.areas.keys().map(|a| (*a).to_string()).collect(),
    };
    if !r.policies.contains_key(rel.disclosure.as_str()) && !r.is_broken(rel.disclosure.as_str()) {
        indicator::unknown_policy(r, &rel.disclosure);
    }

    // Every source that a published indicator reads, directly or through a referenced count.
    let published: BTreeSet<&str> = areas.iter().map(String::as_str).collect();
    // The nyckeltal of a published area's comparable kommuner are computed too.
    let nyckeltal: BTreeSet<&str> = published
        .iter()
        .filter_map(|a| r.areas.get(a).copied())
        .filter_map(|f| f.analysis.comparable.as_ref())
        .flat_map(|c| c.nyckeltal.iter().map(|n| n.as_str()))
        .collect();
    let mut needed: BTreeMap<&str, &Indicator> = BTreeMap::new();
    // Years outside the release that some count reads, by source, with the first reader.
    let mut extra: BTreeMap<&str, BTreeMap<i32, (&Indicator, i32)>> = BTreeMap::new();
    for i in indicators
        .iter()
        .filter(|i| published.contains(i.area.as_str()) || nyckeltal.contains(i.id.as_str()))
    {
        let mut stack = vec![i];
        let mut visited = BTreeSet::new();
        while let Some(current) = stack.pop() {
            if !visited.insert(current.id.as_str()) {
                continue;
            }
            for s in current.sources() {
                needed.entry(s).or_insert(i);
            }
            // A count of another year (`year = -1`, a `window`) needs that year's file too.
            for (s, offset) in current.measure.source_years() {
                for y in &years {
                    let read = y + offset;
                    if !years.contains(&read) {
                        extra
                            .entry(s)
                            .or_default()
                            .entry(read)
                            .or_insert((current, *y));
                    }
                }
            }
            for reference in current.measure.references() {
                stack.extend(indicators.iter().find(|x| x.id == reference));
            }
        }
    }
    let mut inputs: BTreeMap<String, BTreeMap<i32, String>> = BTreeMap::new();
    for (source, input) in &p.inputs {
        if !r.sources.contains_key(source.value.as_str()) {
            if !r.is_broken(&source.value) {
                let help = suggest::did_you_mean(&source.value, r.sources.keys().copied());
                r.report(
                    Diagnostic::new(
                        Rule::UnknownSource,
                        source.span,
                        format!("no source `{}`", source.value),
                    )
                    .label("not declared in `sources/`")
                    .maybe_help(help),
                );
            }
            continue;
        }
        let mut by_year = BTreeMap::new();
        let extra_years = extra.get(source.value.as_str());
        let read_years: BTreeSet<i32> = years
            .iter()
            .copied()
            .chain(extra_years.into_iter().flat_map(|e| e.keys().copied()))
            .collect();
        // A file with one column per year (an SCB table over several years) serves every year
        // from the same path.
        let one_file_for_all_years = r
            .sources
            .get(source.value.as_str())
            .is_some_and(|s| s.format.year_columns.is_some());
        if let Some(path) = &input.path {
            if years.len() > 1 && !path.value.contains("{year}") && !one_file_for_all_years {
                r.report(
                    Diagnostic::new(
                        Rule::InvalidValue,
                        path.span,
                        "a path for several years without `{year}`",
                    )
                    .label("every year would read the same file")
                    .help("write `{year}` where the year goes, e.g. \"data/ekb_{year}.csv\"; a table with one column per year declares `year_columns` in its source"),
                );
            }
            for y in &read_years {
                by_year.insert(*y, path.value.replace("{year}", &y.to_string()));
            }
        }
        for (y, path) in input.files.iter().flatten() {
            match y.value.parse::<i32>() {
                Ok(y) if read_years.contains(&y) => {
                    by_year.insert(y, path.value.clone());
                }
                _ => r.report(
                    Diagnostic::new(
                        Rule::InvalidValue,
                        y.span,
                        format!("`{}` is not a year of this release", y.value),
                    )
                    .label(format!(
                        "expected one of {}",
                        read_years
                            .iter()
                            .map(ToString::to_string)
                            .collect::<Vec<_>>()
                            .join(", ")
                    )),
                ),
            }
        }
        if input.files.is_some() {
            let missing: Vec<String> = years
                .iter()
                .filter(|y| !by_year.contains_key(y))
                .map(ToString::to_string)
                .collect();
            if !missing.is_empty() {
                r.report(
                    Diagnostic::new(
                        Rule::MissingInput,
                        input.span,
                        format!(
                            "source `{}` has no file for {}",
                            source.value,
                            missing.join(", ")
                        ),
                    )
                    .label("every year of the release needs a file")
                    .help("add the years to `files`, or use a `path` pattern with {year}"),
                );
            }
            for (y, (by, computed)) in extra_years.into_iter().flatten() {
                if by_year.contains_key(y) {
                    continue;
                }
                let mut d = Diagnostic::new(
                    Rule::MissingInput,
                    input.span,
                    format!("source `{}` has no file for {y}", source.value),
                )
                .label(format!("`{}` reads {y} to compute {computed}", by.id))
                .help(format!(
                    "add \"{y}\" to `files`: a count with `year` or `window` reads earlier files"
                ));
                if let Some((_, spec)) = r.indicators.get(by.id.as_str()) {
                    d = d.related(spec.id.span, "indicator declared here");
                }
                r.report(d);
            }
        }
        if let Some(root) = &options.root {
            let missing: Vec<&str> = by_year
                .values()
                .filter(|path| !root.join(path).exists())
                .map(String::as_str)
                .collect();
            if let Some(first) = missing.first() {
                let span = input.path.as_ref().map_or(input.span, |p| p.span);
                let message = match missing.len() {
                    1 => format!("input file `{first}` does not exist"),
                    n => format!("input files `{first}` and {} more do not exist", n - 1),
                };
                r.report(
                    Diagnostic::new(Rule::InputFileNotFound, span, message)
                        .label("not found under the definitions root"),
                );
            }
        }
        inputs.insert(source.value.clone(), by_year);
    }

    for (source, by) in needed {
        if !inputs.contains_key(source) {
            let related = r
                .indicators
                .get(by.id.as_str())
                .map(|(_, spec)| spec.id.span);
            let mut d = Diagnostic::new(
                Rule::MissingInput,
                rel.id.span,
                format!("release `{}` has no `[inputs.{source}]`", rel.id.value),
            )
            .label(format!("source `{source}` is read but has no files"))
            .help(format!(
                "add `[inputs.{source}]` with `path = \"data/{source}_{{year}}.csv\"`"
            ));
            if let Some(span) = related {
                d = d.related(span, format!("`{}` reads it", by.id));
            }
            r.report(d);
        }
    }

    let location = r.location(rel.id.span);
    let outputs = p.outputs.as_ref();
    Some(Release {
        id: rel.id.value.to_string(),
        title: rel.title.value.clone(),
        year,
        history,
        published: rel.published.value.0.clone(),
        areas,
        disclosure: rel.disclosure.value.to_string(),
        follows: follows(r, rel),
        inputs,
        parquet: outputs.and_then(|o| o.parquet).unwrap_or(true),
        excel: outputs.and_then(|o| o.excel).unwrap_or(true),
        kolada: outputs.and_then(|o| o.kolada).unwrap_or(false),
        synthetic: p.synthetic.as_ref().and_then(|s| {
            let seed = u64::try_from(s.seed.value).ok();
            if seed.is_none() {
                r.report(
                    Diagnostic::new(Rule::InvalidValue, s.seed.span, "a seed cannot be negative")
                        .label("a whole number from 0"),
                );
            }
            Some(Synthetic {
                scale: s.scale.value,
                seed: seed?,
            })
        }),
        location,
    })
}

/// `follows`: a folder relative to the definitions root, so that the pipeline means the same on
/// every machine. Whether the folder holds a release is checked by `run`, which reads it.
fn follows(r: &mut Resolver<'_>, rel: &crate::raw::pipeline::ReleaseSpec) -> Option<String> {
    let given = rel.follows.as_ref()?;
    let path = given.value.trim();
    let absolute = path.starts_with('/') || path.starts_with('\\') || path.get(1..2) == Some(":");
    if path.is_empty() || absolute {
        r.report(
            Diagnostic::new(
                Rule::InvalidValue,
                given.span,
                "`follows` must name a release folder relative to the definitions root",
            )
            .label("e.g. \"releases/oj-socialtjanst-2023\""),
        );
        return None;
    }
    Some(path.trim_end_matches('/').to_string())
}
