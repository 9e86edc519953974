//! Earlier releases: what a release was made from, and what changed since.
//!
//! **In:** the checked definitions and the input files of a release, the engine's unprotected
//! results of a run, and release folders as `jamfor run` writes them. **Out:** canonical
//! [`Definitions`] and the [`indicator_fingerprints`] that the manifest records; the private run
//! [`state`] that lets `jamfor run --state` carry unchanged indicators over instead of
//! recomputing them; the record a release carries ([`manifest`]); the [`earlier`] release a
//! release follows and what it takes from it ([`following`]); and a [`diff`] of two release
//! folders that says which cells moved and why.
//!
//! This crate sits beside the pipeline rather than in it: the state is read before computing and
//! written after, the fingerprints are recorded by the writer, and `diff` reads finished folders.
//! It sees no protected or assessed types, only the engine's results and the files on disk.

pub mod definitions;
pub mod diff;
pub mod earlier;
pub mod fingerprint;
pub mod following;
mod hash;
pub mod manifest;
pub mod state;

pub use definitions::Definitions;
pub use fingerprint::{InputError, InputFile, hash_inputs, indicator_fingerprints};
pub use hash::{sha256_file, sha256_hex};
