//! Resolution: raw definitions → [`Manifest`], running every validation rule and reporting every
//! problem found, not just the first.
//!
//! Each concern has its own module: sources, policies, indicators (metadata and presentation),
//! measures (sources, columns, conditions), the reference graph, and releases.

mod analysis;
mod cell_key;
mod formats;
mod graph;
mod indicator;
mod measure;
mod policy;
mod release;
mod source;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use crate::diagnostic::{self, Diagnostic, Severity};
use crate::manifest::{Area, DefLocation, Manifest};
use crate::raw::{AreaFolder, IndicatorSpec, PolicySpec, SourceSpec, Spec};
use crate::rule::Rule;
use crate::span::{Ranged, Span};

/// Options of a resolution.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The definitions root on disk, for checking that release inputs exist; `None` skips that check.
    pub root: Option<PathBuf>,
}

/// Runs every rule over `spec`. Returns the manifest when no error was found, and every finding
/// (errors and warnings), sorted by file and position.
pub fn resolve(spec: &Spec, options: &Options) -> (Option<Manifest>, Vec<Diagnostic>) {
    let mut r = Resolver::new(spec);
    let sources = source::resolve_all(&mut r);
    let policies = policy::resolve_all(&mut r);
    let areas = resolve_areas(&mut r);
    let indicators = indicator::resolve_all(&mut r);
    graph::check_references(&mut r, &indicators);
    let releases = release::resolve_all(&mut r, &indicators, options);
    source::warn_unused(&mut r);
    let mut diagnostics = r.diagnostics;
    diagnostic::sort(&mut diagnostics);
    let failed =
        spec.decode_errors > 0 || diagnostics.iter().any(|d| d.severity == Severity::Error);
    let manifest = (!failed).then_some(Manifest {
        sources,
        areas,
        indicators,
        policies,
        releases,
    });
    (manifest, diagnostics)
}

/// Shared state of one resolution: the definitions by id, and the findings so far.
pub(crate) struct Resolver<'s> {
    pub(crate) spec: &'s Spec,
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) sources: BTreeMap<&'s str, &'s SourceSpec>,
    pub(crate) indicators: BTreeMap<&'s str, (&'s str, &'s IndicatorSpec)>,
    pub(crate) policies: BTreeMap<&'s str, &'s PolicySpec>,
    pub(crate) areas: BTreeMap<&'s str, &'s AreaFolder>,
    pub(crate) used_sources: BTreeSet<&'s str>,
}

impl<'s> Resolver<'s> {
    fn new(spec: &'s Spec) -> Self {
        let mut r = Resolver {
            spec,
            diagnostics: Vec::new(),
            sources: BTreeMap::new(),
            indicators: BTreeMap::new(),
            policies: BTreeMap::new(),
            areas: BTreeMap::new(),
            used_sources: BTreeSet::new(),
        };
        for s in &spec.sources {
            if r.first(&s.id, "source", |r| {
                r.sources.get(s.id.as_str()).map(|p| p.id.span)
            }) {
                r.sources.insert(s.id.as_str(), s);
            }
        }
        for (area, i) in &spec.indicators {
            if r.first(&i.id, "indicator", |r| {
                r.indicators.get(i.id.as_str()).map(|(_, p)| p.id.span)
            }) {
                r.indicators.insert(i.id.as_str(), (area.as_str(), i));
            }
        }
        for p in &spec.policies {
            if r.first(&p.id, "policy", |r| {
                r.policies.get(p.id.as_str()).map(|p| p.id.span)
            }) {
                r.policies.insert(p.id.as_str(), p);
            }
        }
        for a in &spec.areas {
            r.areas.insert(a.name.as_str(), a);
        }
        r
    }

    /// Whether `id` is the first of its kind; reports a duplicate otherwise.
    fn first<T: std::fmt::Display>(
        &mut self,
        id: &Ranged<T>,
        kind: &str,
        earlier: impl Fn(&Self) -> Option<Span>,
    ) -> bool {
        match earlier(self) {
            None => true,
            Some(first) => {
                self.diagnostics.push(
                    Diagnostic::new(
                        Rule::DuplicateId,
                        id.span,
                        format!("{kind} `{}` is declared twice", id.value),
                    )
                    .label("second declaration")
                    .related(first, "first declared here")
                    .help(format!("{kind} ids must be unique; rename one of them")),
                );
                false
            }
        }
    }

    pub(crate) fn report(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// Whether a name belongs to a definition that failed to decode (already reported).
    pub(crate) fn is_broken(&self, name: &str) -> bool {
        self.spec.broken.contains(name)
    }

    pub(crate) fn location(&self, span: Span) -> DefLocation {
        let file = self.spec.files.get(span.file);
        DefLocation {
            file: file.path().to_string(),
            line: file.line_col(span.start as usize).0,
        }
    }
}

fn resolve_areas(r: &mut Resolver<'_>) -> Vec<Area> {
    let mut areas = Vec::new();
    for folder in &r.spec.areas {
        let Some(area) = &folder.area else {
            if !r.is_broken(&folder.name) {
                r.report(
                    Diagnostic::new(
                        Rule::MissingField,
                        folder.first_file,
                        format!(
                            "area folder `indicators/{}` has no `area.toml`",
                            folder.name
                        ),
                    )
                    .help(format!(
                        "add `indicators/{}/area.toml` with [area] id = \"{}\" and a title",
                        folder.name, folder.name
                    )),
                );
            }
            continue;
        };
        if area.id.as_str() != folder.name {
            r.report(
                Diagnostic::new(
                    Rule::AreaMismatch,
                    area.id.span,
                    format!(
                        "area id `{}` differs from its folder `indicators/{}`",
                        area.id.value, folder.name
                    ),
                )
                .label("the folder decides the area")
                .help(format!(
                    "write `id = \"{}\"` or rename the folder",
                    folder.name
                )),
            );
        }
        let (comparable, bruttolista) = analysis::resolve(r, folder);
        let min_group_members = area.min_group_members.as_ref().map_or(
            crate::manifest::DEFAULT_MIN_GROUP_MEMBERS,
            |m| {
                if (1..=50).contains(&m.value) {
                    usize::try_from(m.value).unwrap_or(1)
                } else {
                    r.report(
                        Diagnostic::new(
                            Rule::InvalidValue,
                            m.span,
                            "`min_group_members` must be between 1 and 50",
                        )
                        .label(format!("{} is out of range", m.value)),
                    );
                    1
                }
            },
        );
        // A group mean needs `min_group_members` published kommuner: with fewer comparable
        // kommuner than that, every Liknande kommuner mean of the area would be withheld.
        if let (Some(spec), Some(_)) = (&folder.analysis.comparable, &comparable)
            && let Ok(k) = usize::try_from(spec.k.value)
            && k < min_group_members
        {
            r.report(
                Diagnostic::new(
                    Rule::InvalidValue,
                    spec.k.span,
                    format!(
                        "`k = {k}` comparable kommuner can never reach the area's `min_group_members = {min_group_members}`"
                    ),
                )
                .label("fewer than a group mean needs")
                .help("every Liknande kommuner mean would be withheld: raise `k` or lower `min_group_members` in area.toml"),
            );
        }
        areas.push(Area {
            id: folder.name.clone(),
            title: area.title.value.clone(),
            title_en: area.title_en.clone(),
            description: area.description.clone(),
            comparable,
            bruttolista,
            min_group_members,
        });
    }
    areas.sort_by(|a, b| a.id.cmp(&b.id));
    areas
}
