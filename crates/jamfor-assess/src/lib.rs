//! The assess stage: what the protected figures say, before anything is written.
//!
//! **In:** the checked [`Manifest`](jamfor_spec::Manifest), the
//! [`Release`](jamfor_spec::manifest::Release), the geography and the *protected*
//! [`ResultTable`](jamfor_engine::ResultTable) (confidential rows already marked
//! [`Status::Confidential`](jamfor_engine::Status)). **Out:** [`Published`]: the results with the
//! comparison-group rows added and every published register share and rate given its interval
//! ([`interval`]), the [`colours`] of every row by its indicator's rule, and an [`Analysis`] holding
//! every kommun's comparable kommuner and bruttolista ([`analyse`]). The writers read only this.
//!
//! It sees the figures only as published: a group mean, a colour or a flag is made from rows with
//! status `value`, so nothing here can reveal what protection withheld.
//!
//! The analysis methods, which take the colours as an input so they do not depend on how the
//! colours were computed:
//!
//! 1. [`comparable`] — the comparable kommuner (liknande kommuner) of every kommun, per area that
//!    declares `[comparable]` in its `area.toml`: a [`Comparable`] with one [`Similar`] row per
//!    kommun, area, year, similar kommun, rank and distance.
//! 2. [`group_means`] — per indicator, year, kommun, kön and age group, the unweighted mean of its
//!    comparable kommuner's published values: result rows at
//!    [`GeoLevel::Liknande`](jamfor_engine::GeoLevel), to be shown next to the kommungrupp.
//! 3. [`bruttolista`] — per kommun and area, every indicator with the [`Reason`] (reasons) that
//!    apply, in the documented order of priority: a [`Post`] per flagged indicator; [`text`]
//!    writes a kommun's list for the terminal.
//!
//! # Comparable kommuner: the method
//!
//! For an area with `[comparable] k = …, nyckeltal = […]`:
//!
//! 1. Each nyckeltal's published kommun value (totalt, all ages, status `value`) for the release
//!    year is read; those listed in `log` are replaced by their natural logarithm. A kommun lacking a
//!    value for any nyckeltal (or with a non-positive value of a log nyckeltal) is left out: it gets
//!    no group and is in no group, and is listed in [`Comparable::incomplete`].
//! 2. Each nyckeltal is standardised over the kommuner kept: `z = (x − mean) / sd`, with the
//!    population standard deviation. A nyckeltal with no spread (sd = 0) contributes nothing.
//! 3. The distance between two kommuner is the Euclidean distance of their z-vectors,
//!    `d(a, b) = √Σᵢ (z_ai − z_bi)²`, summed in declaration order (so `d(a, b) = d(b, a)` exactly).
//! 4. A kommun's comparable kommuner are the `k` other kommuner nearest to it, ordered by distance
//!    and, at equal distance, by kommun code: the order never depends on input order. Rank 1 is the
//!    nearest. Groups need not be symmetric: b may be among a's nearest without a among b's.
//!
//! The groups of the release year are used for every year of the release, so a comparison series
//! compares the same kommuner over time.
//!
//! # Group means never reveal a confidential value
//!
//! A group mean is the unweighted mean of the members' rows with status `value` only (the kommun
//! itself is not a member). Every term is itself published, so the mean tells nobody anything the
//! published table does not; a confidential or bortfall member simply leaves the mean. The row's
//! `units` counts the members behind it. The bruttolista reads values through the same rule: a
//! flag never depends on a row whose status is not `value`, whatever value the row carries.
//!
//! # The bruttolista: reasons and priority
//!
//! Quality and welfare indicators of the area (not nyckeltal or bakgrundsmått) are examined for
//! the release year, totalt. The margins come from the area's `[bruttolista]` (defaults 0.5, 0.5
//! and 3) and are in standard deviations of the indicator's published kommun values that year, so
//! one margin serves percent, days and counts alike. See [`Reason`] for each reason. Indicators with
//! at least one reason are listed, ordered by:
//!
//! 1. **class** — [`Class::Weakness`] (any reason that says worse: red, worse than comparable
//!    kommuner or kommungrupp, worsening), then [`Class::Strength`] (reasons that say better, none
//!    worse), then [`Class::Notice`] (only a gap between kvinnor and män, or values that
//!    limit interpretation);
//! 2. **weight** within the class, largest first: the sum of the reasons' weights ([`Reason::weight`]:
//!    colour 3, comparable kommuner 2, trend 2, kommungrupp 1, kön gap 1);
//! 3. **kind**: kvalitetsindikator before välfärdsindikator;
//! 4. **distance** from the comparable kommuner in standard deviations, largest first;
//! 5. the indicator id.
//!
//! # Flags that are not noise
//!
//! A difference flags only when it is larger than its uncertainty as well as the margin: a
//! kommun value with a confidence interval is worse or better than its comparable kommuner or its
//! kommungrupp only when the group's mean lies outside the interval; kvinnor and män differ, and a
//! run of years is a trend, only when a z-test on the two values (the first and last year of the
//! run) says so at 95 %. Each such reason carries a [`Certainty`]: how sure, in plain Swedish.
//! Values without an interval keep the margin rule and say that no margin of error was computed.
//! See [`sakerhet`](crate::Sakerhet) and `docs/uncertainty.md`.

mod analyse;
mod bruttolista;
mod certainty;
mod colour;
mod comparable;
pub mod decimals;
mod distance;
mod error;
mod few_members;
mod group;
pub mod interval;
mod published;
mod reason;
mod text;
mod trend;

pub use analyse::{Analysis, ReadError, analyse, shortlist_from_release};
pub use bruttolista::{Class, Post, bruttolista};
pub use certainty::Certainty;
pub use colour::{Colour, colours, published_value};
pub use comparable::{Comparable, Incomplete, Similar, Skipped, comparable};
pub use distance::{Neighbour, nearest, standardise};
pub use error::AnalysisError;
pub use few_members::few_members;
pub use group::group_means;
pub use reason::{FLAG_SEPARATOR, REASON_SEPARATOR};
pub use reason::{Reason, tal};
pub use text::{Rad, Shortlist, ShortlistArea, intervall, shortlist, text, varde, with_interval};

use jamfor_engine::ResultTable;
use jamfor_geo::Geography;
use jamfor_spec::manifest::{Manifest, Release};

/// Everything a writer reads: the definitions, the release, the geography and the assessed
/// results (confidential rows already carry no value, numerator or denominator).
#[derive(Debug, Clone, Copy)]
pub struct Published<'a> {
    /// The checked definitions.
    pub manifest: &'a Manifest,
    /// The release being written.
    pub release: &'a Release,
    /// Kommuner, län and kommungrupper.
    pub geo: &'a Geography,
    /// The protected result table, with the comparison-group rows.
    pub results: &'a ResultTable,
    /// Comparable kommuner and bruttolista ([`analyse`]), when the release carries analysis
    /// support: then `parquet/comparable.parquet`, `parquet/bruttolista.parquet` and each
    /// workbook's Analysstöd sheet are written.
    pub analysis: Option<&'a Analysis>,
}
