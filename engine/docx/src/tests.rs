use std::path::Path;

use quire_model::{
    Block, Cell, Column, Definition, Document, Heading, Inline, Meta, ResolveOptions, Row, Table,
    resolve, text,
};
use quire_style::Style;

use super::*;

fn repo() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// A document touching every block and inline kind.
pub fn sample() -> Document {
    let meta = Meta {
        title: "Sample & <test>".into(),
        author: "Quire".into(),
        date: "2004-06-30".into(),
        language: "en-GB".into(),
        version: "1".into(),
        subject: Some("Subject".into()),
        keywords: vec!["one".into(), "two".into()],
        ..Meta::default()
    };
    let mut doc = Document::new(meta);
    let table = Table {
        caption: Some(text("Actions")),
        label: Some("tbl-actions".into()),
        columns: vec![Column::fr(1.0), Column::fr(3.0), Column::fr(1.0)],
        header: vec![Row::new(vec![
            Cell::text("Ref"),
            Cell::text("Action"),
            Cell::text("Date"),
        ])],
        body: vec![
            Row {
                cells: vec![Cell::text("Aim 1").span(3)],
                class: Some("group".into()),
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
        ],
        notes: vec![Block::paragraph(text("Source: illustrative"))],
        class: None,
        number: None,
    };
    doc.body = vec![
        Block::Heading(Heading::new(1, text("Foreword")).unnumbered()),
        Block::paragraph(vec![
            Inline::Text("See ".into()),
            Inline::Ref {
                label: "tbl-actions".into(),
                target: None,
            },
            Inline::Text(" and ".into()),
            Inline::Link {
                target: "https://www.southwark.gov.uk".into(),
                content: text("the council's website"),
            },
            Inline::Footnote(vec![Block::paragraph(text("A note."))]),
        ]),
        Block::Heading(Heading::new(1, text("Overview")).with_label("sec-overview")),
        Block::Heading(Heading::new(2, text("Detail"))),
        Block::BulletList(vec![
            vec![Block::paragraph(text("one"))],
            vec![
                Block::paragraph(text("two")),
                Block::BulletList(vec![vec![Block::paragraph(text("nested"))]]),
            ],
        ]),
        Block::OrderedList {
            start: 3,
            items: vec![vec![Block::paragraph(text("three"))]],
        },
        Block::DefinitionList(vec![Definition {
            term: text("Term"),
            details: vec![Block::paragraph(text("Meaning"))],
        }]),
        Block::Callout {
            class: "note".into(),
            title: Some(text("Box")),
            blocks: vec![Block::paragraph(text("Inside"))],
        },
        Block::Quote {
            blocks: vec![Block::paragraph(text("Quoted"))],
            attribution: Some(text("Someone")),
        },
        Block::Div {
            class: "wide".into(),
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
    resolve(&mut doc, ResolveOptions::default()).unwrap();
    doc
}

pub fn render(doc: &Document) -> Vec<u8> {
    let style = Style::from_toml(include_str!("../../../styles/house.toml")).unwrap();
    let root = repo();
    render_docx(DocxInput {
        document: doc,
        style: &style,
        root: &root,
        display_date: "30 June 2004",
    })
    .unwrap()
}

#[test]
fn renders_a_zip_package() {
    let bytes = render(&sample());
    assert!(bytes.starts_with(b"PK"));
    std::fs::write(std::env::temp_dir().join("quire-docx-sample.docx"), &bytes).unwrap();
}
