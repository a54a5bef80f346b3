//! End to end: hostile strings from partner agencies — Typst code, math,
//! labels and references; Markdown; Handlebars; WordprocessingML and XML
//! entities; bidirectional and zero-width controls; combining marks and
//! right-to-left script — put in every kind of field at once (document
//! metadata, a section title, a table cell, a chart's title and labels, a
//! footnote, committee fields) come out literally (quotation marks and
//! apostrophes typographic) in the PDF's text and the
//! Word copy's text, and never execute. A property test does the same with
//! arbitrary strings, one per kind of field.
//!
//! Fields that the data documents as Markdown (chart titles, footnotes, the
//! committee front sheet) get the string escaped as an author would write
//! it (`quire_plugin::markdown::escape`); every other field takes it raw.
//!
//! A second property test puts arbitrary strings holding control
//! characters too (U+000B, U+0001, U+001B, U+FFFF…) in every field and
//! builds with and without the PDF: the build succeeds, every XML part of
//! the Word copy is well-formed (a strict parser reads it), and the text
//! is there, less what XML cannot hold.
//!
//! A PDF's text is extracted in visual order, so right-to-left text comes
//! out reversed: where a value has any, the PDF is checked for its
//! characters between the field's fences, and the Word copy (logical
//! order) for the exact string.

use crate::common;

use std::path::Path;

use common::{copy_project, quire, squash};
use proptest::prelude::*;
use quire_docx::package::read_parts;
use quire_docx::xml::{self, Element};

/// A kind of field and where the sample project has one.
struct Field {
    kind: &'static str,
    /// The file, under the project folder.
    file: &'static str,
    /// The line holding the value, as shipped; its value is replaced.
    line: &'static str,
    /// The field is Markdown, so the string goes in escaped.
    markdown: bool,
    /// Where the value shows besides the page's text.
    metadata: bool,
}

const FIELDS: [Field; 8] = [
    Field {
        kind: "document title (metadata)",
        file: "sections/quire.toml",
        line: "title = \"Hate Crime Strategy 2004–2007\"",
        markdown: false,
        metadata: true,
    },
    Field {
        kind: "section title",
        file: "sections/data/overview.toml",
        line: "title = \"Hate crime in Southwark: an overview\"",
        markdown: false,
        metadata: false,
    },
    Field {
        kind: "table cell",
        file: "sections/data/baseline.toml",
        line: "measure = \"Racist incidents recorded by police in Southwark\"",
        markdown: false,
        metadata: false,
    },
    Field {
        kind: "chart title (figure caption)",
        file: "sections/data/baseline.toml",
        line: "title = \"Incidents recorded by the police in Southwark, by strand\"",
        markdown: true,
        metadata: false,
    },
    Field {
        kind: "chart label (a theme's name, from the shared data)",
        file: "sections/shared.toml",
        line: "name = \"Race crime\"",
        markdown: false,
        metadata: false,
    },
    Field {
        kind: "footnote",
        file: "sections/data/process.toml",
        line: "footnote = \"Recommendations will be incorporated into the existing training programme.\"",
        markdown: true,
        metadata: false,
    },
    Field {
        kind: "committee front-sheet value",
        file: "sections/data/committee.toml",
        line: "value = \"Open\"",
        markdown: true,
        metadata: false,
    },
    Field {
        kind: "committee part heading",
        file: "sections/data/committee.toml",
        line: "heading = \"Recommendations\"",
        markdown: false,
        metadata: false,
    },
];

/// The corpus: each string is put in every field at once.
const CORPUS: [&str; 8] = [
    r#"#read("/etc/passwd") #import "@preview/x:0.1.0": * #set page(fill: red) #panic("ran")"#,
    r#"$x^2 + sum_(i=0)^n i$ <fake-label> @sec-overview @missing ] #let x = 1 ["#,
    "*bold* _it_ **strong** `code` [link](https://example.org) ![img](/etc/passwd) # H - item 1. one",
    "{{meta.title}} {{{data}}} {{#each data}}x{{/each}} {{> partial}} \\{{escaped}}",
    r#"<w:p><w:r><w:t>injected</w:t></w:r></w:p> &amp; &lt; &#x41; ]]> <![CDATA[x]]> <!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]> &e;"#,
    "bidi \u{202E}desrever\u{202C} \u{2067}isolate\u{2069} zero\u{200B}width\u{200D}joiner\u{FEFF}bom \u{200F}rlm",
    "combining e\u{0301} a\u{0308} Hebrew שלום עולם mixed abc שלום 123",
    "quotes 'single' \"double\" back\\slash % ; // /* */ -- <!-- -->",
];

