use std::path::Path;

use quire_model::{
    Block, Cell, Column, Definition, Document, Heading, Inline, Meta, ResolveOptions,
    ResolvedDocument, Row, Table, class, resolve, text,
};
use quire_style::Style;

use super::*;
use crate::document::{DOCUMENT_BOOKMARK, NUMBERED_NUM, NUMBERED_STYLE};

fn repo() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// A document touching every block and inline kind, resolved.
pub fn sample() -> ResolvedDocument {
    resolved(unresolved_sample())
}

/// Resolves `doc`, which must have no problems.
fn resolved(doc: Document) -> ResolvedDocument {
    let (resolved, problems) = resolve(doc, ResolveOptions::default(), &quire_model::NoCharts);
    assert!(problems.is_empty(), "{problems:?}");
    resolved
}

/// [`sample`] before the resolve pass.
fn unresolved_sample() -> Document {
    let mut meta = Meta::new("Sample & <test>", "Quire", "2004-06-30", "en-GB", "1");
    meta.subject = Some("Subject".into());
    meta.keywords = vec!["one".into(), "two".into()];
    let mut doc = Document::new(meta);
    let table = Table::new(vec![Column::fr(1.0), Column::fr(3.0), Column::fr(1.0)])
        .header(Row::new(vec![
            Cell::text("Ref"),
            Cell::text("Action"),
            Cell::text("Date"),
        ]))
        .rows([
            Row {
                cells: vec![Cell::text("Aim 1").span(3)],
                class: Some(class::GROUP.into()),
            },
            Row::new(vec![
                Cell {
                    rowspan: 2,
                    ..Cell::text("1a")
                },
                Cell::text("Do *this*"),
                Cell::text("2005"),
            ]),
            Row::new(vec![Cell::text("And that"), Cell::text("2006")]),
        ])
        .note(Block::paragraph(text("Source: illustrative")))
        .caption(text("Actions"))
        .label("tbl-actions");
    doc.body = vec![
        Block::Heading(Heading::new(1, text("Foreword")).unnumbered()),
        Block::paragraph(vec![
            Inline::Text("See ".into()),
            Inline::reference("tbl-actions"),
            Inline::Text(", ".into()),
            Inline::reference("sec-overview"),
            Inline::Text(", ".into()),
            Inline::reference("app-agencies"),
            Inline::Text(" and ".into()),
            Inline::link(
                "https://www.southwark.gov.uk",
                text("the council's website"),
            ),
            Inline::Footnote(vec![Block::paragraph(text("A note."))]),
        ]),
        Block::Heading(Heading::new(1, text("Overview")).with_label("sec-overview")),
        Block::Heading(Heading::new(2, text("Detail"))),
        Block::bullet_list(vec![
            vec![Block::paragraph(text("one"))],
            vec![
                Block::paragraph(text("two")),
                Block::bullet_list(vec![vec![Block::paragraph(text("nested"))]]),
            ],
        ]),
        Block::OrderedList {
            start: 3,
            items: vec![vec![Block::paragraph(text("three"))]],
            at: None,
        },
        Block::DefinitionList(vec![Definition {
            term: text("Term"),
            details: vec![Block::paragraph(text("Meaning"))],
        }]),
        Block::Callout {
            class: class::NOTE.into(),
            title: Some(text("Box")),
            blocks: vec![Block::paragraph(text("Inside"))],
            at: None,
        },
        Block::Quote {
            blocks: vec![Block::paragraph(text("Quoted"))],
            attribution: Some(text("Someone")),
        },
        Block::Div {
            class: class::WIDE.into(),
            blocks: vec![Block::Table(table)],
        },
        Block::paragraph(vec![
            Inline::Strong(text("Bold")),
            Inline::LineBreak,
            Inline::Code("code".into()),
        ]),
    ];
    doc.appendices = vec![Block::Heading(
        Heading::new(1, text("Agencies")).with_label("app-agencies"),
    )];
    doc
}

pub fn render(doc: &ResolvedDocument) -> Vec<u8> {
    let style = Style::from_toml(include_str!("../../../styles/house.toml")).unwrap();
    render_in(doc, &style)
}

