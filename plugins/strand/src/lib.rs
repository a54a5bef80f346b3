//! The approach to one strand of hate crime (race crime, homophobic crime,
//! domestic violence): definition, what we know, our approach, priorities,
//! key partners and the actions of the implementation plan that serve it.

use quire_plugin::build::{heading, heading_at, inline_field, prose_field, section_heading, text};
use quire_plugin::format::join_list;
use quire_plugin::model::{Block, Inline, Origin, class};
use quire_plugin::{
    PluginError, PluginErrors, PluginInfo, SectionPlugin, SectionRequest, SectionResponse,
    read_data, strands,
};
use schemars::JsonSchema;
use serde::Deserialize;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Data {
    /// The strand id from the shared data (`race`).
    strand: String,
    /// Heading; defaults to the strand's name.
    #[serde(default)]
    title: Option<String>,
    /// Markdown: the working definition.
    definition: String,
    /// Markdown: what we know about this strand in the borough.
    context: String,
    /// The approach, as titled subsections.
    approach: Vec<Approach>,
    /// Markdown, one priority each.
    priorities: Vec<String>,
    key_partners: Vec<String>,
    /// Refs of the implementation plan's actions that serve this strand.
    #[serde(default)]
    actions: Vec<String>,
    /// The label of the implementation plan table.
    #[serde(default = "plan_label")]
    plan_table: String,
}

fn plan_label() -> String {
    "tbl-plan".into()
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Approach {
    heading: String,
    /// Markdown.
    text: String,
}

/// The strand approach section plugin.
pub struct StrandPlugin;

// The plugin's C entry point, for the cdylib (see `Cargo.toml`).
#[cfg(feature = "export")]
quire_plugin::export_plugin!(StrandPlugin);

impl SectionPlugin for StrandPlugin {
    fn info(&self) -> PluginInfo {
        PluginInfo::new("strand", env!("CARGO_PKG_VERSION"), "The approach to one strand: definition, context, approach, priorities, partners, actions")
            .slot("intro", "Text under the strand heading")
            .needs_data()
            .data_schema::<Data>()
    }

    fn build(&self, request: &SectionRequest) -> Result<SectionResponse, PluginErrors> {
        let data: Data = read_data(&request.data)?;
        let strands = strands(request)?;
        let strand = strands
            .iter()
            .find(|s| s.id == data.strand)
            .ok_or_else(|| {
                let known: Vec<&str> = strands.iter().map(|s| s.id.as_str()).collect();
                PluginError::data(
                    "strand",
                    format!(
                        "unknown strand `{}`; the shared data declares: {}",
                        data.strand,
                        known.join(", ")
                    ),
                )
            })?;
        let title = data
            .title
            .clone()
            .unwrap_or_else(|| format!("Our approach to {}", strand.name.to_lowercase()));
        let mut blocks = vec![section_heading(request, &title)];
        blocks.extend(request.prose("intro"));
        blocks.push(Block::Callout {
            class: class::DEFINITION.into(),
            title: Some(text(format!("Definition: {}", strand.name))),
            blocks: prose_field("definition", &data.definition, 2)?,
        });
        blocks.push(heading(2, "What we know"));
        blocks.extend(prose_field("context", &data.context, 2)?);
        blocks.push(heading(2, "Our approach"));
        for (i, part) in data.approach.iter().enumerate() {
            blocks.push(heading_at(
                3,
                &part.heading,
                &format!("approach[{i}].heading"),
            ));
            blocks.extend(prose_field(&format!("approach[{i}].text"), &part.text, 3)?);
        }
        blocks.push(heading(2, "Priorities"));
        let priorities = data
            .priorities
            .iter()
            .enumerate()
            .map(|(i, p)| inline_field(&format!("priorities[{i}]"), p))
            .collect::<Result<Vec<_>, _>>()?;
        // Priorities are whole sentences, numbered as the aims' are.
        blocks.push(Block::OrderedList {
            start: 1,
            items: priorities
                .into_iter()
                .map(|p| vec![Block::paragraph(p)])
                .collect(),
        });
        blocks.push(heading(2, "Key partners"));
        blocks.push(Block::paragraph(text(format!(
            "{}.",
            join_list(&data.key_partners, "and")
        ))));
        if !data.actions.is_empty() {
            let noun = if data.actions.len() == 1 {
                "action"
            } else {
                "actions"
            };
            blocks.push(Block::paragraph(vec![
                Inline::Text(format!(
                    "This strand is served by {noun} {} of the implementation plan (",
                    join_list(&data.actions, "and")
                )),
                Inline::reference(data.plan_table.clone()).at(Origin::data("plan_table")),
                Inline::Text(").".into()),
            ]));
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
        insta::assert_json_snapshot!(StrandPlugin.build(&request("race-crime", SAMPLE)).unwrap());
    }

    #[test]
    fn an_unknown_strand_lists_the_known_ones() {
        let bad = SAMPLE.replacen("strand = \"race\"", "strand = \"racism\"", 1);
        let err = StrandPlugin
            .build(&request("race-crime", &bad))
            .unwrap_err();
        assert_eq!(
            err,
            PluginError::data(
                "strand",
                "unknown strand `racism`; the shared data declares: race, homophobic, domestic-violence"
            )
            .into()
        );
    }
}
