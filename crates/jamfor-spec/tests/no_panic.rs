//! No input may make `jamfor check` panic.
//!
//! Property tests feed (a) arbitrary text, (b) damaged copies of the repository's own definitions
//! and (c) valid indicator files whose conditions are replaced by generated, often broken, SQL
//! through everything `jamfor check` runs: decode, resolve, sorting and all three renderers. Every
//! diagnostic must also point inside its file, on character boundaries, so that no renderer ever
//! slices a string in the middle of a character.
//!
//! The default case counts keep `cargo test` (debug) to a few seconds; `PROPTEST_CASES=N` raises
//! every property to `N` cases. The long-running fuzzer is `examples/fuzz_check.rs`; inputs it
//! found are the `regression_*` tests at the end.

#![allow(clippy::unwrap_used, clippy::print_stdout, clippy::print_stderr)]

use std::path::Path;
use std::sync::OnceLock;

use jamfor_spec::render::{self, OutputFormat, Style};
use jamfor_spec::resolve::{self, Options};
use jamfor_spec::{Diagnostic, Files, Span};
use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::Config;

type Input = Vec<(String, String)>;

// ---------------------------------------------------------------------------------------------
// Helpers.

/// The repository's definitions, read once.
fn corpus() -> &'static Input {
    static CORPUS: OnceLock<Input> = OnceLock::new();
    CORPUS.get_or_init(|| {
        fn walk(dir: &Path, rel: &str, out: &mut Input) {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return;
            };
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                let rel = format!("{rel}/{name}");
                if entry.path().is_dir() {
                    walk(&entry.path(), &rel, out);
                } else if name.ends_with(".toml") {
                    out.push((rel, std::fs::read_to_string(entry.path()).unwrap()));
                }
            }
        }
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
        let mut files = Vec::new();
        for folder in jamfor_spec::load::DEFINITION_FOLDERS {
            walk(&root.join(folder), folder, &mut files);
        }
        files.sort();
        assert!(
            files.len() > 10,
            "the repository's definitions were not found"
        );
        files
    })
}

/// Runs what `jamfor check` runs and checks every span; returns the findings.
fn check(files: Input) -> Vec<Diagnostic> {
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
    for format in [
        OutputFormat::Human,
        OutputFormat::Json,
        OutputFormat::Github,
    ] {
        let text = render::render(&spec.files, &diagnostics, format, Style::Plain);
        assert_eq!(
            text.is_empty(),
            diagnostics.is_empty() && format != OutputFormat::Json
        );
    }
    let _ = render::render(
        &spec.files,
        &diagnostics,
        OutputFormat::Human,
        Style::Colour,
    );
    let _ = render::summary(&diagnostics);
    diagnostics
}

fn assert_span(files: &Files, d: &Diagnostic, span: Span) {
    assert!(
        files.iter().any(|(id, _)| id == span.file),
        "[{}] {}: span in an unknown file",
        d.rule.name(),
        d.message
    );
    let text = files.get(span.file).text();
    let (start, end) = (span.start as usize, span.end as usize);
    assert!(
        start <= end && end <= text.len(),
        "[{}] {}: span {start}..{end} outside a file of {} bytes",
        d.rule.name(),
        d.message,
        text.len()
    );
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "[{}] {}: span {start}..{end} cuts a character",
        d.rule.name(),
        d.message
    );
}

/// `default` cases, unless `PROPTEST_CASES` says otherwise. Failures are not persisted to a file
/// in the source tree; a failing case is printed, and belongs in a `regression_*` test.
fn config(default: u32) -> Config {
    let mut config = Config {
        failure_persistence: None,
        ..Config::default()
    };
    if std::env::var_os("PROPTEST_CASES").is_none() {
        config.cases = default;
    }
    config
}

/// Byte ranges of the contents of condition strings (`where = "…"` and friends).
fn condition_slots(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut slots = Vec::new();
    for key in ["where", "yes", "answered", "positive", "responded", "when"] {
        let needle = format!("{key} = \"");
        for (at, _) in text.match_indices(&needle) {
            let start = at + needle.len();
            if let Some(len) = text[start..].find('"') {
                slots.push(start..start + len);
            }
        }
    }
    slots.sort_by_key(|r| r.start);
    slots
}

