//! Indicators from raw register rows, worked out by hand: months per person (`having`), a person
//! followed from one year's file into the next (`year = -1` with a `window`), months over two
//! years, a lagged denominator, days between two dates, a measurement period, a point-in-time
//! count and a median of stay lengths.
//!
//! The kommuner used: 0180 Stockholm and 0114 Upplands Väsby in län 01, 0980 Gotland (län 09).

#![allow(clippy::unwrap_used)]

mod common;

use common::{Case, assert_rows, indicator};

// ---------------------------------------------------------------------------------------------
// Ekonomiskt bistånd: one row per person, kommun and month with a payment; two years' files.

const BISTAND: &str = r#"
[source]
id = "bistand"
title = "Ekonomiskt bistånd per månad"
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
name = "alder"
type = "integer"
role = "alder"

[[source.columns]]
name = "manad"
type = "integer"
"#;

fn months(
    lopnr: &str,
    kommun: &str,
    kon: &str,
    alder: u32,
    months: std::ops::RangeInclusive<u32>,
) -> String {
    months
        .map(|m| format!("{lopnr};{kommun};{kon};{alder};{m}\n"))
        .collect()
}

/// 2022: b1 in Stockholm January–April (ended in the first half), b2 February–June (ended in the
/// last month of the first half), b3 January–March, b4 May–July (ended in the second half), b5 in
/// Upplands Väsby January–February; c1 in Gotland July–December.
fn bistand_2022() -> String {
    let mut rows = String::from("lopnr;kommun;kon;alder;manad\n");
    rows += &months("b1", "0180", "K", 30, 1..=4);
    rows += &months("b2", "0180", "M", 35, 2..=6);
    rows += &months("b3", "0180", "K", 45, 1..=3);
    rows += &months("b4", "0180", "M", 50, 5..=7);
    rows += &months("b5", "0114", "K", 60, 1..=2);
    rows += &months("c1", "0980", "M", 33, 7..=12);
    rows
}

/// 2023: a1 ten months (exactly the threshold), a2 nine, a3 six in Stockholm then six in Upplands
/// Väsby, a4 twelve months but 17 years old, a5 twelve in Gotland; b2 back in March (within 12
/// months of June 2022), b3 back in May (14 months after March 2022), b5 back in Stockholm
/// (another kommun); c1 January–October (16 months over the two years).
fn bistand_2023() -> String {
    let mut rows = String::from("lopnr;kommun;kon;alder;manad\n");
    rows += &months("a1", "0180", "K", 30, 1..=10);
    rows += &months("a2", "0180", "M", 40, 1..=9);
    rows += &months("a3", "0180", "K", 50, 1..=6);
    rows += &months("a3", "0114", "K", 50, 7..=12);
    rows += &months("a4", "0114", "M", 17, 1..=12);
    rows += &months("a5", "0980", "K", 25, 1..=12);
    rows += &months("b2", "0180", "M", 36, 3..=3);
    rows += &months("b3", "0180", "K", 46, 5..=5);
    rows += &months("b5", "0180", "K", 61, 1..=1);
    rows += &months("c1", "0980", "M", 34, 1..=10);
    rows
}

/// The 2023 file, and the 2022 file when an indicator reads it (a release lists only the files
/// it reads).
fn bistand_case(name: &str, with_2022: bool) -> Case {
    let case = Case::new(name).source("bistand", BISTAND);
    let case = if with_2022 {
        case.data_of("bistand", 2022, "bistand_2022.csv", bistand_2022())
    } else {
        case
    };
    case.data("bistand", "bistand_2023.csv", bistand_2023())
}

const PLACES: &[&str] = &["00", "01", "09", "0180", "0114", "0980"];

#[test]
fn at_least_ten_months_in_the_kommun() {
    let results = bistand_case("ten_months_within_kommun", false)
        .indicators(&indicator(
            "langvarigt",
            "unit = \"procent\"\nlevels = [\"kommun\", \"lan\", \"riket\"]",
            "type = \"share\"\nnumerator = { source = \"bistand\", distinct = \"lopnr\", where = \"alder >= 18\", having = \"COUNT(DISTINCT manad) >= 10\", within = \"kommun\" }\ndenominator = { source = \"bistand\", distinct = \"lopnr\", where = \"alder >= 18\" }",
        ))
        .results();
    // Adults with bistånd in 2023: 0180 a1 a2 a3 b2 b3 b5; 0114 a3; 0980 a5 c1. Ten months or
    // more in the kommun: a1 (exactly ten) and a5, and c1 (ten months in 2023); a3 has six in each
    // kommun, so none in either, and is not counted in län 01 either.
    assert_rows(
        &results,
        "langvarigt",
        PLACES,
        "
        riket  00   T alla 37.5    3 8
        lan    01   T alla 16.6667 1 6
        lan    09   T alla 100     2 2
        kommun 0114 T alla 0       0 1
        kommun 0180 T alla 16.6667 1 6
        kommun 0980 T alla 100     2 2
        ",
    );
}

