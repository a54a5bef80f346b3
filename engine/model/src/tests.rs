use proptest::prelude::*;

use crate::resolve::{Part, Position};
use crate::*;

fn meta() -> Meta {
    Meta {
        title: "T".into(),
        author: "A".into(),
        date: "2004-06-30".into(),
        language: "en-GB".into(),
        version: "1.0".into(),
        ..Meta::default()
    }
}

fn h(level: u8, title: &str, label: Option<&str>) -> Block {
    let mut heading = Heading::new(level, text(title));
    heading.label = label.map(str::to_string);
    Block::Heading(heading)
}

fn reference(label: &str) -> Block {
    Block::paragraph(vec![Inline::Text("see ".into()), Inline::reference(label)])
}

fn captioned_table(label: &str) -> Block {
    Block::Table(
        Table::new(vec![Column::fr(1.0), Column::fr(1.0)])
            .header(Row::new(vec![Cell::text("a"), Cell::text("b")]))
            .rows([Row::new(vec![Cell::text("1")])])
            .caption(text("Cap"))
            .label(label),
    )
}

/// Resolves a copy of `doc`: the resolved document, or every problem.
fn run(doc: &Document, options: ResolveOptions) -> Result<resolved::Document, Vec<ResolveError>> {
    let (resolved, errors) = resolve(doc.clone(), options, &NoCharts);
    if errors.is_empty() {
        Ok(resolved.document().clone())
    } else {
        Err(errors)
    }
}

fn sample() -> Document {
    let mut doc = Document::new(meta());
    doc.body = vec![
        Block::Heading(Heading::new(1, text("Foreword")).unnumbered()),
        h(1, "Overview", Some("sec-overview")),
        h(2, "Context", None),
        h(2, "Strands", Some("sec-strands")),
        h(3, "Race", None),
        h(4, "Too deep", None),
        captioned_table("tbl-one"),
        h(1, "Baseline", None),
        h(2, "Method", None),
        reference("sec-strands"),
        reference("tbl-one"),
        reference("app-agencies"),
        Block::paragraph(vec![Inline::Footnote(vec![reference("sec-overview")])]),
    ];
    doc.appendices = vec![
        h(1, "Agencies", Some("app-agencies")),
        h(2, "Statutory", Some("app-statutory")),
    ];
    doc
}

fn heading_numbers(blocks: &[resolved::Block]) -> Vec<Option<String>> {
    blocks
        .iter()
        .filter_map(|b| match b {
            resolved::Block::Heading(h) => Some(h.number.clone()),
            _ => None,
        })
        .collect()
}

fn ref_displays(doc: &mut resolved::Document) -> Vec<String> {
    let mut out = Vec::new();
    walk::inlines_mut(&mut doc.body, &mut |i| {
        if let resolved::Inline::Ref {
            target: Some(t), ..
        } = i
        {
            out.push(t.display.clone());
        }
    });
    out
}

#[test]
fn headings_tables_and_appendices_are_numbered() {
    let mut doc = run(&sample(), ResolveOptions::default()).unwrap();
    let s = |x: &str| Some(x.to_string());
    assert_eq!(
        heading_numbers(&doc.body),
        vec![
            None,
            s("1"),
            s("1.1"),
            s("1.2"),
            s("1.2.1"),
            None,
            s("2"),
            s("2.1")
        ]
    );
    assert_eq!(
        heading_numbers(&doc.appendices),
        vec![s("Appendix A"), s("A.1")]
    );
    assert_eq!(
        ref_displays(&mut doc),
        ["Section 1.2", "Table 1", "Appendix A", "Section 1"]
    );
}

#[test]
fn the_same_input_resolves_the_same_way() {
    let once = run(&sample(), ResolveOptions::default()).unwrap();
    let twice = run(&sample(), ResolveOptions::default()).unwrap();
    assert_eq!(once, twice);
}

#[test]
fn numbered_depth_is_respected() {
    let options = ResolveOptions {
        numbered_depth: 1,
        ..ResolveOptions::default()
    };
    let doc = run(&sample(), options).unwrap();
    assert_eq!(heading_numbers(&doc.body)[2], None);
}