/// The Word file of `doc` in `style`, with the repository's fonts.
fn render_in(doc: &ResolvedDocument, style: &Style) -> Vec<u8> {
    let root = repo();
    let files = quire_files::ProjectRoot::new(&root).unwrap();
    let layout = quire_style::Layout::new(style);
    render_docx(RenderContext {
        display_date: "30 June 2004",
        fonts_dir: &root.join("styles/fonts"),
        ..RenderContext::new(doc, style, &layout, &files)
    })
    .unwrap()
}

/// Checks a package with `../shared/tools/validate-docx` where it and `jing`
/// are available (CI insists on both).
fn schema_valid(bytes: &[u8]) {
    let validator = repo().join("../shared/tools/validate-docx");
    let jing = std::process::Command::new("jing").output().is_ok();
    if !validator.exists() || !jing {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI needs jing and ../shared/tools/validate-docx"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("check.docx");
    std::fs::write(&file, bytes).unwrap();
    let out = std::process::Command::new("python3")
        .arg(&validator)
        .arg(&file)
        .output()
        .unwrap();
    let report =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success() && report.contains(" 0 schema errors"),
        "{report}"
    );
}

#[test]
fn renders_a_zip_package() {
    let bytes = render(&sample());
    assert!(bytes.starts_with(b"PK"));
    schema_valid(&bytes);
}

#[test]
fn two_builds_in_one_process_are_identical() {
    // docx-rs numbers footnotes, paragraphs and links from process-wide
    // counters; the package layer makes the ids stable.
    let doc = sample();
    assert!(render(&doc) == render(&doc));
}

/// A 1×1 PNG.
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0xDA, 0x63, 0x60, 0x60, 0x60, 0xF8,
    0x0F, 0x00, 0x01, 0x04, 0x01, 0x00, 0x5F, 0x6E, 0x33, 0x5C, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

#[test]
fn figures_carry_their_alt_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut doc = unresolved_sample();
    let mut figure =
        quire_model::Figure::image("dot.png", text("A dot"), "A single blue dot on white");
    figure.content = quire_model::FigureContent::Image {
        src: "dot.png".into(),
        width: Some(0.5),
    };
    doc.body.push(Block::Figure(figure));
    let doc = resolved(doc);
    let style = Style::from_toml(include_str!("../../../styles/house.toml")).unwrap();
    let files = quire_files::ProjectRoot::new(dir.path()).unwrap();
    let images = quire_files::image::Images::from([(
        "dot.png".to_string(),
        quire_files::image::Image {
            bytes: std::sync::Arc::new(PNG.to_vec()),
            format: quire_files::image::ImageFormat::Png,
            width: 1.0,
            height: 1.0,
        },
    )]);
    let layout = quire_style::Layout::new(&style);
    let bytes = render_docx(RenderContext {
        images: &images,
        fonts_dir: &dir.path().join("fonts"),
        ..RenderContext::new(&doc, &style, &layout, &files)
    })
    .unwrap();
    schema_valid(&bytes);
    let parts = package::read_parts(&bytes).unwrap();
    let document = parts
        .iter()
        .find(|p| p.name == "word/document.xml")
        .unwrap();
    let tree = xml::parse(&document.bytes).unwrap();
    let mut alts = Vec::new();
    tree.walk(&mut |el| {
        if el.name == "wp:docPr" {
            alts.push(el.get_attr("descr").unwrap_or_default().to_string());
        }
    });
    assert_eq!(alts, ["A single blue dot on white"]);
    assert!(
        parts.iter().any(|p| p.name.starts_with("word/media/")),
        "the image is in the package"
    );
}

