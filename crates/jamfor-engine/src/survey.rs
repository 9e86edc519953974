//! The survey estimator for brukarundersökningar: a weighted share with a confidence interval.
//!
//! With design weights wᵢ (persons in the population a respondent represents) and yᵢ = 1 for a
//! positive answer, the share is p = Σwᵢyᵢ / Σwᵢ over respondents who answered the question. Its
//! variance is estimated by linearisation of the ratio, v(p) = Σwᵢ²(yᵢ − p)² / (Σwᵢ)², which for a
//! 0/1 variable expands to (Σwᵢ²yᵢ·(1 − 2p) + p²·Σwᵢ²) / (Σwᵢ)² — a sum of additive parts, so län
//! and riket are estimated from kommun partial sums like everything else.
//!
//! The interval is the Wilson score interval ([`crate::interval::wilson`]) on the effective sample
//! size n* = p(1 − p) / v(p), the number of unweighted respondents that would give the same
//! variance (Korn & Graubard 1998; with Wilson's interval as in Dean & Pagano 2015), at most the
//! number of respondents; where p is 0 or 1 and the variance says nothing, Kish's
//! n* = (Σwᵢ)² / Σwᵢ². A symmetric p ± z·√v(p) would collapse to a point at 0 % and 100 % — 9 of
//! 9 satisfied respondents are not certainly 100 % of the users —
//! and leave [0, 1] near them. No finite-population correction is applied, which makes the
//! interval slightly conservative where most of a kommun's users answered. Without a declared
//! weight every wᵢ is 1, n* is the number of respondents and this is the ordinary Wilson interval.

/// Additive parts of the estimator, over respondents who answered the question.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Sums {
    /// Respondents.
    pub(crate) n: f64,
    /// Σw.
    pub(crate) w: f64,
    /// Σw·y.
    pub(crate) wy: f64,
    /// Σw².
    pub(crate) w2: f64,
    /// Σw²·y.
    pub(crate) w2y: f64,
}

/// A share and its interval, as fractions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Estimate {
    pub(crate) share: f64,
    pub(crate) low: f64,
    pub(crate) high: f64,
}

impl Sums {
    /// The estimate at `confidence` (e.g. 0.95); `None` without respondents.
    #[cfg(test)]
    pub(crate) fn estimate(self, confidence: f64) -> Option<Estimate> {
        self.estimate_with(critical_value(confidence))
    }

    /// The estimate with the interval's half-width `z` standard errors: `z` is the same for every
    /// cell of an indicator, and finding it takes longer than all the rest.
    pub(crate) fn estimate_with(self, z: f64) -> Option<Estimate> {
        if self.n <= 0.0 || self.w <= 0.0 {
            return None;
        }
        let p = (self.wy / self.w).clamp(0.0, 1.0);
        let variance =
            ((self.w2y * (1.0 - 2.0 * p) + p * p * self.w2) / (self.w * self.w)).max(0.0);
        let kish = self.w * self.w / self.w2;
        let effective = if p > 0.0 && p < 1.0 && variance > 0.0 {
            p * (1.0 - p) / variance
        } else {
            kish
        }
        .min(self.n);
        let (low, high) = crate::interval::wilson(p * effective, effective, z)?;
        Some(Estimate {
            share: p,
            low,
            high,
        })
    }
}

/// Φ(x), the standard normal distribution function, from the complementary error function: a
/// Maclaurin series below 2 and a continued fraction above, both accurate to about 1e-12 over the
/// range confidence levels need.
fn normal_cdf(x: f64) -> f64 {
    0.5 * erfc(-x / std::f64::consts::SQRT_2)
}

fn erfc(x: f64) -> f64 {
    if x < 0.0 {
        return 2.0 - erfc(-x);
    }
    if x < 2.0 {
        // Maclaurin series of erf.
        let mut term = x;
        let mut sum = x;
        let mut n = 0.0;
        while term.abs() > 1e-17 * sum.abs() {
            n += 1.0;
            term *= -x * x / n;
            sum += term / (2.0 * n + 1.0);
        }
        return 1.0 - 2.0 / std::f64::consts::PI.sqrt() * sum;
    }
    // Continued fraction for large x, evaluated backwards.
    let mut f = 0.0;
    for k in (1..=60).rev() {
        f = f64::from(k) / 2.0 / (x + f);
    }
    (-x * x).exp() / std::f64::consts::PI.sqrt() / (x + f)
}

/// z with Φ(z) = q, by bisection on Φ (only called once per cell, so speed does not matter).
/// The standard normal quantile for a two-sided interval at `confidence`.
pub(crate) fn critical_value(confidence: f64) -> f64 {
    normal_quantile(0.5 + confidence / 2.0)
}

