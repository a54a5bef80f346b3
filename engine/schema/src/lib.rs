//! Checks data against a JSON Schema and says what is wrong in plain words.
//!
//! A section's data, the manifest and the shared data are checked against
//! the JSON Schema of the type they are read into, so that every error in a
//! file is found in one run, each with its field path (`aims[2].number`)
//! and in words a clerk reads (`should be a whole number from 1 to 5, not
//! the text "A1"`) rather than Rust's.
//!
//! - [`check`], [`check_limits`] (`validate.rs`): the validator;
//! - [`Schema`] (`schema.rs`): what a part of a schema takes, in words;
//! - [`toml_value`], [`toml_key`], [`toml_header`], [`Schema::example_line`]
//!   (`example.rs`): data written as TOML, for a message's example;
//! - [`words`]: what a value is, bounds and lists in words, and serde's own
//!   messages said the same way;
//! - [`closest`]: "did you mean", the known name nearest a slip.
//!
//! The plugin SDK re-exports these as `quire_plugin::check`,
//! `quire_plugin::words` and `quire_plugin::shared::closest`; the engine
//! core uses them directly.

mod closest;
mod example;
mod schema;
mod validate;
pub mod words;

pub use closest::closest;
pub use example::{toml_header, toml_key, toml_value};
pub use schema::Schema;
pub use validate::{ALIASES, check, check_limits};

#[cfg(test)]
mod tests;
