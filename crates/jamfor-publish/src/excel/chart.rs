//! The Jämför sheet's two charts — the chosen kommun over the release years beside its län,
//! riket, kommungrupp and liknande kommuner, and its kvinnor and män beside rikets — and the
//! hidden sheet of formulas they plot.
//!
//! The charts are native Excel line charts. Their series are cells of the hidden Diagramdata
//! sheet, formulas that follow the Jämför sheet's two choices (kommun and indicator): each series
//! builds its row key of the Tidsserier sheet ("andel_80|kommun|0180") from the chosen codes and
//! finds the row by that key, never by position. A symbol (`..`, `-`, `.`) becomes #N/A, which
//! a chart leaves out, so a withheld year is a gap and never a false zero. Every formula carries
//! its result for the pre-set kommun and indicator, so a viewer that never recalculates draws
//! true lines.

use jamfor_engine::{GeoLevel, Kon, RIKET};
use jamfor_spec::manifest::Indicator;
use rust_xlsxwriter::{
    Chart, ChartEmptyCells, ChartLegendPosition, ChartMarker, ChartType, Formula, Worksheet,
    XlsxError, column_number_to_name,
};

use super::book::{Book, Place, kon_of};
use super::tidsserier::{Tidsserier, key_of, level_key};
use super::value::CellValue;

/// The defined name of the indicator titles, the chart choice's list.
pub(crate) const INDICATOR_NAME: &str = "Indikatornamn";

/// Cells of the hidden sheet: the chosen indicator's title and id, then the series.
const TITLE: u32 = 0;
const ID: u32 = 1;
const HEADING: u32 = 3;
const FIRST_SERIES: u32 = 4;
/// Columns: the series' name, its key, its row on Tidsserier, then one per year.
const NAME: u16 = 0;
const KEY: u16 = 1;
const ROW: u16 = 2;
const FIRST_YEAR: u16 = 3;
/// The list of indicators the choice offers: titles and ids.
const LIST_TITLE: u16 = 20;
const LIST_ID: u16 = 21;
/// The kommun names in Swedish alphabetical order, the list of the Jämför sheet's kommun choice.
const LIST_KOMMUN: u16 = 23;

/// Size of each chart in pixels.
const WIDTH: u32 = 560;
const HEIGHT: u32 = 320;

/// What the Jämför sheet holds that the series follow: absolute references to its cells, and
/// the places shown for the pre-set kommun.
pub(crate) struct Choice<'p> {
    /// The indicator chosen for the charts (its title).
    pub(crate) indikator: String,
    /// The chosen kommun's name and code, its län's name and code, its kommungrupp's heading and
    /// code.
    pub(crate) kommun: (String, String),
    pub(crate) lan: (String, String),
    pub(crate) kommungrupp: (String, String),
    /// The places shown for the pre-set kommun: kommun, län, riket, kommungrupp.
    pub(crate) default_choice: [Option<&'p Place>; 4],
    /// Whether the area has comparison groups (Liknande kommuner).
    pub(crate) liknande: bool,
}

/// One series: its name (a formula and its pre-set result), the level and code it shows (a
/// formula giving the code, and the pre-set place) and the kön.
struct Series<'p> {
    name: (String, String),
    level: GeoLevel,
    code: String,
    default_choice: Option<&'p Place>,
    kon: Kon,
}

/// The indicators a chart can show: those published per kommun.
fn indikatorer<'a>(bok: &Book<'a>) -> Vec<&'a Indicator> {
    bok.kommun_indicators()
}

/// The indicator shown when the file is opened: the first quality indicator broken down by kön,
/// else the first quality indicator, else the first.
pub(crate) fn default_choice<'a>(bok: &Book<'a>) -> Option<&'a Indicator> {
    let alla = indikatorer(bok);
    let kvalitet = |i: &Indicator| i.kind == jamfor_spec::keywords::Kind::Kvalitetsindikator;
    alla.iter()
        .find(|i| kvalitet(i) && kon_of(i).len() > 1)
        .or_else(|| alla.iter().find(|i| kvalitet(i)))
        .or_else(|| alla.first())
        .copied()
}

fn abs(col: u16, row: u32) -> String {
    format!("${}${}", column_number_to_name(col), row + 1)
}

/// The defined name of the indicator list (call before writing the choice's validation).
pub(crate) fn define_name(
    workbook: &mut rust_xlsxwriter::Workbook,
    bok: &Book<'_>,
) -> Result<(), XlsxError> {
    let n = u32::try_from(indikatorer(bok).len()).unwrap_or(1).max(1);
    let lista = |col: u16, n: u32| {
        let c = column_number_to_name(col);
        format!(
            "='{}'!${c}${}:${c}${}",
            super::DIAGRAMDATA,
            FIRST_SERIES + 1,
            FIRST_SERIES + n
        )
    };
    workbook.define_name(INDICATOR_NAME, &lista(LIST_TITLE, n))?;
    let kommuner = u32::try_from(bok.kommuner.len()).unwrap_or(1).max(1);
    workbook.define_name(super::jamfor::KOMMUN_NAME, &lista(LIST_KOMMUN, kommuner))?;
    Ok(())
}

