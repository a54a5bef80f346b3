//! An accessibility audit of a finished Word file: the rules a screen-reader
//! user depends on and Word's own accessibility checker looks at, read from
//! the package's XML rather than taken on trust from the writer. Used by
//! `quire check --a11y` and by the tests, on any `.docx`.

use std::collections::HashMap;

use quire_model::resolve::vague_link_text;

use crate::DocxError;
use crate::package::{self, Part};
use crate::xml::Element;

/// One rule of the audit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocxRule {
    /// The document has a title (`dc:title`), which Word shows instead of
    /// the file name.
    Title,
    /// The text has a language, so it is read with the right voice.
    Language,
    /// Headings use Word's built-in heading styles and go down one level
    /// at a time, starting at level 1.
    Headings,
    /// Every picture has alternative text.
    ImageAlt,
    /// Every table's first row is a header row repeated on each page, or
    /// its first column heads its rows (a key-value table, `w:tblLook
    /// w:firstColumn`).
    HeaderRows,
    /// No cell in a table's body is merged, except a row label spanning the
    /// whole row: merged cells leave screen readers unsure which column or
    /// row a cell belongs to.
    SimpleTables,
    /// Link text says where the link goes.
    LinkText,
}

impl DocxRule {
    /// Every rule, in report order.
    pub const ALL: [DocxRule; 7] = [
        DocxRule::Title,
        DocxRule::Language,
        DocxRule::Headings,
        DocxRule::ImageAlt,
        DocxRule::HeaderRows,
        DocxRule::SimpleTables,
        DocxRule::LinkText,
    ];

    /// What the rule asks, for reports.
    pub fn describe(self) -> &'static str {
        match self {
            DocxRule::Title => "the document has a title in its properties (WCAG 2.4.2)",
            DocxRule::Language => "the text has a language (WCAG 3.1.1)",
            DocxRule::Headings => {
                "headings use Word's heading styles, start at level 1 and skip no level (WCAG 1.3.1)"
            }
            DocxRule::ImageAlt => "every picture has alternative text (WCAG 1.1.1)",
            DocxRule::HeaderRows => {
                "every table has a header row, repeated on each page, or heads its rows in its first column (WCAG 1.3.1)"
            }
            DocxRule::SimpleTables => {
                "no merged cells in a table's body but full-width row labels (WCAG 1.3.1)"
            }
            DocxRule::LinkText => "link text says where the link goes (WCAG 2.4.4)",
        }
    }
}

/// What one rule found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleResult {
    /// The rule.
    pub rule: DocxRule,
    /// How many things it looked at (headings, pictures, tables, links; 1
    /// for the document-wide rules).
    pub checked: usize,
    /// What breaks it, one line each.
    pub problems: Vec<String>,
}

/// The audit of one Word file: every rule, in [`DocxRule::ALL`] order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Audit {
    /// One result per rule.
    pub results: Vec<RuleResult>,
}

impl Audit {
    /// Whether every rule passed.
    pub fn passed(&self) -> bool {
        self.results.iter().all(|r| r.problems.is_empty())
    }

    /// The result of one rule.
    pub fn result(&self, rule: DocxRule) -> &RuleResult {
        self.results
            .iter()
            .find(|r| r.rule == rule)
            .expect("the audit runs every rule")
    }
}

/// Audits a `.docx` file's bytes.
pub fn audit(docx: &[u8]) -> Result<Audit, DocxError> {
    let parts = package::read_parts(docx)?;
    let tree = |name: &str| -> Result<Option<Element>, DocxError> {
        parts
            .iter()
            .find(|p| p.name == name)
            .map(package::parse_part)
            .transpose()
    };
    let missing = |name: &str| DocxError::Xml {
        part: name.to_string(),
        message: "the part is missing".into(),
    };
    let document = tree("word/document.xml")?.ok_or_else(|| missing("word/document.xml"))?;
    let styles = tree("word/styles.xml")?.ok_or_else(|| missing("word/styles.xml"))?;
    let core = tree("docProps/core.xml")?;
    let links = link_targets(&parts)?;

    let results = DocxRule::ALL
        .into_iter()
        .map(|rule| {
            let (checked, problems) = match rule {
                DocxRule::Title => title(core.as_ref()),
                DocxRule::Language => language(&styles),
                DocxRule::Headings => headings(&document, &styles),
                DocxRule::ImageAlt => image_alt(&document),
                DocxRule::HeaderRows => header_rows(&document),
                DocxRule::SimpleTables => simple_tables(&document),
                DocxRule::LinkText => link_text(&document, &links),
            };
            RuleResult {
                rule,
                checked,
                problems,
            }
        })
        .collect();
    Ok(Audit { results })
}

type Found = (usize, Vec<String>);

