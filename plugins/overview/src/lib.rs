//! The overview: a title and paragraphs, then optionally what the document
//! covers (a summary of each theme of the shared data) and key figures with
//! their sources, then the author's prose.

use quire_plugin::build::{
    cell, heading, heading_at, illustrative, illustrative_note, inline_field, prose_field,
    section_heading, text,
};
use quire_plugin::format::thousands;
use quire_plugin::model::{Block, Cell, Column, Definition, Inline, Origin, Row, Table, class};
use quire_plugin::{
    PluginErrors, PluginInfo, SectionPlugin, SectionRequest, SectionResponse, read_data, shared,
};
use schemars::JsonSchema;
use serde::Deserialize;

/// The overview's data file. Everything but the title is optional, and a
/// part left out prints nothing.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Data {
    /// The section's heading.
    title: String,
    /// Markdown: paragraphs after the `intro` prose.
    #[serde(default)]
    text: String,
    /// The heading above the themes' summaries.
    #[serde(default = "default_themes_heading")]
    themes_heading: String,
    /// A summary of each theme, in the order shown (each names a theme of
    /// the shared data by its id).
    #[serde(default)]
    themes: Vec<ThemeSummary>,
    /// The heading above the key figures.
    #[serde(default = "default_facts_heading")]
    facts_heading: String,
    /// The key figures' table caption.
    #[serde(default = "default_facts_caption")]
    facts_caption: String,
    /// The key figures' column headings, each optional.
    #[serde(default)]
    columns: Columns,
    /// Key figures, one row each, with their sources.
    #[serde(default)]
    key_facts: Vec<KeyFact>,
}

fn default_themes_heading() -> String {
    "What the document covers".into()
}

fn default_facts_heading() -> String {
    "Key figures".into()
}

fn default_facts_caption() -> String {
    "Key figures and their sources".into()
}

/// The key figures table's column headings.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
struct Columns {
    /// Above the figures.
    figure: String,
    /// Above what each figure measures.
    description: String,
    /// Above the periods.
    period: String,
    /// Above the sources.
    source: String,
}

impl Default for Columns {
    fn default() -> Self {
        Self {
            figure: "Figure".into(),
            description: "What it measures".into(),
            period: "Period".into(),
            source: "Source".into(),
        }
    }
}

/// A theme's summary: its name (from the shared data) as the term, the
/// summary as its definition.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct ThemeSummary {
    /// The theme's id in the shared data (`race`).
    theme: String,
    /// Markdown: what the theme covers.
    summary: String,
}

/// A figure, with where it comes from.
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
    /// Where the figure comes from.
    source: String,
    /// True for a figure not taken from a published source: it is marked
    /// “illustrative” where it is printed.
    illustrative: bool,
}

/// How a figure is written.
#[derive(Debug, Default, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
enum Unit {
    /// A number of things, with thousands separated (`18,253`).
    #[default]
    Count,
    /// A rate in per cent, to one place (`13.8%`).
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
            "Overview: a title and paragraphs, with optional theme summaries and key figures with sources",
        )
        .slot("intro", "Opening text")
        .slot("context", "Text after the key figures")
        .needs_data()
        .data_schema::<Data>()
        .example(include_str!("../example.toml"))
    }

    fn build(&self, request: &SectionRequest) -> Result<SectionResponse, PluginErrors> {
        let data: Data = read_data(&request.data)?;
        let themes = shared::themes(request)?;
        let mut blocks = vec![section_heading(request, &data.title)];
        blocks.extend(request.prose("intro"));
        blocks.extend(prose_field("text", &data.text, 1)?);

        let mut errors = PluginErrors::new();
        if !data.themes.is_empty() {
            blocks.push(heading(2, &data.themes_heading));
            let mut definitions = Vec::new();
            for (i, s) in data.themes.iter().enumerate() {
                let theme = errors.keep(themes.find(&s.theme, &format!("themes[{i}].theme")));
                let details =
                    errors.keep(prose_field(&format!("themes[{i}].summary"), &s.summary, 2));
                if let (Some(theme), Some(details)) = (theme, details) {
                    definitions.push(Definition {
                        term: text(&theme.name),
                        details,
                    });
                }
            }
            blocks.push(Block::DefinitionList(definitions));
        }

        if !data.key_facts.is_empty() {
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
                let path = format!("key_facts[{i}].description");
                let Some(description) = errors.keep(inline_field(&path, &fact.description)) else {
                    continue;
                };
                body.push(Row::new(vec![
                    Cell::inlines(value),
                    Cell::inlines(description),
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
            let c = &data.columns;
            let header = [&c.figure, &c.description, &c.period, &c.source].map(Cell::text);
            blocks.push(Block::Table(
                Table::new(columns)
                    .header(Row::new(header.to_vec()))
                    .rows(body)
                    .caption(text(&data.facts_caption))
                    .label("tbl-key-figures")
                    .class(class::KEY_FACTS)
                    .at(Origin::data("key_facts")),
            ));
            if data.key_facts.iter().any(|f| f.illustrative) {
                blocks.push(illustrative_note());
            }
        }
        blocks.extend(request.prose("context"));
        errors.or_ok(SectionResponse::new(blocks))
    }
}

#[cfg(test)]
mod tests {
    use quire_plugin::testing::request;

    use super::*;

    const SAMPLE: &str = include_str!("../tests/sample.toml");

    #[test]
    fn a_title_and_paragraphs_are_enough() {
        let data = "title = \"Overview\"\ntext = \"One.\\n\\nTwo.\"";
        let response = OverviewPlugin.build(&request("overview", data)).unwrap();
        assert_eq!(response.blocks.len(), 3, "{:?}", response.blocks);
    }

    #[test]
    fn an_unknown_theme_is_refused_with_a_suggestion() {
        let bad = SAMPLE.replacen("theme = \"race\"", "theme = \"Race\"", 1);
        let err = OverviewPlugin
            .build(&request("overview", &bad))
            .unwrap_err();
        assert!(
            err.to_string()
                .contains("field `themes[0].theme`: unknown theme `Race`; did you mean `race`?"),
            "{err}"
        );
    }

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
