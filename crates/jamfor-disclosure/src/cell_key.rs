//! The cell key method: a perturbative alternative to suppression.
//!
//! Every count is published, each with a small random change drawn from a declared
//! *perturbation table* (for each true value, the published values and their probabilities).
//! The draw is decided by the cell's *key*, a number in `[0, 1)` that is a keyed hash of what
//! the cell counts and where: the same cell gets the same key, hence the same published value,
//! wherever and however often it appears (two indicators sharing a numerator, the same history
//! year in next year's release). Averaging repeated requests for the same cell therefore
//! learns nothing; this consistency is what separates the method from plain random noise
//! (Thompson, Broadfoot and Elazar 2013, the ABS method; Giessing and Tent 2019 for the table
//! format used here).
//!
//! The ABS keys a cell by the sum of its records' random keys, so that a cell is recognised by
//! *who* it contains. Here counts arrive aggregated, so the key comes from the cell's identity
//! (the count's definition, year and place) hashed with a secret: a count is one node however
//! many indicators publish it, which gives the same consistency for every cell the release
//! publishes. The secret is what keeps the noise unpredictable: with it and a published
//! value, a reader could rule out true values, so it is never written anywhere.
//!
//! What the method gives up: totals are perturbed on their own, so parts no longer add up to
//! their total (T ≠ K + M by a few units), and a share is computed from perturbed counts.

use std::fmt;

use sha2::{Digest, Sha256};

/// Probabilities are held in parts per billion, so that drawing is integer arithmetic and the
/// same key gives the same value on every machine.
pub const PARTS: u32 = 1_000_000_000;

/// How far from zero a row's mean perturbation may be, in parts per billion times units:
/// rounding each probability to a part per billion moves the mean by at most a few parts.
const MEAN_TOLERANCE: i128 = 1_000;

/// One row of a perturbation table: a true value and the values it may be published as.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PerturbationRow {
    /// The true count.
    pub original: u64,
    /// Published value and its probability in parts per billion (summing to [`PARTS`]).
    pub outcomes: Vec<(u64, u32)>,
}

/// A checked perturbation table. Row `i` holds the outcomes of true value `i`; the last row
/// serves every larger value, shifted by the difference (its perturbations `j − i` are the
/// ones of every large count).
#[derive(Clone, PartialEq, Eq)]
pub struct PerturbationTable {
    rows: Vec<PerturbationRow>,
}

/// A table that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TableError {
    /// No rows.
    Empty,
    /// The rows must be the values 0, 1, 2, … in order.
    Gap { expected: u64, found: u64 },
    /// A row's probabilities do not add up to one.
    NotOne { original: u64, parts: u64 },
    /// A row's mean perturbation is not zero: the published counts would be biased.
    Biased { original: u64 },
    /// A row publishes a value in `1..min_count`, which the threshold says is never shown.
    BelowThreshold {
        original: u64,
        published: u64,
        min_count: u64,
    },
    /// The last row publishes a value that, shifted for a larger count, could fall below the
    /// threshold or to zero.
    LastRowTooLow { original: u64, published: u64 },
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => write!(f, "the perturbation table has no rows"),
            Self::Gap { expected, found } => write!(
                f,
                "the perturbation table must list the values 0, 1, 2, … in order: expected {expected}, found {found}"
            ),
            Self::NotOne { original, parts } => write!(
                f,
                "the probabilities of {original} add up to {:.9}, not 1",
                *parts as f64 / f64::from(PARTS)
            ),
            Self::Biased { original } => write!(
                f,
                "the perturbations of {original} do not average to zero, so published counts would be biased"
            ),
            Self::BelowThreshold {
                original,
                published,
                min_count,
            } => write!(
                f,
                "{original} may be published as {published}, but counts from 1 to {} are never shown (min_count = {min_count})",
                min_count - 1
            ),
            Self::LastRowTooLow {
                original,
                published,
            } => write!(
                f,
                "the last row ({original}) serves every larger count, so it must publish at least the threshold and never 0; it publishes {published}"
            ),
        }
    }
}

impl std::error::Error for TableError {}

