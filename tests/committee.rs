//! End to end: the committee paper (`quire build --profile committee`), the
//! report in front of the strategy that becomes its appendix, as clerks
//! file it. The Word copy's XML and the PDF's text (`pdftotext`) are read
//! back: every paragraph of the report numbered, Word-natively, with the
//! same numbers in the PDF; the contents field scoped to the strategy; a
//! front sheet with no header row; the audit trail's grid; the strategy's
//! chapters on new pages, its title page carrying "Appendix 1"; short
//! tables kept whole; one source for the version; and the agencies'
//! appendix named by a cross-reference.

use crate::common;

use std::path::PathBuf;
use std::process::Command;

use common::{copy_project, edit, fold, quire, tool};
use quire_docx::package::read_parts;
use quire_docx::xml::{self, Element};

const MANIFEST: &str = "sections/quire.toml";
const DATA: &str = "sections/data/committee.toml";

/// A committee paper built from a copy of the shipped project.
struct Paper {
    project: tempfile::TempDir,
}

impl Paper {
    /// Builds the committee profile of `project` (a copy of the shipped one).
    fn build(project: tempfile::TempDir) -> Self {
        let out = quire(project.path(), &["build", "--profile", "committee"]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        Self { project }
    }

    fn shipped() -> Self {
        Self::build(copy_project())
    }

    fn docx_path(&self) -> PathBuf {
        self.project
            .path()
            .join("out/hate-crime-strategy-committee.docx")
    }

    fn pdf_path(&self) -> PathBuf {
        self.project
            .path()
            .join("out/hate-crime-strategy-committee.pdf")
    }

    /// A part of the Word copy, parsed.
    fn part(&self, name: &str) -> Element {
        let parts = read_parts(&std::fs::read(self.docx_path()).unwrap()).unwrap();
        let part = parts
            .iter()
            .find(|p| p.name == name)
            .unwrap_or_else(|| panic!("no part {name}"));
        xml::parse(&part.bytes).unwrap()
    }

    /// The body's top-level elements (paragraphs, tables, the last sectPr).
    fn body(&self) -> Vec<Element> {
        let document = self.part("word/document.xml");
        document
            .find("w:body")
            .unwrap()
            .elements()
            .cloned()
            .collect()
    }

    /// The committee data file, parsed.
    fn data(&self) -> toml::Value {
        let text = std::fs::read_to_string(self.project.path().join(DATA)).unwrap();
        toml::from_str(&text).unwrap()
    }

    /// The report's part headed `heading`, from the data.
    fn data_part(&self, heading: &str) -> toml::Value {
        self.data()["parts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["heading"].as_str() == Some(heading))
            .unwrap()
            .clone()
    }

    /// The PDF's pages as `pdftotext -layout` gives them, or `None` when
    /// pdftotext is not installed here.
    fn pdf_pages(&self) -> Option<Vec<String>> {
        if !tool("pdftotext", &["-v"]) {
            return None;
        }
        let out = Command::new("pdftotext")
            .args(["-layout", "-enc", "UTF-8"])
            .arg(self.pdf_path())
            .arg("-")
            .output()
            .unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        Some(text.split('\u{c}').map(str::to_string).collect())
    }
}

fn style_of(p: &Element) -> Option<&str> {
    p.find("w:pPr")?.find("w:pStyle")?.get_attr("w:val")
}

/// A paragraph property's value (`w:outlineLvl` → `9`), `Some("")` when
/// it is present without a value.
fn property<'a>(p: &'a Element, name: &str) -> Option<&'a str> {
    let el = p.find("w:pPr")?.find(name)?;
    Some(el.get_attr("w:val").unwrap_or(""))
}

/// The text a reader sees in an element (its `w:t` runs; tabs as spaces).
fn text_of(el: &Element) -> String {
    let mut out = String::new();
    el.walk(&mut |e| match e.name.as_str() {
        "w:t" => out.push_str(&e.text_content()),
        "w:tab" => out.push(' '),
        _ => {}
    });
    out
}

/// The cells' texts, row by row.
fn table_rows(table: &Element) -> Vec<Vec<String>> {
    table
        .elements()
        .filter(|r| r.name == "w:tr")
        .map(|r| {
            r.elements()
                .filter(|c| c.name == "w:tc")
                .map(|c| text_of(c).trim().to_string())
                .collect()
        })
        .collect()
}

fn is_header_row(row: &Element) -> bool {
    row.find("w:trPr")
        .is_some_and(|p| p.find("w:tblHeader").is_some())
}

