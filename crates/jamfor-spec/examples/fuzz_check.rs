//! A mutation fuzzer for `jamfor check` that runs on a stable toolchain.
//!
//! ```text
//! cargo run --release -p jamfor-spec --example fuzz_check -- --seconds 300 [--seed N]
//! ```
//!
//! Every input starts from the repository's own definitions (`sources/`, `indicators/`,
//! `policies/`, `pipelines/`) and is changed by a stack of random mutations: byte flips,
//! deletions, insertions of TOML-significant and multi-byte characters, line swaps, key/value
//! swaps, truncation, CRLF, deep nesting, renamed paths, dropped files, and conditions replaced by
//! generated (often broken) SQL. Each input goes through decode, resolve and all three renderers
//! exactly as `jamfor check` does, and every diagnostic span is checked to lie inside its file on
//! character boundaries.
//!
//! Iteration `i` of seed `s` is generated from its own PRNG stream, so any input can be rebuilt
//! with `--replay i --seed s`. The work runs in a child process that announces each iteration
//! before running it: a panic is caught in the child with `catch_unwind`; a crash that cannot be
//! caught (stack overflow, abort) or a hang is noticed by the parent, which rebuilds that
//! iteration's input. Findings are written under the cargo target folder
//! (`<target>/fuzz_check/`), as a definitions tree that `jamfor check --root` reproduces.

#![allow(clippy::print_stdout, clippy::print_stderr, clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Write};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use jamfor_spec::render::{self, OutputFormat, Style};
use jamfor_spec::resolve::{self, Options};
use jamfor_spec::{Diagnostic, Files, Span};

// ---------------------------------------------------------------------------------------------
// PRNG: splitmix64, one independent stream per iteration.

struct Rng(u64);

