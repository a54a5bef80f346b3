//! Aims and priorities: the vision, then each aim the shared data lists
//! (`[[aims]]` in the shared file, where the plan reads them too) with its
//! statement, its numbered priorities and the themes it serves.

use quire_plugin::build::{inline_field, prose_field, section_heading, text};
use quire_plugin::format::join_list;
use quire_plugin::model::{Block, Heading, Inline, Origin, class};
use quire_plugin::shared::{self, Id, id_text};
use quire_plugin::{
    PluginError, PluginErrors, PluginInfo, SectionPlugin, SectionRequest, SectionResponse,
    read_data,
};
use schemars::JsonSchema;
use serde::Deserialize;

/// The aims section's data file. The aims themselves are listed once, in
/// the shared data (`[[aims]]`), so the plan refers to them by id.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Data {
    /// The section's heading.
    title: String,
    /// Markdown: the vision, shown boxed before the aims; none if not given.
    #[serde(default)]
    vision: Option<String>,
    /// The title of the vision's box.
    #[serde(default = "default_vision_title")]
    vision_title: String,
    /// The word before each aim's id in its heading ("Aim 1: …").
    #[serde(default = "default_aim_word")]
    aim_word: String,
    /// The words starting the line under each aim that names the themes it
    /// serves ("Themes served: …").
    #[serde(default = "default_themes_label")]
    themes_label: String,
    /// What that line says after the label for an aim that serves every
    /// theme the shared data lists, rather than naming them all.
    #[serde(default = "default_all_themes", alias = "all_strands")]
    #[schemars(extend("x-aliases" = ["all_strands"]))]
    all_themes: String,
}

fn default_vision_title() -> String {
    "Our vision".into()
}

fn default_aim_word() -> String {
    "Aim".into()
}

fn default_themes_label() -> String {
    "Themes served".into()
}

fn default_all_themes() -> String {
    "all themes".into()
}

/// One aim, as the shared data lists it under `aims`.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Aim {
    /// The id other data refers to the aim by (`1`, `A1`); its heading
    /// reads "Aim 1: …" and carries the label `aim-1` for
    /// cross-references (`@aim-1`).
    #[serde(deserialize_with = "id_text", alias = "number")]
    #[schemars(extend("x-aliases" = ["number"]))]
    #[schemars(with = "Id")]
    id: String,
    /// The aim's title.
    title: String,
    /// Markdown: what the aim means, under its heading.
    #[serde(default)]
    statement: String,
    /// Markdown, one priority each: numbered under the statement.
    #[serde(default)]
    priorities: Vec<String>,
    /// Ids of the themes (from the shared data) the aim serves.
    #[serde(default, alias = "strands")]
    #[schemars(extend("x-aliases" = ["strands"]))]
    themes: Vec<String>,
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
            "Aims and priorities: the vision, then each aim of the shared data with its priorities and the themes it serves",
        )
        .slot("intro", "Text before the vision")
        .needs_data()
        .data_schema::<Data>()
        .example(include_str!("../example.toml"))
    }

    fn build(&self, request: &SectionRequest) -> Result<SectionResponse, PluginErrors> {
        if request.data.get("aims").is_some() {
            return Err(PluginError::data(
                "aims",
                "the aims are listed once, in the shared data (`[[aims]]` in the manifest's `shared` file), where the plan reads them too: move them there",
            )
            .into());
        }
        let data: Data = read_data(&request.data)?;
        let themes = shared::themes(request)?;
        let aims: Vec<Aim> = shared::read_field(request, "aims")?.unwrap_or_default();
        let mut errors = PluginErrors::new();
        if aims.is_empty() {
            errors.push(PluginError::data(
                "shared.aims",
                "the shared data lists no aims: add `[[aims]]` tables (`id`, `title`, `statement`, `priorities`, `themes`) to it",
            ));
        }
        let mut blocks = vec![section_heading(request, &data.title)];
        blocks.extend(request.prose("intro"));
        if let Some(vision) = &data.vision {
            blocks.push(Block::Callout {
                class: class::VISION.into(),
                title: Some(text(&data.vision_title)),
                blocks: prose_field("vision", vision, 2)?,
                at: Some(Origin::data("vision")),
            });
        }
        // Every aim is checked, so all its problems are told at once.
        let mut seen = std::collections::HashSet::new();
        for (i, aim) in aims.iter().enumerate() {
            let path = |f: &str| format!("shared.aims[{i}].{f}");
            let label = format!("aim-{}", aim.id);
            if !seen.insert(aim.id.as_str()) {
                errors.push(PluginError::data(
                    path("id"),
                    format!("two aims have the id `{}`", aim.id),
                ));
            } else if !quire_plugin::model::resolve::valid_label(&label) {
                errors.push(PluginError::data(
                    path("id"),
                    format!(
                        "the aim id `{}` makes the label `{label}`, which a cross-reference cannot name: use letters, digits, `-`, `_`, `.` or `:`",
                        aim.id
                    ),
                ));
            }
            let heading = Heading::new(
                2,
                text(format!("{} {}: {}", data.aim_word, aim.id, aim.title)),
            )
            .with_label(label)
            .at(Origin::data(path("title")));
            blocks.push(Block::Heading(heading));
            if let Some(statement) = errors.keep(prose_field(&path("statement"), &aim.statement, 2))
            {
                blocks.extend(statement);
            }
            let items = aim
                .priorities
                .iter()
                .enumerate()
                .map(|(j, p)| {
                    let at = path(&format!("priorities[{j}]"));
                    let words = inline_field(&at, p)?;
                    Ok(vec![Block::paragraph(words).at(Origin::data(at))])
                })
                .collect::<Result<Vec<_>, PluginError>>();
            if let Some(items) = errors.keep(items)
                && !items.is_empty()
            {
                blocks.push(Block::ordered_list(items).at(Origin::data(path("priorities"))));
            }
            let Some(names) = errors.keep(themes.names(&aim.themes, &path("themes"))) else {
                continue;
            };
            if names.is_empty() {
                continue;
            }
            let content = [
                vec![Inline::Strong(text(format!("{}: ", data.themes_label)))],
                if themes.every(&aim.themes) {
                    text(&data.all_themes)
                } else {
                    text(join_list(&names, "and"))
                },
            ]
            .concat();
            blocks.push(Block::classed(content, class::META).at(Origin::data(path("themes"))));
        }
        errors.or_ok(SectionResponse::new(blocks))
    }
}