fn title(core: Option<&Element>) -> Found {
    let title = core
        .and_then(|c| c.find("dc:title"))
        .map(Element::text_content)
        .unwrap_or_default();
    let problems = if title.trim().is_empty() {
        vec!["the document properties have no title (`dc:title`)".to_string()]
    } else {
        Vec::new()
    };
    (1, problems)
}

fn language(styles: &Element) -> Found {
    let lang = styles
        .find("w:docDefaults")
        .and_then(|d| d.find("w:rPrDefault"))
        .and_then(|d| d.find("w:rPr"))
        .and_then(|r| r.find("w:lang"))
        .and_then(|l| l.get_attr("w:val"))
        .unwrap_or_default();
    let problems = if lang.trim().is_empty() {
        vec!["the default text style has no language (`w:lang`)".to_string()]
    } else {
        Vec::new()
    };
    (1, problems)
}

/// The paragraph style of a paragraph.
fn paragraph_style(p: &Element) -> Option<&str> {
    p.find("w:pPr")?.find("w:pStyle")?.get_attr("w:val")
}

/// The heading level of a style id, by the style's name: Word knows its
/// built-in headings by the names `heading 1` to `heading 9`.
fn heading_levels(styles: &Element) -> HashMap<String, u8> {
    styles
        .elements()
        .filter(|s| s.name == "w:style")
        .filter_map(|s| {
            let id = s.get_attr("w:styleId")?;
            let name = s.find("w:name")?.get_attr("w:val")?;
            let level = name.strip_prefix("heading ")?.parse().ok()?;
            Some((id.to_string(), level))
        })
        .collect()
}

fn headings(document: &Element, styles: &Element) -> Found {
    let levels = heading_levels(styles);
    let mut problems = Vec::new();
    let mut count = 0;
    let mut previous = 0u8;
    document.walk(&mut |el| {
        if el.name != "w:p" {
            return;
        }
        let Some(style) = paragraph_style(el) else {
            return;
        };
        let level = match levels.get(style) {
            Some(level) => *level,
            None => {
                if style.starts_with("Heading") && style[7..].parse::<u8>().is_ok() {
                    problems.push(format!(
                        "the style `{style}` looks like a heading but is not one of Word's heading styles"
                    ));
                }
                return;
            }
        };
        count += 1;
        if level > previous + 1 {
            let text = el.text_content();
            problems.push(if previous == 0 {
                format!("the first heading, “{text}”, is level {level}, not 1")
            } else {
                format!("the heading “{text}” is level {level} after a level-{previous} heading")
            });
        }
        previous = level;
    });
    (count, problems)
}

fn image_alt(document: &Element) -> Found {
    let mut problems = Vec::new();
    let mut count = 0;
    document.walk(&mut |el| {
        if el.name == "wp:docPr" {
            count += 1;
            if el.get_attr("descr").unwrap_or_default().trim().is_empty() {
                let name = el.get_attr("name").unwrap_or("a picture");
                problems.push(format!("{name} has no alternative text"));
            }
        }
    });
    (count, problems)
}

fn is_header_row(row: &Element) -> bool {
    row.find("w:trPr")
        .and_then(|p| p.find("w:tblHeader"))
        .is_some_and(|h| !matches!(h.get_attr("w:val"), Some("0" | "false" | "off")))
}

/// Every table, with its number counted from 1 in reading order.
fn tables(document: &Element) -> Vec<&Element> {
    fn collect<'a>(el: &'a Element, out: &mut Vec<&'a Element>) {
        for child in el.elements() {
            if child.name == "w:tbl" {
                out.push(child);
            }
            collect(child, out);
        }
    }
    let mut out = Vec::new();
    collect(document, &mut out);
    out
}

/// Whether a table's first column heads its rows (Word's first-column
/// table look, by its attribute or its bit in `w:val`).
fn heads_its_rows(table: &Element) -> bool {
    let Some(look) = table.find("w:tblPr").and_then(|p| p.find("w:tblLook")) else {
        return false;
    };
    match look.get_attr("w:firstColumn") {
        Some(v) => matches!(v, "1" | "true" | "on"),
        None => look
            .get_attr("w:val")
            .and_then(|v| u32::from_str_radix(v, 16).ok())
            .is_some_and(|bits| bits & 0x0080 != 0),
    }
}

fn header_rows(document: &Element) -> Found {
    let tables = tables(document);
    let problems = tables
        .iter()
        .enumerate()
        .filter(|(_, t)| !t.find("w:tr").is_some_and(is_header_row) && !heads_its_rows(t))
        .map(|(i, _)| format!("table {} has no header row and no header column", i + 1))
        .collect();
    (tables.len(), problems)
}

