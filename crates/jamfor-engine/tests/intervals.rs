//! The interval estimators against values computed by hand (formulas in the comments), at the
//! edges where estimators usually fail: 0 %, 100 %, one person, no events.

#![allow(clippy::unwrap_used, reason = "a test: a panic is the failure report")]

use jamfor_engine::interval::{CONFIDENCE, critical_value, poisson, wilson};

const Z: f64 = 1.959_963_984_540_054;
/// z² at 95 %.
const Z2: f64 = Z * Z;

fn close(actual: (f64, f64), expected: (f64, f64), tolerance: f64) {
    assert!(
        (actual.0 - expected.0).abs() <= tolerance && (actual.1 - expected.1).abs() <= tolerance,
        "{actual:?} is not {expected:?} (± {tolerance})"
    );
}

#[test]
fn the_95_percent_quantile() {
    assert!((critical_value(CONFIDENCE) - Z).abs() < 1e-9);
}

#[test]
fn wilson_half_of_ten() {
    // p = 0.5, n = 10: centre 0.5, half-width z / (1 + z²/10) · √(0.025 + z²/400) = 0.263407.
    let half = Z / (1.0 + Z2 / 10.0) * (0.025 + Z2 / 400.0).sqrt();
    close(
        wilson(5.0, 10.0, Z).unwrap(),
        (0.5 - half, 0.5 + half),
        1e-12,
    );
    close(wilson(5.0, 10.0, Z).unwrap(), (0.236_593, 0.763_407), 1e-6);
}

#[test]
fn wilson_at_zero_and_at_everyone() {
    // x = 0: [0, (z²/n) / (1 + z²/n)] = [0, z² / (n + z²)]; for n = 10 that is 0.277532.
    assert_eq!(wilson(0.0, 10.0, Z).unwrap().0, 0.0);
    close(
        wilson(0.0, 10.0, Z).unwrap(),
        (0.0, Z2 / (10.0 + Z2)),
        1e-12,
    );
    close(wilson(0.0, 10.0, Z).unwrap(), (0.0, 0.277_532), 1e-6);
    // x = n: the mirror image, [n / (n + z²), 1].
    assert_eq!(wilson(10.0, 10.0, Z).unwrap().1, 1.0);
    close(wilson(10.0, 10.0, Z).unwrap(), (0.722_468, 1.0), 1e-6);
}

#[test]
fn wilson_of_one_person() {
    // n = 1: [1 / (1 + z²), 1] for a yes, [0, z² / (1 + z²)] for a no.
    close(wilson(1.0, 1.0, Z).unwrap(), (1.0 / (1.0 + Z2), 1.0), 1e-12);
    close(wilson(1.0, 1.0, Z).unwrap(), (0.206_549, 1.0), 1e-6);
    close(wilson(0.0, 1.0, Z).unwrap(), (0.0, 0.793_451), 1e-6);
}

#[test]
fn wilson_refuses_what_is_no_share() {
    assert_eq!(wilson(1.0, 0.0, Z), None);
    assert_eq!(wilson(3.0, 2.0, Z), None);
    assert_eq!(wilson(-1.0, 2.0, Z), None);
}

#[test]
fn poisson_with_no_events() {
    // x = 0: L = 0; U solves e^(−U) = 0.025, U = −ln 0.025 = 3.688879.
    let (low, high) = poisson(0.0, 0.95).unwrap();
    assert_eq!(low, 0.0);
    assert!((high - (-(0.025f64.ln()))).abs() < 1e-9, "{high}");
}

#[test]
fn poisson_with_one_event() {
    // x = 1: L solves 1 − e^(−L) = 0.025, L = −ln 0.975 = 0.025318; U solves
    // e^(−U)(1 + U) = 0.025, U = 5.571643.
    let (low, high) = poisson(1.0, 0.95).unwrap();
    assert!((low - (-(0.975f64.ln()))).abs() < 1e-9, "{low}");
    assert!((high - 5.571_643).abs() < 1e-6, "{high}");
    assert!(((-high).exp() * (1.0 + high) - 0.025).abs() < 1e-12);
}

#[test]
fn poisson_with_ten_and_many_events() {
    // The textbook table (e.g. Ulm 1990): 10 events, 4.7954 to 18.3904.
    close(poisson(10.0, 0.95).unwrap(), (4.795_389, 18.390_356), 1e-5);
    // Many events: close to x ± z√x, and the lower bound still solves P(X ≥ x | L) = 2.5 %.
    let (low, high) = poisson(10_000.0, 0.95).unwrap();
    assert!((low - (10_000.0 - Z * 100.0)).abs() < 2.0, "{low}");
    assert!((high - (10_000.0 + Z * 100.0)).abs() < 2.0, "{high}");
    assert_eq!(poisson(-1.0, 0.95), None);
}
