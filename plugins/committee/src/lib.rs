//! A council committee report, placed in front of the document it presents:
//! the report title, a front sheet (item no., classification, date,
//! meeting…), then the report's parts in order (recommendations, background
//! information, key issues for consideration, supplementary advice from other
//! officers, background documents, appendices, audit trail), and finally the
//! heading that makes the document itself the report's appendix, set at the
//! head of the document's title page.
//!
//! Councils differ, so nothing about the report's shape is in code: every
//! field's label, every part's heading and the order of both come from the
//! data file. Every heading the plugin emits is unnumbered, so the chapters
//! of the document after it keep their numbers 1, 2, 3…
//!
//! - `numbered_paragraphs = true` numbers every paragraph of the report in one
//!   sequence through its headings (recommendations first, then background,
//!   key issues…), as many councils do ([`class::NUMBERED`]); numbered items
//!   then take their place in that sequence.
//! - The front sheet and any `details` are key-value tables: no header row,
//!   the label heading each row. A value is Markdown, or `document =
//!   "version"` (or `title`, `author`, `organisation`) to print the
//!   document's own value, so the report and the running header cannot
//!   disagree. `illustrative = true` marks a value not taken from a source.
//! - Short tables (up to [`KEEP_WHOLE_ROWS`] rows) are kept whole on one page.
//!
//! ```toml
//! title = "Hate Crime Strategy 2004–2007"
//! numbered_paragraphs = true
//! front_sheet = [
//!   { label = "Item no.", value = "7" },
//!   { label = "Telephone", value = "020 7946 0123", illustrative = true },
//! ]
//! appendix_heading = "Appendix 1"
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
//! heading = "Audit trail"
//! details = [ { label = "Version", document = "version" } ]
//! tables = [
//!   { header = ["Officer", "Title", "Comments sought", "Comments included"], rows = [["…", "…", "Yes", "Yes"]] },
//!   { details = [ { label = "Date final report sent", value = "2 July 2004" } ] },
//! ]
//! ```

use quire_plugin::build::{self, illustrative, inline_field, prose_field, text};
use quire_plugin::model::{Block, Cell, Column, Heading, Inline, Meta, Origin, Row, Table, class};
use quire_plugin::{
    PluginError, PluginErrors, PluginInfo, SectionPlugin, SectionRequest, SectionResponse,
    read_data,
};
use schemars::JsonSchema;
use serde::Deserialize;

/// Tables of at most this many rows are kept whole on one page.
pub const KEEP_WHOLE_ROWS: usize = 12;

/// The committee report's data file: every label, heading and their order.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Data {
    /// The report title: the section's level-1 heading.
    title: String,
    /// Number every paragraph of the report 1, 2, 3… through its headings
    /// (numbered items included), as many councils' reports are.
    #[serde(default)]
    numbered_paragraphs: bool,
    /// The front sheet: a key-value table (no header row; each label heads
    /// its row), in order.
    front_sheet: Vec<KeyValue>,
    /// The report's parts, in order.
    #[serde(default)]
    parts: Vec<Part>,
    /// The heading that makes the document after the report its appendix
    /// (`Appendix 1`): level 1, unnumbered, set at the head of the
    /// document's title page. Left out: the report ends with its last part.
    #[serde(default)]
    appendix_heading: Option<String>,
}

/// One row of a key-value table: a label and its value.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct KeyValue {
    /// Plain text (`Item no.`).
    label: String,
    /// Markdown (`Strategic Director of Community Services`). Give this or
    /// `document`.
    #[serde(default)]
    value: Option<String>,
    /// The document's own value instead of a typed one.
    #[serde(default)]
    document: Option<DocumentField>,
    /// The value is not taken from a published source: it is marked
    /// "(illustrative)".
    #[serde(default)]
    illustrative: bool,
}

/// A value of the document's metadata (the manifest's `[document]`).
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
enum DocumentField {
    /// The document's title.
    Title,
    /// Its author.
    Author,
    /// Its organisation (the author when there is none).
    Organisation,
    /// Its version, as the running header and the title page print it.
    Version,
}