impl Rng {
    fn for_iteration(seed: u64, iteration: u64) -> Rng {
        let mut r = Rng(seed ^ iteration.wrapping_mul(0xA076_1D64_78BD_642F));
        r.next();
        r
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    /// True with probability `1/n`.
    fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    fn word(&mut self, items: &[&'static str]) -> &'static str {
        items[self.below(items.len())]
    }
    /// Small numbers more often than large ones: `0..=max`.
    fn skewed(&mut self, max: usize) -> usize {
        let bits = self.below(usize::BITS as usize - max.leading_zeros() as usize + 1);
        self.below((1usize << bits).min(max + 1))
    }
}

// ---------------------------------------------------------------------------------------------
// The corpus: the repository's definitions.

type Input = Vec<(String, String)>;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn read_corpus(root: &Path) -> Input {
    fn walk(dir: &Path, rel: &str, out: &mut Input) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let rel = format!("{rel}/{name}");
            let path = entry.path();
            if path.is_dir() {
                walk(&path, &rel, out);
            } else if name.ends_with(".toml")
                && let Ok(text) = std::fs::read_to_string(&path)
            {
                out.push((rel, text));
            }
        }
    }
    let mut files = Vec::new();
    for folder in jamfor_spec::load::DEFINITION_FOLDERS {
        walk(&root.join(folder), folder, &mut files);
    }
    files.sort();
    files
}

/// Byte range of the contents of a condition string (`where = "…"` and friends) in a file.
fn condition_slots(text: &str) -> Vec<std::ops::Range<usize>> {
    const KEYS: &[&str] = &["where", "yes", "answered", "positive", "responded", "when"];
    let mut slots = Vec::new();
    for key in KEYS {
        let needle = format!("{key} = \"");
        for (at, _) in text.match_indices(&needle) {
            let before_ok =
                at == 0 || matches!(text.as_bytes()[at - 1], b'\n' | b' ' | b'{' | b',');
            let start = at + needle.len();
            if let (true, Some(len)) = (before_ok, text[start..].find('"')) {
                slots.push(start..start + len);
            }
        }
    }
    slots
}

// ---------------------------------------------------------------------------------------------
// Random SQL conditions.

const COLUMNS: &[&str] = &[
    "alder",
    "kon",
    "insats",
    "lopnr",
    "kommun",
    "timmar",
    "antal",
    "svarat",
    "verksamhet",
    "kris_plan",
    "manad",
    "beslutsdatum",
    "vikt",
    "personal_antal",
    "okänd",
    "ÅÄÖ",
    "x",
];
const LITERALS: &[&str] = &[
    "0",
    "1",
    "80",
    "-1",
    "3.5",
    "1e308",
    "1e999",
    "99999999999999999999999",
    "'K'",
    "'M'",
    "'HT'",
    "'SÄBO'",
    "'Ja'",
    "'Nej'",
    "'2024-01-01'",
    "''",
    "'it''s'",
    "'ä–ö'",
    "NULL",
    "TRUE",
    "FALSE",
    "\"K\"",
    "X'00'",
    "DATE '2024-01-01'",
    "INTERVAL '1' DAY",
    "$1",
    "?",
    ":x",
    "@x",
    "0x1F",
    "E'\\n'",
    "N'x'",
    "B'01'",
    "'\u{1F600}'",
];
const BINARY: &[&str] = &[
    "=",
    "<>",
    "!=",
    "<",
    "<=",
    ">",
    ">=",
    "AND",
    "OR",
    "+",
    "-",
    "*",
    "/",
    "%",
    "||",
    "LIKE",
    "ILIKE",
    "IS",
    "XOR",
    "&",
    "|",
    "^",
    "<<",
    ">>",
    "==",
    "=>",
    "->",
    "->>",
    "@>",
    "~",
    "~*",
    "SIMILAR TO",
    "REGEXP",
    "DIV",
];
const TOKENS: &[&str] = &[
    "(",
    ")",
    "((",
    "))",
    "'",
    "\"",
    "`",
    "[",
    "]",
    ",",
    ";",
    ".",
    "NOT",
    "AND",
    "OR",
    "IN",
    "BETWEEN",
    "IS",
    "NULL",
    "CASE",
    "WHEN",
    "THEN",
    "ELSE",
    "END",
    "SELECT",
    "FROM",
    "WHERE",
    "--",
    "/*",
    "*/",
    "\\",
    "\n",
    "\r\n",
    "\t",
    "ä",
    "–",
    "\u{feff}",
    "\u{200b}",
    "\u{0}",
    "$$",
    "::",
    "::int",
    "[1]",
    "{",
    "}",
    "#",
    "\u{1F600}",
    "e",
    "1.",
    ".5",
    "'unterminated",
];

fn gen_expr(rng: &mut Rng, depth: usize, out: &mut String) {
    if depth == 0 || rng.one_in(4) {
        if rng.one_in(2) {
            out.push_str(rng.word(COLUMNS));
        } else {
            out.push_str(rng.word(LITERALS));
        }
        return;
    }
    match rng.below(12) {
        0..=3 => {
            gen_expr(rng, depth - 1, out);
            out.push(' ');
            out.push_str(rng.word(BINARY));
            out.push(' ');
            gen_expr(rng, depth - 1, out);
        }
        4 => {
            out.push_str("NOT ");
            gen_expr(rng, depth - 1, out);
        }
        5 => {
            out.push('(');
            gen_expr(rng, depth - 1, out);
            out.push(')');
        }
        6 => {
            gen_expr(rng, depth - 1, out);
            out.push_str(if rng.one_in(2) { " IN (" } else { " NOT IN (" });
            for i in 0..rng.skewed(6) {
                if i > 0 {
                    out.push_str(", ");
                }
                gen_expr(rng, depth - 1, out);
            }
            out.push(')');
        }
        7 => {
            gen_expr(rng, depth - 1, out);
            out.push_str(" BETWEEN ");
            gen_expr(rng, depth - 1, out);
            out.push_str(" AND ");
            gen_expr(rng, depth - 1, out);
        }
        8 => {
            gen_expr(rng, depth - 1, out);
            out.push_str(rng.word(&[" IS NULL", " IS NOT NULL", " IS TRUE", " IS NOT FALSE"]));
        }
        9 => {
            out.push_str(rng.word(&["lower(", "coalesce(", "CAST(", "EXISTS(SELECT ", "abs("]));
            gen_expr(rng, depth - 1, out);
            out.push(')');
        }
        10 => {
            out.push_str("CASE WHEN ");
            gen_expr(rng, depth - 1, out);
            out.push_str(" THEN 1 ELSE 0 END");
        }
        _ => {
            out.push_str(rng.word(&["-", "+", "NOT ", "~"]));
            gen_expr(rng, depth - 1, out);
        }
    }
}

/// A condition: generated, deeply nested, mutated at token level, or very long.
fn gen_condition(rng: &mut Rng) -> String {
    let mut s = String::new();
    match rng.below(10) {
        0 => {
            // Deep nesting, balanced or not, of parentheses, NOT or unary minus.
            let depth = rng.skewed(600);
            let (open, close) = *rng.pick(&[
                ("(", ")"),
                ("NOT (", ")"),
                ("-(", ")"),
                ("(alder = 1 AND ", ")"),
            ]);
            for _ in 0..depth {
                s.push_str(open);
            }
            gen_expr(rng, 2, &mut s);
            let closes = if rng.one_in(2) {
                depth
            } else {
                rng.below(depth + 2)
            };
            for _ in 0..closes {
                s.push_str(close);
            }
        }
        1 => {
            // A long chain: `a = 1 AND a = 1 AND …`.
            for i in 0..rng.skewed(3000) {
                if i > 0 {
                    s.push_str(rng.word(&[" AND ", " OR ", " + ", ", "]));
                }
                gen_expr(rng, 1, &mut s);
            }
        }
        2 => {
            // A very long string or identifier.
            let n = rng.skewed(20_000);
            let c = *rng.pick(&['a', 'ä', '\'', '–', '"', '(', ' ', '\u{1F600}']);
            s.push_str("alder = '");
            s.extend(std::iter::repeat_n(c, n));
            if rng.one_in(2) {
                s.push('\'');
            }
        }
        3 => {
            // Random tokens.
            for _ in 0..rng.skewed(40) {
                s.push_str(rng.word(TOKENS));
                if rng.one_in(2) {
                    s.push(' ');
                }
            }
        }
        _ => {
            let depth = 1 + rng.skewed(8);
            gen_expr(rng, depth, &mut s);
        }
    }
    // Then token-level damage.
    for _ in 0..rng.skewed(3) {
        let at = floor_boundary(&s, rng.below(s.len() + 1));
        match rng.below(3) {
            0 => s.insert_str(at, rng.word(TOKENS)),
            1 => {
                let end = floor_boundary(&s, at + rng.skewed(8));
                s.replace_range(at..end.max(at), "");
            }
            _ => s.truncate(at),
        }
    }
    s
}

fn floor_boundary(s: &str, mut at: usize) -> usize {
    at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Writes `text` as a TOML string value in one of the four string syntaxes, or raw.
fn quote(rng: &mut Rng, text: &str) -> String {
    match rng.below(6) {
        0 | 1 => {
            let mut out = String::from("\"");
            for c in text.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    '\n' => out.push_str("\\n"),
                    '\r' => out.push_str("\\r"),
                    '\t' => out.push_str("\\t"),
                    c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
                    c => out.push(c),
                }
            }
            out.push('"');
            out
        }
        2 => format!("'{text}'"),
        3 => format!("'''{text}'''"),
        4 => format!("\"\"\"\n{text}\"\"\""),
        _ => format!("\"{text}\""),
    }
}

