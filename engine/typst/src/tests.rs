use std::path::Path;

use quire_model::{
    Block, Document, Heading, Inline, Meta, ResolveOptions, ResolvedDocument, resolve, text,
};
use quire_style::Style;

use super::*;

fn repo() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

fn unresolved() -> Document {
    let meta = Meta::new("Probe", "Tests", "2004-06-30", "en-GB", "1");
    let mut doc = Document::new(meta);
    doc.body = vec![
        Block::Heading(Heading::new(1, text("#heading <label> $x$"))),
        Block::paragraph(vec![Inline::Text("*not bold* #panic()".into())]),
    ];
    doc
}

fn resolved(doc: Document) -> ResolvedDocument {
    let (resolved, problems) = resolve(doc, ResolveOptions::default(), &quire_model::NoCharts);
    assert!(problems.is_empty(), "{problems:?}");
    resolved
}

fn document() -> ResolvedDocument {
    resolved(unresolved())
}

fn house_style() -> Style {
    Style::from_toml(include_str!("../../../styles/house.toml")).unwrap()
}

/// Renders `doc` in `style` from the repository's `styles/` folder.
fn input<'a>(
    doc: &'a ResolvedDocument,
    style: &'a Style,
    files: &'a ProjectRoot,
    styles: &'a Path,
) -> RenderContext<'a> {
    // Leaked: a test's layout lives as long as the test.
    let layout = Box::leak(Box::new(quire_style::Layout::new(style)));
    RenderContext {
        style_dir: styles,
        display_date: "30 June 2004",
        ..RenderContext::new(doc, style, layout, files)
    }
}

#[test]
fn strings_travel_as_json_not_markup() {
    let style = house_style();
    let (root, doc) = (repo(), document());
    let styles = root.join("styles");
    let files = ProjectRoot::new(&root).unwrap();
    let input = input(&doc, &style, &files, &styles);
    let sources = emit(input).unwrap();
    assert_eq!(sources.template, "/styles/quire.typ");
    assert!(
        !sources.main.contains("panic"),
        "data must not reach main.typ: {}",
        sources.main
    );
    assert!(sources.document_json.contains("#panic()"));
    let (pdf, warnings) = render_pdf(input, "probe").unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn characters_xml_forbids_never_reach_typst() {
    let mut style = house_style();
    style.running.footer_left = "footer\u{1}".into();
    let (root, mut doc) = (repo(), unresolved());
    doc.meta.title = "Title\u{1B}[31m\u{B}red".into();
    doc.body.push(Block::paragraph(text("one\u{0}two\u{FFFF}")));
    let doc = resolved(doc);
    let styles = root.join("styles");
    let files = ProjectRoot::new(&root).unwrap();
    let input = input(&doc, &style, &files, &styles);
    let sources = emit(input).unwrap();
    for json in [&sources.document_json, &sources.style_json] {
        let value: serde_json::Value = serde_json::from_str(json).unwrap();
        assert!(
            !value.to_string().contains("\\u00") && !json.contains('\u{FFFF}'),
            "{json}"
        );
    }
    assert!(sources.document_json.contains("Title[31m red"));
    let (pdf, _) = render_pdf(input, "probe").unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
}

#[test]
fn a_template_outside_the_project_is_refused() {
    let mut style = house_style();
    style.template = "../../../../etc/hostname".into();
    let (root, doc) = (repo(), document());
    let styles = root.join("styles");
    let files = ProjectRoot::new(&root).unwrap();
    let err = emit(input(&doc, &style, &files, &styles)).unwrap_err();
    assert!(err.to_string().contains("template"), "{err}");
}

#[test]
fn the_template_never_evaluates_text() {
    // Model version 2 has no raw blocks: nothing in the document is ever
    // evaluated as Typst code, whoever wrote it.
    let template = include_str!("../../../styles/quire.typ");
    for line in template.lines() {
        let code = line.split("//").next().unwrap_or("");
        assert!(
            !code.contains("eval("),
            "the template evaluates text: {line}"
        );
    }
}

#[test]
fn text_set_in_a_fallback_font_is_a_warning_unless_already_told() {
    let style = house_style();
    let (root, mut doc) = (repo(), unresolved());
    doc.body
        .push(Block::paragraph(text("A sub-bullet ‣ and a bullet •.")));
    let doc = resolved(doc);
    let styles = root.join("styles");
    let files = ProjectRoot::new(&root).unwrap();
    let sources = emit(input(&doc, &style, &files, &styles)).unwrap();
    let world = QuireWorld::new(&files, sources, &quire_files::image::Images::new()).unwrap();
    let (pages, _) = compile(&world).unwrap();
    let warnings = fallback_warnings(&world, &pages, &[]);
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let w = &warnings[0];
    assert!(!w.is_error());
    assert!(
        w.message.starts_with("the PDF sets `‣` (U+2023) in ")
            && w.message
                .ends_with("one of Typst's own fonts: the style's fonts do not have it"),
        "{}",
        w.message
    );
    // Text that came in as data has no place in the template to show.
    assert_eq!(w.file, None);
    assert!(fallback_warnings(&world, &pages, &['‣']).is_empty());
}

#[test]
fn templates_read_a_bulleted_list_as_its_items_as_they_always_did() {
    // A project's `quire.typ` is its own copy from `quire init`: the list's
    // origin (ABI 2.2) must not change the shape the template reads.
    let mut doc = unresolved();
    doc.body.push(
        Block::bullet_list(vec![vec![Block::paragraph(text("one"))]])
            .at(quire_model::Origin::data("items")),
    );
    let doc = resolved(doc);
    let style = house_style();
    let root = repo();
    let styles = root.join("styles");
    let files = ProjectRoot::new(&root).unwrap();
    let input = input(&doc, &style, &files, &styles);
    let sources = emit(input).unwrap();
    assert!(
        sources
            .document_json
            .contains(r#"{"c":[[{"c":{"content":[{"c":"one","type":"text"}]},"type":"paragraph"}]],"type":"bullet_list"}"#),
        "{}",
        sources.document_json
    );
    let (pdf, _) = render_pdf(input, "probe").unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
}
