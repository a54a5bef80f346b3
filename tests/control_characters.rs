//! End to end: control characters in data — Excel's line break in a cell
//! (U+000B), U+0001, an escape sequence (U+001B) — in every kind of field
//! (the manifest's title, a section title, a table cell, a chart's label, a
//! footnote, a committee front-sheet value, a prose template). U+000B is a
//! line break in both outputs; the others are left out with a warning at
//! their file, line and field; every XML part of the Word copy is
//! well-formed (read by a strict parser, which refuses what XML 1.0
//! forbids), whichever outputs are made.

use crate::common;

use std::path::Path;

use common::{copy_project, edit, quire};
use quire_docx::package::read_parts;

/// Edits the sample: (file, line as shipped, line with control characters
/// written as TOML escapes).
const EDITS: [(&str, &str, &str); 6] = [
    (
        "sections/quire.toml",
        "title = \"Hate Crime Strategy 2004–2007\"",
        "title = \"Hate Crime\\u000BStrategy\\u0001 2004\\u001B[31m–2007\"",
    ),
    (
        "sections/data/overview.toml",
        "title = \"Hate crime in Southwark: an overview\"",
        "title = \"VTA1\\u000BVTB1 in Southwark\\u0002\"",
    ),
    (
        "sections/data/baseline.toml",
        "measure = \"Racist incidents recorded by police in Southwark\"",
        "measure = \"VTA2\\u000BVTB2 racist\\u0001 incidents\"",
    ),
    (
        "sections/shared.toml",
        "name = \"Race crime\"",
        "name = \"Race\\u001B crime\"",
    ),
    (
        "sections/data/process.toml",
        "footnote = \"Recommendations will be incorporated into the existing training programme.\"",
        "footnote = \"VTA3\\u000BVTB3 will be\\u0003 incorporated.\"",
    ),
    (
        "sections/data/committee.toml",
        "value = \"Open\"",
        "value = \"VTA4\\u000BVTB4\\u0004\"",
    ),
];

/// The line number of the first line of `file` starting with `start`.
fn line_of(project: &Path, file: &str, start: &str) -> usize {
    let text = std::fs::read_to_string(project.join(file)).unwrap();
    1 + text
        .lines()
        .position(|l| l.trim_start().starts_with(start))
        .unwrap_or_else(|| panic!("{file} has no line starting {start:?}"))
}

fn hostile_project() -> tempfile::TempDir {
    let project = copy_project();
    for (file, from, to) in EDITS {
        edit(&project.path().join(file), from, to);
    }
    // A prose template holding a raw control character and a form feed.
    edit(
        &project.path().join("sections/prose/foreword.md"),
        "Everyone who lives in",
        "VTA5\u{C}VTB5 bell\u{7}. Everyone who lives in",
    );
    project
}

/// Every part of a Word file whose name ends `.xml` or `.rels`, parsed by
/// roxmltree, which refuses any character XML 1.0 forbids.
fn assert_every_xml_part_is_well_formed(docx: &[u8]) {
    let parts = read_parts(docx).unwrap();
    let mut checked = 0;
    for part in &parts {
        if !(part.name.ends_with(".xml") || part.name.ends_with(".rels")) {
            continue;
        }
        let text = std::str::from_utf8(&part.bytes)
            .unwrap_or_else(|e| panic!("{} is not UTF-8: {e}", part.name));
        if let Err(e) = roxmltree::Document::parse(text) {
            panic!("{} is not well-formed XML: {e}", part.name);
        }
        checked += 1;
    }
    assert!(checked >= 8, "only {checked} XML parts");
}

/// The paragraphs of a Word part as text, a line break (`w:br`) shown as `⏎`.
fn paragraphs(docx: &[u8], part: &str) -> Vec<String> {
    let text = common::docx_part(docx, part);
    let doc = roxmltree::Document::parse(&text).unwrap();
    doc.descendants()
        .filter(|n| n.tag_name().name() == "p")
        .map(|p| {
            p.descendants()
                .filter_map(|n| match n.tag_name().name() {
                    "t" => n.text().map(str::to_string),
                    "br" => Some("⏎".into()),
                    _ => None,
                })
                .collect()
        })
        .collect()
}

