//! Confidence intervals for results seen as outcomes of a random process.
//!
//! A kommun's share or rate is read as what one year of a random process produced: had the same
//! service been given to other people, or the same people in another year, the figure would have
//! come out differently, and more so the fewer people there are behind it. The intervals here say
//! how differently. The estimators and why they were chosen are in `docs/uncertainty.md`.
//!
//! - [`wilson`] — a share x of n: the Wilson score interval (Wilson 1927; recommended for small n
//!   by Brown, Cai & DasGupta 2001). It never leaves [0, 1], is not degenerate at 0 % or 100 %, and
//!   its coverage is close to the nominal level on average, where the exact (Clopper–Pearson)
//!   interval is markedly conservative for small n and would hide real differences.
//! - [`poisson`] — a count x of events, as in a rate x / population × per: the exact Poisson
//!   interval (Garwood 1936), from the χ² distribution, computed here through the regularised
//!   incomplete gamma function. Exact at every count, including 0.
//!
//! Both take the normal quantile `z` (or the confidence) the caller wants; the release uses 95 %.

/// The confidence level of the intervals on register shares and rates.
pub const CONFIDENCE: f64 = 0.95;

/// The Wilson score interval of a share of `x` in `n`, as fractions; `None` unless
/// 0 ≤ x ≤ n and n > 0. `z` is the normal quantile of the interval (1.96 for 95 %).
///
/// With p = x / n: centre (p + z²/2n) / (1 + z²/n), half-width
/// z / (1 + z²/n) · √(p(1 − p)/n + z²/4n²). At x = 0 the lower bound is exactly 0 and at x = n the
/// upper exactly 1 (float rounding is not allowed to move them). `n` need not be whole: a weighted
/// survey passes its effective sample size.
pub fn wilson(x: f64, n: f64, z: f64) -> Option<(f64, f64)> {
    if !(n > 0.0 && x >= 0.0 && x <= n && z.is_finite()) {
        return None;
    }
    let p = x / n;
    let z2 = z * z;
    let denominator = 1.0 + z2 / n;
    let centre = (p + z2 / (2.0 * n)) / denominator;
    let half = z / denominator * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt();
    let low = if x == 0.0 {
        0.0
    } else {
        (centre - half).max(0.0)
    };
    let high = if x == n {
        1.0
    } else {
        (centre + half).min(1.0)
    };
    Some((low, high))
}

/// The exact (Garwood) interval of the mean of a Poisson count observed as `x`, at `confidence`:
/// the lower bound L solves P(X ≥ x | L) = α/2 (L = 0 when x = 0), the upper U solves
/// P(X ≤ x | U) = α/2, with α = 1 − confidence. Through the gamma distribution, L is the α/2
/// quantile of Gamma(x) and U the 1 − α/2 quantile of Gamma(x + 1) (χ²₂ₓ/2 and χ²₂ₓ₊₂/2).
/// `None` for a negative or non-finite count.
pub fn poisson(x: f64, confidence: f64) -> Option<(f64, f64)> {
    if !(x >= 0.0 && x.is_finite() && confidence > 0.0 && confidence < 1.0) {
        return None;
    }
    let alpha = 1.0 - confidence;
    let low = if x == 0.0 {
        0.0
    } else {
        gamma_quantile(x, alpha / 2.0)
    };
    let high = gamma_quantile(x + 1.0, 1.0 - alpha / 2.0);
    Some((low, high))
}

/// The normal quantile of a two-sided interval at `confidence` (1.959964 for 0.95).
pub fn critical_value(confidence: f64) -> f64 {
    crate::survey::critical_value(confidence)
}

