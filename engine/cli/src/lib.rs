//! The `quire` command line, as a library so end-to-end tests can reach the
//! built-in plugin set.

pub mod build;
pub mod builtins;
pub mod check;
pub mod init;
pub mod plugins;
pub mod report;
pub mod scaffold;
pub mod ui;
pub mod watch;
