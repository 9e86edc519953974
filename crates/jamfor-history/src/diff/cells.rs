//! The published cells of a release, read back from `parquet/results.parquet`: one entry per
//! indicator × period × geography × kön × age group, with what a reader sees of it (value, status,
//! colour).

use std::collections::BTreeMap;
use std::path::Path;

use polars::prelude::*;
use serde::Serialize;

use super::DiffError;

/// Which cell: the key columns of `results.parquet`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct CellKey {
    /// Indicator id.
    pub indicator: String,
    /// Year.
    pub period: i32,
    /// `riket`, `lan`, `kommun`, `kommungrupp`, …
    pub geo_level: String,
    /// The geography's code.
    pub geo_code: String,
    /// `T`, `K` or `M`.
    pub gender: String,
    /// The age group, when broken down by age.
    pub age_group: Option<String>,
}

/// What is published in a cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CellValue {
    /// The value (none when confidential, bortfall or not applicable).
    pub value: Option<f64>,
    /// `value`, `bortfall`, `not_applicable` or `confidential`.
    pub status: String,
    /// `green`, `yellow`, `red`, or none.
    pub colour: Option<String>,
}

/// Every cell of a release, in key order.
pub(crate) type Cells = BTreeMap<CellKey, CellValue>;

/// Reads `<release>/parquet/results.parquet`.
pub(crate) fn read(release: &Path) -> Result<Cells, DiffError> {
    let path = release.join("parquet").join("results.parquet");
    let file = std::fs::File::open(&path)
        .map_err(|e| DiffError::new(&path, format!("cannot be read ({e})")))?;
    let frame = ParquetReader::new(file)
        .finish()
        .map_err(|e| DiffError::new(&path, format!("is not a readable Parquet file: {e}")))?;
    let bad = |what: &str, e: PolarsError| {
        DiffError::new(
            &path,
            format!("has no readable column `{what}` of the results layout: {e}"),
        )
    };
    let text = |name: &str| -> Result<StringChunked, DiffError> {
        let column = frame.column(name).map_err(|e| bad(name, e))?;
        let cast = column.cast(&DataType::String).map_err(|e| bad(name, e))?;
        cast.str().cloned().map_err(|e| bad(name, e))
    };
    let indicator = text("indicator_id")?;
    let geo_level = text("geo_level")?;
    let geo_code = text("geo_code")?;
    let gender = text("gender")?;
    let age_group = text("age_group")?;
    let status = text("status")?;
    let colour = text("colour")?;
    let period = frame
        .column("period")
        .and_then(|c| c.cast(&DataType::Int32))
        .map_err(|e| bad("period", e))?;
    let period = period.i32().map_err(|e| bad("period", e))?;
    let value = frame
        .column("value")
        .and_then(|c| c.cast(&DataType::Float64))
        .map_err(|e| bad("value", e))?;
    let value = value.f64().map_err(|e| bad("value", e))?;

    let mut cells = Cells::new();
    for row in 0..frame.height() {
        let (Some(id), Some(year)) = (indicator.get(row), period.get(row)) else {
            return Err(DiffError::new(
                &path,
                format!("row {} has no indicator_id or period", row + 1),
            ));
        };
        let key = CellKey {
            indicator: id.to_string(),
            period: year,
            geo_level: geo_level.get(row).unwrap_or_default().to_string(),
            geo_code: geo_code.get(row).unwrap_or_default().to_string(),
            gender: gender.get(row).unwrap_or_default().to_string(),
            age_group: age_group.get(row).map(str::to_string),
        };
        let cell = CellValue {
            value: value.get(row).filter(|v| !v.is_nan()),
            status: status.get(row).unwrap_or_default().to_string(),
            colour: colour.get(row).map(str::to_string),
        };
        if cells.insert(key, cell).is_some() {
            return Err(DiffError::new(
                &path,
                format!("row {} repeats the key of an earlier row", row + 1),
            ));
        }
    }
    Ok(cells)
}