/// The corpus with one condition replaced by `condition`, written as a TOML string in `style`.
fn with_condition(file: usize, slot: usize, style: u8, condition: &str) -> Input {
    let mut files = corpus().clone();
    let candidates: Vec<usize> = (0..files.len())
        .filter(|&i| !condition_slots(&files[i].1).is_empty())
        .collect();
    let i = candidates[file % candidates.len()];
    let slots = condition_slots(&files[i].1);
    let slot = slots[slot % slots.len()].clone();
    let quoted = match style % 5 {
        0 => {
            let mut out = String::from("\"");
            for c in condition.chars() {
                match c {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
                    c => out.push(c),
                }
            }
            out.push('"');
            out
        }
        1 => format!("'{condition}'"),
        2 => format!("'''{condition}'''"),
        3 => format!("\"\"\"\n{condition}\"\"\""),
        _ => format!("\"{condition}\""),
    };
    files[i]
        .1
        .replace_range(slot.start - 1..slot.end + 1, &quoted);
    files
}

// ---------------------------------------------------------------------------------------------
// (a) Arbitrary text.

const PATHS: &[&str] = &[
    "sources/x.toml",
    "indicators/aldreomsorg/x.toml",
    "indicators/aldreomsorg/area.toml",
    "indicators/ny/x.toml",
    "indicators/ä–ö/area.toml",
    "indicators/x.toml",
    "policies/x.toml",
    "pipelines/x.toml",
];

/// Text made mostly of the characters TOML cares about.
fn toml_ish() -> impl Strategy<Value = String> {
    proptest::string::string_regex(
        "([\\[\\]{}=\"'.,#\\\\ \t\r\n]|[a-z_]{1,8}|[0-9]{1,3}|ä|–|€|\u{1D11E}|\u{feff}|\"\"\"|'''|\\[\\[|\\]\\]|true|1e400|nan|inf|2024-11-26)*",
    )
    .unwrap()
    .prop_map(|s| s.chars().take(400).collect())
}

proptest! {
    #![proptest_config(config(48))]

    #[test]
    fn arbitrary_text_alone(path in 0..PATHS.len(), text in prop_oneof![any::<String>(), toml_ish()]) {
        check(vec![(PATHS[path].to_string(), text)]);
    }

    #[test]
    fn arbitrary_text_beside_the_definitions(path in 0..PATHS.len(), text in prop_oneof![any::<String>(), toml_ish()]) {
        let mut files = corpus().clone();
        files.push((PATHS[path].to_string(), text));
        check(files);
    }
}

// ---------------------------------------------------------------------------------------------
// (b) Damaged definition files.

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
    "\u{1D11E}",
    "\u{feff}",
    "\u{0}",
    "\"\"\"",
    "'''",
    "\\",
    "\\u",
    "1e400",
    "-0",
    "99999999999999999999",
    "[indicator.measure]",
    "[[indicator]]",
    "x = 1",
    "a.b.c = 1",
    "{ }",
];

#[derive(Debug, Clone)]
enum Mutation {
    FlipBit(Index, u8),
    Delete(Index, usize),
    Insert(Index, usize, usize),
    Truncate(Index),
    SwapKeyValue(Index),
    SwapLines(Index, Index),
    Crlf,
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<Index>(), 0u8..8).prop_map(|(i, b)| Mutation::FlipBit(i, b)),
        (any::<Index>(), 1usize..40).prop_map(|(i, n)| Mutation::Delete(i, n)),
        (
            any::<Index>(),
            0..INSERTS.len(),
            prop_oneof![4 => Just(1usize), 1 => 1usize..300]
        )
            .prop_map(|(i, w, n)| Mutation::Insert(i, w, n)),
        any::<Index>().prop_map(Mutation::Truncate),
        any::<Index>().prop_map(Mutation::SwapKeyValue),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        Just(Mutation::Crlf),
    ]
}

fn apply(text: &str, m: &Mutation) -> String {
    let mut bytes = text.as_bytes().to_vec();
    let len = bytes.len();
    match m {
        Mutation::FlipBit(i, bit) if len > 0 => bytes[i.index(len)] ^= 1 << bit,
        Mutation::Delete(i, n) if len > 0 => {
            let at = i.index(len);
            bytes.drain(at..(at + n).min(len));
        }
        Mutation::Insert(i, what, times) => {
            let at = i.index(len + 1);
            bytes.splice(at..at, INSERTS[*what].repeat(*times).into_bytes());
        }
        Mutation::Truncate(i) => bytes.truncate(i.index(len + 1)),
        Mutation::SwapKeyValue(i) | Mutation::SwapLines(i, _) => {
            let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
            let a = i.index(lines.len());
            if let Mutation::SwapLines(_, j) = m {
                let b = j.index(lines.len());
                lines.swap(a, b);
            } else if let Some((k, v)) = lines[a].split_once(" = ") {
                lines[a] = format!("{v} = {k}");
            }
            bytes = lines.join("\n").into_bytes();
        }
        Mutation::Crlf => bytes = text.replace('\n', "\r\n").into_bytes(),
        _ => {}
    }
    // A bit flip may leave invalid UTF-8, which `load` refuses before decoding; what reaches
    // `from_files` is text, so the damage is kept as U+FFFD.
    String::from_utf8_lossy(&bytes).into_owned()
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn damaged_definitions(file in any::<Index>(), mutations in prop::collection::vec(mutation(), 1..6)) {
        let mut files = corpus().clone();
        let i = file.index(files.len());
        for m in &mutations {
            files[i].1 = apply(&files[i].1, m);
        }
        check(files);
    }

    #[test]
    fn damaged_file_alone(file in any::<Index>(), mutations in prop::collection::vec(mutation(), 1..4)) {
        let (path, text) = &corpus()[file.index(corpus().len())];
        let mut text = text.clone();
        for m in &mutations {
            text = apply(&text, m);
        }
        check(vec![(path.clone(), text)]);
    }
}