/// Pictures sit on single, automatic line spacing: the body's proportional
/// spacing makes LibreOffice clip an inline picture to one line's height
/// (the charts vanished, all but a strip).
#[test]
fn the_figure_style_has_single_line_spacing() {
    let bytes = render(&sample());
    let parts = package::read_parts(&bytes).unwrap();
    let styles = parts.iter().find(|p| p.name == "word/styles.xml").unwrap();
    let tree = xml::parse(&styles.bytes).unwrap();
    let mut spacing = None;
    tree.walk(&mut |el| {
        if el.name == "w:style" && el.get_attr("w:styleId") == Some("Figure") {
            el.walk(&mut |child| {
                if child.name == "w:spacing" {
                    spacing = Some((
                        child.get_attr("w:line").map(str::to_string),
                        child.get_attr("w:lineRule").map(str::to_string),
                    ));
                }
            });
        }
    });
    assert_eq!(spacing, Some((Some("240".into()), Some("auto".into()))));
}

#[test]
fn the_style_s_vocabulary_names_captions_contents_version_and_appendices() {
    let house = include_str!("../../../styles/house.toml");
    let style = Style::from_toml(&format!(
        "{house}\n[vocabulary]\ntable = \"Tabell\"\ncontents = \"Innhold\"\nversion = \"Versjon\"\nappendix = \"Vedlegg\"\ncaption_separator = \" – \"\n"
    ))
    .unwrap();
    // Cross-references read as the resolve pass made them, from the same words.
    let options = ResolveOptions {
        vocabulary: style.vocabulary.clone(),
        ..ResolveOptions::default()
    };
    let (doc, problems) = resolve(unresolved_sample(), options, &quire_model::NoCharts);
    assert!(problems.is_empty(), "{problems:?}");
    let bytes = render_in(&doc, &style);
    let parts = package::read_parts(&bytes).unwrap();
    let part = |name: &str| {
        let part = parts.iter().find(|p| p.name == name).unwrap();
        String::from_utf8(part.bytes.clone()).unwrap()
    };
    let document = part("word/document.xml");
    // The text a reader sees: every run's text, field codes left out.
    let mut text = String::new();
    let xml = crate::xml::parse(document.as_bytes()).unwrap();
    xml.walk(&mut |el| {
        if el.name == "w:t" {
            text.push_str(&el.text_content());
        }
    });
    for words in ["Tabell 1 – ", "Innhold", "Versjon 1", "Vedlegg A"] {
        assert!(text.contains(words), "{words:?} missing from {text}");
    }
    // The cross-reference shows the same words.
    assert!(text.matches("Tabell 1").count() >= 2, "{text}");
    assert!(!text.contains("Table 1"));
    assert!(part("word/numbering.xml").contains("w:val=\"Vedlegg %1\""));
}

/// The part `name` of a package, as text.
fn part_text(bytes: &[u8], name: &str) -> String {
    let parts = package::read_parts(bytes).unwrap();
    let part = parts.iter().find(|p| p.name == name).unwrap();
    String::from_utf8(part.bytes.clone()).unwrap()
}

/// The `w:style` element with `id` in a styles part, as text.
fn style_element(styles: &str, id: &str) -> Option<String> {
    let start = styles.find(&format!("w:styleId=\"{id}\""))?;
    let end = styles[start..].find("</w:style>")?;
    Some(styles[start..start + end].to_string())
}

