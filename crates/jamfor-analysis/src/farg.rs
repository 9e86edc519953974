//! The colour of a kommun value, as the release assigns it by the indicator's colour rule.
//!
//! The colours are computed by the release stage; analysis takes them as an input (a function from
//! a result row to its colour) so that it does not depend on how they were computed.

/// The colour of a published kommun value; no colour (grey, or an indicator without a colour
/// rule) is `None` where a colour is asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Farg {
    /// Among the best, or at least as good as the green threshold.
    Gron,
    /// In between.
    Gul,
    /// Among the worst, or beyond the red threshold.
    Rod,
}
