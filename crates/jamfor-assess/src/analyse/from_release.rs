//! A kommun's shortlist read back from a release folder: `manifest.json` (title, year, areas),
//! `parquet/indicators.parquet` (titles, decimals, area titles), `parquet/comparable.parquet` and
//! `parquet/bruttolista.parquet`. Needs no definitions, so a downloaded release can be read as
//! it was published.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use crate::{Class, Rad, Shortlist, ShortlistArea, varde, with_interval};
use jamfor_geo::{Geography, KommunCode};
use polars::prelude::*;
use serde::Deserialize;

use crate::REASON_SEPARATOR;

/// A release folder that cannot give a kommun's shortlist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// The file concerned.
    pub path: PathBuf,
    /// What is wrong with it, and what to do.
    pub message: String,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.message)
    }
}

impl std::error::Error for ReadError {}

#[derive(Deserialize)]
struct ManifestView {
    release: ReleaseView,
}

#[derive(Deserialize)]
struct ReleaseView {
    title: String,
    year: i32,
    areas: Vec<String>,
}

/// The shortlist of `kommun` (a code) as published in the release folder `release`.
///
/// # Errors
/// When a file is missing or not of the layout `jamfor run` writes; a release written without
/// analysis support is named as such.
pub fn shortlist_from_release(release: &Path, kommun: &str) -> Result<Shortlist, ReadError> {
    let manifest_path = release.join("manifest.json");
    let text = std::fs::read_to_string(&manifest_path).map_err(|e| ReadError {
        path: manifest_path.clone(),
        message: format!("cannot be read ({e}); is this a release folder written by `jamfor run`?"),
    })?;
    let manifest: ManifestView = serde_json::from_str(&text).map_err(|e| ReadError {
        path: manifest_path.clone(),
        message: format!(
            "is not a release manifest: line {}, column {}: {e}",
            e.line(),
            e.column()
        ),
    })?;

    let parquet = release.join("parquet");
    let t = Table::las(&parquet.join("indicators.parquet"))?;
    let (ids, titles, areas_col, area_titles, measures) = (
        t.text("indicator_id")?,
        t.text("title")?,
        t.text("area")?,
        t.text("area_title")?,
        t.text("measure")?,
    );
    let decimals = t.int("decimals")?;
    // Indicator → title, decimals and whether it is a yes/no answer per kommun.
    let mut titel: BTreeMap<String, (String, u8, bool)> = BTreeMap::new();
    let mut area_titel: BTreeMap<String, String> = BTreeMap::new();
    for row in 0..t.height() {
        let d = t.krav("decimals", &decimals, row)?;
        titel.insert(
            t.s(&ids, row)?,
            (
                t.s(&titles, row)?,
                u8::try_from(d).unwrap_or(1),
                t.s(&measures, row)? == "yes_no",
            ),
        );
        area_titel.insert(t.s(&areas_col, row)?, t.s(&area_titles, row)?);
    }

    let saknas = |name: &str| {
        ReadError {
        path: parquet.join(name),
        message: "is missing: this release was written without analysis support; run `jamfor analyse` without --release to compute the list from the definitions".into(),
    }
    };
    let comparable_path = parquet.join("comparable.parquet");
    let bruttolista_path = parquet.join("bruttolista.parquet");
    if !comparable_path.is_file() {
        return Err(saknas("comparable.parquet"));
    }
    if !bruttolista_path.is_file() {
        return Err(saknas("bruttolista.parquet"));
    }
    let geo = Geography::builtin();
    let namn = |code: &str| {
        KommunCode::from_str(code)
            .ok()
            .and_then(|k| geo.kommun(k))
            .map_or_else(|| code.to_string(), |k| k.name.to_string())
    };

    // Area → the kommun's comparable kommuner by rank; an area in the table at all declares groups.
    let t = Table::las(&comparable_path)?;
    let (area, kommuner, similar) = (
        t.text("area")?,
        t.text("kommun")?,
        t.text("similar_kommun")?,
    );
    let rank = t.int("rank")?;
    let mut grupper: BTreeMap<String, Vec<(i64, String)>> = BTreeMap::new();
    for row in 0..t.height() {
        let members = grupper.entry(t.s(&area, row)?).or_default();
        if t.s(&kommuner, row)? == kommun {
            members.push((t.krav("rank", &rank, row)?, t.s(&similar, row)?));
        }
    }

    let t = Table::las(&bruttolista_path)?;
    let (kommuner, area, indicator, class, status, reasons) = (
        t.text("kommun")?,
        t.text("area")?,
        t.text("indicator_id")?,
        t.text("class")?,
        t.text("status")?,
        t.text("reasons")?,
    );
    let (priority, value) = (t.int("priority")?, t.number("value")?);
    let (ci_low, ci_high) = (t.number("ci_low")?, t.number("ci_high")?);
    let (liknande, kommungrupp) = (t.number("comparable_mean")?, t.number("kommungrupp_value")?);
    let mut rader: BTreeMap<String, Vec<Rad>> = BTreeMap::new();
    for row in 0..t.height() {
        if t.s(&kommuner, row)? != kommun {
            continue;
        }
        let id = t.s(&indicator, row)?;
        let (title, decimals, yes_no) = titel
            .get(&id)
            .cloned()
            .unwrap_or_else(|| (id.clone(), 1, false));
        let klass_code = t.s(&class, row)?;
        let klass = Class::from_code(&klass_code).ok_or_else(|| ReadError {
            path: bruttolista_path.clone(),
            message: format!(
                "row {}, column `class` holds `{klass_code}`; expected svaghet, styrka or uppmarksamma",
                row + 1
            ),
        })?;
        let visat = match value.get(row).copied().flatten() {
            Some(v) => {
                let interval = ci_low
                    .get(row)
                    .copied()
                    .flatten()
                    .zip(ci_high.get(row).copied().flatten());
                let jamforelser = [
                    liknande.get(row).copied().flatten(),
                    kommungrupp.get(row).copied().flatten(),
                ];
                with_interval(varde(v, decimals, yes_no), interval, jamforelser, decimals)
            }
            None => symbol(&t.s(&status, row)?).to_string(),
        };
        let text = reasons
            .values
            .get(row)
            .cloned()
            .flatten()
            .unwrap_or_default();
        rader.entry(t.s(&area, row)?).or_default().push(Rad {
            prioritet: u32::try_from(t.krav("priority", &priority, row)?).unwrap_or(0),
            klass,
            titel: title,
            varde: visat,
            skal: text
                .split(REASON_SEPARATOR)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        });
    }

    let mut areas = manifest.release.areas.clone();
    areas.sort();
    let omraden = areas
        .into_iter()
        .map(|area| {
            let liknande = grupper.get(&area).map(|members| {
                let mut members = members.clone();
                members.sort();
                members.iter().map(|(_, code)| namn(code)).collect()
            });
            let mut rader = rader.remove(&area).unwrap_or_default();
            rader.sort_by_key(|r| r.prioritet);
            ShortlistArea {
                titel: area_titel
                    .get(&area)
                    .cloned()
                    .unwrap_or_else(|| area.clone()),
                liknande,
                rader,
            }
        })
        .collect();
    Ok(Shortlist {
        kommun: kommun.to_string(),
        name: namn(kommun),
        release: manifest.release.title,
        year: manifest.release.year,
        omraden,
    })
}

