//! Strategic aims and priorities: the vision, then each aim with its
//! statement, its numbered priorities and the strands it serves.

use quire_plugin::build::{inline_field, prose_field, section_heading};
use quire_plugin::format::join_list;
use quire_plugin::model::{Block, Heading, Inline, text};
use quire_plugin::{
    PluginError, PluginInfo, SectionPlugin, SectionRequest, SectionResponse, parse_data,
    strand_names, strands,
};
use schemars::JsonSchema;
use serde::Deserialize;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Data {
    title: String,
    /// Markdown: the partnership's vision, shown boxed.
    vision: String,
    aims: Vec<Aim>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Aim {
    number: u32,
    title: String,
    /// Markdown.
    statement: String,
    /// Markdown, one priority each.
    priorities: Vec<String>,
    /// Strand ids from the shared data.
    strands: Vec<String>,
}

/// The aims section plugin.
pub struct AimsPlugin;

// The plugin's C entry point, for the cdylib (see `Cargo.toml`).
#[cfg(feature = "export")]
quire_plugin::export_plugin!(AimsPlugin);

impl SectionPlugin for AimsPlugin {
    fn info(&self) -> PluginInfo {
        PluginInfo::new(
            "aims",
            env!("CARGO_PKG_VERSION"),
            "Strategic aims and priorities, with the vision and the strands each aim serves",
        )
        .slot("intro", "Text before the vision")
        .needs_data()
        .data_schema::<Data>()
    }

    fn build(&self, request: &SectionRequest) -> Result<SectionResponse, PluginError> {
        let data: Data = parse_data(&request.data)?;
        let strands = strands(request)?;
        let mut blocks = vec![section_heading(request, &data.title)];
        blocks.extend(request.prose("intro"));
        blocks.push(Block::Callout {
            class: "vision".into(),
            title: Some(text("Our vision")),
            blocks: prose_field("vision", &data.vision, 2)?,
        });
        for (i, aim) in data.aims.iter().enumerate() {
            let path = |f: &str| format!("aims[{i}].{f}");
            let heading = Heading::new(2, text(format!("Aim {}: {}", aim.number, aim.title)))
                .with_label(format!("aim-{}", aim.number));
            blocks.push(Block::Heading(heading));
            blocks.extend(prose_field(&path("statement"), &aim.statement, 2)?);
            if aim.priorities.is_empty() {
                return Err(PluginError::data(
                    path("priorities"),
                    "an aim needs at least one priority",
                ));
            }
            let items = aim
                .priorities
                .iter()
                .enumerate()
                .map(|(j, p)| {
                    Ok(vec![Block::paragraph(inline_field(
                        &format!("aims[{i}].priorities[{j}]"),
                        p,
                    )?)])
                })
                .collect::<Result<Vec<_>, PluginError>>()?;
            blocks.push(Block::OrderedList { start: 1, items });
            let names = strand_names(&strands, &aim.strands, &path("strands"))?;
            blocks.push(Block::Paragraph {
                content: vec![
                    Inline::Strong(text("Strands served: ")),
                    Inline::Text(join_list(&names, "and")),
                ],
                class: Some("meta".into()),
            });
        }
        Ok(SectionResponse::new(blocks))
    }
}

#[cfg(test)]
mod tests {
    use quire_plugin::testing::request;

    use super::*;

    const SAMPLE: &str = include_str!("../tests/sample.toml");

    #[test]
    fn sample_blocks() {
        insta::assert_json_snapshot!(AimsPlugin.build(&request("aims", SAMPLE)).unwrap());
    }

    #[test]
    fn an_unknown_field_is_named() {
        let bad = SAMPLE.replacen("statement =", "statment =", 1);
        let err = AimsPlugin.build(&request("aims", &bad)).unwrap_err();
        let PluginError::Data { path, message } = err else {
            panic!()
        };
        assert_eq!(path, "aims[0].statment");
        assert!(message.contains("unknown field `statment`"), "{message}");
    }
}
