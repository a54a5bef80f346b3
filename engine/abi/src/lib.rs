//! The C ABI between the engine and plugins loaded from shared libraries.
//!
//! A plugin library exports one symbol, [`SYMBOL`] (`quire_plugin_v2`: the
//! name carries the major ABI version), a function returning a pointer to a
//! static [`PluginTable`]: the minor version, a `call` function and a
//! `free` function. Nothing else crosses the boundary but bytes:
//!
//! - the host lends its input (`in_ptr`, `in_len`: JSON) for the duration of
//!   a call;
//! - the plugin allocates its output into a [`PluginBuffer`]; the host reads
//!   it and hands it back to the plugin's `free`;
//! - `call` returns a [`Status`] code; panics are caught in the plugin and
//!   returned as [`Status::Panicked`] with the message, never unwound into the
//!   host.
//!
//! Versioning: the major version is in the symbol name, so a library built
//! for another major version simply lacks [`SYMBOL`]. A minor bump may add
//! new operations or new optional fields; a host accepts a plugin whose minor
//! version is at most its own ([`compatible`]).
//!
//! Plugins must be built with `panic = "unwind"` (the default): with
//! `panic = "abort"` a panicking plugin takes the whole engine down, and
//! nothing on this side of the boundary can prevent it.
//!
//! Both sides share the layout (`layout.rs`); the plugin side of a call is
//! [`dispatch`] and [`export_plugin!`] (`export.rs`), which plugin authors
//! reach through the SDK (`quire_plugin::abi`, `quire_plugin::export_plugin!`);
//! the host side, which loads a library and calls it, is `quire-host`'s.
//! The messages that cross as JSON are `quire-wire`'s.

mod export;
mod layout;

pub use export::dispatch;
pub use layout::{
    ABI_MAJOR, ABI_MINOR, OP_BUILD, OP_INFO, PluginBuffer, PluginTable, SYMBOL, Status, compatible,
};
