//! Data that breaks its source's declaration: each mistake stops the run with an error naming the
//! file, the line (as an editor numbers it, header = line 1), the column, what is wrong and what to
//! do — or, under `invalid_rows = "drop"`, is dropped and counted by reason. Values of identifying
//! columns never appear in an error. Also what must be read correctly: encodings, decimal commas,
//! kommun codes that lost their leading zero.

#![allow(clippy::unwrap_used)]

mod common;

use common::{Case, YEAR, cell, close, indicator};
use jamfor_engine::{DataError, DroppedRows, GeoLevel, Kon};

/// A register of ekonomiskt bistånd: one row per person and month paid.
const EKB: &str = r#"
[source]
id = "ekb"
title = "Ekonomiskt bistånd"
family = "register"

[source.format]
kind = "csv"
delimiter = ";"

[[source.columns]]
name = "lopnr"
type = "text"
role = "identifying"

[[source.columns]]
name = "kommun"
type = "text"
role = "kommun"

[[source.columns]]
name = "kon"
type = "code"
role = "kon"
codes = ["K", "M"]
kvinnor = "K"
man = "M"

[[source.columns]]
name = "manad"
type = "integer"

[[source.columns]]
name = "belopp"
type = "decimal"
"#;

fn ekb_indicators() -> String {
    indicator(
        "ekb_manader",
        "unit = \"antal\"\nbreakdown = [\"kon\"]",
        "type = \"count\"\nsource = \"ekb\"",
    ) + &indicator(
        "ekb_belopp",
        "unit = \"kronor\"",
        "type = \"count\"\nsource = \"ekb\"\nsum = \"belopp\"",
    )
}

fn ekb(name: &str, source: &str, csv: impl AsRef<[u8]>) -> Case {
    Case::new(name)
        .source("ekb", source)
        .data("ekb", "ekb_2023.csv", csv)
        .indicators(&ekb_indicators())
}

fn error(
    file: &str,
    line: Option<u64>,
    column: Option<&str>,
    message: &str,
    help: &str,
) -> DataError {
    DataError {
        file: file.to_string(),
        sheet: None,
        line,
        row: None,
        column: column.map(str::to_string),
        message: message.to_string(),
        help: Some(help.to_string()),
    }
}

const FIX_OR_DROP: &str =
    "fix the file, or declare `invalid_rows = \"drop\"` in the source to drop and count such rows";

#[test]
fn integer_column_holding_text() {
    let e = ekb(
        "integer_text",
        EKB,
        "lopnr;kommun;kon;manad;belopp\np1;0180;K;1;100\np1;0180;K;12a;100\n",
    )
    .error();
    assert_eq!(
        e,
        error(
            "ekb_2023.csv",
            Some(3),
            Some("manad"),
            "`12a` is not an integer",
            FIX_OR_DROP
        )
    );
    assert_eq!(
        e.to_string(),
        format!("ekb_2023.csv:3, column `manad`: `12a` is not an integer\n  help: {FIX_OR_DROP}")
    );
}

#[test]
fn unknown_kommun_code_with_did_you_mean() {
    let e = ekb(
        "unknown_kommun",
        EKB,
        "lopnr;kommun;kon;manad;belopp\np1;0180;K;1;100\np2;0189;K;1;100\n",
    )
    .error();
    // 0189 is one digit from three real codes; all are offered.
    assert_eq!(
        e,
        error(
            "ekb_2023.csv",
            Some(3),
            Some("kommun"),
            "`0189` is not a kommun code in 2023",
            "did you mean 0139 (Upplands-Bro), 0180 (Stockholm) or 0181 (Södertälje)?"
        )
    );
    // A misspelt name, as some exports name the kommun.
    let e = ekb(
        "unknown_kommun_name",
        EKB,
        "lopnr;kommun;kon;manad;belopp\np1;Stokholm;K;1;100\n",
    )
    .error();
    assert_eq!(e.message, "`Stokholm` is not a kommun code in 2023");
    assert_eq!(e.help.as_deref(), Some("did you mean 0180 (Stockholm)?"));
}