impl DocumentField {
    fn value(self, meta: &Meta) -> &str {
        match self {
            DocumentField::Title => &meta.title,
            DocumentField::Author => &meta.author,
            DocumentField::Organisation => meta.organisation.as_deref().unwrap_or(&meta.author),
            DocumentField::Version => &meta.version,
        }
    }
}

/// One part of the report: a level-2 heading and, in this order, its text,
/// its list, its details, its tables and its subsections.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Part {
    /// The part's heading (level 2, unnumbered).
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
    /// A key-value table (no header row).
    #[serde(default)]
    details: Vec<KeyValue>,
    /// A table (the one-table form of `tables`).
    #[serde(default)]
    table: Option<TableData>,
    /// Tables, in order, after `table`.
    #[serde(default)]
    tables: Vec<TableData>,
    /// Level-3 subsections (policy implications, legal…).
    #[serde(default)]
    subsections: Vec<Subsection>,
}

/// A grid (`header` and `rows`) or a key-value table (`details`).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct TableData {
    /// The header row: one plain-text cell per column.
    #[serde(default)]
    header: Vec<String>,
    /// Body rows, each as long as the header; cells are Markdown.
    #[serde(default)]
    rows: Vec<Vec<String>>,
    /// Instead of `header` and `rows`: a key-value table.
    #[serde(default)]
    details: Vec<KeyValue>,
    /// Relative column widths, one per column, each more than 0 (`[2, 1]`:
    /// the first twice the second); equal when left out.
    #[serde(default)]
    #[schemars(inner(range(min = 0.01)))]
    widths: Vec<f64>,
}

/// A titled subsection of a part.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct Subsection {
    /// The subsection's heading (level 3, unnumbered).
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
        .example(include_str!("../example.toml"))
    }

    fn build(&self, request: &SectionRequest) -> Result<SectionResponse, PluginErrors> {
        let data: Data = read_data(&request.data)?;
        let report = Report {
            meta: &request.meta,
            numbered_paragraphs: data.numbered_paragraphs,
        };
        // The report is front matter: it comes first, before the document's
        // title page, which then carries its appendix heading.
        let mut blocks = vec![Block::Heading(
            Heading::new(1, text(&data.title))
                .with_label(request.section.label.clone())
                .unnumbered(),
        )];
        if data.front_sheet.is_empty() {
            return Err(PluginError::data(
                "front_sheet",
                "the front sheet needs at least one row (`{ label = \"Item no.\", value = \"7\" }`)",
            )
            .into());
        }
        blocks.push(report.key_values(&data.front_sheet, "front_sheet", 1.0)?);
        for (p, part) in data.parts.iter().enumerate() {
            blocks.extend(report.part(part, &format!("parts[{p}]"))?);
        }
        if let Some(appendix) = &data.appendix_heading {
            blocks.push(Block::Div {
                class: class::TITLE_PAGE.into(),
                blocks: vec![Block::Heading(Heading::new(1, text(appendix)).unnumbered())],
            });
        }
        Ok(SectionResponse::new(blocks))
    }
}

/// What every part of one report shares.
struct Report<'a> {
    meta: &'a Meta,
    numbered_paragraphs: bool,
}

/// An unnumbered heading: the report's headings leave the document's
/// chapter numbers alone.
fn heading(level: u8, title: &str) -> Block {
    Block::Heading(Heading::new(level, text(title)).unnumbered())
}

