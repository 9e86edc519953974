//! Benchmark of the engine on synthetic data, next to its floor measured the same way.
//!
//! ```sh
//! cargo run --release -p jamfor -- synth --scale national --seed 1 --out target/bench-data/data/default
//! cargo build --release --workspace --examples
//! /usr/bin/time -v target/release/examples/bench_engine --data target/bench-data --mode engine
//! /usr/bin/time -v target/release/examples/bench_engine --data target/bench-data --mode floor
//! /usr/bin/time -v target/release/examples/bench_engine --data target/bench-data --mode double
//! target/release/examples/bench_engine --data target/bench-data --mode columns
//! ```
//!
//! Modes, each for the release year of the default release:
//! - `engine`: every indicator of the catalogue, as `jamfor` computes them;
//! - `floor`: a bare polars CSV read of the same files (every year's file the indicators reach:
//!   a count of the previous year, the years of a `window`) and one group-by per file over the
//!   same key columns, summing the columns the indicators read, plus one group-by per person (and
//!   kommun) of every register some `having` reads — the least any engine must do;
//! - `double`: the catalogue with every indicator defined twice (cost must grow with rows, not
//!   with indicators);
//! - `columns`: the in-memory size of the columns read — every declared column of every source,
//!   typed as declared (polars' estimate of each frame's buffers) — the measure peak memory is
//!   compared with.
//!
//! Each mode prints its wall time; peak memory comes from `/usr/bin/time -v` around the process.

#![allow(clippy::print_stdout, clippy::print_stderr, clippy::unwrap_used)]

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::Instant;

use jamfor_spec::keywords::{ColumnType, Encoding, Role};
use jamfor_spec::manifest::{Count, Manifest, Release};
use polars::prelude::*;

fn manifest() -> Manifest {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let (spec, diagnostics) = jamfor_spec::load(&root).unwrap();
    assert!(
        diagnostics.is_empty(),
        "the repository's definitions must check clean"
    );
    let (manifest, _) =
        jamfor_spec::resolve::resolve(&spec, &jamfor_spec::resolve::Options::default());
    manifest.unwrap()
}

fn one_year(release: &Release) -> Release {
    let mut r = release.clone();
    r.history.clear();
    r
}

/// Every (source, year) file the indicators read for the release year, and the sources some
/// `having` groups per person.
fn files_read(
    manifest: &Manifest,
    release: &Release,
) -> (BTreeSet<(String, i32)>, BTreeSet<String>) {
    let mut files = BTreeSet::new();
    let mut persons = BTreeSet::new();
    for indicator in &manifest.indicators {
        for (source, offset) in indicator.measure.source_years() {
            files.insert((source.to_string(), release.year + offset));
        }
        let counts: Vec<&Count> = indicator.measure.counts();
        for c in counts {
            if let Count::Source {
                source,
                person: Some(_),
                ..
            } = c
            {
                persons.insert(source.clone());
            }
        }
    }
    (files, persons)
}

fn floor(manifest: &Manifest, release: &Release, data: &Path) -> usize {
    let mut groups = 0;
    let (files, persons) = files_read(manifest, release);
    for (id, year) in &files {
        let source = manifest.source(id).unwrap();
        let path = data.join(&release.inputs[id][year]);
        let mut keys = Vec::new();
        let mut values = Vec::new();
        let mut person_keys = Vec::new();
        let mut person_values = Vec::new();
        for c in &source.columns {
            match c.role {
                Some(Role::Identifying) => person_keys.push(col(c.name.as_str())),
                Some(Role::Kommun) => {
                    keys.push(col(c.name.as_str()));
                    person_keys.push(col(c.name.as_str()));
                }
                Some(Role::Kon | Role::Alder) => keys.push(col(c.name.as_str())),
                _ if matches!(c.column_type, ColumnType::Integer | ColumnType::Decimal) => {
                    values.push(col(c.name.as_str()).cast(DataType::Float64).sum());
                    person_values.push(col(c.name.as_str()).n_unique());
                }
                _ => values.push(col(c.name.as_str()).count()),
            }
        }
        let parse = CsvParseOptions::default()
            .with_separator(u8::try_from(source.format.delimiter).unwrap())
            .with_decimal_comma(source.format.decimal == ',')
            .with_encoding(if source.format.encoding == Encoding::Utf8 {
                CsvEncoding::Utf8
            } else {
                CsvEncoding::LossyUtf8
            });
        let frame = CsvReadOptions::default()
            .with_has_header(true)
            .with_parse_options(parse)
            .try_into_reader_with_file_path(Some(path))
            .unwrap()
            .finish()
            .unwrap();
        if persons.contains(id) && person_keys.len() == 2 {
            let per_person = frame
                .clone()
                .lazy()
                .group_by(person_keys)
                .agg(person_values)
                .collect()
                .unwrap();
            groups += per_person.height();
        }
        let grouped = frame.lazy().group_by(keys).agg(values).collect().unwrap();
        groups += grouped.height();
    }
    groups
}

fn columns(manifest: &Manifest, release: &Release, data: &Path) -> String {
    let mut total = 0;
    let mut each = Vec::new();
    for (id, by_year) in &release.inputs {
        let source = manifest.source(id).unwrap();
        let read = jamfor_engine::read::read_source(
            data,
            source,
            release.year,
            &by_year[&release.year],
            None,
        )
        .unwrap();
        let declared: Vec<&str> = source.columns.iter().map(|c| c.name.as_str()).collect();
        let size = read.frame.select(declared).unwrap().estimated_size();
        each.push(format!("{id} {:.1} MiB", size as f64 / 1048576.0));
        total += size;
    }
    format!(
        "columns read: {:.1} MiB ({})",
        total as f64 / 1048576.0,
        each.join(", ")
    )
}

fn doubled(manifest: &Manifest) -> Manifest {
    let mut m = manifest.clone();
    let copies: Vec<_> = manifest
        .indicators
        .iter()
        .map(|i| {
            let mut copy = i.clone();
            copy.id = format!("{}_kopia", i.id);
            copy
        })
        .collect();
    m.indicators.extend(copies);
    m
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .cloned()
    };
    let data = PathBuf::from(arg("--data").unwrap_or_else(|| "target/bench-data".into()));
    let mode = arg("--mode").unwrap_or_else(|| "engine".into());
    let manifest = manifest();
    let release = one_year(manifest.release("oj-socialtjanst-2024").unwrap());
    let start = Instant::now();
    let what = match mode.as_str() {
        "floor" => format!("{} groups", floor(&manifest, &release, &data)),
        "columns" => columns(&manifest, &release, &data),
        "double" => {
            let m = doubled(&manifest);
            let results = jamfor_engine::run(&m, &release, &data).unwrap();
            format!(
                "{} indicators, {} result rows",
                m.indicators.len(),
                results.rows.len()
            )
        }
        _ => {
            let results = jamfor_engine::run(&manifest, &release, &data).unwrap();
            format!(
                "{} indicators, {} result rows",
                manifest.indicators.len(),
                results.rows.len()
            )
        }
    };
    println!("{mode}: {:.3} s ({what})", start.elapsed().as_secs_f64());
}