#[test]
fn value_outside_the_declared_codes() {
    let e = ekb(
        "outside_codes",
        EKB,
        "lopnr;kommun;kon;manad;belopp\np1;0180;K;1;100\np2;0180;M;1;100\np3;0180;k;2;100\n",
    )
    .error();
    assert_eq!(
        e,
        error(
            "ekb_2023.csv",
            Some(4),
            Some("kon"),
            "`k` is not one of the declared codes",
            "did you mean `K`?"
        )
    );
}

const ENKAT: &str = r#"
[source]
id = "kommunenkat"
title = "Kommunenkät"
family = "kommunenkat"
unique_by = ["kommun"]

[source.format]
kind = "csv"
delimiter = ";"

[[source.columns]]
name = "kommun"
type = "text"
role = "kommun"

[[source.columns]]
name = "rutin"
type = "code"
codes = ["Ja", "Nej"]
nullable = true
"#;

fn enkat(name: &str, source: &str, csv: &str) -> Case {
    Case::new(name)
        .source("kommunenkat", source)
        .data("kommunenkat", "enkat_2023.csv", csv)
        .indicators(&indicator(
            "rutin",
            "unit = \"ja_nej\"",
            "type = \"yes_no\"\nsource = \"kommunenkat\"\nyes = \"rutin = 'Ja'\"\nanswered = \"rutin IS NOT NULL\"",
        ))
}

#[test]
fn duplicate_kommun_in_a_kommunenkat() {
    // Stockholm answered twice; the second answer (line 4) is the duplicate. "180" is Stockholm
    // too, once its leading zero is restored.
    let e = enkat(
        "duplicate_kommun",
        ENKAT,
        "kommun;rutin\n0180;Ja\n0114;Nej\n180;Nej\n",
    )
    .error();
    assert_eq!(
        e,
        error(
            "enkat_2023.csv",
            Some(4),
            None,
            "has two rows with the same kommun (0180)",
            "the source declares `unique_by`: one row per key; remove the duplicate or fix the key"
        )
    );
}

#[test]
fn duplicate_key_is_found_at_its_line_after_dropped_rows() {
    // Line 3 is dropped (unknown code); the duplicate is still reported at line 5, not 4.
    let drop = ENKAT.replace("unique_by", "invalid_rows = \"drop\"\nunique_by");
    let e = enkat(
        "duplicate_after_drop",
        &drop,
        "kommun;rutin\n0180;Ja\n0114;Kanske\n0115;Nej\n0180;Nej\n",
    )
    .error();
    assert_eq!(e.line, Some(5));
    assert_eq!(e.message, "has two rows with the same kommun (0180)");
}

#[test]
fn missing_file() {
    let e = Case::new("missing_file")
        .source("ekb", EKB)
        .input("ekb", "leveranser/ekb_2023.csv")
        .indicators(&ekb_indicators())
        .error();
    assert_eq!(
        e,
        error(
            "leveranser/ekb_2023.csv",
            None,
            None,
            "the 2023 file of source `ekb` does not exist",
            "check `[inputs.ekb]` in the release; the default data is made with `jamfor synth`"
        )
    );
}

#[test]
fn file_that_is_not_the_declared_utf8() {
    // "Göteborg" saved by Excel: ö is the single byte F6, not valid UTF-8.
    let e = ekb(
        "not_utf8",
        &EKB.replace("name = \"lopnr\"", "name = \"lopnr\"\nnullable = true"),
        b"lopnr;kommun;kon;manad;belopp\np1;0180;K;1;100\np2;G\xf6teborg;K;1;100\n".as_slice(),
    )
    .error();
    assert_eq!(
        e,
        error(
            "ekb_2023.csv",
            Some(3),
            None,
            "is not valid utf-8 text",
            "the file reads as Windows-1252 (as Excel saves CSV): declare `encoding = \"windows-1252\"` in the source's `[source.format]`, or save the file as UTF-8"
        )
    );
}

