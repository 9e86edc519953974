//! Every generated file is what its source declares: header, codes, kön codes, types, decimal
//! mark, encoding, nullability and the real kommun codes.

mod common;

use std::collections::BTreeSet;

use common::{Table, generate, manifest, manifest_from, root, small};
use jamfor_geo::Geography;
use jamfor_spec::keywords::{ColumnType, Role};
use jamfor_spec::manifest::Source;

/// Checks one file against its declaration; returns the kommun codes it holds.
fn conforms(source: &Source, bytes: &[u8]) -> BTreeSet<String> {
    let id = &source.id;
    let table = Table::read(source, bytes);
    let declared: Vec<&str> = source.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(table.header, declared, "{id}: header");
    assert!(!table.rows.is_empty(), "{id}: no rows");
    let geo = Geography::builtin();
    let mut kommuner = BTreeSet::new();
    for (n, row) in table.rows.iter().enumerate() {
        assert_eq!(row.len(), declared.len(), "{id} row {n}: field count");
        for (c, value) in source.columns.iter().zip(row) {
            let at = format!("{id} row {n} column {}: `{value}`", c.name);
            if value.is_empty() {
                assert!(c.nullable, "{at}: empty in a non-nullable column");
                continue;
            }
            if !c.codes.is_empty() {
                assert!(
                    c.codes.iter().any(|(k, _)| k == value),
                    "{at}: not a declared code"
                );
            }
            if let Some(kon) = &c.kon_codes {
                assert!(
                    *value == kon.kvinnor || *value == kon.man,
                    "{at}: not a kön code"
                );
            }
            match c.column_type {
                ColumnType::Integer => {
                    value
                        .parse::<i64>()
                        .unwrap_or_else(|_| panic!("{at}: not an integer"));
                }
                ColumnType::Decimal => {
                    let mark = source.format.decimal;
                    let other = if mark == ',' { '.' } else { ',' };
                    assert!(!value.contains(other), "{at}: wrong decimal mark");
                    value
                        .replace(mark, ".")
                        .parse::<f64>()
                        .unwrap_or_else(|_| panic!("{at}: not a decimal"));
                }
                ColumnType::Date => {
                    common::day(value);
                }
                _ => {}
            }
            if c.role == Some(Role::Kommun) {
                let code = value
                    .parse()
                    .unwrap_or_else(|_| panic!("{at}: not a kommun code"));
                assert!(geo.is_valid_in(code, 2024), "{at}: not a kommun");
                kommuner.insert(value.clone());
            }
        }
    }
    if !source.unique_by.is_empty() {
        let idx: Vec<usize> = source.unique_by.iter().map(|n| table.column(n)).collect();
        let mut keys = BTreeSet::new();
        for row in &table.rows {
            let key: Vec<&str> = idx.iter().map(|&i| row[i].as_str()).collect();
            assert!(keys.insert(key), "{id}: duplicate key");
        }
    }
    kommuner
}

#[test]
fn every_source_of_the_catalogue_conforms() {
    let manifest = manifest();
    for source in &manifest.sources {
        let kommuner = conforms(source, &generate(source, 2024, &small(1)));
        // The kommunenkät has its bortfall; an LSS unit may not answer; everything else is
        // complete even as a small sample.
        let minst = match source.id.as_str() {
            "kommunenkat" => 283,
            "enhetsenkat_lss" => 280,
            _ => 290,
        };
        assert!(
            kommuner.len() >= minst,
            "{}: {} kommuner",
            source.id,
            kommuner.len()
        );
    }
}

/// A catalogue source with its format changed.
fn variant(file: &str, from: &str, to: &str) -> Source {
    let path = root().join("sources").join(file);
    let text = std::fs::read_to_string(&path).expect("source file");
    assert!(text.contains(from), "{file} no longer has `{from}`");
    let manifest = manifest_from(vec![(
        format!("sources/{file}"),
        text.replacen(from, to, 1),
    )]);
    manifest.sources.into_iter().next().expect("one source")
}