#[test]
fn display_text_and_appendix_numbers_use_the_vocabulary() {
    let mut doc = sample();
    doc.body.push(Block::Figure(
        Figure::image("map.png", text("Map of the borough"), "A map").label("fig-map"),
    ));
    let mut uncaptioned = captioned_table("tbl-bare");
    if let Block::Table(t) = &mut uncaptioned {
        t.caption = None;
    }
    doc.body.push(uncaptioned);
    doc.body.push(reference("fig-map"));
    doc.body.push(reference("app-statutory"));
    doc.body.push(reference("tbl-bare"));
    let options = ResolveOptions {
        vocabulary: Vocabulary {
            table: "Tabell".into(),
            figure: "Diagram".into(),
            section: "Avsnitt".into(),
            appendix: "Vedlegg".into(),
            uncaptioned_table: "tabellen".into(),
            ..Vocabulary::default()
        },
        ..ResolveOptions::default()
    };
    let mut doc = run(&doc, options).unwrap();
    let s = |x: &str| Some(x.to_string());
    assert_eq!(
        heading_numbers(&doc.appendices),
        vec![s("Vedlegg A"), s("A.1")]
    );
    assert_eq!(
        ref_displays(&mut doc),
        [
            "Avsnitt 1.2",
            "Tabell 1",
            "Vedlegg A",
            "Avsnitt 1",
            "Diagram 1",
            "Avsnitt A.1",
            "tabellen"
        ]
    );
}

#[test]
fn missing_and_duplicate_labels_are_all_reported() {
    let mut doc = sample();
    doc.body.push(reference("sec-strand"));
    doc.body.push(h(2, "Again", Some("sec-overview")));
    let errors = run(&doc, ResolveOptions::default()).unwrap_err();
    assert_eq!(errors.len(), 2, "{errors:?}");
    let dup = errors
        .iter()
        .find(|e| matches!(e, ResolveError::DuplicateLabel { .. }))
        .unwrap();
    assert_eq!(dup.label(), Some("sec-overview"));
    assert_eq!(
        dup.position(),
        &Position {
            part: Part::Body,
            index: 14,
            origin: None,
        }
    );
    assert!(dup.to_string().contains("Section 1"), "{dup}");
    let missing = errors
        .iter()
        .find(|e| matches!(e, ResolveError::MissingLabel { .. }))
        .unwrap();
    assert_eq!(
        missing.position(),
        &Position {
            part: Part::Body,
            index: 13,
            origin: None,
        }
    );
    assert!(
        missing.to_string().contains("did you mean `@sec-strands`"),
        "{missing}"
    );
}

#[test]
fn invalid_labels_are_rejected() {
    let mut doc = Document::new(meta());
    doc.body = vec![h(1, "X", Some("has space"))];
    let errors = run(&doc, ResolveOptions::default()).unwrap_err();
    assert!(matches!(errors[0], ResolveError::InvalidLabel { .. }));
}

#[test]
fn ragged_rows_are_padded_and_spans_respected() {
    let mut table = Table::new(vec![Column::fr(1.0); 3]).rows([
        Row::new(vec![
            Cell {
                rowspan: 2,
                ..Cell::text("a")
            },
            Cell::text("b"),
        ]),
        Row::new(vec![Cell::text("c").span(2)]),
        Row::new(vec![]),
    ]);
    table.normalize().unwrap();
    let counts: Vec<usize> = table.body.iter().map(|r| r.cells.len()).collect();
    assert_eq!(counts, [3, 1, 3]);
}

#[test]
fn overfull_and_overlong_spans_are_errors() {
    let base = Table::new(vec![Column::fr(1.0); 2]).rows([Row::new(vec![
        Cell::text("a"),
        Cell::text("b"),
        Cell::text("c"),
    ])]);
    let mut wide = base.clone();
    assert!(matches!(
        wide.normalize(),
        Err(TableShapeError::TooWide { row: 1, .. })
    ));
    let mut tall = base.clone();
    tall.body = vec![Row::new(vec![Cell {
        rowspan: 3,
        ..Cell::text("a")
    }])];
    assert!(matches!(
        tall.normalize(),
        Err(TableShapeError::TooTall { .. })
    ));
    let mut long = base.clone();
    long.body = vec![Row::new(vec![Cell::text("a"), Cell::text("b")]); MAX_TABLE_ROWS];
    assert_eq!(long.normalize(), Ok(()), "the limit itself is allowed");
    long.header = vec![Row::new(vec![Cell::text("h"), Cell::text("i")])];
    assert_eq!(
        long.normalize(),
        Err(TableShapeError::TooLong {
            rows: MAX_TABLE_ROWS + 1,
            limit: MAX_TABLE_ROWS
        })
    );
    let mut none = base;
    none.columns.clear();
    assert_eq!(none.normalize(), Err(TableShapeError::NoColumns));
}

