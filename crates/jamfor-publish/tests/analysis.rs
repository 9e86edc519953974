//! Analysis support in the release, on the writers' hand-made results with comparable kommuner
//! declared on `antal` (k = 3): kommun number i (in code order) has antal 1000 (i + 1), so its
//! comparable kommuner are i − 1 and i + 1 (equally far: the smaller code first) and then i − 2.
//! Checks the group rows (published members only), the two Parquet tables read back with arrow-rs,
//! the Analysstöd sheet read back with calamine, and that a list read back from a release folder
//! prints exactly as the computed one.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{Data, Range, Reader, Xlsx};
use jamfor_assess::shortlist_from_release;
use jamfor_assess::{Analysis, Published, analyse};
use jamfor_engine::{GeoLevel, Kon, ResultTable, Status};
use jamfor_geo::Geography;
use jamfor_publish::parquet::FileMetadata;
use jamfor_publish::{excel, parquet as tables};
use jamfor_spec::manifest::Manifest;
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;

use common::{AREA, YEAR, andel, index_of};

const COMPARABLE: &str = "\n[comparable]\nk = 3\nnyckeltal = [\"antal\"]\n";

fn kommuner() -> Vec<String> {
    Geography::builtin()
        .kommuner_valid_in(YEAR as u16)
        .map(|k| k.code.to_string())
        .collect()
}

fn analysed(manifest: &Manifest, results: ResultTable) -> (ResultTable, Analysis) {
    analyse(
        manifest,
        &manifest.releases[0],
        Geography::builtin(),
        results,
    )
    .expect("analysis runs")
}

fn published<'a>(
    manifest: &'a Manifest,
    results: &'a ResultTable,
    analysis: &'a Analysis,
) -> Published<'a> {
    Published {
        manifest,
        release: &manifest.releases[0],
        geo: Geography::builtin(),
        results,
        analysis: Some(analysis),
    }
}

fn meta() -> FileMetadata {
    FileMetadata {
        release_id: "test-2023".into(),
        tool_version: "0.0.0".into(),
        definitions_hash: "0".repeat(64),
    }
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("parquet")).unwrap();
    dir
}

fn rows(path: &Path) -> Vec<BTreeMap<String, Field>> {
    let reader = SerializedFileReader::new(fs::File::open(path).unwrap()).unwrap();
    reader
        .get_row_iter(None)
        .unwrap()
        .map(|row| {
            row.unwrap()
                .get_column_iter()
                .map(|(name, field)| (name.clone(), field.clone()))
                .collect()
        })
        .collect()
}

fn s(row: &BTreeMap<String, Field>, column: &str) -> String {
    match &row[column] {
        Field::Str(s) => s.clone(),
        other => panic!("{column} is not text: {other:?}"),
    }
}

#[test]
fn comparable_kommuner_are_the_nearest_in_code_order_on_ties() {
    let manifest = common::manifest_med_area(COMPARABLE);
    let (_, analysis) = analysed(&manifest, common::results());
    let k = kommuner();
    assert_eq!(
        analysis.comparable.group(AREA, &k[0]),
        vec![k[1].as_str(), &k[2], &k[3]]
    );
    assert_eq!(
        analysis.comparable.group(AREA, &k[10]),
        vec![k[9].as_str(), &k[11], &k[8]]
    );
    assert_eq!(analysis.comparable.rows.len(), k.len() * 3);
}

