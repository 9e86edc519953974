//! Checks of source declarations: columns, roles, codes and format.

use crate::diagnostic::Diagnostic;
use crate::keywords::{ColumnType, Encoding, FormatKind, InvalidRows, Role};
use crate::manifest::{Column, Format, KonCodes, Source};
use crate::raw::{ColumnSpec, SourceSpec};
use crate::rule::Rule;
use crate::suggest;

use super::Resolver;

pub(super) fn resolve_all(r: &mut Resolver<'_>) -> Vec<Source> {
    let specs: Vec<_> = r.sources.values().copied().collect();
    specs.into_iter().map(|s| resolve(r, s)).collect()
}

fn resolve(r: &mut Resolver<'_>, s: &SourceSpec) -> Source {
    let mut columns = Vec::new();
    for (i, c) in s.columns.iter().enumerate() {
        if let Some(first) = s.columns[..i].iter().find(|e| e.name.value == c.name.value) {
            r.report(
                Diagnostic::new(
                    Rule::DuplicateId,
                    c.name.span,
                    format!("column `{}` is declared twice", c.name.value),
                )
                .label("second declaration")
                .related(first.name.span, "first declared here"),
            );
            continue;
        }
        columns.push(column(r, c, &s.format));
    }
    check_roles(r, s);
    if !s.columns.iter().any(|c| {
        c.role
            .as_ref()
            .is_some_and(|role| role.value == Role::Kommun)
    }) {
        let help = s
            .columns
            .iter()
            .find(|c| c.name.value.to_lowercase().contains("kommun"))
            .map(|c| format!("declare `role = \"kommun\"` on column `{}`", c.name.value))
            .unwrap_or_else(|| "declare the kommun code column with `role = \"kommun\"`".into());
        r.report(
            Diagnostic::new(
                Rule::SourceWithoutGeography,
                s.id.span,
                format!(
                    "source `{}` has no column with `role = \"kommun\"`",
                    s.id.value
                ),
            )
            .label("every row must say which kommun it belongs to")
            .help(help),
        );
    }
    for key in s.unique_by.iter().flatten() {
        if !s.columns.iter().any(|c| c.name.value == key.value) && !r.is_broken(&key.value) {
            let help =
                suggest::did_you_mean(&key.value, s.columns.iter().map(|c| c.name.value.as_str()));
            r.report(
                Diagnostic::new(
                    Rule::UnknownColumn,
                    key.span,
                    format!("source `{}` has no column `{}`", s.id.value, key.value),
                )
                .label("unknown column")
                .maybe_help(help),
            );
        }
    }
    Source {
        id: s.id.value.to_string(),
        title: s.title.value.clone(),
        family: s.family.value,
        provider: s.provider.clone(),
        description: s.description.clone(),
        format: format(r, s),
        unique_by: s
            .unique_by
            .iter()
            .flatten()
            .map(|k| k.value.clone())
            .collect(),
        invalid_rows: s
            .invalid_rows
            .as_ref()
            .map_or(InvalidRows::Fail, |v| v.value),
        columns,
        location: r.location(s.id.span),
    }
}

