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
//! - `floor`: a bare polars CSV read of the same files and one group-by per source over the same
//!   key columns, summing the columns the indicators read — the least any engine must do;
//! - `double`: the catalogue with every indicator defined twice (cost must grow with rows, not
//!   with indicators);
//! - `columns`: the in-memory size of the columns read — every declared column of every source,
//!   typed as declared (polars' estimate of each frame's buffers) — the measure peak memory is
//!   compared with.
//!
//! Each mode prints its wall time; peak memory comes from `/usr/bin/time -v` around the process.

#![allow(clippy::print_stdout, clippy::print_stderr, clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::time::Instant;

use jamfor_spec::keywords::{ColumnType, Encoding, Role};
use jamfor_spec::manifest::{Manifest, Release};
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

fn floor(manifest: &Manifest, release: &Release, data: &Path) -> usize {
    let mut groups = 0;
    for (id, by_year) in &release.inputs {
        let source = manifest.source(id).unwrap();
        let path = data.join(&by_year[&release.year]);
        let mut keys = Vec::new();
        let mut values = Vec::new();
        for c in &source.columns {
            match c.role {
                Some(Role::Kommun | Role::Kon | Role::Alder) => keys.push(col(c.name.as_str())),
                _ if matches!(c.column_type, ColumnType::Integer | ColumnType::Decimal) => {
                    values.push(col(c.name.as_str()).cast(DataType::Float64).sum());
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
