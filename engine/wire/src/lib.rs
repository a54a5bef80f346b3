//! The Quire plugin protocol.
//!
//! Everything a section plugin receives and returns is plain, serialisable
//! data ([`SectionRequest`], [`SectionResponse`], [`PluginInfo`],
//! [`PluginErrors`]), so the same plugin can run built into the engine or be
//! loaded from a shared library with the request and response crossing the
//! boundary as JSON (the C ABI that carries them is `quire-abi`'s).
//! `golden/` holds one JSON file per message, checked against these types
//! ([`golden`]). This crate is types only.
//!
//! Plugin authors use the SDK, `quire-plugin`, which re-exports all of this
//! with the helpers for writing a plugin.

pub mod golden;
mod types;

pub use types::{
    IdAt, PluginError, PluginErrors, PluginInfo, PluginWarning, SectionContext, SectionRequest,
    SectionResponse,
};

/// A kind of section. Implemented by every built-in plugin and by the adapter
/// that loads plugins from shared libraries, so the engine cannot tell the
/// two apart.
pub trait SectionPlugin: Send + Sync {
    /// Who the plugin is and what data it accepts.
    fn info(&self) -> PluginInfo;

    /// Builds the section's blocks from its data and prose, or says every
    /// reason it cannot (a single [`PluginError`] converts with `?`).
    fn build(&self, request: &SectionRequest) -> Result<SectionResponse, PluginErrors>;
}
