//! Progress of the long stages, for a person at a terminal: a bar or spinner per stage on stderr.
//! Off the terminal (CI, pipes) or with JSON logs nothing is drawn; the logs tell the story.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

/// Whether stderr is a terminal a person watches.
pub(crate) fn on_terminal() -> bool {
    std::io::stderr().is_terminal()
}

/// One stage: shown while it runs, timed for the closing summary.
#[derive(Debug)]
pub(crate) struct Stage {
    name: &'static str,
    bar: Option<ProgressBar>,
    start: Instant,
}

impl Stage {
    /// Starts a stage with `steps` steps (0: a spinner).
    pub(crate) fn start(name: &'static str, steps: u64, draw: bool) -> Self {
        tracing::info!(stage = name, "started");
        let bar = draw.then(|| {
            let bar = if steps == 0 {
                let bar = ProgressBar::new_spinner();
                bar.set_style(
                    ProgressStyle::with_template("{spinner} {prefix:<12} {msg} {elapsed}")
                        .unwrap_or_else(|_| ProgressStyle::default_spinner()),
                );
                bar.enable_steady_tick(Duration::from_millis(120));
                bar
            } else {
                let bar = ProgressBar::new(steps);
                bar.set_style(
                    ProgressStyle::with_template(
                        "  {prefix:<12} [{bar:30}] {pos}/{len} {msg} {elapsed}",
                    )
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> "),
                );
                bar
            };
            bar.set_prefix(name);
            bar
        });
        Self {
            name,
            bar,
            start: Instant::now(),
        }
    }

    /// One step done, with a note (e.g. the year).
    pub(crate) fn step(&self, note: &str) {
        tracing::info!(stage = self.name, step = note, "step done");
        if let Some(bar) = &self.bar {
            bar.set_message(note.to_string());
            bar.inc(1);
        }
    }

    /// Ends the stage and returns its name and seconds.
    pub(crate) fn finish(self) -> (&'static str, f64) {
        let seconds = self.start.elapsed().as_secs_f64();
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
        tracing::info!(stage = self.name, seconds, "finished");
        (self.name, seconds)
    }
}