/// Default-ignorable format characters: a PDF's text layer need not keep
/// them (they have no glyph), so they are left out of PDF comparisons.
fn visible(text: &str) -> String {
    text.chars()
        .filter(|c| {
            !matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}')
        })
        .collect()
}

/// Whether the PDF's (squashed) text has field `n`'s value: exactly, or,
/// when the value has right-to-left text (laid out, and so extracted, in
/// visual order), as the same characters between the field's fences.
fn in_pdf_text(pdf_text: &str, n: usize, value: &str) -> bool {
    if pdf_text.contains(&squash(&visible(&printed(n, value)))) {
        return true;
    }
    let right_to_left = value.chars().any(|c| {
        matches!(
            c,
            '\u{0590}'..='\u{05FF}' | '\u{200F}' | '\u{202B}' | '\u{202E}' | '\u{2067}'
        )
    });
    if !right_to_left {
        return false;
    }
    let sorted = |s: &str| {
        let mut chars: Vec<char> = s.chars().collect();
        chars.sort_unstable();
        chars
    };
    let wanted = sorted(&squash(&visible(&quire_plugin::markdown::quotes::in_text(
        value,
    ))));
    let fence = format!("ZQ{n}Z");
    let fences: Vec<usize> = pdf_text.match_indices(&fence).map(|(i, _)| i).collect();
    fences
        .windows(2)
        .any(|w| sorted(&pdf_text[w[0] + fence.len()..w[1]]) == wanted)
}

/// The value field `n` gets: the string between fences naming the field.
fn fenced(n: usize, value: &str) -> String {
    format!("ZQ{n}Z{value}ZQ{n}Z")
}

/// Field `n`'s value as it prints: fenced, with typographic quotes and
/// apostrophes (text is set as a typesetter would; nothing else changes).
fn printed(n: usize, value: &str) -> String {
    quire_plugin::markdown::quotes::in_text(&fenced(n, value))
}

/// Puts `values[n]` in field `n` of a copy of the sample, builds the
/// committee profile (the strategy with the committee report in front) and
/// returns the project folder.
fn build_with(values: &[String]) -> tempfile::TempDir {
    build_with_args(values, &["build", "--profile", "committee"])
}

