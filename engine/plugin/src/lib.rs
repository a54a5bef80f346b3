//! The Quire plugin SDK.
//!
//! A section plugin turns one section's data (from a TOML file), its prose
//! (Markdown rendered from Handlebars templates) and the document's metadata
//! into model [`Block`]s. Everything a plugin receives and returns is plain,
//! serialisable data ([`SectionRequest`], [`SectionResponse`], [`PluginInfo`],
//! [`PluginError`]), so the same plugin can run built into the engine or be
//! loaded from a shared library with the request and response crossing the
//! boundary as JSON.
//!
//! Helpers for plugin authors: [`parse_data`] (typed data with field paths in
//! errors), [`markdown`] (Markdown to model), [`format`] (numbers and dates in
//! house form), [`build`] (common block shapes) and [`shared`] (the themes
//! and aims every section refers to by id, checked with a "did you mean").

pub mod build;
pub mod chart;
pub mod format;
pub mod shared;
#[cfg(any(test, feature = "testing"))]
pub mod testing;

pub use quire_markdown as markdown;
pub use quire_model as model;
pub use quire_wire::{
    PluginError, PluginErrors, PluginInfo, PluginWarning, SectionContext, SectionPlugin,
    SectionRequest, SectionResponse, abi, export_plugin, golden,
};
pub use schemars;
#[allow(deprecated)]
pub use shared::Strand;
pub use shared::{AimRef, Theme, Themes};

use serde::de::DeserializeOwned;

/// Reads a section's data into the plugin's own type. Errors carry the path
/// of the offending field (`actions[3].lead`) so the engine can point at the
/// line in the data file.
pub fn parse_data<T: DeserializeOwned>(data: &serde_json::Value) -> Result<T, PluginError> {
    serde_path_to_error::deserialize(data).map_err(|err| {
        let path = err.path().to_string();
        let path = if path == "." { String::new() } else { path };
        PluginError::Data {
            path,
            message: err.into_inner().to_string(),
        }
    })
}

/// The old name of [`shared::themes`], from when themes were called strands.
#[deprecated(note = "strands are now themes: use `shared::themes`")]
pub fn strands(request: &SectionRequest) -> Result<Vec<shared::Theme>, PluginError> {
    Ok(shared::themes(request)?.list().to_vec())
}