impl PerturbationTable {
    /// Checks a table against the threshold: values `1..min_count` are never published.
    ///
    /// # Errors
    /// A gap in the originals, probabilities not adding up to one, a biased row, or a row that
    /// publishes a value the threshold hides.
    pub fn new(rows: Vec<PerturbationRow>, min_count: u64) -> Result<Self, TableError> {
        if rows.is_empty() {
            return Err(TableError::Empty);
        }
        let hidden = |v: u64| (1..min_count).contains(&v);
        for (expected, row) in (0u64..).zip(&rows) {
            if row.original != expected {
                return Err(TableError::Gap {
                    expected,
                    found: row.original,
                });
            }
            let parts: u64 = row.outcomes.iter().map(|&(_, p)| u64::from(p)).sum();
            if parts != u64::from(PARTS) {
                return Err(TableError::NotOne {
                    original: row.original,
                    parts,
                });
            }
            let mean: i128 = row
                .outcomes
                .iter()
                .map(|&(j, p)| (i128::from(j) - i128::from(row.original)) * i128::from(p))
                .sum();
            if mean.abs() > MEAN_TOLERANCE {
                return Err(TableError::Biased {
                    original: row.original,
                });
            }
            if let Some(&(published, _)) = row.outcomes.iter().find(|&&(j, p)| p > 0 && hidden(j)) {
                return Err(TableError::BelowThreshold {
                    original: row.original,
                    published,
                    min_count,
                });
            }
        }
        let last = rows.last().expect("not empty");
        if let Some(&(published, _)) = last
            .outcomes
            .iter()
            .find(|&&(j, p)| p > 0 && (j == 0 || j < min_count))
        {
            // Row 0 alone may publish 0: a table of one row serves only zeros exactly.
            if last.original > 0 {
                return Err(TableError::LastRowTooLow {
                    original: last.original,
                    published,
                });
            }
        }
        Ok(PerturbationTable { rows })
    }

    /// The rows, as declared.
    pub fn rows(&self) -> &[PerturbationRow] {
        &self.rows
    }

    /// The largest change the table makes to any count.
    pub fn max_change(&self) -> u64 {
        self.rows
            .iter()
            .flat_map(|r| r.outcomes.iter().map(move |&(j, _)| j.abs_diff(r.original)))
            .max()
            .unwrap_or(0)
    }

    /// The published value of a true `value` whose cell has `key` (uniform over all `u64`).
    pub fn perturb(&self, value: u64, key: u64) -> u64 {
        let last = self.rows.len() as u64 - 1;
        let row = &self.rows[value.min(last) as usize];
        let shift = value.saturating_sub(last);
        // A uniform draw in 0..PARTS from the key's high bits.
        let draw = ((u128::from(key) * u128::from(PARTS)) >> 64) as u64;
        let mut cumulative = 0u64;
        for &(published, parts) in &row.outcomes {
            cumulative += u64::from(parts);
            if draw < cumulative {
                return published + shift;
            }
        }
        // Not reached: the parts add up to PARTS and draw < PARTS.
        value
    }
}

impl fmt::Debug for PerturbationTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "PerturbationTable({} rows, changes up to ±{})",
            self.rows.len(),
            self.max_change()
        )
    }
}

/// The secret the cell keys are derived from. It never appears in output: its `Debug` shows
/// only its length.
#[derive(Clone, PartialEq, Eq)]
pub struct CellKeySecret(Vec<u8>);

impl CellKeySecret {
    /// Wraps secret bytes.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        CellKeySecret(bytes.into())
    }

    /// The key of the cell with `identity`: HMAC-SHA-256 of the identity under the secret,
    /// read as a number. Without the secret, keys of different cells look independent and
    /// uniform; with it, the same identity always gives the same key.
    pub fn key(&self, identity: &str) -> u64 {
        const BLOCK: usize = 64;
        let mut block = [0u8; BLOCK];
        if self.0.len() > BLOCK {
            block[..32].copy_from_slice(&Sha256::digest(&self.0));
        } else {
            block[..self.0.len()].copy_from_slice(&self.0);
        }
        let pad = |byte: u8| block.map(|b| b ^ byte);
        let mut inner = Sha256::new();
        inner.update(pad(0x36));
        inner.update(identity.as_bytes());
        let mut outer = Sha256::new();
        outer.update(pad(0x5c));
        outer.update(inner.finalize());
        let mac = outer.finalize();
        let mut first = [0u8; 8];
        first.copy_from_slice(&mac[..8]);
        u64::from_be_bytes(first)
    }
}

impl fmt::Debug for CellKeySecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CellKeySecret({} bytes)", self.0.len())
    }
}

/// Parameters of the cell key method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CellKeyPolicy {
    /// Published values below it (other than 0) never occur; the table is checked for it.
    pub min_count: u64,
    /// The perturbation table.
    pub table: PerturbationTable,
    /// The secret the cell keys come from.
    pub secret: CellKeySecret,
    /// A share or rate on a (published) denominator below this is not reliable and is not
    /// published: a quality rule, as under suppression.
    pub min_denominator: Option<u64>,
    /// Decimals with which shares and rates are published.
    pub published_decimals: u32,
}

