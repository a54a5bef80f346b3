//! Strategic aims and priorities: the vision, then each aim with its
//! statement, its numbered priorities and the strands it serves.

use quire_plugin::build::{inline_field, prose_field, section_heading, text};
use quire_plugin::format::join_list;
use quire_plugin::model::{Block, Heading, Inline, Origin, class};
use quire_plugin::{
    PluginError, PluginErrors, PluginInfo, SectionPlugin, SectionRequest, SectionResponse,
    read_data, serves_every_strand, strand_names, strands,
};
use schemars::JsonSchema;
use serde::Deserialize;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Data {
    title: String,
    /// Markdown: the partnership's vision, shown boxed.
    vision: String,
    /// What the line under an aim that serves every strand the shared data
    /// declares says after "Strands served:", rather than naming them all.
    #[serde(default = "default_all_strands")]
    all_strands: String,
    aims: Vec<Aim>,
}

fn default_all_strands() -> String {
    "all strands".into()
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

    fn build(&self, request: &SectionRequest) -> Result<SectionResponse, PluginErrors> {
        let data: Data = read_data(&request.data)?;
        let strands = strands(request)?;
        let mut blocks = vec![section_heading(request, &data.title)];
        blocks.extend(request.prose("intro"));
        blocks.push(Block::Callout {
            class: class::VISION.into(),
            title: Some(text("Our vision")),
            blocks: prose_field("vision", &data.vision, 2)?,
        });
        // Every aim is checked, so all its problems are told at once.
        let mut errors = PluginErrors::new();
        for (i, aim) in data.aims.iter().enumerate() {
            let path = |f: &str| format!("aims[{i}].{f}");
            let heading = Heading::new(2, text(format!("Aim {}: {}", aim.number, aim.title)))
                .with_label(format!("aim-{}", aim.number))
                .at(Origin::data(path("title")));
            blocks.push(Block::Heading(heading));
            if let Some(statement) = errors.keep(prose_field(&path("statement"), &aim.statement, 2))
            {
                blocks.extend(statement);
            }
            if aim.priorities.is_empty() {
                errors.push(PluginError::data(
                    path("priorities"),
                    "an aim needs at least one priority",
                ));
                continue;
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
                .collect::<Result<Vec<_>, PluginError>>();
            let Some(items) = errors.keep(items) else {
                continue;
            };
            blocks.push(Block::OrderedList { start: 1, items });
            let Some(names) = errors.keep(strand_names(&strands, &aim.strands, &path("strands")))
            else {
                continue;
            };
            blocks.push(Block::Paragraph {
                content: [
                    vec![Inline::Strong(text("Strands served: "))],
                    if serves_every_strand(&strands, &aim.strands) {
                        text(&data.all_strands)
                    } else {
                        text(join_list(&names, "and"))
                    },
                ]
                .concat(),
                class: Some(class::META.into()),
            });
        }
        errors.or_ok(SectionResponse::new(blocks))
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

    /// The text of each aim's "Strands served" line.
    fn served(data: &str) -> Vec<String> {
        let response = AimsPlugin.build(&request("aims", data)).unwrap();
        response
            .blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph { content, class } if class.as_deref() == Some(class::META) => {
                    Some(Inline::plain_text(content))
                }
                _ => None,
            })
            .collect()
    }

    #[test]
    fn an_aim_for_every_strand_says_so_in_a_word() {
        assert_eq!(
            served(SAMPLE),
            [
                "Strands served: Race crime and Homophobic crime",
                "Strands served: Domestic violence"
            ]
        );
        let all = SAMPLE.replacen(
            "strands = [\"race\", \"homophobic\"]",
            "strands = [\"race\", \"domestic-violence\", \"homophobic\"]",
            1,
        );
        assert_eq!(served(&all)[0], "Strands served: all strands");
        let worded = format!("all_strands = \"every strand\"\n{all}");
        assert_eq!(served(&worded)[0], "Strands served: every strand");
    }

    #[test]
    fn an_unknown_field_is_named() {
        let bad = SAMPLE.replacen("statement =", "statment =", 1);
        let err = AimsPlugin.build(&request("aims", &bad)).unwrap_err();
        let Some(PluginError::Data { path, message }) = err.into_iter().next() else {
            panic!()
        };
        assert_eq!(path, "aims[0].statment");
        assert!(message.contains("unknown field `statment`"), "{message}");
    }

    #[test]
    fn every_broken_aim_is_reported_in_one_build() {
        let bad = SAMPLE
            .replacen("strands = [", "strands = [\"nope\", ", 1)
            .replace("priorities = [\"Advocacy\"]", "priorities = []");
        let errors: Vec<_> = AimsPlugin
            .build(&request("aims", &bad))
            .unwrap_err()
            .into_iter()
            .collect();
        let paths: Vec<_> = errors
            .iter()
            .map(|e| match e {
                PluginError::Data { path, .. } => path.as_str(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(paths, ["aims[0].strands[0]", "aims[1].priorities"]);
    }
}
