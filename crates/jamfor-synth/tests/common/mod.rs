//! Shared by the tests: the repository's definitions, and an independent CSV reader so the files
//! are checked by code that shares nothing with the writer.

#![allow(dead_code, unreachable_pub)]

use std::path::{Path, PathBuf};

use jamfor_spec::Manifest;
use jamfor_spec::keywords::Encoding;
use jamfor_spec::manifest::{Release, Source};
use jamfor_synth::{Options, Scale};

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The repository's definitions, resolved.
pub fn manifest() -> Manifest {
    let (spec, _) = jamfor_spec::load(&root()).expect("definitions readable");
    let (manifest, diagnostics) = jamfor_spec::resolve::resolve(&spec, &Default::default());
    manifest.unwrap_or_else(|| panic!("the repository's definitions check: {diagnostics:?}"))
}

/// Definitions from (path, text) pairs, resolved.
pub fn manifest_from(files: Vec<(String, String)>) -> Manifest {
    let (spec, _) = jamfor_spec::from_files(files);
    let (manifest, diagnostics) = jamfor_spec::resolve::resolve(&spec, &Default::default());
    manifest.unwrap_or_else(|| panic!("definitions check: {diagnostics:?}"))
}

/// The default release, cut to the given years (the release year is the last).
pub fn release(manifest: &Manifest, years: &[i32]) -> Release {
    let mut r = manifest
        .release("oj-socialtjanst-2024")
        .expect("the default release")
        .clone();
    let (last, history) = years.split_last().expect("a year");
    r.year = *last;
    r.history = history.to_vec();
    for by_year in r.inputs.values_mut() {
        by_year.retain(|year, _| years.contains(year));
    }
    r
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` date, checked: an independent reading of the dates
/// synth writes (Howard Hinnant's days-from-civil).
pub fn day(text: &str) -> i64 {
    let parts: Vec<&str> = text.split('-').collect();
    assert!(
        parts.len() == 3 && parts[0].len() == 4 && parts[1].len() == 2 && parts[2].len() == 2,
        "`{text}` is not YYYY-MM-DD"
    );
    let num = |s: &str| {
        s.parse::<i64>()
            .unwrap_or_else(|_| panic!("`{text}`: not a date"))
    };
    let (y, m, d) = (num(parts[0]), num(parts[1]), num(parts[2]));
    let leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    let days_in = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    assert!((1..=12).contains(&m), "`{text}`: month");
    assert!(d >= 1 && d <= days_in[(m - 1) as usize], "`{text}`: day");
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * ((m + 9) % 12) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The year of a `YYYY-MM-DD` date.
pub fn year_of(text: &str) -> i32 {
    text[..4].parse().expect("a year")
}

/// National scale.
pub fn national(seed: u64) -> Options {
    Options {
        scale: Scale::National,
        seed,
    }
}

pub fn small(seed: u64) -> Options {
    Options {
        scale: Scale::Small,
        seed,
    }
}

/// One source and year, generated into memory.
pub fn generate(source: &Source, year: i32, options: &Options) -> Vec<u8> {
    let mut out = Vec::new();
    jamfor_synth::generate(source, year, options, &mut out).expect("generated");
    out
}

/// Bytes to text in the declared encoding; the single-byte encodings are decoded as Latin-1,
/// where Windows-1252 agrees, and bytes 0x80–0x9F (where it does not) are refused.
pub fn decode(bytes: &[u8], encoding: Encoding) -> Result<String, String> {
    match encoding {
        Encoding::Utf8 => String::from_utf8(bytes.to_vec()).map_err(|e| e.to_string()),
        Encoding::Windows1252 | Encoding::Latin1 => bytes
            .iter()
            .map(|&b| match b {
                0x80..=0x9F => Err(format!("byte {b:#x} outside the Swedish letters")),
                _ => Ok(char::from(b)),
            })
            .collect(),
    }
}

/// Rows of fields; quoted fields may hold the delimiter and doubled quotes.
pub fn parse(text: &str, delimiter: char) -> Vec<Vec<String>> {
    let mut rows = Vec::new();
    for line in text.lines() {
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut quoted = false;
        let mut chars = line.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '"' if quoted && chars.peek() == Some(&'"') => {
                    field.push('"');
                    chars.next();
                }
                '"' => quoted = !quoted,
                c if c == delimiter && !quoted => fields.push(std::mem::take(&mut field)),
                c => field.push(c),
            }
        }
        fields.push(field);
        rows.push(fields);
    }
    rows
}

/// A generated file read back: header and rows.
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn read(source: &Source, bytes: &[u8]) -> Table {
        let text = decode(bytes, source.format.encoding).expect("decodes");
        let mut rows = parse(&text, source.format.delimiter);
        let header = rows.remove(0);
        Table { header, rows }
    }

    pub fn column(&self, name: &str) -> usize {
        self.header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    }

    pub fn values<'a>(&'a self, name: &str) -> impl Iterator<Item = &'a str> + 'a {
        let i = self.column(name);
        self.rows.iter().map(move |r| r[i].as_str())
    }
}
