//! Reference geography for Öppna jämförelser: the 290 kommuner, the 21 län and SKR's
//! kommungrupper.
//!
//! What goes in: the project's own tables in `data/geo/` (SCB codes and names, the years each
//! kommun exists, SKR's kommungruppsindelning 2023), compiled into the binary and checked against
//! each other when first used. What comes out: a [`Geography`] that answers the questions later
//! stages ask — which kommuner to publish for a year, which län a kommun lies in, which
//! kommungrupp to compare it with, which län consist of a single kommun (so disclosure control
//! can treat the two cells as one) — plus typed codes ([`KommunCode`], [`LanCode`]) that refuse
//! malformed text, and "did you mean" suggestions for codes and names that match nothing.
//!
//! ```
//! use jamfor_geo::{Geography, KommunCode};
//!
//! let geo = Geography::builtin();
//! let gotland: KommunCode = "0980".parse()?;
//! assert_eq!(geo.single_kommun(gotland.lan()).map(|k| k.code), Some(gotland));
//! assert_eq!(geo.kommuner_valid_in(2022).count(), 290);
//! # Ok::<(), jamfor_geo::CodeError>(())
//! ```

mod builtin;
mod code;
mod geo;
mod geography;
mod kommun;
mod kommungrupp;
mod lan;
mod suggest;
mod table;

pub use code::{CodeError, CodeErrorKind, CodeKind, KommunCode, LanCode};
pub use geo::Geo;
pub use geography::Geography;
pub use kommun::Kommun;
pub use kommungrupp::{
    Kommungrupp, KommungruppDefinition, Kommungruppsindelning, UnknownKommungrupp,
};
pub use lan::Lan;
pub use suggest::UnknownKommun;
