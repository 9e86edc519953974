//! A protection problem as a text file: the linked system, its primary pattern and the policy.
//!
//! Written next to the internal QA output so that a statistician can re-run, time or inspect
//! the protection of a release year offline, without the sources (`bench_protect` reads it).
//! It holds true values of confidential cells: it is internal like the QA table and never
//! part of a release.
//!
//! Format, one record per line, fields separated by tabs:
//! `policy <min_count> <complement 0|1> <min_respondents|-> <min_denominator|-> <zeros> <decimals>
//! <protection_percent|->` (the last field may be missing in older snapshots),
//! then `cell <table> <key> <value> <priority> <respondents|-> <primary|-> <forced 0|1>` per
//! cell in id order, `eq <total> <part>…` per equation, `le <small> <large>` per relation and
//! `derived <share|per:N> <numerator>
//! <denominator> <table> <key>` per share or rate. Cells are referred to by their line order.

use std::fmt::Write as _;

use crate::derived::{DerivedFigure, DerivedKind};
use crate::policy::{SuppressionPolicy, ZeroHandling};
use crate::primary::PrimaryPattern;
use crate::status::PrimaryReason;
use crate::system::{Cell, CellId, CellLabel, LinkedSystem, SystemBuilder};

const HEADER: &str = "jamfor-disclosure snapshot 1";

/// A protection problem read back from a snapshot.
#[derive(Debug, Clone)]
pub struct Snapshot {
    /// The linked system.
    pub system: LinkedSystem,
    /// Its primary pattern as the caller computed it.
    pub primary: PrimaryPattern,
    /// The policy it is protected under.
    pub policy: SuppressionPolicy,
}

/// Writes the problem as text (see the module documentation).
pub fn write_snapshot(
    system: &LinkedSystem,
    primary: &PrimaryPattern,
    policy: &SuppressionPolicy,
) -> String {
    let mut out = String::new();
    let opt = |v: Option<u64>| v.map_or("-".to_owned(), |v| v.to_string());
    let zeros = match policy.zeros {
        ZeroHandling::Published => "published",
        ZeroHandling::Suppressed => "suppressed",
    };
    let _ = writeln!(out, "{HEADER}");
    let _ = writeln!(
        out,
        "policy\t{}\t{}\t{}\t{}\t{zeros}\t{}\t{}",
        policy.min_count,
        u8::from(policy.complement),
        opt(policy.min_respondents),
        opt(policy.min_denominator),
        policy.published_decimals,
        opt(policy.protection_percent.map(u64::from))
    );
    for (i, cell) in system.cells().iter().enumerate() {
        let reason = match primary.reasons.get(i).copied().flatten() {
            None => "-".to_owned(),
            Some(PrimaryReason::SmallCount) => "small".to_owned(),
            Some(PrimaryReason::Zero) => "zero".to_owned(),
            Some(PrimaryReason::FewRespondents) => "few".to_owned(),
            Some(PrimaryReason::Manual) => "manual".to_owned(),
            Some(PrimaryReason::Complement { denominator }) => {
                format!("complement:{}", denominator.index())
            }
        };
        let forced = primary.forced.get(i).copied().unwrap_or(false);
        let _ = writeln!(
            out,
            "cell\t{}\t{}\t{}\t{}\t{}\t{reason}\t{}",
            clean(&cell.label.table),
            clean(&cell.label.key),
            cell.value,
            cell.priority,
            opt(cell.respondents),
            u8::from(forced)
        );
    }
    for eq in system.equations() {
        let _ = write!(out, "eq\t{}", eq.total.index());
        for p in &eq.parts {
            let _ = write!(out, "\t{}", p.index());
        }
        out.push('\n');
    }
    for r in system.relations() {
        let _ = writeln!(out, "le\t{}\t{}", r.small.index(), r.large.index());
    }
    for d in system.derived() {
        let kind = match d.kind {
            DerivedKind::Share => "share".to_owned(),
            DerivedKind::Rate { per } => format!("per:{per}"),
        };
        let _ = writeln!(
            out,
            "derived\t{kind}\t{}\t{}\t{}\t{}",
            d.numerator.index(),
            d.denominator.index(),
            clean(&d.label.table),
            clean(&d.label.key)
        );
    }
    out
}