impl CellKeyPolicy {
    /// The published value of the cell `identity` whose true count is `value`.
    pub fn publish(&self, identity: &str, value: u64) -> u64 {
        self.table.perturb(value, self.secret.key(identity))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(original: u64, outcomes: &[(u64, f64)]) -> PerturbationRow {
        PerturbationRow {
            original,
            outcomes: outcomes
                .iter()
                .map(|&(j, p)| (j, (p * f64::from(PARTS)).round() as u32))
                .collect(),
        }
    }

    fn example() -> PerturbationTable {
        PerturbationTable::new(
            vec![
                row(0, &[(0, 1.0)]),
                row(1, &[(0, 0.7), (3, 0.2), (4, 0.1)]),
                row(2, &[(0, 0.4), (3, 0.4), (4, 0.2)]),
                row(3, &[(0, 0.1), (3, 0.7), (4, 0.1), (5, 0.1)]),
                row(4, &[(3, 0.3), (4, 0.45), (5, 0.2), (6, 0.05)]),
                row(5, &[(3, 0.1), (4, 0.2), (5, 0.4), (6, 0.2), (7, 0.1)]),
            ],
            3,
        )
        .expect("the example table is valid")
    }

    #[test]
    fn the_same_identity_gets_the_same_key_and_different_secrets_differ() {
        let a = CellKeySecret::new("en hemlig nyckel som är lång nog");
        let b = CellKeySecret::new("en annan hemlig nyckel, lika lång");
        assert_eq!(a.key("x|2024|kommun 0180"), a.key("x|2024|kommun 0180"));
        assert_ne!(a.key("x|2024|kommun 0180"), a.key("x|2024|kommun 0181"));
        assert_ne!(a.key("x|2024|kommun 0180"), b.key("x|2024|kommun 0180"));
    }

    #[test]
    fn the_key_is_hmac_sha256() {
        // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?".
        let mac = CellKeySecret::new("Jefe").key("what do ya want for nothing?");
        assert_eq!(mac, 0x5bdc_c146_bf60_754e);
    }

    #[test]
    fn outcomes_follow_the_declared_probabilities() {
        let table = example();
        let secret = CellKeySecret::new("sekretess för provet av fördelningen");
        let n = 20_000u64;
        let mut seen = std::collections::BTreeMap::<u64, u64>::new();
        let mut sum = 0i64;
        for cell in 0..n {
            let v = table.perturb(40, secret.key(&format!("cell {cell}")));
            *seen.entry(v).or_default() += 1;
            sum += v as i64 - 40;
        }
        // Large counts use the last row shifted: 40 → 38 to 42.
        assert_eq!(
            seen.keys().copied().collect::<Vec<_>>(),
            vec![38, 39, 40, 41, 42]
        );
        let share = |v: u64| seen[&v] as f64 / n as f64;
        for (v, p) in [(38, 0.1), (39, 0.2), (40, 0.4), (41, 0.2), (42, 0.1)] {
            assert!((share(v) - p).abs() < 0.02, "{v}: {seen:?}");
        }
        // Unbiased: the mean change is near zero (its standard error is about 0.008).
        assert!(
            (sum as f64 / n as f64).abs() < 0.05,
            "mean change {sum}/{n}"
        );
    }

    #[test]
    fn zeros_stay_zero_and_small_counts_never_show() {
        let table = example();
        let secret = CellKeySecret::new("sekretess för små tal i tabellen");
        for cell in 0..2_000 {
            let key = secret.key(&format!("{cell}"));
            assert_eq!(table.perturb(0, key), 0);
            for value in 1..10 {
                let p = table.perturb(value, key);
                assert!(p == 0 || p >= 3, "{value} published as {p}");
            }
        }
    }

    #[test]
    fn bad_tables_are_refused_with_the_reason() {
        let gap = PerturbationTable::new(vec![row(0, &[(0, 1.0)]), row(2, &[(2, 1.0)])], 3);
        assert_eq!(
            gap.err(),
            Some(TableError::Gap {
                expected: 1,
                found: 2
            })
        );
        let not_one = PerturbationTable::new(vec![row(0, &[(0, 0.9)])], 3);
        assert!(matches!(
            not_one,
            Err(TableError::NotOne { original: 0, .. })
        ));
        let biased =
            PerturbationTable::new(vec![row(0, &[(0, 1.0)]), row(1, &[(0, 0.5), (3, 0.5)])], 3);
        assert_eq!(biased.err(), Some(TableError::Biased { original: 1 }));
        let small =
            PerturbationTable::new(vec![row(0, &[(0, 1.0)]), row(1, &[(0, 0.5), (2, 0.5)])], 3);
        assert_eq!(
            small.err(),
            Some(TableError::BelowThreshold {
                original: 1,
                published: 2,
                min_count: 3
            })
        );
        let last = PerturbationTable::new(
            vec![
                row(0, &[(0, 1.0)]),
                row(1, &[(0, 0.7), (3, 0.2), (4, 0.1)]),
                row(2, &[(0, 0.4), (3, 0.4), (4, 0.2)]),
            ],
            3,
        );
        assert!(matches!(last, Err(TableError::LastRowTooLow { .. })));
    }

    #[test]
    fn the_secret_is_not_shown_in_debug_output() {
        let secret = CellKeySecret::new("mycket hemligt");
        assert_eq!(format!("{secret:?}"), "CellKeySecret(14 bytes)");
    }
}