#[test]
fn at_least_ten_months_anywhere_counts_a_mover_in_each_kommun() {
    let results = bistand_case("ten_months_anywhere", false)
        .indicators(&indicator(
            "langvarigt",
            "unit = \"antal\"\nlevels = [\"kommun\", \"lan\", \"riket\"]",
            "type = \"count\"\nsource = \"bistand\"\ndistinct = \"lopnr\"\nwhere = \"alder >= 18\"\nhaving = \"COUNT(DISTINCT manad) >= 10\"",
        ))
        .results();
    // a3 has twelve months over the country: counted in both kommuner, once in län 01.
    assert_rows(
        &results,
        "langvarigt",
        PLACES,
        "
        riket  00   T alla 4 4 _
        lan    01   T alla 2 2 _
        lan    09   T alla 2 2 _
        kommun 0114 T alla 1 1 _
        kommun 0180 T alla 2 2 _
        kommun 0980 T alla 2 2 _
        ",
    );
}

#[test]
fn not_back_within_twelve_months_after_ending_in_the_first_half_of_last_year() {
    let results = bistand_case("not_back", true)
        .indicators(&indicator(
            "ej_ateraktualiserade",
            "unit = \"procent\"\nlevels = [\"kommun\", \"lan\", \"riket\"]",
            "type = \"share\"\n\
             numerator = { source = \"bistand\", distinct = \"lopnr\", year = -1, window = [-1, 0], within = \"kommun\", where = \"alder >= 18\", having = \"MAX(manad) FILTER (WHERE FILE_YEAR = MEASURE_YEAR - 1) <= 6 AND COALESCE(MIN(manad) FILTER (WHERE FILE_YEAR = MEASURE_YEAR), 13) > MAX(manad) FILTER (WHERE FILE_YEAR = MEASURE_YEAR - 1)\" }\n\
             denominator = { source = \"bistand\", distinct = \"lopnr\", year = -1, within = \"kommun\", where = \"alder >= 18\", having = \"MAX(manad) <= 6\" }",
        ))
        .results();
    // Ended in the first half of 2022: b1, b2, b3 in 0180 and b5 in 0114 (b4 ended in July, c1
    // in December). Back within 12 months: b2 only (June 2022 → March 2023). b3 came back after
    // 14 months and b5 in another kommun, so neither counts as back.
    assert_rows(
        &results,
        "ej_ateraktualiserade",
        PLACES,
        "
        riket  00   T alla 75      3 4
        lan    01   T alla 75      3 4
        lan    09   T alla .       0 0
        kommun 0114 T alla 100     1 1
        kommun 0180 T alla 66.6667 2 3
        kommun 0980 T alla .       0 0
        ",
    );
}

#[test]
fn months_over_two_years_are_told_apart_by_the_files_year() {
    let results = bistand_case("two_year_window", true)
        .indicators(&indicator(
            "manga_manader",
            "unit = \"antal\"\nlevels = [\"kommun\", \"riket\"]",
            "type = \"count\"\nsource = \"bistand\"\ndistinct = \"lopnr\"\nwindow = [-1, 0]\nhaving = \"COUNT(DISTINCT FILE_YEAR * 12 + manad) >= 15\"",
        ))
        .results();
    // c1: six months of 2022 and ten of 2023 = 16; a4 and a5 have twelve, all in 2023. Counting
    // `manad` alone would give c1 twelve distinct months.
    assert_rows(
        &results,
        "manga_manader",
        &["00", "0114", "0180", "0980"],
        "
        riket  00   T alla 1 1 _
        kommun 0114 T alla 0 0 _
        kommun 0180 T alla 0 0 _
        kommun 0980 T alla 1 1 _
        ",
    );
}

#[test]
fn mean_months_per_person_in_each_kommun() {
    let results = bistand_case("months_per_person_mean", false)
        .indicators(&indicator(
            "manader",
            "unit = \"antal\"\nlevels = [\"kommun\", \"lan\", \"riket\"]",
            "type = \"mean\"\nsource = \"bistand\"\nper_person = \"lopnr\"\nwithin = \"kommun\"\nvalue = \"COUNT(DISTINCT manad)\"\nwhere = \"alder >= 18\"",
        ))
        .results();
    // Per person and kommun: 0180 a1 10, a2 9, a3 6, b2 1, b3 1, b5 1 (28 / 6); 0114 a3 6 (a4 is
    // 17); 0980 a5 12, c1 10. Län 01 has seven cases (a3 once in each kommun), riket nine.
    assert_rows(
        &results,
        "manader",
        PLACES,
        "
        riket  00   T alla 6.2222 _ _
        lan    01   T alla 4.8571 _ _
        lan    09   T alla 11     _ _
        kommun 0114 T alla 6      _ _
        kommun 0180 T alla 4.6667 _ _
        kommun 0980 T alla 11     _ _
        ",
    );
}

