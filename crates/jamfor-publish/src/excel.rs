//! The Excel workbook of one area for the release year, in Swedish.
//!
//! **In:** a [`Published`] release and an area id. **Out:** the bytes of an `.xlsx` file with the
//! sheets Läsanvisning (how to read it, colours, symbols, sources), Jämför (choose a kommun, see
//! it beside its län, riket, kommungrupp and liknande kommuner, each of those by name, and charts
//! of a chosen indicator over the years), Kommuner and Län och riket (every value of the release
//! year, totalt/kvinnor/män, coloured), Liknande kommuner (each kommun's comparison group, only
//! when the results hold [`GeoLevel::Liknande`] rows for the area), Stadsdelar och enheter (only
//! when the area publishes such rows), Tidsserier (every year, totalt/kvinnor/män, one row per
//! indicator and place), Bortfall (where figures did not come in, every year) and Indikatorer
//! (every indicator's description), plus hidden sheets: twins of the value sheets with the colour
//! of each value, each kommun's liknande kommuner by code, and the charts' series and the
//! drop-downs' lists (Diagramdata), all read by the Jämför sheet's formulas.
//!
//! [`GeoLevel::Liknande`]: jamfor_engine::GeoLevel::Liknande
//!
//! The same inputs give the same bytes: the document date is the release's publication date and
//! the zip entries carry a fixed timestamp (rust_xlsxwriter writes 1980-01-01 for every entry).
//! Formulas use only INDEX, MATCH, LEFT, IF, IFERROR, ISNUMBER and NA, which Excel and LibreOffice
//! share, and carry the result for the pre-selected kommun so that a viewer that does not
//! recalculate still shows correct figures.

mod analysstod;
mod book;
mod bortfall;
mod chart;
mod comparable_codes;
mod indikatorer;
mod intervall;
mod jamfor;
mod lasanvisning;
mod style;
mod table;
mod text;
mod tidsserier;
mod value;

use std::fmt;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Workbook, XlsxError};

use jamfor_assess::Colour;
use jamfor_assess::Published;

use book::Book;
use table::{IdColumn, Table};

/// Sheet names, in workbook order.
pub const LASANVISNING: &str = "Läsanvisning";
/// The choose-a-kommun sheet.
pub const JAMFOR: &str = "Jämför";
/// Each kommun's bruttolista (written when the release carries analysis support).
pub const ANALYSSTOD: &str = "Analysstöd";
/// One row per kommun.
pub const KOMMUNER: &str = "Kommuner";
/// Riket, län and kommungrupper.
pub const LAN_OCH_RIKET: &str = "Län och riket";
/// The comparison group of each kommun, when the results hold one.
pub const LIKNANDE: &str = "Liknande kommuner";
/// Stadsdelar and enheter, when the area publishes them.
pub const DELAR: &str = "Stadsdelar och enheter";
/// Every year of the release.
pub const TIDSSERIER: &str = "Tidsserier";
/// Survey response per kommun.
pub const BORTFALL: &str = "Bortfall";
/// Indicator descriptions.
pub const INDIKATORER: &str = "Indikatorer";
/// Hidden: colour words of the Kommuner sheet, cell for cell.
pub const FARG_KOMMUNER: &str = "Färg kommuner";
/// Hidden: colour words of the Län och riket sheet, cell for cell.
pub const FARG_LAN_OCH_RIKET: &str = "Färg län och riket";
/// Hidden: colour words of the Stadsdelar och enheter sheet (not read by formulas; the twin
/// exists because every value sheet is written the same way).
const COLOUR_PARTS: &str = "Färg delar";
/// Hidden: colour words of the Liknande kommuner sheet, cell for cell.
pub const FARG_LIKNANDE: &str = "Färg liknande kommuner";
/// Hidden: each kommun's comparable kommuner by code, which Jämför reads to show them one by one.
pub const KODER_LIKNANDE: &str = "Koder liknande kommuner";
/// Hidden: each kommun's 95 % intervals and respondents, which Jämför reads for the chosen one.
pub const INTERVALL_KOMMUNER: &str = "Intervall kommuner";
/// Hidden: the series of the Jämför sheet's charts, formulas over Tidsserier, and the lists of
/// its drop-downs.
pub const DIAGRAMDATA: &str = "Diagramdata";