#[test]
fn windows_1252_is_read_with_its_swedish_letters() {
    // Header and values in Windows-1252: å E5, ä E4, ö F6, Ä C4. Kommuner by name ("Göteborg",
    // "Upplands Väsby") and codes with å, ä and ö are read as written.
    let source = r#"
[source]
id = "insatser"
title = "Insatser"
family = "register"

[source.format]
kind = "csv"
delimiter = ";"
encoding = "windows-1252"

[[source.columns]]
name = "kommun"
type = "text"
role = "kommun"

[[source.columns]]
name = "ålder"
type = "integer"
role = "alder"

[[source.columns]]
name = "insats"
type = "code"
codes = ["Hemtjänst", "Särskilt boende", "Dagverksamhet för äldre"]
"#;
    let csv = b"kommun;\xe5lder;insats\n\
        G\xf6teborg;85;S\xe4rskilt boende\n\
        1480;90;Hemtj\xe4nst\n\
        Upplands V\xe4sby;70;S\xe4rskilt boende\n\
        0114;80;Dagverksamhet f\xf6r \xe4ldre\n";
    let results = Case::new("windows_1252")
        .source("insatser", source)
        .data("insatser", "insatser_2023.csv", csv.as_slice())
        .indicators(&indicator(
            "sabo_80",
            "unit = \"antal\"",
            "type = \"count\"\nsource = \"insatser\"\nwhere = \"insats = 'Särskilt boende' AND \\\"ålder\\\" >= 80\"",
        ))
        .results();
    let n = |geo| cell(&results, "sabo_80", GeoLevel::Kommun, geo, Kon::T).value;
    assert_eq!((n("1480"), n("0114")), (Some(1.0), Some(0.0)));
}

#[test]
fn decimal_comma() {
    let comma = EKB.replace("delimiter = \";\"", "delimiter = \";\"\ndecimal = \",\"");
    let results = ekb(
        "decimal_comma",
        &comma,
        "lopnr;kommun;kon;manad;belopp\np1;0180;K;1;12,5\np1;0180;K;2;1000\np2;0114;M;1;0,25\n",
    )
    .results();
    let sum = |level, geo| {
        cell(&results, "ekb_belopp", level, geo, Kon::T)
            .value
            .unwrap()
    };
    close(sum(GeoLevel::Kommun, "0180"), 1012.5);
    close(sum(GeoLevel::Lan, "01"), 1012.75);

    // Declared with a point, the same file fails at its first comma, with a hint.
    let e = ekb(
        "decimal_comma_undeclared",
        EKB,
        "lopnr;kommun;kon;manad;belopp\np1;0180;K;1;12,5\n",
    )
    .error();
    assert_eq!(
        e,
        error(
            "ekb_2023.csv",
            Some(2),
            Some("belopp"),
            "`12,5` is not a decimal number",
            "the source declares `decimal = \".\"`; Swedish files often need `decimal = \",\"`"
        )
    );
}

#[test]
fn kommun_code_that_lost_its_leading_zero() {
    let results = ekb(
        "leading_zero",
        EKB,
        "lopnr;kommun;kon;manad;belopp\np1;180;K;1;100\np2;0180;M;1;100\np3;114;K;1;100\n",
    )
    .results();
    let n = |geo| cell(&results, "ekb_manader", GeoLevel::Kommun, geo, Kon::T).value;
    assert_eq!((n("0180"), n("0114")), (Some(2.0), Some(1.0)));
}

