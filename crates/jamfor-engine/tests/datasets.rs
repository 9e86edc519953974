//! Sources delivered as SAS datasets (`kind = "sas7bdat"`) and SPSS files (`kind = "sav"`, `.sav`
//! and `.zsav`): read with the same declared schema as CSV, value labels usable as codes, SPSS'
//! missing values empty, SAS dates and date-times as the days and times they count to, and errors
//! naming the file, the row and the column. The files are made by `tests/datasets/make.py` with
//! ReadStat (its command line, and its C library through `sas_dates.c`) and pyreadstat.

#![allow(clippy::unwrap_used)]

mod common;

use common::{Case, cell, indicator};
use jamfor_engine::{GeoLevel, Kon};

fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/datasets")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The register extract: lower-case names for the dataset's upper-case ones.
const INSATSER: &str = r#"
[source]
id = "insatser"
title = "Insatser"
family = "register"

[source.format]
kind = "sas7bdat"

[[source.columns]]
name = "lopnr"
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
codes = ["K", "M"]
kvinnor = "K"
man = "M"

[[source.columns]]
name = "manad"
type = "integer"

[[source.columns]]
name = "timmar"
type = "decimal"
nullable = true
"#;

fn insatser(name: &str, source: &str, bytes: Vec<u8>) -> Case {
    Case::new(name)
        .source("insatser", source)
        .data("insatser", "insatser_2023.sas7bdat", bytes)
        .indicators(&indicator(
            "timmar",
            "unit = \"antal\"\nbreakdown = [\"kon\"]",
            "type = \"count\"\nsource = \"insatser\"\nsum = \"timmar\"\nwhere = \"manad >= 1\"",
        ))
        .indicators(&indicator(
            "personer",
            "unit = \"antal\"",
            "type = \"count\"\nsource = \"insatser\"\ndistinct = \"lopnr\"",
        ))
}

#[test]
fn a_sas_dataset_is_read_like_a_csv_file() {
    let results = insatser("sas_ok", INSATSER, fixture("insatser.sas7bdat")).results();
    let value = |id, geo, kon| cell(&results, id, GeoLevel::Kommun, geo, kon).value;
    // Kommun codes stored as numbers (180) get their zero back; a missing value is empty.
    assert_eq!(value("timmar", "0180", Kon::T), Some(14.5));
    assert_eq!(value("timmar", "0180", Kon::K), Some(12.5));
    assert_eq!(value("timmar", "1480", Kon::T), Some(0.0));
    assert_eq!(value("timmar", "0114", Kon::M), Some(7.25));
    assert_eq!(value("personer", "0180", Kon::T), Some(2.0));
    assert_eq!(
        cell(&results, "personer", GeoLevel::Riket, "00", Kon::T).value,
        Some(4.0)
    );
}

#[test]
fn a_sas_value_of_the_wrong_type_is_named_at_its_row_and_column() {
    let e = insatser("sas_wrong_type", INSATSER, fixture("insatser_fel.sas7bdat")).error();
    assert_eq!(
        e.to_string(),
        "insatser_2023.sas7bdat, row 2, column `manad`: `2.5` is not an integer\n  help: fix the file, or declare `invalid_rows = \"drop\"` in the source to drop and count such rows"
    );

    // Dropped instead, the other row is read.
    let dropping = INSATSER.replace(
        "family = \"register\"",
        "family = \"register\"\ninvalid_rows = \"drop\"",
    );
    let results = insatser(
        "sas_wrong_type_dropped",
        &dropping,
        fixture("insatser_fel.sas7bdat"),
    )
    .results();
    assert_eq!(
        cell(&results, "timmar", GeoLevel::Kommun, "0180", Kon::T).value,
        Some(12.5)
    );
}

#[test]
fn identifying_values_of_a_sas_dataset_are_never_shown() {
    // The person ids are text; declared as integers, every one breaks the declaration.
    let source = INSATSER.replace(
        "name = \"lopnr\"\ntype = \"text\"",
        "name = \"lopnr\"\ntype = \"integer\"",
    );
    let e = insatser("sas_identifying", &source, fixture("insatser.sas7bdat")).error();
    assert_eq!((e.row, e.column.as_deref()), (Some(1), Some("lopnr")));
    assert!(!e.to_string().contains("p01"), "{e}");
    assert!(e.message.contains("not shown: identifying column"), "{e}");
}

