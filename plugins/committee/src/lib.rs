//! A council committee report, placed in front of the document it presents:
//! on a new page, the report title, a front-sheet table (item no., classification, date,
//! meeting…), then the report's parts in order (recommendations, background
//! information, key issues for consideration, supplementary advice from other
//! officers, background documents, appendices, audit trail), and finally a
//! page break and the heading of the appendix that the document itself
//! becomes.
//!
//! Councils differ, so nothing about the report's shape is in code: every
//! field's label, every part's heading and the order of both come from the
//! data file. Every heading the plugin emits is unnumbered, so the chapters
//! of the document after it keep their numbers 1, 2, 3…
//!
//! ```toml
//! title = "Hate Crime Strategy 2004–2007"
//! front_sheet_header = ["Item", "Detail"]     # optional; this is the default
//! front_sheet = [
//!   { label = "Item no.", value = "7" },
//!   { label = "Classification", value = "Open" },
//! ]
//! appendix_heading = "Appendix 1: Hate Crime Strategy 2004–2007"
//!
//! [[parts]]
//! heading = "Recommendations"
//! numbered = true
//! items = ["That the Executive agrees the strategy."]
//!
//! [[parts]]
//! heading = "Key issues for consideration"
//! subsections = [ { heading = "Policy implications", text = "…" } ]
//!
//! [[parts]]
//! heading = "Background documents"
//! table = { header = ["Background papers", "Held at", "Contact"], rows = [["…", "…", "…"]] }
//! ```

use quire_plugin::build::{self, inline_field, prose_field, text};
use quire_plugin::model::{Block, Cell, Column, Heading, Row, Table};
use quire_plugin::{
    PluginError, PluginErrors, PluginInfo, SectionPlugin, SectionRequest, SectionResponse,
    parse_data,
};
use schemars::JsonSchema;
use serde::Deserialize;

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Data {
    /// The report title: the section's level-1 heading.
    title: String,
    /// The front sheet's header row (two cells). Every table has exactly one
    /// header row, so screen readers and Word can name the columns.
    #[serde(default = "default_front_sheet_header")]
    front_sheet_header: [String; 2],
    /// The front sheet's rows, in order: label and value (Markdown).
    front_sheet: Vec<FrontSheetRow>,
    /// The report's parts, in order.
    #[serde(default)]
    parts: Vec<Part>,
    /// The heading of the appendix that follows the report (the document
    /// itself): after a page break, level 1, unnumbered. Left out: the report
    /// ends with its last part.
    #[serde(default)]
    appendix_heading: Option<String>,
}

