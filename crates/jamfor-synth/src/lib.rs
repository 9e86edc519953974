//! Deterministic synthetic sources for jamfor, shaped like the real thing.
//!
//! What goes in: the resolved definitions ([`jamfor_spec::Manifest`]) — which sources exist, their
//! columns, codes, kön codes and CSV format — a release's years, a [`Scale`] and a seed. What comes
//! out: one CSV file per source and year, exactly as the source declares it (delimiter, decimal
//! mark, encoding), for the real 290 kommuner. The population is the real 2019 population by
//! kommun, age and kön (the project's table in `data/geo/`), evolved year by year; registers,
//! surveys and kommunenkäter are drawn from it with rates that vary by län, kommungrupp and
//! kommun, so small kommuner give small cells, surveys have non-response and a few kommuner do
//! not answer the kommunenkät. Registers are raw-shaped, as real deliveries are: one row per
//! person and month, decision, placement, stay or investigation, with dates, and no precomputed
//! durations; persons receiving bistånd or living in särskilt boende keep their löpnummer from
//! year to year. The same seed gives byte-identical files on every machine: every file has its
//! own random streams, keyed by seed, source and year — or, where persons are followed over the
//! years, by seed, source, kommun and the year a person turned up, so each year's file is still
//! made alone — and numbers are written from integers, never through float formatting.
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use jamfor_synth::{Options, Scale};
//!
//! let root = std::path::Path::new(".");
//! let (spec, _) = jamfor_spec::load(root)?;
//! let (manifest, _) = jamfor_spec::resolve::resolve(&spec, &Default::default());
//! let manifest = manifest.ok_or("the definitions have errors")?;
//! let release = &manifest.releases[0];
//! let options = Options { scale: Scale::Small, seed: 1 };
//! let summary = jamfor_synth::write_release(&manifest, release, &options, "data/default".as_ref())?;
//! println!("{} files, {} rows", summary.files.len(), summary.rows());
//! # Ok(())
//! # }
//! ```

mod answers;
mod date;
mod encoding;
mod error;
mod folkmangd;
mod persons;
mod profile;
mod random;
mod sample;
mod scale;
mod table;
mod write;

mod barn_placeringar;
mod befolkning;
mod brukar_aldre;
mod brukar_ifo;
mod brukar_lss;
mod ekb_forlopp;
mod ekb_register;
mod enhetsenkat_lss;
mod generic;
mod hemtjanst_register;
mod kommunenkat;
mod lss_beslut;
mod sabo_vistelser;
mod utredningar;
mod vuxna_insatser;

use std::io::Write;

use jamfor_spec::manifest::Source;

pub use error::SynthError;
pub use scale::Scale;
pub use table::Count;
pub use write::{Summary, WrittenFile, file_name, write_release};

use folkmangd::Folkmangd;
use profile::Profile;
use random::{Rng, key, text_key};
use scale::Volume;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// How much data.
    pub scale: Scale,
    /// The seed: the same seed gives the same bytes.
    pub seed: u64,
}

/// Writes the synthetic file of one source and year to `out` (buffer it: rows are written one
/// at a time). Returns the rows and bytes written.
///
/// # Errors
/// When the source cannot be written as declared (not CSV, a code outside the encoding) or
/// writing to `out` fails.
pub fn generate(
    source: &Source,
    year: i32,
    options: &Options,
    out: &mut dyn Write,
) -> Result<Count, SynthError> {
    let folk = Folkmangd::for_year(year, options.seed);
    let profiler = profiler(&folk, options.seed);
    let underlag = Basis {
        ar: year,
        seed: options.seed,
        volume: options.scale.volume(),
        folk: &folk,
        profiler: &profiler,
    };
    generate_source(source, &underlag, out)
}

fn profiler(folk: &Folkmangd, seed: u64) -> Vec<Profile> {
    folk.kommuner
        .iter()
        .map(|k| Profile::for_kommun(k, seed))
        .collect()
}

/// Everything a generator draws from for one year.
pub(crate) struct Basis<'a> {
    pub(crate) ar: i32,
    pub(crate) seed: u64,
    pub(crate) volume: Volume,
    pub(crate) folk: &'a Folkmangd,
    /// One per kommun, in the order of `folk.kommuner`.
    pub(crate) profiler: &'a [Profile],
}

impl Basis<'_> {
    /// The random stream of one part of one file: keyed by seed, source, year and `del`, so a
    /// file does not depend on which other files were generated, or in what order.
    pub(crate) fn random(&self, kalla: &str, del: u64) -> Rng {
        Rng::ny(self.key(kalla, del))
    }

    /// A key for values that must be stable within a file.
    pub(crate) fn key(&self, kalla: &str, del: u64) -> u64 {
        key(&[self.seed, text_key(kalla), self.ar as u64, del])
    }

    /// The year as a number for keys.
    pub(crate) fn year_key(&self) -> u64 {
        self.ar as u64
    }
}

/// The generator for a source: the catalogue's own sources by id, anything else by family.
fn generate_source(
    source: &Source,
    u: &Basis<'_>,
    out: &mut dyn Write,
) -> Result<Count, SynthError> {
    match source.id.as_str() {
        "befolkning" => befolkning::generate(source, u, out),
        "ekb_register" => ekb_register::generate(source, u, out),
        "kommunenkat" => kommunenkat::generate(source, u, out),
        "brukar_ifo" => brukar_ifo::generate(source, u, out),
        "hemtjanst_register" => hemtjanst_register::generate(source, u, out),
        "barn_placeringar" => barn_placeringar::generate(source, u, out),
        "enhetsenkat_lss" => enhetsenkat_lss::generate(source, u, out),
        "vuxna_insatser" => vuxna_insatser::generate(source, u, out),
        "lss_beslut" => lss_beslut::generate(source, u, out),
        "brukar_aldre" => brukar_aldre::generate(source, u, out),
        "brukar_lss" => brukar_lss::generate(source, u, out),
        "sabo_vistelser" => sabo_vistelser::generate(source, u, out),
        "utredningar" => utredningar::generate(source, u, out),
        _ => generic::generate(source, u, out),
    }
}