#[test]
fn a_missing_sas_column_gets_a_did_you_mean() {
    let source = INSATSER.replace("name = \"timmar\"", "name = \"timar\"");
    let e = Case::new("sas_missing_column")
        .source("insatser", &source)
        .data(
            "insatser",
            "insatser_2023.sas7bdat",
            fixture("insatser.sas7bdat"),
        )
        .indicators(&indicator(
            "timar",
            "unit = \"antal\"",
            "type = \"count\"\nsource = \"insatser\"\nsum = \"timar\"",
        ))
        .error();
    assert_eq!(
        e.to_string(),
        "insatser_2023.sas7bdat: has no column `timar`, which source `insatser` declares\n  help: did you mean `TIMMAR`?"
    );
}

#[test]
fn a_cut_off_sas_dataset_is_refused() {
    let mut bytes = fixture("insatser.sas7bdat");
    bytes.truncate(bytes.len() / 2);
    let e = insatser("sas_cut_off", INSATSER, bytes).error();
    assert_eq!(e.file, "insatser_2023.sas7bdat");
    assert!(
        e.message.starts_with("is not a readable SAS dataset") || e.message.starts_with("holds "),
        "{e}"
    );
    assert!(e.help.as_deref().unwrap_or("").contains("complete"), "{e}");
}

/// The register extract with dates (`sas_dates.c`): SAS date formats on `FODD`, `BESLUT` and
/// `AVSLUT`, a date-time format on `REGISTRERAD`.
const INSATSER_DATUM: &str = r#"
[source]
id = "insatser"
title = "Insatser"
family = "register"

[source.format]
kind = "sas7bdat"

[[source.columns]]
name = "lopnr"
type = "text"
role = "identifying"

[[source.columns]]
name = "kommun"
type = "integer"
role = "kommun"

[[source.columns]]
name = "fodd"
type = "date"

[[source.columns]]
name = "beslut"
type = "date"

[[source.columns]]
name = "avslut"
type = "date"
nullable = true

[[source.columns]]
name = "registrerad"
type = "text"
nullable = true
"#;

/// Each row of `insatser_datum.sas7bdat` as it must be read: its kommun, and its values as a
/// condition that holds for it alone. SAS counts dates in days and date-times in seconds from
/// 1960-01-01, so a date before 1960 is a negative number.
const INSATSER_DATUM_ROWS: [(&str, &str); 4] = [
    (
        "0180",
        "fodd = '1932-07-14' AND beslut = '2023-03-01' AND avslut = '2023-06-30' AND registrerad = '2023-03-01 00:00:00'",
    ),
    // AVSLUT is `.`.
    (
        "0180",
        "fodd = '1959-12-31' AND beslut = '2023-05-17' AND avslut IS NULL AND registrerad = '2023-05-17 08:30:15'",
    ),
    // Born on SAS day 0; REGISTRERAD is 16:45:00.75, read as the second it falls in.
    (
        "1480",
        "fodd = '1960-01-01' AND beslut = '2023-11-20' AND avslut = '2024-02-29' AND registrerad = '2023-11-20 16:45:00'",
    ),
    // AVSLUT is the special missing value `.A`, REGISTRERAD is `.`.
    (
        "1480",
        "fodd = '2003-10-05' AND beslut = '2023-12-31' AND avslut IS NULL AND registrerad IS NULL",
    ),
];

/// The dated register extract read by `source`, with its persons counted.
fn insatser_datum(name: &str, source: &str, file: &str) -> Case {
    Case::new(name)
        .source("insatser", source)
        .data("insatser", "insatser_2023.sas7bdat", fixture(file))
        .indicators(&indicator(
            "personer",
            "unit = \"antal\"",
            "type = \"count\"\nsource = \"insatser\"\ndistinct = \"lopnr\"",
        ))
}

#[test]
fn sas_dates_and_date_times_are_read_as_the_days_and_times_they_count_to() {
    // `rad1`… count the rows that hold exactly what each row of the dataset does.
    let mut case = insatser_datum("sas_dates", INSATSER_DATUM, "insatser_datum.sas7bdat");
    for (i, (_, condition)) in INSATSER_DATUM_ROWS.iter().enumerate() {
        case = case.indicators(&indicator(
            &format!("rad{}", i + 1),
            "unit = \"antal\"",
            &format!(
                "type = \"count\"\nsource = \"insatser\"\ndistinct = \"lopnr\"\nwhere = \"{condition}\""
            ),
        ));
    }
    let results = case.results();
    for (i, (kommun, condition)) in INSATSER_DATUM_ROWS.iter().enumerate() {
        let id = format!("rad{}", i + 1);
        let count = |level, geo| cell(&results, &id, level, geo, Kon::T).value;
        assert_eq!(count(GeoLevel::Riket, "00"), Some(1.0), "{id}: {condition}");
        assert_eq!(count(GeoLevel::Kommun, kommun), Some(1.0), "{id}");
    }
    assert_eq!(
        cell(&results, "personer", GeoLevel::Riket, "00", Kon::T).value,
        Some(4.0)
    );
}