#[test]
fn group_rows_are_means_of_published_members_only() {
    let manifest = common::manifest_med_area(COMPARABLE);
    let (results, analysis) = analysed(&manifest, common::results());
    let k = kommuner();
    let liknande: Vec<_> = results
        .rows
        .iter()
        .filter(|r| r.key.level == GeoLevel::Liknande)
        .collect();
    // Every indicator of the area, both years, every kommun, each kön the kommuner have.
    assert_eq!(liknande.len(), k.len() * 2 * (3 + 1 + 1 + 1));

    // A middle kommun: the mean of its three members, i − 1 and i + 1 among them.
    let i = 100;
    let group = analysis.comparable.group(AREA, &k[i]);
    assert!(
        group.contains(&k[i - 1].as_str()) && group.contains(&k[i + 1].as_str()),
        "{group:?}"
    );
    let mean = results
        .get("andel_80", YEAR, GeoLevel::Liknande, &k[i], Kon::T)
        .unwrap();
    let expected = group
        .iter()
        .map(|m| andel(index_of(m), Kon::T))
        .sum::<f64>()
        / 3.0;
    // Published like every figure: rounded to the indicator's one decimal.
    let expected = jamfor_assess::published_value(expected, 1);
    assert!((mean.value.unwrap() - expected).abs() < 1e-12);
    assert_eq!(
        (mean.units, mean.numerator, mean.status),
        (Some(3.0), None, Status::Value)
    );

    // Stockholm's kvinnor are confidential: a kommun with Stockholm in its group has two
    // published members for kvinnor, fewer than the default minimum of three, so its kvinnor's
    // mean is not shown (its member count is); its män's mean rests on three.
    let s = index_of("0180");
    let group = analysis.comparable.group(AREA, &k[s + 1]);
    assert!(group.contains(&"0180"), "{group:?}");
    let after = results
        .get("andel_80", YEAR, GeoLevel::Liknande, &k[s + 1], Kon::K)
        .unwrap();
    assert_eq!(
        (after.status, after.value, after.units),
        (Status::Confidential, None, Some(2.0))
    );
    let men = results
        .get("andel_80", YEAR, GeoLevel::Liknande, &k[s + 1], Kon::M)
        .unwrap();
    assert_eq!((men.status, men.units), (Status::Value, Some(3.0)));

    // An area that accepts two members shows that mean: the other two members' average.
    let two = common::manifest_med_area(&format!("min_group_members = 2\n{COMPARABLE}"));
    let (results, _) = analysed(&two, common::results());
    let after = results
        .get("andel_80", YEAR, GeoLevel::Liknande, &k[s + 1], Kon::K)
        .unwrap();
    let others: Vec<f64> = group
        .iter()
        .filter(|m| **m != "0180")
        .map(|m| andel(index_of(m), Kon::K))
        .collect();
    let mean = jamfor_assess::published_value(others.iter().sum::<f64>() / 2.0, 1);
    assert!((after.value.unwrap() - mean).abs() < 1e-12);
    assert_eq!((after.status, after.units), (Status::Value, Some(2.0)));

    // The rows sit in the table's order.
    let sorted = results.rows.windows(2).all(|w| {
        (&w[0].indicator, w[0].year, &w[0].key) <= (&w[1].indicator, w[1].year, &w[1].key)
    });
    assert!(sorted);
}

#[test]
fn a_confidential_value_changes_nothing_analysis_publishes() {
    let manifest = common::manifest_med_area(COMPARABLE);
    let (clean, clean_analys) = analysed(&manifest, common::results());
    // The same table, but Stockholm's confidential cell still carries a value, as an
    // unprotected table would: nothing derived may move.
    let mut leaky = common::results();
    for row in &mut leaky.rows {
        if row.status == Status::Confidential {
            row.value = Some(999.0);
            row.numerator = Some(1.0);
        }
    }
    let (leaked, leaked_analys) = analysed(&manifest, leaky);
    let means = |t: &ResultTable| -> Vec<(Option<f64>, Option<f64>)> {
        t.rows
            .iter()
            .filter(|r| r.key.level == GeoLevel::Liknande)
            .map(|r| (r.value, r.units))
            .collect()
    };
    assert_eq!(means(&clean), means(&leaked));
    assert_eq!(clean_analys, leaked_analys);
}