/// Why a workbook could not be written.
#[derive(Debug)]
pub enum ExcelError {
    /// The release does not publish the area.
    UnknownArea {
        /// The area asked for.
        area: String,
        /// The release.
        release: String,
        /// The areas it publishes.
        known: Vec<String>,
    },
    /// The release's publication date is not a date `YYYY-MM-DD`.
    PublishedDate {
        /// The release.
        release: String,
        /// The date as written.
        published: String,
    },
    /// The workbook library refused something (a bug in the layout, not in the data).
    Xlsx(XlsxError),
}

impl fmt::Display for ExcelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExcelError::UnknownArea {
                area,
                release,
                known,
            } => write!(
                f,
                "release `{release}` does not publish area `{area}`; it publishes: {}",
                known.join(", ")
            ),
            ExcelError::PublishedDate { release, published } => write!(
                f,
                "release `{release}`: publication date `{published}` is not a date YYYY-MM-DD"
            ),
            ExcelError::Xlsx(e) => write!(f, "writing the workbook failed: {e}"),
        }
    }
}

impl std::error::Error for ExcelError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ExcelError::Xlsx(e) => Some(e),
            _ => None,
        }
    }
}

impl From<XlsxError> for ExcelError {
    fn from(e: XlsxError) -> Self {
        ExcelError::Xlsx(e)
    }
}

/// The identifying columns of the Kommuner sheet.
const KOMMUN_ID: [IdColumn; 4] = [
    IdColumn {
        heading: "Kommunkod",
        bredd: 11.0,
        varde: |p| p.code.as_str(),
    },
    IdColumn {
        heading: "Kommun",
        bredd: 18.0,
        varde: |p| p.name.as_str(),
    },
    IdColumn {
        heading: "Län",
        bredd: 22.0,
        varde: |p| p.lan.as_str(),
    },
    IdColumn {
        heading: "Kommungrupp",
        bredd: 34.0,
        varde: |p| p.kommungrupp.as_str(),
    },
];

/// The identifying columns of the Liknande kommuner sheet: the kommun whose group it is.
const LIKNANDE_ID: [IdColumn; 2] = [
    IdColumn {
        heading: "Kommunkod",
        bredd: 11.0,
        varde: |p| p.code.as_str(),
    },
    IdColumn {
        heading: "Kommun",
        bredd: 18.0,
        varde: |p| p.name.as_str(),
    },
];

/// The identifying columns of the Stadsdelar och enheter sheet: the name the sources declare
/// and the kommun's name beside the code, so a reader finds the kommun's own stadsdelar.
const PART_ID: [IdColumn; 4] = [
    IdColumn {
        heading: "Nivå",
        bredd: 10.0,
        varde: |p| p.level(),
    },
    IdColumn {
        heading: "Kod",
        bredd: 12.0,
        varde: |p| p.code.as_str(),
    },
    IdColumn {
        heading: "Namn",
        bredd: 24.0,
        varde: |p| p.name.as_str(),
    },
    IdColumn {
        heading: "Kommun",
        bredd: 18.0,
        varde: |p| p.kommun.as_str(),
    },
];

/// The identifying columns of the Län och riket sheet.
const LAN_ID: [IdColumn; 3] = [
    IdColumn {
        heading: "Kod",
        bredd: 7.0,
        varde: |p| p.code.as_str(),
    },
    IdColumn {
        heading: "Namn",
        bredd: 36.0,
        varde: |p| p.name.as_str(),
    },
    IdColumn {
        heading: "Nivå",
        bredd: 13.0,
        varde: |p| p.level(),
    },
];

/// The workbook of `area` for the release year.
pub fn workbook(p: &Published<'_>, area: &str) -> Result<Vec<u8>, ExcelError> {
    workbook_coloured(p, area, &jamfor_assess::colours(p))
}

