//! Real data through a normal source and indicator definition: "Invånare 80+, andel (%)" per
//! kommun, län and riket, totalt and by kön, for 2019, from SCB's population by age and kön,
//! compared with Kolada's published N01813. Skips when the shared reference folder is absent.

#![allow(clippy::unwrap_used, clippy::print_stderr)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jamfor_engine::{GeoLevel, Kon, RIKET, Status};

fn reference() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/reference")
}

const SOURCE: &str = r#"
[source]
id = "scb_alderkon"
title = "Folkmängd 31 december efter kommun, ålder och kön"
family = "statistik"
provider = "SCB"
unique_by = ["region", "ålder", "kön"]

[source.format]
kind = "csv"
delimiter = ","

[[source.columns]]
name = "region"
type = "text"
role = "kommun"
description = "Kommunens namn (SCB:s export anger namn, inte kod)."

[[source.columns]]
name = "ålder"
type = "integer"
role = "alder"

[[source.columns]]
name = "kön"
type = "code"
role = "kon"
codes = ["män", "kvinnor"]
kvinnor = "kvinnor"
man = "män"

[[source.columns]]
name = "X2019"
type = "integer"
"#;

const INDICATOR: &str = r#"
[[indicator]]
id = "N01813"
title = "Invånare 80+, andel (%)"
kind = "bakgrundsmatt"
direction = "none"
unit = "procent"
breakdown = ["kon"]
levels = ["kommun", "lan", "riket"]

[indicator.description]
shows = "Andel invånare 80 år och äldre."

[indicator.measure]
type = "share"
numerator = { source = "scb_alderkon", sum = "X2019", where = "\"ålder\" >= 80" }
denominator = { source = "scb_alderkon", sum = "X2019" }
"#;

fn kolada(path: &Path, gendered: bool) -> BTreeMap<(String, Kon), f64> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut out = BTreeMap::new();
    for line in text.lines().skip(1) {
        let fields: Vec<&str> = line.split(',').collect();
        let (geo, kon, year, value) = if gendered {
            let kon = if fields[1] == "k" { Kon::K } else { Kon::M };
            (fields[0], kon, fields[2], fields[3])
        } else {
            (fields[0], Kon::T, fields[1], fields[2])
        };
        if year == "2019" {
            out.insert((geo.to_string(), kon), value.parse::<f64>().unwrap());
        }
    }
    out
}

#[test]
fn share_80_plus_matches_kolada_n01813() {
    let population = reference().join("population/SCB_alderkon_2019.csv");
    let ddf = reference().join("kolada/ddf");
    if !population.exists() || !ddf.exists() {
        eprintln!("skipped: ../shared/reference is not present");
        return;
    }
    let release = format!(
        "[release]\nid = \"kolada-test\"\ntitle = \"N01813\"\nyear = 2019\npublished = 2020-03-01\ndisclosure = \"ingen\"\n\n\
         [inputs.scb_alderkon]\nfiles = {{ \"2019\" = {:?} }}\n",
        population.to_str().unwrap()
    );
    let files = vec![
        ("sources/scb_alderkon.toml".to_string(), SOURCE.to_string()),
        (
            "indicators/aldre/area.toml".to_string(),
            "[area]\nid = \"aldre\"\ntitle = \"Äldre\"\n".to_string(),
        ),
        (
            "indicators/aldre/n01813.toml".to_string(),
            INDICATOR.to_string(),
        ),
        (
            "policies/p.toml".to_string(),
            "[[policy]]\nid = \"ingen\"\nmethod = \"suppression\"\nmin_count = 1\n".to_string(),
        ),
        ("pipelines/test.toml".to_string(), release),
    ];
    let (spec, mut diagnostics) = jamfor_spec::from_files(files);
    let (manifest, more) =
        jamfor_spec::resolve::resolve(&spec, &jamfor_spec::resolve::Options::default());
    diagnostics.extend(more);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    let manifest = manifest.unwrap();
    let results = jamfor_engine::run(&manifest, &manifest.releases[0], Path::new(".")).unwrap();

    let mut expected = kolada(
        &ddf.join("datapoints--by--geo--year/ddf--datapoints--n01813--by--geo--year.csv"),
        false,
    );
    expected.extend(kolada(
        &ddf.join(
            "datapoints--by--geo--gender--year/ddf--datapoints--n01813--by--geo--gender--year.csv",
        ),
        true,
    ));
    assert_eq!(
        expected.len(),
        312 * 3,
        "Kolada has T, K and M for 290 kommuner, 21 län and riket"
    );
    let mut compared = 0;
    let mut worst = 0.0_f64;
    for ((geo, kon), published) in &expected {
        let (level, code) = match geo.len() {
            1 => (GeoLevel::Riket, RIKET.to_string()),
            2 => (GeoLevel::Lan, geo.clone()),
            _ => (GeoLevel::Kommun, geo.clone()),
        };
        let row = results
            .get("N01813", 2019, level, &code, *kon)
            .unwrap_or_else(|| panic!("no result for {geo} {kon:?}"));
        assert_eq!(row.status, Status::Value);
        let ours = row.value.unwrap();
        let difference = (ours - published).abs();
        worst = worst.max(difference);
        assert!(
            difference < 0.0001,
            "{geo} {kon:?}: ours {ours}, Kolada {published}"
        );
        compared += 1;
    }
    eprintln!(
        "compared {compared} values with Kolada N01813; largest difference {worst:.2e} percentage points"
    );
}
