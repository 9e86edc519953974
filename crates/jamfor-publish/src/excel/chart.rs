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

use super::book::{Book, Place, kon_av};
use super::tidsserier::{Tidsserier, niva_nyckel, nyckel_av};
use super::value::CellValue;

/// The defined name of the indicator titles, the chart choice's list.
pub(crate) const INDIKATORNAMN: &str = "Indikatornamn";

/// Cells of the hidden sheet: the chosen indicator's title and id, then the series.
const TITEL: u32 = 0;
const ID: u32 = 1;
const RUBRIK: u32 = 3;
const FORSTA_SERIE: u32 = 4;
/// Columns: the series' name, its key, its row on Tidsserier, then one per year.
const NAMN: u16 = 0;
const NYCKEL: u16 = 1;
const RAD: u16 = 2;
const FORSTA_AR: u16 = 3;
/// The list of indicators the choice offers: titles and ids.
const LISTA_TITEL: u16 = 20;
const LISTA_ID: u16 = 21;
/// The kommun names in Swedish alphabetical order, the list of the Jämför sheet's kommun choice.
const LISTA_KOMMUN: u16 = 23;

/// Size of each chart in pixels.
const BREDD: u32 = 560;
const HOJD: u32 = 320;

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
    pub(crate) forval: [Option<&'p Place>; 4],
    /// Whether the area has comparison groups (Liknande kommuner).
    pub(crate) liknande: bool,
}

/// One series: its name (a formula and its pre-set result), the level and code it shows (a
/// formula giving the code, and the pre-set place) and the kön.
struct Series<'p> {
    name: (String, String),
    level: GeoLevel,
    code: String,
    forval: Option<&'p Place>,
    kon: Kon,
}

/// The indicators a chart can show: those published per kommun.
fn indikatorer<'a>(bok: &Book<'a>) -> Vec<&'a Indicator> {
    bok.kommunindikatorer()
}

/// The indicator shown when the file is opened: the first quality indicator broken down by kön,
/// else the first quality indicator, else the first.
pub(crate) fn forval<'a>(bok: &Book<'a>) -> Option<&'a Indicator> {
    let alla = indikatorer(bok);
    let kvalitet = |i: &Indicator| i.kind == jamfor_spec::keywords::Kind::Kvalitetsindikator;
    alla.iter()
        .find(|i| kvalitet(i) && kon_av(i).len() > 1)
        .or_else(|| alla.iter().find(|i| kvalitet(i)))
        .or_else(|| alla.first())
        .copied()
}

fn abs(col: u16, row: u32) -> String {
    format!("${}${}", column_number_to_name(col), row + 1)
}

/// The defined name of the indicator list (call before writing the choice's validation).
pub(crate) fn definiera_namn(
    workbook: &mut rust_xlsxwriter::Workbook,
    bok: &Book<'_>,
) -> Result<(), XlsxError> {
    let n = u32::try_from(indikatorer(bok).len()).unwrap_or(1).max(1);
    let lista = |col: u16, n: u32| {
        let c = column_number_to_name(col);
        format!(
            "='{}'!${c}${}:${c}${}",
            super::DIAGRAMDATA,
            FORSTA_SERIE + 1,
            FORSTA_SERIE + n
        )
    };
    workbook.define_name(INDIKATORNAMN, &lista(LISTA_TITEL, n))?;
    let kommuner = u32::try_from(bok.kommuner.len()).unwrap_or(1).max(1);
    workbook.define_name(super::jamfor::KOMMUNNAMN, &lista(LISTA_KOMMUN, kommuner))?;
    Ok(())
}

