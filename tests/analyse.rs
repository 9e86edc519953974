//! `jamfor analyse` end to end: the default catalogue on synthetic data, one kommun's bruttolista.

#![allow(clippy::unwrap_used)]

mod support;

use support::{copy_catalogue, jamfor, scratch, stderr, stdout};

#[test]
fn a_kommuns_bruttolista_is_printed_per_area() {
    let dir = scratch("analyse_ale");
    copy_catalogue(&dir);
    let synth = jamfor(&dir, &["synth", "--out", "data/default"]);
    assert!(synth.status.success(), "{}", stderr(&synth));

    let output = jamfor(&dir, &["analyse", "--kommun", "Ale"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = stdout(&output);
    assert!(
        text.starts_with(
            "Bruttolista för Ale (1440) — Öppna jämförelser socialtjänst 2024, 2024\n"
        ),
        "{text}"
    );
    // Every area of the release, each with its seven comparable kommuner.
    for area in [
        "Äldreomsorg och hemsjukvård",
        "Ekonomiskt bistånd",
        "Våld i nära relationer",
    ] {
        assert!(
            text.contains(&format!("\n{area}\n  Liknande kommuner (3 nyckeltal): ")),
            "{area}:\n{text}"
        );
    }
    let groups = text
        .lines()
        .filter(|l| l.starts_with("  Liknande kommuner ("))
        .count();
    assert_eq!(groups, 8, "{text}");
    for line in text
        .lines()
        .filter(|l| l.starts_with("  Liknande kommuner ("))
    {
        assert_eq!(line.split(", ").count(), 7, "{line}");
    }

    // The same run twice prints the same list.
    let again = jamfor(&dir, &["analyse", "--kommun", "1440"]);
    assert_eq!(stdout(&again), text);
}

#[test]
fn an_unknown_kommun_is_a_usage_error_with_a_suggestion() {
    let dir = scratch("analyse_unknown");
    let output = jamfor(&dir, &["analyse", "--kommun", "Alle"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("did you mean 1440 (Ale)"),
        "{}",
        stderr(&output)
    );
}
