//! One theme of the document (a strand, a priority area): its optional
//! definition, context, approach, priorities and key partners, each under a
//! heading the data may word, and the actions of the implementation plan
//! that serve it. The theme is named by its id in the shared data.
//!
//! The plugin was called `strand`; that name still works, with a warning
//! ([`StrandPlugin`]).

use quire_plugin::build::{heading, heading_at, inline_field, prose_field, section_heading, text};
use quire_plugin::format::join_list;
use quire_plugin::model::{Block, Inline, Origin, class};
use quire_plugin::{
    PluginError, PluginErrors, PluginInfo, SectionPlugin, SectionRequest, SectionResponse,
    read_data, shared,
};
use schemars::JsonSchema;
use serde::Deserialize;

/// The theme section's data file. Every part but the heading is optional,
/// and a part left out prints nothing.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Data {
    /// The id of the theme (in the shared data's `themes`) this section is
    /// about; its name is the heading unless `title` is given.
    #[serde(default, alias = "strand")]
    #[schemars(extend("x-aliases" = ["strand"]))]
    theme: Option<String>,
    /// The section's heading; the theme's name if not given.
    #[serde(default)]
    title: Option<String>,
    /// Markdown: a working definition, shown boxed under the heading
    /// `headings.definition`.
    #[serde(default)]
    definition: Option<String>,
    /// Markdown: what is known about the theme (under `headings.context`).
    #[serde(default)]
    context: Option<String>,
    /// The approach, as titled subsections (under `headings.approach`).
    #[serde(default)]
    approach: Vec<Approach>,
    /// Markdown, one priority each: a numbered list under
    /// `headings.priorities`.
    #[serde(default)]
    priorities: Vec<String>,
    /// The partners most involved, listed in a sentence under
    /// `headings.partners`.
    #[serde(default)]
    key_partners: Vec<String>,
    /// Refs of the implementation plan's actions that serve this theme
    /// (`["1a", "2b"]`), named in a sentence that refers to the plan table.
    #[serde(default)]
    actions: Vec<String>,
    /// That sentence: `{actions}` becomes "action 1a" or "actions 1a and
    /// 2b"; a reference to the plan table follows it.
    #[serde(default = "default_actions_sentence")]
    actions_sentence: String,
    /// The label of the implementation plan table.
    #[serde(default = "plan_label")]
    plan_table: String,
    /// The headings of the parts, each optional.
    #[serde(default)]
    headings: Headings,
}

fn plan_label() -> String {
    "tbl-plan".into()
}

fn default_actions_sentence() -> String {
    "This theme is served by {actions} of the implementation plan".into()
}

/// The words heading each part of a theme section.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
struct Headings {
    /// The title of the definition's box.
    definition: String,
    /// Above the context.
    context: String,
    /// Above the approach's subsections.
    approach: String,
    /// Above the priorities.
    priorities: String,
    /// Above the key partners.
    partners: String,
}

impl Default for Headings {
    fn default() -> Self {
        Self {
            definition: "Definition".into(),
            context: "What we know".into(),
            approach: "Our approach".into(),
            priorities: "Priorities".into(),
            partners: "Key partners".into(),
        }
    }
}

/// One titled part of the approach.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Approach {
    /// The subsection's heading.
    heading: String,
    /// Markdown: the subsection's text.
    text: String,
}

/// The theme section plugin.
pub struct ThemePlugin;

// The plugin's C entry point, for the cdylib (see `Cargo.toml`).
#[cfg(feature = "export")]
quire_plugin::export_plugin!(ThemePlugin);

impl SectionPlugin for ThemePlugin {
    fn info(&self) -> PluginInfo {
        PluginInfo::new(
            "theme",
            env!("CARGO_PKG_VERSION"),
            "One theme of the document: definition, context, approach, priorities, partners and actions, each optional",
        )
        .slot("intro", "Text under the theme's heading")
        .needs_data()
        .data_schema::<Data>()
        .example(include_str!("../example.toml"))
    }

    fn build(&self, request: &SectionRequest) -> Result<SectionResponse, PluginErrors> {
        build(request)
    }
}

/// The theme plugin under its former name, `strand`: the same section,
/// with a warning to use the new name.
pub struct StrandPlugin;

impl SectionPlugin for StrandPlugin {
    fn info(&self) -> PluginInfo {
        let theme = ThemePlugin.info();
        PluginInfo {
            name: "strand".into(),
            description: "The former name of the `theme` plugin (use `theme`)".into(),
            ..theme
        }
    }

    fn build(&self, request: &SectionRequest) -> Result<SectionResponse, PluginErrors> {
        let mut response = build(request)?;
        response.warn("the `strand` plugin is now called `theme`: write `plugin = \"theme\"`");
        Ok(response)
    }
}

