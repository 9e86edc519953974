//! A län as the reference table describes it.

use crate::LanCode;

/// One of the 21 län.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Lan {
    pub code: LanCode,
    /// Full name, as used in headings: "Stockholms län".
    pub name: &'static str,
    /// Short name, as used in narrow table columns: "Stockholm".
    pub short_name: &'static str,
}
