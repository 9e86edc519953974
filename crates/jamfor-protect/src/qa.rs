//! The internal disclosure QA table: every withheld row and why, as CSV.
//!
//! It separates primary from secondary suppression, which is exactly what the public files must
//! not reveal (knowing which cells are primary narrows the small ones down). It is written only
//! on request and never inside the release folder.

use super::{Protected, Withheld};

/// The QA table as CSV (comma-separated, UTF-8, one header line), sorted like
/// [`Protected::qa`]: year, indicator, place.
#[must_use]
pub fn qa_csv(protected: &Protected) -> String {
    let mut out = String::from("year,indicator,level,geo,kon,age_group,reason,rule,count\n");
    for cell in &protected.qa {
        let (reason, rule, count) = describe(&cell.reason);
        let fields = [
            cell.year.to_string(),
            cell.indicator.clone(),
            cell.key.level.code().to_string(),
            cell.key.geo.clone(),
            cell.key.kon.code().to_string(),
            cell.key.age_group.clone().unwrap_or_default(),
            reason.to_string(),
            rule,
            count,
        ];
        let quoted: Vec<String> = fields.iter().map(|f| quote(f)).collect();
        out.push_str(&quoted.join(","));
        out.push('\n');
    }
    out
}

fn describe(reason: &Withheld) -> (&'static str, String, String) {
    match reason {
        Withheld::Primary { count, rule } => ("primary", format!("{rule:?}"), count.clone()),
        Withheld::Secondary { count, rule } => ("secondary", format!("{rule:?}"), count.clone()),
        Withheld::Quality { policy } => (
            "quality",
            format!("min_denominator ({policy})"),
            String::new(),
        ),
        Withheld::UnitLevel { count } => ("unit_level", String::new(), count.clone()),
        Withheld::NoPublishedMember => ("no_published_member", String::new(), String::new()),
        Withheld::FewMembers { members, minimum } => (
            "quality",
            format!("min_group_members ({members} < {minimum})"),
            String::new(),
        ),
    }
}

/// RFC 4180 quoting, only where needed (count descriptions may hold commas).
fn quote(field: &str) -> String {
    if field.contains([',', '"', '\n']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn fields_with_commas_or_quotes_are_quoted() {
        assert_eq!(quote("a,b"), "\"a,b\"");
        assert_eq!(quote("say \"x\""), "\"say \"\"x\"\"\"");
        assert_eq!(quote("plain"), "plain");
    }
}
