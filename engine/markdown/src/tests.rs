use super::*;
use quire_model::{Inline, text};

fn para(blocks: &[Block]) -> &[Inline] {
    match &blocks[0] {
        Block::Paragraph { content, .. } => content,
        other => panic!("expected a paragraph, got {other:?}"),
    }
}

#[test]
fn emphasis_links_and_breaks() {
    let blocks = to_blocks(
        "Some *soft* and **strong** [text](https://example.org)  \nnext",
        0,
    )
    .unwrap();
    assert_eq!(
        para(&blocks),
        &[
            Inline::Text("Some ".into()),
            Inline::Emph(text("soft")),
            Inline::Text(" and ".into()),
            Inline::Strong(text("strong")),
            Inline::Text(" ".into()),
            Inline::link("https://example.org", text("text")),
            Inline::LineBreak,
            Inline::Text("next".into()),
        ]
    );
}

#[test]
fn headings_take_offset_label_and_classes() {
    let blocks = to_blocks("# Foreword {#sec-foreword .unnumbered}\n\n## Detail", 1).unwrap();
    let Block::Heading(h) = &blocks[0] else {
        panic!()
    };
    assert_eq!(
        (h.level, h.label.as_deref(), h.numbered, h.outlined),
        (2, Some("sec-foreword"), false, true)
    );
    let Block::Heading(h) = &blocks[1] else {
        panic!()
    };
    assert_eq!((h.level, h.numbered), (3, true));
    assert!(
        to_blocks("###### Six", 1)
            .unwrap_err()
            .message
            .contains("deeper than 6")
    );
}

