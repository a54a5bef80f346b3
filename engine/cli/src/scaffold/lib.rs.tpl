//! The `{{name}}` section plugin for Quire.
//!
//! Quire calls `build` once per section of the manifest that names this
//! plugin, with the section's data file (as JSON), the document's metadata,
//! the shared data and the section's prose slots already turned into
//! blocks. It returns the section's blocks in Quire's document model; the
//! engine numbers headings, resolves cross-references and typesets the PDF
//! and the Word copy from them.

use quire_plugin::build::{bullets, inline_field, prose_field, section_heading};
use quire_plugin::model::{Inline, Origin, text};
use quire_plugin::{
    PluginError, PluginErrors, PluginInfo, SectionPlugin, SectionRequest, SectionResponse,
    read_data,
};
use quire_plugin::schemars::JsonSchema;
use serde::Deserialize;

/// The section's data file (see `sample.toml`). Unknown fields are refused,
/// so a misspelt field is reported to the author, with its path.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(crate = "quire_plugin::schemars")]
struct Data {
    /// The section's heading.
    title: String,
    /// Markdown: the opening paragraphs.
    #[serde(default)]
    summary: String,
    /// The items listed in the section.
    items: Vec<Item>,
}

/// One listed item.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(crate = "quire_plugin::schemars")]
struct Item {
    /// Plain text, shown in bold.
    name: String,
    /// Markdown.
    detail: String,
}

/// The plugin. It has no state: Quire may call it for several sections.
pub struct {{type}};

// The versioned C entry point Quire looks for (`quire_plugin_v2`).
quire_plugin::export_plugin!({{type}});

impl SectionPlugin for {{type}} {
    fn info(&self) -> PluginInfo {
        PluginInfo::new(
            "{{name}}",
            env!("CARGO_PKG_VERSION"),
            "{{title}}: a heading, a summary and a list of items",
        )
        .slot("intro", "Text after the heading, from a prose template")
        .needs_data()
        .data_schema::<Data>()
        // `quire plugins --example {{name}}` prints it; the tests build it.
        .example(include_str!("../sample.toml"))
    }

    fn build(&self, request: &SectionRequest) -> Result<SectionResponse, PluginErrors> {
        let data: Data = read_data(&request.data)?;
        if data.items.is_empty() {
            return Err(PluginError::data("items", "list at least one item").into());
        }
        let mut blocks = vec![section_heading(request, &data.title)];
        blocks.extend(request.prose("intro"));
        blocks.extend(prose_field("summary", &data.summary, 1)?);
        // Check every item before giving up, so the author sees every
        // problem in one build; warnings name the item they are about.
        let mut errors = PluginErrors::new();
        let mut warnings = Vec::new();
        let mut items = Vec::new();
        for (i, item) in data.items.iter().enumerate() {
            let path = format!("items[{i}].detail");
            if item.detail.trim().is_empty() {
                warnings.push((path.clone(), "this item has no detail".to_string()));
            }
            let Some(detail) = errors.keep(inline_field(&path, &item.detail)) else {
                continue;
            };
            let mut line = vec![Inline::Strong(text(&item.name)), Inline::Text(": ".into())];
            line.extend(detail);
            items.push(line);
        }
        // Where the list was written, so a warning about it (a list of
        // empty items) names the data file's line.
        blocks.push(bullets(items).at(Origin::data("items")));
        let mut response = errors.or_ok(SectionResponse::new(blocks))?;
        for (path, message) in warnings {
            response.warn_at(path, message);
        }
        Ok(response)
    }
}

#[cfg(test)]
mod tests {
    use quire_plugin::model::Block;
    use quire_plugin::testing::request;

    use super::*;

    const SAMPLE: &str = include_str!("../sample.toml");

    #[test]
    fn the_sample_builds_a_heading_and_a_list() {
        let sample = request("{{name}}", SAMPLE);
        let blocks = {{type}}.build(&sample).unwrap().blocks;
        assert!(matches!(blocks.first(), Some(Block::Heading(_))));
        let Some(Block::BulletList { items, .. }) = blocks.last() else {
            panic!("no list: {blocks:?}")
        };
        assert_eq!(items.len(), 2);
    }

    #[test]
    fn a_misspelt_field_is_named() {
        let bad = SAMPLE.replacen("detail =", "detial =", 1);
        let err = {{type}}.build(&request("{{name}}", &bad)).unwrap_err();
        let Some(PluginError::Data { path, .. }) = err.iter().next().cloned() else {
            panic!("not a data error: {err}")
        };
        assert_eq!(path, "items[0].detial");
    }
}