#[test]
fn classes_with_a_look_get_a_paragraph_style_and_others_are_plain() {
    let mut doc = unresolved_sample();
    doc.body.extend([
        Block::Callout {
            class: class::VISION.into(),
            title: Some(text("Our vision")),
            blocks: vec![Block::paragraph(text("A safer borough."))],
            at: None,
        },
        Block::Paragraph {
            content: text("Strands served: all"),
            class: Some(class::META.into()),
            at: None,
        },
        Block::Paragraph {
            content: text("Nobody styles this"),
            class: Some("no-such-class".into()),
            at: None,
        },
        Block::Callout {
            class: "aside".into(),
            title: None,
            blocks: vec![Block::paragraph(text("A plain box"))],
            at: None,
        },
        Block::paragraph(vec![Inline::Span {
            class: class::ILLUSTRATIVE.into(),
            content: text("about 40"),
        }]),
    ]);
    let bytes = render(&resolved(doc));
    schema_valid(&bytes);
    let styles = part_text(&bytes, "word/styles.xml");
    let document = part_text(&bytes, "word/document.xml");

    let vision = style_element(&styles, "Class_vision").expect("a style for the vision");
    assert!(vision.contains("w:val=\"Class vision\""), "{vision}");
    assert!(vision.contains("w:fill=\"E8EFF7\""), "{vision}");
    assert!(vision.contains("<w:top "), "ruled all round: {vision}");
    assert!(vision.contains("w:sz w:val=\"26\""), "13 pt: {vision}");
    let meta = style_element(&styles, "Class_meta").expect("a style for meta");
    assert!(meta.contains("w:color w:val=\"505A5F\""), "{meta}");
    assert!(!meta.contains("w:shd"), "{meta}");
    // Only classes the document gives paragraphs, callouts or divisions.
    assert!(style_element(&styles, "Class_key-facts").is_none());
    assert!(style_element(&styles, "Class_no-such-class").is_none());
    assert!(
        style_element(&styles, "Note").is_none(),
        "no fixed class styles"
    );
    for id in ["Class_vision", "Class_meta", "Class_note"] {
        assert!(
            document.contains(&format!("<w:pStyle w:val=\"{id}\"/>")),
            "{id} is used"
        );
    }
    // A paragraph whose class has no look is body text; a callout's is the
    // plain callout box.
    let plain = document.find(">Nobody styles this<").unwrap();
    let p_start = document[..plain].rfind("<w:p>").unwrap();
    assert!(document[p_start..plain].contains("w:val=\"BodyText\""));
    let aside = document.find(">A plain box<").unwrap();
    let p_start = document[..aside].rfind("<w:p>").unwrap();
    assert!(document[p_start..aside].contains("w:val=\"Callout\""));
    // A span's look is its runs' formatting.
    let span = document.find(">about 40<").unwrap();
    let r_start = document[..span].rfind("<w:r>").unwrap();
    assert!(document[r_start..span].contains("<w:i/>"), "italic");
}

#[test]
fn header_and_group_rows_are_bold_in_their_runs_and_shaded() {
    let document = part_text(&render(&sample()), "word/document.xml");
    for (text, fill) in [(">Ref<", "DCE6F0"), (">Aim 1<", "EEF2F6")] {
        let at = document.find(text).unwrap();
        let r_start = document[..at].rfind("<w:r>").unwrap();
        assert!(document[r_start..at].contains("<w:b/>"), "{text} is bold");
        let cell = document[..at].rfind("<w:tc>").unwrap();
        assert!(
            document[cell..at].contains(&format!("w:fill=\"{fill}\"")),
            "{text}"
        );
    }
}

#[test]
fn a_table_class_look_reaches_its_cells_and_rules() {
    let house = include_str!("../../../styles/house.toml");
    let style = Style::from_toml(&house.replace(
        "[classes.key-facts]\n",
        "[classes.key-facts]\ntext_size = 9\nbackground = \"#fff8dc\"\nborder = { width = \"1pt\", colour = \"accent\" }\n",
    ))
    .unwrap();
    let table = Table::new(vec![Column::fr(1.0)])
        .header(Row::new(vec![Cell::text("Figure")]))
        .rows([Row::new(vec![Cell::text("18,253")])])
        .class(class::KEY_FACTS);
    let mut doc = unresolved_sample();
    doc.body = vec![Block::Table(table)];
    let bytes = render_in(&resolved(doc), &style);
    schema_valid(&bytes);
    let document = part_text(&bytes, "word/document.xml");
    let at = document.find(">18,253<").unwrap();
    let cell = document[..at].rfind("<w:tc>").unwrap();
    assert!(document[cell..at].contains("w:fill=\"FFF8DC\""));
    assert!(document[cell..at].contains("<w:sz w:val=\"18\"/>"), "9 pt");
    let borders = &document[document.find("<w:tblBorders>").unwrap()..];
    let borders = &borders[..borders.find("</w:tblBorders>").unwrap()];
    assert!(
        borders.contains("w:sz=\"8\"") && borders.contains("w:color=\"00447C\""),
        "1 pt rules in the accent: {borders}"
    );
}