fn column(r: &mut Resolver<'_>, c: &ColumnSpec, format: &crate::raw::FormatSpec) -> Column {
    let ty = c.column_type.value;
    super::formats::column_options(r, c, format);
    let codes: Vec<(String, Option<String>)> = match &c.codes {
        None => Vec::new(),
        Some(crate::raw::Codes::List(list)) => {
            list.iter().map(|c| (c.value.clone(), None)).collect()
        }
        Some(crate::raw::Codes::Labelled(map)) => map
            .iter()
            .map(|(k, v)| (k.value.clone(), Some(v.clone())))
            .collect(),
    };
    if ty == ColumnType::Code && c.codes.is_none() {
        r.report(
            Diagnostic::new(
                Rule::MissingField,
                c.column_type.span,
                format!("code column `{}` declares no `codes`", c.name.value),
            )
            .label("a code column needs its list of codes")
            .help("add e.g. `codes = [\"Ja\", \"Nej\"]`, or use `type = \"text\"`"),
        );
    }
    if ty != ColumnType::Code
        && let Some(first) = c
            .codes
            .as_ref()
            .and_then(|codes| codes.codes().first().copied())
    {
        r.report(
            Diagnostic::new(
                Rule::InvalidValue,
                first.span,
                format!("`codes` on column `{}` of type `{ty}`", c.name.value),
            )
            .label("codes are only checked on `type = \"code\"`")
            .related(c.column_type.span, "type declared here")
            .help("write `type = \"code\"`"),
        );
    }
    let is_kon = c.role.as_ref().is_some_and(|role| role.value == Role::Kon);
    let mut kon_codes = None;
    if is_kon {
        match (&c.kvinnor, &c.man) {
            (Some(k), Some(m)) => {
                for code in [k, m] {
                    if !codes.is_empty() && !codes.iter().any(|(c, _)| *c == code.value) {
                        let help = suggest::did_you_mean(
                            &code.value,
                            codes.iter().map(|(c, _)| c.as_str()),
                        );
                        r.report(
                            Diagnostic::new(
                                Rule::UnknownCode,
                                code.span,
                                format!(
                                    "`{}` is not a code of column `{}`",
                                    code.value, c.name.value
                                ),
                            )
                            .label("unknown code")
                            .maybe_help(help),
                        );
                    }
                }
                kon_codes = Some(KonCodes {
                    kvinnor: k.value.clone(),
                    man: m.value.clone(),
                });
            }
            _ => {
                r.report(
                    Diagnostic::new(
                        Rule::RoleConflict,
                        c.role.as_ref().map_or(c.span, |role| role.span),
                        format!(
                            "kön column `{}` does not say which codes mean kvinnor and män",
                            c.name.value
                        ),
                    )
                    .label("`kvinnor` and `man` are required with role = \"kon\"")
                    .help("add e.g. `kvinnor = \"K\"` and `man = \"M\"`"),
                );
            }
        }
    } else {
        for code in c.kvinnor.iter().chain(&c.man) {
            r.report(
                Diagnostic::new(
                    Rule::InvalidValue,
                    code.span,
                    format!(
                        "`kvinnor`/`man` on column `{}`, which is not a kön column",
                        c.name.value
                    ),
                )
                .label("only used with role = \"kon\"")
                .help("add `role = \"kon\"`, or remove this key"),
            );
        }
    }
    if let Some(negative) = &c.negative
        && !matches!(ty, ColumnType::Integer | ColumnType::Decimal)
    {
        r.report(
            Diagnostic::new(
                Rule::InvalidValue,
                negative.span,
                format!("`negative` on column `{}` of type `{ty}`", c.name.value),
            )
            .label("only numbers can be negative")
            .related(c.column_type.span, "type declared here")
            .help("remove this key, or declare the column `integer` or `decimal`"),
        );
    }
    Column {
        negative: c.negative.as_ref().is_some_and(|n| n.value),
        name: c.name.value.clone(),
        column_type: ty,
        role: c.role.as_ref().map(|r| r.value),
        codes,
        nullable: c.nullable.unwrap_or(false),
        kon_codes,
        description: c.description.clone(),
        use_value_labels: c.use_value_labels.as_ref().is_some_and(|u| u.value),
        extract: c.extract.as_ref().map(|e| e.value),
    }
}

fn fitting_types(role: Role) -> &'static [ColumnType] {
    use ColumnType as T;
    match role {
        Role::Kommun | Role::Stadsdel | Role::Enhet => &[T::Text, T::Code, T::Integer],
        Role::Period => &[T::Integer, T::Date],
        Role::Kon => &[T::Code, T::Text, T::Integer],
        Role::Alder => &[T::Integer],
        Role::Weight => &[T::Decimal, T::Integer],
        Role::Identifying => &[T::Text, T::Integer, T::Code],
    }
}

fn check_roles(r: &mut Resolver<'_>, s: &SourceSpec) {
    for (i, c) in s.columns.iter().enumerate() {
        let Some(role) = &c.role else { continue };
        let fits = fitting_types(role.value);
        if !fits.contains(&c.column_type.value) {
            let names: Vec<&str> = fits.iter().map(|t| t.as_str()).collect();
            r.report(
                Diagnostic::new(
                    Rule::RoleConflict,
                    c.column_type.span,
                    format!(
                        "a `{}` column cannot be of type `{}`",
                        role.value, c.column_type.value
                    ),
                )
                .label(format!("expected {}", suggest::quoted_list(&names)))
                .related(role.span, "role declared here"),
            );
        }
        if role.value == Role::Identifying {
            continue;
        }
        let earlier = s.columns[..i]
            .iter()
            .find(|e| e.role.as_ref().is_some_and(|er| er.value == role.value));
        if let Some(earlier) = earlier {
            r.report(
                Diagnostic::new(
                    Rule::RoleConflict,
                    role.span,
                    format!("two columns have `role = \"{}\"`", role.value),
                )
                .label(format!("`{}` also has it", c.name.value))
                .related(earlier.name.span, "first column with this role")
                .help("a role belongs to one column; remove one of them"),
            );
        }
    }
}

