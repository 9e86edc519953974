//! The area workbook in LibreOffice: it converts to PDF without a formula error, the Jämför
//! sheet's formulas compute the right figures when a reader has sorted the value sheets and
//! chooses another kommun, its charts are drawn and follow the choices, and Analysstöd offers the
//! kommuner alphabetically and lists the chosen one's indicators after its table is sorted.
//!
//! Needs `soffice` and, for choosing kommuner, a Python that can `import uno` (LibreOffice's
//! scripting bridge; `tests/libreoffice/valj_kommun.py` drives it). Without them the tests say so
//! on stderr and pass, so a machine without an office suite still runs the calamine tests —
//! unless `JAMFOR_REQUIRE_LIBREOFFICE=1` is set (as CI does), when a missing office is a failure.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::print_stderr
)]

mod common;

use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

use jamfor_assess::few_members;
use jamfor_assess::published_value;
use jamfor_assess::{Published, analyse};
use jamfor_engine::{GeoLevel, Kon, ResultTable, Status};
use jamfor_geo::Geography;
use jamfor_publish::excel;
use serde_json::Value;

use common::{AREA, YEAR};

/// A scratch folder removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("jamfor-lo-{name}-{}", std::process::id()));
        std::fs::remove_dir_all(&dir).ok();
        std::fs::create_dir_all(&dir).expect("scratch folder");
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        std::fs::remove_dir_all(&self.0).ok();
    }
}

/// Whether the environment demands the office suite (CI installs it).
fn required() -> bool {
    std::env::var("JAMFOR_REQUIRE_LIBREOFFICE").is_ok_and(|v| v == "1")
}

/// Skips a test (returns false) when something is missing, or fails it when it is required.
fn available(found: bool, what: &str) -> bool {
    assert!(
        found || !required(),
        "JAMFOR_REQUIRE_LIBREOFFICE=1 but there is no {what}"
    );
    if !found {
        eprintln!("skipped: no {what}");
    }
    found
}

fn has_soffice() -> bool {
    available(
        Command::new("soffice")
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success()),
        "`soffice` (LibreOffice) on PATH",
    )
}

