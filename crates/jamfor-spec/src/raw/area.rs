//! `indicators/<area>/area.toml`: an area of the publication (e.g. äldreomsorg).

use schemars::JsonSchema;

use crate::decode::{Cx, Decode, Node, Table};
use crate::raw::analysis::{BruttolistaSpec, ComparableSpec};
use crate::raw::id::Id;
use crate::span::{Ranged, Span};

/// An area file.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(deny_unknown_fields, title = "jamfor area")]
pub struct AreaFile {
    /// The area this folder holds.
    pub area: AreaSpec,
    /// Comparable kommuner, computed from nyckeltal (optional).
    pub comparable: Option<ComparableSpec>,
    /// Margins of the bruttolista (optional; defaults apply).
    pub bruttolista: Option<BruttolistaSpec>,
}

/// One of the publication's areas. The folder name is its id.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct AreaSpec {
    /// Must equal the folder name.
    pub id: Ranged<Id>,
    /// Title in Swedish, e.g. "Äldreomsorg och hemsjukvård"; names the workbook.
    pub title: Ranged<String>,
    /// Title in English.
    pub title_en: Option<String>,
    /// A paragraph introducing the area in the workbook.
    pub description: Option<String>,
    /// A group mean (kommungrupp, liknande kommuner) resting on fewer published member kommuner
    /// is not shown: one or two kommuner's values are no picture of a group (default 3).
    pub min_group_members: Option<Ranged<i64>>,
    #[schemars(skip)]
    /// Where the table was written.
    pub span: Span,
}

impl Decode for AreaSpec {
    const EXPECTED: &'static str = "a table";
    fn decode(node: &Node<'_>, cx: &mut Cx<'_>) -> Option<Self> {
        let mut t = Table::open(node, cx, "area")?;
        let id = t.req(cx, "id");
        let title = t.req(cx, "title");
        let title_en = t.opt(cx, "title_en");
        let description = t.opt(cx, "description");
        let min_group_members = t.opt(cx, "min_group_members");
        let span = t.span;
        t.finish(cx);
        if title.is_none() {
            cx.broken(id.as_ref());
        }
        Some(AreaSpec {
            id: id?,
            title: title?,
            title_en,
            description,
            min_group_members,
            span,
        })
    }
}
