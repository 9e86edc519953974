//! Standardised Euclidean distance and the k nearest neighbours, on plain numbers.
//!
//! Kept free of results and definitions so that the method can be read and tested on its own.

/// Standardises each column of `rows` (one row per kommun, one column per nyckeltal) to z-scores,
/// `(x − mean) / sd` with the population standard deviation. A column without spread becomes all
/// zeros: it cannot tell kommuner apart, so it adds nothing to any distance.
pub fn standardise(rows: &[Vec<f64>]) -> Vec<Vec<f64>> {
    let n = rows.len();
    let width = rows.first().map_or(0, Vec::len);
    let mut out = vec![vec![0.0; width]; n];
    if n == 0 {
        return out;
    }
    for column in 0..width {
        let mean = sum_sorted(rows.iter().map(|r| r[column])) / n as f64;
        let variance = sum_sorted(rows.iter().map(|r| (r[column] - mean).powi(2))) / n as f64;
        let sd = variance.sqrt();
        if sd > 0.0 && sd.is_finite() {
            for (i, row) in rows.iter().enumerate() {
                out[i][column] = (row[column] - mean) / sd;
            }
        }
    }
    out
}

/// A sum that does not depend on the order of its terms: floating-point addition is not
/// associative, and the groups must not change when the same kommuner come in another order.
fn sum_sorted(terms: impl Iterator<Item = f64>) -> f64 {
    let mut terms: Vec<f64> = terms.collect();
    terms.sort_by(f64::total_cmp);
    terms.iter().sum()
}

/// Euclidean distance of two equally long vectors, summed in index order. `(x − y)²` equals
/// `(y − x)²` exactly in floating point, so `distance(a, b) == distance(b, a)` bit for bit.
pub(crate) fn distance(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y) * (x - y))
        .sum::<f64>()
        .sqrt()
}

/// One of a kommun's nearest kommuner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Neighbour {
    /// Index of the neighbour in the input rows.
    pub index: usize,
    /// Its distance.
    pub distance: f64,
}

/// For each row of `z`, the `k` nearest other rows, nearest first; at equal distance the row with
/// the smaller `codes` entry comes first, so the result does not depend on the order of the input.
/// Fewer than `k` are returned when there are fewer other rows.
///
/// # Panics
/// When `codes` and `z` differ in length (a bug of the caller).
pub fn nearest(z: &[Vec<f64>], codes: &[&str], k: usize) -> Vec<Vec<Neighbour>> {
    assert_eq!(z.len(), codes.len(), "one code per row");
    (0..z.len())
        .map(|i| {
            let mut others: Vec<Neighbour> = (0..z.len())
                .filter(|&j| j != i)
                .map(|j| Neighbour {
                    index: j,
                    distance: distance(&z[i], &z[j]),
                })
                .collect();
            others.sort_by(|a, b| {
                a.distance
                    .total_cmp(&b.distance)
                    .then_with(|| codes[a.index].cmp(codes[b.index]))
            });
            others.truncate(k);
            others
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standardised_columns_have_mean_zero_and_unit_spread() {
        let rows = vec![vec![1.0, 10.0], vec![2.0, 10.0], vec![3.0, 10.0]];
        let z = standardise(&rows);
        let sd = (2.0f64 / 3.0).sqrt();
        assert!((z[0][0] + 1.0 / sd).abs() < 1e-12);
        assert!(z[1][0].abs() < 1e-12);
        assert!((z[2][0] - 1.0 / sd).abs() < 1e-12);
        // No spread: no contribution.
        assert!(z.iter().all(|r| r[1] == 0.0));
    }

    #[test]
    fn equal_distances_are_ordered_by_code() {
        // b and c lie equally far from a, on either side.
        let z = vec![vec![0.0], vec![1.0], vec![-1.0], vec![5.0]];
        let near = nearest(&z, &["0a", "0c", "0b", "0d"], 2);
        let first: Vec<usize> = near[0].iter().map(|n| n.index).collect();
        assert_eq!(first, vec![2, 1], "0b before 0c at equal distance");
    }
}
