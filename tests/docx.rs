//! End to end: the Word copy of the shipped strategy — schema-valid, opened
//! by LibreOffice, structured the way Word expects, deterministic, and with
//! the same content as the PDF.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{copy_project, pdf_text, quire, squash, tool};
use quire_docx::package::{Part, read_parts};
use quire_docx::xml::{self, Element};

/// Builds the shipped strategy into a temporary copy; returns the copy and the outputs.
fn built() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let project = copy_project();
    let out = quire(project.path(), &["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = project.path().join("out/hate-crime-strategy.pdf");
    let docx = project.path().join("out/hate-crime-strategy.docx");
    (project, pdf, docx)
}

fn parts(docx: &Path) -> Vec<Part> {
    read_parts(&std::fs::read(docx).unwrap()).unwrap()
}

fn tree(parts: &[Part], name: &str) -> Element {
    let part = parts
        .iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no part {name}"));
    xml::parse(&part.bytes).unwrap()
}

fn paragraph_style(p: &Element) -> Option<String> {
    p.find("w:pPr")?
        .find("w:pStyle")?
        .get_attr("w:val")
        .map(str::to_string)
}

#[test]
fn the_word_copy_is_schema_valid() {
    if !tool("jing", &[]) {
        return;
    }
    let (_project, _pdf, docx) = built();
    let validator = common::repo().join("../shared/tools/validate-docx");
    if !validator.exists() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI runs with shared/ beside the clone"
        );
        eprintln!("skipping: {} is not here", validator.display());
        return;
    }
    let out = Command::new("python3")
        .arg(&validator)
        .arg(&docx)
        .output()
        .unwrap();
    let report =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{report}");
    assert!(report.contains(" 0 schema errors"), "{report}");
}

