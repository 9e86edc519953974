//! How long each step of a year's protection took, as `info` events (`jamfor run --verbose`).
//! Never part of the summary or the outputs: those stay the same from run to run.

use std::time::Instant;

/// Times the steps of one year's protection, one after the other.
pub(crate) struct Clock {
    year: i32,
    last: Instant,
}

impl Clock {
    pub(crate) fn start(year: i32) -> Self {
        Clock {
            year,
            last: Instant::now(),
        }
    }

    /// Logs the time since the previous lap as `step` of `policy` (none: the whole year's).
    pub(crate) fn lap(&mut self, policy: Option<&str>, step: &'static str) {
        let now = Instant::now();
        let seconds = now.duration_since(self.last).as_secs_f64();
        self.last = now;
        tracing::info!(
            year = self.year,
            policy = policy.unwrap_or("-"),
            step,
            seconds,
            "protection step"
        );
    }
}