impl Report<'_> {
    /// Markdown text; with numbered paragraphs, each of its own paragraphs
    /// (not those in lists or boxes) takes the next number.
    fn prose(&self, path: &str, source: &str, offset: u8) -> Result<Vec<Block>, PluginError> {
        let mut blocks = prose_field(path, source, offset)?;
        if self.numbered_paragraphs {
            for block in &mut blocks {
                if let Block::Paragraph {
                    class: c @ None, ..
                } = block
                {
                    *c = Some(class::NUMBERED.into());
                }
            }
        }
        Ok(blocks)
    }

    /// A key-value table: each label heads its row; the value column is
    /// `value_share` times as wide as the label column's share of 1.
    fn key_values(
        &self,
        rows: &[KeyValue],
        path: &str,
        label_share: f64,
    ) -> Result<Block, PluginError> {
        let body = rows
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let value = self.value(row, &format!("{path}[{i}]"))?;
                Ok(Row::new(vec![build::cell(&row.label), value]))
            })
            .collect::<Result<Vec<_>, PluginError>>()?;
        Ok(keep_short(
            Table::new(vec![Column::fr(label_share), Column::fr(2.0)])
                .with_row_headers()
                .rows(body),
        ))
    }

    /// The value cell of a key-value row.
    fn value(&self, row: &KeyValue, path: &str) -> Result<Cell, PluginError> {
        let content: Vec<Inline> = match (&row.value, row.document) {
            (Some(_), Some(_)) => {
                return Err(PluginError::data(
                    path,
                    format!(
                        "`{}` has both a `value` and a `document` value: give one",
                        row.label
                    ),
                ));
            }
            (None, None) => {
                return Err(PluginError::data(
                    path,
                    format!(
                        "`{}` has no value: give `value = \"…\"` (or `value = \"\"` for an empty cell), or `document = \"version\"`",
                        row.label
                    ),
                ));
            }
            (Some(value), None) if value.trim().is_empty() => return Ok(Cell::text("")),
            (Some(value), None) => inline_field(&format!("{path}.value"), value)?,
            (None, Some(field)) => text(field.value(self.meta)),
        };
        Ok(Cell::inlines(if row.illustrative {
            vec![illustrative(content)]
        } else {
            content
        }))
    }

    fn part(&self, part: &Part, path: &str) -> Result<Vec<Block>, PluginError> {
        let field = |f: &str| format!("{path}.{f}");
        if part.text.trim().is_empty()
            && part.items.is_empty()
            && part.details.is_empty()
            && part.table.is_none()
            && part.tables.is_empty()
            && part.subsections.is_empty()
        {
            return Err(PluginError::data(
                path,
                format!(
                    "the part `{}` is empty: give it `text`, `items`, `details`, a `table` or `subsections`",
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
        blocks.extend(self.prose(&field("text"), &part.text, 2)?);
        if !part.items.is_empty() {
            let items = part
                .items
                .iter()
                .enumerate()
                .map(|(i, item)| {
                    let path = format!("{path}.items[{i}]");
                    Ok((inline_field(&path, item)?, Origin::data(path)))
                })
                .collect::<Result<Vec<_>, PluginError>>()?;
            if part.numbered && self.numbered_paragraphs {
                // Numbered items take their place in the report's sequence.
                blocks.extend(
                    items
                        .into_iter()
                        .map(|(content, at)| Block::classed(content, class::NUMBERED).at(at)),
                );
            } else {
                let items = items
                    .into_iter()
                    .map(|(content, at)| vec![Block::paragraph(content).at(at)])
                    .collect();
                let list = if part.numbered {
                    Block::ordered_list(items)
                } else {
                    Block::bullet_list(items)
                };
                blocks.push(list.at(Origin::data(field("items"))));
            }
        }
        if !part.details.is_empty() {
            blocks.push(self.key_values(&part.details, &field("details"), 1.0)?);
        }
        let tables = part.table.iter().map(|t| (t, field("table"))).chain(
            part.tables
                .iter()
                .enumerate()
                .map(|(t, data)| (data, format!("{path}.tables[{t}]"))),
        );
        for (data, at) in tables {
            blocks.push(self.part_table(data, &at)?);
        }
        for (s, sub) in part.subsections.iter().enumerate() {
            blocks.push(heading(3, &sub.heading));
            blocks.extend(self.prose(&format!("{path}.subsections[{s}].text"), &sub.text, 3)?);
        }
        Ok(blocks)
    }

    fn part_table(&self, data: &TableData, path: &str) -> Result<Block, PluginError> {
        if !data.details.is_empty() {
            if !data.header.is_empty() || !data.rows.is_empty() {
                return Err(PluginError::data(
                    path,
                    "a table is a grid (`header` and `rows`) or a key-value table (`details`), not both",
                ));
            }
            let label_share = match data.widths.as_slice() {
                [] => 1.0,
                [label, value] if *label > 0.0 && *value > 0.0 => 2.0 * label / value,
                _ => {
                    return Err(PluginError::data(
                        format!("{path}.widths"),
                        "a key-value table has two columns: give two positive widths (label, value)",
                    ));
                }
            };
            return self.key_values(&data.details, &format!("{path}.details"), label_share);
        }
        grid(data, path)
    }
}

/// A table kept whole on one page when it is short.
fn keep_short(table: Table) -> Block {
    Block::Table(
        if table.header.len() + table.body.len() <= KEEP_WHOLE_ROWS {
            table.kept_together()
        } else {
            table
        },
    )
}

/// A table with a header row naming its columns.
fn grid(data: &TableData, path: &str) -> Result<Block, PluginError> {
    let columns = data.header.len();
    if columns == 0 {
        return Err(PluginError::data(
            format!("{path}.header"),
            "a table needs a header row naming its columns (or `details` for a key-value table)",
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
        .collect::<Result<Vec<_>, PluginError>>()?;
    // Exactly one header row and no caption (so it is not numbered among
    // the document's tables).
    Ok(keep_short(
        Table::new(widths.into_iter().map(Column::fr).collect())
            .header(Row::new(data.header.iter().map(Cell::text).collect()))
            .rows(body),
    ))
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
    use quire_plugin::model::resolve::{NoCharts, ResolveOptions, resolve};
    use quire_plugin::model::resolved;
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
        // The appendix heading goes to the head of the document's title
        // page: no page of its own, no page break.
        assert!(matches!(blocks.last(), Some(Block::Div { class, blocks })
            if class == class::TITLE_PAGE
                && matches!(&blocks[..], [Block::Heading(h)] if h.level == 1)));
        assert!(!blocks.iter().any(|b| matches!(b, Block::PageBreak)));
    }

    /// With `numbered_paragraphs`, every paragraph of the report's parts is
    /// numbered, recommendations first, and nothing else is: not headings,
    /// not table cells, not bullets.
    #[test]
    fn numbered_paragraphs_number_every_paragraph_of_the_parts() {
        let numbered = format!("numbered_paragraphs = true\n{SAMPLE}");
        let blocks = build(&numbered).unwrap().blocks;
        let classes: Vec<Option<&str>> = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Paragraph { class, .. } => Some(class.as_deref()),
                _ => None,
            })
            .collect();
        // 2 recommendations, the key issues' text, 3 paragraphs of subsections.
        assert_eq!(classes, [Some(class::NUMBERED); 6]);
        assert!(
            !blocks
                .iter()
                .any(|b| matches!(b, Block::OrderedList { .. }))
        );
        assert!(blocks.iter().any(|b| matches!(b, Block::BulletList { .. })));
        // Without it, the recommendations are an ordered list and nothing is numbered.
        let plain = build(SAMPLE).unwrap().blocks;
        assert!(
            plain
                .iter()
                .all(|b| !matches!(b, Block::Paragraph { class: Some(_), .. }))
        );
        assert!(plain.iter().any(|b| matches!(b, Block::OrderedList { .. })));
    }

    #[test]
    fn a_document_value_is_the_documents_own() {
        let data = SAMPLE.replacen(
            r#"{ label = "Classification", value = "Open" },"#,
            r#"{ label = "Version", document = "version" },"#,
            1,
        );
        assert_ne!(data, SAMPLE, "the sample changed: update this test");
        let blocks = build(&data).unwrap().blocks;
        let Block::Table(sheet) = &blocks[1] else {
            panic!("the front sheet comes second")
        };
        let version = &sheet.body[1].cells[1].content;
        assert_eq!(version, &vec![Block::paragraph(text(&meta().version))]);

        let both = SAMPLE.replacen(
            r#"value = "Open" },"#,
            r#"value = "Open", document = "version" },"#,
            1,
        );
        let (path, message) = data_error(&both);
        assert_eq!(path, "front_sheet[1]");
        assert!(
            message.contains("both a `value` and a `document`"),
            "{message}"
        );
    }

    #[test]
    fn an_illustrative_value_says_so() {
        let data = SAMPLE.replacen(
            r#"{ label = "Item no.", value = "7" },"#,
            r#"{ label = "Telephone", value = "020 7946 0123", illustrative = true },"#,
            1,
        );
        let blocks = build(&data).unwrap().blocks;
        let Block::Table(sheet) = &blocks[1] else {
            panic!("the front sheet comes second")
        };
        let Block::Paragraph { content, .. } = &sheet.body[0].cells[1].content[0] else {
            panic!("a paragraph")
        };
        assert!(matches!(&content[0], Inline::Span { class, .. } if class == class::ILLUSTRATIVE));
        assert_eq!(Inline::plain_text(content), "020 7946 0123 (illustrative)");
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

    /// Grids have one header row; key-value tables (the front sheet,
    /// details) have none, and their labels head their rows. No table has a
    /// caption, and short ones are kept whole.
    #[test]
    fn grids_have_one_header_row_and_key_value_tables_row_headers() {
        let blocks = build(SAMPLE).unwrap().blocks;
        let tables: Vec<&Table> = blocks
            .iter()
            .filter_map(|b| match b {
                Block::Table(t) => Some(t),
                _ => None,
            })
            .collect();
        assert_eq!(tables.len(), 4);
        let (key_values, grids): (Vec<&Table>, Vec<&Table>) =
            tables.iter().partition(|t| t.row_headers);
        assert_eq!((key_values.len(), grids.len()), (2, 2));
        for t in key_values {
            assert!(t.header.is_empty());
            assert_eq!(t.columns.len(), 2);
        }
        for t in grids {
            assert_eq!(t.header.len(), 1);
            assert_eq!(t.header[0].cells.len(), t.columns.len());
        }
        for t in tables {
            assert!(t.caption.is_none() && t.label.is_none());
            assert!(t.keep_together, "short tables are kept whole");
        }
    }

    #[test]
    fn a_long_table_is_not_kept_whole() {
        let rows = [r#"["a", "b"]"#; KEEP_WHOLE_ROWS].join(", ");
        let data = format!(
            "title = \"T\"\nfront_sheet = [{{ label = \"a\", value = \"b\" }}]\n[[parts]]\nheading = \"H\"\ntable = {{ header = [\"x\", \"y\"], rows = [{rows}] }}\n"
        );
        let blocks = build(&data).unwrap().blocks;
        let Some(Block::Table(t)) = blocks.last() else {
            panic!("the part's table comes last")
        };
        assert_eq!(t.header.len() + t.body.len(), KEEP_WHOLE_ROWS + 1);
        assert!(!t.keep_together);
    }

    #[test]
    fn a_table_is_a_grid_or_key_values_not_both() {
        let bad = SAMPLE.replacen(
            r#"table = { header = ["No.", "Title"], widths = [1, 3], rows = ["#,
            r#"table = { details = [{ label = "a", value = "b" }], header = ["No.", "Title"], widths = [1, 3], rows = ["#,
            1,
        );
        assert_ne!(bad, SAMPLE, "the sample changed: update this test");
        let (path, message) = data_error(&bad);
        assert_eq!(path, "parts[2].table");
        assert!(message.contains("not both"), "{message}");
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
                .any(|b| matches!(b, Block::BulletList { items, .. } if items.len() == 2))
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
        let (done, problems) = resolve(document, ResolveOptions::default(), &NoCharts);
        assert!(problems.is_empty(), "{problems:?}");
        let document = done.document();
        let numbers = |blocks: &[resolved::Block]| -> Vec<Option<String>> {
            blocks
                .iter()
                .filter_map(|b| match b {
                    resolved::Block::Heading(h) => Some(h.number.clone()),
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
            .flat_map(|b| match b {
                Block::Div { blocks, .. } => blocks.iter().collect(),
                other => vec![other],
            })
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
        assert_eq!(headings.last(), Some(&(1, "Appendix 1".to_string(), None)));
        let levels: Vec<u8> = headings.iter().map(|h| h.0).collect();
        assert_eq!(levels, [1, 2, 2, 3, 3, 2, 2, 2, 1]);
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
