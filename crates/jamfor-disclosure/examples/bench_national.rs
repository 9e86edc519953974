//! A national-shaped release year, timed stage by stage, with a naive baseline.
//!
//! `cargo run --release -p jamfor-disclosure --example bench_national [-- MIN_COUNT ZEROS PAIRS [all]]`
//! (defaults: 3 published 150; `all` adds the exact audit of every suppressed cell). Builds 150 numerator/denominator pairs = 300 count tables over
//! 290 kommuner (real län sizes, Gotland alone in its län) + 21 län + riket × T/K/M, with
//! synthetic populations so small kommuner get small counts, and a share on every pair.
#![allow(clippy::print_stdout, clippy::unwrap_used)]

#[path = "common/naive.rs"]
mod naive;

use std::collections::BTreeMap;
use std::time::Instant;

use jamfor_disclosure::{
    AuditScope, CellLabel, DerivedFigure, DerivedKind, Geography, LinkedSystem, SecondaryOptions,
    SuppressionPolicy, SystemBuilder, ZeroHandling, audit, gauss_secondary, primary_suppression,
    secondary_with_repair,
};
use naive::{count, naive};

/// Kommuner per län, in län code order (01 … 25); 09 is Gotland.
const LAN: [(&str, usize); 21] = [
    ("01", 26),
    ("03", 8),
    ("04", 9),
    ("05", 13),
    ("06", 13),
    ("07", 8),
    ("08", 12),
    ("09", 1),
    ("10", 5),
    ("12", 33),
    ("13", 6),
    ("14", 49),
    ("17", 16),
    ("18", 12),
    ("19", 10),
    ("20", 15),
    ("21", 10),
    ("22", 7),
    ("23", 8),
    ("24", 15),
    ("25", 14),
];

/// splitmix64: a fixed seed gives the same year every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn uniform(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    fn normal(&mut self) -> f64 {
        let (u, v) = (self.uniform().max(1e-300), self.uniform());
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }
    fn poisson(&mut self, lambda: f64) -> u64 {
        if lambda > 30.0 {
            return (lambda + lambda.sqrt() * self.normal()).round().max(0.0) as u64;
        }
        let (limit, mut p, mut k) = ((-lambda).exp(), 1.0, 0u64);
        loop {
            p *= self.uniform();
            if p <= limit {
                return k;
            }
            k += 1;
        }
    }
}