/// t with P(a, t) = q, where P is the regularised lower incomplete gamma function (the
/// distribution function of Gamma(a, 1)), by bisection in a bracket around the mean a: P is
/// increasing in t, and a ± 12√a + 12 holds every quantile a confidence interval asks for.
fn gamma_quantile(a: f64, q: f64) -> f64 {
    let spread = 12.0 * a.sqrt() + 12.0;
    let (mut lo, mut hi) = ((a - spread).max(0.0), a + spread);
    // Widen until the bracket holds q (only for levels far beyond 99.99 %).
    while lower_gamma(a, hi) < q && hi < 1e300 {
        hi *= 2.0;
    }
    // Relative precision 1e-13 in a few dozen steps; a fixed count keeps it deterministic.
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if lower_gamma(a, mid) < q {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo <= 1e-13 * hi.max(1e-300) {
            break;
        }
    }
    0.5 * (lo + hi)
}

/// P(a, t), the regularised lower incomplete gamma function: a series below t = a + 1, Lentz's
/// continued fraction for Q = 1 − P above (Numerical Recipes §6.2), both to about 1e-15.
fn lower_gamma(a: f64, t: f64) -> f64 {
    if t <= 0.0 {
        return 0.0;
    }
    let log_prefix = a * t.ln() - t - ln_gamma(a);
    if t < a + 1.0 {
        let mut term = 1.0 / a;
        let mut sum = term;
        let mut n = a;
        for _ in 0..100_000 {
            n += 1.0;
            term *= t / n;
            sum += term;
            if term.abs() < sum.abs() * 1e-16 {
                break;
            }
        }
        (sum.ln() + log_prefix).exp().min(1.0)
    } else {
        const TINY: f64 = 1e-300;
        let mut b = t + 1.0 - a;
        let mut c = 1.0 / TINY;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..100_000 {
            let i = f64::from(i);
            let an = -i * (i - a);
            b += 2.0;
            d = an * d + b;
            if d.abs() < TINY {
                d = TINY;
            }
            c = b + an / c;
            if c.abs() < TINY {
                c = TINY;
            }
            d = 1.0 / d;
            let step = d * c;
            h *= step;
            if (step - 1.0).abs() < 1e-16 {
                break;
            }
        }
        (1.0 - (h.ln() + log_prefix).exp()).max(0.0)
    }
}

/// ln Γ(a) for a > 0: the Lanczos approximation (g = 7, 9 terms), accurate to about 1e-15.
fn ln_gamma(a: f64) -> f64 {
    const G: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if a < 0.5 {
        // Reflection: Γ(a)Γ(1 − a) = π / sin(πa).
        let pi = std::f64::consts::PI;
        return (pi / (pi * a).sin()).ln() - ln_gamma(1.0 - a);
    }
    let a = a - 1.0;
    let mut sum = G[0];
    for (i, g) in G.iter().enumerate().skip(1) {
        sum += g / (a + i as f64);
    }
    let t = a + 7.5;
    0.5 * (2.0 * std::f64::consts::PI).ln() + (a + 0.5) * t.ln() - t + sum.ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64, tolerance: f64) -> bool {
        (a - b).abs() <= tolerance
    }

    #[test]
    fn ln_gamma_of_whole_and_half_numbers() {
        assert!(close(ln_gamma(1.0), 0.0, 1e-14));
        assert!(close(ln_gamma(5.0), 24f64.ln(), 1e-13));
        assert!(close(
            ln_gamma(0.5),
            std::f64::consts::PI.sqrt().ln(),
            1e-14
        ));
        assert!(close(ln_gamma(101.0), 363.739_375_555_563_5, 1e-10));
    }

    #[test]
    fn lower_gamma_of_whole_a_is_a_poisson_tail() {
        // P(a, t) = P(Poisson(t) ≥ a) for whole a: with a = 3, t = 2: 1 − e⁻²(1 + 2 + 2).
        assert!(close(
            lower_gamma(3.0, 2.0),
            1.0 - (-2f64).exp() * 5.0,
            1e-14
        ));
        // Continued-fraction side: a = 2, t = 10: 1 − e⁻¹⁰ · 11.
        assert!(close(
            lower_gamma(2.0, 10.0),
            1.0 - (-10f64).exp() * 11.0,
            1e-14
        ));
    }
}
