//! `jamfor`: Öppna jämförelser of municipal social services from declarative definitions.
//!
//! The binary only parses arguments and hands each subcommand to its module in `cmd/`; exit codes
//! are 0 (ok), 1 (findings or failed checks) and 2 (usage error or unreadable input).

mod cmd;
mod definitions;
mod docs;
mod output;
mod run;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};

// Many threads allocate and free buffers at once during a run; jemalloc's per-thread caches keep
// that off glibc's shared arenas, and it hands freed memory back sooner (BENCHMARKS.md, "The
// allocator").
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// Öppna jämförelser of municipal social services, computed from declarative indicator definitions.
#[derive(Debug, Parser)]
#[command(name = "jamfor", version, about, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check every definition under the root without reading any data.
    Check(CheckArgs),
    /// Print the JSON Schema of a kind of definition file, or write all of them to a folder.
    Schema(SchemaArgs),
    /// Explain the validation rules: all of them, or one by name.
    Rule(RuleArgs),
    /// Print an indicator's definition and the plan that computes it.
    Explain(ExplainArgs),
    /// Write deterministic synthetic input files for every source and year of a release.
    Synth(SynthArgs),
    /// Compute, protect and write a whole release: Parquet, Excel workbooks and manifest.
    Run(RunArgs),
    /// Print a kommun's bruttolista: per area, its comparable kommuner and the indicators to look
    /// at first, with the reasons.
    Analyse(AnalyseArgs),
    /// Write the indicator catalogue, as Markdown and a static HTML site, from the definitions.
    Docs(DocsArgs),
    /// Compare two release folders: which results changed, and why. Exit 1 when anything did.
    Diff(DiffArgs),
}

/// Arguments of `jamfor check`.
#[derive(Debug, clap::Args)]
pub(crate) struct CheckArgs {
    /// The definitions root: the folder holding `sources/`, `indicators/`, `policies/` and `pipelines/`.
    #[arg(long, default_value = ".")]
    pub(crate) root: PathBuf,
    /// How findings are printed.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub(crate) format: Format,
    /// Also check that every input file of every release exists.
    #[arg(long)]
    pub(crate) check_inputs: bool,
    /// Exit with 1 on warnings too.
    #[arg(long)]
    pub(crate) deny_warnings: bool,
    /// Colour: auto (on a terminal unless NO_COLOR is set), always or never.
    #[arg(long, value_enum, default_value_t = ColourChoice::Auto)]
    pub(crate) color: ColourChoice,
}

/// Output formats of findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Format {
    /// For people: the source line with a caret under the offending value.
    Human,
    /// One JSON document with every finding and a summary.
    Json,
    /// GitHub Actions annotations, shown inline on pull requests.
    Github,
}

/// When to colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColourChoice {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

/// Arguments of `jamfor schema`.
#[derive(Debug, clap::Args)]
pub(crate) struct SchemaArgs {
    /// Which schema: source, indicators, area, policies or release (all, with --out).
    pub(crate) kind: Option<String>,
    /// Write every schema to this folder as `<kind>.schema.json`.
    #[arg(long)]
    pub(crate) out: Option<PathBuf>,
}

/// Arguments of `jamfor explain`.
#[derive(Debug, clap::Args)]
pub(crate) struct ExplainArgs {
    /// The indicator id, e.g. `ekb_mottagare_andel`.
    pub(crate) indicator: String,
    /// The definitions root.
    #[arg(long, default_value = ".")]
    pub(crate) root: PathBuf,
    /// The release, by pipeline file or id.
    #[arg(long, default_value = "pipelines/oj-2024.toml")]
    pub(crate) pipeline: String,
}

/// Arguments of `jamfor rule`.
#[derive(Debug, clap::Args)]
pub(crate) struct RuleArgs {
    /// A rule name, e.g. `unknown-column`; without it, every rule is listed.
    pub(crate) name: Option<String>,
    /// Print the whole reference as Markdown (this is how `docs/rules.md` is made).
    #[arg(long)]
    pub(crate) markdown: bool,
}

/// Arguments of `jamfor synth`.
#[derive(Debug, clap::Args)]
pub(crate) struct SynthArgs {
    /// How much data: `small` (samples of persons, every kommun; the embedded default data) or
    /// `national` (roughly the real Swedish volumes).
    #[arg(long, value_enum, default_value_t = cmd::synth::SynthScale::Small)]
    pub(crate) scale: cmd::synth::SynthScale,
    /// The seed; the same seed gives byte-identical files.
    #[arg(long, default_value_t = 1)]
    pub(crate) seed: u64,
    /// The folder to write `<source>_<year>.csv` into (created if missing).
    #[arg(long)]
    pub(crate) out: PathBuf,
    /// The definitions root.
    #[arg(long, default_value = ".")]
    pub(crate) root: PathBuf,
    /// The release whose sources and years are synthesised, relative to the root (or its id).
    #[arg(long, default_value = "pipelines/oj-2024.toml")]
    pub(crate) pipeline: String,
}

