//! The Quire plugin SDK.
//!
//! A section plugin turns one section's data (from a TOML file), its prose
//! (Markdown rendered from Handlebars templates) and the document's metadata
//! into model [`Block`](model::Block)s. Everything a plugin receives and returns is plain,
//! serialisable data ([`SectionRequest`], [`SectionResponse`], [`PluginInfo`],
//! [`PluginError`]), so the same plugin can run built into the engine or be
//! loaded from a shared library with the request and response crossing the
//! boundary as JSON.
//!
//! Helpers for plugin authors: [`read_data`] (typed data, every error in
//! the data file at once, in plain words, with field paths), [`markdown`]
//! (Markdown to model), [`format`](mod@format) (numbers and dates in house form),
//! [`build`] (common block shapes), [`chart`] (charts described in data),
//! [`shared`] (the themes and aims every section refers to by id, checked
//! with a "did you mean"), [`reference`](mod@reference) (a plugin's
//! reference page, made from its schema) and [`testing`] (requests built
//! from TOML text, for a plugin's tests).
//!
//! Some of these are other crates' that the engine shares, re-exported
//! here so a plugin needs the SDK alone: the protocol (`quire-wire`), the C
//! ABI and [`export_plugin!`] ([`abi`], `quire-abi`), the data checker and
//! its words ([`check`], [`words`], [`shared::closest`]: `quire-schema`) and
//! the house formats ([`format`](mod@format): `quire-model`).

pub mod build;
pub mod chart;
pub mod check;
pub mod reference;
pub mod shared;
pub mod testing;

pub use quire_abi as abi;
pub use quire_abi::export_plugin;
pub use quire_markdown as markdown;
pub use quire_model as model;
pub use quire_model::format;
pub use quire_schema::words;
pub use quire_wire::{
    IdAt, PluginError, PluginErrors, PluginInfo, PluginWarning, SectionContext, SectionPlugin,
    SectionRequest, SectionResponse, golden,
};
pub use schemars;
#[allow(deprecated)]
pub use shared::Strand;
pub use shared::{AimRef, Theme, Themes};

use serde::de::DeserializeOwned;

/// Reads a section's data into the plugin's own type, after checking it
/// against that type's JSON Schema ([`check`]): every independent error in
/// the data file comes back at once — wrong types, missing and unknown
/// fields, numbers outside the bounds the schema gives — each in plain
/// words with the path of its field (`actions[3].lead`), so the engine can
/// point at its line. A missing field's error says what the field is for
/// (its doc comment) and shows a line of TOML that gives it.
///
/// `T` derives [`schemars::JsonSchema`] beside `Deserialize` (as it does for
/// [`PluginInfo::data_schema`]); for a type without a schema,
/// [`parse_data`] reports the first error only.
pub fn read_data<T: DeserializeOwned + schemars::JsonSchema>(
    data: &serde_json::Value,
) -> Result<T, PluginErrors> {
    // Data that reads is refused only for the limits the schema adds
    // (ranges, lengths, sizes): its types and fields are as the plugin
    // reads them, which the schema may not show (`deserialize_with`,
    // `alias`). Data that does not read is checked whole, for every error.
    let schema = schemars::schema_for!(T).to_value();
    let first = match parse_data(data) {
        Ok(value) => {
            let limits = check::check_limits(&schema, data);
            if limits.is_empty() {
                return Ok(value);
            }
            let mut errors = PluginErrors::new();
            for error in limits {
                errors.push(error);
            }
            return Err(errors);
        }
        Err(first) => first,
    };
    let mut errors = PluginErrors::new();
    for error in check::check(&schema, data) {
        errors.push(error);
    }
    if errors.is_empty() {
        errors.push(first);
    }
    Err(errors)
}

/// Reads a section's data into the plugin's own type, stopping at the first
/// error (in plain words, with its field path). [`read_data`] reports every
/// error at once, and is what a plugin whose data type has a schema uses.
pub fn parse_data<T: DeserializeOwned>(data: &serde_json::Value) -> Result<T, PluginError> {
    serde_path_to_error::deserialize(data).map_err(|err| {
        let path = err.path().to_string();
        let path = if path == "." { String::new() } else { path };
        let message = words::serde_message(&err.into_inner().to_string());
        PluginError::Data {
            path: missing_field_path(path, &message),
            message,
        }
    })
}

/// serde reports a missing field at the table that lacks it; the path of
/// the field itself (`aims[2].vision`) says more, and the engine still
/// finds the table's line from it.
fn missing_field_path(path: String, message: &str) -> String {
    let field = message
        .strip_prefix("missing field `")
        .and_then(|rest| rest.split_once('`'))
        .map(|(name, _)| name);
    match field {
        Some(name) if path.is_empty() => name.to_string(),
        Some(name) => format!("{path}.{name}"),
        None => path,
    }
}

/// The old name of [`shared::themes`], from when themes were called strands.
#[deprecated(note = "strands are now themes: use `shared::themes`")]
pub fn strands(request: &SectionRequest) -> Result<Vec<shared::Theme>, PluginError> {
    Ok(shared::themes(request)?.list().to_vec())
}