/// A Python with LibreOffice's `uno` module: the one on PATH, or the system's, which is where
/// distributions install the bridge.
fn python_with_uno() -> Option<&'static str> {
    ["python3", "/usr/bin/python3"].into_iter().find(|python| {
        Command::new(python)
            .args(["-c", "import uno"])
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

/// The test release's workbook, with comparison groups, written into `dir`.
fn workbook(dir: &Path) -> (PathBuf, ResultTable) {
    let manifest = common::manifest();
    let mut results = common::results();
    results.rows.extend(common::liknande());
    let bytes = excel::workbook(
        &Published {
            manifest: &manifest,
            release: &manifest.releases[0],
            geo: Geography::builtin(),
            results: &results,
            analysis: None,
        },
        AREA,
    )
    .expect("workbook");
    let path = dir.join("testomradet-2023.xlsx");
    std::fs::write(&path, bytes).expect("write workbook");
    (path, results)
}

#[test]
fn libreoffice_converts_the_workbook_without_formula_errors() {
    if !has_soffice() {
        return;
    }
    let scratch = Scratch::new("pdf");
    let (path, _) = workbook(&scratch.0);
    let profile = scratch.0.join("profil");
    let status = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&scratch.0)
        .arg(&path)
        .output()
        .expect("soffice runs");
    assert!(status.status.success(), "{status:?}");
    let pdf = scratch.0.join("testomradet-2023.pdf");
    assert!(
        std::fs::metadata(&pdf).is_ok_and(|m| m.len() > 10_000),
        "no PDF: {}",
        String::from_utf8_lossy(&status.stderr)
    );
    let Ok(text) = Command::new("pdftotext").arg(&pdf).arg("-").output() else {
        eprintln!("PDF written; no `pdftotext` to read it back");
        return;
    };
    let text = String::from_utf8_lossy(&text.stdout);
    for error in ["Err:", "#NAME?", "#VALUE!", "#REF!", "#N/A", "#DIV/0!"] {
        assert!(!text.contains(error), "the PDF shows {error}");
    }
    for expected in [
        "Läsanvisning",
        "Jämför en kommun 2023 – Testområdet",
        "A2 Pendlingskommun nära storstad",
        "Kommuner 2023 – Testområdet",
        "Tidsserier 2022–2023 – Testområdet",
    ] {
        assert!(text.contains(expected), "the PDF lacks {expected:?}");
    }
}

/// What a Jämför cell must show: a number as published or a symbol.
#[derive(Debug, PartialEq)]
enum Cell {
    Tal(f64),
    Text(String),
}

fn cell(json: &Value) -> Cell {
    if let Some(v) = json.get("v").and_then(Value::as_f64) {
        Cell::Tal(v)
    } else if let Some(s) = json.get("s").and_then(Value::as_str) {
        Cell::Text(s.to_string())
    } else {
        panic!("a formula error in LibreOffice: {json}")
    }
}

/// The published cell of the fixture.
fn expected(results: &ResultTable, indicator: &str, level: GeoLevel, geo: &str, kon: Kon) -> Cell {
    let decimals = if indicator == "andel_80" { 1 } else { 0 };
    let row = results.rows.iter().find(|r| {
        r.indicator == indicator
            && r.year == YEAR
            && r.key.level == level
            && r.key.geo == geo
            && r.key.kon == kon
    });
    match row {
        None => Cell::Text(".".to_string()),
        // A group mean on fewer than the default three members.
        Some(r) if few_members(r, 3) => Cell::Text("för få".to_string()),
        Some(r) => match (r.status, r.value) {
            (Status::Value, Some(v)) => Cell::Tal(published_value(v, decimals)),
            (status, _) => Cell::Text(status.symbol().to_string()),
        },
    }
}

/// The kommun's interval as Jämför shows it: "10.0–14.0", with ", brett" when wide.
fn interval(results: &ResultTable, indicator: &str, kommun: &str, kon: Kon) -> Cell {
    let row = results.rows.iter().find(|r| {
        r.indicator == indicator
            && r.year == YEAR
            && r.key.level == GeoLevel::Kommun
            && r.key.geo == kommun
            && r.key.kon == kon
            && r.status == Status::Value
    });
    let Some((low, high)) = row.and_then(|r| r.ci_low.zip(r.ci_high)) else {
        return Cell::Text(String::new());
    };
    let text = format!("{:.1}–{:.1}", low, high).replace('.', ",");
    let wide = high - low > 20.0;
    Cell::Text(if wide { format!("{text}, brett") } else { text })
}

/// The reader sorts every sheet Jämför reads (they carry filters), descending, so no place is on
/// the row it was written on (Kommuner and Län och riket by code, Liknande kommuner by name, so
/// that it and Kommuner differ), filters Kommuner to Norrbottens län and Liknande kommuner to
/// Kiruna (hiding the rows of most kommuner chosen next), and then chooses kommuner: every
/// figure, interval and colour must still be the chosen kommun's, its län's, its kommungrupp's
/// and its liknande kommuners' (their mean, and each of them by name).
#[test]
fn libreoffice_computes_jamfor_for_any_chosen_kommun_after_sorting() {
    if !has_soffice() {
        return;
    }
    let Some(python) = python_with_uno() else {
        available(false, "Python with LibreOffice's `uno` module");
        return;
    };
    let scratch = Scratch::new("uno");
    let (path, results, grupper) = workbook_med_grupper(&scratch.0);
    // Stockholm: confidential kvinnor; Upplands Väsby: bortfall; Vallentuna: not applicable;
    // Gotland: kommun and län in one; Kiruna: the last row.
    let kommuner = [
        ("Stockholm", "0180", "01"),
        ("Upplands Väsby", "0114", "01"),
        ("Vallentuna", "0115", "01"),
        ("Gotland", "0980", "09"),
        ("Kiruna", "2584", "25"),
    ];
    let mut args: Vec<OsString> = vec![
        path.clone().into(),
        scratch.0.join("profil").into(),
        "28".into(),
        "12".into(),
        "--sort".into(),
    ];
    // Kommuner by code, the groups by name: the two no longer share an order.
    args.extend(["Kommuner:0", "Län och riket:0", "Liknande kommuner:1"].map(OsString::from));
    // Then filtered, as a reader looking at one län: every other kommun's row (Stockholm's,
    // Gotland's, …) is hidden on Kommuner, and Liknande kommuner shows Kiruna's group only.
    args.extend(
        [
            "--filter",
            "Kommuner:2:Norrbottens län",
            "Liknande kommuner:1:Kiruna",
            "--",
        ]
        .map(OsString::from),
    );
    args.extend(kommuner.iter().map(|k| OsString::from(k.0)));
    let lines = json_lines(python, "valj_kommun.py", &args);
    assert_eq!(lines.len(), kommuner.len());

    let geo = Geography::builtin();
    // Rows of the table: indicator and kön, in the sheet's order.
    let rader = [
        ("andel_80", Kon::T),
        ("andel_80", Kon::K),
        ("andel_80", Kon::M),
        ("antal", Kon::T),
        ("dagar", Kon::T),
        ("rutin", Kon::T),
    ];
    let indelning = geo.kommungruppsindelning_2023();
    for (line, (namn, code, lan)) in lines.iter().zip(kommuner) {
        assert_eq!(line["kommun"], namn);
        let kommun = geo
            .kommuner_valid_in(YEAR as u16)
            .find(|k| k.code.to_string() == code)
            .expect("kommun");
        let grupp = indelning
            .grupp(kommun.code)
            .expect("kommungrupp")
            .code()
            .to_string();
        let grupp = grupp.as_str();
        let head: Vec<Cell> = line["head"]
            .as_array()
            .expect("head")
            .iter()
            .map(cell)
            .collect();
        let lan_namn = geo
            .all_lan()
            .iter()
            .find(|l| l.code.to_string() == lan)
            .map(|l| l.name.to_string())
            .expect("län");
        assert_eq!(head[2], Cell::Text(namn.to_string()));
        assert_eq!(head[3], Cell::Text(lan_namn.clone()));
        assert_eq!(head[4], Cell::Text("Riket".to_string()));
        let Cell::Text(grupp_rubrik) = &head[5] else {
            panic!("kommungrupp heading")
        };
        assert!(grupp_rubrik.starts_with("Kommungrupp "), "{grupp_rubrik}");
        let places: Vec<Cell> = line["places"]
            .as_array()
            .expect("places")
            .iter()
            .map(cell)
            .collect();
        assert_eq!(places[1], Cell::Text(lan_namn));
        let Cell::Text(grupp_text) = &places[2] else {
            panic!("kommungrupp")
        };
        assert!(grupp_text.starts_with(grupp), "{namn}: {grupp_text}");

        let rows = line["cells"].as_array().expect("cells");
        assert_eq!(rows.len(), rader.len(), "{namn}");
        for (row, (indicator, kon)) in rows.iter().zip(rader) {
            let row: Vec<Cell> = row.as_array().expect("row").iter().map(cell).collect();
            let what = format!("{namn}, {indicator} {kon:?}");
            assert_eq!(
                row[2],
                expected(&results, indicator, GeoLevel::Kommun, code, kon),
                "{what}: kommun"
            );
            assert_eq!(
                row[3],
                expected(&results, indicator, GeoLevel::Lan, lan, kon),
                "{what}: län"
            );
            assert_eq!(
                row[4],
                expected(&results, indicator, GeoLevel::Riket, "00", kon),
                "{what}: riket"
            );
            assert_eq!(
                row[5],
                expected(&results, indicator, GeoLevel::Kommungrupp, grupp, kon),
                "{what}: kommungrupp"
            );
            assert_eq!(
                row[6],
                expected(&results, indicator, GeoLevel::Liknande, code, kon),
                "{what}: liknande kommuner"
            );
            // The kommun's own interval after its colour word, "brett" when wide; no
            // respondents (a register share).
            assert_eq!(
                row[8],
                interval(&results, indicator, code, kon),
                "{what}: interval"
            );
            assert_eq!(row[9], Cell::Text(String::new()), "{what}: respondents");
            // Each liknande kommun's own value, right of the kommun's interval.
            for (j, member) in grupper[code].iter().enumerate() {
                assert_eq!(
                    row[10 + j],
                    expected(&results, indicator, GeoLevel::Kommun, member, kon),
                    "{what}: liknande kommun {member}"
                );
            }
        }
        // The members' names head their columns.
        for (j, member) in grupper[code].iter().enumerate() {
            let name = geo
                .kommuner_valid_in(YEAR as u16)
                .find(|k| k.code.to_string() == *member)
                .map(|k| k.name.to_string())
                .expect("member");
            assert_eq!(head[10 + j], Cell::Text(name), "{namn}: member {j}");
        }
    }
    // The colour word follows the choice: Stockholm's dagar (15) is yellow, Kiruna's rutin (no)
    // red, and a symbol has none.
    let colour = |line: &Value, row: usize| line["cells"][row][7]["s"].as_str().map(str::to_string);
    assert_eq!(colour(&lines[0], 4).as_deref(), Some("gul"));
    assert_eq!(
        colour(&lines[0], 1).as_deref(),
        Some(""),
        "confidential has no colour"
    );
    assert_eq!(colour(&lines[4], 5).as_deref(), Some("röd"));
}

/// The i-th kommun's andel_80 interval around `v`: every fourth is wide (22 percentage points,
/// more than 20), the others ±2.
fn bounds(i: usize, v: f64) -> (f64, f64) {
    if i.is_multiple_of(4) {
        (v - 1.0, v + 21.0)
    } else {
        (v - 2.0, v + 2.0)
    }
}

/// The test release's workbook with the analysis's comparison groups (k = 3 on antal) and a
/// 95 % interval on every published kommun value of andel_80, and each kommun's group (codes,
/// nearest first).
fn workbook_med_grupper(dir: &Path) -> (PathBuf, ResultTable, HashMap<String, Vec<String>>) {
    let manifest = common::manifest_med_area("\n[comparable]\nk = 3\nnyckeltal = [\"antal\"]\n");
    let mut results = common::results();
    for row in &mut results.rows {
        if row.indicator == "andel_80"
            && row.key.level == GeoLevel::Kommun
            && let Some(v) = row.value
        {
            let (low, high) = bounds(common::index_of(&row.key.geo), v);
            row.ci_low = Some(low);
            row.ci_high = Some(high);
        }
    }
    let (results, analysis) = analyse(
        &manifest,
        &manifest.releases[0],
        Geography::builtin(),
        results,
    )
    .expect("analysis runs");
    let bytes = excel::workbook(
        &Published {
            manifest: &manifest,
            release: &manifest.releases[0],
            geo: Geography::builtin(),
            results: &results,
            analysis: Some(&analysis),
        },
        AREA,
    )
    .expect("workbook");
    let path = dir.join("testomradet-2023.xlsx");
    std::fs::write(&path, bytes).expect("write workbook");
    let grupper = Geography::builtin()
        .kommuner_valid_in(YEAR as u16)
        .map(|k| {
            let code = k.code.to_string();
            let group = analysis.comparable.group(AREA, &code);
            let group = group.into_iter().map(str::to_string).collect();
            (code, group)
        })
        .collect();
    (path, results, grupper)
}

/// What a chart plots for one place: each year's value as published, or no point.
fn serie(results: &ResultTable, indicator: &str, level: GeoLevel, geo: &str, kon: Kon) -> Value {
    let decimals = if indicator == "andel_80" { 1 } else { 0 };
    let points: Vec<Value> = [YEAR - 1, YEAR]
        .iter()
        .map(|year| {
            results
                .rows
                .iter()
                .find(|r| {
                    r.indicator == indicator
                        && r.year == *year
                        && r.key.level == level
                        && r.key.geo == geo
                        && r.key.kon == kon
                })
                .and_then(|r| r.value.filter(|_| r.status == Status::Value))
                .map_or(Value::Null, |v| Value::from(published_value(v, decimals)))
        })
        .collect();
    Value::Array(points)
}

/// LibreOffice draws Jämför's two charts with every series, and they follow both drop-downs:
/// another kommun, another indicator, and the lines are theirs (a withheld year is no point).
/// The top of the sheet printed to PDF holds the charts' titles and legends.
#[test]
fn libreoffice_draws_the_charts_and_they_follow_the_choices() {
    if !has_soffice() {
        return;
    }
    let Some(python) = python_with_uno() else {
        available(false, "Python with LibreOffice's `uno` module");
        return;
    };
    let scratch = Scratch::new("diagram");
    let (path, results, _) = workbook_med_grupper(&scratch.0);
    let mut args: Vec<OsString> = vec![
        path.clone().into(),
        scratch.0.join("profil").into(),
        scratch.0.clone().into(),
        "A1:L30".into(),
    ];
    // The series find their rows by key, so a reader's sorting changes nothing.
    args.extend(["--sort", "Tidsserier:1", "--"].map(OsString::from));
    args.extend(["Stockholm", "Kiruna", "Kiruna@Invånare, antal"].map(OsString::from));
    let lines = json_lines(python, "diagram.py", &args);
    assert_eq!(lines.len(), 3);
    let geo = Geography::builtin();
    let indelning = geo.kommungruppsindelning_2023();
    let kommun = |code: &str| {
        geo.kommuner_valid_in(YEAR as u16)
            .find(|k| k.code.to_string() == code)
            .expect("kommun")
    };
    for (line, (namn, code, lan, indicator)) in lines.iter().zip([
        ("Stockholm", "0180", "01", "andel_80"),
        ("Kiruna", "2584", "25", "andel_80"),
        ("Kiruna", "2584", "25", "antal"),
    ]) {
        let grupp = indelning
            .grupp(kommun(code).code)
            .expect("kommungrupp")
            .code()
            .to_string();
        let charts = line["charts"].as_array().expect("charts");
        assert_eq!(charts.len(), 2, "{namn}: two charts");
        let totalt = &charts[0]["series"];
        let names: Vec<&str> = totalt
            .as_array()
            .expect("series")
            .iter()
            .map(|s| s["name"].as_str().expect("a name"))
            .collect();
        assert_eq!(names.len(), 5, "{namn}: {names:?}");
        assert_eq!(names[0], namn);
        assert!(names[1].ends_with("län"), "{names:?}");
        assert_eq!(names[2], "Riket");
        assert!(names[3].starts_with("Kommungrupp "), "{names:?}");
        assert_eq!(names[4], "Liknande kommuner (medel per kommun)");
        let what = format!("{namn}, {indicator}");
        for (i, (level, geo)) in [
            (GeoLevel::Kommun, code),
            (GeoLevel::Lan, lan),
            (GeoLevel::Riket, "00"),
            (GeoLevel::Kommungrupp, grupp.as_str()),
            (GeoLevel::Liknande, code),
        ]
        .into_iter()
        .enumerate()
        {
            assert_eq!(
                totalt[i]["values"],
                serie(&results, indicator, level, geo, Kon::T),
                "{what}: {level:?}"
            );
        }
        let kon = &charts[1]["series"];
        assert_eq!(kon[0]["name"], format!("{namn}, kvinnor"));
        assert_eq!(kon[3]["name"], "Riket, män");
        for (i, (level, geo, k)) in [
            (GeoLevel::Kommun, code, Kon::K),
            (GeoLevel::Kommun, code, Kon::M),
            (GeoLevel::Riket, "00", Kon::K),
            (GeoLevel::Riket, "00", Kon::M),
        ]
        .into_iter()
        .enumerate()
        {
            assert_eq!(
                kon[i]["values"],
                serie(&results, indicator, level, geo, k),
                "{what}: {level:?} {k:?}"
            );
        }
    }
    // Stockholm's kvinnor are withheld: no point, not a zero. Antal has no kön: no points.
    assert_eq!(
        lines[0]["charts"][1]["series"][0]["values"],
        serde_json::json!([null, null])
    );
    assert_ne!(
        lines[0]["charts"][0]["series"][0]["values"],
        lines[1]["charts"][0]["series"][0]["values"]
    );
    assert_eq!(
        lines[2]["charts"][1]["series"][1]["values"],
        serde_json::json!([null, null])
    );

    // The PDF of the sheet's top shows the charts as LibreOffice draws them.
    let Ok(text) = Command::new("pdftotext")
        .arg(lines[1]["pdf"].as_str().expect("a PDF"))
        .arg("-")
        .output()
    else {
        eprintln!("charts read; no `pdftotext` to read the PDF back");
        return;
    };
    let text = String::from_utf8_lossy(&text.stdout);
    for expected in [
        "Över tid, totalt",
        "Kvinnor och män över tid",
        "Kiruna, kvinnor",
        "Riket, män",
        "Norrbottens län",
    ] {
        assert!(
            text.contains(expected),
            "the PDF lacks {expected:?}:\n{text}"
        );
    }
}

/// Runs `tests/libreoffice/<script>` with `args` and parses its output, one JSON value a line.
fn json_lines(python: &str, script: &str, args: &[OsString]) -> Vec<Value> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/libreoffice")
        .join(script);
    let out = Command::new(python)
        .arg(&script)
        .args(args)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

/// Analysstöd in LibreOffice, after a reader has sorted its table of every kommun's list: the
/// kommun drop-down offers the names in Swedish alphabetical order (Å, Ä and Ö last), and choosing
/// a kommun shows its own list, every row in priority order with its indicator.
#[test]
fn libreoffice_lists_the_chosen_kommun_on_analysstod_after_sorting() {
    if !has_soffice() {
        return;
    }
    let Some(python) = python_with_uno() else {
        available(false, "Python with LibreOffice's `uno` module");
        return;
    };
    let scratch = Scratch::new("analysstod");
    let (path, _, _) = workbook_med_grupper(&scratch.0);
    // The same analysis as the workbook's (it is deterministic), for the expected lists.
    let manifest = common::manifest_med_area("\n[comparable]\nk = 3\nnyckeltal = [\"antal\"]\n");
    let (_, analysis) = analyse(
        &manifest,
        &manifest.releases[0],
        Geography::builtin(),
        common::results(),
    )
    .expect("analysis runs");
    let kommuner = [
        ("Stockholm", "0180"),
        ("Upplands Väsby", "0114"),
        ("Åre", "2321"),
        ("Kiruna", "2584"),
    ];
    let mut args: Vec<OsString> = vec![
        path.into(),
        scratch.0.join("profil").into(),
        // Sorted by the indicator's title, descending: the rows of one kommun are no longer
        // together or in priority order.
        "4".into(),
        "--".into(),
    ];
    args.extend(kommuner.iter().map(|k| OsString::from(k.0)));
    let lines = json_lines(python, "analysstod.py", &args);
    assert_eq!(lines.len(), kommuner.len() + 1);

    let list: Vec<&str> = lines[0]["list"]
        .as_array()
        .expect("list")
        .iter()
        .map(|v| v.as_str().expect("a name"))
        .collect();
    assert_eq!(list.len(), 290);
    assert_eq!(list.first(), Some(&"Ale"));
    assert_eq!(list.last(), Some(&"Övertorneå"));
    let at = |name: &str| list.iter().position(|n| *n == name).expect(name);
    assert!(at("Vingåker") < at("Åre") && at("Åre") < at("Älmhult"));
    assert!(at("Habo") < at("Hallsberg") && at("Håbo") > at("Hylte"));

    assert!(
        lines[1..]
            .iter()
            .any(|l| l["rows"].as_array().is_some_and(|r| r.len() > 1)),
        "some chosen kommun has a list to check"
    );
    for (line, (namn, code)) in lines[1..].iter().zip(kommuner) {
        assert_eq!(line["kommun"], namn);
        let mut posts: Vec<_> = analysis
            .entries(AREA)
            .filter(|p| p.kommun == code)
            .collect();
        posts.sort_by_key(|p| p.prioritet);
        assert_eq!(line["antal"], posts.len().to_string(), "{namn}");
        let rows = line["rows"].as_array().expect("rows");
        assert_eq!(rows.len(), posts.len(), "{namn}");
        for (row, post) in rows.iter().zip(&posts) {
            let title = &manifest
                .indicators
                .iter()
                .find(|i| i.id == post.indicator)
                .expect("indicator")
                .title;
            assert_eq!(row[0], namn, "{namn}");
            assert_eq!(row[1], post.prioritet.to_string(), "{namn}");
            assert_eq!(row[3], title.as_str(), "{namn}");
        }
    }
}
