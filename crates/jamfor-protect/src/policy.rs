//! The declared policies, as the disclosure crate takes them.
//!
//! Every threshold comes from a `[[policy]]` of the definitions: the indicator's `disclosure`,
//! or the release's default. A count published by indicators under different policies (or
//! tied by a share to a count that is) is protected under their *join*: the strictest value of
//! every rule, each taken from a declared policy. The join is named after its members, e.g.
//! `socialtjanst-2024+socialtjanst-strikt`, so QA output says which rules applied.

use std::collections::BTreeSet;

use jamfor_disclosure::{
    CellKeyPolicy, CellKeySecret, DisclosurePolicy, Method, SuppressionPolicy, ZeroHandling,
};
use jamfor_spec::keywords::{Method as SpecMethod, ZeroPolicy};
use jamfor_spec::manifest::{Indicator, Manifest, Policy, Release};

use super::error::ProtectError;

/// The policy id an indicator is protected under.
pub(crate) fn policy_id<'a>(indicator: &'a Indicator, release: &'a Release) -> &'a str {
    indicator
        .disclosure
        .as_deref()
        .unwrap_or(release.disclosure.as_str())
}

/// The shortest secret accepted for the cell key method: shorter ones can be guessed by trying
/// them all against published values.
pub(crate) const MIN_SECRET_BYTES: usize = 16;

/// A declared policy as the disclosure crate's type. A cell key policy reads its secret from
/// the environment variable it names.
///
/// # Errors
/// Values the disclosure crate refuses, or a cell key policy whose secret is not set.
pub fn disclosure_policy(policy: &Policy) -> Result<DisclosurePolicy, ProtectError> {
    let method = match policy.method {
        SpecMethod::Suppression => suppression(policy),
        SpecMethod::CellKey => Method::CellKey(cell_key(policy)?),
    };
    let converted = DisclosurePolicy {
        name: policy.id.clone(),
        method,
    };
    converted.validate().map_err(|e| ProtectError::Policy {
        policy: policy.id.clone(),
        message: e.to_string(),
    })?;
    Ok(converted)
}

fn cell_key(policy: &Policy) -> Result<CellKeyPolicy, ProtectError> {
    let Some(rules) = &policy.cell_key else {
        return Err(ProtectError::Internal {
            message: format!("cell key policy `{}` has no table", policy.id),
        });
    };
    let secret = std::env::var_os(&rules.seed_env)
        .map(|v| v.into_encoded_bytes())
        .filter(|v| v.len() >= MIN_SECRET_BYTES)
        .ok_or_else(|| ProtectError::CellKeySecret {
            policy: policy.id.clone(),
            variable: rules.seed_env.clone(),
        })?;
    Ok(CellKeyPolicy {
        min_count: policy.min_count,
        table: rules.table.clone(),
        secret: CellKeySecret::new(secret),
        min_denominator: policy.min_denominator,
        published_decimals: policy.published_decimals.map_or(6, u32::from),
    })
}

fn suppression(policy: &Policy) -> Method {
    Method::Suppression(SuppressionPolicy {
        min_count: policy.min_count,
        complement: policy.complement,
        // 0 respondents is "no rule" in the definitions; the disclosure crate spells it None.
        min_respondents: (policy.min_respondents > 0).then_some(policy.min_respondents),
        min_denominator: policy.min_denominator,
        zeros: match policy.zeros {
            ZeroPolicy::Publish => ZeroHandling::Published,
            ZeroPolicy::Suppress => ZeroHandling::Suppressed,
        },
        // No cap: as many decimals as any indicator publishes (the crate allows at most 6).
        published_decimals: policy.published_decimals.map_or(6, u32::from),
        protection_percent: policy.protection_percent.map(u32::from),
    })
}

/// Looks a policy up by id.
pub(crate) fn declared<'m>(
    manifest: &'m Manifest,
    id: &str,
    indicator: Option<&str>,
) -> Result<&'m Policy, ProtectError> {
    manifest
        .policy(id)
        .ok_or_else(|| ProtectError::UnknownPolicy {
            policy: id.to_string(),
            indicator: indicator.map(str::to_string),
        })
}

/// The join of declared policies: the strictest value of every rule. A cell key policy joins
/// nothing: a count is either perturbed or suppressed, and which table would apply to a count
/// two cell key policies share is not for jamfor to choose.
pub(crate) fn join(
    manifest: &Manifest,
    ids: &BTreeSet<String>,
) -> Result<DisclosurePolicy, ProtectError> {
    let mut joined: Option<SuppressionPolicy> = None;
    for id in ids {
        let p = disclosure_policy(declared(manifest, id, None)?)?;
        let Some(s) = p.suppression().cloned() else {
            if ids.len() == 1 {
                return Ok(p);
            }
            let others: Vec<&str> = ids
                .iter()
                .filter(|o| *o != id)
                .map(String::as_str)
                .collect();
            return Err(ProtectError::Policy {
                policy: id.clone(),
                message: format!(
                    "counts it perturbs are also published under `{}` (a numerator shared by \
                     indicators, or a share beside its count); a count is either perturbed or \
                     suppressed: give the indicators that share counts one policy",
                    others.join("`, `")
                ),
            });
        };
        joined = Some(match joined {
            None => s,
            Some(j) => SuppressionPolicy {
                min_count: j.min_count.max(s.min_count),
                complement: j.complement || s.complement,
                min_respondents: j.min_respondents.max(s.min_respondents),
                min_denominator: j.min_denominator.max(s.min_denominator),
                // Suppressed zeros hide more cells; a mixed system follows the stricter member.
                zeros: if j.zeros == ZeroHandling::Suppressed || s.zeros == ZeroHandling::Suppressed
                {
                    ZeroHandling::Suppressed
                } else {
                    ZeroHandling::Published
                },
                published_decimals: j.published_decimals.max(s.published_decimals),
                protection_percent: j.protection_percent.max(s.protection_percent),
            },
        });
    }
    let Some(rules) = joined else {
        return Err(ProtectError::Internal {
            message: "a count is published under no policy".to_string(),
        });
    };
    Ok(DisclosurePolicy {
        name: ids.iter().cloned().collect::<Vec<_>>().join("+"),
        method: Method::Suppression(rules),
    })
}