pub(crate) fn normal_quantile(q: f64) -> f64 {
    let (mut lo, mut hi) = (-10.0_f64, 10.0_f64);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if normal_cdf(mid) < q {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_familiar_quantiles() {
        assert!((normal_quantile(0.975) - 1.959_964).abs() < 1e-6);
        assert!((normal_quantile(0.95) - 1.644_854).abs() < 1e-6);
        assert!((normal_quantile(0.5)).abs() < 1e-9);
    }

    #[test]
    fn unweighted_is_the_wilson_interval() {
        // 40 of 100 respondents: p = 0.4; Wilson with z = 1.96: centre (0.4 + z²/200) / (1 + z²/100),
        // half-width z / (1 + z²/100) · √(0.0024 + z²/40000).
        let s = Sums {
            n: 100.0,
            w: 100.0,
            wy: 40.0,
            w2: 100.0,
            w2y: 40.0,
        };
        let e = s.estimate(0.95).unwrap_or(Estimate {
            share: 0.0,
            low: 0.0,
            high: 0.0,
        });
        assert!((e.share - 0.4).abs() < 1e-12);
        let z2 = 1.959_964_f64 * 1.959_964;
        let centre = (0.4 + z2 / 200.0) / (1.0 + z2 / 100.0);
        let half = 1.959_964 / (1.0 + z2 / 100.0) * (0.0024 + z2 / 40_000.0).sqrt();
        assert!((e.low - (centre - half)).abs() < 1e-6);
        assert!((e.high - (centre + half)).abs() < 1e-6);
        // About 0.3094 to 0.4980, where the Wald interval would say 0.3040 to 0.4960.
        assert!((e.low - 0.309_4).abs() < 1e-4 && (e.high - 0.498_0).abs() < 1e-4);
    }

    #[test]
    fn weights_scale_away_in_the_share() {
        // The same respondents with every weight 7: same share, same interval.
        let s = Sums {
            n: 100.0,
            w: 700.0,
            wy: 280.0,
            w2: 4900.0,
            w2y: 1960.0,
        };
        let e = s.estimate(0.95).unwrap_or(Estimate {
            share: 0.0,
            low: 0.0,
            high: 0.0,
        });
        assert!((e.share - 0.4).abs() < 1e-12);
        let unweighted = Sums {
            n: 100.0,
            w: 100.0,
            wy: 40.0,
            w2: 100.0,
            w2y: 40.0,
        }
        .estimate(0.95)
        .unwrap_or(e);
        assert!((e.low - unweighted.low).abs() < 1e-12 && (e.high - unweighted.high).abs() < 1e-12);
    }

    fn unweighted(n: f64, yes: f64) -> Sums {
        Sums {
            n,
            w: n,
            wy: yes,
            w2: n,
            w2y: yes,
        }
    }

    #[test]
    fn everyone_or_no_one_positive_is_not_certain() {
        let z2 = 1.959_964_f64 * 1.959_964;
        // 9 of 9: [9 / (9 + z²), 1] = [0.7009, 1], not the point 1 a Wald interval gives.
        let all = unweighted(9.0, 9.0).estimate(0.95).unwrap_or(Estimate {
            share: 0.0,
            low: 0.0,
            high: 0.0,
        });
        assert!((all.low - 9.0 / (9.0 + z2)).abs() < 1e-6 && all.high == 1.0);
        // 0 of 9: [0, z² / (9 + z²)].
        let none = unweighted(9.0, 0.0).estimate(0.95).unwrap_or(all);
        assert!(none.low == 0.0 && (none.high - z2 / (9.0 + z2)).abs() < 1e-6);
        // One respondent: [1 / (1 + z²), 1] = [0.2065, 1].
        let one = unweighted(1.0, 1.0).estimate(0.95).unwrap_or(all);
        assert!((one.low - 0.206_549).abs() < 1e-6 && one.high == 1.0);
        // Weighted, all positive: Kish's effective size (Σw)² / Σw² = 16 / 6 for weights 1, 1, 2.
        let weighted = Sums {
            n: 3.0,
            w: 4.0,
            wy: 4.0,
            w2: 6.0,
            w2y: 6.0,
        }
        .estimate(0.95)
        .unwrap_or(all);
        let kish = 16.0 / 6.0;
        assert!((weighted.low - kish / (kish + z2)).abs() < 1e-6);
    }

    #[test]
    fn no_respondents_no_estimate() {
        assert!(
            Sums {
                n: 0.0,
                w: 0.0,
                wy: 0.0,
                w2: 0.0,
                w2y: 0.0
            }
            .estimate(0.95)
            .is_none()
        );
    }
}