/// Labels are free text; tabs and line breaks would break the format.
fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// Reads a snapshot written by [`write_snapshot`]. The error names the line.
pub fn read_snapshot(text: &str) -> Result<Snapshot, String> {
    let mut lines = text.lines().enumerate();
    match lines.next() {
        Some((_, HEADER)) => {}
        _ => return Err(format!("line 1: expected `{HEADER}`")),
    }
    let mut builder = SystemBuilder::new();
    let mut policy: Option<SuppressionPolicy> = None;
    let mut reasons = Vec::new();
    let mut forced = Vec::new();
    for (n, line) in lines {
        let at = |what: &str| format!("line {}: {what}", n + 1);
        let f: Vec<&str> = line.split('\t').collect();
        let num = |s: &str| {
            s.parse::<u64>()
                .map_err(|_| at(&format!("`{s}` is not a count")))
        };
        let opt = |s: &str| if s == "-" { Ok(None) } else { num(s).map(Some) };
        let id = |s: &str| -> Result<CellId, String> {
            let i = num(s)?;
            if i as usize >= reasons.len() {
                return Err(at(&format!("cell {i} is not defined above")));
            }
            Ok(CellId(i as u32))
        };
        match (f[0], f.len()) {
            ("policy", 7 | 8) => {
                policy = Some(SuppressionPolicy {
                    min_count: num(f[1])?,
                    complement: f[2] == "1",
                    min_respondents: opt(f[3])?,
                    min_denominator: opt(f[4])?,
                    zeros: match f[5] {
                        "published" => ZeroHandling::Published,
                        "suppressed" => ZeroHandling::Suppressed,
                        z => return Err(at(&format!("unknown zero handling `{z}`"))),
                    },
                    published_decimals: num(f[6])? as u32,
                    protection_percent: match f.get(7) {
                        Some(p) => opt(p)?.map(|p| p as u32),
                        None => None,
                    },
                });
            }
            ("cell", 8) => {
                let reason = match f[6] {
                    "-" => None,
                    "small" => Some(PrimaryReason::SmallCount),
                    "zero" => Some(PrimaryReason::Zero),
                    "few" => Some(PrimaryReason::FewRespondents),
                    "manual" => Some(PrimaryReason::Manual),
                    r => match r.strip_prefix("complement:") {
                        // Denominators may come later in the file; checked at the end.
                        Some(d) => Some(PrimaryReason::Complement {
                            denominator: CellId(num(d)? as u32),
                        }),
                        None => return Err(at(&format!("unknown primary reason `{r}`"))),
                    },
                };
                builder
                    .add_cell_with(Cell {
                        label: CellLabel {
                            table: f[1].into(),
                            key: f[2].to_owned(),
                        },
                        value: num(f[3])?,
                        priority: num(f[4])? as u32,
                        respondents: opt(f[5])?,
                    })
                    .map_err(|e| at(&e.to_string()))?;
                reasons.push(reason);
                forced.push(f[7] == "1");
            }
            ("eq", k) if k >= 2 => {
                let total = id(f[1])?;
                let parts = f[2..]
                    .iter()
                    .map(|s| id(s))
                    .collect::<Result<Vec<_>, _>>()?;
                builder
                    .add_equation(total, &parts)
                    .map_err(|e| at(&e.to_string()))?;
            }
            ("le", 3) => {
                builder
                    .add_relation(id(f[1])?, id(f[2])?)
                    .map_err(|e| at(&e.to_string()))?;
            }
            ("derived", 6) => {
                let kind = match f[1] {
                    "share" => DerivedKind::Share,
                    k => match k.strip_prefix("per:") {
                        Some(per) => DerivedKind::Rate { per: num(per)? },
                        None => return Err(at(&format!("unknown derived kind `{k}`"))),
                    },
                };
                builder
                    .add_derived(DerivedFigure {
                        label: CellLabel {
                            table: f[4].into(),
                            key: f[5].to_owned(),
                        },
                        numerator: id(f[2])?,
                        denominator: id(f[3])?,
                        kind,
                    })
                    .map_err(|e| at(&e.to_string()))?;
            }
            (kind, k) => return Err(at(&format!("unexpected record `{kind}` with {k} fields"))),
        }
    }
    let policy = policy.ok_or("no `policy` line")?;
    if let Some(bad) = reasons.iter().flatten().find_map(|r| match r {
        PrimaryReason::Complement { denominator } if denominator.index() >= reasons.len() => {
            Some(denominator.index())
        }
        _ => None,
    }) {
        return Err(format!(
            "a complement refers to cell {bad}, which is not defined"
        ));
    }
    let system = builder.build().map_err(|e| e.to_string())?;
    Ok(Snapshot {
        system,
        primary: PrimaryPattern { reasons, forced },
        policy,
    })
}