/// [`workbook`] with the colours of every result row already worked out ([`jamfor_assess::colours`],
/// aligned with `p.results.rows`): a release writes one workbook per area and the Parquet table
/// from the same colours, computed once.
pub fn workbook_coloured(
    p: &Published<'_>,
    area: &str,
    colours: &[Option<Colour>],
) -> Result<Vec<u8>, ExcelError> {
    let unknown = || ExcelError::UnknownArea {
        area: area.to_string(),
        release: p.release.id.clone(),
        known: p.release.areas.clone(),
    };
    if !p.release.areas.iter().any(|a| a == area) {
        return Err(unknown());
    }
    let area = p
        .manifest
        .areas
        .iter()
        .find(|a| a.id == area)
        .ok_or_else(unknown)?;
    let created = ExcelDateTime::parse_from_str(&p.release.published).map_err(|_| {
        ExcelError::PublishedDate {
            release: p.release.id.clone(),
            published: p.release.published.clone(),
        }
    })?;
    let bok = Book::new(p, area, colours);

    let mut workbook = Workbook::new();
    workbook.set_properties(
        &DocProperties::new()
            .set_title(format!("{} – {}", p.release.title, area.title))
            .set_subject(format!(
                "Öppna jämförelser {}, {}",
                p.release.year, area.title
            ))
            .set_creation_datetime(&created),
    );

    let kommuner = Table::new(
        KOMMUNER,
        FARG_KOMMUNER,
        &bok.kommuner,
        &KOMMUN_ID,
        &bok.kommun_indicators(),
    );
    let lan = Table::new(
        LAN_OCH_RIKET,
        FARG_LAN_OCH_RIKET,
        &bok.overgripande,
        &LAN_ID,
        &bok.overall_indicators(),
    );
    let liknande = (!bok.liknande.is_empty()).then(|| {
        Table::new(
            LIKNANDE,
            FARG_LIKNANDE,
            &bok.liknande,
            &LIKNANDE_ID,
            &bok.kommun_indicators(),
        )
    });
    let delar = (!bok.delar.is_empty()).then(|| {
        Table::new(
            DELAR,
            COLOUR_PARTS,
            &bok.delar,
            &PART_ID,
            &bok.part_indicators(),
        )
    });
    let year = p.release.year;
    let (kommun_sheet, kommun_farg) =
        kommuner.write(&bok, &format!("Kommuner {year} – {}", area.title))?;
    let (lan_sheet, lan_farg) = lan.write(
        &bok,
        &format!("Län, riket och kommungrupper {year} – {}", area.title),
    )?;
    let liknande_sheets = liknande
        .as_ref()
        .map(|t| {
            t.write(
                &bok,
                &format!(
                    "Liknande kommuner {year} – {}: ovägt medelvärde för varje kommuns liknande kommuner",
                    area.title
                ),
            )
        })
        .transpose()?;

    let grupper = comparable_codes::Grupper::av(&bok);
    let tidsserier = tidsserier::Tidsserier::new(&bok);
    let intervall = intervall::Intervall::av(&bok);
    jamfor::define_name(&mut workbook, &bok)?;
    let kallor = jamfor::Sources {
        kommuner: &kommuner,
        lan: &lan,
        liknande: liknande.as_ref(),
        grupper: grupper.as_ref(),
        tidsserier: &tidsserier,
        intervall: intervall.as_ref(),
    };

    workbook.push_worksheet(lasanvisning::write(&bok)?);
    let (jamfor_sheet, diagramdata) = jamfor::write(&bok, &kallor)?;
    workbook.push_worksheet(jamfor_sheet);
    if let Some(analysis) = p.analysis {
        workbook.push_worksheet(analysstod::write(&bok, analysis)?);
    }
    workbook.push_worksheet(kommun_sheet);
    workbook.push_worksheet(lan_sheet);
    let liknande_farg = liknande_sheets.map(|(sheet, farg)| {
        workbook.push_worksheet(sheet);
        farg
    });
    if let Some(delar) = &delar {
        let (sheet, _) = delar.write(
            &bok,
            &format!("Stadsdelar och enheter {year} – {}", area.title),
        )?;
        workbook.push_worksheet(sheet);
    }
    workbook.push_worksheet(tidsserier.write()?);
    workbook.push_worksheet(bortfall::write(&bok)?);
    workbook.push_worksheet(indikatorer::write(&bok)?);
    workbook.push_worksheet(kommun_farg);
    workbook.push_worksheet(lan_farg);
    if let Some(farg) = liknande_farg {
        workbook.push_worksheet(farg);
    }
    if let Some(grupper) = &grupper {
        workbook.push_worksheet(grupper.write(&bok)?);
    }
    if let Some(intervall) = &intervall {
        workbook.push_worksheet(intervall.write(&bok)?);
    }
    workbook.push_worksheet(diagramdata);
    Ok(workbook.save_to_buffer()?)
}