#[test]
fn json_carries_the_model_version_and_round_trips() {
    let doc = sample();
    let json = serde_json::to_string(&doc).unwrap();
    assert!(
        json.starts_with(&format!("{{\"model_version\":{MODEL_VERSION}")),
        "{json}"
    );
    let back: Document = serde_json::from_str(&json).unwrap();
    assert_eq!(back, doc);
}

#[test]
fn what_resolve_fills_is_refused_on_input() {
    // A resolved document writes numbers, targets and ids for renderers;
    // read back as input (what a plugin sends), each is an unknown field.
    let resolved = run(&sample(), ResolveOptions::default()).unwrap();
    let json = serde_json::to_string(&resolved).unwrap();
    for field in ["\"number\"", "\"target\"", "\"id\""] {
        assert!(json.contains(field), "{field} in {json}");
    }
    let err = serde_json::from_str::<Document>(&json).unwrap_err();
    assert!(err.to_string().contains("unknown field"), "{err}");
    for block in [
        r#"{"type":"heading","c":{"level":1,"content":[],"number":"7"}}"#,
        r#"{"type":"heading","c":{"level":1,"content":[],"id":3}}"#,
        r#"{"type":"paragraph","c":{"content":[{"type":"ref","c":{"label":"a-b","target":{"kind":"table","number":"1","display":"Table 1"}}}]}}"#,
        r##"{"type":"raw","c":{"format":"typst","text":"#text(red)[x]"}}"##,
    ] {
        assert!(serde_json::from_str::<Block>(block).is_err(), "{block}");
    }
}

#[test]
fn every_heading_table_and_figure_gets_its_own_id_and_keeps_its_origin() {
    let mut doc = sample();
    let origin = Origin::text("prose/plan.md", 12, 1);
    doc.body.push(Block::Figure(
        Figure::image("map.png", text("Map"), "A map").at(origin.clone()),
    ));
    let (resolved, errors) = resolve(doc.clone(), ResolveOptions::default(), &NoCharts);
    assert!(errors.is_empty(), "{errors:?}");
    let mut ids = Vec::new();
    walk::blocks(resolved.body(), &mut |b| match b {
        resolved::Block::Heading(h) => ids.push(h.id),
        resolved::Block::Table(t) => ids.push(t.id),
        resolved::Block::Figure(f) => ids.push(f.id),
        _ => {}
    });
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
    assert_eq!(
        resolved.node_count() as usize,
        ids.len() + 2,
        "appendix headings too"
    );
    let last = *ids.last().unwrap();
    assert_eq!(resolved.origin(last), Some(&origin));
    // The same input gives the same ids.
    let (again, _) = resolve(doc, ResolveOptions::default(), &NoCharts);
    assert_eq!(again, resolved);
}

#[test]
fn a_problem_points_at_the_node_that_has_it_when_its_words_occur_twice() {
    let mut doc = Document::new(meta());
    let first = Origin::text("prose/a.md", 1, 1);
    let second = Origin::text("prose/a.md", 9, 1);
    doc.body = vec![
        Block::Heading(Heading::new(1, text("Actions")).at(first)),
        Block::Heading(Heading::new(2, text("Detail"))),
        Block::Heading(Heading::new(1, text("Later"))),
        Block::Heading(Heading::new(3, text("Actions")).at(second.clone())),
    ];
    let errors = run(&doc, ResolveOptions::default()).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].position().origin, Some(second));
    assert_eq!(errors[0].position().index, 3);
}

#[test]
fn footnotes_hold_text_lists_and_quotations_only() {
    let table = Table::new(vec![Column::fr(1.0)])
        .rows([Row::new(vec![Cell::text("x")])])
        .at(Origin::text("prose/a.md", 4, 3));
    let note = |blocks: Vec<Block>| Block::paragraph(vec![Inline::Footnote(blocks)]);
    let mut doc = Document::new(meta());
    doc.body = vec![
        note(vec![
            Block::paragraph(text("fine")),
            Block::bullet_list(vec![vec![Block::paragraph(text("fine too"))]]),
        ]),
        note(vec![Block::Table(table)]),
        note(vec![Block::Figure(Figure::image(
            "a.png",
            text("A"),
            "An a",
        ))]),
    ];
    let errors = run(&doc, ResolveOptions::default()).unwrap_err();
    let found: Vec<_> = errors
        .iter()
        .map(|e| match e {
            ResolveError::InFootnote { what, at } => (*what, at.index, at.origin.clone()),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        found,
        [
            ("a table", 1, Some(Origin::text("prose/a.md", 4, 3))),
            ("a figure", 2, None)
        ]
    );
    assert!(
        errors[0]
            .to_string()
            .contains("footnotes may hold paragraphs")
    );
}

#[test]
fn unknown_fields_are_rejected() {
    let json = r#"{"type":"paragraph","c":{"content":[],"colour":"red"}}"#;
    assert!(serde_json::from_str::<Block>(json).is_err());
}

fn arb_inline() -> impl Strategy<Value = Inline> + Clone {
    let leaf = prop_oneof![
        any::<String>().prop_map(Inline::Text),
        any::<String>().prop_map(Inline::Code),
        Just(Inline::LineBreak),
        "[a-z][a-z0-9-]{0,8}".prop_map(Inline::reference),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Inline::Emph),
            prop::collection::vec(inner.clone(), 0..4).prop_map(Inline::Strong),
            (any::<String>(), prop::collection::vec(inner.clone(), 0..3))
                .prop_map(|(target, content)| Inline::link(target, content)),
            ("[a-z]{1,6}", prop::collection::vec(inner.clone(), 0..3))
                .prop_map(|(class, content)| Inline::Span { class, content }),
            prop::collection::vec(inner, 0..3)
                .prop_map(|c| Inline::Footnote(vec![Block::paragraph(c)])),
        ]
    })
}

