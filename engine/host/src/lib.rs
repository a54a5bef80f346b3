//! The plugin host: where section plugins come from and how they are
//! called.
//!
//! - [`registry`]: the plugins a build can use, by name, built in or loaded;
//! - [`dylib`]: loading a plugin from a shared library through the C ABI
//!   ([`quire_abi`]'s layout), checking its versions;
//! - [`isolated`]: running each loaded plugin in a process of its own, so a
//!   crash, an abort or a hang ends only that process;
//! - [`confine`]: what that process does to itself before it loads the
//!   library: its memory limit and, on Linux, its confinement (Landlock and
//!   a system-call filter);
//! - `channel`: the stamped frames between the engine and that process;
//! - [`watchdog`]: the time limit on a call made in this process.
//!
//! The engine (`quire-core`) asks the host for a section's blocks and never
//! knows how the plugin behind a name is run.

mod channel;
pub mod confine;
pub mod dylib;
pub mod isolated;
pub mod registry;
pub mod watchdog;