/// The index of the strategy's title paragraph among the body's elements:
/// everything before it is the report.
fn title_index(body: &[Element]) -> usize {
    body.iter()
        .position(|e| style_of(e) == Some("Title"))
        .expect("the strategy has a title page")
}

/// The report's tables, in order.
fn report_tables(body: &[Element]) -> Vec<&Element> {
    body[..title_index(body)]
        .iter()
        .filter(|e| e.name == "w:tbl")
        .collect()
}

/// The page (0-based) whose text holds `needle`, white space folded.
fn page_of(pages: &[String], needle: &str) -> Option<usize> {
    let needle = fold(needle);
    pages.iter().position(|p| fold(p).contains(&needle))
}

#[test]
fn every_paragraph_of_the_report_is_numbered_in_one_word_sequence_as_in_the_pdf() {
    let paper = Paper::shipped();
    let body = paper.body();
    let report = &body[..title_index(&body)];
    let numbered: Vec<&Element> = report
        .iter()
        .filter(|p| style_of(p) == Some("NumberedParagraph"))
        .collect();
    // The recommendations and every paragraph of text in the parts.
    let data = paper.data();
    let parts = data["parts"].as_array().unwrap();
    let recommendations = parts[0]["items"].as_array().unwrap().len();
    assert!(
        numbered.len() > recommendations + 10,
        "{} numbered paragraphs",
        numbered.len()
    );
    let first = text_of(numbered[0]);
    let wanted = parts[0]["items"][0].as_str().unwrap();
    assert_eq!(first, wanted.replace('\'', "’"));
    // No list restarts the sequence, and no paragraph of the report's text
    // is left unnumbered.
    assert!(
        report
            .iter()
            .all(|p| !matches!(style_of(p), Some("BodyText" | "ListParagraph")))
    );
    assert!(numbered.iter().all(|p| property(p, "w:numPr").is_none()));

    // Word numbers them: the style carries a numbering whose one level is
    // linked back to the style, so a paragraph a clerk adds is numbered.
    let styles = paper.part("word/styles.xml");
    let style = styles
        .elements()
        .find(|s| s.get_attr("w:styleId") == Some("NumberedParagraph"))
        .expect("a Numbered Paragraph style");
    let num_id = style
        .find("w:pPr")
        .and_then(|p| p.find("w:numPr"))
        .and_then(|n| n.find("w:numId"))
        .and_then(|n| n.get_attr("w:val"))
        .expect("the style is numbered")
        .to_string();
    assert_eq!(
        style.find("w:next").and_then(|n| n.get_attr("w:val")),
        Some("NumberedParagraph")
    );
    let numbering = paper.part("word/numbering.xml");
    let abstract_id = numbering
        .elements()
        .find(|n| n.name == "w:num" && n.get_attr("w:numId") == Some(num_id.as_str()))
        .and_then(|n| n.find("w:abstractNumId"))
        .and_then(|a| a.get_attr("w:val"))
        .unwrap()
        .to_string();
    let level = numbering
        .elements()
        .find(|a| {
            a.name == "w:abstractNum" && a.get_attr("w:abstractNumId") == Some(abstract_id.as_str())
        })
        .and_then(|a| a.find("w:lvl"))
        .unwrap();
    assert_eq!(
        level.find("w:lvlText").and_then(|t| t.get_attr("w:val")),
        Some("%1.")
    );
    assert_eq!(
        level.find("w:pStyle").and_then(|t| t.get_attr("w:val")),
        Some("NumberedParagraph")
    );

    // The PDF shows the same numbers before the same paragraphs.
    let Some(pages) = paper.pdf_pages() else {
        return;
    };
    let pdf = fold(&pages.concat());
    for (i, p) in numbered.iter().enumerate() {
        let words: Vec<String> = text_of(p)
            .split_whitespace()
            .take(6)
            .map(String::from)
            .collect();
        let expected = format!("{}. {}", i + 1, words.join(" "));
        assert!(pdf.contains(&expected), "{expected:?} is not in the PDF");
    }
}

