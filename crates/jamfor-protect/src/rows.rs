//! From count-cell statuses to rows.
//!
//! A row is confidential when any count it publishes is suppressed: its value is built on that
//! count (a share, a rate, a mean over those persons), and its numerator and denominator
//! fields would show the count itself. A share or rate whose denominator is below its policy's
//! `min_denominator` is withheld as unreliable (a quality rule: no secondary suppression).
//! Kommungrupp rows are then recomputed as the unweighted mean of their members' *published*
//! values, so that no confidential kommun value enters a published mean: the mean is a
//! function of published figures only and reveals nothing beyond them.

use std::collections::BTreeMap;
use std::str::FromStr;

use jamfor_disclosure::CellStatus;
use jamfor_engine::{GeoLevel, Kon, ResultRow, Status};
use jamfor_geo::{Geography, KommunCode};
use jamfor_spec::manifest::{DEFAULT_MIN_GROUP_MEMBERS, Manifest};

use super::cells::{CellMap, canonical, field, linked_level, whole};
use super::counts::Figure;
use super::error::ProtectError;
use super::plan::Plan;
use super::policy::declared;
use super::report::{PrimaryRule, QaCell, SecondaryRule, Withheld};

/// Sets the status of the rows `index` of one year; returns the QA of the withheld rows.
pub(crate) fn apply(
    manifest: &Manifest,
    plan: &Plan,
    geo: &Geography,
    statuses: &CellMap<CellStatus>,
    rows: &mut [ResultRow],
    index: &[usize],
) -> Result<Vec<QaCell>, ProtectError> {
    let mut qa = Vec::new();
    for &i in index {
        let row = &rows[i];
        let Some(ip) = plan.indicators.get(&row.indicator) else {
            continue;
        };
        let reason = if !linked_level(row.key.level) {
            ip.slots
                .iter()
                .map(|&(f, c, _)| (field(row, f), &plan.counts[c as usize]))
                .find(|(v, info)| v.is_some() && info.class.sensitive())
                .map(|(_, info)| Withheld::UnitLevel {
                    count: info.id.to_string(),
                })
        } else {
            let key = canonical(geo, &row.key);
            let hidden: Vec<(CellStatus, String)> = ip
                .slots
                .iter()
                .filter_map(|&(_, c, _)| {
                    let s = *statuses.get(&(c, key.as_ref().clone()))?;
                    s.is_suppressed()
                        .then(|| (s, plan.counts[c as usize].id.to_string()))
                })
                .collect();
            // A primary count is the better QA answer when a row has both.
            let first = hidden
                .iter()
                .find(|(s, _)| s.is_primary())
                .or_else(|| hidden.first());
            match first {
                Some((s, count)) => Some(withheld(*s, count.clone())),
                None => quality(manifest, ip, row)?,
            }
        };
        if let Some(reason) = reason {
            qa.push(withhold(&mut rows[i], reason));
        }
    }
    kommungrupper(manifest, geo, rows, index, &mut qa);
    Ok(qa)
}

fn withheld(status: CellStatus, count: String) -> Withheld {
    match status {
        CellStatus::Primary(r) => Withheld::Primary {
            count,
            rule: match r {
                jamfor_disclosure::PrimaryReason::SmallCount => PrimaryRule::SmallCount,
                jamfor_disclosure::PrimaryReason::Zero => PrimaryRule::Zero,
                jamfor_disclosure::PrimaryReason::FewRespondents => PrimaryRule::FewRespondents,
                jamfor_disclosure::PrimaryReason::Complement { .. } => PrimaryRule::Complement,
                jamfor_disclosure::PrimaryReason::Manual => PrimaryRule::Manual,
            },
        },
        CellStatus::Secondary(r) => Withheld::Secondary {
            count,
            rule: match r {
                jamfor_disclosure::SecondaryReason::Gauss => SecondaryRule::Gauss,
                jamfor_disclosure::SecondaryReason::Repair => SecondaryRule::Repair,
                jamfor_disclosure::SecondaryReason::Kept => SecondaryRule::Kept,
            },
        },
        // Not reached: only suppressed statuses are passed in.
        CellStatus::Published => Withheld::NoPublishedMember,
    }
}

