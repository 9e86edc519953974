//! The bruttolista as a person reads it on a terminal: per area, the comparable kommuner, then the
//! flagged indicators by class and priority, each with its reasons in Swedish.
//!
//! The text is written from a [`Shortlist`], a plain description of what to print, so that a list
//! computed here ([`shortlist`]) and one read back from a release folder's Parquet tables print
//! the same way.

use std::fmt::Write as _;
use std::str::FromStr;

use jamfor_geo::{Geography, KommunCode};
use jamfor_spec::Manifest;
use jamfor_spec::manifest::Release;

use crate::bruttolista::{Class, Post};
use crate::comparable::Comparable;
use crate::reason::tal;

/// One kommun's shortlist, ready to print.
#[derive(Debug, Clone, PartialEq)]
pub struct Shortlist {
    /// Kommun code.
    pub kommun: String,
    /// Kommun name.
    pub name: String,
    /// The release's title.
    pub release: String,
    /// The release year.
    pub year: i32,
    /// The areas, in order.
    pub omraden: Vec<ShortlistArea>,
}

/// One area of a [`Shortlist`].
#[derive(Debug, Clone, PartialEq)]
pub struct ShortlistArea {
    /// The area's title.
    pub titel: String,
    /// The names of the comparable kommuner, nearest first: `None` when the area has no groups
    /// in the release, empty when the kommun has none (a nyckeltal lacks a value).
    pub liknande: Option<Vec<String>>,
    /// The flagged indicators, by priority.
    pub rader: Vec<Rad>,
}

/// One flagged indicator of an [`ShortlistArea`].
#[derive(Debug, Clone, PartialEq)]
pub struct Rad {
    /// Position on the list, 1 first.
    pub prioritet: u32,
    /// The class, which heads a run of entries.
    pub klass: Class,
    /// The indicator's title.
    pub titel: String,
    /// The value as published ("62,0"), with its interval where it has one ("62,0 (intervall
    /// 48,1–74,3)"), or the status symbol.
    pub varde: String,
    /// The reasons in Swedish.
    pub skal: Vec<String>,
}

/// A kommun's published value as shown: a yes/no answer as "Ja" or "Nej", else the number with
/// the indicator's decimals.
pub fn varde(value: f64, decimals: u8, yes_no: bool) -> String {
    if yes_no {
        if value >= 50.0 { "Ja" } else { "Nej" }.to_string()
    } else {
        tal(value, decimals)
    }
}

/// A value's confidence interval with the indicator's decimals: "36–97", and ", osäkert" after
/// it when every comparison value given (the comparable kommuner's mean, the kommungrupp's) lies
/// inside the interval, so that the value cannot be told apart from what it is compared with.
/// `None` without an interval.
pub fn intervall(
    interval: Option<(f64, f64)>,
    jamforelser: [Option<f64>; 2],
    decimals: u8,
) -> Option<String> {
    let (low, high) = interval?;
    let inne: Vec<bool> = jamforelser
        .iter()
        .flatten()
        .map(|v| (low..=high).contains(v))
        .collect();
    let osakert = !inne.is_empty() && inne.iter().all(|i| *i);
    Some(format!(
        "{}–{}{}",
        tal(low, decimals),
        tal(high, decimals),
        if osakert { ", osäkert" } else { "" }
    ))
}

/// A value as shown, with its interval (see [`intervall`]) after it in brackets when it has one:
/// "67 (intervall 36–97, osäkert)".
pub fn with_interval(
    varde: String,
    interval: Option<(f64, f64)>,
    jamforelser: [Option<f64>; 2],
    decimals: u8,
) -> String {
    match intervall(interval, jamforelser, decimals) {
        Some(text) => format!("{varde} (intervall {text})"),
        None => varde,
    }
}

fn is_yes_no(indicator: &jamfor_spec::manifest::Indicator) -> bool {
    matches!(
        indicator.measure,
        jamfor_spec::manifest::Measure::YesNo { .. }
    )
}

/// A kommun's name from its code (the code itself when unknown).
pub(crate) fn name(geo: &Geography, code: &str) -> String {
    KommunCode::from_str(code)
        .ok()
        .and_then(|k| geo.kommun(k))
        .map_or_else(|| code.to_string(), |k| k.name.to_string())
}

