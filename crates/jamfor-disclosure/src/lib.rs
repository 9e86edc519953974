//! Disclosure control for Öppna jämförelser, on plain tables.
//!
//! **In:** a [`LinkedSystem`] — every published count of one release year as one cell with its
//! true value, the equations `total = Σ parts` that tie them (T = K + M, län = Σ kommuner,
//! riket = Σ län; built with [`SystemBuilder::add_geo_table`] or cell by cell), and the shares
//! and rates defined on them — plus a declared [`DisclosurePolicy`].
//! **Out:** a [`Protection`]: a [`CellStatus`] for every cell (published, primary or secondary,
//! which the public output collapses to `..`), a [`DerivedStatus`] for every share and rate,
//! and the passing [`AuditReport`] of the attacker's LP. A release the audit cannot pass is a
//! [`DisclosureError`], never a pattern.
//!
//! Stages, each usable on its own: [`primary_suppression`] → [`gauss_secondary`] (Gaussian
//! elimination over the whole linked system) → [`secondary_with_repair`] (ones/zeros problem)
//! → [`assess_derived`] / [`check_decimals`] → [`audit`]. Everything is deterministic: the same
//! input gives the same pattern, whatever the number of threads.

mod attack;
mod audit;
mod bounds;
mod cell_key;
mod certificate;
mod constraint;
mod cycles;
mod derived;
mod geo;
mod loss;
mod ones;
mod par;
pub use par::par_map;
mod policy;
mod primary;
mod protect;
mod secondary;
mod snapshot;
mod status;
mod structure;
mod system;
#[cfg(test)]
mod testing;

pub use audit::{AuditFinding, AuditReport, AuditScope, Exposure, Interval, SolverProblem, audit};
pub use cell_key::{
    CellKeyPolicy, CellKeySecret, PARTS, PerturbationRow, PerturbationTable, TableError,
};
pub use derived::{
    DecimalsFinding, DerivedFigure, DerivedKind, DerivedStatus, assess_derived, check_decimals,
    numerator_range, published_value,
};
pub use geo::{GeoTable, Geography, Kon, Region};
pub use loss::publish_recoverable;
pub use ones::{RepairOutcome, secondary_with_repair};
pub use policy::{DisclosurePolicy, Method, PolicyError, SuppressionPolicy, ZeroHandling};
pub use primary::{PrimaryPattern, primary_suppression};
pub use protect::{DisclosureError, ProtectOptions, Protection, protect, protect_with};
pub use secondary::{SecondaryOptions, gauss_secondary};
pub use snapshot::{Snapshot, read_snapshot, write_snapshot};
pub use status::{CellStatus, PrimaryReason, PublicStatus, SecondaryReason};
pub use system::{
    Cell, CellId, CellLabel, Equation, LinkedSystem, Relation, SystemBuilder, SystemError,
};
