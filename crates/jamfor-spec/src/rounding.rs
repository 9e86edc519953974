//! How a figure is rounded where it is published: workbooks, Parquet, and the shares that
//! disclosure control recomputes from perturbed counts all use this one rule.

/// A value rounded to `decimals` places, as it is published (half away from zero).
///
/// A value within float noise of a half (87.49999999999999 for a share of 7 in 8 summed in another
/// order) counts as that half: otherwise the same figure could be published as 87 in one run
/// and 88 in the next, and take another colour.
pub fn published_value(value: f64, decimals: u8) -> f64 {
    let scale = 10f64.powi(i32::from(decimals));
    let scaled = value * scale;
    let whole = scaled.trunc();
    let noise = 1e-9 * scaled.abs().max(1.0);
    if ((scaled - whole).abs() - 0.5).abs() <= noise {
        (whole + scaled.signum()) / scale
    } else {
        scaled.round() / scale
    }
}