#[test]
fn libreoffice_converts_the_word_copy() {
    if !tool("soffice", &["--version"]) {
        return;
    }
    let (project, _pdf, docx) = built();
    let dir = project.path().join("lo");
    let profile = format!(
        "-env:UserInstallation=file://{}",
        project.path().join("lo-profile").display()
    );
    let out = Command::new("soffice")
        .args([
            profile.as_str(),
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
        ])
        .arg(&dir)
        .arg(&docx)
        .output()
        .unwrap();
    let converted = dir.join("hate-crime-strategy.pdf");
    assert!(
        converted.exists(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = squash(&pdf_text(&converted));
    assert!(text.contains(&squash("Progress against the baseline")));
}

#[test]
fn the_word_copy_has_real_word_structure() {
    let (_project, _pdf, docx) = built();
    let parts = parts(&docx);
    let document = tree(&parts, "word/document.xml");
    let body = document.find("w:body").unwrap();

    // Headings use the built-in heading styles, in the model's order and levels.
    let mut levels = Vec::new();
    body.walk(&mut |el| {
        if el.name == "w:p"
            && let Some(level) = paragraph_style(el)
                .and_then(|s| s.strip_prefix("Heading").and_then(|l| l.parse::<u8>().ok()))
        {
            levels.push(level);
        }
    });
    assert!(levels.len() > 40, "{} headings", levels.len());
    assert_eq!(levels[0], 1);
    assert!(
        levels.windows(2).all(|w| w[1] <= w[0] + 1),
        "no skipped heading levels: {levels:?}"
    );

    // Heading numbering is Word numbering linked to the styles, not typed text.
    let styles = tree(&parts, "word/styles.xml");
    let heading1 = styles
        .elements()
        .find(|s| s.get_attr("w:styleId") == Some("Heading1"))
        .unwrap();
    assert_eq!(
        heading1.find("w:name").unwrap().get_attr("w:val"),
        Some("heading 1")
    );
    let num_id = heading1
        .find("w:pPr")
        .and_then(|p| p.find("w:numPr"))
        .and_then(|n| n.find("w:numId"))
        .unwrap();
    let num_id = num_id.get_attr("w:val").unwrap();
    let numbering = tree(&parts, "word/numbering.xml");
    assert!(
        numbering
            .elements()
            .any(|n| n.name == "w:num" && n.get_attr("w:numId") == Some(num_id))
    );
    let rels = tree(&parts, "word/_rels/document.xml.rels");
    assert!(
        rels.elements()
            .any(|r| r.get_attr("Target") == Some("numbering.xml")),
        "numbering.xml is linked"
    );

    // Every table's first row repeats as a header row.
    let mut tables = 0;
    body.walk(&mut |el| {
        if el.name == "w:tbl" {
            tables += 1;
            let first = el.find("w:tr").unwrap();
            assert!(
                first
                    .find("w:trPr")
                    .and_then(|p| p.find("w:tblHeader"))
                    .is_some(),
                "table {tables} lacks w:tblHeader"
            );
        }
    });
    assert_eq!(tables, model_tables(), "every model table is a Word table");

    // The landscape section keeps the running footer; portrait pages stay portrait.
    let mut sections = Vec::new();
    body.walk(&mut |el| {
        if el.name == "w:sectPr" {
            let landscape =
                el.find("w:pgSz").and_then(|s| s.get_attr("w:orient")) == Some("landscape");
            let footer = el
                .elements()
                .any(|e| e.name == "w:footerReference" && e.get_attr("w:type") == Some("default"));
            sections.push((landscape, footer));
        }
    });
    assert_eq!(
        sections.iter().filter(|(l, _)| *l).count(),
        1,
        "{sections:?}"
    );
    assert!(
        sections.iter().all(|(_, footer)| *footer),
        "every section has a footer: {sections:?}"
    );
    assert!(!sections.last().unwrap().0, "the document ends portrait");

    // Core properties and language.
    let core = tree(&parts, "docProps/core.xml");
    assert_eq!(
        core.find("dc:title").unwrap().text_content(),
        "Hate Crime Strategy 2004–2007"
    );
    assert_eq!(
        core.find("dc:creator").unwrap().text_content(),
        "Safer Southwark Partnership"
    );
    assert_eq!(core.find("dc:language").unwrap().text_content(), "en-GB");
    assert_eq!(
        core.find("dcterms:created").unwrap().text_content(),
        "2004-06-30T00:00:00Z"
    );
    let defaults = styles
        .find("w:docDefaults")
        .unwrap()
        .find("w:rPrDefault")
        .unwrap()
        .find("w:rPr")
        .unwrap();
    assert_eq!(
        defaults.find("w:lang").unwrap().get_attr("w:val"),
        Some("en-GB")
    );

    // The contents are already filled in, page numbers and all (the
    // pagination test checks them against LibreOffice's pages), so Word is
    // not asked to refresh fields on opening.
    let settings = tree(&parts, "word/settings.xml");
    assert!(settings.find("w:updateFields").is_none());
    let toc: Vec<&Element> = body
        .elements()
        .filter(|p| paragraph_style(p).is_some_and(|s| s.starts_with("TOC") && s != "TOCHeading"))
        .collect();
    assert!(toc.len() > 30, "{} contents entries", toc.len());
    for entry in &toc {
        let mut code = String::new();
        entry.walk(&mut |el| {
            if el.name == "w:instrText" {
                code.push_str(&el.text_content());
            }
        });
        assert!(code.contains("PAGEREF _"), "{code}");
    }
    assert!(
        toc[1]
            .find("w:hyperlink")
            .and_then(|h| h.get_attr("w:anchor"))
            .is_some()
    );
}

fn model_tables() -> usize {
    let manifest = common::repo().join("sections/quire.toml");
    let assembled = quire_core::assemble(&manifest, &quire::builtins::registry()).unwrap();
    let mut count = 0;
    let doc = &assembled.document;
    for blocks in [doc.body(), doc.appendices()] {
        quire_model::walk::blocks(blocks, &mut |b| {
            count += usize::from(matches!(b, quire_model::resolved::Block::Table(_)))
        });
    }
    count
}

/// Removes every `Page N of M` (squashed: `PageNofM`) of a PDF of `pages` pages.
fn strip_page_numbers(text: &str, pages: usize) -> String {
    (1..=pages).fold(text.to_string(), |t, n| {
        t.replace(&format!("Page{n}of{pages}"), "")
    })
}

/// A paragraph's text as a reader sees it: footnote marks show their number.
fn visible_text(el: &Element) -> String {
    let mut out = String::new();
    el.walk(&mut |e| match e.name.as_str() {
        "w:t" => out.push_str(&e.text_content()),
        "w:footnoteReference" => out.push_str(e.get_attr("w:id").unwrap_or_default()),
        "w:tab" | "w:br" => out.push(' '),
        _ => {}
    });
    out
}

/// Paragraph texts of the body in reading order, table cells included,
/// without the contents; and the footnotes' texts.
fn docx_texts(parts: &[Part]) -> (Vec<String>, Vec<String>) {
    let document = tree(parts, "word/document.xml");
    let mut texts = Vec::new();
    document.find("w:body").unwrap().walk(&mut |el| {
        if el.name == "w:p" && !paragraph_style(el).is_some_and(|s| s.starts_with("TOC")) {
            let text = visible_text(el);
            if !text.trim().is_empty() {
                texts.push(text);
            }
        }
    });
    let notes = tree(parts, "word/footnotes.xml");
    let footnotes = notes
        .elements()
        .filter(|n| n.get_attr("w:type").is_none())
        .map(|n| n.text_content().trim().to_string())
        .collect();
    (texts, footnotes)
}

#[test]
fn the_word_copy_and_the_pdf_say_the_same_things_in_the_same_order() {
    let (_project, pdf_path, docx) = built();
    let mut pdf = squash(&pdf_text(&pdf_path));
    let pages = pdf_extract::extract_text_from_mem_by_pages(&std::fs::read(&pdf_path).unwrap())
        .unwrap()
        .len();
    let (texts, footnotes) = docx_texts(&parts(&docx));
    assert!(texts.len() > 300, "{} paragraphs", texts.len());
    // Footnotes sit at the foot of PDF pages, inside the text flow: check
    // them, then take them out, with the running heads and feet.
    assert!(!footnotes.is_empty());
    for (i, note) in footnotes.iter().enumerate() {
        let entry = format!("{}{}", i + 1, squash(note));
        assert!(
            pdf.contains(&entry),
            "footnote {} not at a page foot of the PDF: {note:?}",
            i + 1
        );
        pdf = pdf.replacen(&entry, "", 1);
    }
    let furniture = [
        "Hate Crime Strategy 2004–2007",
        "Version 1.0, 30 June 2004",
        "Safer Southwark Partnership",
    ];
    let strip = |text: &str| {
        furniture
            .iter()
            .fold(squash(text), |t, f| t.replace(&squash(f), ""))
    };
    pdf = strip_page_numbers(&strip(&pdf), pages);
    let mut at = 0;
    for text in &texts {
        let needle = strip(text);
        match pdf[at..].find(&needle) {
            Some(i) => at += i + needle.len(),
            None => {
                let mut n = needle.len();
                while n > 0 && (!needle.is_char_boundary(n) || !pdf[at..].contains(&needle[..n])) {
                    n -= 1;
                }
                let found = pdf[at..].find(&needle[..n]).map_or(0, |i| at + i + n);
                let end = pdf.ceil_char_boundary((found + 80).min(pdf.len()));
                panic!(
                    "not in the PDF after what came before: {text:?}\nmatched up to {:?}\nthe PDF goes on {:?}",
                    &needle[..n],
                    &pdf[found..end]
                );
            }
        }
    }
    // Each footnote mark in the Word copy has its note; the PDF shows the same notes.
    let document = tree(&parts(&docx), "word/document.xml");
    let mut references = 0;
    document.walk(&mut |el| references += usize::from(el.name == "w:footnoteReference"));
    assert_eq!(references, footnotes.len());
}

#[test]
fn building_twice_gives_the_same_word_file() {
    let project = copy_project();
    assert!(quire(project.path(), &["build"]).status.success());
    assert!(
        quire(project.path(), &["build", "--out", "again"])
            .status
            .success()
    );
    let first = std::fs::read(project.path().join("out/hate-crime-strategy.docx")).unwrap();
    let second = std::fs::read(project.path().join("again/hate-crime-strategy.docx")).unwrap();
    assert!(first == second, "two builds differ");
    // Entries are compressed.
    let raw: usize = read_parts(&first)
        .unwrap()
        .iter()
        .map(|p| p.bytes.len())
        .sum();
    assert!(
        first.len() * 2 < raw,
        "{} bytes zipped from {raw}",
        first.len()
    );
}

#[test]
fn the_committee_profile_writes_a_valid_committee_paper() {
    let project = copy_project();
    let out = quire(project.path(), &["build", "--profile", "committee"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let docx = project
        .path()
        .join("out/hate-crime-strategy-committee.docx");
    let (texts, _) = docx_texts(&parts(&docx));
    let all = texts.join("\n");
    for expected in [
        "Classification",
        "Recommendations",
        "Key issues for consideration",
        "Background documents",
        "Audit trail",
        "Appendix 1",
        "Progress against the baseline",
    ] {
        assert!(
            all.contains(expected),
            "{expected:?} missing from the committee paper"
        );
    }
    let validator = common::repo().join("../shared/tools/validate-docx");
    if tool("jing", &[]) && validator.exists() {
        let out = Command::new("python3")
            .arg(&validator)
            .arg(&docx)
            .output()
            .unwrap();
        let report = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        assert!(report.contains(" 0 schema errors"), "{report}");
    }
}
