//! The implementation plan: every action in one wide table, grouped under
//! the aim it serves (the aims of the shared data, named by id), on
//! landscape pages.

use std::collections::HashSet;

use quire_plugin::build::{cell, inline_field, section_heading, text};
use quire_plugin::format::{british_date, join_list};
use quire_plugin::model::{Block, Cell, Column, Origin, Row, Table, class};
use quire_plugin::shared::{self, Id, id_text};
use quire_plugin::{
    PluginError, PluginErrors, PluginInfo, SectionPlugin, SectionRequest, SectionResponse, Themes,
    read_data,
};
use schemars::JsonSchema;
use serde::Deserialize;

/// The label of the plan table, for cross-references from other sections.
pub const TABLE_LABEL: &str = "tbl-plan";

/// The plan section's data file. The aims the actions serve are listed
/// once, in the shared data (`[[aims]]`, each with an `id` and a `title`).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Data {
    /// The section's heading.
    title: String,
    /// The plan table's caption.
    #[serde(default = "default_caption")]
    caption: String,
    /// The word before an aim's id in the rows that head each aim's
    /// actions ("Aim 1: …").
    #[serde(default = "default_aim_word")]
    aim_word: String,
    /// What the themes column says for an action that serves every theme
    /// the shared data lists, rather than naming them all in each row.
    #[serde(default = "default_all_themes", alias = "all_strands")]
    #[schemars(extend("x-aliases" = ["all_strands"]))]
    all_themes: String,
    /// The column headings, each optional.
    #[serde(default)]
    columns: Columns,
    /// The actions, in the order they are shown under their aims.
    actions: Vec<Action>,
}

fn default_caption() -> String {
    "Implementation plan: actions by aim".into()
}

fn default_aim_word() -> String {
    "Aim".into()
}

fn default_all_themes() -> String {
    "All themes".into()
}

/// The plan table's column headings.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
struct Columns {
    /// Above each action's reference.
    r#ref: String,
    /// Above the action itself.
    action: String,
    /// Above the lead partner.
    lead: String,
    /// Above the other partners (the column is left out when no action
    /// names any).
    partners: String,
    /// Above the outcome.
    outcome: String,
    /// Above the target date.
    target: String,
    /// Above the themes each action serves (the column is left out when no
    /// action names any).
    themes: String,
}

impl Default for Columns {
    fn default() -> Self {
        Self {
            r#ref: "Ref".into(),
            action: "Action".into(),
            lead: "Lead partner".into(),
            partners: "Partners".into(),
            outcome: "Outcome / measure of success".into(),
            target: "Target date".into(),
            themes: "Themes".into(),
        }
    }
}

/// The words of an action's themes cell: `all` when the action serves
/// every declared theme (and there are several), else the themes' names
/// joined as a sentence lists them.
fn themes_cell(themes: &Themes, ids: &[String], names: &[String], all: &str) -> String {
    if themes.every(ids) {
        all.to_string()
    } else {
        join_list(names, "and")
    }
}

/// One action of the plan.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Action {
    /// The action's reference (`1a`, `1b`…), unique in the plan.
    r#ref: String,
    /// The id of the aim (in the shared data) the action serves.
    #[serde(deserialize_with = "id_text")]
    #[schemars(with = "Id")]
    aim: String,
    /// Markdown: what will be done.
    action: String,
    /// The partner who leads it.
    lead: String,
    /// The other partners involved.
    #[serde(default)]
    partners: Vec<String>,
    /// Markdown: the outcome, or how success is measured.
    outcome: String,
    /// When it is due: `YYYY-MM` or `YYYY-MM-DD`.
    target: String,
    /// Ids of the themes (from the shared data) the action serves.
    #[serde(default, alias = "strands")]
    #[schemars(extend("x-aliases" = ["strands"]))]
    themes: Vec<String>,
}

/// The implementation plan section plugin.
pub struct PlanPlugin;

// The plugin's C entry point, for the cdylib (see `Cargo.toml`).
#[cfg(feature = "export")]
quire_plugin::export_plugin!(PlanPlugin);

impl SectionPlugin for PlanPlugin {
    fn info(&self) -> PluginInfo {
        PluginInfo::new(
            "plan",
            env!("CARGO_PKG_VERSION"),
            "Implementation plan: the action table, grouped by the shared data's aims, on landscape pages",
        )
        .slot("intro", "Text before the plan table")
        .needs_data()
        .data_schema::<Data>()
        .example(include_str!("../example.toml"))
    }

