//! Times the protection of real release problems, kept by `jamfor run --qa DIR` as snapshots
//! (`DIR/<release id>/problems/<year>-<n>.txt`), next to the naive baseline.
//!
//! `cargo run --release -p jamfor-disclosure --example bench_protect -- FILE… [--audit-baseline]
//! [--exact-audit] [--save-patterns DIR] [--no-relations]`
//!
//! Per problem: cells, equations and primary cells; the time to analyse the system (structure,
//! as `jamfor run` does), the first Gaussian pass, and the whole secondary + repair + audit;
//! secondary cells and repair rounds; the naive "one extra cell per row and column" baseline's
//! secondary cells and time (with `--audit-baseline`, also how many primary cells its pattern
//! exposes, which needs the exact audit and can be slow). `--exact-audit` re-audits the final
//! pattern with the public release gate ([`audit`]) from scratch; `--save-patterns DIR` writes
//! the suppressed cells of each pattern (one cell index a line) as `DIR/<file name>`, so that
//! another build can audit the same pattern.
#![allow(clippy::print_stdout, clippy::print_stderr, clippy::unwrap_used)]

#[path = "common/naive.rs"]
mod naive;

use std::time::{Duration, Instant};

use jamfor_disclosure::{
    AuditScope, SecondaryOptions, audit, gauss_secondary, publish_recoverable, read_snapshot,
    secondary_with_repair,
};
use naive::{count, naive};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let audit_baseline = args.iter().any(|a| a == "--audit-baseline");
    let exact_audit = args.iter().any(|a| a == "--exact-audit");
    // The same problems with the relations `part ≤ whole` left out: the problem as equations
    // alone describe it, to time what the relations cost.
    let no_relations = args.iter().any(|a| a == "--no-relations");
    let save = args
        .iter()
        .position(|a| a == "--save-patterns")
        .and_then(|i| args.get(i + 1));
    let files: Vec<&String> = args
        .iter()
        .filter(|a| !a.starts_with("--") && Some(*a) != save)
        .collect();
    if files.is_empty() {
        eprintln!("usage: bench_protect SNAPSHOT… [--audit-baseline]");
        std::process::exit(2);
    }
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!("{threads} thread(s)");
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let mut total = Duration::ZERO;
    let mut total_naive = Duration::ZERO;
    for file in files {
        let mut text = std::fs::read_to_string(file).unwrap();
        if no_relations {
            text = text
                .lines()
                .filter(|l| !l.starts_with("le\t"))
                .map(|l| format!("{l}\n"))
                .collect();
        }
        let t = Instant::now();
        let snap = read_snapshot(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        let t_read = t.elapsed();
        let (system, primary, policy) = (&snap.system, &snap.primary, &snap.policy);

        let t = Instant::now();
        let first = gauss_secondary(system, primary, &SecondaryOptions::default());
        let t_gauss = t.elapsed();

        let t = Instant::now();
        let out = secondary_with_repair(
            system,
            policy,
            primary,
            SecondaryOptions::default(),
            AuditScope::Primary,
        );
        let mut statuses = out.statuses.clone();
        let recovered = publish_recoverable(system, &mut statuses, policy).len();
        let t_repair = t.elapsed();
        total += t_read + t_repair;

        let t = Instant::now();
        let base = naive(system, primary);
        let t_naive = t.elapsed();
        total_naive += t_naive;

        let (p, s) = count(&out.statuses);
        let (_, s1) = count(&first);
        let (_, sb) = count(&base);
        println!("\n{file}");
        println!(
            "  cells {}, equations {}, relations {}, components {}, primary {p}",
            system.cells().len(),
            system.equations().len(),
            system.relations().len(),
            system.component_count()
        );
        println!("  read + structure           {:>9.1} ms", ms(t_read));
        println!(
            "  Gauss, first pass          {:>9.1} ms  secondary {s1}",
            ms(t_gauss)
        );
        println!(
            "  secondary + repair + audit {:>9.1} ms  secondary {s} ({} promoted, {} rounds, {recovered} computable anyway), audit {}",
            ms(t_repair),
            out.promoted.len(),
            out.rounds,
            if out.report.passed() {
                "passed"
            } else {
                "FAILED"
            }
        );
        if exact_audit {
            let t = Instant::now();
            // The pattern as published: with the cells a reader could compute anyway shown.
            let r = audit(system, &statuses, policy, AuditScope::Primary);
            println!(
                "  exact audit of the pattern {:>9.1} ms  {}",
                ms(t.elapsed()),
                if r.passed() { "passed" } else { "FAILED" }
            );
        }
        if let Some(dir) = save {
            let name = std::path::Path::new(file).file_name().unwrap();
            let cells: String = out
                .statuses
                .iter()
                .enumerate()
                .filter(|(_, s)| s.is_suppressed())
                .map(|(i, _)| format!("{i}\n"))
                .collect();
            std::fs::write(std::path::Path::new(dir).join(name), cells).unwrap();
        }
        print!(
            "  naive baseline             {:>9.1} ms  secondary {sb}",
            ms(t_naive)
        );
        if audit_baseline {
            let r = audit(system, &base, policy, AuditScope::Primary);
            print!(", {} primary cells exposed", r.findings.len());
        }
        println!();
    }
    println!(
        "\nall problems: {:.1} ms protected (read + structure + secondary + repair + audit); naive baseline {:.1} ms",
        ms(total),
        ms(total_naive)
    );
}