/// [`build_with`], with the command's arguments given.
fn build_with_args(values: &[String], args: &[&str]) -> tempfile::TempDir {
    let project = copy_project();
    for (n, (field, value)) in FIELDS.iter().zip(values).enumerate() {
        let written = if field.markdown {
            quire_plugin::markdown::escape(&fenced(n, value))
        } else {
            fenced(n, value)
        };
        let key = field.line.split(" = ").next().unwrap();
        let quoted = toml::Value::String(written).to_string();
        common::edit(
            &project.path().join(field.file),
            field.line,
            &format!("{key} = {quoted}"),
        );
    }
    let out = quire(project.path(), args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    project
}

/// Every `w:t` text of a Word part, in order, as one string.
fn word_text(docx: &[u8], part: &str) -> String {
    let parts = read_parts(docx).unwrap();
    let part = parts.iter().find(|p| p.name == part).unwrap();
    let tree = xml::parse(&part.bytes).unwrap();
    let mut text = String::new();
    tree.walk(&mut |e: &Element| {
        if e.name == "w:t" {
            text.push_str(&e.text_content());
        }
    });
    text
}

/// The document title in the PDF's XMP metadata.
fn pdf_xmp_title(pdf: &[u8]) -> String {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    let catalog = doc.get_object(root).unwrap().as_dict().unwrap();
    let id = catalog.get(b"Metadata").unwrap().as_reference().unwrap();
    let stream = doc.get_object(id).unwrap().as_stream().unwrap();
    let bytes = stream
        .decompressed_content()
        .unwrap_or_else(|_| stream.content.clone());
    let tree = xml::parse(&bytes).unwrap();
    let mut title = None;
    tree.walk(&mut |e: &Element| {
        if e.name == "dc:title" && title.is_none() {
            title = Some(e.text_content().trim().to_string());
        }
    });
    title.expect("the XMP metadata has a dc:title")
}

/// Checks every field's value came out literally in both outputs.
fn assert_literal(project: &Path, values: &[String]) -> Result<(), String> {
    let out = project.join("out");
    let pdf = std::fs::read(out.join("hate-crime-strategy-committee.pdf")).unwrap();
    let docx = std::fs::read(out.join("hate-crime-strategy-committee.docx")).unwrap();
    let pdf_text = squash(&visible(
        &pdf_extract::extract_text_from_mem(&pdf).map_err(|e| e.to_string())?,
    ));
    let word = [
        word_text(&docx, "word/document.xml"),
        word_text(&docx, "word/footnotes.xml"),
    ]
    .concat();
    let core = read_parts(&docx)
        .unwrap()
        .into_iter()
        .find(|p| p.name == "docProps/core.xml")
        .map(|p| xml::parse(&p.bytes).unwrap())
        .unwrap();
    for (n, (field, value)) in FIELDS.iter().zip(values).enumerate() {
        let expected = printed(n, value);
        let kind = field.kind;
        if !in_pdf_text(&pdf_text, n, value) {
            return Err(format!("{kind}: {expected:?} is not in the PDF's text"));
        }
        if !word.contains(&expected) {
            return Err(format!("{kind}: {expected:?} is not in the Word text"));
        }
        if field.metadata {
            let in_pdf = pdf_xmp_title(&pdf);
            if in_pdf != expected {
                return Err(format!("{kind}: the PDF's title is {in_pdf:?}"));
            }
            let in_word = core.find("dc:title").map(Element::text_content);
            if in_word.as_deref() != Some(expected.as_str()) {
                return Err(format!("{kind}: the Word title is {in_word:?}"));
            }
        }
    }
    // Nothing ran: no file was read, no page was coloured, no error raised.
    if pdf_text.contains("root:x:0") || word.contains("root:x:0") {
        return Err("a file outside the project was read".into());
    }
    Ok(())
}

#[test]
fn every_hostile_string_in_every_field_comes_out_literally_in_both_outputs() {
    for hostile in CORPUS {
        let values = vec![hostile.to_string(); FIELDS.len()];
        let project = build_with(&values);
        if let Err(problem) = assert_literal(project.path(), &values) {
            panic!("{hostile:?}: {problem}");
        }
    }
}

/// A character the house fonts cannot show is one error for all such
/// characters, saying where the first is and which folder to add a font
/// to — not one error per character naming only the font.
#[test]
fn a_character_the_house_fonts_cannot_show_is_an_error_not_a_gap() {
    let p = copy_project();
    common::edit(
        &p.path().join("sections/data/overview.toml"),
        "title = \"Hate crime in Southwark: an overview\"",
        "title = \"Hate crime 漢字 🏳️‍🌈 漢\"",
    );
    let stderr = common::fails_with(
        p.path(),
        &[
            "the PDF cannot show `漢` (U+6F22), `字` (U+5B57)",
            "the style's fonts do not have them",
            "`漢` is first written at sections/data/overview.toml:",
            "add a font that has them to the style's font folder",
            "the build stopped with 1 error",
        ],
    );
    assert_eq!(stderr.matches("the PDF cannot show").count(), 1, "{stderr}");
}

/// Characters a field may hold: any the house fonts can show (Latin,
/// Greek, Cyrillic, punctuation and symbols), markup characters of every
/// syntax, and zero-width characters and direction marks. Right-to-left
/// letters are left to the corpus: mixed with left-to-right ones at random,
/// the order a PDF's text comes out in is the layout's, not the string's.
fn field_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::char::range(' ', '~'),
        2 => prop::sample::select(vec!['#', '$', '*', '_', '`', '<', '>', '@', '[', ']', '{', '}', '\\', '&', ';', '=', '/', '^', '~', '"', '\'', '%', '|']),
        1 => prop::char::range('¡', 'ÿ').prop_filter("soft hyphen", |c| *c != '\u{AD}'),
        1 => prop::char::range('Ā', 'ž'),
        1 => prop::char::range('Α', 'Ω').prop_filter("unassigned", |c| *c != '\u{3A2}'),
        1 => prop::char::range('α', 'ω'),
        1 => prop::char::range('А', 'я'),
        1 => prop::sample::select(vec!['‘', '’', '“', '”', '–', '—', '…', '•', '€', '£', '№', '±', '×', '÷']),
        // Bidirectional embeddings, overrides and isolates reorder what
        // follows them, fences included: the corpus has them, balanced. So
        // does the right-to-left mark (U+200F): it is a right-to-left
        // letter, and before digits and punctuation (`‏{6³%`) it reorders
        // them on the page as Unicode's bidi rules say. A lone U+FEFF is
        // refused by Typst's PDF/UA-1 check (the corpus has one inside a
        // word, which passes).
        1 => prop::sample::select(vec!['\u{200B}', '\u{200C}', '\u{200D}', '\u{200E}']),
    ]
}