/// Arguments of `jamfor run`.
#[derive(Debug, clap::Args)]
pub(crate) struct RunArgs {
    /// The release: its pipeline file (e.g. `pipelines/oj-2024.toml`) or its id.
    pub(crate) pipeline: String,
    /// Where release folders go; the release is written to `<out>/<release id>/`.
    /// Default: `releases/` under the root.
    #[arg(long)]
    pub(crate) out: Option<PathBuf>,
    /// The definitions root.
    #[arg(long, default_value = ".")]
    pub(crate) root: PathBuf,
    /// Also write the internal disclosure QA table (primary vs secondary suppression) and every
    /// protection problem (true values; for re-running offline) to `<QA>/<release id>/`.
    /// Never publish this folder.
    #[arg(long, value_name = "QA")]
    pub(crate) qa: Option<PathBuf>,
    /// Log each stage and step (info level); `RUST_LOG` overrides.
    #[arg(long, short)]
    pub(crate) verbose: bool,
    /// Log format on stderr.
    #[arg(long, value_enum, default_value_t = run::LogFormat::Text)]
    pub(crate) log_format: run::LogFormat,
    /// No progress bars and no summary.
    #[arg(long, short)]
    pub(crate) quiet: bool,
    /// An earlier release folder of this catalogue: recompute only the indicators whose
    /// fingerprint (definition, inputs, policy, reused indicators, tool version) changed since,
    /// and carry the others over from the private state that run kept under
    /// `<root>/.jamfor/state/`. Disclosure control still runs over the whole release.
    #[arg(long, value_name = "OLD_RELEASE")]
    pub(crate) state: Option<PathBuf>,
}

/// Arguments of `jamfor analyse`.
#[derive(Debug, clap::Args)]
pub(crate) struct AnalyseArgs {
    /// The kommun: its code (`1440`) or name (`Ale`).
    #[arg(long)]
    pub(crate) kommun: String,
    /// The definitions root.
    #[arg(long, default_value = ".")]
    pub(crate) root: PathBuf,
    /// The release, by pipeline file or id.
    #[arg(long, default_value = "pipelines/oj-2024.toml")]
    pub(crate) pipeline: String,
    /// Read the list from a release folder written by `jamfor run` (its
    /// `parquet/bruttolista.parquet` and `parquet/comparable.parquet`) instead of computing it;
    /// `--root` and `--pipeline` are then not read.
    #[arg(long, value_name = "DIR")]
    pub(crate) release: Option<PathBuf>,
}

/// Arguments of `jamfor docs`.
#[derive(Debug, clap::Args)]
pub(crate) struct DocsArgs {
    /// The definitions root.
    #[arg(long, default_value = ".")]
    pub(crate) root: PathBuf,
    /// The folder to write `markdown/` and `html/` into (created if missing).
    #[arg(long)]
    pub(crate) out: PathBuf,
}

/// Arguments of `jamfor diff`.
#[derive(Debug, clap::Args)]
pub(crate) struct DiffArgs {
    /// The earlier release folder (holding `manifest.json` and `parquet/results.parquet`).
    pub(crate) old: PathBuf,
    /// The later release folder.
    pub(crate) new: PathBuf,
    /// How the comparison is printed.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub(crate) format: DiffFormat,
}

/// Output formats of `jamfor diff`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum DiffFormat {
    /// For people: release-wide changes, then each changed indicator with its causes.
    Human,
    /// One JSON document.
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => cmd::check::run(&args),
        Command::Schema(args) => cmd::schema::run(&args),
        Command::Rule(args) => cmd::rule::run(&args),
        Command::Explain(args) => cmd::explain::run(&args),
        Command::Synth(args) => cmd::synth::run(&args),
        Command::Run(args) => run::run(&args),
        Command::Analyse(args) => cmd::analyse::run(&args),
        Command::Docs(args) => cmd::docs::run(&args),
        Command::Diff(args) => cmd::diff::run(&args),
    };
    match result {
        Ok(code) => code,
        Err(message) => {
            output::error(&message);
            ExitCode::from(2)
        }
    }
}