#[test]
fn footnote_numbers_are_superscript_and_every_line_height_is_the_pdfs() {
    let house = Style::from_toml(include_str!("../../../styles/house.toml")).unwrap();
    let styles = part_text(&render(&sample()), "word/styles.xml");
    let style = |id: &str| {
        let start = styles
            .find(&format!("w:styleId=\"{id}\""))
            .unwrap_or_else(|| panic!("no style {id}"));
        let end = styles[start..].find("</w:style>").unwrap() + start;
        styles[start..end].to_string()
    };
    assert!(
        style("FootnoteReference").contains("<w:vertAlign w:val=\"superscript\""),
        "{}",
        style("FootnoteReference")
    );
    // Exactly the style's line heights, in twips, as the PDF's lines.
    let exact = |size: f64, height: f64| {
        format!(
            "w:line=\"{}\" w:lineRule=\"exact\"",
            (size * height * 20.0).round()
        )
    };
    let (sizes, spacing) = (&house.sizes, &house.spacing);
    for level in 1..=3 {
        let heading = style(&format!("Heading{level}"));
        let size = sizes.headings[level - 1];
        assert!(
            heading.contains(&exact(size, spacing.heading_leading)),
            "{heading}"
        );
        // A chapter starts a page, where the PDF has no room above it.
        let above = if level == 1 {
            0.0
        } else {
            size * spacing.heading_above
        };
        assert!(
            heading.contains(&format!("w:before=\"{}\"", (above * 20.0).round())),
            "{heading}"
        );
    }
    let table = style("TableText");
    assert!(
        table.contains(&exact(sizes.table, spacing.table_leading))
            && table.contains("w:after=\"0\""),
        "{table}"
    );
    let notes = style("FootnoteText");
    assert!(
        notes.contains(&exact(sizes.footnote, spacing.footnote_leading)),
        "{notes}"
    );
    let defaults = &styles[styles.find("<w:pPrDefault>").unwrap()..];
    let defaults = &defaults[..defaults.find("</w:pPrDefault>").unwrap()];
    assert!(
        defaults.contains(&exact(sizes.body, sizes.leading)),
        "{defaults}"
    );
    assert!(defaults.contains("<w:widowControl/>"), "{defaults}");
    assert!(style("ListParagraph").contains("<w:contextualSpacing/>"));
}

#[test]
fn the_package_is_tidy_no_empty_parts_normal_is_default_and_compatibility_is_modern() {
    let bytes = render(&sample());
    let names: Vec<String> = package::read_parts(&bytes)
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    for empty in [
        "word/comments.xml",
        "word/commentsExtended.xml",
        "docProps/custom.xml",
    ] {
        assert!(!names.iter().any(|n| n == empty), "{empty} in {names:?}");
    }
    for listing in [
        "[Content_Types].xml",
        "word/_rels/document.xml.rels",
        "_rels/.rels",
    ] {
        let text = part_text(&bytes, listing);
        assert!(
            !text.contains("comments") && !text.contains("custom.xml"),
            "{text}"
        );
    }
    let styles = part_text(&bytes, "word/styles.xml");
    assert!(
        styles.contains("w:styleId=\"Normal\" w:default=\"1\"")
            || styles.contains("w:default=\"1\" w:styleId=\"Normal\""),
        "Normal is not the default style"
    );
    let settings = part_text(&bytes, "word/settings.xml");
    assert!(!settings.contains("useFELayout"), "{settings}");
    assert!(settings.contains("compatibilityMode"), "{settings}");
    assert!(part_text(&bytes, "docProps/app.xml").contains("<Application>Quire</Application>"));
}

