//! The release-level plan: every count the release publishes, which indicators publish it
//! under which policy, and which linked system of a year it belongs to.
//!
//! Sensitive counts (register persons, survey respondents) that one indicator publishes side by
//! side (a share's numerator and denominator) are protected in one system, under the join of
//! every policy that names any of them; one system per distinct joined policy and year. Public
//! counts (SCB's population) are copied into each system whose shares they are the base of:
//! they are never suppressed, so the copies cannot disagree.

use std::collections::{BTreeMap, BTreeSet};

use jamfor_spec::manifest::{AgeGroup, Manifest, Release};

use super::counts::{Class, CountId, Field, Figure, Respondents, slots};
use super::error::ProtectError;
use super::policy::{declared, policy_id};

/// Index of a count in [`Plan::counts`].
pub(crate) type CountIx = u32;

/// One count of the release.
#[derive(Debug, Clone)]
pub(crate) struct CountInfo {
    pub(crate) id: CountId,
    pub(crate) class: Class,
    /// Indicators publishing it, sorted.
    pub(crate) indicators: BTreeSet<String>,
    /// Age-group lists of those indicators, each a candidate partition of the total.
    pub(crate) age_partitions: BTreeSet<Vec<(u32, Option<u32>, String)>>,
    /// The system it is protected in (sensitive counts), or the systems it is a known base
    /// in (public counts). Empty for counts outside disclosure control.
    pub(crate) systems: BTreeSet<SystemIx>,
}

/// Index of a linked system (a joined policy) in [`Plan::systems`].
pub(crate) type SystemIx = usize;

/// How the rows of one indicator map to counts.
#[derive(Debug, Clone)]
pub(crate) struct IndicatorPlan {
    pub(crate) slots: Vec<(Field, CountIx, Respondents)>,
    pub(crate) figure: Figure,
    /// The indicator's own policy id (for the quality rule on its denominator).
    pub(crate) policy: String,
}

/// The plan of a release.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    pub(crate) counts: Vec<CountInfo>,
    pub(crate) indicators: BTreeMap<String, IndicatorPlan>,
    /// Per system: the policy ids joined.
    pub(crate) systems: Vec<BTreeSet<String>>,
    /// Sensitive counts (or age groups of them) that count a subset of another
    /// ([`super::relations`]).
    pub(crate) subsets: Vec<super::relations::Subset>,
}

impl Plan {
    pub(crate) fn new(manifest: &Manifest, release: &Release) -> Result<Plan, ProtectError> {
        // The default policy must exist even if every indicator names its own.
        declared(manifest, &release.disclosure, None)?;
        let mut counts: Vec<CountInfo> = Vec::new();
        let mut index: BTreeMap<CountId, CountIx> = BTreeMap::new();
        let mut indicators = BTreeMap::new();
        let mut policies_of: Vec<BTreeSet<String>> = Vec::new();
        for indicator in jamfor_engine::indicators_of(manifest, release) {
            let policy = policy_id(indicator, release).to_string();
            declared(manifest, &policy, Some(&indicator.id))?;
            let (list, figure) = slots(manifest, indicator)?;
            let mut planned = Vec::new();
            for slot in list {
                let ix = *index.entry(slot.count.clone()).or_insert_with(|| {
                    counts.push(CountInfo {
                        id: slot.count.clone(),
                        class: slot.class,
                        indicators: BTreeSet::new(),
                        age_partitions: BTreeSet::new(),
                        systems: BTreeSet::new(),
                    });
                    policies_of.push(BTreeSet::new());
                    (counts.len() - 1) as CountIx
                });
                let info = &mut counts[ix as usize];
                info.indicators.insert(indicator.id.clone());
                if !indicator.age_groups.is_empty() {
                    info.age_partitions.insert(partition(&indicator.age_groups));
                }
                policies_of[ix as usize].insert(policy.clone());
                planned.push((slot.field, ix, slot.respondents));
            }
            indicators.insert(
                indicator.id.clone(),
                IndicatorPlan {
                    slots: planned,
                    figure,
                    policy,
                },
            );
        }

        // Sensitive counts of one indicator share a system: union them.
        let mut parent: Vec<usize> = (0..counts.len()).collect();
        fn find(parent: &mut [usize], mut i: usize) -> usize {
            while parent[i] != i {
                parent[i] = parent[parent[i]];
                i = parent[i];
            }
            i
        }
        for plan in indicators.values() {
            let sensitive: Vec<usize> = plan
                .slots
                .iter()
                .map(|&(_, c, _)| c as usize)
                .filter(|&c| counts[c].class.sensitive())
                .collect();
            for w in sensitive.windows(2) {
                let (a, b) = (find(&mut parent, w[0]), find(&mut parent, w[1]));
                if a != b {
                    parent[a.max(b)] = a.min(b);
                }
            }
        }
        let mut group_policies: BTreeMap<usize, BTreeSet<String>> = BTreeMap::new();
        for c in 0..counts.len() {
            if counts[c].class.sensitive() {
                let root = find(&mut parent, c);
                group_policies
                    .entry(root)
                    .or_default()
                    .extend(policies_of[c].iter().cloned());
            }
        }
        let systems: Vec<BTreeSet<String>> = group_policies
            .values()
            .cloned()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        for (c, count) in counts.iter_mut().enumerate() {
            if count.class.sensitive() {
                let root = find(&mut parent, c);
                let s = systems
                    .iter()
                    .position(|p| Some(p) == group_policies.get(&root))
                    .unwrap_or(0);
                count.systems.insert(s);
            }
        }
        // Public counts join the systems of the sensitive counts they are published beside.
        for plan in indicators.values() {
            let joined: BTreeSet<SystemIx> = plan
                .slots
                .iter()
                .flat_map(|&(_, c, _)| counts[c as usize].systems.iter().copied())
                .collect();
            for &(_, c, _) in &plan.slots {
                if counts[c as usize].class == Class::Public {
                    counts[c as usize].systems.extend(joined.iter().copied());
                }
            }
        }
        let subsets = super::relations::subsets(manifest, &counts);
        Ok(Plan {
            counts,
            indicators,
            systems,
            subsets,
        })
    }
}

/// An age-group list as bounds, for the partition test.
fn partition(groups: &[AgeGroup]) -> Vec<(u32, Option<u32>, String)> {
    groups
        .iter()
        .map(|g| (g.from, g.to, g.label.clone()))
        .collect()
}

/// Whether age groups are pairwise disjoint (then the total can be their sum).
pub(crate) fn disjoint(groups: &[(u32, Option<u32>, String)]) -> bool {
    let mut sorted: Vec<(u32, Option<u32>)> = groups.iter().map(|g| (g.0, g.1)).collect();
    sorted.sort();
    sorted.windows(2).all(|w| match w[0].1 {
        Some(to) => to < w[1].0,
        None => false,
    })
}
