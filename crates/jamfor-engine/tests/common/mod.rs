//! Shared by the engine's tests: a tiny definitions root built in memory (sources, indicators of
//! one area, a release reading files written into a per-test folder), and a readable rendering of
//! result rows so that expected values can be written out as a small table.

#![allow(dead_code, clippy::unwrap_used, clippy::panic)]

use std::path::PathBuf;

use jamfor_engine::{DataError, GeoLevel, ResultRow, ResultTable, Status};
use jamfor_spec::diagnostic::Severity;
use jamfor_spec::manifest::Manifest;

/// The year every fixture is for (kommun codes and kommungrupper as of 2023).
pub(crate) const YEAR: i32 = 2023;

/// One test case: definitions and the data files they read.
#[derive(Debug)]
pub(crate) struct Case {
    dir: PathBuf,
    definitions: Vec<(String, String)>,
    /// Source, year and file.
    inputs: Vec<(String, i32, String)>,
    indicator_files: usize,
}

impl Case {
    /// A case whose data files live in a fresh folder named after it.
    pub(crate) fn new(name: &str) -> Self {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
            .join("jamfor-engine-tests")
            .join(name);
        if dir.exists() {
            std::fs::remove_dir_all(&dir).unwrap();
        }
        std::fs::create_dir_all(&dir).unwrap();
        Case {
            dir,
            definitions: vec![
                (
                    "indicators/test/area.toml".into(),
                    "[area]\nid = \"test\"\ntitle = \"Test\"\n".into(),
                ),
                (
                    "policies/ingen.toml".into(),
                    "[[policy]]\nid = \"ingen\"\nmethod = \"suppression\"\nmin_count = 1\n".into(),
                ),
            ],
            inputs: Vec::new(),
            indicator_files: 0,
        }
    }

    /// Declares a source (the TOML of `sources/<id>.toml`).
    pub(crate) fn source(mut self, id: &str, toml: &str) -> Self {
        self.definitions
            .push((format!("sources/{id}.toml"), toml.to_string()));
        self
    }

    /// Adds `[[indicator]]` tables to the test area.
    pub(crate) fn indicators(mut self, toml: &str) -> Self {
        self.indicator_files += 1;
        self.definitions.push((
            format!("indicators/test/i{}.toml", self.indicator_files),
            toml.to_string(),
        ));
        self
    }

    /// Writes `bytes` as the file `source` reads for [`YEAR`].
    pub(crate) fn data(self, source: &str, file: &str, bytes: impl AsRef<[u8]>) -> Self {
        self.data_of(source, YEAR, file, bytes)
    }

    /// Writes `bytes` as the file `source` reads for `year` (an earlier year's file, read by a
    /// count of the previous year or a window).
    pub(crate) fn data_of(
        mut self,
        source: &str,
        year: i32,
        file: &str,
        bytes: impl AsRef<[u8]>,
    ) -> Self {
        std::fs::write(self.dir.join(file), bytes).unwrap();
        self.inputs
            .push((source.to_string(), year, file.to_string()));
        self
    }

    /// Writes (or rewrites) a file in the case's folder.
    pub(crate) fn write(&self, file: &str, bytes: impl AsRef<[u8]>) {
        std::fs::write(self.dir.join(file), bytes).unwrap();
    }

    /// The folder the release's paths are relative to.
    pub(crate) fn dir(&self) -> &std::path::Path {
        &self.dir
    }

    /// Declares the file `source` reads for [`YEAR`] without writing it.
    pub(crate) fn input(mut self, source: &str, file: &str) -> Self {
        self.inputs
            .push((source.to_string(), YEAR, file.to_string()));
        self
    }

    /// The checked definitions; panics on any error `jamfor check` would report.
    pub(crate) fn manifest(&self) -> Manifest {
        let mut release = format!(
            "[release]\nid = \"test\"\ntitle = \"Test\"\nyear = {YEAR}\npublished = 2024-11-26\ndisclosure = \"ingen\"\n"
        );
        let mut by_source: std::collections::BTreeMap<&str, Vec<String>> = Default::default();
        for (source, year, file) in &self.inputs {
            by_source
                .entry(source)
                .or_default()
                .push(format!("\"{year}\" = \"{file}\""));
        }
        for (source, files) in by_source {
            release.push_str(&format!(
                "\n[inputs.{source}]\nfiles = {{ {} }}\n",
                files.join(", ")
            ));
        }
        let mut files = self.definitions.clone();
        files.push(("pipelines/test.toml".into(), release));
        let (spec, mut diagnostics) = jamfor_spec::from_files(files);
        let (manifest, more) =
            jamfor_spec::resolve::resolve(&spec, &jamfor_spec::resolve::Options::default());
        diagnostics.extend(more);
        let errors: Vec<_> = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
        manifest.unwrap()
    }

    /// Runs the release.
    pub(crate) fn run(&self) -> Result<ResultTable, DataError> {
        let manifest = self.manifest();
        jamfor_engine::run(&manifest, &manifest.releases[0], &self.dir)
    }