#[test]
fn landscape_sections_have_running_text_reaching_their_own_right_margin() {
    let bytes = render(&sample());
    let document = crate::xml::parse(part_text(&bytes, "word/document.xml").as_bytes()).unwrap();
    let mut landscape = None;
    document.walk(&mut |el| {
        let turned = el
            .find("w:pgSz")
            .is_some_and(|size| size.get_attr("w:orient") == Some("landscape"));
        if el.name == "w:sectPr" && turned && landscape.is_none() {
            landscape = Some(el.clone());
        }
    });
    let landscape = landscape.expect("the sample has a landscape section");
    let twips = |name: &str, attr: &str| -> i64 {
        landscape
            .find(name)
            .unwrap()
            .get_attr(attr)
            .unwrap()
            .parse()
            .unwrap()
    };
    let width = twips("w:pgSz", "w:w") - twips("w:pgMar", "w:left") - twips("w:pgMar", "w:right");
    let rels = part_text(&bytes, "word/_rels/document.xml.rels");
    for reference in ["w:headerReference", "w:footerReference"] {
        let id = landscape
            .elements()
            .find(|e| e.name == reference && e.get_attr("w:type") == Some("default"))
            .and_then(|e| e.get_attr("r:id"))
            .unwrap()
            .to_string();
        let rel_at = rels.find(&format!("Id=\"{id}\"")).unwrap();
        let target = rels[rel_at..]
            .split("Target=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        assert!(target.ends_with("-landscape.xml"), "{target}");
        let part = part_text(&bytes, &format!("word/{target}"));
        assert!(
            part.contains(&format!("w:val=\"right\" w:pos=\"{width}\"")),
            "{part}"
        );
    }
}

#[test]
fn captions_number_by_seq_fields_and_references_are_ref_fields_showing_the_same_words() {
    let document = part_text(&render(&sample()), "word/document.xml");
    assert!(document.contains(" SEQ Table \\* ARABIC "), "no SEQ field");
    assert!(
        document.contains(" REF _q_tbl_actions \\h "),
        "no REF field"
    );
    // The caption's bookmark holds the word and the number, not the
    // separator, so the reference reads "Table 1".
    let start = document.find("w:name=\"_q_tbl_actions\"").unwrap();
    let end = document[start..].find("w:bookmarkEnd").unwrap() + start;
    let inside = &document[start..end];
    assert!(
        inside.contains(">Table <") && inside.contains(">1<"),
        "{inside}"
    );
    assert!(!inside.contains(": "), "{inside}");
}

#[test]
fn references_to_headings_are_ref_fields_to_their_numbers() {
    let document = part_text(&render(&sample()), "word/document.xml");
    // The field's result, between its `separate` and its `end`.
    let result_of = |at: usize| {
        let rest = &document[at..];
        rest[rest.find("separate").unwrap()..rest.find("w:fldCharType=\"end\"").unwrap()]
            .to_string()
    };
    // "Section " and then the heading's number, in full context, as a field
    // whose result is the resolved number.
    let at = document
        .find(" REF _q_sec_overview \\w \\h ")
        .expect("no REF field to the section");
    assert_eq!(last_text(&document[..at]), "Section ");
    assert!(result_of(at).contains(">1<"), "{}", result_of(at));
    // An appendix's number is its numbering's whole text: "Appendix A".
    let at = document
        .find(" REF _q_app_agencies \\w \\h ")
        .expect("no REF field to the appendix");
    assert_eq!(last_text(&document[..at]), ", ");
    assert!(result_of(at).contains(">Appendix A<"), "{}", result_of(at));
}

/// The text of the last `w:t` in `xml`.
fn last_text(xml: &str) -> &str {
    let start = xml.rfind("<w:t").unwrap();
    let text = &xml[start..];
    let open = text.find('>').unwrap() + 1;
    &text[open..text.find("</w:t>").unwrap()]
}

/// The sample with a committee report in front: a heading, two numbered
/// paragraphs either side of a heading, a key-value table kept whole right
/// after a grid, and the appendix heading for the title page.
fn with_front_matter() -> ResolvedDocument {
    let mut doc = unresolved_sample();
    let numbered = |s: &str| Block::Paragraph {
        content: text(s),
        class: Some(class::NUMBERED.into()),
        at: None,
    };
    let grid = Table::new(vec![Column::fr(1.0), Column::fr(1.0)])
        .header(Row::new(vec![Cell::text("Officer"), Cell::text("Sought")]))
        .rows([Row::new(vec![Cell::text("Solicitor"), Cell::text("Yes")])]);
    let details = Table::new(vec![Column::fr(1.0), Column::fr(2.0)])
        .with_row_headers()
        .kept_together()
        .rows([
            Row::new(vec![Cell::text("Item no."), Cell::text("7")]),
            Row::new(vec![Cell::text("Version"), Cell::text("1")]),
        ]);
    doc.front = vec![
        Block::Heading(Heading::new(1, text("Report")).unnumbered()),
        numbered("First."),
        Block::Heading(Heading::new(2, text("Background")).unnumbered()),
        numbered("Second."),
        Block::Table(grid),
        Block::Table(details),
        Block::Div {
            class: class::TITLE_PAGE.into(),
            blocks: vec![Block::Heading(
                Heading::new(1, text("Appendix 1")).unnumbered(),
            )],
        },
    ];
    resolved(doc)
}

#[test]
fn front_matter_scopes_the_contents_numbers_its_paragraphs_and_heads_the_title_page() {
    let bytes = render(&with_front_matter());
    schema_valid(&bytes);
    let document = part_text(&bytes, "word/document.xml");
    let styles = part_text(&bytes, "word/styles.xml");
    // The contents field lists the document's headings only: Word by the
    // bookmark from the title on, LibreOffice by the report's headings
    // being out of the outline.
    assert!(
        document.contains(&format!("\\b {DOCUMENT_BOOKMARK} ")),
        "the TOC field is scoped"
    );
    let title = document.find("w:val=\"Title\"").unwrap();
    let start = document
        .find(&format!("w:name=\"{DOCUMENT_BOOKMARK}\""))
        .unwrap();
    assert!(
        start > title && start - title < 400,
        "the bookmark opens at the title"
    );
    assert_eq!(
        document[..title]
            .matches("<w:outlineLvl w:val=\"9\"/>")
            .count(),
        3
    );
    assert!(!document[title..].contains("<w:outlineLvl"));
    // "Appendix 1" is the title page's first paragraph, after the report's
    // section break.
    let appendix = document.find(">Appendix 1<").unwrap();
    let break_at = document[..appendix].rfind("<w:sectPr").unwrap();
    assert!(
        document[break_at..appendix].matches("<w:p>").count()
            + document[break_at..appendix].matches("<w:p ").count()
            == 1
    );
    assert!(appendix < title);
    // Both numbered paragraphs take the style that the numbering is linked to.
    assert_eq!(document.matches("w:val=\"NumberedParagraph\"").count(), 2);
    let style = style_element(&styles, NUMBERED_STYLE).unwrap();
    assert!(
        style.contains(&format!("<w:numId w:val=\"{NUMBERED_NUM}\"/>")),
        "{style}"
    );
    // The key-value table: first-column look, no header row, kept whole,
    // apart from the grid before it.
    let look = document
        .find("w:firstColumn=\"1\"")
        .expect("a first-column look");
    let table_start = document[..look].rfind("<w:tbl>").unwrap();
    let table_end = table_start + document[table_start..].find("</w:tbl>").unwrap();
    let table = &document[table_start..table_end];
    assert!(!table.contains("w:tblHeader"));
    assert_eq!(
        table.matches("<w:keepNext").count(),
        2,
        "the first row's two cells"
    );
    let before = &document[..table_start];
    assert!(
        !before.trim_end().ends_with("</w:tbl>"),
        "two tables would merge"
    );
    // (The sample's own action table merges cells on purpose; only the
    // header rule matters here.)
    let audit = crate::audit::audit(&bytes).unwrap();
    let headers = audit.result(crate::audit::DocxRule::HeaderRows);
    assert!(headers.problems.is_empty(), "{headers:#?}");
    assert_eq!(headers.checked, 3);
}

#[test]
fn without_front_matter_the_contents_are_whole_and_no_numbering_is_made() {
    let bytes = render(&sample());
    let document = part_text(&bytes, "word/document.xml");
    assert!(document.contains(" TOC \\o "));
    assert!(!document.contains("\\b "));
    assert!(!document.contains("<w:outlineLvl"));
    assert!(style_element(&part_text(&bytes, "word/styles.xml"), NUMBERED_STYLE).is_none());
}
