//! The bruttolista as a person reads it on a terminal: per area, the comparable kommuner, then the
//! flagged indicators by class and priority, each with its reasons in Swedish.

use std::fmt::Write as _;
use std::str::FromStr;

use jamfor_geo::{Geografi, KommunKod};
use jamfor_spec::Manifest;
use jamfor_spec::manifest::Release;

use crate::bruttolista::{Klass, Post};
use crate::comparable::Comparable;
use crate::skal::tal;

fn namn(geo: &Geografi, kod: &str) -> String {
    KommunKod::from_str(kod)
        .ok()
        .and_then(|k| geo.kommun(k))
        .map_or_else(|| kod.to_string(), |k| k.namn.to_string())
}

/// The shortlist of `kommun` for every area of `release`, from its bruttolista `posts` (as
/// [`crate::bruttolista`] returns them, in order).
pub fn text(
    manifest: &Manifest,
    release: &Release,
    comparable: &Comparable,
    posts: &[Post],
    kommun: &str,
) -> String {
    let geo = Geografi::inbyggd();
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Bruttolista för {} ({kommun}) — {}, {}",
        namn(geo, kommun),
        release.title,
        release.year
    );
    let mut areas: Vec<_> = manifest
        .areas
        .iter()
        .filter(|a| release.areas.contains(&a.id))
        .collect();
    areas.sort_by(|a, b| a.id.cmp(&b.id));
    for area in areas {
        let _ = writeln!(out, "\n{}", area.title);
        let group = comparable.group(&area.id, kommun);
        if let Some(declared) = &area.comparable {
            if group.is_empty() {
                let _ = writeln!(
                    out,
                    "  Liknande kommuner: inga (något nyckeltal saknar värde för kommunen)"
                );
            } else {
                let names: Vec<String> = group.iter().map(|k| namn(geo, k)).collect();
                let _ = writeln!(
                    out,
                    "  Liknande kommuner ({} nyckeltal): {}",
                    declared.nyckeltal.len(),
                    names.join(", ")
                );
            }
        }
        let mine: Vec<&Post> = posts
            .iter()
            .filter(|p| p.area == area.id && p.kommun == kommun)
            .collect();
        if mine.is_empty() {
            let _ = writeln!(out, "  Inga indikatorer att lyfta fram.");
            continue;
        }
        let mut klass: Option<Klass> = None;
        for post in mine {
            if klass != Some(post.klass) {
                klass = Some(post.klass);
                let _ = writeln!(out, "  {}", post.klass.rubrik());
            }
            let indicator = manifest.indicator(&post.indicator);
            let title = indicator.map_or(post.indicator.as_str(), |i| i.title.as_str());
            let decimals = indicator.map_or(1, |i| i.decimals);
            let value = post
                .value
                .map_or_else(|| post.status.symbol().to_string(), |v| tal(v, decimals));
            let _ = writeln!(out, "  {:>3}. {title}: {value}", post.prioritet);
            for skal in &post.skal {
                let _ = writeln!(out, "         – {}", skal.text(decimals));
            }
        }
    }
    out
}
