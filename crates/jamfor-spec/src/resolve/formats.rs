//! Checks of the options that say how a file is read beyond its columns' types: which kinds of
//! file a key applies to, the value labels of an SPSS file, values that hold a code and its label
//! or a number and its unit, and files with one column per year. A key that cannot apply is
//! refused where it was written, rather than ignored while the file is read another way.

use crate::diagnostic::Diagnostic;
use crate::keywords::{ColumnType, Extract, FormatKind};
use crate::manifest::YearColumns;
use crate::raw::{ColumnSpec, FormatSpec, SourceSpec};
use crate::rule::Rule;
use crate::span::Ranged;
use crate::suggest;

use super::Resolver;

/// Checks the column's `use_value_labels` and `extract` against the source's format and the
/// column's type.
pub(super) fn column_options(r: &mut Resolver<'_>, c: &ColumnSpec, f: &FormatSpec) {
    let kind = f.kind.value;
    if let Some(labels) = &c.use_value_labels
        && kind != FormatKind::Sav
    {
        r.report(
            Diagnostic::new(
                Rule::InvalidValue,
                labels.span,
                "`use_value_labels` only applies to sav",
            )
            .label(format!(
                "this source is `{kind}`, whose files have no value labels"
            ))
            .related(f.kind.span, "format declared here")
            .help("remove this key, or declare `codes` with the labels the values stand for"),
        );
    }
    let Some(extract) = &c.extract else {
        return;
    };
    let ty = c.column_type.value;
    let fits: &[ColumnType] = match extract.value {
        Extract::Code => &[ColumnType::Text, ColumnType::Code, ColumnType::Integer],
        Extract::Number => &[ColumnType::Integer, ColumnType::Decimal],
    };
    if !fits.contains(&ty) {
        let names: Vec<&str> = fits.iter().map(|t| t.as_str()).collect();
        r.report(
            Diagnostic::new(
                Rule::InvalidValue,
                extract.span,
                format!(
                    "`extract = \"{}\"` on column `{}` of type `{ty}`",
                    extract.value, c.name.value
                ),
            )
            .label(format!(
                "what is extracted is read as {}",
                suggest::quoted_list(&names)
            ))
            .related(c.column_type.span, "type declared here"),
        );
    }
}

/// Checks `year_columns` and returns it resolved: both names must be declared columns, the year
/// one an integer.
pub(super) fn year_columns(r: &mut Resolver<'_>, s: &SourceSpec) -> Option<YearColumns> {
    let f = &s.format;
    if let Some(header) = &f.header
        && !matches!(f.kind.value, FormatKind::Csv | FormatKind::Xlsx)
    {
        r.report(
            Diagnostic::new(
                Rule::InvalidValue,
                header.span,
                "`header` only applies to csv and xlsx",
            )
            .label(format!(
                "a `{}` file always names its columns",
                f.kind.value
            ))
            .related(f.kind.span, "format declared here"),
        );
    }
    let spec = f.year_columns.as_ref()?;
    let mut ok = true;
    for name in [&spec.year, &spec.value] {
        ok &= declared(r, s, name);
    }
    if spec.year.value == spec.value.value {
        ok = false;
        r.report(
            Diagnostic::new(
                Rule::InvalidValue,
                spec.value.span,
                "the year and the value go into the same column",
            )
            .label("expected another column than `year`")
            .related(spec.year.span, "year column"),
        );
    }
    if let Some(column) = s.columns.iter().find(|c| c.name.value == spec.year.value)
        && column.column_type.value != ColumnType::Integer
    {
        ok = false;
        r.report(
            Diagnostic::new(
                Rule::InvalidValue,
                column.column_type.span,
                format!(
                    "the year column `{}` is of type `{}`",
                    spec.year.value, column.column_type.value
                ),
            )
            .label("a year from a column header is an `integer`")
            .related(spec.year.span, "year column named here"),
        );
    }
    ok.then(|| YearColumns {
        year: spec.year.value.clone(),
        value: spec.value.value.clone(),
    })
}

/// Whether `name` is a declared column of `s`; reports it when not.
fn declared(r: &mut Resolver<'_>, s: &SourceSpec, name: &Ranged<String>) -> bool {
    if s.columns.iter().any(|c| c.name.value == name.value) {
        return true;
    }
    let help = suggest::did_you_mean(&name.value, s.columns.iter().map(|c| c.name.value.as_str()))
        .unwrap_or_else(|| {
            format!(
                "declare it with `[[source.columns]]`, e.g. `name = \"{}\"`",
                name.value
            )
        });
    r.report(
        Diagnostic::new(
            Rule::UnknownColumn,
            name.span,
            format!("source `{}` has no column `{}`", s.id.value, name.value),
        )
        .label("unknown column")
        .help(help),
    );
    false
}
