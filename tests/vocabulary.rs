//! End to end: the style's `[vocabulary]` gives the words both outputs
//! print around the authors' text — caption names, cross-references,
//! appendix numbers, the contents' title and the version line — and a key
//! the vocabulary does not have is an error at its line.

use crate::common;

use common::{append, copy_project, docx_part, edit, fails_with, fold, pdf_text, quire};

/// The words a Norwegian house style would use. The running header and
/// footer are patterns the style writes out in full (`[running]`), so it
/// gives their words there.
const NORWEGIAN: &str = r#"
[vocabulary]
table = "Tabell"
figure = "Diagram"
section = "Avsnitt"
appendix = "Vedlegg"
contents = "Innhold"
version = "Versjon"
"#;

/// The English words that must no longer be printed (the authors' own
/// text says "Section 17 of the Crime and Disorder Act", so "Section" alone
/// is not among them).
const ENGLISH: [&str; 10] = [
    "Table 1",
    "Table 8",
    "Figure 1",
    "Figure 2",
    "Section 4",
    "Appendix A",
    "Appendix B",
    "Contents",
    "Version",
    "Page ",
];

/// Each paragraph's text in a Word part, in order.
fn paragraphs(part: &str) -> Vec<String> {
    let doc = roxmltree::Document::parse(part).unwrap();
    doc.descendants()
        .filter(|n| n.tag_name().name() == "p")
        .map(|p| {
            p.descendants()
                .filter(|n| n.tag_name().name() == "t")
                .filter_map(|n| n.text())
                .collect()
        })
        .collect()
}

#[test]
fn both_outputs_print_the_style_s_words() {
    let project = copy_project();
    let p = project.path();
    let style = p.join("styles/house.toml");
    append(&style, NORWEGIAN);
    edit(
        &style,
        "\"Version {version}, {date}\"",
        "\"Versjon {version}, {date}\"",
    );
    edit(
        &style,
        "\"Page {page} of {pages}\"",
        "\"Side {page} av {pages}\"",
    );
    let out = quire(p, &["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // The resolve pass made every cross-reference from the same words.
    let manifest = p.join("sections/quire.toml");
    let assembled = quire_core::assemble(&manifest, &quire::builtins::registry()).unwrap();
    let mut displays = Vec::new();
    let doc = &assembled.document;
    for blocks in [doc.body(), doc.appendices()] {
        quire_model::walk::inlines(blocks, &mut |inline| {
            if let quire_model::resolved::Inline::Ref {
                target: Some(t), ..
            } = inline
            {
                displays.push(t.display.clone());
            }
        });
    }
    assert!(displays.len() > 20, "{displays:?}");
    for display in &displays {
        assert!(
            ["Tabell ", "Avsnitt ", "Vedlegg ", "Diagram "]
                .iter()
                .any(|w| display.starts_with(w)),
            "{display:?}"
        );
    }

    let pdf = pdf_text(&p.join("out/hate-crime-strategy.pdf"));
    let docx = std::fs::read(p.join("out/hate-crime-strategy.docx")).unwrap();
    let word = paragraphs(&docx_part(&docx, "word/document.xml"));
    let word_text = word.join("\n");

    // Captions, the contents' title, appendix headings, the version line.
    for caption in [
        "Tabell 1: Key figures and their sources",
        "Diagram 1: Incidents recorded by the police in Southwark, by strand",
        "Tabell 2: Incidents recorded by the police in Southwark, by strand: the figures",
    ] {
        assert!(pdf.contains(caption), "PDF: {caption:?}");
        assert!(word.iter().any(|p| p == caption), "Word: {caption:?}");
    }
    assert!(pdf.contains("Innhold"));
    assert!(word.iter().any(|p| p == "Innhold"), "Word: contents title");
    assert!(pdf.contains("30 June 2004 Versjon 1.0"));
    assert!(word.iter().any(|p| p == "30 June 2004    Versjon 1.0"));
    // The PDF prints an appendix's number as the resolve pass made it; the
    // Word copy's heading numbering makes it from the same word, and its
    // contents entry (number, title, tab, page) carries it as text.
    assert!(pdf.contains("Vedlegg A Agencies consulted"));
    assert!(
        word.iter()
            .any(|p| p.starts_with("Vedlegg A Agencies consulted")),
        "{word:#?}"
    );
    let numbering = docx_part(&docx, "word/numbering.xml");
    assert!(numbering.contains("w:val=\"Vedlegg %1\""), "{numbering}");
    assert!(pdf.contains("Side 2 av"));

    // Cross-references read the same in both outputs.
    for display in &displays {
        assert!(pdf.contains(display.as_str()), "PDF: {display:?}");
        assert!(word_text.contains(display.as_str()), "Word: {display:?}");
    }

    // And the English words are gone from both.
    for english in ENGLISH {
        assert!(!pdf.contains(english), "PDF still says {english:?}");
        assert!(!word_text.contains(english), "Word still says {english:?}");
    }
    let footer: String = quire_docx::package::read_parts(&docx)
        .unwrap()
        .iter()
        .filter(|part| part.name.starts_with("word/footer"))
        .map(|part| fold(&paragraphs(std::str::from_utf8(&part.bytes).unwrap()).concat()))
        .collect();
    assert!(footer.contains("Side 1 av 1"), "{footer}");
}

#[test]
fn an_unknown_word_is_an_error_at_its_line() {
    let project = copy_project();
    let style = project.path().join("styles/house.toml");
    append(
        &style,
        "\n[vocabulary]\ntable = \"Tabell\"\ntabel = \"Tabell\"\n",
    );
    let line = std::fs::read_to_string(&style).unwrap().lines().count();
    fails_with(
        project.path(),
        &[
            "unknown field `tabel`",
            &format!("styles/house.toml:{line}:1"),
        ],
    );
}

#[test]
fn an_empty_word_is_an_error_at_its_line() {
    let project = copy_project();
    let style = project.path().join("styles/house.toml");
    append(
        &style,
        "\n[vocabulary]\nfigure = \"\"\ncontents = \"Innhold\"\n",
    );
    let line = std::fs::read_to_string(&style).unwrap().lines().count() - 1;
    fails_with(
        project.path(),
        &[
            "field `vocabulary.figure`: the word is empty",
            &format!("styles/house.toml:{line}:"),
        ],
    );
}
