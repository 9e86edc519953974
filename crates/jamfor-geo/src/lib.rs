//! Reference geography for Öppna jämförelser: the 290 kommuner, the 21 län and SKR's
//! kommungrupper.
//!
//! What goes in: the project's own tables in `data/geo/` (SCB codes and names, the years each
//! kommun exists, SKR's kommungruppsindelning 2023), compiled into the binary and checked against
//! each other when first used. What comes out: a [`Geografi`] that answers the questions later
//! stages ask — which kommuner to publish for a year, which län a kommun lies in, which
//! kommungrupp to compare it with, which län consist of a single kommun (so disclosure control
//! can treat the two cells as one) — plus typed codes ([`KommunKod`], [`LanKod`]) that refuse
//! malformed text, and "did you mean" suggestions for codes and names that match nothing.
//!
//! ```
//! use jamfor_geo::{Geografi, KommunKod};
//!
//! let geo = Geografi::inbyggd();
//! let gotland: KommunKod = "0980".parse()?;
//! assert_eq!(geo.enda_kommun(gotland.lan()).map(|k| k.kod), Some(gotland));
//! assert_eq!(geo.kommuner_giltiga(2022).count(), 290);
//! # Ok::<(), jamfor_geo::KodFel>(())
//! ```

mod forslag;
mod geo;
mod geografi;
mod inbyggd;
mod kod;
mod kommun;
mod kommungrupp;
mod lan;
mod tabell;

pub use forslag::OkandKommun;
pub use geo::Geo;
pub use geografi::Geografi;
pub use kod::{KodFel, KodFelOrsak, KodSlag, KommunKod, LanKod};
pub use kommun::Kommun;
pub use kommungrupp::{
    Kommungrupp, KommungruppDefinition, Kommungruppsindelning, OkandKommungrupp,
};
pub use lan::Lan;
