//! Partnership roles: who does what. One table — agency, role, contribution —
//! grouped by sector (statutory, voluntary and community, partnership
//! bodies) when there are several sectors. The column headings come from
//! the data, and the role or contribution column is left out when no agency
//! has one.

use quire_plugin::build::{cell, inline_field, section_heading, text};
use quire_plugin::model::{Block, Cell, Column, Origin, Row, Table, class};
use quire_plugin::{
    PluginError, PluginErrors, PluginInfo, SectionPlugin, SectionRequest, SectionResponse,
    read_data,
};
use schemars::JsonSchema;
use serde::Deserialize;

/// The partnership section's data file.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Data {
    /// The section's heading.
    title: String,
    /// The table's caption.
    #[serde(default = "default_caption")]
    caption: String,
    /// The column headings, each optional.
    #[serde(default)]
    columns: Columns,
    /// Sector groups, in the order they are shown. With one sector, its
    /// name is not printed as a group row.
    sectors: Vec<Sector>,
}

fn default_caption() -> String {
    "Partnership roles and contributions".into()
}

/// The table's column headings.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
struct Columns {
    /// Above the agencies' names.
    agency: String,
    /// Above their roles.
    role: String,
    /// Above what each contributes.
    contribution: String,
}

impl Default for Columns {
    fn default() -> Self {
        Self {
            agency: "Agency".into(),
            role: "Role".into(),
            contribution: "Contribution".into(),
        }
    }
}

/// A group of agencies (statutory, voluntary and community…).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Sector {
    /// The group's name, printed as a row across the table.
    name: String,
    /// Its agencies, one row each.
    agencies: Vec<Agency>,
}

/// One agency's row.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Agency {
    /// The agency's name.
    name: String,
    /// Markdown: what the agency does.
    #[serde(default)]
    role: String,
    /// Markdown: what the agency commits to this document.
    #[serde(default)]
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
        .example(include_str!("../example.toml"))
    }

    fn build(&self, request: &SectionRequest) -> Result<SectionResponse, PluginErrors> {
        let data: Data = read_data(&request.data)?;
        let mut blocks = vec![section_heading(request, &data.title)];
        blocks.extend(request.prose("intro"));
        let agencies = || data.sectors.iter().flat_map(|s| &s.agencies);
        let with_role = agencies().any(|a| !a.role.is_empty());
        let with_contribution = agencies().any(|a| !a.contribution.is_empty());
        let c = &data.columns;
        let mut header = vec![(&c.agency, 2.0)];
        if with_role {
            header.push((&c.role, 3.0));
        }
        if with_contribution {
            header.push((&c.contribution, 3.5));
        }
        let mut body = Vec::new();
        let mut errors = PluginErrors::new();
        for (s, sector) in data.sectors.iter().enumerate() {
            if sector.agencies.is_empty() {
                errors.push(PluginError::data(
                    format!("sectors[{s}].agencies"),
                    "a sector needs at least one agency",
                ));
            }
            if data.sectors.len() > 1 {
                body.push(Row {
                    cells: vec![cell(&sector.name).span(header.len() as u32)],
                    class: Some(class::GROUP.into()),
                });
            }
            for (a, agency) in sector.agencies.iter().enumerate() {
                let path = |f: &str| format!("sectors[{s}].agencies[{a}].{f}");
                let mut cells = vec![cell(&agency.name)];
                if with_role {
                    let Some(role) = errors.keep(inline_field(&path("role"), &agency.role)) else {
                        continue;
                    };
                    cells.push(Cell::inlines(role));
                }
                if with_contribution {
                    let contribution =
                        errors.keep(inline_field(&path("contribution"), &agency.contribution));
                    let Some(contribution) = contribution else {
                        continue;
                    };
                    cells.push(Cell::inlines(contribution));
                }
                body.push(Row::new(cells));
            }
        }
        let table = Table::new(header.iter().map(|(_, w)| Column::fr(*w)).collect())
            .header(Row::new(header.iter().map(|(h, _)| cell(h)).collect()))
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
        let bad = SAMPLE.replacen("name = \"Southwark Police\"\n", "", 1);
        let err = PartnershipPlugin
            .build(&request("partnership", &bad))
            .unwrap_err();
        let Some(PluginError::Data { path, message }) = err.into_iter().next() else {
            panic!()
        };
        assert_eq!(path, "sectors[0].agencies[0].name");
        assert!(message.contains("missing field `name`"), "{message}");
    }

    /// The table's header and group rows, as text.
    fn rows(data: &str) -> (Vec<String>, usize) {
        let response = PartnershipPlugin
            .build(&request("partnership", data))
            .unwrap();
        let Some(Block::Table(table)) = response
            .blocks
            .iter()
            .find(|b| matches!(b, Block::Table(_)))
        else {
            panic!()
        };
        let header = table.header[0]
            .cells
            .iter()
            .map(|c| match &c.content[..] {
                [Block::Paragraph { content, .. }] => {
                    quire_plugin::model::Inline::plain_text(content)
                }
                _ => String::new(),
            })
            .collect();
        let groups = table.body.iter().filter(|r| r.class.is_some()).count();
        (header, groups)
    }

    #[test]
    fn labels_come_from_data_and_a_lone_sector_has_no_group_row() {
        let (header, groups) = rows(SAMPLE);
        assert_eq!(header, ["Agency", "Role", "Contribution to this strategy"]);
        assert_eq!(groups, 2);
        let one = SAMPLE
            .split("[[sectors]]")
            .take(2)
            .collect::<Vec<_>>()
            .join("[[sectors]]")
            .replace(
                "[columns]\ncontribution = \"Contribution to this strategy\"\n",
                "",
            );
        let (header, groups) = rows(&one);
        assert_eq!(header, ["Agency", "Role", "Contribution"]);
        assert_eq!(groups, 0);
        let no_roles: String = one
            .lines()
            .filter(|l| !l.starts_with("role"))
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(rows(&no_roles).0, ["Agency", "Contribution"]);
    }
}