fn arb_origin() -> impl Strategy<Value = Option<Origin>> + Clone {
    prop_oneof![
        Just(None),
        "[a-z]{1,6}(\\[[0-9]\\])?".prop_map(|path| Some(Origin::data(path))),
        (1u32..500, 1u32..80).prop_map(|(line, column)| Some(Origin::text(
            "prose/a.md",
            line,
            column
        ))),
    ]
}

fn arb_block() -> impl Strategy<Value = Block> + Clone {
    let inlines = prop::collection::vec(arb_inline(), 0..4);
    let leaf = prop_oneof![
        (inlines.clone(), arb_origin()).prop_map(|(content, at)| Block::Paragraph {
            content,
            class: None,
            at
        }),
        (1u8..=6, inlines.clone(), any::<bool>()).prop_map(|(level, content, numbered)| {
            let heading = Heading::new(level, content);
            Block::Heading(if numbered {
                heading
            } else {
                heading.unnumbered()
            })
        }),
        Just(Block::PageBreak),
    ];
    leaf.prop_recursive(2, 12, 3, move |inner| {
        prop_oneof![
            (
                prop::collection::vec(prop::collection::vec(inner.clone(), 0..2), 0..3),
                arb_origin()
            )
                .prop_map(|(items, at)| Block::BulletList { items, at }),
            ("[a-z]{1,6}", prop::collection::vec(inner.clone(), 0..3))
                .prop_map(|(class, blocks)| Block::Div { class, blocks }),
            (
                prop::collection::vec(inner.clone(), 0..3),
                prop::option::of(inlines.clone())
            )
                .prop_map(|(blocks, attribution)| Block::Quote {
                    blocks,
                    attribution
                }),
        ]
    })
}

proptest! {
    #[test]
    fn any_block_round_trips_through_json(blocks in prop::collection::vec(arb_block(), 0..5)) {
        let mut doc = Document::new(meta());
        doc.body = blocks;
        let json = serde_json::to_string(&doc).unwrap();
        let back: Document = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, doc);
    }
}

#[test]
fn a_skipped_heading_level_is_reported_with_its_words() {
    let mut doc = sample();
    doc.body.push(h(1, "Plan", None));
    doc.body.push(h(3, "Actions in detail", None));
    let errors = run(&doc, ResolveOptions::default()).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    let ResolveError::SkippedHeadingLevel {
        level, previous, ..
    } = &errors[0]
    else {
        panic!("{errors:?}")
    };
    assert_eq!((*level, *previous), (3, 1));
    assert_eq!(errors[0].text(), Some("Actions in detail"));
    assert!(errors[0].to_string().contains("must not be skipped"));
}

#[test]
fn each_part_starts_its_levels_afresh() {
    let mut doc = sample();
    doc.appendices = vec![h(2, "A sub-appendix with no appendix", None)];
    let errors = run(&doc, ResolveOptions::default()).unwrap_err();
    assert!(
        matches!(
            errors[0],
            ResolveError::SkippedHeadingLevel { previous: 0, .. }
        ),
        "{errors:?}"
    );
}

#[test]
fn a_figure_without_alternative_text_is_reported() {
    let mut doc = sample();
    doc.body.push(Block::Figure(Figure::image(
        "map.png",
        text("Map of the borough"),
        "  ",
    )));
    let errors = run(&doc, ResolveOptions::default()).unwrap_err();
    assert!(
        matches!(&errors[0], ResolveError::MissingAlt { caption, .. } if caption == "Map of the borough"),
        "{errors:?}"
    );
}