/// A name's place in Swedish alphabetical order: case ignored, å, ä and ö after z, é as e and
/// ü as y, as a Swedish reader looks for "Åre" and "Örebro" at the end of the list.
fn svensk_ordning(name: &str) -> Vec<u32> {
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
pub(crate) fn skriv(
    bok: &Book<'_>,
    tidsserier: &Tidsserier<'_, '_>,
    val: &Choice<'_>,
) -> Result<(Worksheet, Vec<Chart>), XlsxError> {
    let mut sheet = Worksheet::new();
    sheet.set_name(super::DIAGRAMDATA)?;
    sheet.set_hidden(true);
    sheet.set_formula_result_default("");
    let indikatorer = indikatorer(bok);
    let forvald = forval(bok);

    // The choice's list, and the chosen indicator's id found by its title.
    sheet.write_string(RUBRIK, LISTA_TITEL, "Indikator")?;
    sheet.write_string(RUBRIK, LISTA_ID, "Id")?;
    for (row, indicator) in (FORSTA_SERIE..).zip(&indikatorer) {
        sheet.write_string(row, LISTA_TITEL, &indicator.title)?;
        sheet.write_string(row, LISTA_ID, &indicator.id)?;
    }
    let sista = FORSTA_SERIE + u32::try_from(indikatorer.len()).unwrap_or(1).max(1) - 1;
    let lista = |col: u16| {
        let c = column_number_to_name(col);
        format!("${c}${}:${c}${}", FORSTA_SERIE + 1, sista + 1)
    };
    sheet.write_string(RUBRIK, LISTA_KOMMUN, "Kommun")?;
    let mut alfabetiskt: Vec<&str> = bok.kommuner.iter().map(|k| k.name.as_str()).collect();
    alfabetiskt.sort_by_cached_key(|n| (svensk_ordning(n), *n));
    for (row, kommun) in (FORSTA_SERIE..).zip(alfabetiskt) {
        sheet.write_string(row, LISTA_KOMMUN, kommun)?;
    }
    sheet.write_string(TITEL, 0, "Indikator")?;
    sheet.write_formula(
        TITEL,
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
            lista(LISTA_ID),
            abs(1, TITEL),
            lista(LISTA_TITEL)
        ))
        .set_result(forvald.map(|i| i.id.as_str()).unwrap_or_default()),
    )?;

    let [kommun, lan, riket, grupp] = val.forval;
    let mut serier = vec![
        Series {
            name: (format!("={}", val.kommun.0), name(kommun)),
            level: GeoLevel::Kommun,
            code: val.kommun.1.clone(),
            forval: kommun,
            kon: Kon::T,
        },
        Series {
            name: (format!("={}", val.lan.0), name(lan)),
            level: GeoLevel::Lan,
            code: val.lan.1.clone(),
            forval: lan,
            kon: Kon::T,
        },
        Series {
            name: ("=\"Riket\"".to_string(), "Riket".to_string()),
            level: GeoLevel::Riket,
            code: format!("\"{RIKET}\""),
            forval: riket,
            kon: Kon::T,
        },
        Series {
            name: (
                format!("={}", val.kommungrupp.0),
                grupp
                    .map(|g| format!("Kommungrupp {}{}", g.name, super::jamfor::MEDEL))
                    .unwrap_or_default(),
            ),
            level: GeoLevel::Kommungrupp,
            code: val.kommungrupp.1.clone(),
            forval: grupp,
            kon: Kon::T,
        },
    ];
    let liknande_forval = kommun.and_then(|k| bok.liknande.iter().find(|l| l.code == k.code));
    if val.liknande {
        let text = format!("Liknande kommuner{}", super::jamfor::MEDEL);
        serier.push(Series {
            name: (format!("=\"{text}\""), text),
            level: GeoLevel::Liknande,
            code: val.kommun.1.clone(),
            forval: liknande_forval,
            kon: Kon::T,
        });
    }
    let totalt = serier.len();
    if tidsserier.kons.len() > 1 {
        for (plats, code, level, forval) in [
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
                        format!("{}, {ord}", name(forval)),
                    ),
                    level,
                    code: code.clone(),
                    forval,
                    kon,
                });
            }
        }
    }

    sheet.write_string(RUBRIK, NAMN, "Serie")?;
    sheet.write_string(RUBRIK, NYCKEL, "Nyckel")?;
    sheet.write_string(RUBRIK, RAD, "Rad i Tidsserier")?;
    let years = &tidsserier.years;
    for (col, year) in (FORSTA_AR..).zip(years) {
        sheet.write_number(RUBRIK, col, f64::from(*year))?;
    }
    let id_cell = abs(1, ID);
    for (row, serie) in (FORSTA_SERIE..).zip(&serier) {
        let (name, cached) = &serie.name;
        sheet.write_formula(row, NAMN, Formula::new(name).set_result(cached))?;
        let niva = niva_nyckel(serie.level);
        let nyckel = serie
            .forval
            .zip(forvald)
            .map(|(plats, indicator)| nyckel_av(&indicator.id, serie.level, &plats.code));
        sheet.write_formula(
            row,
            NYCKEL,
            Formula::new(format!("={id_cell}&\"|{niva}|\"&{}", serie.code))
                .set_result(nyckel.clone().unwrap_or_default()),
        )?;
        let rad = serie
            .forval
            .zip(forvald)
            .and_then(|(plats, indicator)| tidsserier.rad(&indicator.id, serie.level, &plats.code));
        let rad_cell = abs(RAD, row);
        let mut f = Formula::new(format!(
            "=MATCH({},{},0)",
            abs(NYCKEL, row),
            tidsserier.nycklar()
        ));
        f = f.set_result(rad.map_or_else(|| "#N/A".to_string(), |r| (r + 1).to_string()));
        sheet.write_formula(row, RAD, f)?;
        for (j, (col, year)) in (FORSTA_AR..).zip(years).enumerate() {
            let cached = match (serie.forval, forvald) {
                (Some(plats), Some(indicator)) if kon_av(indicator).contains(&serie.kon) => {
                    match bok.varde(indicator, *year, plats, serie.kon) {
                        CellValue::Tal(v, _) => format!("{v}"),
                        CellValue::Symbol(_) => "#N/A".to_string(),
                    }
                }
                _ => "#N/A".to_string(),
            };
            let formula = match tidsserier.kolumn(serie.kon, j) {
                Some(source) => {
                    let source = tidsserier.spann(source);
                    format!(
                        "=IFERROR(IF(ISNUMBER(INDEX({source},{rad_cell})),INDEX({source},{rad_cell}),NA()),NA())"
                    )
                }
                None => "=NA()".to_string(),
            };
            sheet.write_formula(row, col, Formula::new(formula).set_result(cached))?;
        }
    }

    let sista_ar = FORSTA_AR + u16::try_from(years.len()).unwrap_or(1).max(1) - 1;
    let diagram = |titel: &str, serier: std::ops::Range<usize>| {
        let mut chart = Chart::new(ChartType::Line);
        chart.title().set_name(titel);
        for i in serier {
            let row = FORSTA_SERIE + u32::try_from(i).unwrap_or(0);
            chart
                .add_series()
                .set_name((super::DIAGRAMDATA, row, NAMN))
                .set_categories((super::DIAGRAMDATA, RUBRIK, FORSTA_AR, RUBRIK, sista_ar))
                .set_values((super::DIAGRAMDATA, row, FORSTA_AR, row, sista_ar))
                // A marker on every year, so a lone year between gaps still shows.
                .set_marker(ChartMarker::new().set_automatic());
        }
        chart.legend().set_position(ChartLegendPosition::Bottom);
        chart.show_empty_cells_as(ChartEmptyCells::Gaps);
        chart.show_na_as_empty_cell();
        chart.set_width(BREDD).set_height(HOJD);
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
pub(crate) const DIAGRAM_BREDD: u32 = BREDD;
/// Rows a chart covers at the default row height (20 pixels).
pub(crate) const DIAGRAM_RADER: u32 = HOJD / 20 + 1;

#[cfg(test)]
mod tests {
    use super::svensk_ordning;

    #[test]
    fn swedish_letters_come_after_z() {
        let mut name = vec![
            "Örebro", "Åre", "Ale", "Älmhult", "Zzz", "Habo", "Håbo", "Eda",
        ];
        name.sort_by_key(|n| svensk_ordning(n));
        assert_eq!(
            name,
            [
                "Ale", "Eda", "Habo", "Håbo", "Zzz", "Åre", "Älmhult", "Örebro"
            ]
        );
    }
}