    /// Runs the release, which must succeed.
    pub(crate) fn results(&self) -> ResultTable {
        self.run().unwrap_or_else(|e| panic!("{e}"))
    }

    /// Runs the release, which must fail.
    pub(crate) fn error(&self) -> DataError {
        match self.run() {
            Ok(_) => panic!("the run succeeded"),
            Err(e) => e,
        }
    }
}

fn number(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{v:.0}")
    } else {
        let text = format!("{v:.4}");
        text.trim_end_matches('0').to_string()
    }
}

fn optional(v: Option<f64>) -> String {
    v.map_or_else(|| "_".to_string(), number)
}

/// One row as `level geo kön age value numerator denominator`: the value is the number (at most
/// four decimals) or the status symbol (`-` bortfall, `.` not applicable), all ages is `alla`, a
/// missing numerator or denominator `_`.
pub(crate) fn line(r: &ResultRow) -> String {
    format!(
        "{} {} {} {} {} {} {}",
        r.key.level.code(),
        r.key.geo,
        r.key.kon.code(),
        r.key.age_group.as_deref().unwrap_or("alla"),
        value_text(r),
        optional(r.numerator),
        optional(r.denominator),
    )
}

/// The rows of `indicator` for the places in `geos`, in the table's order.
pub(crate) fn show(results: &ResultTable, indicator: &str, geos: &[&str]) -> String {
    results
        .of(indicator, YEAR)
        .filter(|r| geos.contains(&r.key.geo.as_str()))
        .map(line)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Compares [`show`] with an expected table written with any alignment.
#[track_caller]
pub(crate) fn assert_rows(results: &ResultTable, indicator: &str, geos: &[&str], expected: &str) {
    let actual = show(results, indicator, geos);
    assert_eq!(
        normalise(&actual),
        normalise(expected),
        "\n{indicator}, actual rows:\n{actual}\n"
    );
}

/// The row of one cell with all ages.
#[track_caller]
pub(crate) fn cell<'t>(
    results: &'t ResultTable,
    indicator: &str,
    level: GeoLevel,
    geo: &str,
    kon: jamfor_engine::Kon,
) -> &'t ResultRow {
    results
        .get(indicator, YEAR, level, geo, kon)
        .unwrap_or_else(|| panic!("no row {indicator} {} {geo} {kon:?}", level.code()))
}

/// `a` and `b` agree to 1e-9.
#[track_caller]
pub(crate) fn close(a: f64, b: f64) {
    assert!((a - b).abs() < 1e-9, "{a} != {b}");
}

/// One `[[indicator]]` table: `keys` holds `unit` and any of `breakdown`, `age_groups`, `levels`;
/// `measure` the body of `[indicator.measure]`. Title and description are filled in.
pub(crate) fn indicator(id: &str, keys: &str, measure: &str) -> String {
    format!(
        "[[indicator]]\nid = \"{id}\"\ntitle = \"{id}\"\nkind = \"nyckeltal\"\ndirection = \"none\"\n{keys}\n\n\
         [indicator.description]\nshows = \"{id}\"\n\n[indicator.measure]\n{measure}\n\n"
    )
}

fn value_text(r: &ResultRow) -> String {
    match (r.status, r.value) {
        (Status::Value, Some(v)) => number(v),
        (Status::Value, None) => "value-without-number".to_string(),
        (status, None) => status.symbol().to_string(),
        (status, Some(v)) => format!("{}-with-{}", status.code(), number(v)),
    }
}

/// The values of `indicator` as a table with one line per place (`level:geo`) and one column per
/// kön and age group (`T`, `T:0-17`, …, `K`, …), in the result table's order.
pub(crate) fn pivot(results: &ResultTable, indicator: &str, geos: &[&str]) -> String {
    let mut columns: Vec<String> = Vec::new();
    let mut lines: Vec<(String, Vec<String>)> = Vec::new();
    for r in results
        .of(indicator, YEAR)
        .filter(|r| geos.contains(&r.key.geo.as_str()))
    {
        let column = match &r.key.age_group {
            Some(age) => format!("{}:{age}", r.key.kon.code()),
            None => r.key.kon.code().to_string(),
        };
        let place = format!("{}:{}", r.key.level.code(), r.key.geo);
        if lines.last().is_none_or(|(p, _)| *p != place) {
            lines.push((place, Vec::new()));
        }
        if lines.len() == 1 {
            columns.push(column);
        }
        lines.last_mut().unwrap().1.push(value_text(r));
    }
    std::iter::once(format!("place {}", columns.join(" ")))
        .chain(
            lines
                .into_iter()
                .map(|(p, v)| format!("{p} {}", v.join(" "))),
        )
        .collect::<Vec<_>>()
        .join("\n")
}

fn normalise(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect()
}

/// Compares [`pivot`] with an expected table written with any alignment.
#[track_caller]
pub(crate) fn assert_pivot(results: &ResultTable, indicator: &str, geos: &[&str], expected: &str) {
    let actual = pivot(results, indicator, geos);
    assert_eq!(
        normalise(&actual),
        normalise(expected),
        "\n{indicator}, actual values:\n{actual}\n"
    );
}
