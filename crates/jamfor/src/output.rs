//! Writing to the terminal: stdout for results, stderr for errors; a closed pipe is not an error.

use std::io::{IsTerminal, Write};

use jamfor_spec::render::Style;

use crate::ColourChoice;

/// Writes `text` to stdout.
pub(crate) fn out(text: &str) {
    let mut stdout = std::io::stdout().lock();
    // A reader that stopped reading (`| head`) is not a failure of ours.
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}

/// Writes `text` to stderr: progress and summaries, so that stdout stays free for data.
pub(crate) fn err(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Writes an error line to stderr.
pub(crate) fn error(message: &str) {
    let mut stderr = std::io::stderr().lock();
    let _ = writeln!(stderr, "error: {message}");
}

/// Whether stdout gets colour.
pub(crate) fn style(choice: ColourChoice) -> Style {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    match choice {
        ColourChoice::Always => Style::Colour,
        ColourChoice::Never => Style::Plain,
        ColourChoice::Auto if !no_color && std::io::stdout().is_terminal() => Style::Colour,
        ColourChoice::Auto => Style::Plain,
    }
}
