//! `jamfor docs`: the indicator catalogue generated from the definitions.
//!
//! **In:** a checked [`Manifest`] and the text of its definition files (to show each measure as
//! written). **Out:** the same pages twice — Markdown (`markdown/index.md`, one
//! `area-<id>.md` per area, `sources.md`, `policies.md`, `rules.md`) and a static site
//! (`html/*.html` with one `style.css`) — as (relative path, content) pairs in a fixed order.
//! Nothing depends on the clock or on hash order, so identical definitions give identical bytes.

mod area;
mod examples;
mod html;
mod index;
mod markdown;
mod measure;
mod names;
mod page;
mod policies;
mod rules;
mod sources;

use std::collections::BTreeMap;

use jamfor_spec::Manifest;

use page::Page;

/// The catalogue's pages: index, areas in id order, sources, policies, rules.
fn pages(manifest: &Manifest, texts: &BTreeMap<String, String>) -> Vec<Page> {
    let mut pages = vec![index::page(manifest)];
    pages.extend(
        manifest
            .areas
            .iter()
            .map(|area| area::page(manifest, area, texts)),
    );
    pages.push(sources::page(manifest));
    pages.push(policies::page(manifest));
    pages.push(rules::page());
    pages
}

/// Every file of the catalogue: `(path relative to the output folder, content)`.
pub(crate) fn files(
    manifest: &Manifest,
    texts: &BTreeMap<String, String>,
) -> Vec<(String, String)> {
    let pages = pages(manifest, texts);
    let nav: Vec<(String, String)> = pages
        .iter()
        .map(|p| {
            let title = if p.stem == names::index_page() {
                "Catalogue".to_string()
            } else {
                p.title.clone()
            };
            (p.stem.clone(), title)
        })
        .collect();
    let mut files = Vec::with_capacity(pages.len() * 2 + 1);
    for page in &pages {
        files.push((format!("markdown/{}.md", page.stem), markdown::render(page)));
    }
    for page in &pages {
        files.push((format!("html/{}.html", page.stem), html::render(page, &nav)));
    }
    files.push((
        format!("html/{}", html::STYLESHEET_NAME),
        html::STYLESHEET.to_string(),
    ));
    files
}
