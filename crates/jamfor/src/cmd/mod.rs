//! One module per subcommand.

pub(crate) mod analyse;
pub(crate) mod check;
pub(crate) mod diff;
pub(crate) mod docs;
pub(crate) mod explain;
pub(crate) mod rule;
pub(crate) mod schema;
pub(crate) mod synth;