// ---------------------------------------------------------------------------------------------
// (c) Generated conditions inside otherwise valid indicator files.

fn operand() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "alder",
            "kon",
            "insats",
            "lopnr",
            "antal",
            "svarat",
            "kris_plan",
            "okänd",
            "ÅÄÖ",
            "\"alder\"",
            "`kon`",
            "t.alder",
        ]),
        prop::sample::select(vec![
            "0",
            "80",
            "-1",
            "3.5",
            "1e999",
            "99999999999999999999999",
            "'K'",
            "'HT'",
            "'SÄBO'",
            "'Ja'",
            "''",
            "'it''s'",
            "'ä–ö'",
            "NULL",
            "TRUE",
            "\"K\"",
            "X'00'",
            "DATE '2024-01-01'",
            "$1",
            "?",
            "'\u{1F600}'",
        ]),
    ]
    .prop_map(str::to_string)
}

fn expression() -> impl Strategy<Value = String> {
    operand().prop_recursive(6, 64, 4, |inner| {
        let op = prop::sample::select(vec![
            "=", "<>", "<", ">=", "AND", "OR", "+", "-", "*", "/", "LIKE", "||", "XOR", "->", "~",
        ]);
        prop_oneof![
            (inner.clone(), op, inner.clone()).prop_map(|(a, o, b)| format!("{a} {o} {b}")),
            inner.clone().prop_map(|a| format!("NOT {a}")),
            inner.clone().prop_map(|a| format!("({a})")),
            (inner.clone(), prop::collection::vec(inner.clone(), 0..4))
                .prop_map(|(a, l)| format!("{a} IN ({})", l.join(", "))),
            (inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(a, b, c)| format!("{a} BETWEEN {b} AND {c}")),
            inner.clone().prop_map(|a| format!("{a} IS NOT NULL")),
            inner.clone().prop_map(|a| format!("lower({a})")),
            inner.prop_map(|a| format!("CASE WHEN {a} THEN 1 END")),
        ]
    })
}

/// Nesting a few hundred levels deep, balanced or not.
fn nested() -> impl Strategy<Value = String> {
    let wrap = prop::sample::select(vec![("(", ")"), ("NOT (", ")"), ("-(", ")"), ("NOT ", "")]);
    (0usize..400, wrap, expression(), any::<bool>()).prop_map(
        |(depth, (open, close), e, balanced)| {
            let closes = if balanced { depth } else { depth / 2 };
            format!("{}{e}{}", open.repeat(depth), close.repeat(closes))
        },
    )
}

/// Random tokens, unbalanced parentheses and quotes, unicode.
fn token_soup() -> impl Strategy<Value = String> {
    let token = prop::sample::select(vec![
        "(", ")", "'", "\"", "`", "[", "]", ",", ";", "NOT", "AND", "IN", "BETWEEN", "IS", "NULL",
        "CASE", "SELECT", "--", "/*", "\\", "\n", "\t", "ä", "–", "\u{feff}", "::", "alder", "1",
        "'K'", "=",
    ]);
    prop::collection::vec(token, 0..40).prop_map(|t| t.join(" "))
}

/// Very long strings and identifiers.
fn long() -> impl Strategy<Value = String> {
    (
        prop::sample::select(vec!['a', 'ä', '\'', '(', ' ', '–']),
        0usize..20_000,
    )
        .prop_map(|(c, n)| format!("alder = '{}'", String::from_iter(std::iter::repeat_n(c, n))))
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn generated_conditions(
        file in 0usize..64,
        slot in 0usize..8,
        style in 0u8..5,
        condition in prop_oneof![3 => expression(), 1 => nested(), 1 => token_soup(), 1 => long(), 1 => any::<String>()],
    ) {
        check(with_condition(file, slot, style, &condition));
    }
}