fn has_paragraph_with(paragraphs: &[String], wanted: &str) -> bool {
    paragraphs.iter().any(|p| p.contains(wanted))
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn control_characters_in_every_kind_of_field_become_line_breaks_or_warnings() {
    let project = hostile_project();
    let p = project.path();
    let out = quire(p, &["build", "--profile", "committee"]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");

    // A warning per field, at its file and line, naming the field and the
    // characters left out; none for U+000B or U+000C alone.
    let expected = [
        (
            "sections/quire.toml",
            "title = ",
            "field `document.title`: the characters U+0001, U+001B",
        ),
        (
            "sections/data/overview.toml",
            "title = \"VTA1",
            "field `title`: the character U+0002 ",
        ),
        (
            "sections/data/baseline.toml",
            "measure = \"VTA2",
            "the character U+0001 ",
        ),
        (
            "sections/shared.toml",
            "name = \"Race",
            "the character U+001B ",
        ),
        (
            "sections/data/process.toml",
            "{ text = \"levels of awareness",
            "the character U+0003 ",
        ),
        (
            "sections/data/committee.toml",
            "{ label = \"Classification\"",
            "the character U+0004 ",
        ),
        (
            "sections/prose/foreword.md",
            "VTA5",
            "this line: the character U+0007 ",
        ),
    ];
    for (file, line_start, message) in expected {
        let line = line_of(p, file, line_start);
        let place = format!("{file}:{line}:");
        let found = err
            .split("warning: ")
            .any(|w| w.contains(message) && w.contains(&place));
        assert!(found, "no warning {message:?} at {place} in:\n{err}");
    }
    let messages = err.lines().filter(|l| l.starts_with("warning:"));
    assert!(
        messages
            .clone()
            .all(|l| !l.contains("U+000B") && !l.contains("U+000C")),
        "{err}"
    );
    assert_eq!(messages.count(), expected.len(), "{err}");
    assert!(
        !err.contains('\u{7}'),
        "a control character is quoted raw:\n{err}"
    );

    let out_dir = p.join("out");
    let docx = std::fs::read(out_dir.join("hate-crime-strategy-committee.docx")).unwrap();
    assert_every_xml_part_is_well_formed(&docx);

    // U+000B and U+000C are line breaks in Word…
    let body = paragraphs(&docx, "word/document.xml");
    for n in [1, 2, 4, 5] {
        let wanted = format!("VTA{n}⏎VTB{n}");
        assert!(has_paragraph_with(&body, &wanted), "{wanted} in {body:#?}");
    }
    let notes = paragraphs(&docx, "word/footnotes.xml");
    assert!(
        has_paragraph_with(&notes, "VTA3⏎VTB3 will be incorporated."),
        "{notes:#?}"
    );
    // …and the others are gone, there and in the properties and headers.
    let core = common::docx_part(&docx, "docProps/core.xml");
    assert!(
        core.contains("<dc:title>Hate Crime Strategy 2004[31m–2007</dc:title>"),
        "{core}"
    );

    // In the PDF, the same lines, broken (as poppler reads the lines; a
    // heading's lines are too close together for pdf-extract to part).
    if !common::tool("pdftotext", &["-v"]) {
        return;
    }
    let out = std::process::Command::new("pdftotext")
        .arg(out_dir.join("hate-crime-strategy-committee.pdf"))
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    for n in 1..=5 {
        let (a, b) = (format!("VTA{n}"), format!("VTB{n}"));
        assert!(text.contains(&a) && text.contains(&b), "{a}, {b}:\n{text}");
        if n != 1 && n != 3 {
            // A paragraph's or a table cell's lines are not told apart
            // from lines the text wrapped into: their breaks are checked in
            // Word above.
            continue;
        }
        // A heading, a footnote: the line breaks between them.
        let broken = text
            .lines()
            .map(str::trim)
            .any(|l| l.ends_with(&a) || l.starts_with(&b));
        assert!(broken, "no line break between {a} and {b}:\n{text}");
    }
    assert!(!text.contains('\u{1}') && !text.contains('\u{1B}'));
}

#[test]
fn a_word_copy_alone_is_well_formed_too() {
    let project = hostile_project();
    let p = project.path();
    // Typst does not see the document: the Word copy is the only check.
    let out = quire(p, &["build", "--only", "docx"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let docx = std::fs::read(p.join("out/hate-crime-strategy.docx")).unwrap();
    assert_every_xml_part_is_well_formed(&docx);
    // The manifest accepting a PDF that is not PDF/UA changes nothing.
    edit(
        &p.join("sections/quire.toml"),
        "[output]",
        "[output]\npdf_ua = false",
    );
    let out = quire(p, &["build"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let docx = std::fs::read(p.join("out/hate-crime-strategy.docx")).unwrap();
    assert_every_xml_part_is_well_formed(&docx);
}
