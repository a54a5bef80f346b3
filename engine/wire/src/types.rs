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
    /// The JSON Schema of the data file the plugin accepts, if it publishes
    /// one (`quire plugins --schema NAME` prints it for editors).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_schema: Option<serde_json::Value>,
    /// A complete data file that builds, as TOML with comments saying what
    /// each part is for, if the plugin gives one (`quire plugins --example
    /// NAME` prints it). Added in ABI 2.1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub example: Option<String>,
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
            data_schema: None,
            example: None,
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

    /// The same plugin, publishing the schema of its data file: the
    /// JSON Schema of `T`, the type it reads the data into (derive
    /// [`schemars::JsonSchema`] next to `Deserialize`; doc comments become
    /// the fields' descriptions).
    pub fn data_schema<T: schemars::JsonSchema>(mut self) -> Self {
        self.data_schema = Some(schemars::schema_for!(T).to_value());
        self
    }

    /// The same plugin, giving `text` as the example of its data file: a
    /// complete file that builds, in TOML, with comments saying what each
    /// part is for. Keep it in a file of its own and include it
    /// (`.example(include_str!("../example.toml"))`), and test that it
    /// builds.
    pub fn example(mut self, text: impl Into<String>) -> Self {
        self.example = Some(text.into());
        self
    }
}

/// Where a section sits in the document.
///
/// Like [`SectionRequest`], it accepts fields it does not know: a newer
/// engine (a later minor ABI version) may send more.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SectionContext {
    /// The section's id in the manifest (`baseline`, `race-crime`).
    pub id: String,
    /// The label the section's top heading should carry (`sec-baseline`).
    pub label: String,
}

/// Everything a plugin is given to build one section.
///
/// Unknown fields are ignored, not refused: a minor ABI version may add
/// optional request fields, and plugins built against an older SDK must
/// still read the request (see the versioning in `quire-abi`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    pub warnings: Vec<PluginWarning>,
    /// Ids this section defines, which other sections may mention (a
    /// plan's action refs). Added in ABI 2.2.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub defines: Vec<IdAt>,
    /// Ids of things other sections define that this section names (a
    /// theme's actions). The engine checks each against every section's
    /// [`SectionResponse::defines`]. Added in ABI 2.2.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mentions: Vec<IdAt>,
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

    /// Adds a warning about the data item at `path` (`measures[2].value`;
    /// `shared.` for the shared data); the engine shows it at that line.
    pub fn warn_at(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.warnings.push(PluginWarning {
            path: Some(path.into()),
            message: message.into(),
        });
    }

    /// Adds a warning about the section as a whole.
    pub fn warn(&mut self, message: impl Into<String>) {
        self.warnings.push(PluginWarning {
            path: None,
            message: message.into(),
        });
    }

    /// Says that this section defines the `kind` (a plain noun: `action`)
    /// with `id`, written at the data item `path` (`actions[0].ref`), so
    /// that other sections may mention it ([`SectionResponse::mention`]).
    pub fn define(
        &mut self,
        kind: impl Into<String>,
        id: impl Into<String>,
        path: impl Into<String>,
    ) {
        self.defines.push(IdAt::new(kind, id, path));
    }

    /// Says that this section names the `kind` with `id` that another
    /// section defines, at the data item `path` (`actions[3]`). A mention
    /// no section of the document defines is an error at that line, with
    /// the closest defined id as a suggestion; the plugin need not see the
    /// other section's data to have its references checked.
    pub fn mention(
        &mut self,
        kind: impl Into<String>,
        id: impl Into<String>,
        path: impl Into<String>,
    ) {
        self.mentions.push(IdAt::new(kind, id, path));
    }
}

/// An id of some kind, and the data item it is written at: what a section
/// [defines](SectionResponse::define) or [mentions](SectionResponse::mention).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IdAt {
    /// What the id names, as a plain noun (`action`).
    pub kind: String,
    /// The id (`1a`).
    pub id: String,
    /// The data item it is written at (`actions[3]`; `shared.` for the
    /// shared data).
    pub path: String,
}

impl IdAt {
    /// The `kind` with `id`, written at `path`.
    pub fn new(kind: impl Into<String>, id: impl Into<String>, path: impl Into<String>) -> Self {
        Self {
            kind: kind.into(),
            id: id.into(),
            path: path.into(),
        }
    }
}

/// Something the author should know that does not stop the build.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PluginWarning {
    /// The data item it is about (`measures[2].value`; `shared.` for the
    /// shared data); none for the section as a whole.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// What the author should know.
    pub message: String,
}

