//! The overview of hate crime in the borough: what the strategy covers (the
//! strands), the key figures with their sources, and the author's prose.

use quire_plugin::build::{
    cell, heading, heading_at, illustrative, illustrative_note, inline_field, prose_field,
    section_heading, text,
};
use quire_plugin::format::thousands;
use quire_plugin::model::{Block, Cell, Column, Definition, Inline, Origin, Row, Table, class};
use quire_plugin::{
    PluginError, PluginErrors, PluginInfo, SectionPlugin, SectionRequest, SectionResponse,
    read_data,
};
use schemars::JsonSchema;
use serde::Deserialize;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Data {
    title: String,
    #[serde(default = "default_strands_heading")]
    strands_heading: String,
    strands: Vec<StrandSummary>,
    #[serde(default = "default_facts_heading")]
    facts_heading: String,
    key_facts: Vec<KeyFact>,
}

fn default_strands_heading() -> String {
    "What the strategy covers".into()
}

fn default_facts_heading() -> String {
    "Key figures".into()
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct StrandSummary {
    name: String,
    /// Markdown.
    summary: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct KeyFact {
    /// The number itself.
    value: f64,
    /// `count` (default) or `percent`.
    #[serde(default)]
    unit: Unit,
    /// Markdown: what the number counts.
    description: String,
    /// The period it covers (`2000/01`).
    period: String,
    source: String,
    illustrative: bool,
}

#[derive(Debug, Default, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
enum Unit {
    #[default]
    Count,
    Percent,
}

/// The overview section plugin.
pub struct OverviewPlugin;

// The plugin's C entry point, for the cdylib (see `Cargo.toml`).
#[cfg(feature = "export")]
quire_plugin::export_plugin!(OverviewPlugin);

impl SectionPlugin for OverviewPlugin {
    fn info(&self) -> PluginInfo {
        PluginInfo::new(
            "overview",
            env!("CARGO_PKG_VERSION"),
            "Overview of hate crime: strands covered and key figures with sources",
        )
        .slot("intro", "Opening text")
        .slot("context", "Text after the key figures")
        .needs_data()
        .data_schema::<Data>()
    }

    fn build(&self, request: &SectionRequest) -> Result<SectionResponse, PluginErrors> {
        let data: Data = read_data(&request.data)?;
        let mut blocks = vec![section_heading(request, &data.title)];
        blocks.extend(request.prose("intro"));

        blocks.push(heading(2, &data.strands_heading));
        let definitions = data
            .strands
            .iter()
            .enumerate()
            .map(|(i, s)| {
                Ok(Definition {
                    term: text(&s.name),
                    details: prose_field(&format!("strands[{i}].summary"), &s.summary, 2)?,
                })
            })
            .collect::<Result<Vec<_>, PluginError>>()?;
        blocks.push(Block::DefinitionList(definitions));

        blocks.push(heading_at(2, &data.facts_heading, "facts_heading"));
        let mut body = Vec::new();
        for (i, fact) in data.key_facts.iter().enumerate() {
            let value = match fact.unit {
                Unit::Count => thousands(fact.value, 0),
                Unit::Percent => format!("{}%", thousands(fact.value, 1)),
            };
            let value: Vec<Inline> = if fact.illustrative {
                vec![illustrative(text(value))]
            } else {
                text(value)
            };
            body.push(Row::new(vec![
                Cell::inlines(value),
                Cell::inlines(inline_field(
                    &format!("key_facts[{i}].description"),
                    &fact.description,
                )?),
                cell(&fact.period),
                cell(&fact.source),
            ]));
        }
        let columns = vec![
            Column::fr(1.2).end(),
            Column::fr(4.0),
            Column::fr(1.0),
            Column::fr(2.4),
        ];
        let header = ["Figure", "What it measures", "Period", "Source"].map(Cell::text);
        blocks.push(Block::Table(
            Table::new(columns)
                .header(Row::new(header.to_vec()))
                .rows(body)
                .caption(text("Key figures and their sources"))
                .label("tbl-key-figures")
                .class(class::KEY_FACTS)
                .at(Origin::data("key_facts")),
        ));
        if data.key_facts.iter().any(|f| f.illustrative) {
            blocks.push(illustrative_note());
        }
        blocks.extend(request.prose("context"));
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
        insta::assert_json_snapshot!(OverviewPlugin.build(&request("overview", SAMPLE)).unwrap());
    }

    #[test]
    fn a_fact_without_its_source_is_refused() {
        let bad = SAMPLE.replacen("source = \"Metropolitan Police Service\"\n", "", 1);
        let err = OverviewPlugin
            .build(&request("overview", &bad))
            .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("field `key_facts[0].source`: missing field `source` (text)"),
            "{err}"
        );
    }
}