#[test]
fn windows_1252_writes_swedish_letters_as_single_bytes() {
    // The home-care register has the code SÄBO; declare it Windows-1252.
    let source = variant(
        "hemtjanst_register.toml",
        "decimal = \",\"",
        "decimal = \",\"\nencoding = \"windows-1252\"",
    );
    let bytes = generate(&source, 2024, &small(1));
    conforms(&source, &bytes);
    assert!(
        bytes.windows(4).any(|w| w == b"S\xC4BO"),
        "SÄBO as one byte Ä"
    );
    assert!(std::str::from_utf8(&bytes).is_err(), "not UTF-8");
}

#[test]
fn a_comma_delimiter_quotes_codes_with_commas_and_uses_a_decimal_point() {
    let source = variant(
        "brukar_ifo.toml",
        "delimiter = \";\"\ndecimal = \",\"",
        "delimiter = \",\"\ndecimal = \".\"",
    );
    let bytes = generate(&source, 2024, &small(1));
    conforms(&source, &bytes);
    let text = String::from_utf8(bytes).expect("utf-8");
    assert!(text.contains("\"Ja, mycket\"") || text.contains("\"Ja, ganska mycket\""));
}

#[test]
fn decimal_comma_where_declared() {
    let manifest = manifest();
    let source = manifest.source("ekb_register").expect("declared");
    let table = Table::read(source, &generate(source, 2024, &small(1)));
    assert!(
        table
            .values("belopp")
            .all(|v| v.contains(',') && !v.contains('.'))
    );
}

#[test]
fn a_source_that_is_not_csv_is_refused_and_nothing_is_left_behind() {
    let mut manifest = manifest();
    let befolkning = manifest
        .sources
        .iter_mut()
        .find(|s| s.id == "befolkning")
        .expect("declared");
    befolkning.format.kind = jamfor_spec::keywords::FormatKind::Parquet;
    let release = common::release(&manifest, &[2024]);
    let parent = std::env::temp_dir().join(format!("jamfor-synth-fail-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&parent);
    std::fs::create_dir_all(&parent).expect("temp folder");
    let out = parent.join("out");
    let err = jamfor_synth::write_release(&manifest, &release, &small(1), &out)
        .expect_err("parquet is refused");
    assert!(err.to_string().contains("befolkning"), "{err}");
    let left: Vec<_> = std::fs::read_dir(&parent).expect("readable").collect();
    assert!(left.is_empty(), "left behind: {left:?}");
    let _ = std::fs::remove_dir_all(&parent);
}

#[test]
fn a_source_without_a_generator_is_filled_from_its_declaration() {
    let text = r#"
[source]
id = "ny_kalla"
title = "En ny källa"
family = "register"

[source.format]
kind = "csv"
delimiter = ";"
decimal = ","
encoding = "iso-8859-1"

[[source.columns]]
name = "id"
type = "text"
role = "identifying"

[[source.columns]]
name = "kommun"
type = "integer"
role = "kommun"

[[source.columns]]
name = "kon"
type = "code"
role = "kon"
codes = { "1" = "män", "2" = "kvinnor" }
kvinnor = "2"
man = "1"

[[source.columns]]
name = "ar"
type = "integer"
role = "period"

[[source.columns]]
name = "utfall"
type = "code"
codes = ["Förbättrad", "Oförändrad", "Försämrad"]
nullable = true

[[source.columns]]
name = "kostnad"
type = "decimal"

[[source.columns]]
name = "beslutsdatum"
type = "date"
"#;
    let manifest = manifest_from(vec![("sources/ny_kalla.toml".into(), text.into())]);
    let source = &manifest.sources[0];
    let bytes = generate(source, 2022, &small(1));
    let table = Table::read(source, &bytes);
    assert!(table.values("ar").all(|v| v == "2022"));
    // Integer kommun codes lose their leading zero, as a spreadsheet export would have it.
    assert!(table.values("kommun").any(|v| v == "114"));
    assert!(
        table
            .values("beslutsdatum")
            .all(|v| v.len() == 10 && v.starts_with("2022-"))
    );
    assert!(bytes.contains(&0xF6), "ö in Latin-1");
}
