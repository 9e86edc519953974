//! `jamfor docs`: the catalogue generated from the repository's definitions lists every indicator
//! on its area's page, links only to files and anchors that exist, escapes what users wrote, and
//! is byte-identical from one run to the next.

#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::print_stderr)]

mod support;

use std::collections::BTreeMap;
use std::path::Path;

use jamfor_spec::Manifest;
use jamfor_spec::resolve::{self, Options};
use support::{copy_catalogue, edit, jamfor, repo_root, scratch, stderr};

fn manifest(root: &Path) -> Manifest {
    let (spec, _) = jamfor_spec::load(root).expect("definitions can be read");
    resolve::resolve(&spec, &Options::default())
        .0
        .expect("the catalogue checks")
}

/// Every file under `dir`, by path relative to it.
fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(dir: &Path, prefix: &str, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            if entry.file_type().unwrap().is_dir() {
                walk(&entry.path(), &format!("{name}/"), out);
            } else {
                out.insert(name, std::fs::read(entry.path()).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, "", &mut out);
    out
}

fn docs(root: &Path, out: &Path) -> BTreeMap<String, String> {
    let run = jamfor(
        root,
        &[
            "docs",
            "--root",
            root.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    read_tree(out)
        .into_iter()
        .map(|(k, v)| (k, String::from_utf8(v).expect("pages are UTF-8")))
        .collect()
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

/// The values of `attr="…"` in an HTML page.
fn attributes<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let marker = format!("{attr}=\"");
    html.match_indices(&marker)
        .map(|(at, _)| {
            let rest = &html[at + marker.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect()
}

#[test]
fn every_indicator_is_on_its_area_page_with_its_title() {
    let root = repo_root();
    let files = docs(&root, &scratch("docs-catalogue"));
    let manifest = manifest(&root);
    assert!(manifest.indicators.len() > 20);
    for i in &manifest.indicators {
        let html = &files[&format!("html/area-{}.html", i.area)];
        assert!(
            html.contains(&format!(
                "<h2 id=\"{}\">{}</h2>",
                i.id,
                html_escape(&i.title)
            )),
            "{} missing from html/area-{}.html",
            i.id,
            i.area
        );
        let md = &files[&format!("markdown/area-{}.md", i.area)];
        assert!(md.contains(&format!("<a id=\"{}\"></a>", i.id)), "{}", i.id);
        assert!(md.contains(&i.id), "{}", i.id);
        let index = &files["html/index.html"];
        assert!(
            index.contains(&format!("area-{}.html#{}", i.area, i.id)),
            "{} missing from the index",
            i.id
        );
    }
    for s in &manifest.sources {
        assert!(files["html/sources.html"].contains(&format!("<h2 id=\"{}\">", s.id)));
    }
    for rule in jamfor_spec::Rule::ALL {
        let html = &files["html/rules.html"];
        assert!(html.contains(&format!("<h2 id=\"{}\">", rule.name())));
        // The example of what `check` prints, taken from the rule's fixture.
        assert!(
            html.contains(&format!("error[{}]", rule.name()))
                || html.contains(&format!("warning[{}]", rule.name()))
        );
    }
    // A measure as written in its file, next to the words.
    let aldre = &files["markdown/area-aldreomsorg.md"];
    assert!(aldre.contains(
        "[indicator.measure]\ntype = \"share\"\nnumerator = { source = \"befolkning\", sum = \"antal\", where = \"alder >= 80\" }"
    ));
    assert!(aldre.contains(
        "the sum of `antal` in [`befolkning`](sources.md#befolkning) where `alder >= 80`"
    ));
}

/// The part of an area's HTML page about one indicator: from its heading to the next one.
fn section<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page
        .find(&format!("<h2 id=\"{id}\">"))
        .unwrap_or_else(|| panic!("{id} has a heading"));
    let rest = &page[start + 1..];
    &page[start..start + 1 + rest.find("<h2 ").unwrap_or(rest.len())]
}

#[test]
fn every_indicator_carries_its_metadata_description_and_measure() {
    let root = repo_root();
    let files = docs(&root, &scratch("docs-metadata"));
    let manifest = manifest(&root);
    for i in &manifest.indicators {
        let page = &files[&format!("html/area-{}.html", i.area)];
        let part = section(page, &i.id);
        let has = |label: &str, value: &str| {
            assert!(
                part.contains(&format!("<th scope=\"row\">{label}</th>"))
                    && part.contains(&html_escape(value)),
                "{}: no {label} `{value}` in its section:\n{part}",
                i.id
            );
        };
        has("Kind", i.kind.as_str());
        has("Direction", i.direction.as_str());
        has("Unit", i.unit.as_str());
        has("Decimals", &i.decimals.to_string());
        has("Measure type", i.measure.type_name());
        has("Defined in", &i.location.file);
        if let Some(d) = i.dimension {
            has("Kvalitetsdimension", d.as_str());
        }
        for source in i.sources() {
            has("Sources read", source);
        }
        // Every published description text, as written.
        assert!(
            part.contains(&html_escape(&i.description.shows)),
            "{}",
            i.id
        );
        let d = &i.description;
        for (label, value) in [
            ("Numerator", &d.numerator),
            ("Denominator", &d.denominator),
            ("Source", &d.source),
            ("Interpretation", &d.interpretation),
            ("Error sources", &d.error_sources),
        ] {
            if let Some(value) = value {
                has(label, value);
            }
        }
        // The measure as written in its file.
        assert!(part.contains("[indicator.measure]"), "{}", i.id);
    }
    // Reuse is shown both ways: the share names the count, the count names the share.
    let ekb = section(
        &files["html/area-ekonomiskt_bistand.html"],
        "ekb_mottagare_antal",
    );
    assert!(ekb.contains("Counts reused by"), "{ekb}");
    assert!(
        ekb.contains("area-ekonomiskt_bistand.html#ekb_mottagare_andel"),
        "{ekb}"
    );
    // Each area says how its comparable kommuner are chosen.
    for area in manifest.areas.iter().filter(|a| a.comparable.is_some()) {
        let page = &files[&format!("markdown/area-{}.md", area.id)];
        let c = area.comparable.as_ref().unwrap();
        assert!(
            page.contains(&format!("the {} kommuner nearest", c.k)),
            "{}",
            area.id
        );
        for n in &c.nyckeltal {
            assert!(page.contains(&format!("[`{n}`]")), "{}: {n}", area.id);
        }
    }
    // Every validation rule with an example, what check prints for it, and the fix.
    let rules = &files["markdown/rules.md"];
    for rule in jamfor_spec::Rule::ALL {
        let start = rules
            .find(&format!("## `{}`", rule.name()))
            .unwrap_or_else(|| panic!("{} has a section", rule.name()));
        let rest = &rules[start + 3..];
        let part = &rest[..rest.find("\n## `").unwrap_or(rest.len())];
        for piece in [
            "**Example**",
            "**What check prints**",
            "**Instead:**",
            "```toml",
        ] {
            assert!(part.contains(piece), "{}: no {piece}", rule.name());
        }
    }
}

#[test]
fn every_link_leads_to_an_existing_page_and_anchor_and_nothing_is_fetched() {
    let files = docs(&repo_root(), &scratch("docs-links"));
    let mut checked = 0;
    for (path, page) in files.iter().filter(|(p, _)| p.ends_with(".html")) {
        assert!(!page.contains("<script"), "{path}");
        assert!(
            !page.contains("http://") && !page.contains("https://"),
            "{path}"
        );
        for href in attributes(page, "href") {
            let (file, anchor) = href.split_once('#').unwrap_or((href, ""));
            let target = format!("html/{file}");
            let text = files
                .get(&target)
                .unwrap_or_else(|| panic!("{path} links to missing {target}"));
            if !anchor.is_empty() {
                assert!(
                    attributes(text, "id").contains(&anchor),
                    "{path} links to missing anchor {href}"
                );
            }
            checked += 1;
        }
    }
    for (path, page) in files.iter().filter(|(p, _)| p.ends_with(".md")) {
        for (at, _) in page.match_indices("](") {
            let rest = &page[at + 2..];
            let href = &rest[..rest.find(')').unwrap()];
            let (file, anchor) = href.split_once('#').unwrap_or((href, ""));
            let target = format!("markdown/{file}");
            let text = files
                .get(&target)
                .unwrap_or_else(|| panic!("{path} links to missing {target}"));
            if !anchor.is_empty() {
                assert!(
                    text.contains(&format!("<a id=\"{anchor}\"></a>")),
                    "{path} links to missing anchor {href}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 200, "only {checked} links");
    assert!(files.contains_key("html/style.css"));
}

#[test]
fn what_users_wrote_is_escaped() {
    let root = scratch("docs-escape-root");
    copy_catalogue(&root);
    edit(
        &root.join("indicators/aldreomsorg/befolkning.toml"),
        "title = \"Invånare 80+, andel (%)\"",
        "title = \"Invånare <80+> & *andel* (%)\"",
    );
    let files = docs(&root, &scratch("docs-escape"));
    let html = &files["html/area-aldreomsorg.html"];
    assert!(html.contains("Invånare &lt;80+&gt; &amp; *andel* (%)"));
    assert!(!html.contains("<80+>"));
    let md = &files["markdown/area-aldreomsorg.md"];
    assert!(md.contains(r"Invånare \<80+\> \& \*andel\* (%)"), "{md}");
    // A condition with `<` inside code is escaped in HTML too.
    assert!(html.contains("<code>alder &gt;= 80</code>"));
}

#[test]
fn a_second_run_is_byte_identical() {
    let out = scratch("docs-twice");
    let run = |out: &Path| {
        let r = jamfor(&repo_root(), &["docs", "--out", out.to_str().unwrap()]);
        assert_eq!(r.status.code(), Some(0), "{}", stderr(&r));
        read_tree(out)
    };
    let first = run(&out);
    let again = run(&out);
    let elsewhere = run(&scratch("docs-twice-elsewhere"));
    assert_eq!(first, again);
    assert_eq!(first, elsewhere);
}

#[test]
fn a_bad_root_or_broken_definitions_are_refused() {
    let out = scratch("docs-refused");
    let missing = out.join("no-such-root");
    let run = jamfor(
        &repo_root(),
        &[
            "docs",
            "--root",
            missing.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ],
    );
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("is not a folder"), "{}", stderr(&run));

    let root = scratch("docs-broken-root");
    copy_catalogue(&root);
    edit(
        &root.join("indicators/aldreomsorg/befolkning.toml"),
        "where = \"alder >= 80\"",
        "where = \"aldr >= 80\"",
    );
    let run = jamfor(&root, &["docs", "--out", out.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    assert!(stderr(&run).contains("unknown-column"), "{}", stderr(&run));
    assert!(
        !out.join("html").exists(),
        "nothing is written from broken definitions"
    );
}