#[test]
fn a_missing_sas_date_is_refused_where_the_column_is_not_nullable() {
    // AVSLUT is `.` on row 2 and `.A` on row 4: read as missing (`avslut IS NULL` holds for
    // both in the test above), which the column must allow.
    let source = INSATSER_DATUM.replace(
        "name = \"avslut\"\ntype = \"date\"\nnullable = true",
        "name = \"avslut\"\ntype = \"date\"",
    );
    let e = insatser_datum("sas_date_missing", &source, "insatser_datum.sas7bdat").error();
    assert_eq!(
        e.to_string(),
        "insatser_2023.sas7bdat, row 2, column `avslut`: is empty, but the column is not nullable (1 more problem in the file)\n  help: fill in the value, or declare `nullable = true` for the column"
    );

    // Dropped instead, both rows without an end date are left out.
    let dropping = source.replace(
        "family = \"register\"",
        "family = \"register\"\ninvalid_rows = \"drop\"",
    );
    let results = insatser_datum(
        "sas_date_missing_dropped",
        &dropping,
        "insatser_datum.sas7bdat",
    )
    .results();
    assert_eq!(
        cell(&results, "personer", GeoLevel::Riket, "00", Kon::T).value,
        Some(2.0)
    );
}

#[test]
fn a_sas_date_time_is_not_a_date_even_at_midnight() {
    // Row 1 is registered at 00:00:00: a date-time all the same, as its format says.
    let source = INSATSER_DATUM.replace(
        "name = \"registrerad\"\ntype = \"text\"",
        "name = \"registrerad\"\ntype = \"date\"",
    );
    let e = insatser_datum("sas_date_time_as_date", &source, "insatser_datum.sas7bdat").error();
    assert_eq!(
        e.to_string(),
        "insatser_2023.sas7bdat, row 1, column `registrerad`: `2023-03-01 00:00:00` is not a date (YYYY-MM-DD) (2 more problems in the file)\n  help: fix the file, or declare `invalid_rows = \"drop\"` in the source to drop and count such rows"
    );
}

#[test]
fn a_sas_date_without_a_date_format_is_named_at_its_row_and_column() {
    // BESLUT holds the day numbers with the format BEST12.: numbers, not dates.
    let e = insatser_datum(
        "sas_date_as_number",
        INSATSER_DATUM,
        "insatser_datum_fel.sas7bdat",
    )
    .error();
    assert_eq!(
        e.to_string(),
        "insatser_2023.sas7bdat, row 1, column `beslut`: `23070` is not a date (YYYY-MM-DD) (3 more problems in the file)\n  help: fix the file, or declare `invalid_rows = \"drop\"` in the source to drop and count such rows"
    );
}

/// The brukarundersökning: answers read as their labels, a weight, a date, a long comment.
const BRUKARE: &str = r#"
[source]
id = "brukare"
title = "Brukarundersökning"
family = "brukarundersokning"

[source.format]
kind = "sav"

[[source.columns]]
name = "kommun"
type = "integer"
role = "kommun"

[[source.columns]]
name = "kon"
type = "code"
role = "kon"
codes = ["1", "2"]
kvinnor = "2"
man = "1"

[[source.columns]]
name = "bemotande_helhet"
type = "code"
use_value_labels = true
nullable = true
codes = ["Mycket bra", "Ganska bra", "Ganska dåligt", "Mycket dåligt"]

[[source.columns]]
name = "besok"
type = "date"

[[source.columns]]
name = "vikt"
type = "decimal"
role = "weight"

[[source.columns]]
name = "kommentar"
type = "text"
nullable = true
"#;

