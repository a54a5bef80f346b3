use std::collections::BTreeMap;

use quire_model::{Block, MODEL_VERSION, Meta};
use serde::{Deserialize, Serialize};

/// What a plugin says about itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PluginInfo {
    /// The name the manifest uses to pick the plugin (`baseline`).
    pub name: String,
    /// The plugin's own version.
    pub version: String,
    /// One line on what the section is for.
    pub description: String,
    /// The prose slots the plugin places, with what each is for.
    #[serde(default)]
    pub prose_slots: BTreeMap<String, String>,
    /// Whether the section needs a data file.
    pub needs_data: bool,
}

impl PluginInfo {
    /// A plugin that takes no prose and needs no data file.
    pub fn new(
        name: impl Into<String>,
        version: impl Into<String>,
        description: impl Into<String>,
    ) -> Self {
        Self {
            name: name.into(),
            version: version.into(),
            description: description.into(),
            prose_slots: BTreeMap::new(),
            needs_data: false,
        }
    }

    /// The same plugin, also placing prose slot `name` (what it is for: `purpose`).
    pub fn slot(mut self, name: impl Into<String>, purpose: impl Into<String>) -> Self {
        self.prose_slots.insert(name.into(), purpose.into());
        self
    }

    /// The same plugin, needing a data file.
    pub fn needs_data(mut self) -> Self {
        self.needs_data = true;
        self
    }
}

/// Where a section sits in the document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionContext {
    /// The section's id in the manifest (`baseline`, `race-crime`).
    pub id: String,
    /// The label the section's top heading should carry (`sec-baseline`).
    pub label: String,
}

/// Everything a plugin is given to build one section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionRequest {
    /// The model version the engine reads back.
    pub model_version: u32,
    /// Where the section sits.
    pub section: SectionContext,
    /// The document's metadata.
    pub meta: Meta,
    /// The section's data file, as JSON (`null` when it has none).
    pub data: serde_json::Value,
    /// Prose slots, already rendered from their templates into blocks.
    pub prose: BTreeMap<String, Vec<Block>>,
    /// Data shared by every section (the manifest's `shared` file).
    pub shared: serde_json::Value,
}

impl SectionRequest {
    /// A request with no data, prose or shared data.
    pub fn new(section: SectionContext, meta: Meta) -> Self {
        Self {
            model_version: MODEL_VERSION,
            section,
            meta,
            data: serde_json::Value::Null,
            prose: BTreeMap::new(),
            shared: serde_json::Value::Null,
        }
    }

    /// The blocks of a prose slot; empty when the manifest gives none.
    pub fn prose(&self, slot: &str) -> Vec<Block> {
        self.prose.get(slot).cloned().unwrap_or_default()
    }
}

/// What a plugin returns.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionResponse {
    /// The model version the blocks were built with.
    pub model_version: u32,
    /// The section's blocks, for the main matter.
    pub blocks: Vec<Block>,
    /// Blocks the section contributes to the appendices.
    #[serde(default)]
    pub appendices: Vec<Block>,
    /// Things the author should know about that do not stop the build.
    #[serde(default)]
    pub warnings: Vec<String>,
}

impl SectionResponse {
    /// A response holding `blocks`.
    pub fn new(blocks: Vec<Block>) -> Self {
        Self {
            model_version: MODEL_VERSION,
            blocks,
            ..Self::default()
        }
    }
}

/// Why a plugin could not build its section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PluginError {
    /// The data does not fit: a wrong type, a missing or unknown field, or a
    /// value that breaks a rule of the section (a duplicate reference, an
    /// action under an aim that does not exist).
    #[error("{}{message}", at(.path))]
    Data {
        /// The field path in the data (`actions[3].lead`); empty for the whole.
        path: String,
        /// What is wrong, and what was expected.
        message: String,
    },
    /// A prose slot the section needs is missing or unusable.
    #[error("prose slot `{slot}`: {message}")]
    Prose {
        /// The slot name.
        slot: String,
        /// What is wrong.
        message: String,
    },
    /// Anything else.
    #[error("{0}")]
    Failed(String),
}

fn at(path: &str) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!("field `{path}`: ")
    }
}

impl PluginError {
    /// A data error at `path`.
    pub fn data(path: impl Into<String>, message: impl Into<String>) -> Self {
        PluginError::Data {
            path: path.into(),
            message: message.into(),
        }
    }
}