#[test]
fn the_contents_field_lists_the_strategys_headings_only() {
    let paper = Paper::shipped();
    let body = paper.body();
    let title = title_index(&body);
    let document = paper.part("word/document.xml");
    let mut instruction = String::new();
    document.walk(&mut |e| {
        if e.name == "w:instrText" && e.text_content().trim_start().starts_with("TOC") {
            instruction = e.text_content();
        }
    });
    let bookmark = instruction
        .split_once("\\b ")
        .map(|(_, rest)| rest.split_whitespace().next().unwrap().to_string())
        .unwrap_or_else(|| panic!("the contents are not scoped: {instruction:?}"));
    assert!(instruction.contains("\\o \"1-2\""), "{instruction}");

    // The bookmark opens on the strategy's title and closes after its last heading.
    let start = body[title]
        .elements()
        .find(|e| e.name == "w:bookmarkStart" && e.get_attr("w:name") == Some(bookmark.as_str()))
        .expect("the bookmark starts at the title");
    let id = start.get_attr("w:id").unwrap();
    let ends_at = body
        .iter()
        .rposition(|e| {
            let mut found = false;
            e.walk(&mut |x| {
                found |= x.name == "w:bookmarkEnd" && x.get_attr("w:id") == Some(id);
            });
            found
        })
        .expect("the bookmark ends");
    let last_heading = body
        .iter()
        .rposition(|e| style_of(e).is_some_and(|s| s.starts_with("Heading")))
        .unwrap();
    assert!(ends_at >= last_heading);

    // LibreOffice ignores `\b`: the report's headings are out of its outline
    // (body text), the strategy's are not.
    let headings = |range: &[Element]| -> Vec<Option<String>> {
        range
            .iter()
            .filter(|e| style_of(e).is_some_and(|s| s.starts_with("Heading")))
            .map(|e| property(e, "w:outlineLvl").map(str::to_string))
            .collect()
    };
    let report = headings(&body[..title]);
    assert!(report.len() >= 8, "{report:?}");
    assert!(
        report.iter().all(|l| l.as_deref() == Some("9")),
        "{report:?}"
    );
    let strategy = headings(&body[title..]);
    assert!(strategy.len() > 30 && strategy.iter().all(Option::is_none));

    // The pre-filled entries are the strategy's.
    let first_entry = body
        .iter()
        .find(|e| style_of(e) == Some("TOC1"))
        .map(text_of)
        .unwrap();
    assert!(first_entry.starts_with("Foreword"), "{first_entry}");
}

#[test]
fn the_front_sheet_is_a_key_value_table_without_a_header_row() {
    let paper = Paper::shipped();
    let body = paper.body();
    let tables = report_tables(&body);
    let sheet = tables[0];
    let rows = table_rows(sheet);
    let data = paper.data();
    let labels: Vec<&str> = data["front_sheet"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["label"].as_str().unwrap())
        .collect();
    let first_column: Vec<&str> = rows.iter().map(|r| r[0].as_str()).collect();
    assert_eq!(first_column, labels, "one row per field, no header row");
    assert!(
        sheet
            .elements()
            .filter(|r| r.name == "w:tr")
            .all(|r| !is_header_row(r))
    );
    // Word's first-column look marks the labels as heading their rows.
    let look = sheet
        .find("w:tblPr")
        .and_then(|p| p.find("w:tblLook"))
        .unwrap();
    assert_eq!(look.get_attr("w:firstColumn"), Some("1"));
    assert_eq!(look.get_attr("w:firstRow"), Some("0"));
    // The labels are drawn as header cells: bold.
    let first_cell = sheet.find("w:tr").unwrap().find("w:tc").unwrap();
    let mut bold = false;
    first_cell.walk(&mut |e| bold |= e.name == "w:b");
    assert!(bold);
    // The telephone number is not sourced, and says so.
    let phone = rows
        .iter()
        .find(|r| r[0] == "Telephone")
        .expect("a telephone number");
    assert!(phone[1].ends_with("(illustrative)"), "{phone:?}");

    // The accessibility audit accepts the table, and the file is valid.
    let audit = quire_docx::audit::audit(&std::fs::read(paper.docx_path()).unwrap()).unwrap();
    assert!(audit.passed(), "{audit:#?}");
    let validator = common::repo().join("../shared/tools/validate-docx");
    if tool("jing", &[]) && validator.exists() {
        let out = Command::new("python3")
            .arg(&validator)
            .arg(paper.docx_path())
            .output()
            .unwrap();
        let report = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        assert!(report.contains(" 0 schema errors"), "{report}");
    }

    let Some(pages) = paper.pdf_pages() else {
        return;
    };
    let first = fold(&pages[0]);
    assert!(first.contains(&format!("{} {}", labels[0], rows[0][1])));
    assert!(!first.contains("Item Detail"), "{first}");
}

