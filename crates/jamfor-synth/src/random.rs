//! Randomness that is the same on every machine: a xoshiro256** stream seeded through splitmix64,
//! keyed hashes for values that must not depend on generation order, and the few distributions the
//! generators need, built from `+ - * / sqrt` only.
//!
//! Why not `rand`: its algorithms and value streams may change between versions, and the point of
//! synth is that `--seed 7` gives the same bytes next year. Why no `exp`/`ln` from the standard
//! library: those come from the platform's maths library and may differ in the last bit between
//! machines, which is enough to move a rounded count. IEEE 754 guarantees `+ - * / sqrt`.

/// The splitmix64 finaliser: a bijection on `u64` that scatters nearby inputs.
pub(crate) fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// One key from several parts, order-sensitive.
pub(crate) fn key(delar: &[u64]) -> u64 {
    delar
        .iter()
        .fold(0x6A09_E667_F3BC_C908, |h, &d| mix(h ^ mix(d)))
}

/// A stable number for a text (FNV-1a), so keys can name sources and columns.
pub(crate) fn text_key(text: &str) -> u64 {
    text.bytes().fold(0xCBF2_9CE4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01B3)
    })
}

/// A uniform number in [0, 1) from a key: for per-kommun traits that must be the same whichever
/// file asks for them.
pub(crate) fn uniform_of(key: u64) -> f64 {
    (mix(key) >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

/// A roughly standard-normal number from a key (Irwin–Hall with twelve uniforms).
pub(crate) fn normal_av(key: u64) -> f64 {
    let mut s = Rng::ny(key);
    s.normal()
}

/// Bit mask of the 48-bit identifier space.
const MASK48: u64 = (1 << 48) - 1;

/// A bijection on 48-bit numbers: distinct serial numbers give distinct, random-looking
/// identifiers, so `lopnr` never collides within a file and never looks like a personnummer.
pub(crate) fn mix48(x: u64) -> u64 {
    let mut z = x & MASK48;
    z ^= z >> 24;
    z = z.wrapping_mul(0x9FB2_1C65_1E98_DF25 | 1) & MASK48;
    z ^= z >> 21;
    z = z.wrapping_mul(0xD6E8_FEB8_6659_FD93 | 1) & MASK48;
    z ^= z >> 24;
    z
}

/// `e^x` for `x` in about [-60, 1], from a Taylor series and repeated squaring: only the operations
/// IEEE 754 rounds exactly, so every machine gets the same bits.
pub(crate) fn exp(x: f64) -> f64 {
    // e^x = (e^(x/256))^256; |x/256| < 0.25 makes 14 terms far more than enough.
    let y = x / 256.0;
    let mut term = 1.0;
    let mut sum = 1.0;
    for n in 1..=14 {
        term = term * y / f64::from(n);
        sum += term;
    }
    for _ in 0..8 {
        sum *= sum;
    }
    sum
}

/// `ln x` for `x > 0`: the exponent split off by bit operations, the mantissa m in [1, 2) by the
/// series of `2 atanh((m - 1)/(m + 1))` — again only exactly rounded operations.
pub(crate) fn ln(x: f64) -> f64 {
    if x <= 0.0 || !x.is_finite() {
        return f64::NEG_INFINITY;
    }
    // Subnormals do not occur here (uniforms are multiples of 2^-53); scale them anyway.
    let (x, extra) = if x < f64::MIN_POSITIVE {
        (x * (1u64 << 54) as f64, -54)
    } else {
        (x, 0)
    };
    let bits = x.to_bits();
    let e = ((bits >> 52) & 0x7FF) as i64 - 1023 + extra;
    let m = f64::from_bits((bits & ((1u64 << 52) - 1)) | (1023u64 << 52));
    // Centre the mantissa on 1 so the series converges fast: m in [0.75, 1.5).
    let (m, e) = if m > 1.5 { (m / 2.0, e + 1) } else { (m, e) };
    let s = (m - 1.0) / (m + 1.0);
    let s2 = s * s;
    // |s| ≤ 0.2, so s^2 ≤ 0.04: seven terms of s (1 + s²/3 + s⁴/5 + …) leave an error below
    // 1e-11, far finer than any draw needs.
    let sum = s
        * (1.0
            + s2 * (1.0 / 3.0
                + s2 * (1.0 / 5.0
                    + s2 * (1.0 / 7.0 + s2 * (1.0 / 9.0 + s2 * (1.0 / 11.0 + s2 / 13.0))))));
    2.0 * sum + e as f64 * std::f64::consts::LN_2
}

/// A geometric distribution on 1, 2, …, with its logarithm worked out once.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Geometric {
    /// `ln(1 - 1/medel)`: the log of the chance of going on another step.
    ln_kvar: f64,
}

impl Geometric {
    /// With the given mean (at least 1).
    pub(crate) fn with_mean(medel: f64) -> Geometric {
        let ln_kvar = if medel <= 1.0 {
            0.0
        } else {
            ln(1.0 - 1.0 / medel)
        };
        Geometric { ln_kvar }
    }
}

/// A xoshiro256** stream.
#[derive(Debug, Clone)]
pub(crate) struct Rng {
    s: [u64; 4],
}

impl Rng {
    /// A stream for a key; splitmix64 expands the key into a well-mixed state.
    pub(crate) fn ny(key: u64) -> Self {
        let mut x = key;
        let mut s = [0u64; 4];
        for v in &mut s {
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            *v = mix(x);
        }
        // xoshiro must not start from all zeros; splitmix64 never yields four zeros, but be sure.
        if s == [0; 4] {
            s[0] = 1;
        }
        Rng { s }
    }

    /// The next 64 random bits.
    pub(crate) fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform in [0, 1).
    pub(crate) fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in `0..n` (n > 0), by the multiply-shift method: no modulo bias worth speaking of.
    pub(crate) fn under(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Uniform in `lo..=hi`.
    pub(crate) fn between(&mut self, lo: i64, hi: i64) -> i64 {
        debug_assert!(lo <= hi);
        lo + self.under((hi - lo + 1) as u64) as i64
    }

    /// True with probability `p`.
    pub(crate) fn chance(&mut self, p: f64) -> bool {
        self.uniform() < p
    }

    /// Roughly standard normal (Irwin–Hall: twelve uniforms minus six), cut at ±6.
    pub(crate) fn normal(&mut self) -> f64 {
        let mut s = -6.0;
        for _ in 0..12 {
            s += self.uniform();
        }
        s
    }

    /// A whole number ≥ 1 from a geometric distribution: the number of months of a spell when
    /// each month ends it with the same probability.
    pub(crate) fn geometric(&mut self, g: Geometric) -> u32 {
        if g.ln_kvar >= 0.0 {
            return 1;
        }
        let u = 1.0 - self.uniform();
        let n = ln(u) / g.ln_kvar;
        1 + n.min(1.0e6) as u32
    }

    /// Log-normal with the given median and spread (the standard deviation of its logarithm).
    pub(crate) fn lognormal(&mut self, median: f64, spridning: f64) -> f64 {
        median * exp(spridning * self.normal())
    }

    /// A Poisson count with mean `lambda`: exact (Knuth's product of uniforms) for small means,
    /// the normal approximation for large ones.
    pub(crate) fn poisson(&mut self, lambda: f64) -> u64 {
        if lambda <= 0.0 {
            return 0;
        }
        if lambda < 30.0 {
            let grans = exp(-lambda);
            let mut k = 0;
            let mut p = self.uniform();
            while p > grans {
                k += 1;
                p *= self.uniform();
            }
            return k;
        }
        let x = lambda + lambda.sqrt() * self.normal();
        if x <= 0.0 {
            0
        } else {
            (x + 0.5).floor() as u64
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stream_is_fixed() {
        // Pinned so that a change to the generator cannot slip through: every synthetic file
        // would change with it.
        let mut s = Rng::ny(1);
        let first: Vec<u64> = (0..3).map(|_| s.next_u64()).collect();
        let mut again = Rng::ny(1);
        assert_eq!(first, (0..3).map(|_| again.next_u64()).collect::<Vec<_>>());
        assert_ne!(first, {
            let mut other = Rng::ny(2);
            (0..3).map(|_| other.next_u64()).collect::<Vec<_>>()
        });
    }

    #[test]
    fn exp_is_close_to_std() {
        for x in [-40.0, -12.5, -3.0, -1.0, -0.1, 0.0, 0.5, 1.0] {
            let ours = exp(x);
            let std = f64::exp(x);
            assert!(((ours - std) / std).abs() < 1e-12, "{x}: {ours} vs {std}");
        }
    }

    #[test]
    fn ln_is_close_to_std() {
        for x in [
            1e-300, 1e-12, 0.001, 0.3, 0.75, 1.0, 1.4999, 1.5001, 2.0, 7.5, 1e9,
        ] {
            let ours = ln(x);
            let std = f64::ln(x);
            assert!(
                (ours - std).abs() < 1e-10 * std.abs().max(1.0),
                "{x}: {ours} vs {std}"
            );
        }
    }

    #[test]
    fn geometric_mean_is_right() {
        let mut s = Rng::ny(4);
        let n = 40_000;
        let g = Geometric::with_mean(8.0);
        let sum: u64 = (0..n).map(|_| u64::from(s.geometric(g))).sum();
        let mean = sum as f64 / f64::from(n);
        assert!((mean - 8.0).abs() < 0.2, "{mean}");
    }

    #[test]
    fn identifiers_are_a_bijection_on_a_sample() {
        let mut seen: Vec<u64> = (0..100_000).map(mix48).collect();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), 100_000);
        assert!(seen.iter().all(|&x| x <= MASK48));
    }

    #[test]
    fn poisson_mean_is_right() {
        let mut s = Rng::ny(9);
        for lambda in [0.3, 4.0, 25.0, 80.0] {
            let n = 20_000;
            let sum: u64 = (0..n).map(|_| s.poisson(lambda)).sum();
            let mean = sum as f64 / f64::from(n);
            assert!(
                (mean - lambda).abs() < 0.05 * lambda + 0.05,
                "{lambda}: {mean}"
            );
        }
    }
}