/// The symbol of a status code, as the workbooks show it.
fn symbol(status: &str) -> &'static str {
    match status {
        "bortfall" => "-",
        "not_applicable" => ".",
        "confidential" => "..",
        _ => "",
    }
}

/// One Parquet file, read a whole column at a time; errors name the file, row and column.
struct Table {
    path: PathBuf,
    frame: DataFrame,
}

/// A column of text.
struct Text {
    column: String,
    values: Vec<Option<String>>,
}

impl Table {
    fn las(path: &Path) -> Result<Self, ReadError> {
        let file = std::fs::File::open(path).map_err(|e| ReadError {
            path: path.to_path_buf(),
            message: format!(
                "cannot be read ({e}); is this a release folder written by `jamfor run`?"
            ),
        })?;
        let frame = ParquetReader::new(file).finish().map_err(|e| ReadError {
            path: path.to_path_buf(),
            message: format!("is not a readable Parquet file: {e}"),
        })?;
        Ok(Table {
            path: path.to_path_buf(),
            frame,
        })
    }

    fn height(&self) -> usize {
        self.frame.height()
    }

    fn column(&self, name: &str, typ: &DataType) -> Result<Column, ReadError> {
        self.frame
            .column(name)
            .and_then(|c| c.cast(typ))
            .map_err(|e| ReadError {
                path: self.path.clone(),
                message: format!(
                    "has no readable column `{name}` of the layout `jamfor run` writes ({e})"
                ),
            })
    }

    fn text(&self, name: &str) -> Result<Text, ReadError> {
        let column = self.column(name, &DataType::String)?;
        let ca = column.str().map_err(|e| ReadError {
            path: self.path.clone(),
            message: format!("column `{name}` is not text ({e})"),
        })?;
        let values = (0..ca.len())
            .map(|i| ca.get(i).map(str::to_string))
            .collect();
        Ok(Text {
            column: name.to_string(),
            values,
        })
    }

    fn int(&self, name: &str) -> Result<Vec<Option<i64>>, ReadError> {
        let column = self.column(name, &DataType::Int64)?;
        let ca = column.i64().map_err(|e| ReadError {
            path: self.path.clone(),
            message: format!("column `{name}` is not whole numbers ({e})"),
        })?;
        Ok((0..ca.len()).map(|i| ca.get(i)).collect())
    }

    fn number(&self, name: &str) -> Result<Vec<Option<f64>>, ReadError> {
        let column = self.column(name, &DataType::Float64)?;
        let ca = column.f64().map_err(|e| ReadError {
            path: self.path.clone(),
            message: format!("column `{name}` is not numbers ({e})"),
        })?;
        Ok((0..ca.len())
            .map(|i| ca.get(i).filter(|x| x.is_finite()))
            .collect())
    }

    /// A required cell: an empty one is an error naming row and column.
    fn krav<T: Clone>(
        &self,
        column: &str,
        values: &[Option<T>],
        row: usize,
    ) -> Result<T, ReadError> {
        values.get(row).cloned().flatten().ok_or_else(|| ReadError {
            path: self.path.clone(),
            message: format!("row {}, column `{column}` is empty", row + 1),
        })
    }

    fn s(&self, text: &Text, row: usize) -> Result<String, ReadError> {
        self.krav(&text.column, &text.values, row)
    }
}