// ---------------------------------------------------------------------------------------------
// Inputs found by `examples/fuzz_check.rs`.

/// sqlparser 0.62 retries a failed `NOT (` as a function call at every level, so an unbalanced
/// chain took exponential time (62 levels: no answer after minutes). Now the parse has a budget.
#[test]
fn regression_unbalanced_not_nesting_is_not_exponential() {
    // Each is cut off before its end, so that parsing fails deep down and sqlparser backtracks.
    for shape in ["NOT (", "CAST(", "ARRAY[", "(NOT ", "x-not-b."] {
        let tail = if shape.ends_with('.') { "" } else { "x" };
        let condition = format!("{}{tail}", shape.repeat(62));
        let started = std::time::Instant::now();
        let diagnostics = check(with_condition(0, 0, 0, &condition));
        assert!(
            diagnostics
                .iter()
                .any(|d| d.rule.name() == "expression-syntax"),
            "{shape}: {:?}",
            diagnostics
                .iter()
                .map(|d| d.rule.name())
                .collect::<Vec<_>>()
        );
        // Not a benchmark: a generous bound that only a runaway parse exceeds.
        assert!(
            started.elapsed().as_secs() < 30,
            "{shape}: {:?}",
            started.elapsed()
        );
    }
}

/// Deeply nested but valid-looking conditions get a finding, not a stack overflow.
#[test]
fn regression_deep_parentheses() {
    for depth in [40, 60, 300] {
        let condition = format!("{}alder >= 80{}", "(".repeat(depth), ")".repeat(depth));
        check(with_condition(0, 0, 0, &condition));
    }
}

/// A TOML syntax error pointing at the `\r` of a CRLF line end lies past the line's shown text;
/// the human renderer clamped the caret with crossed bounds and panicked.
#[test]
fn regression_caret_on_crlf_line_end() {
    let cases = [
        "[source]\r\nid = \"a\r\n",
        "[area]\r\nid = 'x\r\ntitle = \"y\"\r\n",
        "x = \r\n",
        "[[indicator]\r\n",
        "a = 1\r\r\n",
        "a = \"\r\"\r\n",
    ];
    for text in cases {
        for path in [
            "sources/x.toml",
            "indicators/a/area.toml",
            "pipelines/p.toml",
        ] {
            let diagnostics = check(vec![(path.to_string(), text.to_string())]);
            assert!(!diagnostics.is_empty(), "{text:?}");
        }
    }
}

/// A long one-line condition with a finding per term was printed whole under every finding, so
/// the human output grew with the square of the line (a 20 kB condition gave 140 MB). Long lines
/// are now shown as a window around the caret.
#[test]
fn regression_long_line_output_stays_linear() {
    let terms: Vec<String> = (0..1000).map(|i| format!("okand_{i} = 1")).collect();
    let files = with_condition(0, 0, 0, &terms.join(" AND "));
    let line_length = files
        .iter()
        .map(|(_, t)| t.lines().map(str::len).max().unwrap_or(0))
        .max();
    let (spec, mut diagnostics) = jamfor_spec::from_files(files);
    diagnostics.extend(resolve::resolve(&spec, &Options::default()).1);
    assert!(diagnostics.len() >= 1000, "{}", diagnostics.len());
    let human = render::render(&spec.files, &diagnostics, OutputFormat::Human, Style::Plain);
    // Whole lines would be about 1000 findings × 15 kB; windows are a few hundred bytes each.
    assert!(
        human.len() < 2_000_000,
        "{} bytes for lines of {line_length:?}",
        human.len()
    );
    assert!(human.contains('…'));
}

#[test]
fn a_garbage_file_prints_its_first_diagnostics_and_counts_the_rest() {
    // Noise saved as a definition: a diagnostic every line, thousands of them.
    let garbage: String = (0..5000).map(|i| format!("{i} = = ]\n")).collect();
    let files = vec![("sources/noise.toml".to_string(), garbage)];
    let (spec, mut diagnostics) = jamfor_spec::from_files(files);
    jamfor_spec::diagnostic::sort(&mut diagnostics);
    assert!(diagnostics.len() > 100, "{}", diagnostics.len());
    let more = diagnostics.len() - render::SHOWN_PER_FILE;
    for format in [OutputFormat::Human, OutputFormat::Github] {
        let text = render::render(&spec.files, &diagnostics, format, Style::Plain);
        assert!(
            text.contains(&format!("… and {more} more in this file")),
            "{format:?}"
        );
        assert!(text.len() < 20_000, "{format:?}: {} bytes", text.len());
    }
    // The summary counts them all.
    assert!(render::summary(&diagnostics).contains(&diagnostics.len().to_string()));
}
