//! Logs of `jamfor run`: `tracing` events to stderr, quiet by default (warnings only), `info`
//! with `--verbose`, anything with `RUST_LOG`; JSON lines with `--log-format json` for CI.

use tracing_subscriber::EnvFilter;

use super::LogFormat;

/// Installs the subscriber once for the process.
pub(crate) fn init(verbose: bool, format: LogFormat) {
    let default = if verbose { "info" } else { "warn" };
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_target(false);
    // A second installation (tests calling in twice) is harmless; keep the first.
    let _ = match format {
        LogFormat::Text => builder.with_ansi(super::progress::on_terminal()).try_init(),
        LogFormat::Json => builder.json().with_ansi(false).try_init(),
    };
}