// ---------------------------------------------------------------------------------------------
// File-level mutations.

const INSERTS: &[&str] = &[
    "\"",
    "'",
    "[",
    "]",
    "[[",
    "]]",
    "=",
    "\n",
    "\r\n",
    "\r",
    "{",
    "}",
    ",",
    ".",
    "#",
    "\t",
    " ",
    "ä",
    "–",
    "€",
    "\u{1D11E}",
    "\u{feff}",
    "\u{200b}",
    "\u{0}",
    "\u{7f}",
    "\"\"\"",
    "'''",
    "\\",
    "\\u",
    "\\U0010FFFF",
    "\\x",
    "id",
    "type",
    "source",
    "where",
    "indicator",
    "measure",
    "true",
    "1e400",
    "-0",
    "nan",
    "+inf",
    "0x7fffffffffffffff",
    "99999999999999999999",
    "0b102",
    "1979-05-27T07:32:00Z",
    "2024-13-45",
    "[indicator.measure]",
    "[[indicator]]",
    "[source]",
    "[[source.columns]]",
    "x = 1",
    "a.b.c = 1",
    "= =",
    "\"\" = 1",
    "{ }",
    "[ ]",
    "[[]]",
];

/// What was done, for the finding's description.
type Log = Vec<String>;

fn mutate_text(rng: &mut Rng, text: &str, corpus: &Input, log: &mut Log) -> String {
    let mut bytes = text.as_bytes().to_vec();
    let len = bytes.len();
    match rng.below(15) {
        0 if len > 0 => {
            let at = rng.below(len);
            let bit = 1u8 << rng.below(8);
            bytes[at] ^= bit;
            log.push(format!("flip byte {at} with {bit:#04x}"));
        }
        1 if len > 0 => {
            let at = rng.below(len);
            let n = rng.skewed(64).max(1).min(len - at);
            bytes.drain(at..at + n);
            log.push(format!("delete {n} bytes at {at}"));
        }
        2 | 3 => {
            let at = rng.below(len + 1);
            let what = rng.pick(INSERTS);
            let times = if rng.one_in(8) {
                rng.skewed(300).max(1)
            } else {
                1
            };
            let chunk = what.repeat(times);
            bytes.splice(at..at, chunk.bytes());
            log.push(format!("insert {what:?} x{times} at {at}"));
        }
        4 if len > 0 => {
            let at = rng.below(len);
            let what = rng.pick(INSERTS);
            bytes.splice(at..at + 1, what.bytes());
            log.push(format!("replace byte {at} by {what:?}"));
        }
        5 => {
            let at = rng.below(len + 1);
            bytes.truncate(at);
            log.push(format!("truncate at {at}"));
        }
        6 => {
            let crlf = String::from_utf8_lossy(&bytes).replace('\n', "\r\n");
            bytes = crlf.into_bytes();
            log.push("LF -> CRLF".to_string());
        }
        7 | 8 => {
            // Line operations: swap two lines, duplicate one, delete one, swap key and value.
            let s = String::from_utf8_lossy(&bytes).into_owned();
            let mut lines: Vec<String> = s.split('\n').map(str::to_string).collect();
            let a = rng.below(lines.len());
            let b = rng.below(lines.len());
            match rng.below(4) {
                0 => {
                    lines.swap(a, b);
                    log.push(format!("swap lines {a} and {b}"));
                }
                1 => {
                    let line = lines[a].clone();
                    lines.insert(b, line);
                    log.push(format!("copy line {a} before {b}"));
                }
                2 => {
                    lines.remove(a);
                    log.push(format!("remove line {a}"));
                }
                _ => {
                    if let Some((k, v)) = lines[a].split_once(" = ") {
                        lines[a] = format!("{v} = {k}");
                        log.push(format!("swap key and value on line {a}"));
                    }
                }
            }
            bytes = lines.join("\n").into_bytes();
        }
        9 => {
            // Splice in a chunk of another definition file.
            let (path, other) = rng.pick(corpus);
            if !other.is_empty() {
                let from = rng.below(other.len());
                let to = (from + rng.skewed(400)).min(other.len());
                let at = rng.below(len + 1);
                bytes.splice(at..at, other.as_bytes()[from..to].iter().copied());
                log.push(format!("splice {path}[{from}..{to}] at {at}"));
            }
        }
        10 => {
            // Replace one quoted value by another seen in the corpus (ids, references, codes).
            let s = String::from_utf8_lossy(&bytes).into_owned();
            let values = quoted_values(&s);
            let (_, other) = rng.pick(corpus);
            let donors = quoted_values(other);
            if let (false, false) = (values.is_empty(), donors.is_empty()) {
                let target = rng.pick(&values).clone();
                let donor = rng.pick(&donors).clone();
                let mut s = s;
                s.replace_range(target.clone(), &other[donor.clone()]);
                log.push(format!("value at {target:?} := {:?}", &other[donor]));
                bytes = s.into_bytes();
            }
        }
        11 => {
            // Deep structures.
            let depth = rng.skewed(2000).max(1);
            let deep = match rng.below(4) {
                0 => format!("\nx = {}{}\n", "[".repeat(depth), "]".repeat(depth)),
                1 => format!("\nx = {}1{}\n", "{a=".repeat(depth), "}".repeat(depth)),
                2 => format!("\n[{}]\n", vec!["a"; depth].join(".")),
                _ => format!("\nx = {}\n", "[".repeat(depth)),
            };
            let at = rng.below(len + 1);
            bytes.splice(at..at, deep.bytes());
            log.push(format!("deep structure of {depth} at {at}"));
        }
        12 => {
            // Numbers: replace a digit run by an extreme number.
            let s = String::from_utf8_lossy(&bytes).into_owned();
            if let Some(start) = s.find(|c: char| c.is_ascii_digit()).map(|_| {
                let digits: Vec<usize> = s
                    .match_indices(|c: char| c.is_ascii_digit())
                    .map(|(i, _)| i)
                    .collect();
                *rng.pick(&digits)
            }) {
                let end = s[start..]
                    .find(|c: char| !c.is_ascii_digit())
                    .map_or(s.len(), |n| start + n);
                let new = *rng.pick(&[
                    "-9223372036854775808",
                    "9223372036854775807",
                    "9223372036854775808",
                    "-1",
                    "0",
                    "1e308",
                    "-1e308",
                    "0.0000001",
                    "4294967296",
                    "18446744073709551616",
                    "1_000",
                ]);
                let mut s = s;
                s.replace_range(start..end, new);
                log.push(format!("number at {start} := {new}"));
                bytes = s.into_bytes();
            }
        }
        _ => {
            // Random bytes.
            let at = rng.below(len + 1);
            let n = rng.skewed(16).max(1);
            let chunk: Vec<u8> = (0..n).map(|_| rng.next() as u8).collect();
            log.push(format!("insert random bytes {chunk:?} at {at}"));
            bytes.splice(at..at, chunk);
        }
    }
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn quoted_values(s: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut open = None;
    for (i, b) in s.bytes().enumerate() {
        match (b, open) {
            (b'\n', _) => open = None,
            (b'"', None) => open = Some(i),
            (b'"', Some(start)) => {
                out.push(start..i + 1);
                open = None;
            }
            _ => {}
        }
    }
    out
}

const PATHS: &[&str] = &[
    "sources/x.toml",
    "sources/a/b/c.toml",
    "indicators/x.toml",
    "indicators/ny/area.toml",
    "indicators/ny/x.toml",
    "indicators/äö–/area.toml",
    "indicators/äö–/x.toml",
    "indicators/aldreomsorg/y/z.toml",
    "policies/x.toml",
    "pipelines/x.toml",
    "other/x.toml",
    "indicators/ /area.toml",
    "indicators//area.toml",
    "x.toml",
    "sources/x.txt",
];

/// Builds the input of one iteration.
fn generate(rng: &mut Rng, corpus: &Input, log: &mut Log) -> Input {
    let mut files = corpus.clone();
    let rounds = 1 + rng.skewed(7);
    for _ in 0..rounds {
        match rng.below(20) {
            0..=9 => {
                let i = rng.below(files.len());
                log.push(format!("in {}:", files[i].0));
                let text = mutate_text(rng, &files[i].1, corpus, log);
                files[i].1 = text;
            }
            10..=14 => {
                // Replace a condition with a generated one.
                let with_slots: Vec<usize> = (0..files.len())
                    .filter(|&i| !condition_slots(&files[i].1).is_empty())
                    .collect();
                if with_slots.is_empty() {
                    continue;
                }
                let i = *rng.pick(&with_slots);
                let slots = condition_slots(&files[i].1);
                let slot = rng.pick(&slots).clone();
                let condition = gen_condition(rng);
                let quoted = quote(rng, &condition);
                log.push(format!(
                    "in {}: condition at {slot:?} := {quoted:?}",
                    files[i].0
                ));
                files[i]
                    .1
                    .replace_range(slot.start - 1..slot.end + 1, &quoted);
            }
            15 => {
                let i = rng.below(files.len());
                log.push(format!("drop {}", files[i].0));
                files.remove(i);
                if files.is_empty() {
                    files.push(corpus[0].clone());
                }
            }
            16 => {
                let i = rng.below(files.len());
                let path = rng.pick(PATHS).to_string();
                log.push(format!("move {} to {path}", files[i].0));
                files[i].0 = path;
            }
            17 => {
                // A file of arbitrary text.
                let n = rng.skewed(300);
                let text: String = (0..n)
                    .map(|_| {
                        if rng.one_in(3) {
                            char::from_u32(rng.below(0x11_0000) as u32).unwrap_or('\u{fffd}')
                        } else {
                            *rng.pick(&[
                                'a', '=', '"', '\'', '[', ']', '{', '}', '\n', '\r', ' ', 'ä', '.',
                                '1',
                            ])
                        }
                    })
                    .collect();
                let path = rng.pick(PATHS).to_string();
                log.push(format!("add {path} = {text:?}"));
                files.push((path, text));
            }
            _ => {
                // Duplicate a file under another name (duplicate ids, second area files).
                let i = rng.below(files.len());
                let mut copy = files[i].clone();
                copy.0 = copy.0.replace(".toml", "_copy.toml");
                log.push(format!("duplicate {} as {}", files[i].0, copy.0));
                files.push(copy);
            }
        }
    }
    files
}

// ---------------------------------------------------------------------------------------------
// The check under test, and its invariants.

/// Runs what `jamfor check` runs. Panics (caught by the caller) on a bug or a broken invariant.
fn check(files: Input) -> usize {
    let (spec, mut diagnostics) = jamfor_spec::from_files(files);
    let (_manifest, found) = resolve::resolve(&spec, &Options::default());
    diagnostics.extend(found);
    jamfor_spec::diagnostic::sort(&mut diagnostics);
    for d in &diagnostics {
        assert_span(&spec.files, d, d.primary.span);
        for related in &d.related {
            assert_span(&spec.files, d, related.span);
        }
    }
    let mut n = 0;
    for format in [
        OutputFormat::Human,
        OutputFormat::Json,
        OutputFormat::Github,
    ] {
        n += render::render(&spec.files, &diagnostics, format, Style::Plain).len();
    }
    n += render::render(
        &spec.files,
        &diagnostics,
        OutputFormat::Human,
        Style::Colour,
    )
    .len();
    n + render::summary(&diagnostics).len()
}

fn assert_span(files: &Files, d: &Diagnostic, span: Span) {
    let count = files.iter().count();
    let index = files.iter().position(|(id, _)| id == span.file);
    assert!(
        index.is_some(),
        "[{}] span in unknown file {:?} of {count}",
        d.rule.name(),
        span.file
    );
    let text = files.get(span.file).text();
    let (start, end) = (span.start as usize, span.end as usize);
    assert!(
        start <= end && end <= text.len(),
        "[{}] span {start}..{end} outside its file of {} bytes",
        d.rule.name(),
        text.len()
    );
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "[{}] span {start}..{end} not on character boundaries",
        d.rule.name()
    );
}

