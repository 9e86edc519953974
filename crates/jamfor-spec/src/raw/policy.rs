//! `policies/*.toml`: named disclosure-control policies, referenced by releases and indicators.
//!
//! Thresholds live here and nowhere else: the engine has no built-in minimum count.

use schemars::JsonSchema;

use crate::decode::{Cx, Decode, Node, Table};
use crate::keywords::{Method, ZeroPolicy};
use crate::raw::id::Id;
use crate::span::{Ranged, Span};

/// A policy file: one or more `[[policy]]` tables.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(deny_unknown_fields, title = "jamfor disclosure policies")]
pub struct PolicyFile {
    /// The policies of this file.
    pub policy: Vec<PolicySpec>,
}

/// A named, versioned disclosure-control policy.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct PolicySpec {
    /// Unique id, e.g. `socialtjanst-2024`.
    pub id: Ranged<Id>,
    /// What the policy is for.
    pub title: Option<String>,
    /// `suppression` (primary + secondary suppression, audited) or `cell_key` (every count
    /// perturbed from `perturbation`, keyed by the secret in `seed_env`).
    pub method: Ranged<Method>,
    /// A count cell with 1 ≤ n < `min_count` is confidential.
    pub min_count: Ranged<i64>,
    /// Also protect "almost everyone": 1 ≤ denominator − numerator < `min_count` (default true).
    pub complement: Option<bool>,
    /// Survey cells with fewer respondents are confidential (default: `min_count`).
    pub min_respondents: Option<Ranged<i64>>,
    /// Shares and rates with a smaller denominator are not published as too unreliable.
    pub min_denominator: Option<Ranged<i64>>,
    /// `publish` (default) or `suppress` zeros.
    pub zeros: Option<Ranged<ZeroPolicy>>,
    /// At most this many decimals are published for shares and rates.
    pub published_decimals: Option<Ranged<i64>>,
    /// Protection level (1–100): beyond the threshold criterion, the reader's interval for a
    /// withheld cell must reach this percentage of its value beyond it.
    pub protection_percent: Option<Ranged<i64>>,
    /// Cell key method: the perturbation table, one entry per true count 0, 1, 2, …; the last
    /// entry serves every larger count, shifted.
    pub perturbation: Option<Vec<PerturbationSpec>>,
    /// Cell key method: the environment variable holding the secret the cell keys are derived
    /// from (never written to the definitions or any output).
    pub seed_env: Option<Ranged<String>>,
    #[schemars(skip)]
    /// Where the table was written.
    pub span: Span,
}

impl Decode for PolicySpec {
    const EXPECTED: &'static str = "a table";
    fn decode(node: &Node<'_>, cx: &mut Cx<'_>) -> Option<Self> {
        let mut t = Table::open(node, cx, "policy")?;
        let id = t.req(cx, "id");
        let title = t.opt(cx, "title");
        let method = t.req(cx, "method");
        let min_count = t.req(cx, "min_count");
        let complement = t.opt(cx, "complement");
        let min_respondents = t.opt(cx, "min_respondents");
        let min_denominator = t.opt(cx, "min_denominator");
        let zeros = t.opt(cx, "zeros");
        let published_decimals = t.opt(cx, "published_decimals");
        let protection_percent = t.opt(cx, "protection_percent");
        let perturbation = t.opt(cx, "perturbation");
        let seed_env = t.opt(cx, "seed_env");
        let span = t.span;
        t.finish(cx);
        if method.is_none() || min_count.is_none() {
            cx.broken(id.as_ref());
        }
        Some(PolicySpec {
            id: id?,
            title,
            method: method?,
            min_count: min_count?,
            complement,
            min_respondents,
            min_denominator,
            zeros,
            published_decimals,
            protection_percent,
            perturbation,
            seed_env,
            span,
        })
    }
}

/// One entry of a perturbation table: a true count and the values it may be published as.
#[derive(Debug, Clone, JsonSchema)]
#[schemars(deny_unknown_fields)]
pub struct PerturbationSpec {
    /// The true count.
    pub original: Ranged<i64>,
    /// The values it may be published as.
    pub published: Vec<Ranged<i64>>,
    /// Their probabilities, in the same order, adding up to 1.
    pub probability: Vec<Ranged<f64>>,
    #[schemars(skip)]
    /// Where the entry was written.
    pub span: Span,
}

impl Decode for PerturbationSpec {
    const EXPECTED: &'static str = "a table";
    fn decode(node: &Node<'_>, cx: &mut Cx<'_>) -> Option<Self> {
        let mut t = Table::open(node, cx, "perturbation entry")?;
        let original = t.req(cx, "original");
        let published = t.req(cx, "published");
        let probability = t.req(cx, "probability");
        let span = t.span;
        t.finish(cx);
        Some(PerturbationSpec {
            original: original?,
            published: published?,
            probability: probability?,
            span,
        })
    }
}