#[test]
fn median_months_per_person_counts_a_mover_once_where_their_last_row_is() {
    let results = bistand_case("months_per_person_median", false)
        .indicators(&indicator(
            "manader",
            "unit = \"antal\"\nlevels = [\"kommun\", \"lan\", \"riket\"]",
            "type = \"median\"\nsource = \"bistand\"\nper_person = \"lopnr\"\nvalue = \"COUNT(DISTINCT manad)\"\nwhere = \"alder >= 18\"",
        ))
        .results();
    // a3 has twelve months over the country and is placed in Upplands Väsby, where their last
    // row is: 0180 1 1 1 9 10 → 1; 0114 12; 0980 10 12 → 11; län 01 1 1 1 9 10 12 → 5; riket
    // 1 1 1 9 10 10 12 12 → 9.5.
    assert_rows(
        &results,
        "manader",
        PLACES,
        "
        riket  00   T alla 9.5 _ _
        lan    01   T alla 5   _ _
        lan    09   T alla 11  _ _
        kommun 0114 T alla 12  _ _
        kommun 0180 T alla 1   _ _
        kommun 0980 T alla 11  _ _
        ",
    );
}

const FOLK: &str = r#"
[source]
id = "folk"
title = "Folkmängd 31 december"
family = "statistik"

[source.format]
kind = "csv"
delimiter = ";"

[[source.columns]]
name = "kommun"
type = "text"
role = "kommun"

[[source.columns]]
name = "antal"
type = "integer"
"#;

#[test]
fn a_denominator_of_the_previous_year() {
    let results = bistand_case("lagged_denominator", false)
        .source("folk", FOLK)
        .data_of("folk", 2022, "folk_2022.csv", "kommun;antal\n0180;400\n0114;100\n0980;50\n")
        .data("folk", "folk_2023.csv", "kommun;antal\n0180;800\n0114;200\n0980;100\n")
        .indicators(&indicator(
            "mottagare_per_1000",
            "unit = \"per_1000\"\nlevels = [\"kommun\", \"riket\"]",
            "type = \"rate\"\nper = 1000\nnumerator = { source = \"bistand\", distinct = \"lopnr\" }\ndenominator = { source = \"folk\", sum = \"antal\", year = -1 }",
        ))
        .results();
    // 2023 recipients over the population of 31 December 2022: 0180 a1 a2 a3 b2 b3 b5 = 6 of 400.
    assert_rows(
        &results,
        "mottagare_per_1000",
        &["00", "0114", "0180", "0980"],
        "
        riket  00   T alla 16.3636 9 550
        kommun 0114 T alla 20      2 100
        kommun 0180 T alla 15      6 400
        kommun 0980 T alla 40      2 50
        ",
    );
}

// ---------------------------------------------------------------------------------------------
// Stays in särskilt boende: one row per stay that lasted some part of the year, with dates.

const VISTELSER: &str = r#"
[source]
id = "vistelser"
title = "Vistelser i särskilt boende"
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
name = "alder"
type = "integer"
role = "alder"

[[source.columns]]
name = "inflyttad"
type = "date"

[[source.columns]]
name = "utflyttad"
type = "date"
nullable = true
"#;

/// v1 730 days (March 2021 – March 2023), v2 10 days in January, v3 still living there (no end
/// date), v4 moved in on 1 October and out on 31 December (91 days), v5 moved out on 1 October
/// (1 369 days since 1 January 2020), v6 moved out in December 2022.
const VISTELSER_2023: &str = "\
lopnr;kommun;alder;inflyttad;utflyttad
v1;0180;85;2021-03-01;2023-03-01
v2;0180;90;2023-01-10;2023-01-20
v3;0180;80;2022-06-01;
v4;0980;70;2023-10-01;2023-12-31
v5;0980;75;2020-01-01;2023-10-01
v6;0114;88;2022-12-15;2022-12-20
";

fn vistelser_case(name: &str) -> Case {
    Case::new(name).source("vistelser", VISTELSER).data(
        "vistelser",
        "vistelser.csv",
        VISTELSER_2023,
    )
}