#[test]
fn cross_references_and_escaped_at_signs() {
    let blocks = to_blocks(
        "See @sec-baseline. Mail a@b-c.org or \\@tbl-x (and @tbl-plan)",
        0,
    )
    .unwrap();
    let refs: Vec<&str> = para(&blocks)
        .iter()
        .filter_map(|i| match i {
            Inline::Ref { label, .. } => Some(label.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(refs, ["sec-baseline", "tbl-plan"]);
    assert_eq!(
        Inline::plain_text(para(&blocks)),
        "See sec-baseline. Mail a@b-c.org or @tbl-x (and tbl-plan)"
    );
}

#[test]
fn footnotes_are_filled_from_definitions() {
    let src =
        "Levels of awareness[^training].\n\n[^training]: Recommendations will be incorporated.\n";
    let blocks = to_blocks(src, 0).unwrap();
    assert_eq!(blocks.len(), 1);
    let Inline::Footnote(note) = &para(&blocks)[1] else {
        panic!("{blocks:?}")
    };
    assert_eq!(
        note,
        &vec![Block::paragraph(text(
            "Recommendations will be incorporated."
        ))]
    );
    let err = to_blocks("one\n\ntwo[^gone]\n", 0).unwrap_err();
    assert_eq!(err.line, 3);
    assert!(err.message.contains("[^gone]"));
}

#[test]
fn lists_tight_and_loose() {
    let blocks = to_blocks("- one\n- two *x*\n\n3. three\n4. four\n", 0).unwrap();
    let Block::BulletList { items, .. } = &blocks[0] else {
        panic!()
    };
    assert_eq!(items.len(), 2);
    assert_eq!(items[0], vec![Block::paragraph(text("one"))]);
    let Block::OrderedList { start, items, .. } = &blocks[1] else {
        panic!()
    };
    assert_eq!((*start, items.len()), (3, 2));
}

#[test]
fn image_alone_is_a_figure_and_inline_image_is_refused() {
    let blocks = to_blocks("![A map of wards](img/map.png \"Southwark wards\")", 0).unwrap();
    let Block::Figure(fig) = &blocks[0] else {
        panic!("{blocks:?}")
    };
    assert_eq!(fig.alt, "A map of wards");
    assert_eq!(fig.caption, text("Southwark wards"));
    assert!(to_blocks("text ![x](y.png) text", 0).is_err());
}

#[test]
fn tables_become_model_tables() {
    let blocks = to_blocks("| a | b |\n|---|--:|\n| 1 | 2 |\n", 0).unwrap();
    let Block::Table(t) = &blocks[0] else {
        panic!()
    };
    assert_eq!(t.columns[1].align, Align::End);
    assert_eq!((t.header.len(), t.body.len()), (1, 1));
}

#[test]
fn raw_html_stays_literal_text() {
    let blocks = to_blocks("a <b>bold</b> claim", 0).unwrap();
    assert_eq!(Inline::plain_text(para(&blocks)), "a <b>bold</b> claim");
}

#[test]
fn escape_makes_any_text_literal() {
    for s in [
        "# not a heading",
        "1. not a list",
        "*x* _y_ `z` [l](u) <b> @sec-x \\ |a|",
        "- item",
        "a\\b",
    ] {
        let blocks = to_blocks(&escape(s), 0).unwrap();
        assert_eq!(Inline::plain_text(para(&blocks)), s, "{s}");
        assert!(
            para(&blocks).iter().all(|i| matches!(i, Inline::Text(_))),
            "{s}: {blocks:?}"
        );
    }
}

#[test]
fn nesting_beyond_the_limit_is_an_error_at_its_line_not_a_stack_overflow() {
    let deep_quotes = format!("intro\n\n{}deep", "> ".repeat(100_000));
    let err = to_blocks(&deep_quotes, 0).unwrap_err();
    assert_eq!(err.line, 3);
    assert!(err.message.contains("nested more than 32 deep"), "{err}");

    let deep_list: String = (0..2000)
        .map(|i| format!("{}- item\n", "  ".repeat(i)))
        .collect();
    let err = to_blocks(&deep_list, 0).unwrap_err();
    assert!(err.message.contains("at most 32 levels"), "{err}");

    // Nesting up to the limit is read, one more level is not.
    let list = |levels: usize| -> String {
        (0..levels)
            .map(|i| format!("{}- item\n", "  ".repeat(i)))
            .collect()
    };
    assert!(to_blocks(&list(MAX_NESTING), 0).is_ok());
    assert_eq!(
        to_blocks(&list(MAX_NESTING + 1), 0).unwrap_err().line,
        MAX_NESTING + 1
    );
    assert!(to_blocks(&format!("{}deep", "> ".repeat(MAX_NESTING)), 0).is_ok());
    assert!(to_blocks(&format!("{}deep", "> ".repeat(MAX_NESTING + 1)), 0).is_err());
}

/// Origins as `line:column` of the rendered text itself.
fn at_line_and_column(source: &str) -> impl Fn(usize) -> Option<Origin> + '_ {
    |offset| {
        let before = &source[..offset];
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        Some(Origin::text("t.md", line as u32, column as u32))
    }
}

#[test]
fn every_heading_table_figure_link_and_reference_knows_where_it_was_written() {
    let src = "# Aims\n\nSee @tbl-plan and [the audit](https://example.org).\n\n\
               ![A map](map.png \"Wards\")\n\n| a |\n|---|\n| 1 |\n\n# Aims\n";
    let blocks = to_blocks_located(src, 0, &at_line_and_column(src)).unwrap();
    let origin =
        |line, column, length| Some(Origin::text("t.md", line, column).with_length(length));
    let Block::Heading(first) = &blocks[0] else {
        panic!()
    };
    let Block::Heading(again) = &blocks[4] else {
        panic!()
    };
    // The same words twice: each heading knows its own line, and its words.
    assert_eq!(
        (first.at.clone(), again.at.clone()),
        (origin(1, 3, 4), origin(11, 3, 4))
    );
    let inlines = para(&blocks[1..]);
    // A reference is its label; a link is its words.
    assert!(matches!(&inlines[1], Inline::Ref { at, .. } if *at == origin(3, 6, 8)));
    assert!(matches!(&inlines[3], Inline::Link { at, .. } if *at == origin(3, 20, 9)));
    let Block::Figure(figure) = &blocks[2] else {
        panic!()
    };
    assert_eq!(figure.at, origin(5, 1, 25));
    let Block::Table(table) = &blocks[3] else {
        panic!()
    };
    assert_eq!(table.at, origin(7, 1, 5));
}

#[test]
fn notes_inside_notes_are_filled_and_loops_refused_at_their_line() {
    let blocks = to_blocks("a[^1]\n\n[^1]: one[^2]\n\n[^2]: two\n", 0).unwrap();
    let Inline::Footnote(outer) = &para(&blocks)[1] else {
        panic!()
    };
    let Inline::Footnote(inner) = &para(outer)[1] else {
        panic!()
    };
    assert_eq!(para(inner), text("two").as_slice());
    let err = to_blocks("a[^1]\n\n[^1]: one[^2]\n\n[^2]: two[^1]\n", 0).unwrap_err();
    assert!(err.message.contains("loop"), "{err}");
    let err = to_blocks("a[^1]\n\n[^1]: one\n\n[^1]: again\n", 0).unwrap_err();
    assert!(err.message.contains("defined twice"), "{err}");
    assert_eq!(err.line, 5);
}

#[test]
fn an_image_anywhere_but_alone_in_its_paragraph_is_refused() {
    for src in [
        "*![x](y.png)*",
        "[![x](y.png)](https://example.org)",
        "# A ![x](y.png)",
        "![x](y.png) ![z](w.png)",
    ] {
        assert!(to_blocks(src, 0).is_err(), "{src}");
    }
}

#[test]
fn quotes_are_typographic_in_text_escaped_values_and_captions_but_not_in_code() {
    let source = format!(
        "# The partners' plan\n\nWe said \"{}\" in `it's \"code\"`.\n\n```\nx = 'verbatim'\n```\n\n![The borough's map](map.png \"Southwark's wards\")\n",
        escape("Young people's services")
    );
    let blocks = to_blocks(&source, 0).unwrap();
    let Block::Heading(heading) = &blocks[0] else {
        panic!("a heading first: {blocks:?}")
    };
    assert_eq!(
        Inline::plain_text(&heading.content),
        "The partners\u{2019} plan"
    );
    assert_eq!(
        para(&blocks[1..]),
        [
            Inline::Text("We said \u{201C}Young people\u{2019}s services\u{201D} in ".into()),
            Inline::Code("it's \"code\"".into()),
            Inline::Text(".".into()),
        ]
    );
    assert_eq!(para(&blocks[2..]), [Inline::Code("x = 'verbatim'".into())]);
    let Block::Figure(figure) = &blocks[3] else {
        panic!("a figure last: {blocks:?}")
    };
    assert_eq!(
        Inline::plain_text(&figure.caption),
        "Southwark\u{2019}s wards"
    );
    assert_eq!(figure.alt, "The borough\u{2019}s map");
}

/// Notes that each refer to the next several times multiply: eight notes
/// citing the next six times would make some two million. They are counted
/// as they are made and refused at once, at the reference that went over,
/// in a few hundred bytes of Markdown.
#[test]
fn notes_that_multiply_each_other_are_refused_as_they_are_made() {
    for (notes, refs) in [(8, 6), (8, 5), (6, 40)] {
        let mut source = String::from("Text.[^n0]\n\n");
        for i in 0..notes {
            let next = (0..refs)
                .map(|_| format!("[^n{}]", i + 1))
                .collect::<String>();
            let body = if i + 1 < notes { next } else { String::new() };
            source.push_str(&format!("[^n{i}]: Note {i}.{body}\n\n"));
        }
        let error = to_blocks(&source, 0).unwrap_err();
        assert!(
            error.message.contains("thousand notes"),
            "{notes}×{refs}: {}",
            error.message
        );
        assert!(error.line > 2, "at a note's reference: {}", error.line);
    }
}

/// A long note repeated from other notes reaches the text limit before
/// the count limit.
#[test]
fn a_long_note_repeated_many_times_is_refused_by_its_text() {
    let long = "word ".repeat(200_000);
    let mut source = String::from("Text.[^a]\n\n[^a]: A.");
    source.push_str(&"[^b]".repeat(20));
    source.push_str(&format!("\n\n[^b]: {long}\n"));
    let error = to_blocks(&source, 0).unwrap_err();
    assert!(
        error.message.contains("MiB of notes' text"),
        "{}",
        error.message
    );
}

#[test]
fn notes_used_as_written_are_never_near_the_limits() {
    let mut source = String::new();
    for i in 0..2_000 {
        source.push_str(&format!("Point {i}.[^p{i}]\n\n[^p{i}]: Source {i}.\n\n"));
    }
    assert!(to_blocks(&source, 0).is_ok());
}

/// Notes written one for each reference are never counted against the
/// limit, however many: the document budget speaks for those.
#[test]
fn many_notes_each_referred_to_once_are_not_repeats() {
    let mut source = String::new();
    for i in 0..45_000 {
        source.push_str(&format!("C{i}.[^n{i}]\n\n[^n{i}]: S.\n\n"));
    }
    assert!(to_blocks(&source, 0).is_ok());
}