fn build(rng: &mut Rng, n_pairs: usize) -> LinkedSystem {
    let mut pairs = Vec::new();
    for (lan, n) in LAN {
        for k in 0..n {
            pairs.push((format!("{lan}{:02}", 80 + k), lan.to_owned()));
        }
    }
    let geo = Geography::new(pairs.clone()).unwrap();
    // Population: lognormal, median about 16 000, clamped to 2 400 … 1 000 000.
    let pop: Vec<f64> = pairs
        .iter()
        .map(|_| (16_000.0 * (0.9 * rng.normal()).exp()).clamp(2_400.0, 1_000_000.0))
        .collect();
    let mut b = SystemBuilder::new();
    for i in 0..n_pairs {
        let rate = 0.0005 * (100f64).powf(rng.uniform()); // 0.05 % … 5 % of the population
        let share = 0.02 + 0.6 * rng.uniform();
        let mut den = BTreeMap::new();
        let mut num = BTreeMap::new();
        for ((kommun, _), p) in pairs.iter().zip(&pop) {
            let dk = rng.poisson(p / 2.0 * rate);
            let dm = rng.poisson(p / 2.0 * rate);
            let nk = rng.poisson(dk as f64 * share).min(dk);
            let nm = rng.poisson(dm as f64 * share).min(dm);
            den.insert(kommun.clone(), (dk, dm));
            num.insert(kommun.clone(), (nk, nm));
        }
        let t_den = b
            .add_geo_table(&format!("bas{i:03}"), &geo, &geo.sum_up(&den))
            .unwrap();
        let t_num = b
            .add_geo_table(&format!("antal{i:03}"), &geo, &geo.sum_up(&num))
            .unwrap();
        for ((region, kon), n) in t_num.iter() {
            b.add_derived(DerivedFigure {
                label: CellLabel {
                    table: format!("andel{i:03}").into(),
                    key: format!("{region} {}", kon.code()),
                },
                numerator: n,
                denominator: t_den.cell(region, *kon).unwrap(),
                kind: DerivedKind::Share,
            })
            .unwrap();
        }
    }
    b.build().unwrap()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let min_count = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(3);
    let zeros = match args.get(2).map(String::as_str) {
        Some("suppressed") => ZeroHandling::Suppressed,
        _ => ZeroHandling::Published,
    };
    let policy = SuppressionPolicy {
        min_count,
        complement: true,
        min_respondents: None,
        min_denominator: None,
        zeros,
        published_decimals: 1,
        protection_percent: None,
    };
    let n_pairs = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(150);
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("policy: min_count {min_count}, zeros {zeros:?}, complement on; {threads} thread(s)");

    let t = Instant::now();
    let system = build(&mut Rng(2025), n_pairs);
    let t_build = t.elapsed();
    println!(
        "cells {} in {} components, equations {}, shares {}",
        system.cells().len(),
        system.component_count(),
        system.equations().len(),
        system.derived().len()
    );

    let t = Instant::now();
    let primary = primary_suppression(&system, &policy, &[]);
    let t_primary = t.elapsed();

    let t = Instant::now();
    let first = gauss_secondary(&system, &primary, &SecondaryOptions::default());
    let t_gauss = t.elapsed();

    let t = Instant::now();
    let first_audit = audit(&system, &first, &policy, AuditScope::Primary);
    let t_audit = t.elapsed();

    let t = Instant::now();
    let out = secondary_with_repair(
        &system,
        &policy,
        &primary,
        SecondaryOptions::default(),
        AuditScope::Primary,
    );
    let t_repair = t.elapsed();

    // Exact intervals of every suppressed cell (QA scope) are slow at this size; on request.
    let full = (args.get(4).map(String::as_str) == Some("all")).then(|| {
        let t = Instant::now();
        let r = audit(&system, &out.statuses, &policy, AuditScope::AllSuppressed);
        (r, t.elapsed())
    });

    let t = Instant::now();
    let base = naive(&system, &primary);
    let t_naive = t.elapsed();
    let base_audit = audit(&system, &base, &policy, AuditScope::Primary);

    let ms = |d: std::time::Duration| d.as_secs_f64() * 1e3;
    let (p1, s1) = count(&first);
    let (p, s) = count(&out.statuses);
    let (_, sb) = count(&base);
    println!("\nstage                         time ms");
    println!("build system + structure   {:>10.1}", ms(t_build));
    println!("primary                    {:>10.1}", ms(t_primary));
    println!("Gauss secondary (1st pass) {:>10.1}", ms(t_gauss));
    println!("LP audit of 1st pass       {:>10.1}", ms(t_audit));
    println!(
        "secondary + repair + audit {:>10.1}  ({} repair rounds)",
        ms(t_repair),
        out.rounds
    );
    if let Some((_, t_full)) = &full {
        println!("LP audit, every suppressed {:>10.1}", ms(*t_full));
    }
    println!(
        "whole year (build+primary+secondary/repair/audit) {:.1} ms",
        ms(t_build + t_primary + t_repair)
    );
    println!("\ncells {}, primary {p}", system.cells().len());
    println!(
        "Gauss 1st pass: secondary {s1}, audit findings {} (primary {p1})",
        first_audit.findings.len()
    );
    println!(
        "final:          secondary {s} ({} promoted by repair), audit {} — {} LP components, largest {}",
        out.promoted.len(),
        if out.report.passed() {
            "PASSED"
        } else {
            "FAILED"
        },
        out.report.components,
        out.report.largest_component
    );
    if let Some((full, _)) = &full {
        println!(
            "  every suppressed cell audited: {} intervals, {} findings",
            full.intervals.len(),
            full.findings.len()
        );
    }
    println!(
        "naive baseline: secondary {sb} in {:.1} ms, audit {} ({} exposed primary cells)",
        ms(t_naive),
        if base_audit.passed() {
            "PASSED"
        } else {
            "FAILED"
        },
        base_audit.findings.len()
    );
}