#[test]
fn the_audit_trail_is_the_grid_of_officers_consulted() {
    let paper = Paper::shipped();
    let audit = paper.data_part("Audit trail");
    let grid = audit["tables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t.get("header").is_some())
        .unwrap();
    let header: Vec<&str> = grid["header"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    let body = paper.body();
    let table = report_tables(&body)
        .into_iter()
        .find(|t| table_rows(t).first().is_some_and(|r| r == &header))
        .unwrap_or_else(|| panic!("no table headed {header:?}"));
    assert!(is_header_row(table.find("w:tr").unwrap()));
    let rows = table_rows(table);
    let wanted: Vec<Vec<String>> = grid["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r.as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_str().unwrap().to_string())
                .collect()
        })
        .collect();
    assert_eq!(&rows[1..], &wanted[..]);
    assert!(header.len() >= 3, "{header:?}");

    let Some(pages) = paper.pdf_pages() else {
        return;
    };
    let pdf = fold(&pages.concat());
    assert!(pdf.contains(&fold(&wanted[0].join(" "))), "{pdf}");
}

#[test]
fn the_strategys_chapters_start_new_pages_and_its_title_page_says_appendix_1() {
    let paper = Paper::shipped();
    let body = paper.body();
    let title = title_index(&body);
    // Word: the chapter style breaks the page; only the report's headings
    // say they do not.
    let styles = paper.part("word/styles.xml");
    let heading1 = styles
        .elements()
        .find(|s| s.get_attr("w:styleId") == Some("Heading1"))
        .unwrap();
    assert!(
        property(heading1, "w:pageBreakBefore").is_some_and(|v| v != "0" && v != "false"),
        "the chapter style starts a new page"
    );
    let chapters: Vec<&Element> = body[title..]
        .iter()
        .filter(|e| style_of(e) == Some("Heading1"))
        .collect();
    assert!(chapters.len() > 10);
    assert!(
        chapters
            .iter()
            .all(|c| property(c, "w:pageBreakBefore").is_none())
    );

    // The appendix heading sits on the title page: it is the paragraph just
    // before the title, after the report's section break.
    let data = paper.data();
    let appendix = data["appendix_heading"].as_str().unwrap();
    assert_eq!(style_of(&body[title - 1]), Some("Heading1"));
    assert_eq!(text_of(&body[title - 1]), appendix);
    assert!(
        body[title - 2]
            .find("w:pPr")
            .and_then(|p| p.find("w:sectPr"))
            .is_some(),
        "the report is a section of its own"
    );
    assert!(property(&body[title], "w:pageBreakBefore").is_none_or(|v| v == "0" || v == "false"));

    let Some(pages) = paper.pdf_pages() else {
        return;
    };
    // PDF: the page with "Appendix 1" is the strategy's title page.
    let meta_title = text_of(&body[title]);
    let subtitle = text_of(&body[title + 1]);
    let at = pages
        .iter()
        .position(|p| p.lines().any(|l| l.trim() == appendix))
        .expect("the appendix heading is in the PDF");
    let page = fold(&pages[at]);
    assert!(
        page.contains(&meta_title) && page.contains(&fold(&subtitle)),
        "{page}"
    );
    // Each chapter is the first thing on its page, under the running header.
    for chapter in chapters {
        let name = text_of(chapter);
        let number = numbered_chapter(&pages, &name);
        let page = &pages[number];
        let first_line = page
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .nth(1)
            .unwrap_or_default();
        assert!(
            first_line.ends_with(&name),
            "“{name}” does not open page {}: {first_line:?}",
            number + 1
        );
    }
}

/// The page where a chapter starts: the page with a line that is the
/// chapter's title after at most its number (`10`, `Appendix A`), not a
/// contents entry (which ends with its page number).
fn numbered_chapter(pages: &[String], name: &str) -> usize {
    pages
        .iter()
        .position(|p| {
            p.lines().map(str::trim).any(|l| {
                l.strip_suffix(name)
                    .is_some_and(|number| number.trim().chars().count() <= "Appendix A".len())
            })
        })
        .unwrap_or_else(|| panic!("“{name}” is not in the PDF"))
}

#[test]
fn short_tables_keep_their_rows_on_one_page() {
    let paper = Paper::shipped();
    let body = paper.body();
    let report = &body[..title_index(&body)];
    let mut chained = 0;
    for (i, table) in report.iter().enumerate().filter(|(_, e)| e.name == "w:tbl") {
        // A table right after it (past the empty paragraph that keeps
        // Word from merging the two) that is kept whole too: the two keep
        // together, the separator keeps with the next.
        let with_next = report.get(i + 2).is_some_and(|e| e.name == "w:tbl")
            && report[i + 1].name == "w:p"
            && property(&report[i + 1], "w:keepNext").is_some();
        chained += usize::from(with_next);
        let rows: Vec<&Element> = table.elements().filter(|r| r.name == "w:tr").collect();
        for (r, row) in rows.iter().enumerate() {
            let mut paragraphs = Vec::new();
            row.walk(&mut |e| {
                if e.name == "w:p" {
                    paragraphs.push(e.clone());
                }
            });
            let kept = paragraphs
                .iter()
                .all(|p| property(p, "w:keepNext").is_some());
            assert_eq!(
                kept,
                r + 1 < rows.len() || with_next,
                "row {} of {}: every row but the last keeps with the next",
                r + 1,
                rows.len()
            );
            assert!(
                row.find("w:trPr")
                    .and_then(|p| p.find("w:cantSplit"))
                    .is_some()
            );
        }
    }
    // The audit trail's three tables (details, the officers' grid, the date
    // sent) keep together.
    assert_eq!(chained, 2);
    // In the PDF, the audit trail's details table is on one page.
    let Some(pages) = paper.pdf_pages() else {
        return;
    };
    let audit = paper.data_part("Audit trail");
    let details = audit["details"].as_array().unwrap();
    let first = details.first().unwrap()["label"].as_str().unwrap();
    let last = details.last().unwrap()["label"].as_str().unwrap();
    let heading = page_of(&pages, "Audit trail").unwrap();
    assert_eq!(page_of(&pages, first), Some(heading));
    assert_eq!(page_of(&pages, last), Some(heading));
}

/// The report's version and the running header's are one value, the
/// document's: change it in the manifest and both follow.
#[test]
fn the_version_has_one_source() {
    let project = copy_project();
    edit(
        &project.path().join(MANIFEST),
        "version = \"1.0\"",
        "version = \"2.3\"",
    );
    let paper = Paper::build(project);
    let body = paper.body();
    let version_row = report_tables(&body)
        .into_iter()
        .flat_map(table_rows)
        .find(|r| r[0] == "Version")
        .expect("the audit trail has a version");
    assert_eq!(version_row[1], "2.3");
    let parts = read_parts(&std::fs::read(paper.docx_path()).unwrap()).unwrap();
    let headers: Vec<String> = parts
        .iter()
        .filter(|p| p.name.starts_with("word/header"))
        .map(|p| text_of(&xml::parse(&p.bytes).unwrap()))
        .collect();
    assert!(
        headers.iter().any(|h| h.contains("Version 2.3")),
        "{headers:?}"
    );
    let Some(pages) = paper.pdf_pages() else {
        return;
    };
    let audit = page_of(&pages, "Audit trail").unwrap();
    let page = fold(&pages[audit]);
    assert!(
        page.contains("Version 2.3") && page.contains("Version 2.3 Dated"),
        "{page}"
    );
}

/// The consultation paragraph names the agencies' appendix by a
/// cross-reference: put the glossary first among the appendices and the
/// report says Appendix B.
#[test]
fn the_consultation_names_the_agencies_appendix_by_reference() {
    let paper = Paper::shipped();
    let consultation = |paper: &Paper| -> String {
        paper
            .body()
            .iter()
            .map(text_of)
            .find(|t| t.starts_with("The agencies consulted are listed in"))
            .expect("the consultation paragraph")
    };
    let shipped = consultation(&paper);
    assert!(shipped.contains("Appendix A"), "{shipped}");

    let project = copy_project();
    let manifest = project.path().join(MANIFEST);
    let text = std::fs::read_to_string(&manifest).unwrap();
    let glossary = "[[sections]]\nid = \"glossary\"\nplugin = \"prose\"\nappendix = true\nprose = { body = \"prose/glossary.md\" }\n\n";
    assert!(
        text.contains(glossary),
        "the manifest changed: update this test"
    );
    let moved = text.replacen(glossary, "", 1).replacen(
        "[[sections]]\nid = \"process\"",
        &format!("{glossary}[[sections]]\nid = \"process\""),
        1,
    );
    std::fs::write(&manifest, moved).unwrap();
    let reordered = Paper::build(project);
    let text = consultation(&reordered);
    assert!(text.contains("Appendix B"), "{text}");
    assert!(!text.contains("Appendix A"), "{text}");
}
