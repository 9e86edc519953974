//! The index page: the areas, every indicator in one table, the releases, and links to the
//! sources, policies and rules pages.

use jamfor_spec::Manifest;

use super::names::{area_page, index_page, policies_page, rules_page, sources_page};
use super::page::{Block, Inline, Page, code, joined, keywords, link_code, link_text, text};

/// The page.
pub(crate) fn page(manifest: &Manifest) -> Page {
    let mut blocks = vec![Block::Paragraph(vec![text(format!(
        "{} indicators in {} areas, computed from {} sources under {} disclosure policies. \
         Generated from the definitions; every value below is as declared there.",
        manifest.indicators.len(),
        manifest.areas.len(),
        manifest.sources.len(),
        manifest.policies.len()
    ))])];
    blocks.push(Block::List(vec![
        vec![
            link_text("Sources", sources_page(), None),
            text(": files, columns, roles and codes"),
        ],
        vec![
            link_text("Disclosure policies", policies_page(), None),
            text(": thresholds for protecting small counts"),
        ],
        vec![
            link_text("Validation rules", rules_page(), None),
            text(": what jamfor check reports, with examples"),
        ],
    ]));

    blocks.push(Block::Heading {
        level: 2,
        anchor: "areas".into(),
        text: vec![text("Areas")],
    });
    blocks.push(Block::Table {
        header: vec!["Area", "Id", "Indicators"],
        rows: manifest
            .areas
            .iter()
            .map(|a| {
                let n = manifest
                    .indicators
                    .iter()
                    .filter(|i| i.area == a.id)
                    .count();
                vec![
                    vec![link_text(&a.title, &area_page(&a.id), None)],
                    vec![code(&a.id)],
                    vec![text(n.to_string())],
                ]
            })
            .collect(),
    });

    blocks.push(Block::Heading {
        level: 2,
        anchor: "indicators".into(),
        text: vec![text("All indicators")],
    });
    blocks.push(Block::Table {
        header: vec!["Indicator", "Title", "Area", "Kind", "Unit"],
        rows: manifest
            .indicators
            .iter()
            .map(|i| {
                vec![
                    vec![link_code(&i.id, &area_page(&i.area), Some(&i.id))],
                    vec![text(&i.title)],
                    vec![code(&i.area)],
                    vec![code(i.kind.as_str())],
                    vec![code(i.unit.as_str())],
                ]
            })
            .collect(),
    });

    blocks.push(Block::Heading {
        level: 2,
        anchor: "releases".into(),
        text: vec![text("Releases")],
    });
    for r in &manifest.releases {
        blocks.push(Block::Heading {
            level: 3,
            anchor: format!("release-{}", r.id),
            text: vec![text(&r.title)],
        });
        let years: Vec<String> = r.years().iter().map(i32::to_string).collect();
        let areas: Vec<Inline> = r
            .areas
            .iter()
            .map(|a| link_code(a, &area_page(a), None))
            .collect();
        let mut outputs = Vec::new();
        if r.parquet {
            outputs.push("parquet");
        }
        if r.excel {
            outputs.push("excel");
        }
        blocks.push(Block::Fields(vec![
            ("Id", vec![code(&r.id)]),
            ("Year", vec![text(r.year.to_string())]),
            ("Years computed", vec![text(years.join(", "))]),
            ("Published", vec![text(&r.published)]),
            ("Areas", joined(areas)),
            (
                "Default disclosure policy",
                vec![link_code(
                    &r.disclosure,
                    policies_page(),
                    Some(&r.disclosure),
                )],
            ),
            ("Outputs", keywords(outputs)),
            (
                "Defined in",
                vec![code(format!("{}:{}", r.location.file, r.location.line))],
            ),
        ]));
    }
    Page {
        stem: index_page().to_string(),
        title: "Indicator catalogue".into(),
        blocks,
    }
}
