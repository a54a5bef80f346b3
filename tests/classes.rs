//! End to end: the style's `[classes.<name>]` tables give each block class
//! its look in both outputs, a class with no entry is drawn plainly, and a
//! mistake in a class's table is an error at its line.

use crate::common;

use std::path::Path;

use common::{builds, copy_project, docx_part, edit, fails_with, pdf_text, tool};

/// The vision's fill in the shipped style, and one nothing else uses.
const SHIPPED_FILL: &str = "#e8eff7";
const NEW_FILL: &str = "#ffe4b5";

/// How many pixels of the PDF's pages, drawn at 20 dpi, are `colour`
/// (`#rrggbb`, give or take 2 in each channel for the rasteriser).
fn pixels_of(pdf: &Path, colour: &str) -> usize {
    let channel = |i: usize| u8::from_str_radix(&colour[i..i + 2], 16).unwrap();
    let want = (channel(1), channel(3), channel(5));
    let dir = tempfile::tempdir().unwrap();
    let out = std::process::Command::new("pdftoppm")
        .args(["-r", "20", "-png"])
        .arg(pdf)
        .arg(dir.path().join("page"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let near = |a: u8, b: u8| a.abs_diff(b) <= 2;
    let mut count = 0;
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let page = image::open(entry.unwrap().path()).unwrap().to_rgb8();
        count += page
            .pixels()
            .filter(|p| near(p[0], want.0) && near(p[1], want.1) && near(p[2], want.2))
            .count();
    }
    count
}

/// The style id of the Word paragraph holding the last run starting with
/// `text` (a heading and its contents entry may come before it).
fn word_style_of(document: &str, text: &str) -> String {
    let at = document
        .rfind(&format!(">{text}"))
        .unwrap_or_else(|| panic!("no {text:?}"));
    let start = document[..at].rfind("<w:p>").unwrap();
    let pstyle = &document[start..at];
    let from = pstyle
        .find("<w:pStyle w:val=\"")
        .expect("a paragraph style")
        + 17;
    pstyle[from..from + pstyle[from..].find('"').unwrap()].to_string()
}

#[test]
fn a_class_s_look_in_the_style_changes_both_outputs() {
    let project = copy_project();
    let p = project.path();
    edit(
        &p.join("styles/house.toml"),
        &format!("background = \"{SHIPPED_FILL}\""),
        &format!("background = \"{NEW_FILL}\""),
    );
    builds(p);

    // Word: the vision's paragraph style has the new fill, and the vision's
    // paragraphs use it.
    let docx = std::fs::read(p.join("out/hate-crime-strategy.docx")).unwrap();
    let styles = docx_part(&docx, "word/styles.xml");
    let start = styles.find("w:styleId=\"Class_vision\"").unwrap();
    let vision = &styles[start..start + styles[start..].find("</w:style>").unwrap()];
    assert!(vision.contains("w:fill=\"FFE4B5\""), "{vision}");
    assert!(!styles.contains("E8EFF7"), "the old fill is gone");
    let document = docx_part(&docx, "word/document.xml");
    assert_eq!(word_style_of(&document, "Our vision<"), "Class_vision");
    assert_eq!(
        word_style_of(&document, "A Southwark where"),
        "Class_vision"
    );

    // PDF: the box is drawn in the new colour, not the old.
    let pdf = p.join("out/hate-crime-strategy.pdf");
    if tool("pdftoppm", &["-v"]) {
        let new = pixels_of(&pdf, NEW_FILL);
        assert!(new > 200, "{new} pixels of the new fill");
        assert_eq!(pixels_of(&pdf, SHIPPED_FILL), 0, "the old fill is gone");
    }
}

#[test]
fn a_class_with_no_look_is_drawn_plainly() {
    let project = copy_project();
    let p = project.path();
    let style = p.join("styles/house.toml");
    // The vision and the strands line lose their entries, as a class a
    // plugin makes up has none.
    edit(&style, "[classes.vision]", "[classes.was-vision]");
    edit(&style, "[classes.meta]", "[classes.was-meta]");
    builds(p);

    let docx = std::fs::read(p.join("out/hate-crime-strategy.docx")).unwrap();
    let document = docx_part(&docx, "word/document.xml");
    // A callout with no look is the plain callout box; a paragraph is body text.
    assert_eq!(word_style_of(&document, "Our vision<"), "CalloutTitle");
    assert_eq!(word_style_of(&document, "A Southwark where"), "Callout");
    assert_eq!(word_style_of(&document, "Strands served"), "BodyText");
    let styles = docx_part(&docx, "word/styles.xml");
    assert!(!styles.contains("Class_vision") && !styles.contains("Class_meta"));
    assert!(!styles.contains("Class_was-"), "unused looks make no style");

    let pdf = p.join("out/hate-crime-strategy.pdf");
    let text = pdf_text(&pdf);
    let at = text
        .find("A Southwark where nobody")
        .expect("the vision is there");
    assert!(
        text[..at].trim_end().ends_with("Our vision"),
        "the vision's title comes before its text"
    );
    assert!(
        text.contains("Strands served: all strands"),
        "the strands line too"
    );
    if tool("pdftoppm", &["-v"]) {
        assert_eq!(pixels_of(&pdf, SHIPPED_FILL), 0, "no vision box");
    }
}

#[test]
fn an_unknown_key_in_a_class_is_an_error_at_its_line() {
    let project = copy_project();
    let style = project.path().join("styles/house.toml");
    edit(
        &style,
        "[classes.vision]\n",
        "[classes.vision]\nshade = \"#ffffff\"\n",
    );
    let text = std::fs::read_to_string(&style).unwrap();
    let line = text.lines().position(|l| l.starts_with("shade")).unwrap() + 1;
    fails_with(
        project.path(),
        &[
            "unknown field `shade`",
            &format!("styles/house.toml:{line}:1"),
        ],
    );
}

#[test]
fn faint_class_text_is_an_error_at_its_line() {
    let project = copy_project();
    let style = project.path().join("styles/house.toml");
    edit(&style, "colour = \"#505a5f\"", "colour = \"#aaaaaa\"");
    let text = std::fs::read_to_string(&style).unwrap();
    let line = text.lines().position(|l| l.contains("#aaaaaa")).unwrap() + 1;
    fails_with(
        project.path(),
        &[
            "field `classes.meta.colour`",
            "text of the `meta` class has a contrast of",
            &format!("styles/house.toml:{line}:"),
        ],
    );
}
