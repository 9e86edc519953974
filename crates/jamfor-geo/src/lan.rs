//! A län as the reference table describes it.

use crate::LanKod;

/// One of the 21 län.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Lan {
    pub kod: LanKod,
    /// Full name, as used in headings: "Stockholms län".
    pub namn: &'static str,
    /// Short name, as used in narrow table columns: "Stockholm".
    pub kortnamn: &'static str,
}
