//! Names of stadsdelar and enheter, from the sources that declare them.
//!
//! The built-in geography knows kommuner and län only. A source whose `stadsdel` or `enhet`
//! column lists its codes with labels (`codes = { "018001" = "Rinkeby-Kista", … }`) names those
//! places; a code no source labels has no name, and none is made up. When two sources label
//! the same code differently, the source declared first (by id) names it.

use std::collections::BTreeMap;

use jamfor_engine::GeoLevel;
use jamfor_spec::keywords::Role;
use jamfor_spec::manifest::Manifest;

/// Every labelled stadsdel and enhet code, by level and code.
pub(crate) fn unit_names(manifest: &Manifest) -> BTreeMap<(GeoLevel, String), String> {
    let mut names = BTreeMap::new();
    let mut sources: Vec<_> = manifest.sources.iter().collect();
    sources.sort_by(|a, b| a.id.cmp(&b.id));
    for source in sources {
        for (role, level) in [
            (Role::Stadsdel, GeoLevel::Stadsdel),
            (Role::Enhet, GeoLevel::Enhet),
        ] {
            let Some(column) = source.role(role) else {
                continue;
            };
            for (code, label) in &column.codes {
                if let Some(label) = label.as_ref().filter(|l| !l.trim().is_empty()) {
                    names
                        .entry((level, code.clone()))
                        .or_insert_with(|| label.clone());
                }
            }
        }
    }
    names
}
