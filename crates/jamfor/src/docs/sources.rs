//! The sources page: every declared source with its format, columns, roles and codes, the
//! indicators that read it and the files each release reads it from.

use jamfor_spec::Manifest;
use jamfor_spec::keywords::FormatKind;
use jamfor_spec::manifest::{Column, Source};

use super::names::{area_page, sources_page};
use super::page::{Block, Inline, Page, code, joined, keywords, link_code, text};

/// The page.
pub(crate) fn page(manifest: &Manifest) -> Page {
    let mut blocks = vec![
        Block::Paragraph(vec![text(
            "Every source the indicators read: its file format and declared columns. Columns with \
             the role identifying hold personal identifiers: they are only ever counted, never \
             shown, filtered on or broken down by.",
        )]),
        Block::Table {
            header: vec!["Source", "Title", "Family", "Columns"],
            rows: manifest
                .sources
                .iter()
                .map(|s| {
                    vec![
                        vec![link_code(&s.id, sources_page(), Some(&s.id))],
                        vec![text(&s.title)],
                        vec![code(s.family.as_str())],
                        vec![text(s.columns.len().to_string())],
                    ]
                })
                .collect(),
        },
    ];
    for source in &manifest.sources {
        one(manifest, source, &mut blocks);
    }
    Page {
        stem: sources_page().to_string(),
        title: "Sources".into(),
        blocks,
    }
}

fn one(manifest: &Manifest, s: &Source, blocks: &mut Vec<Block>) {
    blocks.push(Block::Heading {
        level: 2,
        anchor: s.id.clone(),
        text: vec![text(&s.title)],
    });
    if let Some(d) = &s.description {
        blocks.push(Block::Paragraph(vec![text(d)]));
    }
    let mut f: Vec<(&'static str, Vec<Inline>)> = vec![
        ("Id", vec![code(&s.id)]),
        ("Family", vec![code(s.family.as_str())]),
    ];
    if let Some(p) = &s.provider {
        f.push(("Provider", vec![text(p)]));
    }
    f.push(("Format", vec![text(format_words(s))]));
    f.push((
        "Unique by",
        keywords(s.unique_by.iter().map(String::as_str)),
    ));
    f.push(("Invalid rows", vec![code(s.invalid_rows.as_str())]));
    let readers: Vec<Inline> = manifest
        .indicators
        .iter()
        .filter(|i| i.sources().contains(&s.id.as_str()))
        .map(|i| link_code(&i.id, &area_page(&i.area), Some(&i.id)))
        .collect();
    f.push((
        "Read by",
        if readers.is_empty() {
            vec![text("no indicator")]
        } else {
            joined(readers)
        },
    ));
    for release in &manifest.releases {
        if let Some(years) = release.inputs.get(&s.id) {
            let files = years
                .iter()
                .map(|(year, path)| code(format!("{year}: {path}")))
                .collect();
            f.push(("Input files", {
                let mut v = vec![text(format!("release {}: ", release.id))];
                v.extend(joined(files));
                v
            }));
        }
    }
    f.push((
        "Defined in",
        vec![code(format!("{}:{}", s.location.file, s.location.line))],
    ));
    blocks.push(Block::Fields(f));
    blocks.push(Block::Table {
        header: vec![
            "Column",
            "Type",
            "Role",
            "Empty allowed",
            "Codes",
            "Description",
        ],
        rows: s.columns.iter().map(column_row).collect(),
    });
}

fn format_words(s: &Source) -> String {
    let f = &s.format;
    let words = match f.kind {
        FormatKind::Csv => format!(
            "csv, delimiter {}, decimal mark {}, {}, {}",
            quoted(f.delimiter),
            quoted(f.decimal),
            f.encoding.as_str(),
            if f.header {
                "first row holds the column names"
            } else {
                "no header row"
            }
        ),
        FormatKind::Parquet => "parquet".into(),
        FormatKind::Xlsx => match &f.sheet {
            Some(sheet) => format!("xlsx, sheet \"{sheet}\""),
            None => "xlsx, first sheet".into(),
        },
        FormatKind::Sas7bdat => "SAS dataset (sas7bdat)".into(),
        FormatKind::Sav => "SPSS data file (sav or zsav)".into(),
    };
    match &f.year_columns {
        Some(y) => format!(
            "{words}; one column per year, the year read into `{}` and its values into `{}`",
            y.year, y.value
        ),
        None => words,
    }
}

fn quoted(c: char) -> String {
    match c {
        '\t' => "tab".into(),
        ' ' => "space".into(),
        c => format!("\"{c}\""),
    }
}

fn column_row(c: &Column) -> Vec<Vec<Inline>> {
    let mut codes: Vec<Inline> = c
        .codes
        .iter()
        .map(|(value, label)| match label {
            Some(l) => Inline::Text(format!("{value} ({l})")),
            None => code(value),
        })
        .collect();
    codes = if codes.is_empty() {
        vec![text("—")]
    } else {
        joined(codes)
    };
    if let Some(kon) = &c.kon_codes {
        codes.push(text(format!(
            "; kvinnor = {}, män = {}",
            kon.kvinnor, kon.man
        )));
    }
    vec![
        vec![code(&c.name)],
        vec![code(c.column_type.as_str())],
        c.role
            .map_or_else(|| vec![text("—")], |r| vec![code(r.as_str())]),
        vec![text(if c.nullable { "yes" } else { "no" })],
        codes,
        vec![text(c.description.as_deref().unwrap_or(""))],
    ]
}
