//! One page per area: the area's introduction, then every indicator with its metadata, the
//! published description texts and the measure in words and as written.

use std::collections::BTreeMap;

use jamfor_spec::Manifest;
use jamfor_spec::keywords::Direction;
use jamfor_spec::manifest::{Area, Breakdown, Colour, Comparable, Indicator};

use super::measure;
use super::names::{area_page, policies_page, sources_page};
use super::page::{Block, Inline, Page, code, joined, keywords, link_code, text};

/// The page of `area`; `texts` holds the definition files by root-relative path.
pub(crate) fn page(manifest: &Manifest, area: &Area, texts: &BTreeMap<String, String>) -> Page {
    let indicators: Vec<&Indicator> = manifest
        .indicators
        .iter()
        .filter(|i| i.area == area.id)
        .collect();
    let mut blocks = Vec::new();
    if let Some(en) = &area.title_en {
        blocks.push(Block::Paragraph(vec![Inline::Strong(en.clone())]));
    }
    if let Some(description) = &area.description {
        blocks.push(Block::Paragraph(vec![text(description)]));
    }
    blocks.push(Block::Paragraph(vec![
        text(format!("{} indicators; area id ", indicators.len())),
        code(&area.id),
        text("."),
    ]));
    if let Some(c) = &area.comparable {
        blocks.push(Block::Paragraph(comparable(manifest, c)));
    }
    blocks.push(Block::Table {
        header: vec!["Indicator", "Title", "Kind", "Unit"],
        rows: indicators
            .iter()
            .map(|i| {
                vec![
                    vec![link_code(&i.id, &area_page(&area.id), Some(&i.id))],
                    vec![text(&i.title)],
                    vec![code(i.kind.as_str())],
                    vec![code(i.unit.as_str())],
                ]
            })
            .collect(),
    });
    for indicator in indicators {
        indicator_blocks(manifest, indicator, texts, &mut blocks);
    }
    Page {
        stem: area_page(&area.id),
        title: area.title.clone(),
        blocks,
    }
}

/// How the area's comparable kommuner (liknande kommuner) are chosen, with links to the
/// nyckeltal that define them.
fn comparable(manifest: &Manifest, c: &Comparable) -> Vec<Inline> {
    let links = c
        .nyckeltal
        .iter()
        .map(|id| {
            let page = manifest
                .indicator(id)
                .map_or_else(String::new, |x| area_page(&x.area));
            link_code(id, &page, Some(id))
        })
        .collect();
    let mut out = vec![
        Inline::Strong("Comparable kommuner:".into()),
        text(format!(
            " for each kommun, the {} kommuner nearest to it in the standardised values of ",
            c.k
        )),
    ];
    out.extend(joined(links));
    if c.log.is_empty() {
        out.push(text("."));
    } else {
        out.push(text(" (on a log scale: "));
        out.extend(joined(c.log.iter().map(code).collect()));
        out.push(text(")."));
    }
    out
}

fn indicator_blocks(
    manifest: &Manifest,
    i: &Indicator,
    texts: &BTreeMap<String, String>,
    blocks: &mut Vec<Block>,
) {
    blocks.push(Block::Heading {
        level: 2,
        anchor: i.id.clone(),
        text: vec![text(&i.title)],
    });
    blocks.push(Block::Paragraph(vec![text(&i.description.shows)]));
    blocks.push(Block::Fields(metadata(manifest, i)));

    blocks.push(Block::Paragraph(vec![Inline::Strong("Measure".into())]));
    blocks.push(Block::List(measure::in_words(manifest, &i.measure)));
    if let Some(written) = texts
        .get(&i.location.file)
        .and_then(|file| measure::as_written(i, file))
    {
        blocks.push(Block::Code {
            lang: "toml",
            text: written,
        });
    }

    let d = &i.description;
    let described: Vec<(&'static str, Vec<Inline>)> = [
        ("Numerator", &d.numerator),
        ("Denominator", &d.denominator),
        ("Source", &d.source),
        ("Interpretation", &d.interpretation),
        ("Error sources", &d.error_sources),
    ]
    .into_iter()
    .filter_map(|(label, value)| value.as_ref().map(|v| (label, vec![text(v)])))
    .collect();
    if !described.is_empty() {
        blocks.push(Block::Paragraph(vec![Inline::Strong("Description".into())]));
        blocks.push(Block::Fields(described));
    }
}