/// A name's place in Swedish alphabetical order: case ignored, å, ä and ö after z, é as e and
/// ü as y, as a Swedish reader looks for "Åre" and "Örebro" at the end of the list.
fn swedish_order(name: &str) -> Vec<u32> {
    name.chars()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'å' => u32::from('z') + 1,
            'ä' | 'æ' => u32::from('z') + 2,
            'ö' | 'ø' => u32::from('z') + 3,
            'é' | 'è' => u32::from('e'),
            'ü' => u32::from('y'),
            c => u32::from(c),
        })
        .collect()
}

/// The hidden sheet and the two charts, to be inserted on the Jämför sheet.
pub(crate) fn write(
    bok: &Book<'_>,
    tidsserier: &Tidsserier<'_, '_>,
    val: &Choice<'_>,
) -> Result<(Worksheet, Vec<Chart>), XlsxError> {
    let mut sheet = Worksheet::new();
    sheet.set_name(super::DIAGRAMDATA)?;
    sheet.set_hidden(true);
    sheet.set_formula_result_default("");
    let indikatorer = indikatorer(bok);
    let forvald = default_choice(bok);

    // The choice's list, and the chosen indicator's id found by its title.
    sheet.write_string(HEADING, LIST_TITLE, "Indikator")?;
    sheet.write_string(HEADING, LIST_ID, "Id")?;
    for (row, indicator) in (FIRST_SERIES..).zip(&indikatorer) {
        sheet.write_string(row, LIST_TITLE, &indicator.title)?;
        sheet.write_string(row, LIST_ID, &indicator.id)?;
    }
    let sista = FIRST_SERIES + u32::try_from(indikatorer.len()).unwrap_or(1).max(1) - 1;
    let lista = |col: u16| {
        let c = column_number_to_name(col);
        format!("${c}${}:${c}${}", FIRST_SERIES + 1, sista + 1)
    };
    sheet.write_string(HEADING, LIST_KOMMUN, "Kommun")?;
    let mut alfabetiskt: Vec<&str> = bok.kommuner.iter().map(|k| k.name.as_str()).collect();
    alfabetiskt.sort_by_cached_key(|n| (swedish_order(n), *n));
    for (row, kommun) in (FIRST_SERIES..).zip(alfabetiskt) {
        sheet.write_string(row, LIST_KOMMUN, kommun)?;
    }
    sheet.write_string(TITLE, 0, "Indikator")?;
    sheet.write_formula(
        TITLE,
        1,
        Formula::new(format!("={}", val.indikator))
            .set_result(forvald.map(|i| i.title.as_str()).unwrap_or_default()),
    )?;
    sheet.write_string(ID, 0, "Id")?;
    sheet.write_formula(
        ID,
        1,
        Formula::new(format!(
            "=IFERROR(INDEX({},MATCH({},{},0)),\"\")",
            lista(LIST_ID),
            abs(1, TITLE),
            lista(LIST_TITLE)
        ))
        .set_result(forvald.map(|i| i.id.as_str()).unwrap_or_default()),
    )?;

    let [kommun, lan, riket, grupp] = val.default_choice;
    let mut serier = vec![
        Series {
            name: (format!("={}", val.kommun.0), name(kommun)),
            level: GeoLevel::Kommun,
            code: val.kommun.1.clone(),
            default_choice: kommun,
            kon: Kon::T,
        },
        Series {
            name: (format!("={}", val.lan.0), name(lan)),
            level: GeoLevel::Lan,
            code: val.lan.1.clone(),
            default_choice: lan,
            kon: Kon::T,
        },
        Series {
            name: ("=\"Riket\"".to_string(), "Riket".to_string()),
            level: GeoLevel::Riket,
            code: format!("\"{RIKET}\""),
            default_choice: riket,
            kon: Kon::T,
        },
        Series {
            name: (
                format!("={}", val.kommungrupp.0),
                grupp
                    .map(|g| format!("Kommungrupp {}{}", g.name, super::jamfor::MEAN))
                    .unwrap_or_default(),
            ),
            level: GeoLevel::Kommungrupp,
            code: val.kommungrupp.1.clone(),
            default_choice: grupp,
            kon: Kon::T,
        },
    ];
    let liknande_forval = kommun.and_then(|k| bok.liknande.iter().find(|l| l.code == k.code));
    if val.liknande {
        let text = format!("Liknande kommuner{}", super::jamfor::MEAN);
        serier.push(Series {
            name: (format!("=\"{text}\""), text),
            level: GeoLevel::Liknande,
            code: val.kommun.1.clone(),
            default_choice: liknande_forval,
            kon: Kon::T,
        });
    }
    let totalt = serier.len();
    if tidsserier.kons.len() > 1 {
        for (plats, code, level, default_choice) in [
            (
                val.kommun.0.clone(),
                val.kommun.1.clone(),
                GeoLevel::Kommun,
                kommun,
            ),
            (
                "\"Riket\"".to_string(),
                format!("\"{RIKET}\""),
                GeoLevel::Riket,
                riket,
            ),
        ] {
            for (kon, ord) in [(Kon::K, "kvinnor"), (Kon::M, "män")] {
                serier.push(Series {
                    name: (
                        format!("={plats}&\", {ord}\""),
                        format!("{}, {ord}", name(default_choice)),
                    ),
                    level,
                    code: code.clone(),
                    default_choice,
                    kon,
                });
            }
        }
    }

    sheet.write_string(HEADING, NAME, "Serie")?;
    sheet.write_string(HEADING, KEY, "Nyckel")?;
    sheet.write_string(HEADING, ROW, "Rad i Tidsserier")?;
    let years = &tidsserier.years;
    for (col, year) in (FIRST_YEAR..).zip(years) {
        sheet.write_number(HEADING, col, f64::from(*year))?;
    }
    let id_cell = abs(1, ID);
    for (row, serie) in (FIRST_SERIES..).zip(&serier) {
        let (name, cached) = &serie.name;
        sheet.write_formula(row, NAME, Formula::new(name).set_result(cached))?;
        let niva = level_key(serie.level);
        let nyckel = serie
            .default_choice
            .zip(forvald)
            .map(|(plats, indicator)| key_of(&indicator.id, serie.level, &plats.code));
        sheet.write_formula(
            row,
            KEY,
            Formula::new(format!("={id_cell}&\"|{niva}|\"&{}", serie.code))
                .set_result(nyckel.clone().unwrap_or_default()),
        )?;
        let rad = serie
            .default_choice
            .zip(forvald)
            .and_then(|(plats, indicator)| tidsserier.rad(&indicator.id, serie.level, &plats.code));
        let rad_cell = abs(ROW, row);
        let mut f = Formula::new(format!("=MATCH({},{},0)", abs(KEY, row), tidsserier.keys()));
        f = f.set_result(rad.map_or_else(|| "#N/A".to_string(), |r| (r + 1).to_string()));
        sheet.write_formula(row, ROW, f)?;
        for (j, (col, year)) in (FIRST_YEAR..).zip(years).enumerate() {
            let cached = match (serie.default_choice, forvald) {
                (Some(plats), Some(indicator)) if kon_of(indicator).contains(&serie.kon) => {
                    match bok.varde(indicator, *year, plats, serie.kon) {
                        CellValue::Tal(v, _) => format!("{v}"),
                        CellValue::Symbol(_) => "#N/A".to_string(),
                    }
                }
                _ => "#N/A".to_string(),
            };
            let formula = match tidsserier.column(serie.kon, j) {
                Some(source) => {
                    let source = tidsserier.span(source);
                    format!(
                        "=IFERROR(IF(ISNUMBER(INDEX({source},{rad_cell})),INDEX({source},{rad_cell}),NA()),NA())"
                    )
                }
                None => "=NA()".to_string(),
            };
            sheet.write_formula(row, col, Formula::new(formula).set_result(cached))?;
        }
    }

    let sista_ar = FIRST_YEAR + u16::try_from(years.len()).unwrap_or(1).max(1) - 1;
    let diagram = |titel: &str, serier: std::ops::Range<usize>| {
        let mut chart = Chart::new(ChartType::Line);
        chart.title().set_name(titel);
        for i in serier {
            let row = FIRST_SERIES + u32::try_from(i).unwrap_or(0);
            chart
                .add_series()
                .set_name((super::DIAGRAMDATA, row, NAME))
                .set_categories((super::DIAGRAMDATA, HEADING, FIRST_YEAR, HEADING, sista_ar))
                .set_values((super::DIAGRAMDATA, row, FIRST_YEAR, row, sista_ar))
                // A marker on every year, so a lone year between gaps still shows.
                .set_marker(ChartMarker::new().set_automatic());
        }
        chart.legend().set_position(ChartLegendPosition::Bottom);
        chart.show_empty_cells_as(ChartEmptyCells::Gaps);
        chart.show_na_as_empty_cell();
        chart.set_width(WIDTH).set_height(HEIGHT);
        chart
    };
    let mut charts = vec![diagram("Över tid, totalt", 0..totalt)];
    if serier.len() > totalt {
        charts.push(diagram("Kvinnor och män över tid", totalt..serier.len()));
    }
    Ok((sheet, charts))
}

fn name(plats: Option<&Place>) -> String {
    plats.map(|p| p.name.clone()).unwrap_or_default()
}

/// Width of a chart in pixels, for placing the second beside the first.
pub(crate) const CHART_WIDTH: u32 = WIDTH;
/// Rows a chart covers at the default row height (20 pixels).
pub(crate) const CHART_ROWS: u32 = HEIGHT / 20 + 1;

#[cfg(test)]
mod tests {
    use super::swedish_order;

    #[test]
    fn swedish_letters_come_after_z() {
        let mut name = vec![
            "Örebro", "Åre", "Ale", "Älmhult", "Zzz", "Habo", "Håbo", "Eda",
        ];
        name.sort_by_key(|n| swedish_order(n));
        assert_eq!(
            name,
            [
                "Ale", "Eda", "Habo", "Håbo", "Zzz", "Åre", "Älmhult", "Örebro"
            ]
        );
    }
}