#[cfg(test)]
mod tests {
    use quire_plugin::testing::{SHARED, request, request_with_shared};

    use super::*;

    const SAMPLE: &str = include_str!("../tests/sample.toml");

    #[test]
    fn sample_blocks() {
        insta::assert_json_snapshot!(AimsPlugin.build(&request("aims", SAMPLE)).unwrap());
    }

    /// The text of each aim's "Themes served" line, with `shared` data.
    fn served(data: &str, shared: &str) -> Vec<String> {
        let response = AimsPlugin
            .build(&request_with_shared("aims", data, shared))
            .unwrap();
        response
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph { content, class, .. }
                    if class.as_deref() == Some(class::META) =>
                {
                    Some(Inline::plain_text(content))
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn an_aim_for_every_theme_says_so_in_a_word() {
        assert_eq!(
            served(SAMPLE, SHARED),
            [
                "Themes served: Race crime and Homophobic crime",
                "Themes served: Domestic violence"
            ]
        );
        let all = SHARED.replacen(
            "themes = [\"race\", \"homophobic\"]",
            "themes = [\"race\", \"domestic-violence\", \"homophobic\"]",
            1,
        );
        assert_eq!(served(SAMPLE, &all)[0], "Themes served: all themes");
        let worded = format!("all_themes = \"every strand\"\nthemes_label = \"Strands\"\n{SAMPLE}");
        assert_eq!(served(&worded, &all)[0], "Strands: every strand");
    }

    #[test]
    fn ids_are_text_and_the_heading_says_aim_and_the_id() {
        let shared = SHARED.replacen("id = \"1\"", "id = \"A1\"", 1);
        let response = AimsPlugin
            .build(&request_with_shared("aims", SAMPLE, &shared))
            .unwrap();
        let heading = response
            .blocks
            .iter()
            .find_map(|b| match b {
                Block::Heading(h) if h.level == 2 => Some(h),
                _ => None,
            })
            .unwrap();
        assert_eq!(
            Inline::plain_text(&heading.content),
            "Aim A1: Increase reporting"
        );
        assert_eq!(heading.label.as_deref(), Some("aim-A1"));
    }

    #[test]
    fn aims_in_the_section_data_are_sent_to_the_shared_data() {
        let old = format!("{SAMPLE}\n[[aims]]\nnumber = 1\ntitle = \"x\"\n");
        let err = AimsPlugin.build(&request("aims", &old)).unwrap_err();
        assert!(
            err.to_string().contains("listed once, in the shared data"),
            "{err}"
        );
    }

    #[test]
    fn an_unknown_field_is_named() {
        let bad = SAMPLE.replacen("vision =", "vison =", 1);
        let err = AimsPlugin.build(&request("aims", &bad)).unwrap_err();
        let Some(PluginError::Data { path, message }) = err.into_iter().next() else {
            panic!()
        };
        assert_eq!(path, "vison");
        assert!(message.contains("unknown field `vison`"), "{message}");
    }

    #[test]
    fn every_broken_aim_is_reported_in_one_build_at_the_shared_data() {
        let bad = SHARED
            .replacen("themes = [\"race\"", "themes = [\"rcae\", \"race\"", 1)
            .replacen("id = \"2\"", "id = \"1\"", 1);
        let errors: Vec<_> = AimsPlugin
            .build(&request_with_shared("aims", SAMPLE, &bad))
            .unwrap_err()
            .into_iter()
            .collect();
        let found: Vec<_> = errors
            .iter()
            .map(|e| match e {
                PluginError::Data { path, message } => (path.as_str(), message.as_str()),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(found[0].0, "shared.aims[0].themes[0]");
        assert!(
            found[0].1.contains("did you mean `race`?"),
            "{}",
            found[0].1
        );
        assert_eq!(found[1].0, "shared.aims[1].id");
    }
}
