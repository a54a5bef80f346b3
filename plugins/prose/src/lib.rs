//! The generic prose section: its content is only Markdown (with Handlebars),
//! so an author can add a foreword, definitions, governance or a glossary
//! without writing Rust. The template's first level-1 heading gets the
//! section's label unless it sets its own.

use quire_plugin::model::Block;
use quire_plugin::{
    PluginError, PluginErrors, PluginInfo, SectionPlugin, SectionRequest, SectionResponse,
};

/// The prose section plugin.
pub struct ProsePlugin;

// The plugin's C entry point, for the cdylib (see `Cargo.toml`).
#[cfg(feature = "export")]
quire_plugin::export_plugin!(ProsePlugin);

impl SectionPlugin for ProsePlugin {
    fn info(&self) -> PluginInfo {
        PluginInfo::new(
            "prose",
            env!("CARGO_PKG_VERSION"),
            "A section written entirely in Markdown",
        )
        .slot("body", "The whole section, headings included")
    }

    fn build(&self, request: &SectionRequest) -> Result<SectionResponse, PluginErrors> {
        let Some(body) = request.prose.get("body") else {
            return Err(PluginError::Prose {
                slot: "body".into(),
                message: "the prose section needs a `body` template".into(),
            }
            .into());
        };
        if body.is_empty() {
            return Err(PluginError::Prose {
                slot: "body".into(),
                message: "the template rendered to nothing".into(),
            }
            .into());
        }
        let mut blocks = body.clone();
        if let Some(Block::Heading(h)) = blocks
            .iter_mut()
            .find(|b| matches!(b, Block::Heading(h) if h.level == 1))
        {
            h.label.get_or_insert_with(|| request.section.label.clone());
        }
        Ok(SectionResponse::new(blocks))
    }
}

#[cfg(test)]
mod tests {
    use quire_plugin::markdown::to_blocks;
    use quire_plugin::testing::request;

    use super::*;

    #[test]
    fn sample_blocks() {
        let mut req = request("foreword", "");
        let md = "# Foreword {.unnumbered}\n\nHate crime harms *whole communities*.\n\n## Why now\n\nBecause.";
        req.prose.insert("body".into(), to_blocks(md, 0).unwrap());
        insta::assert_json_snapshot!(ProsePlugin.build(&req).unwrap());
    }

    #[test]
    fn a_missing_body_is_an_error() {
        let err = ProsePlugin.build(&request("foreword", "")).unwrap_err();
        assert!(
            matches!(err.into_iter().next(), Some(PluginError::Prose { slot, .. }) if slot == "body")
        );
    }
}
