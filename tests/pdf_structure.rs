//! The PDF's structure, read back with a PDF parser (lopdf) rather than
//! trusted from Typst: a bookmark for every heading of the contents, and
//! every table of the model tagged as a `/Table` whose first row is header
//! cells (`/TH`) — what a screen reader announces as a table with headers.

use crate::common;

use common::{copy_project, quire};
use lopdf::{Dictionary, Document, Object};
use quire_model::resolved::{Block, Inline};
use quire_model::walk;

fn deref<'a>(doc: &'a Document, object: &'a Object) -> &'a Object {
    match object {
        Object::Reference(id) => doc.get_object(*id).expect("a reference resolves"),
        other => other,
    }
}

fn dict<'a>(doc: &'a Document, object: &'a Object) -> Option<&'a Dictionary> {
    deref(doc, object).as_dict().ok()
}

/// A PDF text string: UTF-16BE with a byte-order mark, or else (for the
/// ASCII this test compares) PDFDocEncoding read as Latin-1.
fn text_string(bytes: &[u8]) -> String {
    match bytes.strip_prefix(&[0xfe, 0xff]) {
        Some(utf16) => String::from_utf16_lossy(
            &utf16
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c.get(1).copied().unwrap_or(0)]))
                .collect::<Vec<_>>(),
        ),
        None => bytes.iter().map(|&b| char::from(b)).collect(),
    }
}

fn built() -> (tempfile::TempDir, Document) {
    let project = copy_project();
    let out = quire(project.path(), &["build", "--only", "pdf"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(project.path().join("out/hate-crime-strategy.pdf")).unwrap();
    (project, Document::load_mem(&bytes).expect("the PDF parses"))
}

fn model() -> quire_model::resolved::Document {
    let manifest = common::repo().join("sections/quire.toml");
    quire_core::assemble(&manifest, &quire::builtins::registry())
        .unwrap()
        .document
        .document()
        .clone()
}

fn catalog(doc: &Document) -> &Dictionary {
    let root = doc.trailer.get(b"Root").expect("a catalog");
    dict(doc, root).expect("the catalog is a dictionary")
}

/// Every bookmark title, depth first, in order.
fn bookmarks(doc: &Document) -> Vec<String> {
    fn siblings(doc: &Document, first: Option<&Object>, out: &mut Vec<String>) {
        let mut next = first;
        while let Some(item) = next.and_then(|o| dict(doc, o)) {
            if let Ok(Object::String(title, _)) = item.get(b"Title").map(|t| deref(doc, t)) {
                out.push(text_string(title));
            }
            siblings(doc, item.get(b"First").ok(), out);
            next = item.get(b"Next").ok();
        }
    }
    let outlines = catalog(doc)
        .get(b"Outlines")
        .ok()
        .and_then(|o| dict(doc, o))
        .expect("the PDF has bookmarks");
    let mut out = Vec::new();
    siblings(doc, outlines.get(b"First").ok(), &mut out);
    out
}

#[test]
fn every_heading_of_the_contents_is_a_bookmark_in_reading_order() {
    let (_project, pdf) = built();
    let marks = bookmarks(&pdf);
    let mut doc = model();
    let mut headings = Vec::new();
    for part in [&mut doc.body, &mut doc.appendices] {
        walk::blocks_mut(part, &mut |b| {
            if let Block::Heading(h) = b
                && h.outlined
            {
                headings.push(Inline::plain_text(&h.content));
            }
        });
    }
    assert_eq!(marks.len(), headings.len(), "{marks:#?}");
    for (mark, heading) in marks.iter().zip(&headings) {
        assert!(
            mark.ends_with(heading.as_str()),
            "bookmark {mark:?} for {heading:?}"
        );
    }
}

/// The structure element's type (`Table`, `TR`, `TH`…).
fn kind(element: &Dictionary) -> &[u8] {
    match element.get(b"S") {
        Ok(Object::Name(name)) => name,
        _ => b"",
    }
}

/// The structure elements directly under `element`.
fn children<'a>(doc: &'a Document, element: &'a Dictionary) -> Vec<&'a Dictionary> {
    let kids = match element.get(b"K").map(|k| deref(doc, k)) {
        Ok(Object::Array(kids)) => kids.iter().collect(),
        Ok(kid) => vec![kid],
        Err(_) => Vec::new(),
    };
    kids.into_iter()
        .filter_map(|k| dict(doc, k))
        .filter(|d| d.get(b"S").is_ok())
        .collect()
}

fn find_all<'a>(
    doc: &'a Document,
    element: &'a Dictionary,
    name: &[u8],
    out: &mut Vec<&'a Dictionary>,
) {
    for child in children(doc, element) {
        if kind(child) == name {
            out.push(child);
        }
        find_all(doc, child, name, out);
    }
}

#[test]
fn every_table_is_tagged_as_a_table_whose_first_row_is_header_cells() {
    let (_project, pdf) = built();
    let root = catalog(&pdf)
        .get(b"StructTreeRoot")
        .ok()
        .and_then(|o| dict(&pdf, o))
        .expect("a tagged PDF");
    let mut tables = Vec::new();
    find_all(&pdf, root, b"Table", &mut tables);

    let mut doc = model();
    let mut model_tables = 0;
    for part in [&mut doc.body, &mut doc.appendices] {
        walk::blocks_mut(part, &mut |b| {
            if let Block::Table(_) = b {
                model_tables += 1;
            }
        });
    }
    assert_eq!(
        tables.len(),
        model_tables,
        "one /Table per table of the model"
    );

    for (i, table) in tables.iter().enumerate() {
        let mut rows = Vec::new();
        find_all(&pdf, table, b"TR", &mut rows);
        let first = rows
            .first()
            .unwrap_or_else(|| panic!("table {i} has no rows"));
        let cells = children(&pdf, first);
        assert!(
            !cells.is_empty() && cells.iter().all(|c| kind(c) == b"TH"),
            "table {i}: the first row is header cells"
        );
        let mut data = Vec::new();
        find_all(&pdf, table, b"TD", &mut data);
        assert!(!data.is_empty(), "table {i} has data cells");
    }
}

#[test]
fn every_glyph_comes_from_the_house_fonts_with_no_silent_fallback() {
    // A character the style's fonts lack would be set in one of Typst's
    // fallback fonts (a serif among the sans), without a word.
    let (_project, doc) = built();
    let mut fonts = std::collections::BTreeSet::new();
    for object in doc.objects.values() {
        if let Ok(font) = object.as_dict()
            && font.get(b"Type").ok().and_then(|t| t.as_name().ok()) == Some(b"Font".as_slice())
            && let Ok(name) = font.get(b"BaseFont").and_then(Object::as_name)
        {
            fonts.insert(String::from_utf8_lossy(name).into_owned());
        }
    }
    assert!(!fonts.is_empty());
    for font in &fonts {
        // Subset fonts are named `ABCDEF+Family`.
        let family = font.split_once('+').map_or(font.as_str(), |(_, f)| f);
        assert!(family.starts_with("Liberation"), "{font} in {fonts:?}");
    }
}
