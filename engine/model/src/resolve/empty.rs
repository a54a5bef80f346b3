//! Content that would print empty: a heading with nothing under it, a table
//! with no rows under its header, a list with no items, a box with nothing
//! in it, and a paragraph with no words (a "." left after a value that was
//! empty). Each is a warning ([`ResolveError::is_warning`]) at the place
//! the block was written (its origin: a prose line or a data field), else
//! at the first place written inside it, else at its section;
//! `--deny warnings` makes them errors.

use super::{Part, Position, ResolveError, Top};
use crate::{Block, Inline, Origin, class};

/// Looks through one part's top-level blocks.
pub(super) fn check(part: Part, blocks: &[Block], errors: &mut Vec<ResolveError>) {
    let mut open: Vec<Open> = Vec::new();
    for (index, block) in blocks.iter().enumerate() {
        let top = Top { part, index };
        walk(block, &top, &mut open, errors);
    }
    close(&mut open, 0, errors);
}

/// A heading that nothing has followed yet.
struct Open {
    level: u8,
    title: String,
    at: Position,
}

/// A heading of `level` (0: the end) closes every open heading at that
/// level or deeper: those with nothing under them are reported.
fn close(open: &mut Vec<Open>, level: u8, errors: &mut Vec<ResolveError>) {
    while open.last().is_some_and(|o| o.level >= level) {
        let o = open.pop().expect("checked above");
        errors.push(ResolveError::EmptySection {
            title: o.title,
            at: o.at,
        });
    }
}

/// Content under the open headings: they are not empty.
fn content(open: &mut Vec<Open>) {
    open.clear();
}

fn walk(block: &Block, top: &Top, open: &mut Vec<Open>, errors: &mut Vec<ResolveError>) {
    let here = |origin: &Option<Origin>| Position::of(top, origin);
    match block {
        Block::Heading(h) => {
            close(open, h.level, errors);
            open.push(Open {
                level: h.level,
                title: Inline::plain_text(&h.content),
                at: here(&h.at),
            });
        }
        // Divisions are transparent: their blocks run on in the flow. A
        // title-page division (the front matter's heading for the
        // document that follows) stands for that document.
        Block::Div { class: c, blocks } => {
            if c == class::TITLE_PAGE {
                content(open);
                return;
            }
            for b in blocks {
                walk(b, top, open, errors);
            }
        }
        Block::Table(t) => {
            if t.body.is_empty() {
                let what = t
                    .caption
                    .as_ref()
                    .map(|c| format!("the table “{}”", Inline::plain_text(c)))
                    .unwrap_or_else(|| "a table".into());
                errors.push(ResolveError::EmptyTable {
                    what,
                    at: here(&t.at),
                });
            }
            content(open);
        }
        Block::BulletList { items, .. } | Block::OrderedList { items, .. } => {
            if items.iter().all(|item| is_blank(item)) {
                errors.push(ResolveError::EmptyList {
                    at: here(&located(block)),
                });
            }
            content(open);
        }
        Block::Callout { title, blocks, .. } => {
            if is_blank(blocks) {
                let what = title
                    .as_ref()
                    .map(|t| format!("the box “{}”", Inline::plain_text(t)))
                    .unwrap_or_else(|| "a box".into());
                errors.push(ResolveError::EmptyBox {
                    what,
                    at: here(&located(block)),
                });
            }
            content(open);
        }
        Block::Paragraph {
            content: inlines,
            class: c,
            at,
        } => {
            let text = Inline::plain_text(inlines);
            let verbatim = c.as_deref() == Some(class::CODE);
            if !verbatim && !text.is_empty() && !text.chars().any(char::is_alphanumeric) {
                errors.push(ResolveError::NoWords {
                    text: text.trim().chars().take(20).collect(),
                    at: here(at),
                });
            }
            content(open);
        }
        _ => content(open),
    }
}

/// Where a block was written: its own origin, else the first origin of
/// what is inside it (a list made by a plugin that did not say where, whose
/// items did).
fn located(block: &Block) -> Option<Origin> {
    if let Some(origin) = block.origin() {
        return Some(origin.clone());
    }
    let mut found = None;
    crate::walk::blocks(std::slice::from_ref(block), &mut |b| {
        if found.is_none() {
            found = b.origin().cloned();
        }
    });
    found
}

/// Whether blocks print nothing: none, or only empty paragraphs.
fn is_blank(blocks: &[Block]) -> bool {
    blocks.iter().all(|b| match b {
        Block::Paragraph { content, .. } => Inline::plain_text(content).trim().is_empty(),
        _ => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Cell, Column, Heading, Row, Table};

    fn text(s: &str) -> Vec<Inline> {
        vec![Inline::Text(s.into())]
    }

    fn problems(blocks: Vec<Block>) -> Vec<String> {
        let mut errors = Vec::new();
        check(Part::Body, &blocks, &mut errors);
        assert!(errors.iter().all(ResolveError::is_warning));
        errors.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn a_heading_with_nothing_under_it_is_reported_but_not_one_with_subsections() {
        let said = problems(vec![
            Block::Heading(Heading::new(1, text("Chapter"))),
            Block::Heading(Heading::new(2, text("Empty"))),
            Block::Heading(Heading::new(2, text("Full"))),
            Block::paragraph(text("Words.")),
            Block::Heading(Heading::new(2, text("Last"))),
        ]);
        assert_eq!(said.len(), 2, "{said:?}");
        assert!(said[0].contains("“Empty”"), "{said:?}");
        assert!(said[1].contains("“Last”"), "{said:?}");
    }

    #[test]
    fn empty_tables_lists_boxes_and_wordless_paragraphs_are_reported() {
        let header_only = Table::new(vec![Column::fr(1.0)])
            .header(Row::new(vec![Cell::text("Figure")]))
            .caption(text("Key figures"));
        let said = problems(vec![
            Block::Table(header_only),
            Block::bullet_list(vec![vec![], vec![Block::paragraph(text(" "))]]),
            Block::Callout {
                class: "vision".into(),
                title: Some(text("Our vision")),
                blocks: vec![],
                at: None,
            },
            Block::paragraph(text(".")),
        ]);
        assert_eq!(said.len(), 4, "{said:?}");
        assert!(
            said[0].contains("the table “Key figures” has no rows"),
            "{said:?}"
        );
        assert!(said[1].contains("list has no items"), "{said:?}");
        assert!(
            said[2].contains("the box “Our vision” has nothing"),
            "{said:?}"
        );
        assert!(said[3].contains("“.”"), "{said:?}");
    }

    #[test]
    fn content_in_a_division_counts_and_the_title_page_stands_for_the_document() {
        let said = problems(vec![
            Block::Heading(Heading::new(1, text("Plan"))),
            Block::Div {
                class: class::WIDE.into(),
                blocks: vec![Block::paragraph(text("Words."))],
            },
            Block::Heading(Heading::new(1, text("Report"))),
            Block::Div {
                class: class::TITLE_PAGE.into(),
                blocks: vec![Block::Heading(Heading::new(1, text("Appendix 1")))],
            },
        ]);
        assert!(said.is_empty(), "{said:?}");
    }
}