/// The shortlist of `kommun` for every area of `release`, from its bruttolista `posts` (as
/// [`crate::bruttolista`] returns them, in order) and the comparable kommuner.
pub fn shortlist(
    manifest: &Manifest,
    release: &Release,
    comparable: &Comparable,
    posts: &[Post],
    kommun: &str,
) -> Shortlist {
    let geo = Geography::builtin();
    let mut areas: Vec<_> = manifest
        .areas
        .iter()
        .filter(|a| release.areas.contains(&a.id))
        .collect();
    areas.sort_by(|a, b| a.id.cmp(&b.id));
    let omraden = areas
        .into_iter()
        .map(|area| {
            // An area skipped in this release shows as one without groups, as in its tables.
            let skipped = comparable.skipped.iter().any(|s| s.area == area.id);
            let liknande = area.comparable.as_ref().filter(|_| !skipped).map(|_| {
                comparable
                    .group(&area.id, kommun)
                    .iter()
                    .map(|k| name(geo, k))
                    .collect()
            });
            let rader = posts
                .iter()
                .filter(|p| p.area == area.id && p.kommun == kommun)
                .map(|post| {
                    let indicator = manifest.indicator(&post.indicator);
                    let decimals = indicator.map_or(1, |i| i.decimals);
                    Rad {
                        prioritet: post.prioritet,
                        klass: post.klass,
                        titel: indicator
                            .map_or_else(|| post.indicator.clone(), |i| i.title.clone()),
                        varde: post.value.map_or_else(
                            || post.status.symbol().to_string(),
                            |v| {
                                with_interval(
                                    varde(v, decimals, indicator.is_some_and(is_yes_no)),
                                    post.intervall,
                                    [post.liknande, post.kommungrupp],
                                    decimals,
                                )
                            },
                        ),
                        skal: post
                            .skal
                            .iter()
                            .map(|s| indicator.map_or_else(|| s.text(decimals), |i| s.beskriv(i)))
                            .collect(),
                    }
                })
                .collect();
            ShortlistArea {
                titel: area.title.clone(),
                liknande,
                rader,
            }
        })
        .collect();
    Shortlist {
        kommun: kommun.to_string(),
        name: name(geo, kommun),
        release: release.title.clone(),
        year: release.year,
        omraden,
    }
}

impl Shortlist {
    /// The list as text: a heading, then per area its comparable kommuner and its entries under
    /// their class headings.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "Bruttolista för {} ({}) — {}, {}",
            self.name, self.kommun, self.release, self.year
        );
        for area in &self.omraden {
            let _ = writeln!(out, "\n{}", area.titel);
            match &area.liknande {
                None => {}
                Some(names) if names.is_empty() => {
                    let _ = writeln!(
                        out,
                        "  Liknande kommuner: inga (något nyckeltal saknar värde för kommunen)"
                    );
                }
                Some(names) => {
                    let _ = writeln!(out, "  Liknande kommuner: {}", names.join(", "));
                }
            }
            if area.rader.is_empty() {
                let _ = writeln!(out, "  Inga indikatorer att lyfta fram.");
                continue;
            }
            let mut klass: Option<Class> = None;
            for rad in &area.rader {
                if klass != Some(rad.klass) {
                    klass = Some(rad.klass);
                    let _ = writeln!(out, "  {}", rad.klass.heading());
                }
                let _ = writeln!(out, "  {:>3}. {}: {}", rad.prioritet, rad.titel, rad.varde);
                for skal in &rad.skal {
                    let _ = writeln!(out, "         – {skal}");
                }
            }
        }
        out
    }
}

/// The shortlist of `kommun` as text (see [`shortlist`] and [`Shortlist::text`]).
pub fn text(
    manifest: &Manifest,
    release: &Release,
    comparable: &Comparable,
    posts: &[Post],
    kommun: &str,
) -> String {
    shortlist(manifest, release, comparable, posts, kommun).text()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_interval_is_uncertain_when_it_holds_every_comparison() {
        // 67 of 9 respondents, 35–88, against 75 and 80: both inside.
        assert_eq!(
            with_interval("67".into(), Some((35.4, 87.9)), [Some(75.0), Some(80.0)], 0),
            "67 (intervall 35–88, osäkert)"
        );
        // One comparison outside: the difference from it is sure, so no "osäkert".
        assert_eq!(
            intervall(Some((35.4, 87.9)), [Some(75.0), Some(91.0)], 0).as_deref(),
            Some("35–88")
        );
        // No comparison to be unsure about, or no interval at all.
        assert_eq!(
            intervall(Some((3.94, 4.87)), [None, None], 1).as_deref(),
            Some("3,9–4,9")
        );
        assert_eq!(
            with_interval("26".into(), None, [Some(60.0), None], 0),
            "26"
        );
    }
}
