//! Partnership roles: who does what. One table — agency, role, contribution —
//! grouped by sector (statutory, voluntary and community, partnership bodies).

use quire_plugin::build::{cell, inline_field, section_heading, text};
use quire_plugin::model::{Block, Cell, Column, Origin, Row, Table, class};
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
    #[serde(default = "default_caption")]
    caption: String,
    /// Sector groups, in the order they are shown.
    sectors: Vec<Sector>,
}

fn default_caption() -> String {
    "Partnership roles and contributions".into()
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Sector {
    name: String,
    agencies: Vec<Agency>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Agency {
    name: String,
    /// Markdown.
    role: String,
    /// Markdown: what the agency commits to this strategy.
    contribution: String,
}

/// The partnership roles section plugin.
pub struct PartnershipPlugin;

// The plugin's C entry point, for the cdylib (see `Cargo.toml`).
#[cfg(feature = "export")]
quire_plugin::export_plugin!(PartnershipPlugin);

impl SectionPlugin for PartnershipPlugin {
    fn info(&self) -> PluginInfo {
        PluginInfo::new(
            "partnership",
            env!("CARGO_PKG_VERSION"),
            "Partnership roles: agency, role and contribution, grouped by sector",
        )
        .slot("intro", "Text before the table")
        .slot("after", "Text after the table")
        .needs_data()
        .data_schema::<Data>()
    }

    fn build(&self, request: &SectionRequest) -> Result<SectionResponse, PluginErrors> {
        let data: Data = read_data(&request.data)?;
        let mut blocks = vec![section_heading(request, &data.title)];
        blocks.extend(request.prose("intro"));
        let mut body = Vec::new();
        let mut errors = PluginErrors::new();
        for (s, sector) in data.sectors.iter().enumerate() {
            if sector.agencies.is_empty() {
                errors.push(PluginError::data(
                    format!("sectors[{s}].agencies"),
                    "a sector needs at least one agency",
                ));
            }
            body.push(Row {
                cells: vec![cell(&sector.name).span(3)],
                class: Some(class::GROUP.into()),
            });
            for (a, agency) in sector.agencies.iter().enumerate() {
                let path = |f: &str| format!("sectors[{s}].agencies[{a}].{f}");
                let role = errors.keep(inline_field(&path("role"), &agency.role));
                let contribution =
                    errors.keep(inline_field(&path("contribution"), &agency.contribution));
                if let (Some(role), Some(contribution)) = (role, contribution) {
                    body.push(Row::new(vec![
                        cell(&agency.name),
                        Cell::inlines(role),
                        Cell::inlines(contribution),
                    ]));
                }
            }
        }
        let table = Table::new(vec![Column::fr(2.0), Column::fr(3.0), Column::fr(3.5)])
            .header(Row::new(vec![
                cell("Agency"),
                cell("Role"),
                cell("Contribution to this strategy"),
            ]))
            .rows(body)
            .caption(text(&data.caption))
            .label("tbl-partnership")
            .at(Origin::data("caption"));
        blocks.push(Block::Table(table));
        blocks.extend(request.prose("after"));
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
        insta::assert_json_snapshot!(
            PartnershipPlugin
                .build(&request("partnership", SAMPLE))
                .unwrap()
        );
    }

    #[test]
    fn a_missing_field_is_named() {
        let bad = SAMPLE.replacen("contribution = \"Runs the CSU\"\n", "", 1);
        let err = PartnershipPlugin
            .build(&request("partnership", &bad))
            .unwrap_err();
        let Some(PluginError::Data { path, message }) = err.into_iter().next() else {
            panic!()
        };
        assert_eq!(path, "sectors[0].agencies[0].contribution");
        assert!(
            message.contains("missing field `contribution`"),
            "{message}"
        );
    }
}
