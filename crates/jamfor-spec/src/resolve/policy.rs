//! Checks of disclosure policies: thresholds that make sense.

use crate::diagnostic::Diagnostic;
use crate::keywords::ZeroPolicy;
use crate::manifest::Policy;
use crate::rule::Rule;
use crate::span::Ranged;

use super::Resolver;

fn positive(r: &mut Resolver<'_>, value: &Ranged<i64>, key: &str, max: i64) -> u64 {
    if (1..=max).contains(&value.value) {
        return value.value.unsigned_abs();
    }
    r.report(
        Diagnostic::new(
            Rule::InvalidValue,
            value.span,
            format!("`{key}` must be between 1 and {max}"),
        )
        .label(format!("{} is out of range", value.value)),
    );
    1
}

pub(super) fn resolve_all(r: &mut Resolver<'_>) -> Vec<Policy> {
    let specs: Vec<_> = r.policies.values().copied().collect();
    let mut out = Vec::new();
    for p in specs {
        let min_count = positive(r, &p.min_count, "min_count", 1000);
        let min_respondents = p
            .min_respondents
            .as_ref()
            .map_or(min_count, |v| positive(r, v, "min_respondents", 1000));
        let min_denominator = p
            .min_denominator
            .as_ref()
            .map(|v| positive(r, v, "min_denominator", 1_000_000));
        let published_decimals = p.published_decimals.as_ref().map(|v| {
            if (0..=4).contains(&v.value) {
                u8::try_from(v.value).unwrap_or(4)
            } else {
                r.report(
                    Diagnostic::new(
                        Rule::InvalidValue,
                        v.span,
                        "`published_decimals` must be 0 to 4",
                    )
                    .label(format!("{} is out of range", v.value)),
                );
                0
            }
        });
        let protection_percent = p
            .protection_percent
            .as_ref()
            .map(|v| u8::try_from(positive(r, v, "protection_percent", 100)).unwrap_or(100));
        let cell_key = super::cell_key::resolve(r, p, min_count);
        out.push(Policy {
            id: p.id.value.to_string(),
            title: p.title.clone(),
            method: p.method.value,
            min_count,
            complement: p.complement.unwrap_or(true),
            min_respondents,
            min_denominator,
            zeros: p.zeros.as_ref().map_or(ZeroPolicy::Publish, |z| z.value),
            published_decimals,
            protection_percent,
            cell_key,
        });
    }
    out
}