#[test]
fn the_tables_read_back_with_an_independent_reader() {
    let manifest = common::manifest_med_area(COMPARABLE);
    let (results, analysis) = analysed(&manifest, common::results());
    let p = published(&manifest, &results, &analysis);
    let dir = scratch("analys-parquet");
    let comparable = dir.join("parquet/comparable.parquet");
    fs::write(&comparable, tables::comparable(&analysis, &meta()).unwrap()).unwrap();
    let bruttolista = dir.join("parquet/bruttolista.parquet");
    fs::write(
        &bruttolista,
        tables::bruttolista(&p, &analysis, &meta()).unwrap(),
    )
    .unwrap();

    let k = kommuner();
    let rows_c = rows(&comparable);
    assert_eq!(rows_c.len(), k.len() * 3);
    let first = &rows_c[0];
    assert_eq!(
        first.keys().map(String::as_str).collect::<Vec<_>>(),
        [
            "area",
            "distance",
            "kommun",
            "rank",
            "similar_kommun",
            "year"
        ]
    );
    assert_eq!(
        (s(first, "kommun"), s(first, "similar_kommun")),
        (k[0].clone(), k[1].clone())
    );
    assert_eq!(
        (&first["rank"], &first["year"]),
        (&Field::Int(1), &Field::Int(YEAR))
    );
    match first["distance"] {
        Field::Double(d) => assert!(d > 0.0),
        ref other => panic!("distance: {other:?}"),
    }

    let rows_b = rows(&bruttolista);
    assert_eq!(rows_b.len(), analysis.bruttolista.len());
    assert!(!rows_b.is_empty());
    for (row, post) in rows_b.iter().zip(&analysis.bruttolista) {
        assert_eq!(s(row, "kommun"), post.kommun);
        assert_eq!(s(row, "indicator_id"), post.indicator);
        assert_eq!(row["priority"], Field::Int(post.prioritet as i32));
        assert_eq!(s(row, "class"), post.klass.code());
        let flags: Vec<&str> = post.skal.iter().map(|x| x.code()).collect();
        assert_eq!(s(row, "flags"), flags.join(","));
        assert_eq!(s(row, "reasons").split("; ").count(), post.skal.len());
        assert_eq!(s(row, "status"), post.status.code());
    }
    // 0114 gave no answer to the kommunenkät: both its enkät indicators say so, and nothing else.
    let bortfall: Vec<_> = rows_b
        .iter()
        .filter(|r| s(r, "kommun") == "0114" && s(r, "status") == "bortfall")
        .collect();
    assert_eq!(bortfall.len(), 2);
    assert!(
        bortfall
            .iter()
            .all(|r| s(r, "flags") == "bortfall" && r["value"] == Field::Null)
    );
}

#[test]
fn a_list_read_back_from_a_release_prints_as_computed() {
    let manifest = common::manifest_med_area(COMPARABLE);
    let release = &manifest.releases[0];
    let (results, analysis) = analysed(&manifest, common::results());
    let p = published(&manifest, &results, &analysis);
    let dir = scratch("analys-kortlista");
    let parquet = dir.join("parquet");
    fs::write(
        parquet.join("indicators.parquet"),
        tables::indicators(&p, &meta()).unwrap(),
    )
    .unwrap();
    fs::write(
        parquet.join("comparable.parquet"),
        tables::comparable(&analysis, &meta()).unwrap(),
    )
    .unwrap();
    fs::write(
        parquet.join("bruttolista.parquet"),
        tables::bruttolista(&p, &analysis, &meta()).unwrap(),
    )
    .unwrap();
    fs::write(
        dir.join("manifest.json"),
        format!(
            "{{\"release\": {{\"title\": \"{}\", \"year\": {}, \"areas\": [\"{AREA}\"]}}}}",
            release.title, release.year
        ),
    )
    .unwrap();
    let k = kommuner();
    let s = index_of("0180");
    for kommun in ["0114", "0180", k[s + 1].as_str(), k[200].as_str()] {
        let posts: Vec<_> = analysis
            .bruttolista
            .iter()
            .filter(|p| p.kommun == kommun)
            .cloned()
            .collect();
        let computed =
            jamfor_assess::shortlist(&manifest, release, &analysis.comparable, &posts, kommun);
        let read = shortlist_from_release(&dir, kommun).unwrap();
        assert_eq!(read.text(), computed.text(), "{kommun}");
    }
    let text = shortlist_from_release(&dir, "0114").unwrap().text();
    assert!(
        text.starts_with(
            "Bruttolista för Upplands Väsby (0114) — Öppna jämförelser test 2023, 2023\n"
        ),
        "{text}"
    );
    assert!(
        text.contains("\nTestområdet\n  Liknande kommuner: Vallentuna, Österåker, Värmdö\n"),
        "{text}"
    );
    assert!(
        text.contains("Bortfall: kommunen har inte lämnat uppgift"),
        "{text}"
    );

    // Without the analysis tables the folder is named as written without analysis support.
    fs::remove_file(parquet.join("bruttolista.parquet")).unwrap();
    fs::remove_file(parquet.join("comparable.parquet")).unwrap();
    let err = shortlist_from_release(&dir, "0114").unwrap_err();
    assert!(
        err.to_string().contains(
            "comparable.parquet: is missing: this release was written without analysis support"
        ),
        "{err}"
    );
}