/// A value: something visible, no line breaks or leading/trailing space
/// (a title or a cell is one line, and outputs trim its ends), and no runs
/// of spaces (typesetting folds them).
fn field_value() -> impl Strategy<Value = String> {
    prop::collection::vec(field_char(), 1..20)
        .prop_map(String::from_iter)
        .prop_map(|s| {
            s.split(' ')
                .filter(|w| !w.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        })
        .prop_filter("something visible", |s| !visible(s).trim().is_empty())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 12, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_strings_in_each_kind_of_field_come_out_literally(
        values in prop::collection::vec(field_value(), FIELDS.len())
    ) {
        let project = build_with(&values);
        let checked = assert_literal(project.path(), &values);
        prop_assert!(checked.is_ok(), "{:?}", checked);
    }
}

/// Characters a field may hold, control characters among them: those XML
/// 1.0 forbids, the two that are line breaks (U+000B, U+000C), and tab,
/// line feed and carriage return. Zero-width characters are left to the
/// literal-text tests, where visible characters surround them: placed at
/// random among white space and line breaks, one can stand with nothing to
/// act on, which PDF/UA-1 refuses (an error naming it, not a bad file).
fn field_char_or_control() -> impl Strategy<Value = char> {
    prop_oneof![
        5 => field_char().prop_filter("zero-width", |c| !matches!(c, '\u{200B}'..='\u{200F}')),
        2 => prop::sample::select(vec![
            '\u{0}', '\u{1}', '\u{7}', '\u{8}', '\u{B}', '\u{C}', '\u{E}', '\u{1B}', '\u{1F}',
            '\u{FFFE}', '\u{FFFF}', '\t', '\n', '\r',
        ]),
    ]
}

/// Fails unless every `.xml` and `.rels` part of a Word file is
/// well-formed, read by roxmltree, which refuses characters XML 1.0 forbids.
fn every_xml_part_is_well_formed(docx: &[u8]) -> Result<(), String> {
    for part in read_parts(docx).unwrap() {
        if part.name.ends_with(".xml") || part.name.ends_with(".rels") {
            let text = std::str::from_utf8(&part.bytes).map_err(|e| e.to_string())?;
            roxmltree::Document::parse(text)
                .map_err(|e| format!("{} is not well-formed: {e}", part.name))?;
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_strings_with_control_characters_give_a_well_formed_word_file(
        values in prop::collection::vec(
            prop::collection::vec(field_char_or_control(), 1..20).prop_map(String::from_iter),
            FIELDS.len(),
        )
    ) {
        for args in [
            &["build", "--profile", "committee", "--only", "docx"][..],
            &["build", "--profile", "committee"][..],
        ] {
            let project = build_with_args(&values, args);
            let docx = std::fs::read(project.path().join("out/hate-crime-strategy-committee.docx")).unwrap();
            let checked = every_xml_part_is_well_formed(&docx);
            prop_assert!(checked.is_ok(), "{:?}: {:?}", args, checked);
            // Zero-width characters beside a line break are dropped (they
            // act on nothing there, and the PDF cannot show them alone), so
            // they are left out of this comparison on both sides; the
            // literal-text tests above check them where no break is near.
            let visible = |text: &str| -> String {
                text.chars()
                    .filter(|c| !matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}'))
                    .collect()
            };
            let word = visible(&squash(&[
                word_text(&docx, "word/document.xml"),
                word_text(&docx, "word/footnotes.xml"),
            ]
            .concat()));
            for (n, (field, value)) in FIELDS.iter().zip(&values).enumerate() {
                // What prints: line breaks and white space aside, the value
                // less the characters XML forbids. U+000B and U+000C are line
                // breaks, so a quote after one opens (“), as after a space.
                let kept: String = value
                    .chars()
                    .map(|c| if matches!(c, '\u{B}' | '\u{C}') { ' ' } else { c })
                    .filter(|c| !quire_model::xml_chars::forbidden_in_xml(*c))
                    .collect();
                let expected = squash(&visible(&printed(n, &kept)));
                prop_assert!(word.contains(&expected), "{}: {:?} is not in the Word text", field.kind, expected);
            }
        }
    }
}