fn build(request: &SectionRequest) -> Result<SectionResponse, PluginErrors> {
    let data: Data = read_data(&request.data)?;
    let themes = shared::themes(request)?;
    let theme = match &data.theme {
        Some(id) => Some(themes.find(id, "theme")?),
        None => None,
    };
    let title = match (&data.title, theme) {
        (Some(title), _) => title.clone(),
        (None, Some(theme)) => theme.name.clone(),
        (None, None) => {
            return Err(PluginError::data(
                "",
                "a theme section needs `theme` (a theme's id in the shared data) or a `title`",
            )
            .into());
        }
    };
    if !data.actions_sentence.contains("{actions}") {
        return Err(PluginError::data(
            "actions_sentence",
            "the sentence must hold `{actions}`, where the actions' refs go",
        )
        .into());
    }
    let headings = &data.headings;
    let mut blocks = vec![section_heading(request, &title)];
    blocks.extend(request.prose("intro"));
    if let Some(definition) = &data.definition {
        blocks.push(Block::Callout {
            class: class::DEFINITION.into(),
            title: Some(text(&headings.definition)),
            blocks: prose_field("definition", definition, 2)?,
            at: Some(Origin::data("definition")),
        });
    }
    if let Some(context) = &data.context {
        blocks.push(heading(2, &headings.context));
        blocks.extend(prose_field("context", context, 2)?);
    }
    if !data.approach.is_empty() {
        blocks.push(heading(2, &headings.approach));
    }
    for (i, part) in data.approach.iter().enumerate() {
        blocks.push(heading_at(
            3,
            &part.heading,
            &format!("approach[{i}].heading"),
        ));
        blocks.extend(prose_field(&format!("approach[{i}].text"), &part.text, 3)?);
    }
    if !data.priorities.is_empty() {
        blocks.push(heading(2, &headings.priorities));
        let priorities = data
            .priorities
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let path = format!("priorities[{i}]");
                let words = inline_field(&path, p)?;
                Ok(vec![Block::paragraph(words).at(Origin::data(path))])
            })
            .collect::<Result<Vec<_>, PluginError>>()?;
        // Priorities are whole sentences, numbered as the aims' are.
        blocks.push(Block::ordered_list(priorities).at(Origin::data("priorities")));
    }
    if !data.key_partners.is_empty() {
        blocks.push(heading(2, &headings.partners));
        blocks.push(
            Block::paragraph(text(format!("{}.", join_list(&data.key_partners, "and"))))
                .at(Origin::data("key_partners")),
        );
    }
    if !data.actions.is_empty() {
        let noun = if data.actions.len() == 1 {
            "action"
        } else {
            "actions"
        };
        let actions = format!("{noun} {}", join_list(&data.actions, "and"));
        blocks.push(
            Block::paragraph(vec![
                Inline::Text(format!(
                    "{} (",
                    data.actions_sentence.replace("{actions}", &actions)
                )),
                Inline::reference(data.plan_table.clone()).at(Origin::data("plan_table")),
                Inline::Text(").".into()),
            ])
            .at(Origin::data("actions")),
        );
    }
    let mut response = SectionResponse::new(blocks);
    // The plan defines the actions: the engine checks these refs against it.
    for (i, action) in data.actions.iter().enumerate() {
        response.mention("action", action, format!("actions[{i}]"));
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use quire_plugin::testing::request;

    use super::*;

    const SAMPLE: &str = include_str!("../tests/sample.toml");

    #[test]
    fn sample_blocks() {
        insta::assert_json_snapshot!(ThemePlugin.build(&request("race-crime", SAMPLE)).unwrap());
    }

    #[test]
    fn an_unknown_theme_suggests_the_closest() {
        let bad = SAMPLE.replacen("theme = \"race\"", "theme = \"rcae\"", 1);
        let err = ThemePlugin.build(&request("race-crime", &bad)).unwrap_err();
        assert_eq!(
            err,
            PluginError::data(
                "theme",
                "unknown theme `rcae`; did you mean `race`? The shared data's themes are `race`, `homophobic`, `domestic-violence`"
            )
            .into()
        );
    }

    /// The plain text of every heading and paragraph a build gives.
    fn texts(data: &str) -> Vec<String> {
        let response = ThemePlugin.build(&request("t", data)).unwrap();
        response
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading(h) => Some(Inline::plain_text(&h.content)),
                Block::Paragraph { content, .. } => Some(Inline::plain_text(content)),
                Block::Callout { title, .. } => title.as_deref().map(Inline::plain_text),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn every_part_is_optional_and_its_heading_from_data() {
        assert_eq!(texts("theme = \"race\""), ["Race crime"]);
        assert_eq!(texts("title = \"Transport\""), ["Transport"]);
        let worded = "theme = \"race\"\ncontext = \"Known.\"\nactions = [\"1a\"]\nactions_sentence = \"See {actions}\"\n[headings]\ncontext = \"Background\"";
        assert_eq!(
            texts(worded),
            [
                "Race crime",
                "Background",
                "Known.",
                "See action 1a (tbl-plan)."
            ]
        );
        let err = ThemePlugin
            .build(&request("t", "context = \"x\""))
            .unwrap_err();
        assert!(err.to_string().contains("needs `theme`"), "{err}");
    }

    #[test]
    fn the_former_name_builds_the_same_and_warns() {
        let old = SAMPLE.replacen("theme = ", "strand = ", 1);
        let new = ThemePlugin.build(&request("t", SAMPLE)).unwrap();
        let former = StrandPlugin.build(&request("t", &old)).unwrap();
        assert_eq!(former.blocks, new.blocks);
        assert_eq!(former.warnings.len(), 1);
        assert_eq!(StrandPlugin.info().name, "strand");
    }
}
