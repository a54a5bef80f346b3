//! Headings that open a landscape page.
//!
//! A `wide` division ([`crate::class::WIDE`]) is set on pages of its own,
//! turned to landscape. A heading written directly before one (an action
//! plan's section heading with no text under it before the table) would
//! end the portrait page alone, with its content on the next page: a
//! heading stranded at a page foot, in every paged output. Moving such
//! headings into the division puts them at the top of its first page,
//! with what they head. Nothing else about them changes: a division is
//! transparent to numbering, the contents and the HTML edition.

use crate::{Block, class};

/// Moves every run of headings that directly precedes a `wide` division
/// into the start of that division, at the top level of `blocks`.
pub fn headings_open_wide_pages(blocks: Vec<Block>) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::with_capacity(blocks.len());
    for block in blocks {
        match block {
            Block::Div {
                class: c,
                blocks: inside,
            } if c == class::WIDE => {
                let headings = out
                    .iter()
                    .rev()
                    .take_while(|b| matches!(b, Block::Heading(_)))
                    .count();
                let mut opened: Vec<Block> = out.split_off(out.len() - headings);
                opened.extend(inside);
                out.push(Block::Div {
                    class: c,
                    blocks: opened,
                });
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Heading, Inline};

    fn heading(level: u8, s: &str) -> Block {
        Block::Heading(Heading::new(level, vec![Inline::Text(s.into())]))
    }

    fn wide(blocks: Vec<Block>) -> Block {
        Block::Div {
            class: class::WIDE.into(),
            blocks,
        }
    }

    fn para(s: &str) -> Block {
        Block::paragraph(vec![Inline::Text(s.into())])
    }

    #[test]
    fn headings_right_before_a_wide_division_move_into_it() {
        let moved = headings_open_wide_pages(vec![
            para("Before."),
            heading(1, "Plan"),
            heading(2, "Actions"),
            wide(vec![para("The table.")]),
            para("After."),
        ]);
        assert_eq!(
            moved,
            vec![
                para("Before."),
                wide(vec![
                    heading(1, "Plan"),
                    heading(2, "Actions"),
                    para("The table.")
                ]),
                para("After."),
            ]
        );
    }

    #[test]
    fn a_heading_with_text_before_the_division_stays_and_other_divisions_are_left() {
        let blocks = vec![
            heading(1, "Plan"),
            para("Intro."),
            wide(vec![para("The table.")]),
            heading(1, "Notes"),
            Block::Div {
                class: "note".into(),
                blocks: vec![para("Boxed.")],
            },
        ];
        assert_eq!(headings_open_wide_pages(blocks.clone()), blocks);
    }
}
