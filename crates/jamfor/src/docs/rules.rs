//! The validation rules page: what each rule checks, why, an example of the mistake, what
//! `jamfor check` prints for it, and what to write instead.

use jamfor_spec::Rule;

use super::examples;
use super::names::rules_page;
use super::page::{Block, Inline, Page, code, link_code, text};

/// The page.
pub(crate) fn page() -> Page {
    let mut blocks = vec![
        Block::Paragraph(vec![
            text("Every finding of "),
            code("jamfor check"),
            text(
                " names one of these rules. Names are stable: CI jobs may filter on them. Errors \
                 make check exit with 1; warnings do not, unless ",
            ),
            code("--deny-warnings"),
            text("."),
        ]),
        Block::Table {
            header: vec!["Rule", "Severity", "What it checks"],
            rows: Rule::ALL
                .iter()
                .map(|r| {
                    vec![
                        vec![link_code(r.name(), rules_page(), Some(r.name()))],
                        vec![text(r.severity().as_str())],
                        prose(r.doc().what),
                    ]
                })
                .collect(),
        },
    ];
    for rule in Rule::ALL {
        let doc = rule.doc();
        blocks.push(Block::Heading {
            level: 2,
            anchor: rule.name().to_string(),
            text: vec![code(rule.name())],
        });
        blocks.push(Block::Fields(vec![
            ("Severity", vec![text(rule.severity().as_str())]),
            ("What it checks", prose(doc.what)),
            ("Why", prose(doc.why)),
            ("Instead", prose(doc.fix)),
        ]));
        blocks.push(Block::Paragraph(vec![Inline::Strong("Example".into())]));
        blocks.push(Block::Code {
            lang: "toml",
            text: doc.example.to_string(),
        });
        if let Some((comment, printed)) = examples::example(*rule) {
            let mut p = vec![Inline::Strong("What check prints".into())];
            if !comment.is_empty() {
                p.push(text(" — "));
                p.extend(prose(&comment));
            }
            blocks.push(Block::Paragraph(p));
            blocks.push(Block::Code {
                lang: "text",
                text: printed.to_string(),
            });
        }
    }
    Page {
        stem: rules_page().to_string(),
        title: "Validation rules".into(),
        blocks,
    }
}

/// Rule documentation writes keywords and snippets between backticks; those become code.
fn prose(s: &str) -> Vec<Inline> {
    s.split('`')
        .enumerate()
        .filter(|(_, part)| !part.is_empty())
        .map(|(n, part)| if n % 2 == 1 { code(part) } else { text(part) })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backticks_become_code() {
        let p = prose("Write `decimals = 1` here.");
        assert!(
            matches!(&p[..], [Inline::Text(a), Inline::Code(b), Inline::Text(c)]
            if a == "Write " && b == "decimals = 1" && c == " here.")
        );
    }
}