/// How many rows the Alla kommuner table has from `first` down.
fn listed_rows(sheet: &Range<Data>, first: u32) -> u32 {
    (first..)
        .take_while(|r| !cell_text(sheet, *r, 0).is_empty())
        .count() as u32
}

fn cell_text(range: &Range<Data>, row: u32, col: u32) -> String {
    match range.get_value((row, col)) {
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => format!("{f}"),
        Some(Data::Int(i)) => format!("{i}"),
        None | Some(Data::Empty) => String::new(),
        other => panic!("({row}, {col}): {other:?}"),
    }
}

#[test]
fn the_analysstod_sheet_shows_the_chosen_kommuns_list_and_every_kommuns() {
    let manifest = common::manifest_med_area(COMPARABLE);
    let (results, analysis) = analysed(&manifest, common::results());
    let p = published(&manifest, &results, &analysis);
    let bytes = excel::workbook(&p, AREA).unwrap();
    assert_eq!(bytes, excel::workbook(&p, AREA).unwrap(), "byte-identical");
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let names = book.sheet_names();
    let jamfor = names.iter().position(|n| n == excel::JAMFOR).unwrap();
    assert_eq!(names[jamfor + 1], excel::ANALYSSTOD);
    let sheet = book.worksheet_range(excel::ANALYSSTOD).unwrap();
    let formulas = book.worksheet_formula(excel::ANALYSSTOD).unwrap();

    // The choice: the first kommun, with its comparable kommuner and list length.
    assert_eq!(cell_text(&sheet, 2, 2), "Upplands Väsby");
    assert_eq!(cell_text(&sheet, 3, 2), "Vallentuna, Österåker, Värmdö");
    let mine: Vec<_> = analysis
        .bruttolista
        .iter()
        .filter(|p| p.kommun == "0114")
        .collect();
    assert_eq!(cell_text(&sheet, 4, 2), mine.len().to_string());
    assert!(formulas.get_value((4, 2)).unwrap().starts_with("COUNTIF("));

    // Its rows (cached formula results) are the first rows of the full table, cell for cell.
    let heading = |title: &str| {
        (0..sheet.height() as u32)
            .find(|r| cell_text(&sheet, *r, 0) == title)
            .unwrap_or_else(|| panic!("no section {title}"))
    };
    let alla = heading("Alla kommuner") + 2;
    for (n, post) in mine.iter().enumerate() {
        let row = 8 + n as u32;
        assert_eq!(cell_text(&sheet, row, 1), "Upplands Väsby");
        assert_eq!(cell_text(&sheet, row, 2), post.prioritet.to_string());
        for col in [1, 2, 3, 4, 8] {
            assert_eq!(
                cell_text(&sheet, row, col),
                cell_text(&sheet, alla + n as u32, col),
                "({row}, {col})"
            );
        }
        // Each row is found by its key (kommun code and priority) in a helper on its own row.
        let f = formulas.get_value((row, 4)).unwrap();
        assert!(f.contains(&format!("INDEX($E${}", alla + 1)), "{f}");
        assert!(f.contains(&format!(",$O${})", row + 1)), "{f}");
        let key = formulas.get_value((row, 14)).unwrap();
        assert_eq!(
            key,
            &format!(
                "MATCH($O$3&\" {}\",$N${}:$N${},0)",
                n + 1,
                alla + 1,
                alla + listed_rows(&sheet, alla)
            )
        );
    }
    // The kommun's bortfall shows its symbol, in the fill bortfall has on every sheet, and so do
    // the comparisons without a value (never a bare blank).
    assert!((0..mine.len() as u32).any(|n| cell_text(&sheet, 8 + n, 5) == "-"));
    let styles = book.worksheet_style(excel::ANALYSSTOD).unwrap();
    let fill_of = |row: u32, col: u32| {
        let fill = styles.get((row, col))?.fill.as_ref()?;
        let c = fill.foreground_color.or(fill.background_color)?;
        Some(u32::from(c.red) << 16 | u32::from(c.green) << 8 | u32::from(c.blue))
    };
    let bortfall = (alla..alla + listed_rows(&sheet, alla))
        .find(|r| cell_text(&sheet, *r, 5) == "-")
        .expect("a bortfall in the full table");
    assert_eq!(fill_of(bortfall, 5), Some(0xE4DFEC), "bortfall's fill");
    for row in alla..alla + listed_rows(&sheet, alla) {
        for col in [5, 6, 7] {
            assert_ne!(cell_text(&sheet, row, col), "", "({row}, {col}) blank");
        }
    }

    // Every post of the area once in the full table, and every kommun's group below it.
    let listed = (alla..)
        .take_while(|r| !cell_text(&sheet, *r, 0).is_empty())
        .count();
    assert_eq!(listed, analysis.bruttolista.len());
    let grupper = heading("Liknande kommuner (närmast först)") + 2;
    let k = kommuner();
    assert_eq!(cell_text(&sheet, grupper + 289, 0), k[289]);
    assert_eq!(cell_text(&sheet, grupper + 290, 0), "");

    // Without analysis support the sheet is not there.
    let plain = Published {
        analysis: None,
        ..p
    };
    let book: Xlsx<_> =
        calamine::open_workbook_from_rs(Cursor::new(excel::workbook(&plain, AREA).unwrap()))
            .unwrap();
    assert!(!book.sheet_names().iter().any(|n| n == excel::ANALYSSTOD));
}