fn brukare(name: &str, source: &str, file: &str, bytes: Vec<u8>) -> Case {
    let count = |id: &str, rest: &str| {
        indicator(
            id,
            "unit = \"antal\"\nbreakdown = [\"kon\"]",
            &format!("type = \"count\"\nsource = \"brukare\"\n{rest}"),
        )
    };
    Case::new(name)
        .source("brukare", source)
        .data("brukare", file, bytes)
        .indicators(&count(
            "mycket_bra",
            "where = \"bemotande_helhet = 'Mycket bra'\"",
        ))
        .indicators(&count("vet_ej", "where = \"bemotande_helhet IS NULL\""))
        .indicators(&count("senare_besok", "where = \"besok >= '2023-05-17'\""))
        .indicators(&count("vikter", "sum = \"vikt\""))
        .indicators(&count(
            "kommentarer",
            "where = \"kommentar LIKE 'Personalen%'\"",
        ))
}

#[track_caller]
fn assert_brukare(case: Case, with_dates: bool) {
    let results = case.results();
    let value = |id, geo, kon| cell(&results, id, GeoLevel::Kommun, geo, kon).value;
    // Labels as codes: "Mycket bra" is 1; kön 2 is kvinnor.
    assert_eq!(value("mycket_bra", "0180", Kon::K), Some(1.0));
    assert_eq!(value("mycket_bra", "1480", Kon::T), Some(1.0));
    // 9 "Vet ej" is declared missing in the file: read as empty, as SPSS treats it.
    assert_eq!(value("vet_ej", "0180", Kon::T), Some(1.0));
    assert_eq!(value("vikter", "1480", Kon::T), Some(1.75));
    if with_dates {
        assert_eq!(value("senare_besok", "0180", Kon::T), Some(2.0));
        assert_eq!(value("senare_besok", "1480", Kon::M), Some(1.0));
        // A string longer than 255 bytes, stored in segments, is read whole.
        assert_eq!(value("kommentarer", "0180", Kon::K), Some(1.0));
    }
}

#[test]
fn an_spss_file_is_read_with_its_labels_and_missing_values() {
    assert_brukare(
        brukare(
            "sav_ok",
            BRUKARE,
            "brukare_2023.sav",
            fixture("brukare.sav"),
        ),
        true,
    );
}

#[test]
fn a_zlib_compressed_spss_file_is_read_the_same() {
    assert_brukare(
        brukare(
            "zsav_ok",
            BRUKARE,
            "brukare_2023.zsav",
            fixture("brukare.zsav"),
        ),
        true,
    );
}

#[test]
fn a_bytecode_compressed_spss_file_is_read_the_same() {
    assert_brukare(
        brukare(
            "sav_bytecode",
            BRUKARE,
            "brukare_2023.sav",
            fixture("brukare_bytecode.sav"),
        ),
        true,
    );
}

#[test]
fn an_spss_file_written_by_readstat_is_read_the_same() {
    // ReadStat's file has no date and no comment.
    let source = BRUKARE
        .replace(
            "name = \"besok\"\ntype = \"date\"",
            "name = \"besok\"\ntype = \"date\"\nnullable = true",
        )
        .split("[[source.columns]]\nname = \"besok\"")
        .next()
        .unwrap()
        .to_string()
        + "[[source.columns]]\nname = \"vikt\"\ntype = \"decimal\"\nrole = \"weight\"\n";
    let case = Case::new("sav_readstat")
        .source("brukare", &source)
        .data(
            "brukare",
            "brukare_2023.sav",
            fixture("brukare_readstat.sav"),
        )
        .indicators(&indicator(
            "mycket_bra",
            "unit = \"antal\"\nbreakdown = [\"kon\"]",
            "type = \"count\"\nsource = \"brukare\"\nwhere = \"bemotande_helhet = 'Mycket bra'\"",
        ))
        .indicators(&indicator(
            "vet_ej",
            "unit = \"antal\"\nbreakdown = [\"kon\"]",
            "type = \"count\"\nsource = \"brukare\"\nwhere = \"bemotande_helhet IS NULL\"",
        ))
        .indicators(&indicator(
            "vikter",
            "unit = \"antal\"\nbreakdown = [\"kon\"]",
            "type = \"count\"\nsource = \"brukare\"\nsum = \"vikt\"",
        ));
    assert_brukare(case, false);
}

