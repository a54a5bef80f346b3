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
//! house form) and [`build`] (common block shapes).

pub mod build;
pub mod chart;
pub mod format;
#[cfg(any(test, feature = "testing"))]
pub mod testing;

pub use quire_markdown as markdown;
pub use quire_model as model;
pub use quire_wire::{
    PluginError, PluginErrors, PluginInfo, PluginWarning, SectionContext, SectionPlugin,
    SectionRequest, SectionResponse, abi, export_plugin, golden,
};
pub use schemars;

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
    let shared: Shared = serde_path_to_error::deserialize(&value).map_err(|err| {
        let path = err.path().to_string();
        PluginError::Data {
            path: format!("shared.{path}"),
            message: err.into_inner().to_string(),
        }
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
