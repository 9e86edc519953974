//! The disclosure policies page: each policy's thresholds and who uses it.

use jamfor_spec::Manifest;
use jamfor_spec::keywords::ZeroPolicy;
use jamfor_spec::manifest::Policy;

use super::names::{area_page, policies_page};
use super::page::{Block, Inline, Page, code, joined, link_code, text};

/// The page.
pub(crate) fn page(manifest: &Manifest) -> Page {
    let mut blocks = vec![Block::Paragraph(vec![text(
        "Disclosure control protects small counts before anything is published. A release names \
         its default policy; an indicator may name a stricter one. Thresholds live only here.",
    )])];
    for policy in &manifest.policies {
        one(manifest, policy, &mut blocks);
    }
    Page {
        stem: policies_page().to_string(),
        title: "Disclosure policies".into(),
        blocks,
    }
}

fn one(manifest: &Manifest, p: &Policy, blocks: &mut Vec<Block>) {
    blocks.push(Block::Heading {
        level: 2,
        anchor: p.id.clone(),
        text: vec![text(p.title.as_deref().unwrap_or(&p.id))],
    });
    let mut f: Vec<(&'static str, Vec<Inline>)> = vec![
        ("Id", vec![code(&p.id)]),
        ("Method", vec![code(p.method.as_str())]),
        (
            "Smallest count",
            vec![text(format!(
                "{} (non-zero counts below it are suppressed)",
                p.min_count
            ))],
        ),
        (
            "Complement rule",
            vec![text(if p.complement {
                "yes: for a share, denominator − numerator is protected like a count"
            } else {
                "no"
            })],
        ),
        (
            "Smallest number of respondents",
            vec![text(p.min_respondents.to_string())],
        ),
        (
            "Smallest denominator",
            vec![text(
                p.min_denominator
                    .map_or_else(|| "none".to_string(), |n| n.to_string()),
            )],
        ),
        (
            "Zeros",
            vec![
                code(p.zeros.as_str()),
                text(match p.zeros {
                    ZeroPolicy::Publish => " (published)",
                    ZeroPolicy::Suppress => " (suppressed like small counts)",
                }),
            ],
        ),
        (
            "Published decimals",
            vec![text(p.published_decimals.map_or_else(
                || "as the indicator says".to_string(),
                |n| n.to_string(),
            ))],
        ),
    ];
    let releases: Vec<Inline> = manifest
        .releases
        .iter()
        .filter(|r| r.disclosure == p.id)
        .map(|r| code(&r.id))
        .collect();
    if !releases.is_empty() {
        f.push(("Default of", joined(releases)));
    }
    let indicators: Vec<Inline> = manifest
        .indicators
        .iter()
        .filter(|i| i.disclosure.as_deref() == Some(p.id.as_str()))
        .map(|i| link_code(&i.id, &area_page(&i.area), Some(&i.id)))
        .collect();
    if !indicators.is_empty() {
        f.push(("Named by", joined(indicators)));
    }
    blocks.push(Block::Fields(f));
}
