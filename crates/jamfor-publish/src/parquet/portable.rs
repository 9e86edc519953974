//! A frame written as Parquet that every reader opens. polars writes text as Arrow's
//! `string_view` and says so in the file's embedded Arrow schema; pyarrow 14 and older (and
//! pandas on it), Spark 3 and older R arrow builds cannot read that type. This writer uses only
//! Parquet's own types — text as UTF-8 byte arrays, 32- and 64-bit integers, doubles, booleans,
//! every column optional — with no embedded Arrow schema, so each reader maps them to its plain
//! types (`string` in Arrow). One row group, zstd, no timestamps: the same frame gives the same
//! bytes.

use std::sync::Arc;

use parquet::basic::{Compression, LogicalType, Repetition, Type as Physical, ZstdLevel};
use parquet::data_type::{BoolType, ByteArray, ByteArrayType, DoubleType, Int32Type, Int64Type};
use parquet::file::metadata::KeyValue;
use parquet::file::properties::WriterProperties;
use parquet::file::writer::{SerializedColumnWriter, SerializedFileWriter};
use parquet::schema::types::Type;
use polars::prelude::*;

use super::ParquetError;

fn err(what: &'static str) -> impl Fn(String) -> ParquetError {
    move |e| ParquetError(format!("{what}: {e}"))
}

/// The Parquet type of a column of `dtype`; `None` for a type the dataset does not use.
fn physical(dtype: &DataType) -> Option<(Physical, Option<LogicalType>)> {
    Some(match dtype {
        DataType::String => (Physical::BYTE_ARRAY, Some(LogicalType::String)),
        DataType::Int32 => (Physical::INT32, None),
        DataType::Int64 => (Physical::INT64, None),
        DataType::Float64 => (Physical::DOUBLE, None),
        DataType::Boolean => (Physical::BOOLEAN, None),
        _ => return None,
    })
}

fn schema(frame: &DataFrame) -> Result<Type, ParquetError> {
    let mut fields = Vec::new();
    for column in frame.columns() {
        let (kind, logical) = physical(column.dtype()).ok_or_else(|| {
            ParquetError(format!(
                "column `{}` has type {}, which the dataset does not use",
                column.name(),
                column.dtype()
            ))
        })?;
        let field = Type::primitive_type_builder(column.name().as_str(), kind)
            .with_repetition(Repetition::OPTIONAL)
            .with_logical_type(logical)
            .build()
            .map_err(|e| ParquetError(e.to_string()))?;
        fields.push(Arc::new(field));
    }
    Type::group_type_builder("schema")
        .with_fields(fields)
        .build()
        .map_err(|e| ParquetError(e.to_string()))
}

/// The values that are not null, and a definition level per row (1 present, 0 null).
fn present<T>(values: impl Iterator<Item = Option<T>>) -> (Vec<T>, Vec<i16>) {
    let mut kept = Vec::new();
    let mut levels = Vec::new();
    for v in values {
        levels.push(i16::from(v.is_some()));
        kept.extend(v);
    }
    (kept, levels)
}

/// Writes one column's values, nulls as definition level 0.
fn put<T: parquet::data_type::DataType>(
    out: &mut SerializedColumnWriter<'_>,
    values: impl Iterator<Item = Option<T::T>>,
) -> Result<(), parquet::errors::ParquetError> {
    let (values, levels) = present(values);
    out.typed::<T>()
        .write_batch(&values, Some(&levels), None)
        .map(|_| ())
}

/// `frame` as Parquet bytes with `metadata` as the file's key–value metadata.
///
/// # Errors
/// A column of a type the dataset does not use, or a failure of the encoder.
pub(crate) fn write(
    frame: &DataFrame,
    metadata: Vec<(String, String)>,
) -> Result<Vec<u8>, ParquetError> {
    let schema = Arc::new(schema(frame)?);
    let properties = WriterProperties::builder()
        .set_compression(Compression::ZSTD(ZstdLevel::default()))
        .set_created_by(format!("jamfor {}", env!("CARGO_PKG_VERSION")))
        .set_key_value_metadata(Some(
            metadata
                .into_iter()
                .map(|(k, v)| KeyValue::new(k, v))
                .collect(),
        ))
        .build();
    let mut bytes = Vec::new();
    let mut writer = SerializedFileWriter::new(&mut bytes, schema, Arc::new(properties))
        .map_err(|e| err("starting the file")(e.to_string()))?;
    let mut group = writer
        .next_row_group()
        .map_err(|e| err("starting the rows")(e.to_string()))?;
    let fail = |e: parquet::errors::ParquetError| err("writing a column")(e.to_string());
    let polars = |e: PolarsError| err("reading a column")(e.to_string());
    for column in frame.columns() {
        let Some(mut out) = group.next_column().map_err(fail)? else {
            return Err(ParquetError("more columns than the schema".into()));
        };
        match column.dtype() {
            DataType::String => put::<ByteArrayType>(
                &mut out,
                column
                    .str()
                    .map_err(polars)?
                    .iter()
                    .map(|v| v.map(|s| ByteArray::from(s.as_bytes().to_vec()))),
            ),
            DataType::Int32 => put::<Int32Type>(&mut out, column.i32().map_err(polars)?.iter()),
            DataType::Int64 => put::<Int64Type>(&mut out, column.i64().map_err(polars)?.iter()),
            DataType::Float64 => put::<DoubleType>(&mut out, column.f64().map_err(polars)?.iter()),
            DataType::Boolean => put::<BoolType>(&mut out, column.bool().map_err(polars)?.iter()),
            other => return Err(ParquetError(format!("no Parquet type for {other}"))),
        }
        .map_err(fail)?;
        out.close().map_err(fail)?;
    }
    group.close().map_err(fail)?;
    writer.close().map_err(fail)?;
    Ok(bytes)
}