#[test]
fn invalid_rows_dropped_and_counted_by_reason() {
    let drop = EKB.replace(
        "family = \"register\"",
        "family = \"register\"\ninvalid_rows = \"drop\"",
    );
    // Line 3: unknown kommun. Line 4: kön outside the codes. Line 5: month not an integer AND
    // amount not a number — one row, counted once, under its first problem. Line 6: empty amount.
    let csv = "\
lopnr;kommun;kon;manad;belopp
p1;0180;K;1;100
p2;9999;K;1;100
p3;0180;X;1;100
p4;0114;M;tolv;mycket
p5;0114;M;1;
p6;0114;M;1;50
";
    let results = ekb("drop", &drop, csv).results();
    let dropped = |reason: &str, rows| DroppedRows {
        source: "ekb".to_string(),
        year: YEAR,
        reason: reason.to_string(),
        rows,
    };
    let mut got = results.dropped.clone();
    got.sort_by(|a, b| a.reason.cmp(&b.reason));
    assert_eq!(
        got,
        [
            dropped("empty value", 1),
            dropped("not an integer", 1),
            dropped("unknown kommun code", 1),
            dropped("value outside the declared codes", 1),
        ]
    );
    // What is left: p1 in 0180, p6 in 0114.
    let n = |geo| cell(&results, "ekb_manader", GeoLevel::Kommun, geo, Kon::T).value;
    assert_eq!((n("0180"), n("0114")), (Some(1.0), Some(1.0)));
    close(
        cell(&results, "ekb_belopp", GeoLevel::Riket, "00", Kon::T)
            .value
            .unwrap(),
        150.0,
    );
}

#[test]
fn identifying_values_never_appear_in_an_error() {
    // A personnummer where an integer löpnummer was expected.
    let pnr = "19121212-1212";
    let integer_lopnr = EKB.replace(
        "name = \"lopnr\"\ntype = \"text\"",
        "name = \"lopnr\"\ntype = \"integer\"",
    );
    let e = ekb(
        "identifying",
        &integer_lopnr,
        format!("lopnr;kommun;kon;manad;belopp\n1001;0180;K;1;100\n{pnr};0180;K;1;100\n"),
    )
    .error();
    assert_eq!(
        e,
        error(
            "ekb_2023.csv",
            Some(3),
            Some("lopnr"),
            "the value (not shown: identifying column) is not an integer",
            FIX_OR_DROP
        )
    );
    let shown = format!("{e}\n{e:?}");
    for part in [pnr, "19121212", "1212"] {
        assert!(!shown.contains(part), "{shown}");
    }

    // Nor in a duplicate key that includes the identifier.
    let unique = EKB.replace(
        "family = \"register\"",
        "family = \"register\"\nunique_by = [\"lopnr\", \"manad\"]",
    );
    let e = ekb(
        "identifying_duplicate",
        &unique,
        format!("lopnr;kommun;kon;manad;belopp\n{pnr};0180;K;1;100\n{pnr};0180;K;1;200\n"),
    )
    .error();
    assert_eq!(e.line, Some(3));
    assert_eq!(e.message, "has two rows with the same lopnr, manad");
    let shown = format!("{e}\n{e:?}");
    assert!(!shown.contains("19121212"), "{shown}");

    // Nor when a row is malformed around it.
    let e = ekb(
        "identifying_ragged",
        EKB,
        format!("lopnr;kommun;kon;manad;belopp\n{pnr};0180;K;1;100;7\n"),
    )
    .error();
    assert_eq!(e.line, Some(2));
    assert!(!format!("{e}\n{e:?}").contains("19121212"));
}

#[test]
fn rows_with_more_or_fewer_fields_than_the_header() {
    let e = ekb(
        "ragged",
        EKB,
        "lopnr;kommun;kon;manad;belopp\np1;0180;K;1;100\np2;0180;K;1;100;7\n",
    )
    .error();
    assert_eq!(
        e,
        error(
            "ekb_2023.csv",
            Some(3),
            None,
            "has 6 fields on this line, but the header has 5",
            "check the declared delimiter `;`, and quote values that contain it"
        )
    );
    let e = ekb("short", EKB, "lopnr;kommun;kon;manad;belopp\np1;0180;K;1\n").error();
    assert_eq!(e.message, "has 4 fields on this line, but the header has 5");
}