fn format(r: &mut Resolver<'_>, s: &SourceSpec) -> Format {
    let f = &s.format;
    let kind = f.kind.value;
    let one_char =
        |r: &mut Resolver<'_>, v: &crate::span::Ranged<String>, allowed: Option<&[char]>| {
            let mut chars = v.value.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if allowed.is_none_or(|a| a.contains(&c)) => Some(c),
                _ => {
                    let expected = match allowed {
                        Some(_) => "`.` or `,`".to_string(),
                        None => "one character, e.g. `;`".to_string(),
                    };
                    r.report(
                        Diagnostic::new(
                            Rule::InvalidValue,
                            v.span,
                            format!("`{}` is not a valid mark", v.value),
                        )
                        .label(format!("expected {expected}")),
                    );
                    None
                }
            }
        };
    let delimiter = f
        .delimiter
        .as_ref()
        .and_then(|d| one_char(r, d, None))
        .unwrap_or(',');
    let decimal = f
        .decimal
        .as_ref()
        .and_then(|d| one_char(r, d, Some(&['.', ','])))
        .unwrap_or('.');
    if delimiter == decimal
        && let Some(d) = &f.decimal
    {
        r.report(
            Diagnostic::new(
                Rule::InvalidValue,
                d.span,
                "the decimal mark is also the delimiter",
            )
            .label("fields could not be told apart from decimals")
            .help("Swedish exports with decimal comma use `delimiter = \";\"`"),
        );
    }
    if kind != FormatKind::Csv {
        for (key, span) in [
            ("delimiter", f.delimiter.as_ref().map(|v| v.span)),
            ("decimal", f.decimal.as_ref().map(|v| v.span)),
            ("encoding", f.encoding.as_ref().map(|v| v.span)),
        ] {
            if let Some(span) = span {
                r.report(
                    Diagnostic::new(
                        Rule::InvalidValue,
                        span,
                        format!("`{key}` only applies to csv"),
                    )
                    .label(format!("this source is `{kind}`"))
                    .related(f.kind.span, "format declared here"),
                );
            }
        }
    }
    if kind == FormatKind::Xlsx && f.sheet.is_none() {
        r.report(
            Diagnostic::new(
                Rule::MissingField,
                f.kind.span,
                "an xlsx source must name its `sheet`",
            )
            .label("which sheet of the workbook?")
            .help("add e.g. `sheet = \"Data\"`"),
        );
    }
    if kind != FormatKind::Xlsx
        && let Some(sheet) = &f.sheet
    {
        r.report(
            Diagnostic::new(
                Rule::InvalidValue,
                sheet.span,
                "`sheet` only applies to xlsx",
            )
            .label(format!("this source is `{kind}`")),
        );
    }
    Format {
        kind,
        delimiter,
        decimal,
        encoding: f.encoding.as_ref().map_or(Encoding::Utf8, |e| e.value),
        header: f.header.as_ref().is_none_or(|h| h.value),
        sheet: f.sheet.as_ref().map(|s| s.value.clone()),
        year_columns: super::formats::year_columns(r, s),
    }
}

pub(super) fn warn_unused(r: &mut Resolver<'_>) {
    if r.spec.indicators_incomplete {
        return;
    }
    let unused: Vec<_> = r
        .sources
        .values()
        .filter(|s| !r.used_sources.contains(s.id.as_str()))
        .map(|s| (s.id.span, s.id.value.to_string()))
        .collect();
    for (span, id) in unused {
        // `kommunenkat_2023` next to `kommunenkat`: a year's file declared as a source of its own.
        let year_of = id
            .rsplit_once('_')
            .filter(|(stem, year)| {
                year.len() == 4
                    && year.bytes().all(|b| b.is_ascii_digit())
                    && r.sources.contains_key(stem)
            })
            .map(|(stem, _)| stem.to_string());
        let help = match year_of {
            Some(stem) => format!(
                "one source serves every year: give each year's file under `[inputs.{stem}]` in the release"
            ),
            None => "remove the file, or read the source from an indicator".to_string(),
        };
        r.report(
            Diagnostic::new(
                Rule::UnusedSource,
                span,
                format!("no indicator reads source `{id}`"),
            )
            .label("unused")
            .help(help),
        );
    }
}
