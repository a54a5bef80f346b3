//! The `quire` command line, as a library so end-to-end tests can reach the
//! built-in plugin set.

pub mod build;
pub mod builtins;
pub mod plugins;
pub mod scaffold;