fn metadata(manifest: &Manifest, i: &Indicator) -> Vec<(&'static str, Vec<Inline>)> {
    let mut f: Vec<(&'static str, Vec<Inline>)> = vec![("Id", vec![code(&i.id)])];
    if let Some(en) = &i.title_en {
        f.push(("English title", vec![text(en)]));
    }
    f.push(("Kind", vec![code(i.kind.as_str())]));
    if let Some(d) = i.dimension {
        f.push(("Kvalitetsdimension", vec![code(d.as_str())]));
    }
    if let Some(t) = i.indicator_type {
        f.push(("Type", vec![code(t.as_str())]));
    }
    f.push((
        "Direction",
        vec![
            code(i.direction.as_str()),
            text(match i.direction {
                Direction::Higher => " (higher values are better)",
                Direction::Lower => " (lower values are better)",
                Direction::None => " (neither is better)",
            }),
        ],
    ));
    if let Some(target) = i.target {
        f.push(("Target", vec![text(target.to_string())]));
    }
    f.push(("Unit", vec![code(i.unit.as_str())]));
    f.push(("Decimals", vec![text(i.decimals.to_string())]));
    f.push(("Levels", keywords(i.levels.iter().map(|l| l.as_str()))));
    f.push(("Breakdowns", breakdowns(i)));
    f.push(("Colour", colour(i)));
    f.push(("Measure type", vec![code(i.measure.type_name())]));
    f.push((
        "Sources read",
        joined(
            i.sources()
                .into_iter()
                .map(|s| link_code(s, sources_page(), Some(s)))
                .collect(),
        ),
    ));
    let references = i.measure.references();
    if !references.is_empty() {
        let links = references
            .into_iter()
            .map(|r| {
                let page = manifest
                    .indicator(r)
                    .map_or_else(String::new, |x| area_page(&x.area));
                link_code(r, &page, Some(r))
            })
            .collect();
        f.push(("Reuses the counts of", joined(links)));
    }
    // The other direction: a change to this indicator also moves these (and `run --state`
    // recomputes them with it).
    let reused_by: Vec<Inline> = manifest
        .indicators
        .iter()
        .filter(|x| x.measure.references().contains(&i.id.as_str()))
        .map(|x| link_code(&x.id, &area_page(&x.area), Some(&x.id)))
        .collect();
    if !reused_by.is_empty() {
        f.push(("Counts reused by", joined(reused_by)));
    }
    f.push(("Disclosure policy", disclosure(manifest, i)));
    if let Some(year) = i.comparable_from {
        f.push(("Comparable from", vec![text(year.to_string())]));
    }
    f.push((
        "Defined in",
        vec![code(format!("{}:{}", i.location.file, i.location.line))],
    ));
    f
}

fn breakdowns(i: &Indicator) -> Vec<Inline> {
    let mut items = vec![text("totalt")];
    for b in &i.breakdown {
        match b {
            Breakdown::Kon => items.push(text("kön (kvinnor, män)")),
            Breakdown::Alder => {
                let groups: Vec<&str> = i.age_groups.iter().map(|g| g.label.as_str()).collect();
                items.push(text(format!("ålder ({})", groups.join(", "))));
            }
            Breakdown::Column(column) => {
                items.push(text("the codes of "));
                items.push(code(column));
            }
        }
    }
    // "the codes of" and its column belong together; join the rest with commas.
    let mut out = Vec::new();
    for item in items {
        let glue = matches!(out.last(), Some(Inline::Text(t)) if t == "the codes of ");
        if !out.is_empty() && !glue {
            out.push(text(", "));
        }
        out.push(item);
    }
    out
}

fn colour(i: &Indicator) -> Vec<Inline> {
    let certain = |interval: bool| {
        if interval {
            "; green or red only when the 95 % interval lies wholly on that side"
        } else {
            ""
        }
    };
    let words = match i.colour {
        Colour::Relative {
            green,
            red,
            interval,
        } => format!(
            " (kommuner ranked: the best {green} % green, the worst {red} % red, the rest yellow{})",
            certain(interval)
        ),
        Colour::Thresholds {
            green,
            red,
            interval,
        } => format!(
            " (green from {green}, red beyond {red}, yellow between; in the indicator's unit{})",
            certain(interval)
        ),
        Colour::YesNo if i.direction == Direction::Lower => " (no green, yes red)".to_string(),
        Colour::YesNo => " (yes green, no red)".to_string(),
        Colour::None => " (not coloured)".to_string(),
    };
    let rule = match i.colour {
        Colour::Relative { .. } => "relative",
        Colour::Thresholds { .. } => "thresholds",
        Colour::YesNo => "yes_no",
        Colour::None => "none",
    };
    vec![code(rule), text(words)]
}

/// The indicator's own policy, or the default of each release that publishes its area.
fn disclosure(manifest: &Manifest, i: &Indicator) -> Vec<Inline> {
    if let Some(policy) = &i.disclosure {
        return vec![
            link_code(policy, policies_page(), Some(policy)),
            text(" (set on the indicator)"),
        ];
    }
    let defaults: Vec<Inline> = manifest
        .releases
        .iter()
        .filter(|r| r.areas.contains(&i.area))
        .flat_map(|r| {
            [
                link_code(&r.disclosure, policies_page(), Some(&r.disclosure)),
                text(format!(" in release {}", r.id)),
            ]
        })
        .collect();
    let mut out = vec![text("the release's default")];
    if !defaults.is_empty() {
        out.push(text(": "));
        // Pairs of (policy, " in release …"), separated by "; ".
        for (n, pair) in defaults.chunks(2).enumerate() {
            if n > 0 {
                out.push(text("; "));
            }
            out.extend(pair.iter().cloned());
        }
    }
    out
}
