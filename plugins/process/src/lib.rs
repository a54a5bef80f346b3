//! How the document was made: desk research, data collection, consultation —
//! as titled subsections with lists — and, optionally, the agencies
//! consulted, grouped (statutory, voluntary and community…), as an appendix
//! (a lone group gets no heading of its own).

use quire_plugin::build::{heading, heading_at, inline_field, prose_field, section_heading, text};
use quire_plugin::model::{Block, Heading, Inline, ListItem, Origin};
use quire_plugin::{
    PluginError, PluginErrors, PluginInfo, SectionPlugin, SectionRequest, SectionResponse,
    read_data,
};
use schemars::JsonSchema;
use serde::Deserialize;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Data {
    /// The section's heading.
    title: String,
    /// The stages, each a titled subsection.
    stages: Vec<Stage>,
    /// The agencies consulted, as an appendix; none if not given.
    #[serde(default)]
    agencies: Option<AgencyAppendix>,
}

/// One stage of the process (desk research, data collection, consultation).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Stage {
    /// The subsection's heading.
    heading: String,
    /// Markdown before the list.
    #[serde(default)]
    text: String,
    /// A bulleted list: each item Markdown, or a table with `text` and a
    /// `footnote`.
    #[serde(default)]
    items: Vec<Item>,
    /// Markdown after the list.
    #[serde(default)]
    after: String,
}

/// A list item: Markdown text, optionally with a footnote.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(untagged)]
enum Item {
    /// Markdown.
    Plain(String),
    /// Markdown with a footnote after it.
    Noted {
        /// Markdown: the item.
        text: String,
        /// Markdown: its footnote.
        footnote: String,
    },
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct AgencyAppendix {
    /// The appendix's heading (labelled `app-<section id>-agencies`).
    title: String,
    /// Markdown: text before the lists.
    #[serde(default)]
    text: String,
    /// The groups of agencies, each a list under its name.
    groups: Vec<AgencyGroup>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct AgencyGroup {
    /// The group's heading (left out when there is only one group).
    name: String,
    /// The agencies in it, in order.
    agencies: Vec<Agency>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Agency {
    /// The agency's name.
    name: String,
    /// Teams or services within the agency, consulted separately.
    #[serde(default)]
    including: Vec<String>,
}

/// The process/methodology section plugin.
pub struct ProcessPlugin;

// The plugin's C entry point, for the cdylib (see `Cargo.toml`).
#[cfg(feature = "export")]
quire_plugin::export_plugin!(ProcessPlugin);

impl SectionPlugin for ProcessPlugin {
    fn info(&self) -> PluginInfo {
        PluginInfo::new(
            "process",
            env!("CARGO_PKG_VERSION"),
            "How the document was made, with the agencies consulted as an appendix",
        )
        .slot("intro", "Text under the section heading")
        .needs_data()
        .data_schema::<Data>()
        .example(include_str!("../example.toml"))
    }

    fn build(&self, request: &SectionRequest) -> Result<SectionResponse, PluginErrors> {
        let data: Data = read_data(&request.data)?;
        let mut blocks = vec![section_heading(request, &data.title)];
        blocks.extend(request.prose("intro"));
        for (s, stage) in data.stages.iter().enumerate() {
            let path = |f: &str| format!("stages[{s}].{f}");
            blocks.push(heading(2, &stage.heading));
            blocks.extend(prose_field(&path("text"), &stage.text, 2)?);
            if !stage.items.is_empty() {
                let items = stage
                    .items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| list_item(item, &format!("stages[{s}].items[{i}]")))
                    .collect::<Result<Vec<_>, _>>()?;
                blocks.push(Block::bullet_list(items).at(Origin::data(path("items"))));
            }
            blocks.extend(prose_field(&path("after"), &stage.after, 2)?);
        }
        let appendix = match &data.agencies {
            Some(agencies) => appendix(request, agencies)?,
            None => Vec::new(),
        };
        Ok(SectionResponse {
            appendices: appendix,
            ..SectionResponse::new(blocks)
        })
    }
}

fn list_item(item: &Item, path: &str) -> Result<ListItem, PluginError> {
    let content = match item {
        Item::Plain(text) => inline_field(path, text)?,
        Item::Noted { text, footnote } => {
            let mut content = inline_field(&format!("{path}.text"), text)?;
            let note = prose_field(&format!("{path}.footnote"), footnote, 0)?;
            content.push(Inline::Footnote(note));
            content
        }
    };
    Ok(vec![Block::paragraph(content).at(Origin::data(path))])
}

fn appendix(
    request: &SectionRequest,
    agencies: &AgencyAppendix,
) -> Result<Vec<Block>, PluginError> {
    let label = format!("app-{}-agencies", request.section.id);
    let mut blocks = vec![Block::Heading(
        Heading::new(1, text(&agencies.title)).with_label(label),
    )];
    blocks.extend(prose_field("agencies.text", &agencies.text, 1)?);
    for (g, group) in agencies.groups.iter().enumerate() {
        let path = |f: &str| format!("agencies.groups[{g}].{f}");
        // A lone group needs no heading of its own.
        if agencies.groups.len() > 1 {
            blocks.push(heading_at(2, &group.name, &path("name")));
        }
        let items = group
            .agencies
            .iter()
            .enumerate()
            .map(|(a, agency)| {
                let at = |f: &str| Origin::data(path(&format!("agencies[{a}].{f}")));
                let mut item = vec![Block::paragraph(text(&agency.name)).at(at("name"))];
                if !agency.including.is_empty() {
                    let including = quire_plugin::build::bullets(agency.including.iter().map(text));
                    item.push(including.at(at("including")));
                }
                item
            })
            .collect();
        blocks.push(Block::bullet_list(items).at(Origin::data(path("agencies"))));
    }
    Ok(blocks)
}

#[cfg(test)]
mod tests {
    use quire_plugin::testing::request;

    use super::*;

    const SAMPLE: &str = include_str!("../tests/sample.toml");

    #[test]
    fn a_lone_group_of_agencies_has_no_heading() {
        let headings = |data: &str| {
            let response = ProcessPlugin.build(&request("process", data)).unwrap();
            response
                .appendices
                .iter()
                .filter(|b| matches!(b, Block::Heading(h) if h.level == 2))
                .count()
        };
        let groups = SAMPLE.matches("[[agencies.groups]]").count();
        assert!(groups > 1);
        assert_eq!(headings(SAMPLE), groups);
        let one = SAMPLE
            .split("[[agencies.groups]]")
            .take(2)
            .collect::<Vec<_>>()
            .join("[[agencies.groups]]");
        assert_eq!(headings(&one), 0);
    }

    #[test]
    fn sample_blocks() {
        insta::assert_json_snapshot!(ProcessPlugin.build(&request("process", SAMPLE)).unwrap());
    }

    #[test]
    fn the_footnote_becomes_a_footnote() {
        let response = ProcessPlugin.build(&request("process", SAMPLE)).unwrap();
        let json = serde_json::to_string(&response.blocks).unwrap();
        assert!(json.contains(r#"{"type":"footnote","c":[{"type":"paragraph","c":{"content":[{"type":"text","c":"Recommendations will be incorporated into the existing training programme"#), "{json}");
    }

    #[test]
    fn a_malformed_item_names_the_field() {
        let bad = SAMPLE.replacen("footnote = ", "note = ", 1);
        let err = ProcessPlugin.build(&request("process", &bad)).unwrap_err();
        let Some(PluginError::Data { path, .. }) = err.into_iter().next() else {
            panic!()
        };
        assert_eq!(path, "stages[1].items[1].footnote");
    }
}