fn simple_tables(document: &Element) -> Found {
    let tables = tables(document);
    let mut problems = Vec::new();
    for (i, table) in tables.iter().enumerate() {
        let columns = table
            .find("w:tblGrid")
            .map(|g| g.elements().filter(|c| c.name == "w:gridCol").count())
            .unwrap_or(0);
        let body = table
            .elements()
            .filter(|r| r.name == "w:tr" && !is_header_row(r));
        for (r, row) in body.enumerate() {
            let cells: Vec<&Element> = row.elements().filter(|c| c.name == "w:tc").collect();
            for cell in &cells {
                let pr = cell.find("w:tcPr");
                let span = pr
                    .and_then(|p| p.find("w:gridSpan"))
                    .and_then(|s| s.get_attr("w:val"))
                    .and_then(|v| v.parse::<usize>().ok())
                    .unwrap_or(1);
                let row_label = cells.len() == 1 && span == columns;
                if span > 1 && !row_label {
                    problems.push(format!(
                        "table {}, body row {}: a cell spans {span} columns",
                        i + 1,
                        r + 1
                    ));
                }
                if pr.and_then(|p| p.find("w:vMerge")).is_some() {
                    problems.push(format!(
                        "table {}, body row {}: a cell is merged with the row above or below",
                        i + 1,
                        r + 1
                    ));
                }
            }
        }
    }
    (tables.len(), problems)
}

/// External link targets by relationship id.
fn link_targets(parts: &[Part]) -> Result<HashMap<String, String>, DocxError> {
    let Some(rels) = parts
        .iter()
        .find(|p| p.name == "word/_rels/document.xml.rels")
    else {
        return Ok(HashMap::new());
    };
    let rels = package::parse_part(rels)?;
    Ok(rels
        .elements()
        .filter(|r| r.get_attr("TargetMode") == Some("External"))
        .filter_map(|r| {
            Some((
                r.get_attr("Id")?.to_string(),
                r.get_attr("Target")?.to_string(),
            ))
        })
        .collect())
}