/// A group mean withheld for resting on too few members is not confidentiality: the workbook
/// marks it "för få", not "..", and `results.parquet` flags it in `few_members`.
#[test]
fn a_thin_group_mean_is_marked_for_fa_and_flagged() {
    let manifest = common::manifest_med_area(COMPARABLE);
    let (results, analysis) = analysed(&manifest, common::results());
    let p = published(&manifest, &results, &analysis);
    // Stockholm's kvinnor are confidential, so the group of the kommun after it (which holds
    // Stockholm) has two published members for kvinnor, fewer than three.
    let k = kommuner();
    let sthlm = index_of("0180");
    let thin = results
        .get("andel_80", YEAR, GeoLevel::Liknande, &k[sthlm + 1], Kon::K)
        .unwrap();
    assert!(jamfor_assess::few_members(thin, 3));
    let stockholm = results
        .get("andel_80", YEAR, GeoLevel::Kommun, "0180", Kon::K)
        .unwrap();
    assert!(!jamfor_assess::few_members(stockholm, 3));

    let bytes = excel::workbook(&p, AREA).unwrap();
    let mut xlsx: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let sheet = xlsx.worksheet_range("Liknande kommuner").unwrap();
    let row = (0..sheet.height() as u32)
        .find(|r| matches!(sheet.get_value((*r, 0)), Some(Data::String(c)) if *c == k[sthlm + 1]))
        .unwrap();
    let col = (0..sheet.width() as u32)
        .find(|c| {
            matches!(sheet.get_value((1, *c)), Some(Data::String(t)) if t.starts_with("Invånare 80"))
        })
        .unwrap();
    assert_eq!(
        sheet.get_value((row, col + 1)),
        Some(&Data::String("för få".to_string()))
    );
    assert!(
        matches!(sheet.get_value((row, col + 2)), Some(Data::Float(_))),
        "män rests on three members"
    );

    let dir = scratch("analys-few-members");
    let path = dir.join("parquet/results.parquet");
    let colours: Vec<Option<&str>> = vec![None; results.rows.len()];
    fs::write(&path, tables::results(&p, &colours, &meta()).unwrap()).unwrap();
    let flagged: Vec<(String, String, String, String)> = rows(&path)
        .into_iter()
        .filter(|r| matches!(r["few_members"], Field::Bool(true)))
        .map(|r| {
            (
                s(&r, "indicator_id"),
                s(&r, "geo_level"),
                s(&r, "geo_code"),
                s(&r, "gender"),
            )
        })
        .collect();
    assert!(flagged.contains(&(
        "andel_80".to_string(),
        "liknande".to_string(),
        k[sthlm + 1].clone(),
        "K".to_string()
    )));
    // Only group rows withheld for their member count.
    assert!(
        flagged
            .iter()
            .all(|(_, level, _, _)| level == "liknande" || level == "kommungrupp")
    );
}

