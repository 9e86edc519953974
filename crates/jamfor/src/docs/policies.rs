//! The disclosure policies page: each policy's thresholds and who uses it.

use jamfor_disclosure::PerturbationTable;
use jamfor_spec::Manifest;
use jamfor_spec::keywords::ZeroPolicy;
use jamfor_spec::manifest::{CellKeyRules, Policy};

use super::names::{area_page, policies_page};
use super::page::{Block, Inline, Page, code, joined, link_code, text};

/// The page.
pub(crate) fn page(manifest: &Manifest) -> Page {
    let mut blocks = vec![Block::Paragraph(vec![text(
        "Disclosure control protects small counts before anything is published. A release names \
         its default policy; an indicator may name a stricter one. Thresholds live only here.",
    )])];
    for policy in &manifest.policies {
        one(manifest, policy, &mut blocks);
    }
    Page {
        stem: policies_page().to_string(),
        title: "Disclosure policies".into(),
        blocks,
    }
}

fn one(manifest: &Manifest, p: &Policy, blocks: &mut Vec<Block>) {
    blocks.push(Block::Heading {
        level: 2,
        anchor: p.id.clone(),
        text: vec![text(p.title.as_deref().unwrap_or(&p.id))],
    });
    let mut f: Vec<(&'static str, Vec<Inline>)> = vec![
        ("Id", vec![code(&p.id)]),
        ("Method", vec![code(p.method.as_str())]),
    ];
    let table = match &p.cell_key {
        Some(rules) => {
            cell_key_fields(p, rules, &mut f);
            Some(perturbation_table(&rules.table))
        }
        None => {
            suppression_fields(p, &mut f);
            None
        }
    };
    f.push((
        "Smallest denominator",
        vec![text(
            p.min_denominator
                .map_or_else(|| "none".to_string(), |n| n.to_string()),
        )],
    ));
    f.push((
        "Published decimals",
        vec![text(p.published_decimals.map_or_else(
            || "as the indicator says".to_string(),
            |n| n.to_string(),
        ))],
    ));
    let releases: Vec<Inline> = manifest
        .releases
        .iter()
        .filter(|r| r.disclosure == p.id)
        .map(|r| code(&r.id))
        .collect();
    if !releases.is_empty() {
        f.push(("Default of", joined(releases)));
    }
    let indicators: Vec<Inline> = manifest
        .indicators
        .iter()
        .filter(|i| i.disclosure.as_deref() == Some(p.id.as_str()))
        .map(|i| link_code(&i.id, &area_page(&i.area), Some(&i.id)))
        .collect();
    if !indicators.is_empty() {
        f.push(("Named by", joined(indicators)));
    }
    blocks.push(Block::Fields(f));
    if let Some(table) = table {
        blocks.push(table);
    }
}

fn suppression_fields(p: &Policy, f: &mut Vec<(&'static str, Vec<Inline>)>) {
    f.push((
        "Smallest count",
        vec![text(format!(
            "{} (non-zero counts below it are suppressed)",
            p.min_count
        ))],
    ));
    f.push((
        "Complement rule",
        vec![text(if p.complement {
            "yes: for a share, denominator − numerator is protected like a count"
        } else {
            "no"
        })],
    ));
    f.push((
        "Smallest number of respondents",
        vec![text(p.min_respondents.to_string())],
    ));
    f.push((
        "Zeros",
        vec![
            code(p.zeros.as_str()),
            text(match p.zeros {
                ZeroPolicy::Publish => " (published)",
                ZeroPolicy::Suppress => " (suppressed like small counts)",
            }),
        ],
    ));
    if let Some(level) = p.protection_percent {
        f.push((
            "Protection level",
            vec![text(format!(
                "{level} % of a withheld cell's value, beyond the threshold"
            ))],
        ));
    }
}

fn cell_key_fields(p: &Policy, rules: &CellKeyRules, f: &mut Vec<(&'static str, Vec<Inline>)>) {
    f.push((
        "Smallest count",
        vec![text(format!(
            "{} (no count from 1 to {} is ever published; the table shows them as 0 or more)",
            p.min_count,
            p.min_count.saturating_sub(1)
        ))],
    ));
    f.push((
        "Largest change",
        vec![text(format!(
            "±{} (every count of persons is perturbed; nothing is suppressed)",
            rules.table.max_change()
        ))],
    ));
    f.push((
        "Secret",
        vec![
            text("read from the environment variable "),
            code(&rules.seed_env),
            text(" at run time; never written anywhere"),
        ],
    ));
}

/// The perturbation table: each true count and what it may be published as.
fn perturbation_table(table: &PerturbationTable) -> Block {
    let last = table.rows().len().saturating_sub(1);
    let rows = table
        .rows()
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let original = if i == last && i > 0 {
                format!("n ≥ {0} (as {0}, shifted by n − {0})", row.original)
            } else {
                row.original.to_string()
            };
            let outcomes = row
                .outcomes
                .iter()
                .map(|&(j, parts)| {
                    format!(
                        "{j} ({:.3})",
                        f64::from(parts) / f64::from(jamfor_disclosure::PARTS)
                    )
                })
                .collect::<Vec<_>>()
                .join(", ");
            vec![vec![text(original)], vec![text(outcomes)]]
        })
        .collect();
    Block::Table {
        header: vec!["True count", "Published as (probability)"],
        rows,
    }
}
