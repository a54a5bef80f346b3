//! Depth-first, document-order traversal of blocks and inlines.

use crate::{Block, Inline};

/// Calls `f` on every block in `blocks` and in everything nested inside them
/// (list items, table cells, quotes, callouts, divs, footnotes), parents
/// before children, in reading order.
pub fn blocks_mut(blocks: &mut [Block], f: &mut impl FnMut(&mut Block)) {
    for block in blocks {
        f(block);
        for child in child_blocks_mut(block) {
            blocks_mut(child, f);
        }
        for inlines in child_inlines_mut(block) {
            footnote_blocks_mut(inlines, f);
        }
    }
}

/// Calls `f` on every inline in `blocks`, at any depth, in reading order.
pub fn inlines_mut(blocks: &mut [Block], f: &mut impl FnMut(&mut Inline)) {
    for block in blocks {
        for inlines in child_inlines_mut(block) {
            visit_inlines(inlines, f);
        }
        for child in child_blocks_mut(block) {
            inlines_mut(child, f);
        }
    }
}

/// Calls `f` on every run of inline content in `blocks` (a paragraph's
/// text, a heading's, a caption, a term, a callout's title, a quotation's
/// attribution), at any depth and in footnotes too, in reading order. A
/// footnote's blocks are runs of their own, not part of the run holding the
/// footnote.
pub fn inline_runs_mut(blocks: &mut [Block], f: &mut impl FnMut(&mut Vec<Inline>)) {
    blocks_mut(blocks, &mut |block| {
        for run in child_inlines_mut(block) {
            f(run);
        }
    });
}

fn visit_inlines(inlines: &mut [Inline], f: &mut impl FnMut(&mut Inline)) {
    for inline in inlines {
        f(inline);
        match inline {
            Inline::Emph(c) | Inline::Strong(c) => visit_inlines(c, f),
            Inline::Link { content, .. } | Inline::Span { content, .. } => {
                visit_inlines(content, f)
            }
            Inline::Footnote(blocks) => inlines_mut(blocks, f),
            Inline::Text(_) | Inline::Ref { .. } | Inline::LineBreak | Inline::Code(_) => {}
        }
    }
}

fn footnote_blocks_mut(inlines: &mut [Inline], f: &mut impl FnMut(&mut Block)) {
    for inline in inlines {
        match inline {
            Inline::Footnote(blocks) => blocks_mut(blocks, f),
            Inline::Emph(c) | Inline::Strong(c) => footnote_blocks_mut(c, f),
            Inline::Link { content, .. } | Inline::Span { content, .. } => {
                footnote_blocks_mut(content, f)
            }
            Inline::Text(_) | Inline::Ref { .. } | Inline::LineBreak | Inline::Code(_) => {}
        }
    }
}

/// The block sequences directly inside a block.
fn child_blocks_mut(block: &mut Block) -> Vec<&mut Vec<Block>> {
    match block {
        Block::BulletList { items, .. } | Block::OrderedList { items, .. } => {
            items.iter_mut().collect()
        }
        Block::DefinitionList(defs) => defs.iter_mut().map(|d| &mut d.details).collect(),
        Block::Table(table) => {
            let rows = table.header.iter_mut().chain(table.body.iter_mut());
            let mut out: Vec<&mut Vec<Block>> = rows
                .flat_map(|r| r.cells.iter_mut().map(|c| &mut c.content))
                .collect();
            out.push(&mut table.notes);
            out
        }
        Block::Quote { blocks, .. } | Block::Callout { blocks, .. } | Block::Div { blocks, .. } => {
            vec![blocks]
        }
        Block::Paragraph { .. } | Block::Heading(_) | Block::Figure(_) | Block::PageBreak => {
            Vec::new()
        }
    }
}