// ---------------------------------------------------------------------------------------------
// Driver.

struct Args {
    seconds: u64,
    seed: u64,
    start: u64,
    worker: bool,
    replay: Option<u64>,
    out: Option<PathBuf>,
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        seconds: 60,
        seed: 0,
        start: 0,
        worker: false,
        replay: None,
        out: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        let mut value = |name: &str| it.next().ok_or(format!("{name} needs a value"));
        let number = |v: String| v.parse::<u64>().map_err(|e| format!("{v}: {e}"));
        match a.as_str() {
            "--seconds" => args.seconds = number(value("--seconds")?)?,
            "--seed" => args.seed = number(value("--seed")?)?,
            "--start" => args.start = number(value("--start")?)?,
            "--replay" => args.replay = Some(number(value("--replay")?)?),
            "--out" => args.out = Some(PathBuf::from(value("--out")?)),
            "--worker" => args.worker = true,
            "-h" | "--help" => {
                return Err(
                    "usage: fuzz_check [--seconds N] [--seed N] [--replay ITERATION] [--out DIR]"
                        .into(),
                );
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    Ok(args)
}

/// `<target>/fuzz_check`, from where this executable lies (`<target>/release/examples/…`).
fn out_dir(args: &Args) -> PathBuf {
    if let Some(dir) = &args.out {
        return dir.clone();
    }
    let exe = std::env::current_exe().ok();
    let target = exe
        .as_deref()
        .and_then(|e| e.parent()?.parent()?.parent())
        .map(Path::to_path_buf);
    target
        .unwrap_or_else(|| repo_root().join("target"))
        .join("fuzz_check")
}

/// Writes a finding as a definitions tree plus a description; returns its folder.
fn save(dir: &Path, name: &str, files: &Input, log: &Log, what: &str) -> PathBuf {
    let folder = dir.join(name);
    let _ = std::fs::remove_dir_all(&folder);
    let _ = std::fs::create_dir_all(&folder);
    let mut description = format!("{what}\n\nmutations:\n");
    for line in log {
        description.push_str(&format!("  {line}\n"));
    }
    description.push_str("\nfiles (root-relative path, text as a Rust string):\n");
    for (path, text) in files {
        description.push_str(&format!("--- {path}\n{text:?}\n"));
        // Only plain relative paths are written as a tree; the rest is in input.txt only.
        let safe = !path.starts_with('/')
            && path
                .split('/')
                .all(|c| !c.is_empty() && c != "." && c != "..");
        if safe {
            let target = folder.join(path);
            if let Some(parent) = target.parent() {
                let _ = std::fs::create_dir_all(parent);
            }
            let _ = std::fs::write(target, text);
        }
    }
    let _ = std::fs::write(folder.join("input.txt"), description);
    folder
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_string()))
        .unwrap_or_else(|| "non-string panic".to_string())
}