/// The quality rule: a share or rate on a denominator below `min_denominator`.
fn quality(
    manifest: &Manifest,
    ip: &super::plan::IndicatorPlan,
    row: &ResultRow,
) -> Result<Option<Withheld>, ProtectError> {
    if !matches!(ip.figure, Figure::Ratio { .. }) || row.status != Status::Value {
        return Ok(None);
    }
    let policy = declared(manifest, &ip.policy, Some(&row.indicator))?;
    let small = policy
        .min_denominator
        .zip(row.denominator.and_then(whole))
        .is_some_and(|(min, d)| d < min);
    Ok(small.then(|| Withheld::Quality {
        policy: policy.id.clone(),
    }))
}

fn withhold(row: &mut ResultRow, reason: Withheld) -> QaCell {
    row.status = Status::Confidential;
    row.value = None;
    row.numerator = None;
    row.denominator = None;
    row.units = None;
    row.ci_low = None;
    row.ci_high = None;
    QaCell {
        indicator: row.indicator.clone(),
        year: row.year,
        key: row.key.clone(),
        reason,
    }
}

/// Recomputes every published kommungrupp value from its members' published values, with the
/// number of them in `units`; a mean on fewer than the area's `min_group_members` is withheld.
fn kommungrupper(
    manifest: &Manifest,
    geo: &Geography,
    rows: &mut [ResultRow],
    index: &[usize],
    qa: &mut Vec<QaCell>,
) {
    let minimum = |indicator: &str| {
        let area = manifest
            .indicators
            .iter()
            .find(|i| i.id == indicator)
            .map(|i| i.area.as_str());
        manifest
            .areas
            .iter()
            .find(|a| Some(a.id.as_str()) == area)
            .map_or(DEFAULT_MIN_GROUP_MEMBERS, |a| a.min_group_members)
    };
    let indelning = geo.kommungruppsindelning_2023();
    type Group<'a> = (&'a str, Kon, Option<&'a str>, String);
    let mut members: BTreeMap<Group<'_>, (usize, Vec<f64>)> = BTreeMap::new();
    let mut groups: Vec<usize> = Vec::new();
    for &i in index {
        let row = &rows[i];
        match row.key.level {
            GeoLevel::Kommun => {
                let Some(grupp) = KommunCode::from_str(&row.key.geo)
                    .ok()
                    .and_then(|k| indelning.grupp(k))
                else {
                    continue;
                };
                let entry = members
                    .entry((
                        row.indicator.as_str(),
                        row.key.kon,
                        row.key.age_group.as_deref(),
                        grupp.code().to_string(),
                    ))
                    .or_default();
                entry.0 += 1;
                // Members are summed in row (code) order, as the engine does.
                if row.status == Status::Value
                    && let Some(v) = row.value
                {
                    entry.1.push(v);
                }
            }
            GeoLevel::Kommungrupp if row.status != Status::Confidential => groups.push(i),
            _ => {}
        }
    }
    let mut means: Vec<(usize, Option<f64>, usize)> = Vec::new();
    for i in groups {
        let row = &rows[i];
        let key: Group<'_> = (
            row.indicator.as_str(),
            row.key.kon,
            row.key.age_group.as_deref(),
            row.key.geo.clone(),
        );
        // No member rows at all (kommuner not published): the engine's mean is built on
        // unprotected values, so there is no published mean either.
        let values = members.get(&key).map_or(&[][..], |(_, v)| v.as_slice());
        let mean = (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64);
        means.push((i, mean, values.len()));
    }
    for (i, mean, members) in means {
        let row = &mut rows[i];
        let minimum = minimum(&row.indicator);
        match (row.status, mean) {
            (Status::Value, Some(_)) if members < minimum => {
                qa.push(withhold(row, Withheld::FewMembers { members, minimum }));
            }
            (Status::Value, Some(m)) => row.value = Some(m),
            (Status::Value, None) => qa.push(withhold(row, Withheld::NoPublishedMember)),
            _ => {}
        }
        // How many published kommuner the mean rests on (or would): not a count of people.
        if row.status != Status::NotApplicable {
            row.units = Some(members as f64);
        }
    }
}