#[test]
fn blank_lines_are_not_rows_and_lines_stay_right() {
    // A blank line in the middle and two at the end (as editors and exports leave them), and a
    // quoted value spanning two lines: the bad value is on line 6 of the file.
    let nullable = EKB.replace(
        "name = \"lopnr\"\ntype = \"text\"",
        "name = \"lopnr\"\ntype = \"text\"\nnullable = true",
    );
    let e = ekb(
        "blank_lines",
        &nullable,
        "lopnr;kommun;kon;manad;belopp\np1;0180;K;1;100\n\n\"p\n2\";0180;K;1;100\np3;0180;K;x;100\n\n\n",
    )
    .error();
    assert_eq!((e.line, e.column.as_deref()), (Some(6), Some("manad")));
    let results = ekb(
        "blank_lines_ok",
        EKB,
        "lopnr;kommun;kon;manad;belopp\r\np1;0180;K;1;100\r\n\r\np2;0180;K;1;100\r\n\r\n",
    )
    .results();
    let n = cell(&results, "ekb_manader", GeoLevel::Kommun, "0180", Kon::T).value;
    assert_eq!(n, Some(2.0));
}

#[test]
fn missing_declared_column() {
    let e = ekb(
        "missing_column",
        EKB,
        "lopnr;kommun;kön;manad;belopp\np1;0180;K;1;100\n",
    )
    .error();
    assert_eq!(
        e,
        error(
            "ekb_2023.csv",
            None,
            None,
            "has no column `kon`, which source `ekb` declares",
            "did you mean `kön`?"
        )
    );
}

#[test]
fn empty_kommun_is_an_error_even_when_declared_nullable() {
    // A row without a kommun belongs nowhere: it must neither vanish from riket nor show up as a
    // kommun without a code.
    let nullable = EKB.replace(
        "name = \"kommun\"\ntype = \"text\"",
        "name = \"kommun\"\ntype = \"text\"\nnullable = true",
    );
    let e = ekb(
        "empty_kommun",
        &nullable,
        "lopnr;kommun;kon;manad;belopp\np1;0180;K;1;100\np2;;K;1;100\n",
    )
    .error();
    assert_eq!(
        e,
        error(
            "ekb_2023.csv",
            Some(3),
            Some("kommun"),
            "is empty, but every row must belong to a kommun",
            "fill in the kommun code, or declare `invalid_rows = \"drop\"` in the source to drop and count such rows"
        )
    );
    // Dropped, it is counted.
    let drop = nullable.replace(
        "family = \"register\"",
        "family = \"register\"\ninvalid_rows = \"drop\"",
    );
    let results = ekb(
        "empty_kommun_dropped",
        &drop,
        "lopnr;kommun;kon;manad;belopp\np1;0180;K;1;100\np2;;K;1;100\n",
    )
    .results();
    assert_eq!(results.dropped.len(), 1);
    assert_eq!(
        (results.dropped[0].reason.as_str(), results.dropped[0].rows),
        ("empty value", 1)
    );
    assert!(results.rows.iter().all(|r| !r.key.geo.is_empty()));
}

/// The register with a `period` column: the year (or, with `date`, the day) each row belongs to.
fn with_period(column_type: &str, drop: bool) -> String {
    let source = EKB.to_string()
        + &format!(
            "\n[[source.columns]]\nname = \"ar\"\ntype = \"{column_type}\"\nrole = \"period\"\n"
        );
    if drop {
        source.replace(
            "family = \"register\"",
            "family = \"register\"\ninvalid_rows = \"drop\"",
        )
    } else {
        source
    }
}