/// The inline sequences directly inside a block.
fn child_inlines_mut(block: &mut Block) -> Vec<&mut Vec<Inline>> {
    match block {
        Block::Paragraph { content, .. } => vec![content],
        Block::Heading(h) => vec![&mut h.content],
        Block::DefinitionList(defs) => defs.iter_mut().map(|d| &mut d.term).collect(),
        Block::Table(t) => t.caption.iter_mut().collect(),
        Block::Figure(fig) => vec![&mut fig.caption],
        Block::Quote { attribution, .. } => attribution.iter_mut().collect(),
        Block::Callout { title, .. } => title.iter_mut().collect(),
        Block::BulletList { .. }
        | Block::OrderedList { .. }
        | Block::Div { .. }
        | Block::PageBreak => Vec::new(),
    }
}

/// Calls `f` on every block in `blocks` and in everything nested inside
/// them, parents before children, in reading order: [`blocks_mut`] for a
/// document that may only be read (a [`crate::ResolvedDocument`]).
pub fn blocks(blocks: &[Block], f: &mut impl FnMut(&Block)) {
    for block in blocks {
        f(block);
        let (mut children, mut texts) = (Vec::new(), Vec::new());
        for_children(block, &mut |child| children.push(child), &mut |inlines| {
            texts.push(inlines)
        });
        for child in children {
            self::blocks(child, f);
        }
        for inlines in texts {
            footnote_blocks(inlines, f);
        }
    }
}

/// Calls `f` on every inline in `blocks`, at any depth, in reading order:
/// [`inlines_mut`] for a document that may only be read.
pub fn inlines(blocks: &[Block], f: &mut impl FnMut(&Inline)) {
    for block in blocks {
        let mut children = Vec::new();
        for_children(block, &mut |child| children.push(child), &mut |content| {
            visit_inlines_ref(content, f)
        });
        for child in children {
            inlines(child, f);
        }
    }
}

fn visit_inlines_ref(inlines: &[Inline], f: &mut impl FnMut(&Inline)) {
    for inline in inlines {
        f(inline);
        if let Inline::Footnote(blocks) = inline {
            self::inlines(blocks, f);
        }
        visit_inlines_ref(inline.children(), f);
    }
}

/// The blocks of every footnote in `inlines` (not of notes inside notes:
/// walking those blocks finds them).
fn footnote_blocks(inlines: &[Inline], f: &mut impl FnMut(&Block)) {
    for inline in inlines {
        if let Inline::Footnote(content) = inline {
            blocks(content, f);
        }
        footnote_blocks(inline.children(), f);
    }
}

/// Hands `on_blocks` each block sequence directly inside `block`, and
/// `on_inlines` each inline sequence, in reading order.
fn for_children<'a>(
    block: &'a Block,
    on_blocks: &mut impl FnMut(&'a [Block]),
    on_inlines: &mut impl FnMut(&'a [Inline]),
) {
    match block {
        Block::Paragraph { content, .. } => on_inlines(content),
        Block::Heading(h) => on_inlines(&h.content),
        Block::BulletList { items, .. } | Block::OrderedList { items, .. } => {
            items.iter().for_each(|item| on_blocks(item))
        }
        Block::DefinitionList(defs) => {
            for d in defs {
                on_inlines(&d.term);
            }
            for d in defs {
                on_blocks(&d.details);
            }
        }
        Block::Table(t) => {
            if let Some(caption) = &t.caption {
                on_inlines(caption);
            }
            for row in t.header.iter().chain(&t.body) {
                row.cells.iter().for_each(|c| on_blocks(&c.content));
            }
            on_blocks(&t.notes);
        }
        Block::Figure(fig) => on_inlines(&fig.caption),
        Block::Quote {
            blocks,
            attribution,
        } => {
            if let Some(a) = attribution {
                on_inlines(a);
            }
            on_blocks(blocks);
        }
        Block::Callout { title, blocks, .. } => {
            if let Some(t) = title {
                on_inlines(t);
            }
            on_blocks(blocks);
        }
        Block::Div { blocks, .. } => on_blocks(blocks),
        Block::PageBreak => {}
    }
}
