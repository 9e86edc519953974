//! The catalogue as a small document model, so that the Markdown and the HTML pages are the same
//! pages: the builders say *what* a page holds, the two renderers say how it is written (and each
//! escapes every text it is given).

/// One page of the catalogue.
#[derive(Debug, Clone)]
pub(crate) struct Page {
    /// File stem, the same in both formats: `index`, `sources`, `area-aldreomsorg`, …
    pub(crate) stem: String,
    /// The page title (also the first heading).
    pub(crate) title: String,
    /// The content below the title.
    pub(crate) blocks: Vec<Block>,
}

/// A block of a page.
#[derive(Debug, Clone)]
pub(crate) enum Block {
    /// A section heading (level 2 or 3) with an anchor other pages link to.
    Heading {
        /// 2 or 3.
        level: u8,
        /// The anchor id, stable across runs (a definition id).
        anchor: String,
        /// The heading text.
        text: Vec<Inline>,
    },
    /// A paragraph.
    Paragraph(Vec<Inline>),
    /// A bulleted list.
    List(Vec<Vec<Inline>>),
    /// Labelled values: a definition's fields.
    Fields(Vec<(&'static str, Vec<Inline>)>),
    /// A table with a header row.
    Table {
        /// Column headings.
        header: Vec<&'static str>,
        /// Cells, row by row.
        rows: Vec<Vec<Vec<Inline>>>,
    },
    /// Preformatted text, e.g. a definition as written or a diagnostic.
    Code {
        /// The language for Markdown fences (`toml`, `text`).
        lang: &'static str,
        /// The text, verbatim.
        text: String,
    },
}

/// Text inside a block.
#[derive(Debug, Clone)]
pub(crate) enum Inline {
    /// Plain text.
    Text(String),
    /// A keyword, id, column name or expression as written.
    Code(String),
    /// Emphasised text (labels inside running text).
    Strong(String),
    /// A link to a page of the catalogue, optionally to an anchor on it.
    Link {
        /// The shown text.
        text: String,
        /// Shown as code (ids) rather than plain text (titles).
        code: bool,
        /// The target page's stem.
        page: String,
        /// The anchor on that page.
        anchor: Option<String>,
    },
}

/// Plain text.
pub(crate) fn text(s: impl Into<String>) -> Inline {
    Inline::Text(s.into())
}

/// Code text.
pub(crate) fn code(s: impl Into<String>) -> Inline {
    Inline::Code(s.into())
}

/// A link shown as code, e.g. to a source by its id.
pub(crate) fn link_code(id: &str, page: &str, anchor: Option<&str>) -> Inline {
    Inline::Link {
        text: id.to_string(),
        code: true,
        page: page.to_string(),
        anchor: anchor.map(str::to_string),
    }
}

/// A link shown as text, e.g. to an area by its title.
pub(crate) fn link_text(title: &str, page: &str, anchor: Option<&str>) -> Inline {
    Inline::Link {
        text: title.to_string(),
        code: false,
        page: page.to_string(),
        anchor: anchor.map(str::to_string),
    }
}

/// Items separated by `, `.
pub(crate) fn joined(items: Vec<Inline>) -> Vec<Inline> {
    let mut out = Vec::with_capacity(items.len() * 2);
    for (i, item) in items.into_iter().enumerate() {
        if i > 0 {
            out.push(text(", "));
        }
        out.push(item);
    }
    out
}

/// Keywords as code, separated by `, `; "—" when there are none.
pub(crate) fn keywords<'a>(words: impl IntoIterator<Item = &'a str>) -> Vec<Inline> {
    let items: Vec<Inline> = words.into_iter().map(code).collect();
    if items.is_empty() {
        vec![text("—")]
    } else {
        joined(items)
    }
}