/// andel_80 as a share of 400 people in every kommun, län and riket: each published value gets
/// its Wilson interval when analysis begins.
fn with_counts() -> ResultTable {
    let mut results = common::results();
    for r in results.rows.iter_mut().filter(|r| {
        r.indicator == "andel_80"
            && r.status == Status::Value
            && r.key.level != GeoLevel::Kommungrupp
    }) {
        r.denominator = Some(400.0);
        r.numerator = Some(4.0 * r.value.unwrap());
    }
    results
}

#[test]
fn listed_values_carry_their_interval_in_the_table_the_sheet_and_the_text() {
    let manifest = common::manifest_med_area(COMPARABLE);
    let release = &manifest.releases[0];
    let (results, analysis) = analysed(&manifest, with_counts());
    let p = published(&manifest, &results, &analysis);
    let k = kommuner();
    let best = k[289].as_str();
    let post = analysis
        .bruttolista
        .iter()
        .find(|p| p.kommun == best && p.indicator == "andel_80")
        .expect("the best kommun is green");
    let (low, high) = post.intervall.expect("a share of 400 has an interval");
    assert!(low < post.value.unwrap() && post.value.unwrap() < high);

    // The Parquet table carries it.
    let dir = scratch("analys-intervall");
    let parquet = dir.join("parquet");
    fs::write(
        parquet.join("indicators.parquet"),
        tables::indicators(&p, &meta()).unwrap(),
    )
    .unwrap();
    fs::write(
        parquet.join("comparable.parquet"),
        tables::comparable(&analysis, &meta()).unwrap(),
    )
    .unwrap();
    let bruttolista = parquet.join("bruttolista.parquet");
    fs::write(
        &bruttolista,
        tables::bruttolista(&p, &analysis, &meta()).unwrap(),
    )
    .unwrap();
    let row = rows(&bruttolista)
        .into_iter()
        .find(|r| s(r, "kommun") == best && s(r, "indicator_id") == "andel_80")
        .unwrap();
    assert_eq!(
        (&row["ci_low"], &row["ci_high"]),
        (&Field::Double(low), &Field::Double(high))
    );

    // The terminal list, computed or read back, shows it after the value.
    fs::write(
        dir.join("manifest.json"),
        format!(
            "{{\"release\": {{\"title\": \"{}\", \"year\": {}, \"areas\": [\"{AREA}\"]}}}}",
            release.title, release.year
        ),
    )
    .unwrap();
    let posts: Vec<_> = analysis
        .bruttolista
        .iter()
        .filter(|p| p.kommun == best)
        .cloned()
        .collect();
    let computed = jamfor_assess::shortlist(&manifest, release, &analysis.comparable, &posts, best);
    let read = shortlist_from_release(&dir, best).unwrap();
    assert_eq!(read.text(), computed.text());
    let shown = jamfor_assess::tal(post.value.unwrap(), 1);
    let interval =
        jamfor_assess::intervall(Some((low, high)), [post.liknande, post.kommungrupp], 1).unwrap();
    assert!(
        read.text()
            .contains(&format!("{shown} (intervall {interval})")),
        "{}",
        read.text()
    );

    // The sheet's column of intervals: andel_80 with its interval, dagar with none computed.
    let bytes = excel::workbook(&p, AREA).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range(excel::ANALYSSTOD).unwrap();
    let alla = (0..sheet.height() as u32)
        .find(|r| cell_text(&sheet, *r, 0) == "Alla kommuner")
        .unwrap()
        + 1;
    assert_eq!(cell_text(&sheet, alla, 9), "Värdets felmarginal (95 %)");
    let titel = |id: &str| manifest.indicator(id).unwrap().title.clone();
    let mut seen = (false, false);
    for r in alla + 1..sheet.height() as u32 {
        if cell_text(&sheet, r, 0) == best && cell_text(&sheet, r, 4) == titel("andel_80") {
            assert_eq!(cell_text(&sheet, r, 9), interval);
            seen.0 = true;
        }
        if cell_text(&sheet, r, 4) == titel("dagar") && cell_text(&sheet, r, 5) != "-" {
            assert_eq!(cell_text(&sheet, r, 9), "ingen beräknad");
            seen.1 = true;
        }
    }
    assert_eq!(seen, (true, true));
}