fn link_text(document: &Element, targets: &HashMap<String, String>) -> Found {
    let mut problems = Vec::new();
    let mut count = 0;
    document.walk(&mut |el| {
        if el.name != "w:hyperlink" {
            return;
        }
        count += 1;
        let text = el.text_content();
        let target = el
            .get_attr("r:id")
            .and_then(|id| targets.get(id))
            .map(String::as_str)
            .unwrap_or_default();
        if vague_link_text(target, &text) {
            problems.push(if target.is_empty() {
                format!("a link inside the document has the text “{text}”")
            } else {
                format!("the link to {target} has the text “{text}”")
            });
        }
    });
    (count, problems)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::package::write_parts;

    const STYLES: &str = r#"<w:styles xmlns:w="w"><w:docDefaults><w:rPrDefault><w:rPr><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault></w:docDefaults><w:style w:styleId="Heading1"><w:name w:val="heading 1"/></w:style><w:style w:styleId="Heading2"><w:name w:val="heading 2"/></w:style><w:style w:styleId="Heading3"><w:name w:val="heading 3"/></w:style></w:styles>"#;
    const CORE: &str = r#"<cp:coreProperties xmlns:cp="c" xmlns:dc="d"><dc:title>A title</dc:title></cp:coreProperties>"#;
    const RELS: &str = r#"<Relationships><Relationship Id="rId9" Target="https://www.southwark.gov.uk/" TargetMode="External"/></Relationships>"#;

    fn heading(level: u8, text: &str) -> String {
        format!(
            r#"<w:p><w:pPr><w:pStyle w:val="Heading{level}"/></w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>"#
        )
    }

    fn table(header: bool, body_row: &str) -> String {
        let pr = if header {
            "<w:trPr><w:tblHeader/></w:trPr>"
        } else {
            ""
        };
        format!(
            r#"<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid><w:tr>{pr}<w:tc/><w:tc/><w:tc/></w:tr><w:tr>{body_row}</w:tr></w:tbl>"#
        )
    }

    fn docx(body: &str, styles: &str, core: &str) -> Vec<u8> {
        let document = format!(r#"<w:document xmlns:w="w"><w:body>{body}</w:body></w:document>"#);
        let part = |name: &str, text: &str| Part {
            name: name.into(),
            bytes: text.as_bytes().to_vec(),
        };
        write_parts(&[
            part("word/document.xml", &document),
            part("word/styles.xml", styles),
            part("docProps/core.xml", core),
            part("word/_rels/document.xml.rels", RELS),
        ])
        .unwrap()
    }

    fn problems(body: &str, rule: DocxRule) -> Vec<String> {
        audit(&docx(body, STYLES, CORE))
            .unwrap()
            .result(rule)
            .problems
            .clone()
    }

    #[test]
    fn a_well_made_file_passes_every_rule() {
        let body = [
            heading(1, "Aims"),
            heading(2, "Race crime"),
            r#"<w:p><w:r><w:drawing><wp:inline><wp:docPr id="1" name="Picture 1" descr="A map of the borough"/></wp:inline></w:drawing></w:r></w:p>"#.into(),
            table(true, r#"<w:tc><w:tcPr><w:gridSpan w:val="3"/></w:tcPr></w:tc>"#),
            r#"<w:p><w:hyperlink r:id="rId9"><w:r><w:t>Southwark Council's website</w:t></w:r></w:hyperlink></w:p>"#.into(),
            heading(1, "Plan"),
        ]
        .concat();
        let audit = audit(&docx(&body, STYLES, CORE)).unwrap();
        assert!(audit.passed(), "{audit:#?}");
        assert_eq!(audit.result(DocxRule::Headings).checked, 3);
        assert_eq!(audit.result(DocxRule::ImageAlt).checked, 1);
        assert_eq!(audit.result(DocxRule::LinkText).checked, 1);
    }

    #[test]
    fn a_missing_title_and_language_are_found() {
        let styles = STYLES.replace(r#"<w:lang w:val="en-GB"/>"#, "");
        let core = CORE.replace("A title", " ");
        let audit = audit(&docx(&heading(1, "A"), &styles, &core)).unwrap();
        assert_eq!(audit.result(DocxRule::Title).problems.len(), 1);
        assert_eq!(audit.result(DocxRule::Language).problems.len(), 1);
    }

    #[test]
    fn skipped_and_false_headings_are_found() {
        let body = [heading(2, "Starts low"), heading(3, "Fine")].concat();
        assert_eq!(
            problems(&body, DocxRule::Headings),
            ["the first heading, “Starts low”, is level 2, not 1"]
        );
        let body = [heading(1, "One"), heading(3, "Three")].concat();
        assert_eq!(
            problems(&body, DocxRule::Headings),
            ["the heading “Three” is level 3 after a level-1 heading"]
        );
        // A style called Heading4 that is not Word's `heading 4`.
        let body = [heading(1, "One"), heading(4, "Fake")].concat();
        assert_eq!(problems(&body, DocxRule::Headings).len(), 1);
    }

    #[test]
    fn a_picture_without_alternative_text_is_found() {
        let body = r#"<w:p><wp:docPr id="2" name="Picture 2" descr=""/></w:p>"#;
        assert_eq!(
            problems(body, DocxRule::ImageAlt),
            ["Picture 2 has no alternative text"]
        );
    }

    #[test]
    fn tables_without_header_rows_or_with_merged_body_cells_are_found() {
        let plain = "<w:tc/><w:tc/><w:tc/>";
        assert_eq!(
            problems(&table(false, plain), DocxRule::HeaderRows),
            ["table 1 has no header row and no header column"]
        );
        let spans_two = r#"<w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr></w:tc><w:tc/>"#;
        assert_eq!(
            problems(&table(true, spans_two), DocxRule::SimpleTables),
            ["table 1, body row 1: a cell spans 2 columns"]
        );
        let merged = r#"<w:tc><w:tcPr><w:vMerge/></w:tcPr></w:tc><w:tc/><w:tc/>"#;
        assert_eq!(
            problems(&table(true, merged), DocxRule::SimpleTables).len(),
            1
        );
        assert!(problems(&table(true, plain), DocxRule::SimpleTables).is_empty());
    }

    /// A key-value table (a report's front sheet) has no header row: its
    /// first column heads its rows, as Word's first-column look says.
    #[test]
    fn a_table_whose_first_column_heads_its_rows_needs_no_header_row() {
        let plain = "<w:tc/><w:tc/><w:tc/>";
        for look in [
            r#"<w:tblLook w:firstRow="0" w:firstColumn="1"/>"#,
            r#"<w:tblLook w:val="0680"/>"#,
        ] {
            let body = table(false, plain)
                .replace("<w:tbl>", &format!("<w:tbl><w:tblPr>{look}</w:tblPr>"));
            assert!(problems(&body, DocxRule::HeaderRows).is_empty(), "{look}");
        }
        let off = table(false, plain).replace(
            "<w:tbl>",
            r#"<w:tbl><w:tblPr><w:tblLook w:firstColumn="0" w:val="0080"/></w:tblPr>"#,
        );
        assert_eq!(problems(&off, DocxRule::HeaderRows).len(), 1);
    }

    #[test]
    fn vague_link_text_is_found() {
        for text in [
            "click here",
            "https://www.southwark.gov.uk",
            "www.southwark.gov.uk/",
        ] {
            let body = format!(
                r#"<w:p><w:hyperlink r:id="rId9"><w:r><w:t>{text}</w:t></w:r></w:hyperlink></w:p>"#
            );
            assert_eq!(problems(&body, DocxRule::LinkText).len(), 1, "{text}");
        }
    }
}