    fn build(&self, request: &SectionRequest) -> Result<SectionResponse, PluginErrors> {
        if request.data.get("aims").is_some() {
            return Err(PluginError::data(
                "aims",
                "the plan names each action's aim by its id; the aims' titles are listed once, in the shared data (`[[aims]]` with `id` and `title`): remove them here",
            )
            .into());
        }
        let data: Data = read_data(&request.data)?;
        let themes = shared::themes(request)?;
        let aims = shared::aims(request)?;
        let mut errors = PluginErrors::new();
        check_aims(&data, &aims, &mut errors);
        let mut blocks = vec![section_heading(request, &data.title)];
        blocks.extend(request.prose("intro"));
        let with_partners = data.actions.iter().any(|a| !a.partners.is_empty());
        let with_themes = data.actions.iter().any(|a| !a.themes.is_empty());
        let c = &data.columns;
        let mut header = vec![(&c.r#ref, 0.5), (&c.action, 3.0), (&c.lead, 1.5)];
        if with_partners {
            header.push((&c.partners, 2.0));
        }
        header.extend([(&c.outcome, 2.6), (&c.target, 1.1)]);
        if with_themes {
            header.push((&c.themes, 1.3));
        }
        let mut body = Vec::new();
        let mut seen = HashSet::new();
        // Every action is checked, so all their problems are told at once.
        for aim in &aims {
            let group = cell(format!("{} {}: {}", data.aim_word, aim.id, aim.title))
                .span(header.len() as u32);
            body.push(Row {
                cells: vec![group],
                class: Some(class::GROUP.into()),
            });
            for (i, action) in data
                .actions
                .iter()
                .enumerate()
                .filter(|(_, a)| a.aim == aim.id)
            {
                let path = |field: &str| format!("actions[{i}].{field}");
                if !seen.insert(action.r#ref.as_str()) {
                    errors.push(PluginError::data(
                        path("ref"),
                        format!("the reference `{}` is used by two actions", action.r#ref),
                    ));
                }
                let target = errors.keep(
                    british_date(&action.target).map_err(|e| PluginError::data(path("target"), e)),
                );
                let names = errors.keep(themes.names(&action.themes, &path("themes")));
                let text_of = |field: &str, value: &str| inline_field(&path(field), value);
                let action_text = errors.keep(text_of("action", &action.action));
                let outcome = errors.keep(text_of("outcome", &action.outcome));
                let (Some(target), Some(names), Some(action_text), Some(outcome)) =
                    (target, names, action_text, outcome)
                else {
                    continue;
                };
                let mut cells = vec![
                    cell(&action.r#ref),
                    Cell::inlines(action_text),
                    cell(&action.lead),
                ];
                if with_partners {
                    cells.push(cell(join_list(&action.partners, "and")));
                }
                cells.extend([Cell::inlines(outcome), cell(target)]);
                if with_themes {
                    cells.push(cell(themes_cell(
                        &themes,
                        &action.themes,
                        &names,
                        &data.all_themes,
                    )));
                }
                body.push(Row::new(cells));
            }
        }
        let columns = header.iter().map(|(_, w)| Column::fr(*w)).collect();
        let table = Table::new(columns)
            .header(Row::new(header.iter().map(|(h, _)| cell(h)).collect()))
            .rows(body)
            .caption(text(&data.caption))
            .label(TABLE_LABEL)
            .class(class::ACTION_PLAN)
            .at(Origin::data("caption"));
        blocks.push(Block::Div {
            class: class::WIDE.into(),
            blocks: vec![Block::Table(table)],
        });
        let mut response = errors.or_ok(SectionResponse::new(blocks))?;
        // Themes name actions by ref; the engine checks their refs against
        // these.
        for (i, action) in data.actions.iter().enumerate() {
            response.define("action", &action.r#ref, format!("actions[{i}].ref"));
        }
        Ok(response)
    }
}

/// Every action must serve an aim the shared data lists (an unknown id
/// gets the closest as a suggestion), and aims have an id each.
fn check_aims(data: &Data, aims: &[shared::AimRef], errors: &mut PluginErrors) {
    if aims.is_empty() {
        errors.push(PluginError::data(
            "shared.aims",
            "the shared data lists no aims for the actions to serve: add `[[aims]]` tables with an `id` and a `title`",
        ));
        return;
    }
    let mut ids = HashSet::new();
    for (i, aim) in aims.iter().enumerate() {
        if !ids.insert(aim.id.as_str()) {
            errors.push(PluginError::data(
                format!("shared.aims[{i}].id"),
                format!("two aims have the id `{}`", aim.id),
            ));
        }
    }
    let known: Vec<&str> = aims.iter().map(|a| a.id.as_str()).collect();
    for (i, action) in data.actions.iter().enumerate() {
        if !ids.contains(action.aim.as_str()) {
            errors.push(shared::unknown_id(
                "aim",
                &action.aim,
                &known,
                &format!("actions[{i}].aim"),
                "aims",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use quire_plugin::testing::request;

    use super::*;

    const SAMPLE: &str = include_str!("../tests/sample.toml");

    #[test]
    fn sample_blocks() {
        let response = PlanPlugin.build(&request("plan", SAMPLE)).unwrap();
        insta::assert_json_snapshot!(response);
    }

    /// The Strands cell of each action row, by its reference.
    fn strands_cells(response: &SectionResponse) -> Vec<(String, String)> {
        let Some(Block::Div { blocks, .. }) = response.blocks.last() else {
            panic!("the plan ends with its wide table");
        };
        let Some(Block::Table(table)) = blocks.first() else {
            panic!("the wide block holds the table");
        };
        table
            .body
            .iter()
            .filter(|row| row.class.is_none())
            .map(|row| {
                let text = |i: usize| match &row.cells[i].content[..] {
                    [Block::Paragraph { content, .. }] => {
                        quire_plugin::model::Inline::plain_text(content)
                    }
                    other => panic!("a one-paragraph cell, not {other:?}"),
                };
                (text(0), text(row.cells.len() - 1))
            })
            .collect()
    }

    #[test]
    fn an_action_for_every_theme_says_all_themes() {
        let response = PlanPlugin.build(&request("plan", SAMPLE)).unwrap();
        let cells = strands_cells(&response);
        assert_eq!(
            cells,
            [
                ("1a".to_string(), "Race crime".to_string()),
                ("1b".to_string(), "All themes".to_string()),
                ("2a".to_string(), "Domestic violence".to_string()),
            ]
        );
        // Two of three themes are named; the data's own words for all.
        let two = SAMPLE.replacen(
            "themes = [\"race\", \"homophobic\", \"domestic-violence\"]",
            "themes = [\"homophobic\", \"race\"]",
            1,
        );
        let cells = strands_cells(&PlanPlugin.build(&request("plan", &two)).unwrap());
        assert_eq!(cells[1].1, "Homophobic crime and Race crime");
        let worded = format!("all_themes = \"Every strand\"\n{SAMPLE}");
        let cells = strands_cells(&PlanPlugin.build(&request("plan", &worded)).unwrap());
        assert_eq!(cells[1].1, "Every strand");
    }

    #[test]
    fn an_action_under_a_missing_aim_is_refused() {
        let bad = SAMPLE.replacen("aim = \"2\"", "aim = \"22\"", 1);
        let err = PlanPlugin.build(&request("plan", &bad)).unwrap_err();
        assert_eq!(
            err,
            PluginError::data(
                "actions[2].aim",
                "unknown aim `22`; did you mean `2`? The shared data's aims are `1`, `2`"
            )
            .into()
        );
        let far = SAMPLE.replacen("aim = \"2\"", "aim = \"support\"", 1);
        let err = PlanPlugin.build(&request("plan", &far)).unwrap_err();
        assert!(!err.to_string().contains("did you mean"), "{err}");
    }

    #[test]
    fn duplicate_refs_bad_dates_and_unknown_strands_are_refused() {
        let dup = SAMPLE.replacen("ref = \"1b\"", "ref = \"1a\"", 1);
        let first = |text: &str| {
            PlanPlugin
                .build(&request("plan", text))
                .unwrap_err()
                .into_iter()
                .next()
        };
        assert!(
            matches!(first(&dup), Some(PluginError::Data { path, .. }) if path == "actions[1].ref")
        );
        let date = SAMPLE.replacen("target = \"2005-03\"", "target = \"March 2005\"", 1);
        assert!(
            matches!(first(&date), Some(PluginError::Data { path, .. }) if path == "actions[0].target")
        );
        let theme = SAMPLE.replacen("themes = [\"race\"]", "themes = [\"rcae\"]", 1);
        let err = PlanPlugin.build(&request("plan", &theme)).unwrap_err();
        assert!(
            err.to_string().contains(
                "field `actions[0].themes[0]`: unknown theme `rcae`; did you mean `race`?"
            ),
            "{err}"
        );
    }

    #[test]
    fn aim_titles_come_from_the_shared_data_and_empty_columns_go() {
        let response = PlanPlugin.build(&request("plan", SAMPLE)).unwrap();
        let json = serde_json::to_string(&response).unwrap();
        assert!(json.contains("Aim 1: Increase reporting"), "{json}");
        let old = format!("{SAMPLE}\n[[aims]]\nnumber = 1\ntitle = \"x\"\n");
        let err = PlanPlugin.build(&request("plan", &old)).unwrap_err();
        assert!(
            err.to_string().contains("listed once, in the shared data"),
            "{err}"
        );
        let bare = SAMPLE
            .lines()
            .filter(|l| !l.starts_with("themes") && !l.starts_with("partners"))
            .collect::<Vec<_>>()
            .join("\n");
        let response = PlanPlugin.build(&request("plan", &bare)).unwrap();
        let Some(Block::Div { blocks, .. }) = response.blocks.last() else {
            panic!()
        };
        let Some(Block::Table(table)) = blocks.first() else {
            panic!()
        };
        assert_eq!(table.columns.len(), 5, "no partners, no themes column");
    }
}