#[test]
fn a_period_column_must_hold_the_year_of_the_file() {
    // Rows of the file's year are read as usual.
    for (column_type, a, b) in [
        ("integer", "2023", "2023"),
        ("date", "2023-01-31", "2023-12-31"),
    ] {
        let csv =
            format!("lopnr;kommun;kon;manad;belopp;ar\np1;0180;K;1;100;{a}\np2;0180;M;2;50;{b}\n");
        let results = ekb("period_ok", &with_period(column_type, false), csv).results();
        let n = cell(&results, "ekb_manader", GeoLevel::Kommun, "0180", Kon::T).value;
        assert_eq!(n, Some(2.0), "{column_type}");
    }
    // A row of another year would be counted in the wrong year: the run stops at its line.
    for (column_type, same, other) in [
        ("integer", "2023", "2022"),
        ("date", "2023-06-30", "2024-01-01"),
    ] {
        let csv = format!(
            "lopnr;kommun;kon;manad;belopp;ar\np1;0180;K;1;100;{same}\np2;0180;M;2;50;{other}\n"
        );
        let e = ekb("period_other", &with_period(column_type, false), csv).error();
        assert_eq!((e.line, e.column.as_deref()), (Some(3), Some("ar")), "{e}");
        assert_eq!(
            e.message,
            format!("`{other}` is not in 2023, the year this file is read for")
        );
    }
    // Or, when the source says so, it is dropped and counted.
    let csv = "lopnr;kommun;kon;manad;belopp;ar\np1;0180;K;1;100;2023\np2;0180;M;2;50;2022\n";
    let results = ekb("period_drop", &with_period("integer", true), csv).results();
    assert_eq!(
        results.dropped,
        [DroppedRows {
            source: "ekb".to_string(),
            year: YEAR,
            reason: "row of another year".to_string(),
            rows: 1,
        }]
    );
    let n = cell(&results, "ekb_manader", GeoLevel::Kommun, "0180", Kon::T).value;
    assert_eq!(n, Some(1.0));
}

#[test]
fn a_header_without_rows_is_an_error() {
    // Read as it is, every count of the year would be 0 and every share a share of nothing.
    for (name, csv) in [
        ("header_only", "lopnr;kommun;kon;manad;belopp\n"),
        (
            "header_only_blank_lines",
            "lopnr;kommun;kon;manad;belopp\r\n\r\n\n",
        ),
    ] {
        let e = ekb(name, EKB, csv).error();
        assert_eq!(
            e,
            error(
                "ekb_2023.csv",
                Some(1),
                None,
                "the file has a header but no rows",
                "the 2023 file of source `ekb` must hold that year's rows: check that the export was not cut off or filtered to nothing, or point `[inputs.ekb]` in the release at the right file"
            ),
            "{name}"
        );
    }
}

#[test]
fn a_column_named_twice_is_an_error() {
    let e = ekb(
        "duplicate_column",
        EKB,
        "lopnr;kommun;kon;manad;belopp;kon\np1;0180;K;1;100;M\n",
    )
    .error();
    assert_eq!(
        e,
        error(
            "ekb_2023.csv",
            Some(1),
            Some("kon"),
            "names the column `kon` twice in its header (columns 3 and 6)",
            "rename or remove one of them: jamfor cannot know which one holds the values the source declares"
        )
    );
    // Unnamed columns (trailing delimiters) are not names given twice.
    let results = ekb(
        "unnamed_columns",
        EKB,
        "lopnr;kommun;kon;manad;belopp;;\np1;0180;K;1;100;;\n",
    )
    .results();
    let n = cell(&results, "ekb_manader", GeoLevel::Kommun, "0180", Kon::T).value;
    assert_eq!(n, Some(1.0));
}

const NEGATIVE_HELP: &str = "fix the file, or declare `negative = true` for the column if its values may be below zero (a balance, a change); `invalid_rows = \"drop\"` in the source drops and counts such rows";