/// The child: runs iterations from `start` until the deadline, announcing each on stdout.
fn worker(args: &Args, corpus: &Input) {
    let location = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let hook_location = location.clone();
    std::panic::set_hook(Box::new(move |info| {
        if let (Ok(mut l), Some(at)) = (hook_location.lock(), info.location()) {
            *l = format!("{}:{}", at.file(), at.line());
        }
    }));
    let dir = out_dir(args);
    let deadline = Instant::now() + Duration::from_secs(args.seconds);
    let mut stdout = std::io::stdout().lock();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let (mut slowest, mut slowest_at) = (Duration::ZERO, 0);
    let mut i = args.start;
    let mut bytes: u64 = 0;
    while Instant::now() < deadline {
        let _ = writeln!(stdout, "S {i}");
        let _ = stdout.flush();
        let mut rng = Rng::for_iteration(args.seed, i);
        let mut log = Vec::new();
        let input = generate(&mut rng, corpus, &mut log);
        bytes += input.iter().map(|(_, t)| t.len() as u64).sum::<u64>();
        let t0 = Instant::now();
        let result = catch_unwind(AssertUnwindSafe(|| check(input.clone())));
        let took = t0.elapsed();
        if took > slowest {
            (slowest, slowest_at) = (took, i);
        }
        if let Err(payload) = result {
            let message = panic_message(payload.as_ref());
            let at = location.lock().map(|l| l.clone()).unwrap_or_default();
            let key = format!("{at} {}", message.lines().next().unwrap_or(""));
            let n = seen.entry(key.clone()).or_insert(0);
            *n += 1;
            let folder = if *n <= 3 {
                let what = format!(
                    "panic at {at}: {message}\nreplay: --seed {} --replay {i}",
                    args.seed
                );
                save(
                    &dir,
                    &format!("panic-{}-{i}", args.seed),
                    &input,
                    &log,
                    &what,
                )
                .display()
                .to_string()
            } else {
                "(not saved: seen before)".to_string()
            };
            let _ = writeln!(stdout, "P {i} {folder} {key}");
        }
        i += 1;
    }
    let _ = writeln!(stdout, "E {i} {bytes} {} {slowest_at}", slowest.as_micros());
    let _ = stdout.flush();
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let corpus = read_corpus(&repo_root());
    if corpus.is_empty() {
        eprintln!("no definitions found under {}", repo_root().display());
        return ExitCode::from(2);
    }
    if args.worker {
        worker(&args, &corpus);
        return ExitCode::SUCCESS;
    }
    if let Some(i) = args.replay {
        let mut rng = Rng::for_iteration(args.seed, i);
        let mut log = Vec::new();
        let input = generate(&mut rng, &corpus, &mut log);
        let folder = save(
            &out_dir(&args),
            &format!("replay-{}-{i}", args.seed),
            &input,
            &log,
            "replay",
        );
        println!("input written to {}; running it", folder.display());
        if std::env::var_os("FUZZ_JSON").is_some() {
            // The JSON renderer slices no text: print the findings first, to see the culprit.
            let (spec, mut diagnostics) = jamfor_spec::from_files(input.clone());
            diagnostics.extend(resolve::resolve(&spec, &Options::default()).1);
            print!(
                "{}",
                render::render(&spec.files, &diagnostics, OutputFormat::Json, Style::Plain)
            );
            for d in &diagnostics {
                let text = spec.files.get(d.primary.span.file).text();
                let (s, e) = (d.primary.span.start as usize, d.primary.span.end as usize);
                println!(
                    "{}: {s}..{e} {:?}",
                    d.rule.name(),
                    text.get(s.saturating_sub(10)..(e + 10).min(text.len()))
                );
            }
        }
        let n = check(input);
        println!("no panic ({n} bytes of output)");
        return ExitCode::SUCCESS;
    }
    supervise(&args, &corpus)
}