#[test]
fn links_must_say_where_they_go() {
    let link =
        |target: &str, words: &str| Block::paragraph(vec![Inline::link(target, text(words))]);
    let mut doc = sample();
    doc.body.push(link(
        "https://www.southwark.gov.uk/",
        "www.southwark.gov.uk",
    ));
    doc.body
        .push(link("https://example.org/report", "Click here."));
    doc.body
        .push(link("https://example.org/report", "the 2003 crime audit"));
    doc.body
        .push(link("mailto:safer@example.org", "safer@example.org"));
    let errors = run(&doc, ResolveOptions::default()).unwrap_err();
    let vague: Vec<_> = errors.iter().filter_map(|e| e.text()).collect();
    assert_eq!(vague, ["www.southwark.gov.uk", "Click here."], "{errors:?}");
}

#[test]
fn a_table_in_a_note_inside_a_note_is_told_once() {
    let table = Table::new(vec![Column::fr(1.0)]).rows([Row::new(vec![Cell::text("x")])]);
    let inner = Inline::Footnote(vec![Block::Table(table)]);
    let outer = Inline::Footnote(vec![Block::paragraph(vec![inner])]);
    let mut doc = Document::new(meta());
    doc.body = vec![Block::paragraph(vec![outer])];
    let errors = run(&doc, ResolveOptions::default()).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
}

/// Draws every chart as a stub, saying which boxes it stands in.
struct StubCharts;

impl DrawChart for StubCharts {
    fn draw(&self, chart: &Chart, within: &[Enclosure]) -> Result<String, String> {
        if chart.categories.is_empty() {
            return Err("a chart needs at least one category".into());
        }
        Ok(format!("<svg>{within:?}</svg>"))
    }
}

#[test]
fn resolving_gives_every_heading_table_and_figure_an_id_and_every_chart_its_drawing() {
    let chart = || Chart::new(ChartKind::Bar, vec!["a".into()]).series("s", vec![1.0]);
    let table = || {
        Block::Table(
            Table::new(vec![Column::fr(1.0)])
                .rows([Row::new(vec![Cell::text("1")])])
                .caption(text("Cap")),
        )
    };
    let mut doc = Document::new(meta());
    doc.body = vec![
        h(1, "One", None),
        Block::callout(
            "vision",
            vec![
                Block::Figure(Figure::chart(chart(), text("In a box"), "alt")),
                table(),
            ],
        ),
        Block::bullet_list(vec![vec![Block::Figure(Figure::image(
            "map.png",
            text("Map"),
            "A map",
        ))]]),
        Block::Div {
            class: class::WIDE.into(),
            blocks: vec![h(2, "Wide", None), table()],
        },
        Block::paragraph(vec![Inline::Footnote(vec![Block::paragraph(text("n"))])]),
    ];
    doc.appendices = vec![h(1, "Annex", None)];
    let (resolved, errors) = resolve(doc, ResolveOptions::default(), &StubCharts);
    assert!(errors.is_empty(), "{errors:?}");
    let mut ids = Vec::new();
    let mut drawings = Vec::new();
    resolved.walk_blocks(&mut |b| match b {
        resolved::Block::Heading(h) => ids.push(h.id),
        resolved::Block::Table(t) => ids.push(t.id),
        resolved::Block::Figure(f) => {
            ids.push(f.id);
            if let resolved::FigureContent::Chart(c) = &f.content {
                drawings.push(c.svg.clone());
            }
        }
        _ => {}
    });
    // Three headings, two tables, two figures: every one has an id, in
    // reading order, and no node has one twice.
    assert_eq!(ids, (0..7).map(NodeId).collect::<Vec<_>>());
    assert_eq!(resolved.node_count(), 7);
    assert_eq!(drawings, [r#"<svg>[Callout("vision")]</svg>"#]);
}

#[test]
fn a_chart_that_cannot_be_drawn_is_a_problem_at_its_figure() {
    let origin = Origin::data("charts[0]");
    let mut doc = Document::new(meta());
    doc.body = vec![Block::Figure(
        Figure::chart(Chart::new(ChartKind::Bar, Vec::new()), text("Empty"), "alt")
            .at(origin.clone()),
    )];
    let (resolved, errors) = resolve(doc, ResolveOptions::default(), &StubCharts);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        errors[0].to_string(),
        "the chart “Empty”: a chart needs at least one category"
    );
    assert_eq!(errors[0].position().origin, Some(origin));
    assert!(resolved.body().is_empty());
}
