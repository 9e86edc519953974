//! The comparison for people: release-wide changes first, then one paragraph per indicator with
//! its counts, its causes and its largest moves.

use std::fmt::Write as _;

use super::ReleaseDiff;
use super::compare::{IndicatorDiff, Move};
use super::why::Reason;

/// The comparison as text, ending in a newline.
pub fn human(d: &ReleaseDiff) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "comparing release {} with {}",
        d.old_release, d.new_release
    );
    if d.is_unchanged() {
        let _ = writeln!(
            s,
            "no change: the same {} cells from the same definitions, inputs, policies and tool",
            d.cells.new
        );
        return s;
    }
    s.push('\n');
    if let Some(t) = &d.tool {
        let _ = writeln!(s, "tool: jamfor {} → {}", t.old, t.new);
    }
    if !d.release_fields.is_empty() {
        let _ = writeln!(
            s,
            "release definition changed: {}",
            d.release_fields.join(", ")
        );
    }
    if let Some(p) = &d.default_policy {
        let _ = writeln!(s, "default disclosure policy: {} → {}", p.old, p.new);
    }
    for p in &d.policies {
        let _ = writeln!(s, "policy {} changed: {}", p.id, p.fields.join(", "));
    }
    for src in &d.sources {
        let _ = writeln!(s, "source {} redeclared: {}", src.id, src.fields.join(", "));
    }
    for i in &d.inputs {
        let _ = writeln!(s, "input {} {} {}: {}", i.source, i.year, i.change, i.path);
    }
    shared_years(&mut s, d);
    let c = &d.cells;
    let _ = writeln!(
        s,
        "cells: {} changed of {} ({} added, {} removed; {} before)",
        c.changed, c.new, c.added, c.removed, c.old
    );
    if !d.indicators_added.is_empty() {
        let _ = writeln!(s, "indicators added: {}", d.indicators_added.join(", "));
    }
    if !d.indicators_removed.is_empty() {
        let _ = writeln!(s, "indicators removed: {}", d.indicators_removed.join(", "));
    }
    let moved = d.indicators.iter().filter(|i| i.results_moved()).count();
    let _ = writeln!(
        s,
        "indicators: {moved} with changed results, {} changed without moving results",
        d.indicators.len() - moved
    );
    for i in &d.indicators {
        s.push('\n');
        indicator(&mut s, i);
    }
    s
}

/// The years both publish: revised inputs and cells that changed status, which a reader
/// holding both releases can combine.
fn shared_years(s: &mut String, d: &ReleaseDiff) {
    let (Some(first), Some(last)) = (d.shared_years.first(), d.shared_years.last()) else {
        return;
    };
    let years = if first == last {
        format!("year {first}")
    } else {
        format!("years {first}–{last}")
    };
    let moves: Vec<String> = d
        .shared_statuses
        .iter()
        .map(|t| format!("{} {} → {}", t.cells, t.from, t.to))
        .collect();
    let _ = writeln!(
        s,
        "shared {years}: {}",
        if moves.is_empty() {
            "every cell kept its status".to_string()
        } else {
            format!("cells changed status: {}", moves.join(", "))
        }
    );
    for i in &d.revised_inputs {
        let _ = writeln!(s, "  revised: {} {} ({})", i.source, i.year, i.path);
    }
}

fn indicator(s: &mut String, i: &IndicatorDiff) {
    let _ = writeln!(s, "{} ({})", i.id, i.area);
    if i.results_moved() {
        let mut parts = vec![format!("{} values", i.values_changed)];
        if i.statuses_changed > 0 {
            let moves: Vec<String> = i
                .statuses
                .iter()
                .map(|t| format!("{} {} → {}", t.cells, t.from, t.to))
                .collect();
            parts.push(format!(
                "{} statuses ({})",
                i.statuses_changed,
                moves.join(", ")
            ));
        }
        parts.push(format!("{} colours", i.colours_changed));
        if i.cells_added + i.cells_removed > 0 {
            parts.push(format!(
                "{} cells added, {} removed",
                i.cells_added, i.cells_removed
            ));
        }
        let _ = writeln!(s, "  changed: {} of {} cells", parts.join(", "), i.cells);
    } else {
        let _ = writeln!(s, "  results unchanged ({} cells)", i.cells);
    }
    for reason in &i.why {
        let _ = writeln!(s, "  why: {}", because(reason));
    }
    if !i.largest_moves.is_empty() {
        let _ = writeln!(s, "  largest moves:");
        for m in &i.largest_moves {
            let _ = writeln!(s, "    {}", one_move(m));
        }
    }
}

fn because(r: &Reason) -> String {
    match r {
        Reason::Definition { fields } => format!("definition changed: {}", fields.join(", ")),
        Reason::SourceDefinition { source, fields } => {
            format!("source {source} redeclared: {}", fields.join(", "))
        }
        Reason::Input(i) => format!(
            "input data {}: {} {} ({})",
            i.change, i.source, i.year, i.path
        ),
        Reason::PolicyChanged { old, new } => format!("disclosure policy {old} → {new}"),
        Reason::PolicyDefinition { policy, fields } => {
            format!("policy {policy} changed: {}", fields.join(", "))
        }
        Reason::Upstream { indicator } => format!("reused indicator {indicator} changed"),
        Reason::Tool { old, new } => format!("tool version {old} → {new}"),
        Reason::Linked => "nothing of its own changed: disclosure control protects linked \
                           indicators together, so another indicator's change moved these cells"
            .to_string(),
    }
}

fn one_move(m: &Move) -> String {
    let c = &m.cell;
    let age = c
        .age_group
        .as_deref()
        .map_or_else(String::new, |a| format!(" {a}"));
    format!(
        "{} {} {} {}{age}: {} → {} ({})",
        c.period,
        c.geo_level,
        c.geo_code,
        c.gender,
        number(m.old),
        number(m.new),
        signed(m.new - m.old)
    )
}

/// At most four decimals, trailing zeros dropped.
fn number(x: f64) -> String {
    let s = format!("{x:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.to_string() }
}

fn signed(x: f64) -> String {
    if x >= 0.0 {
        format!("+{}", number(x))
    } else {
        number(x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_short_and_signed() {
        assert_eq!(number(12.5), "12.5");
        assert_eq!(number(3.0), "3");
        assert_eq!(number(1.0 / 3.0), "0.3333");
        assert_eq!(signed(1.25), "+1.25");
        assert_eq!(signed(-0.5), "-0.5");
    }
}