/// The parent: restarts the worker after crashes and hangs, and sums up.
fn supervise(args: &Args, corpus: &Input) -> ExitCode {
    let dir = out_dir(args);
    let exe = std::env::current_exe().expect("own executable");
    let started = Instant::now();
    let total = Duration::from_secs(args.seconds);
    let hang_limit = Duration::from_secs(20);
    println!(
        "fuzz_check: seed {}, {} s, {} corpus files, findings go to {}",
        args.seed,
        args.seconds,
        corpus.len(),
        dir.display()
    );
    let mut next = args.start;
    let (mut tried, mut bytes, mut crashes, mut panics) = (0u64, 0u64, 0u64, 0u64);
    let (mut slowest_us, mut slowest_at) = (0u64, 0u64);
    let mut last_report = Instant::now();
    while started.elapsed() < total {
        let remaining = (total - started.elapsed()).as_secs().max(1);
        let mut child = Command::new(&exe)
            .args([
                "--worker",
                "--seed",
                &args.seed.to_string(),
                "--start",
                &next.to_string(),
            ])
            .args([
                "--seconds",
                &remaining.to_string(),
                "--out",
                &dir.display().to_string(),
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the worker");
        let stdout = child.stdout.take().expect("worker stdout");
        let (tx, rx) = mpsc::channel::<String>();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut current = None;
        let mut finished = false;
        loop {
            match rx.recv_timeout(hang_limit) {
                Ok(line) => {
                    let mut parts = line.splitn(2, ' ');
                    let (tag, rest) = (parts.next().unwrap_or(""), parts.next().unwrap_or(""));
                    match tag {
                        "S" => {
                            current = rest.parse::<u64>().ok();
                            tried += 1;
                        }
                        "P" => {
                            panics += 1;
                            println!("PANIC iteration {rest}");
                        }
                        "E" => {
                            let n: Vec<u64> =
                                rest.split(' ').filter_map(|x| x.parse().ok()).collect();
                            if let [end, b, us, at] = n[..] {
                                next = end;
                                bytes += b;
                                if us > slowest_us {
                                    (slowest_us, slowest_at) = (us, at);
                                }
                            }
                            finished = true;
                        }
                        _ => {}
                    }
                    if last_report.elapsed() >= Duration::from_secs(30) {
                        last_report = Instant::now();
                        let secs = started.elapsed().as_secs_f64();
                        println!(
                            "  {:>5.0} s: {tried} inputs, {:.0}/s, {panics} panics, {crashes} crashes",
                            secs,
                            tried as f64 / secs
                        );
                    }
                }
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    let _ = child.kill();
                    break;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            }
        }
        let status = child.wait().ok();
        if finished {
            continue;
        }
        // The worker died or hung without finishing: the iteration it announced last is the culprit.
        let Some(i) = current else {
            eprintln!("worker failed to start: {status:?}");
            return ExitCode::from(2);
        };
        crashes += 1;
        let mut rng = Rng::for_iteration(args.seed, i);
        let mut log = Vec::new();
        let input = generate(&mut rng, corpus, &mut log);
        let what = format!(
            "worker ended without finishing (crash or hang over {hang_limit:?}): {status:?}\nreplay: --seed {} --replay {i}",
            args.seed
        );
        let folder = save(
            &dir,
            &format!("crash-{}-{i}", args.seed),
            &input,
            &log,
            &what,
        );
        println!(
            "CRASH iteration {i}: {status:?}, input in {}",
            folder.display()
        );
        next = i + 1;
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "done: {tried} inputs in {secs:.1} s ({:.0}/s, {:.1} MB of TOML), {panics} panics, {crashes} crashes/hangs; \
         slowest input {:.1} ms (iteration {slowest_at}); next start {next}",
        tried as f64 / secs,
        bytes as f64 / 1e6,
        slowest_us as f64 / 1000.0
    );
    if panics + crashes > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
