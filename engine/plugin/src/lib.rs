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
//! [`reference`](mod@reference) (a plugin's reference page, made from its schema) and
//! [`testing`] (requests built from TOML text, for a plugin's tests).

pub mod build;
pub mod chart;
pub mod check;
pub mod format;
pub mod reference;
pub mod testing;
pub mod words;

pub use quire_markdown as markdown;
pub use quire_model as model;
pub use quire_wire::{
    PluginError, PluginErrors, PluginInfo, PluginWarning, SectionContext, SectionPlugin,
    SectionRequest, SectionResponse, abi, export_plugin, golden,
};
pub use schemars;

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
    let schema = schemars::schema_for!(T).to_value();
    let mut errors = PluginErrors::new();
    for error in check::check(&schema, data) {
        errors.push(error);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(parse_data(data)?)
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

/// A strand of the strategy (race crime, homophobic crime…), as listed in the
/// shared data under `strands`.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Strand {
    /// The id data files use (`race`).
    pub id: String,
    /// The name readers see (`Race crime`).
    pub name: String,
}

/// The strands declared in the shared data. Errors name the shared file's
/// field (paths start with `shared.`).
pub fn strands(request: &SectionRequest) -> Result<Vec<Strand>, PluginError> {
    #[derive(serde::Deserialize)]
    struct Shared {
        #[serde(default)]
        strands: Vec<Strand>,
    }
    let value = if request.shared.is_null() {
        serde_json::json!({})
    } else {
        request.shared.clone()
    };
    let shared: Shared = parse_data(&value).map_err(|err| match err {
        PluginError::Data { path, message } => PluginError::Data {
            path: format!("shared.{path}"),
            message,
        },
        other => other,
    })?;
    Ok(shared.strands)
}

/// Whether `ids` name every strand of `strands` (and there are several),
/// so that a section can say so in a word of its data ("All strands")
/// rather than list every strand again.
pub fn serves_every_strand(strands: &[Strand], ids: &[String]) -> bool {
    strands.len() > 1 && strands.iter().all(|s| ids.contains(&s.id))
}

/// Looks up strand names for the ids at `path` (`actions[2].strands`);
/// unknown ids are a data error listing the known ones.
pub fn strand_names(
    strands: &[Strand],
    ids: &[String],
    path: &str,
) -> Result<Vec<String>, PluginError> {
    ids.iter()
        .enumerate()
        .map(|(i, id)| {
            strands
                .iter()
                .find(|s| &s.id == id)
                .map(|s| s.name.clone())
                .ok_or_else(|| {
                    let known: Vec<&str> = strands.iter().map(|s| s.id.as_str()).collect();
                    PluginError::data(
                        format!("{path}[{i}]"),
                        format!(
                            "unknown strand `{id}`; the shared data declares: {}",
                            known.join(", ")
                        ),
                    )
                })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_strand_means_each_declared_one() {
        let strand = |id: &str| Strand {
            id: id.into(),
            name: id.to_uppercase(),
        };
        let all = [strand("race"), strand("dv")];
        let ids = |list: &[&str]| list.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(serves_every_strand(&all, &ids(&["dv", "race"])));
        assert!(!serves_every_strand(&all, &ids(&["race"])));
        assert!(!serves_every_strand(&all[..1], &ids(&["race"])));
    }
}