#[test]
fn median_of_stay_lengths_ended_during_the_year() {
    let results = vistelser_case("median_stay")
        .indicators(&indicator(
            "vardtid",
            "unit = \"dagar\"\nlevels = [\"kommun\", \"lan\", \"riket\"]",
            "type = \"median\"\nsource = \"vistelser\"\nvalue = \"utflyttad - inflyttad\"\nwhere = \"YEAR(utflyttad) = MEASURE_YEAR\"",
        ))
        .results();
    // Stays ended in 2023: 0180 730 and 10 → 370; 0980 91 and 1 369 → 730; riket 10, 91, 730,
    // 1 369 → 410.5. v3 has no end date and v6 ended in 2022.
    assert_rows(
        &results,
        "vardtid",
        PLACES,
        "
        riket  00   T alla 410.5 _ _
        lan    01   T alla 370   _ _
        lan    09   T alla 730   _ _
        kommun 0114 T alla .     _ _
        kommun 0180 T alla 370   _ _
        kommun 0980 T alla 730   _ _
        ",
    );
}

#[test]
fn mean_over_a_measurement_period_of_the_first_half_year() {
    let results = vistelser_case("first_half_mean")
        .indicators(&indicator(
            "vardtid_forsta_halvaret",
            "unit = \"dagar\"\nlevels = [\"kommun\", \"riket\"]",
            "type = \"mean\"\nsource = \"vistelser\"\nvalue = \"utflyttad - inflyttad\"\nwhere = \"YEAR(utflyttad) = MEASURE_YEAR AND HALF_YEAR(utflyttad) = 1\"",
        ))
        .results();
    assert_rows(
        &results,
        "vardtid_forsta_halvaret",
        &["00", "0180", "0980"],
        "
        riket  00   T alla 370 _ _
        kommun 0180 T alla 370 _ _
        kommun 0980 T alla .   _ _
        ",
    );
}

#[test]
fn persons_living_there_on_the_first_of_october() {
    let results = vistelser_case("point_in_time")
        .indicators(&indicator(
            "boende_1_oktober",
            "unit = \"antal\"\nlevels = [\"kommun\", \"riket\"]",
            "type = \"count\"\nsource = \"vistelser\"\ndistinct = \"lopnr\"\nwhere = \"inflyttad <= MAKE_DATE(MEASURE_YEAR, 10, 1) AND (utflyttad IS NULL OR utflyttad > MAKE_DATE(MEASURE_YEAR, 10, 1))\"",
        ))
        .results();
    // v3 (no end date) and v4 (moved in that very day); v5 moved out that day.
    assert_rows(
        &results,
        "boende_1_oktober",
        &["00", "0114", "0180", "0980"],
        "
        riket  00   T alla 2 2 _
        kommun 0114 T alla 0 0 _
        kommun 0180 T alla 1 1 _
        kommun 0980 T alla 1 1 _
        ",
    );
}

#[test]
fn an_impossible_date_is_refused_at_its_line_and_column() {
    let error = Case::new("impossible_date")
        .source("vistelser", VISTELSER)
        .data(
            "vistelser",
            "vistelser.csv",
            "lopnr;kommun;alder;inflyttad;utflyttad\nv1;0180;85;2023-02-30;\n",
        )
        .indicators(&indicator(
            "antal",
            "unit = \"antal\"",
            "type = \"count\"\nsource = \"vistelser\"\ndistinct = \"lopnr\"",
        ))
        .error();
    let text = error.to_string();
    assert!(text.contains("vistelser.csv:2,"), "{text}");
    assert!(text.contains("`inflyttad`"), "{text}");
    assert!(text.contains("is not a date"), "{text}");
    assert!(
        !text.contains("v1"),
        "an identifying value in the error: {text}"
    );
}

#[test]
fn a_missing_file_of_the_previous_year_is_an_error_naming_it() {
    let error = Case::new("missing_previous_year")
        .source("bistand", BISTAND)
        .data("bistand", "bistand_2023.csv", bistand_2023())
        .input("bistand", "bistand_2023.csv");
    // Declared by hand without the 2022 file: `check` refuses the release first.
    let manifest = std::panic::catch_unwind(|| {
        error
            .indicators(&indicator(
                "foljd",
                "unit = \"antal\"",
                "type = \"count\"\nsource = \"bistand\"\ndistinct = \"lopnr\"\nyear = -1",
            ))
            .manifest()
    });
    let message = match manifest {
        Ok(_) => panic!("a release without the 2022 file passed the check"),
        Err(e) => e.downcast_ref::<String>().cloned().unwrap_or_default(),
    };
    assert!(message.contains("MissingInput"), "{message}");
    assert!(message.contains("no file for 2022"), "{message}");
}
