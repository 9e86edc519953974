//! The survey estimator for brukarundersökningar: a weighted share with a confidence interval.
//!
//! With design weights wᵢ (persons in the population a respondent represents) and yᵢ = 1 for a
//! positive answer, the share is p = Σwᵢyᵢ / Σwᵢ over respondents who answered the question. Its
//! variance is estimated by linearisation of the ratio, v(p) = Σwᵢ²(yᵢ − p)² / (Σwᵢ)², which for a
//! 0/1 variable expands to (Σwᵢ²yᵢ·(1 − 2p) + p²·Σwᵢ²) / (Σwᵢ)² — a sum of additive parts, so län
//! and riket are estimated from kommun partial sums like everything else. The interval is
//! p ± z·√v(p), clipped to [0, 1]. No finite-population correction is applied, which makes the
//! interval slightly conservative where most of a kommun's users answered. Without a declared
//! weight every wᵢ is 1 and this is the ordinary binomial (Wald) interval.

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
        let p = self.wy / self.w;
        let variance =
            ((self.w2y * (1.0 - 2.0 * p) + p * p * self.w2) / (self.w * self.w)).max(0.0);
        let half = z * variance.sqrt();
        Some(Estimate {
            share: p,
            low: (p - half).max(0.0),
            high: (p + half).min(1.0),
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
    fn unweighted_is_the_wald_interval() {
        // 40 of 100 respondents: p = 0.4, se = sqrt(0.4 * 0.6 / 100) = 0.04899.
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
        let half = 1.959_964 * (0.4_f64 * 0.6 / 100.0).sqrt();
        assert!((e.low - (0.4 - half)).abs() < 1e-6);
        assert!((e.high - (0.4 + half)).abs() < 1e-6);
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
        assert!((e.high - e.low - 2.0 * 1.959_964 * 0.048_989_794_855_663_56).abs() < 1e-6);
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
