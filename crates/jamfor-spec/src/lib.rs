//! The jamfor definition language: TOML files in, a checked [`Manifest`] or a list of
//! [`Diagnostic`]s out. No data is read and no polars is linked here, so `jamfor check` is fast and
//! everything a statistician can get wrong in a definition is caught before a run starts.
//!
//! Stages: [`load`] reads the definition files under a root → [`raw::Spec`] (values as written,
//! with spans) → [`resolve::resolve`] runs every validation rule and fills in defaults →
//! [`Manifest`] (typed, no spans). [`render`] prints diagnostics for people, JSON consumers and
//! GitHub annotations; [`schema`] publishes the JSON Schema of each file kind.

mod decode;
pub mod diagnostic;
pub mod expr;
pub mod keywords;
pub mod load;
pub mod manifest;
pub mod raw;
pub mod render;
pub mod resolve;
pub mod rounding;
pub mod rule;
mod rule_docs;
pub mod schema;
pub mod span;
pub mod suggest;

pub use diagnostic::{Diagnostic, Severity};
pub use load::{from_files, load};
pub use manifest::Manifest;
pub use rule::Rule;
pub use span::{FileId, Files, Ranged, Span};