#[test]
fn an_answer_without_a_label_or_with_an_undeclared_label_is_named() {
    // Row 4 answers 7, which has no label: read as it is, it is not a declared code.
    let e = brukare(
        "sav_no_label",
        BRUKARE,
        "brukare_2023.sav",
        fixture("brukare_okand.sav"),
    )
    .error();
    assert_eq!(
        (
            e.file.as_str(),
            e.row,
            e.column.as_deref(),
            e.message.as_str()
        ),
        (
            "brukare_2023.sav",
            Some(4),
            Some("bemotande_helhet"),
            "`7` is not one of the declared codes"
        )
    );

    // The file's label "Mycket dåligt" is not among the codes the source declares.
    let source = BRUKARE.replace(
        "\"Ganska dåligt\", \"Mycket dåligt\"",
        "\"Ganska dåligt\", \"Mycket dålig\"",
    );
    let e = brukare(
        "sav_undeclared_label",
        &source,
        "brukare_2023.sav",
        fixture("brukare.sav"),
    )
    .error();
    assert_eq!(
        e.to_string(),
        "brukare_2023.sav, row 4, column `bemotande_helhet`: `Mycket dåligt` is not one of the declared codes\n  help: did you mean `Mycket dålig`?"
    );
}

#[test]
fn values_are_read_as_codes_without_use_value_labels() {
    let source = BRUKARE
        .replace("use_value_labels = true\n", "")
        .replace(
            "codes = [\"Mycket bra\", \"Ganska bra\", \"Ganska dåligt\", \"Mycket dåligt\"]",
            "codes = { \"1\" = \"Mycket bra\", \"2\" = \"Ganska bra\", \"3\" = \"Ganska dåligt\", \"4\" = \"Mycket dåligt\" }",
        );
    let case = Case::new("sav_codes")
        .source("brukare", &source)
        .data("brukare", "brukare_2023.sav", fixture("brukare.sav"))
        .indicators(&indicator(
            "mycket_bra",
            "unit = \"antal\"",
            "type = \"count\"\nsource = \"brukare\"\nwhere = \"bemotande_helhet = '1'\"",
        ));
    let results = case.results();
    assert_eq!(
        cell(&results, "mycket_bra", GeoLevel::Kommun, "0180", Kon::T).value,
        Some(1.0)
    );
}

#[test]
fn a_cut_off_spss_file_is_refused() {
    for (name, file) in [
        ("sav_cut_off", "brukare.sav"),
        ("zsav_cut_off", "brukare.zsav"),
    ] {
        let mut bytes = fixture(file);
        bytes.truncate(bytes.len() - 40);
        let e = brukare(
            name,
            BRUKARE,
            &format!("brukare_2023.{}", &file[8..]),
            bytes,
        )
        .error();
        assert_eq!(
            e.message, "is cut off: the SPSS file ends before its data does",
            "{file}: {e}"
        );
    }
    // Not an SPSS file at all.
    let e = brukare(
        "sav_not_spss",
        BRUKARE,
        "brukare_2023.sav",
        b"kommun;kon\n0180;2\n".to_vec(),
    )
    .error();
    assert_eq!(
        e.message,
        "is not a readable SPSS data file: it does not start as an SPSS data file does (`$FL2` or `$FL3`)"
    );
}

/// The brukarundersökning with a date-time column `inkommen` (SPSS DATETIME).
fn brukare_inkommen(name: &str, inkommen_type: &str) -> Case {
    let source =
        format!("{BRUKARE}\n[[source.columns]]\nname = \"inkommen\"\ntype = \"{inkommen_type}\"\n");
    brukare(
        name,
        &source,
        "brukare_2023.sav",
        fixture("brukare_inkommen.sav"),
    )
}

#[test]
fn an_spss_date_time_keeps_its_time_even_at_midnight() {
    // Row 1 came in at 00:00:00: read with its time, as its DATETIME format says.
    let results = brukare_inkommen("sav_date_time", "text")
        .indicators(&indicator(
            "vid_midnatt",
            "unit = \"antal\"\nbreakdown = [\"kon\"]",
            "type = \"count\"\nsource = \"brukare\"\nwhere = \"inkommen = '2023-03-01 00:00:00'\"",
        ))
        .results();
    let value = |geo, kon| cell(&results, "vid_midnatt", GeoLevel::Kommun, geo, kon).value;
    assert_eq!(value("0180", Kon::K), Some(1.0));
    assert_eq!(value("1480", Kon::T), Some(0.0));
    // Declared a date, the midnight value is refused like any other date-time.
    let e = brukare_inkommen("sav_date_time_as_date", "date").error();
    assert!(
        e.to_string().starts_with(
            "brukare_2023.sav, row 1, column `inkommen`: `2023-03-01 00:00:00` is not a date (YYYY-MM-DD)"
        ),
        "{e}"
    );
}