fn default_front_sheet_header() -> [String; 2] {
    ["Item".into(), "Detail".into()]
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct FrontSheetRow {
    /// Plain text (`Item no.`).
    label: String,
    /// Markdown (`Strategic Director of Community Services`).
    value: String,
}

/// One part of the report: a level-2 heading and, in this order, its text,
/// its list, its table and its subsections.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Part {
    heading: String,
    /// Markdown blocks; `#` headings in it become level 3.
    #[serde(default)]
    text: String,
    /// Markdown list items.
    #[serde(default)]
    items: Vec<String>,
    /// Whether the items are numbered (recommendations) or bulleted.
    #[serde(default)]
    numbered: bool,
    /// A table with one header row.
    #[serde(default)]
    table: Option<TableData>,
    /// Level-3 subsections (policy implications, legal…).
    #[serde(default)]
    subsections: Vec<Subsection>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct TableData {
    /// The header row: one plain-text cell per column.
    header: Vec<String>,
    /// Body rows, each as long as the header; cells are Markdown.
    rows: Vec<Vec<String>>,
    /// Relative column widths, one per column; equal when left out.
    #[serde(default)]
    widths: Vec<f64>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Subsection {
    heading: String,
    /// Markdown blocks; `#` headings in it become level 4.
    text: String,
}

/// The committee report section plugin.
pub struct CommitteePlugin;

// The plugin's C entry point, for the cdylib (see `Cargo.toml`).
#[cfg(feature = "export")]
quire_plugin::export_plugin!(CommitteePlugin);

impl SectionPlugin for CommitteePlugin {
    fn info(&self) -> PluginInfo {
        PluginInfo::new(
            "committee",
            env!("CARGO_PKG_VERSION"),
            "A council committee report (front sheet, recommendations, key issues, \
                          background documents, audit trail) in front of the document it presents",
        )
        .needs_data()
        .data_schema::<Data>()
    }

    fn build(&self, request: &SectionRequest) -> Result<SectionResponse, PluginErrors> {
        let data: Data = parse_data(&request.data)?;
        // The report is front matter: it comes first, before the document's
        // title page, which then follows its appendix heading.
        let mut blocks = vec![Block::Heading(
            Heading::new(1, text(&data.title))
                .with_label(request.section.label.clone())
                .unnumbered(),
        )];
        blocks.push(front_sheet(&data)?);
        for (p, part) in data.parts.iter().enumerate() {
            blocks.extend(build_part(part, &format!("parts[{p}]"))?);
        }
        if let Some(appendix) = &data.appendix_heading {
            blocks.push(Block::PageBreak);
            blocks.push(Block::Heading(Heading::new(1, text(appendix)).unnumbered()));
        }
        Ok(SectionResponse::new(blocks))
    }
}

/// An unnumbered heading: the report's headings leave the document's
/// chapter numbers alone.
fn heading(level: u8, title: &str) -> Block {
    Block::Heading(Heading::new(level, text(title)).unnumbered())
}

fn front_sheet(data: &Data) -> Result<Block, PluginError> {
    if data.front_sheet.is_empty() {
        return Err(PluginError::data(
            "front_sheet",
            "the front sheet needs at least one row (`{ label = \"Item no.\", value = \"7\" }`)",
        ));
    }
    let body = data
        .front_sheet
        .iter()
        .enumerate()
        .map(|(i, row)| {
            Ok(Row::new(vec![
                build::cell(&row.label),
                cell(&format!("front_sheet[{i}].value"), &row.value)?,
            ]))
        })
        .collect::<Result<_, PluginError>>()?;
    Ok(table(
        vec![Column::fr(1.0), Column::fr(2.0)],
        &data.front_sheet_header,
        body,
    ))
}

fn build_part(part: &Part, path: &str) -> Result<Vec<Block>, PluginError> {
    let field = |f: &str| format!("{path}.{f}");
    if part.text.trim().is_empty()
        && part.items.is_empty()
        && part.table.is_none()
        && part.subsections.is_empty()
    {
        return Err(PluginError::data(
            path,
            format!(
                "the part `{}` is empty: give it `text`, `items`, a `table` or `subsections`",
                part.heading
            ),
        ));
    }
    if part.numbered && part.items.is_empty() {
        return Err(PluginError::data(
            field("numbered"),
            "`numbered` numbers the part's `items`, but it has none",
        ));
    }
    let mut blocks = vec![heading(2, &part.heading)];
    blocks.extend(prose_field(&field("text"), &part.text, 2)?);
    if !part.items.is_empty() {
        let items = part
            .items
            .iter()
            .enumerate()
            .map(|(i, item)| {
                let content = inline_field(&format!("{path}.items[{i}]"), item)?;
                Ok(vec![Block::paragraph(content)])
            })
            .collect::<Result<Vec<_>, PluginError>>()?;
        blocks.push(if part.numbered {
            Block::OrderedList { start: 1, items }
        } else {
            Block::BulletList(items)
        });
    }
    if let Some(data) = &part.table {
        blocks.push(part_table(data, &field("table"))?);
    }
    for (s, sub) in part.subsections.iter().enumerate() {
        blocks.push(heading(3, &sub.heading));
        blocks.extend(prose_field(
            &format!("{path}.subsections[{s}].text"),
            &sub.text,
            3,
        )?);
    }
    Ok(blocks)
}

fn part_table(data: &TableData, path: &str) -> Result<Block, PluginError> {
    let columns = data.header.len();
    if columns == 0 {
        return Err(PluginError::data(
            format!("{path}.header"),
            "a table needs a header row naming its columns",
        ));
    }
    if data.rows.is_empty() {
        return Err(PluginError::data(
            format!("{path}.rows"),
            "a table needs at least one row",
        ));
    }
    let widths = if data.widths.is_empty() {
        vec![1.0; columns]
    } else if data.widths.len() != columns {
        return Err(PluginError::data(
            format!("{path}.widths"),
            format!(
                "{} widths for {columns} columns: give one width per header cell",
                data.widths.len()
            ),
        ));
    } else if let Some(w) = data.widths.iter().position(|w| !w.is_finite() || *w <= 0.0) {
        return Err(PluginError::data(
            format!("{path}.widths[{w}]"),
            "a width must be a positive number (a share of the table's width)",
        ));
    } else {
        data.widths.clone()
    };
    let body = data
        .rows
        .iter()
        .enumerate()
        .map(|(r, row)| {
            if row.len() != columns {
                return Err(PluginError::data(
                    format!("{path}.rows[{r}]"),
                    format!(
                        "this row has {} cells but the header has {columns}: every row needs one cell per column",
                        row.len()
                    ),
                ));
            }
            let cells = row
                .iter()
                .enumerate()
                .map(|(c, value)| cell(&format!("{path}.rows[{r}][{c}]"), value))
                .collect::<Result<_, _>>()?;
            Ok(Row::new(cells))
        })
        .collect::<Result<_, PluginError>>()?;
    Ok(table(
        widths.into_iter().map(Column::fr).collect(),
        &data.header,
        body,
    ))
}

/// A table with exactly one header row and no caption (so it is not
/// numbered among the document's tables).
fn table(columns: Vec<Column>, header: &[String], body: Vec<Row>) -> Block {
    Block::Table(
        Table::new(columns)
            .header(Row::new(header.iter().map(Cell::text).collect()))
            .rows(body),
    )
}

/// A cell from Markdown; an empty value gives an empty cell.
fn cell(path: &str, value: &str) -> Result<Cell, PluginError> {
    if value.trim().is_empty() {
        Ok(build::cell(""))
    } else {
        Ok(Cell::inlines(inline_field(path, value)?))
    }
}

#[cfg(test)]
mod tests {
    use quire_plugin::model::resolve::{ResolveOptions, resolve};
    use quire_plugin::model::{Document, Inline};
    use quire_plugin::testing::{meta, request};

    use super::*;

    const SAMPLE: &str = include_str!("../tests/sample.toml");
    const SHIPPED: &str = include_str!("../../../sections/data/committee.toml");

    fn build(data: &str) -> Result<SectionResponse, PluginErrors> {
        CommitteePlugin.build(&request("committee-report", data))
    }

    fn data_error(data: &str) -> (String, String) {
        match build(data).unwrap_err().into_iter().next().unwrap() {
            PluginError::Data { path, message } => (path, message),
            other => panic!("expected a data error, got {other:?}"),
        }
    }

    #[test]
    fn sample_blocks() {
        insta::assert_json_snapshot!(build(SAMPLE).unwrap());
    }

    #[test]
    fn the_shipped_report_builds() {
        let blocks = build(SHIPPED).unwrap().blocks;
        assert!(matches!(blocks[0], Block::Heading(_)));
        assert!(matches!(blocks.last(), Some(Block::Heading(h)) if h.level == 1));
        assert!(matches!(blocks[blocks.len() - 2], Block::PageBreak));
    }

    #[test]
    fn a_short_table_row_names_the_row() {
        let bad = SAMPLE.replacen(
            r#"["Appendix 1", "Hate Crime Strategy 2004–2007"]"#,
            r#"["Appendix 1"]"#,
            1,
        );
        assert_ne!(bad, SAMPLE, "the sample changed: update this test");
        let (path, message) = data_error(&bad);
        assert_eq!(path, "parts[2].table.rows[0]");
        assert!(
            message.contains("this row has 1 cells but the header has 2"),
            "{message}"
        );
    }

    #[test]
    fn an_unknown_field_is_named() {
        let bad = SAMPLE.replacen("heading = \"Recommendations\"", "headng = \"x\"", 1);
        let (path, message) = data_error(&bad);
        assert_eq!(path, "parts[0].headng");
        assert!(message.contains("unknown field `headng`"), "{message}");
    }

    #[test]
    fn every_table_has_one_header_row_and_no_caption() {
        let blocks = build(SAMPLE).unwrap().blocks;
        let tables: Vec<&Table> = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .collect();
        assert_eq!(tables.len(), 3);
        for t in tables {
            assert_eq!(t.header.len(), 1);
            assert_eq!(t.header[0].cells.len(), t.columns.len());
            assert!(t.caption.is_none() && t.label.is_none());
        }
    }

    #[test]
    fn items_are_numbered_only_when_asked() {
        let blocks = build(SAMPLE).unwrap().blocks;
        assert!(
            blocks
                .iter()
                .any(|b| matches!(b, Block::OrderedList { items, .. } if items.len() == 2))
        );
        assert!(
            blocks
                .iter()
                .any(|b| matches!(b, Block::BulletList(items) if items.len() == 2))
        );
    }

    /// The report's headings take no numbers, so the chapters of the
    /// document after it are numbered 1, 2, 3 as they are without it.
    #[test]
    fn the_document_after_the_report_keeps_its_chapter_numbers() {
        let mut document = Document::new(meta());
        document.body = build(SAMPLE).unwrap().blocks;
        let report_blocks = document.body.len();
        for title in ["Foreword", "Overview", "Baseline"] {
            document
                .body
                .push(Block::Heading(Heading::new(1, text(title))));
            document
                .body
                .push(Block::Heading(Heading::new(2, text("Part"))));
        }
        let (resolved, problems) = resolve(document, ResolveOptions::default());
        assert!(problems.is_empty(), "{problems:?}");
        let document = resolved.document();
        let numbers = |blocks: &[Block]| -> Vec<Option<String>> {
            blocks
                .iter()
                .filter_map(|b| match b {
                    Block::Heading(h) => Some(h.number.clone()),
                    _ => None,
                })
                .collect()
        };
        let (report, after) = document.body.split_at(report_blocks);
        assert!(numbers(report).iter().all(Option::is_none));
        assert_eq!(
            numbers(after),
            ["1", "1.1", "2", "2.1", "3", "3.1"].map(|n| Some(n.to_string()))
        );
    }

    #[test]
    fn headings_are_levelled_title_parts_subsections() {
        let blocks = build(SAMPLE).unwrap().blocks;
        let headings: Vec<(u8, String, Option<&str>)> = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading(h) => {
                    Some((h.level, Inline::plain_text(&h.content), h.label.as_deref()))
                }
                _ => None,
            })
            .collect();
        assert_eq!(
            headings.first(),
            Some(&(
                1,
                "Hate Crime Strategy 2004–2007".to_string(),
                Some("sec-committee-report")
            ))
        );
        assert_eq!(
            headings.last(),
            Some(&(
                1,
                "Appendix 1: Hate Crime Strategy 2004–2007".to_string(),
                None
            ))
        );
        let levels: Vec<u8> = headings.iter().map(|h| h.0).collect();
        assert_eq!(levels, [1, 2, 2, 3, 3, 2, 2, 1]);
    }

    #[test]
    fn an_empty_part_is_an_error() {
        let (path, message) = data_error(
            "title = \"T\"\nfront_sheet = [{ label = \"a\", value = \"b\" }]\n[[parts]]\nheading = \"Empty\"\n",
        );
        assert_eq!(path, "parts[0]");
        assert!(message.contains("is empty"), "{message}");
    }

    #[test]
    fn widths_must_match_the_header() {
        let bad = SAMPLE.replacen("widths = [1, 3]", "widths = [1, 3, 1]", 1);
        assert_ne!(bad, SAMPLE, "the sample changed: update this test");
        let (path, _) = data_error(&bad);
        assert_eq!(path, "parts[2].table.widths");
    }
}