/// Every reason a plugin could not build its section, so an author fixes
/// them all in one round. Build one with [`PluginErrors::new`] and
/// [`PluginErrors::push`], or let `?` turn a single [`PluginError`] into it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PluginErrors(Vec<PluginError>);

impl PluginErrors {
    /// No errors yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one.
    pub fn push(&mut self, error: PluginError) {
        self.0.push(error);
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The errors, in the order found.
    pub fn iter(&self) -> std::slice::Iter<'_, PluginError> {
        self.0.iter()
    }

    /// `Ok(value)` when there are none, or the errors.
    pub fn or_ok<T>(self, value: T) -> Result<T, PluginErrors> {
        if self.0.is_empty() {
            Ok(value)
        } else {
            Err(self)
        }
    }

    /// Keeps the value of a result, or records its error and gives `None`:
    /// for checking every item of a list before giving up.
    pub fn keep<T>(&mut self, result: Result<T, PluginError>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(error) => {
                self.push(error);
                None
            }
        }
    }
}

impl From<PluginError> for PluginErrors {
    fn from(error: PluginError) -> Self {
        Self(vec![error])
    }
}

impl IntoIterator for PluginErrors {
    type Item = PluginError;
    type IntoIter = std::vec::IntoIter<PluginError>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl std::fmt::Display for PluginErrors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{error}")?;
        }
        Ok(())
    }
}

impl std::error::Error for PluginErrors {}

/// Why a plugin could not build its section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use quire_model::{Inline, text};
    use serde::de::DeserializeOwned;

    fn round_trip<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(value: &T) {
        let bytes = serde_json::to_vec(value).unwrap();
        assert_eq!(&serde_json::from_slice::<T>(&bytes).unwrap(), value);
    }

    fn sample_request(word: &str) -> SectionRequest {
        let section = SectionContext {
            id: "race-crime".into(),
            label: "sec-race-crime".into(),
        };
        let meta = Meta {
            title: word.into(),
            ..Meta::default()
        };
        let mut request = SectionRequest::new(section, meta);
        request.data = serde_json::json!({ "strand": word, "n": [1, 2.5, null] });
        request.shared = serde_json::json!({ "strands": [{ "id": "race" }] });
        request.prose.insert(
            "intro".into(),
            vec![Block::paragraph(vec![Inline::Strong(text(word))])],
        );
        request
    }

    #[test]
    fn every_wire_type_round_trips() {
        round_trip(
            &PluginInfo::new("strand", "1.2.0", "One strand")
                .slot("intro", "Opening words")
                .needs_data()
                .data_schema::<BTreeMap<String, u32>>()
                .example("a = 1\n"),
        );
        round_trip(&sample_request("race"));
        let mut response = SectionResponse::new(vec![Block::paragraph(text("body"))]);
        response.appendices = vec![Block::paragraph(text("appendix"))];
        response.warn_at("measures[1].value", "check the 2004 figure");
        response.warn("the section is long");
        round_trip(&response);
        let mut errors = PluginErrors::new();
        errors.push(PluginError::data("a", "b"));
        errors.push(PluginError::Failed("c".into()));
        round_trip(&errors);
        assert_eq!(errors.to_string(), "field `a`: b; c");
        round_trip(&PluginError::data("actions[3].lead", "expected an agency"));
        round_trip(&PluginError::Prose {
            slot: "intro".into(),
            message: "missing".into(),
        });
        round_trip(&PluginError::Failed("no".into()));
    }

    #[test]
    fn requests_from_a_newer_engine_are_still_read() {
        // A later minor ABI version may add optional request fields.
        let mut value = serde_json::to_value(sample_request("race")).unwrap();
        value["added_in_1_1"] = serde_json::json!(true);
        value["section"]["added_in_1_1"] = serde_json::json!("x");
        let read: SectionRequest = serde_json::from_value(value).unwrap();
        assert_eq!(read, sample_request("race"));
    }

    #[test]
    fn responses_and_infos_with_unknown_fields_are_refused() {
        // The engine reads these; a plugin cannot be newer than the engine.
        let mut value = serde_json::to_value(SectionResponse::new(vec![])).unwrap();
        value["extra"] = serde_json::json!(1);
        assert!(serde_json::from_value::<SectionResponse>(value).is_err());
    }

    proptest! {
        #[test]
        fn any_text_round_trips(word in any::<String>()) {
            round_trip(&sample_request(&word));
            round_trip(&PluginError::data(word.clone(), word.clone()));
        }
    }
}