#[test]
fn a_negative_count_is_reported_where_it_is() {
    let e = ekb(
        "negative_amount",
        EKB,
        "lopnr;kommun;kon;manad;belopp\np1;0180;K;1;100\np2;0180;K;1;-100\n",
    )
    .error();
    assert_eq!(
        e,
        error(
            "ekb_2023.csv",
            Some(3),
            Some("belopp"),
            "`-100` is negative; counts and amounts cannot be",
            NEGATIVE_HELP
        )
    );
    let e = ekb(
        "negative_integer",
        EKB,
        "lopnr;kommun;kon;manad;belopp\np1;0180;K;1;100\np2;0180;K;-1;100\n",
    )
    .error();
    assert_eq!((e.line, e.column.as_deref()), (Some(3), Some("manad")));
    // Declared as possibly negative, it is read and summed.
    let balance = EKB.replace(
        "name = \"belopp\"\ntype = \"decimal\"",
        "name = \"belopp\"\ntype = \"decimal\"\nnegative = true",
    );
    let results = ekb(
        "negative_declared",
        &balance,
        "lopnr;kommun;kon;manad;belopp\np1;0180;K;1;100\np2;0180;K;1;-30\n",
    )
    .results();
    close(
        cell(&results, "ekb_belopp", GeoLevel::Kommun, "0180", Kon::T)
            .value
            .unwrap(),
        70.0,
    );
}

#[test]
fn lines_in_single_byte_encodings_are_the_lines_of_the_file() {
    // An undefined Windows-1252 byte (0x81) on line 5 was reported on line 9 (2n − 1).
    let windows = EKB.replace(
        "delimiter = \";\"",
        "delimiter = \";\"\nencoding = \"windows-1252\"",
    );
    let csv = b"lopnr;kommun;kon;manad;belopp\np1;0180;K;1;100\np2;0180;K;1;100\np3;0180;K;1;100\np4;G\x81teborg;K;1;100\n";
    let e = ekb("windows_1252_line", &windows, csv.as_slice()).error();
    assert_eq!(
        (e.line, e.message.as_str()),
        (Some(5), "is not valid windows-1252 text")
    );
    // A bad value on line 5 of a Latin-1 file, after a line with å, ä and ö.
    let latin1 = EKB.replace(
        "delimiter = \";\"",
        "delimiter = \";\"\nencoding = \"iso-8859-1\"",
    );
    let csv = b"lopnr;kommun;kon;manad;belopp\np1;G\xf6teborg;K;1;100\np2;0180;K;1;100\np3;Upplands V\xe4sby;K;1;100\np4;0180;K;x;100\n";
    let e = ekb("latin_1_line", &latin1, csv.as_slice()).error();
    assert_eq!((e.line, e.column.as_deref()), (Some(5), Some("manad")));
}

#[test]
fn a_header_read_with_the_wrong_delimiter_says_so() {
    let e = ekb(
        "wrong_delimiter",
        EKB,
        "lopnr,kommun,kon,manad,belopp\np1,0180,K,1,100\n",
    )
    .error();
    assert_eq!(
        e,
        error(
            "ekb_2023.csv",
            Some(1),
            None,
            "the header has one column `lopnr,kommun,kon,manad,belopp`; is the delimiter `,`? the source declares `;`",
            "declare `delimiter = \",\"` in the source's `[source.format]`, or export the file with `;`"
        )
    );
}

#[test]
fn cr_only_line_ends_are_refused() {
    let e = ekb(
        "cr_only",
        EKB,
        "lopnr;kommun;kon;manad;belopp\rp1;0180;K;1;100\r",
    )
    .error();
    assert_eq!(
        e,
        error(
            "ekb_2023.csv",
            Some(1),
            None,
            "has line ends that are CR only (as classic Mac OS saved text), so the whole file reads as one line",
            "save the file with LF or CRLF line ends (any editor's or Excel's \"CSV UTF-8\" does)"
        )
    );
}
