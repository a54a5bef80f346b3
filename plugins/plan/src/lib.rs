//! The implementation plan: every action of the strategy in one wide table,
//! grouped under the aim it serves, on landscape pages.

use std::collections::HashSet;

use quire_plugin::build::{cell, inline_field, section_heading, text};
use quire_plugin::format::{british_date, join_list};
use quire_plugin::model::{Block, Cell, Column, Origin, Row, Table, class};
use quire_plugin::{
    PluginError, PluginErrors, PluginInfo, SectionPlugin, SectionRequest, SectionResponse, Strand,
    read_data, serves_every_strand, strand_names, strands,
};
use schemars::JsonSchema;
use serde::Deserialize;

/// The label of the plan table, for cross-references from other sections.
pub const TABLE_LABEL: &str = "tbl-plan";

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Data {
    title: String,
    #[serde(default = "default_caption")]
    caption: String,
    /// What the Strands column says for an action that serves every strand
    /// the shared data declares, rather than naming them all in each row.
    #[serde(default = "default_all_strands")]
    all_strands: String,
    aims: Vec<Aim>,
    actions: Vec<Action>,
}

fn default_caption() -> String {
    "Implementation plan: actions by aim".into()
}

fn default_all_strands() -> String {
    "All strands".into()
}

/// The words of an action's Strands cell: `all` when the action serves
/// every declared strand (and there are several), else the strands' names
/// joined as a sentence lists them.
fn strands_cell(strands: &[Strand], ids: &[String], names: &[String], all: &str) -> String {
    if serves_every_strand(strands, ids) {
        all.to_string()
    } else {
        join_list(names, "and")
    }
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Aim {
    number: u32,
    title: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Action {
    /// `1a`, `1b`…
    r#ref: String,
    /// The number of the aim the action serves.
    aim: u32,
    /// Markdown.
    action: String,
    lead: String,
    #[serde(default)]
    partners: Vec<String>,
    /// Markdown: the outcome, or how success is measured.
    outcome: String,
    /// `YYYY-MM` or `YYYY-MM-DD`.
    target: String,
    /// Strand ids from the shared data.
    strands: Vec<String>,
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
            "Implementation plan: the action table, grouped by aim, on landscape pages",
        )
        .slot("intro", "Text before the plan table")
        .needs_data()
        .data_schema::<Data>()
    }

    fn build(&self, request: &SectionRequest) -> Result<SectionResponse, PluginErrors> {
        let data: Data = read_data(&request.data)?;
        let strands = strands(request)?;
        check_aims(&data)?;
        let mut blocks = vec![section_heading(request, &data.title)];
        blocks.extend(request.prose("intro"));
        let header = [
            "Ref",
            "Action",
            "Lead partner",
            "Partners",
            "Outcome / measure of success",
            "Target date",
            "Strands",
        ];
        let mut body = Vec::new();
        let mut seen = HashSet::new();
        // Every action is checked, so all their problems are told at once.
        let mut errors = PluginErrors::new();
        for aim in &data.aims {
            let group =
                cell(format!("Aim {}: {}", aim.number, aim.title)).span(header.len() as u32);
            body.push(Row {
                cells: vec![group],
                class: Some(class::GROUP.into()),
            });
            for (i, action) in data
                .actions
                .iter()
                .enumerate()
                .filter(|(_, a)| a.aim == aim.number)
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
                let names = errors.keep(strand_names(&strands, &action.strands, &path("strands")));
                let text_of = |field: &str, value: &str| inline_field(&path(field), value);
                let action_text = errors.keep(text_of("action", &action.action));
                let outcome = errors.keep(text_of("outcome", &action.outcome));
                let (Some(target), Some(names), Some(action_text), Some(outcome)) =
                    (target, names, action_text, outcome)
                else {
                    continue;
                };
                body.push(Row::new(vec![
                    cell(&action.r#ref),
                    Cell::inlines(action_text),
                    cell(&action.lead),
                    cell(join_list(&action.partners, "and")),
                    Cell::inlines(outcome),
                    cell(target),
                    cell(strands_cell(
                        &strands,
                        &action.strands,
                        &names,
                        &data.all_strands,
                    )),
                ]));
            }
        }
        let columns = vec![
            Column::fr(0.5),
            Column::fr(3.0),
            Column::fr(1.5),
            Column::fr(2.0),
            Column::fr(2.6),
            Column::fr(1.1),
            Column::fr(1.3),
        ];
        let table = Table::new(columns)
            .header(Row::new(header.iter().map(|h| cell(*h)).collect()))
            .rows(body)
            .caption(text(&data.caption))
            .label(TABLE_LABEL)
            .class(class::ACTION_PLAN)
            .at(Origin::data("caption"));
        blocks.push(Block::Div {
            class: class::WIDE.into(),
            blocks: vec![Block::Table(table)],
        });
        errors.or_ok(SectionResponse::new(blocks))
    }
}

/// Every action must serve a declared aim, and aims are numbered once each.
fn check_aims(data: &Data) -> Result<(), PluginError> {
    let mut numbers = HashSet::new();
    for (i, aim) in data.aims.iter().enumerate() {
        if !numbers.insert(aim.number) {
            return Err(PluginError::data(
                format!("aims[{i}].number"),
                format!("aim {} is declared twice", aim.number),
            ));
        }
    }
    for (i, action) in data.actions.iter().enumerate() {
        if !numbers.contains(&action.aim) {
            let mut known: Vec<u32> = numbers.iter().copied().collect();
            known.sort_unstable();
            let known: Vec<String> = known.iter().map(u32::to_string).collect();
            return Err(PluginError::data(
                format!("actions[{i}].aim"),
                format!(
                    "there is no aim {}; the aims are {}",
                    action.aim,
                    join_list(&known, "and")
                ),
            ));
        }
    }
    Ok(())
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
                (text(0), text(6))
            })
            .collect()
    }

    #[test]
    fn an_action_for_every_strand_says_all_strands() {
        let response = PlanPlugin.build(&request("plan", SAMPLE)).unwrap();
        let cells = strands_cells(&response);
        assert_eq!(
            cells,
            [
                ("1a".to_string(), "Race crime".to_string()),
                ("1b".to_string(), "All strands".to_string()),
                ("2a".to_string(), "Domestic violence".to_string()),
            ]
        );
        // Two of three strands are named; the data's own words for all.
        let two = SAMPLE.replacen(
            "strands = [\"race\", \"homophobic\", \"domestic-violence\"]",
            "strands = [\"homophobic\", \"race\"]",
            1,
        );
        let cells = strands_cells(&PlanPlugin.build(&request("plan", &two)).unwrap());
        assert_eq!(cells[1].1, "Homophobic crime and Race crime");
        let worded = format!("all_strands = \"Every strand\"\n{SAMPLE}");
        let cells = strands_cells(&PlanPlugin.build(&request("plan", &worded)).unwrap());
        assert_eq!(cells[1].1, "Every strand");
    }

    #[test]
    fn an_action_under_a_missing_aim_is_refused() {
        let bad = SAMPLE.replacen("aim = 2", "aim = 7", 1);
        let err = PlanPlugin.build(&request("plan", &bad)).unwrap_err();
        assert_eq!(
            err,
            PluginError::data("actions[2].aim", "there is no aim 7; the aims are 1 and 2").into()
        );
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
        let strand = SAMPLE.replacen("strands = [\"race\"]", "strands = [\"rcae\"]", 1);
        let err = PlanPlugin.build(&request("plan", &strand)).unwrap_err();
        assert!(err.to_string().contains("unknown strand `rcae`"), "{err}");
    }
}
