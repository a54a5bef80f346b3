//! Depth-first, document-order traversal of blocks and inlines, written
//! once for both of the model's families: the input model (what plugins
//! and the Markdown converter make) and the resolved one (what renderers
//! take). Each family says what is directly inside its nodes
//! ([`BlockNode`], [`InlineNode`]); the walks are the same for both.

use crate::{Block, Inline};

/// A block as the walkers see it: the block and inline sequences directly
/// inside it.
pub trait BlockNode: Sized {
    /// The inlines of the same family.
    type Inline: InlineNode<Block = Self>;

    /// The block sequences directly inside the block (list items, table
    /// cells and notes, a box's content…) and its inline sequences (a
    /// paragraph's text, a caption, a term…), each in reading order.
    fn children(&self) -> (Vec<&[Self]>, Vec<&[Self::Inline]>);

    /// [`BlockNode::children`], for changing them.
    fn children_mut(&mut self) -> (Vec<&mut Vec<Self>>, Vec<&mut Vec<Self::Inline>>);
}

/// An inline as the walkers see it: the inlines a mark wraps, the blocks
/// a footnote holds, and its own text.
pub trait InlineNode: Sized {
    /// The blocks of the same family.
    type Block: BlockNode<Inline = Self>;

    /// The inlines a mark, link or span wraps (none for text, a footnote
    /// or a reference: a footnote holds blocks).
    fn children(&self) -> &[Self];

    /// [`InlineNode::children`], for changing them.
    fn children_mut(&mut self) -> &mut [Self];

    /// The blocks of a footnote.
    fn footnote(&self) -> Option<&[Self::Block]>;

    /// [`InlineNode::footnote`], for changing them.
    fn footnote_mut(&mut self) -> Option<&mut Vec<Self::Block>>;

    /// The text the inline itself reads as in plain text (text, code, a
    /// reference's words, a space for a line break), if any.
    fn own_text(&self) -> Option<&str>;
}

/// Calls `f` on every block in `blocks` and in everything nested inside them
/// (list items, table cells, quotes, callouts, divs, footnotes), parents
/// before children, in reading order.
pub fn blocks_mut<B: BlockNode>(blocks: &mut [B], f: &mut impl FnMut(&mut B)) {
    for block in blocks {
        f(block);
        let (children, texts) = block.children_mut();
        for child in children {
            blocks_mut(child, f);
        }
        for inlines in texts {
            footnote_blocks_mut(inlines, f);
        }
    }
}

/// Calls `f` on every inline in `blocks`, at any depth, in reading order.
pub fn inlines_mut<B: BlockNode>(blocks: &mut [B], f: &mut impl FnMut(&mut B::Inline)) {
    for block in blocks {
        let (children, texts) = block.children_mut();
        for inlines in texts {
            visit_inlines_mut(inlines, f);
        }
        for child in children {
            inlines_mut(child, f);
        }
    }
}

/// Calls `f` on every run of inline content in `blocks` (a paragraph's
/// text, a heading's, a caption, a term, a callout's title, a quotation's
/// attribution), at any depth and in footnotes too, in reading order. A
/// footnote's blocks are runs of their own, not part of the run holding the
/// footnote.
pub fn inline_runs_mut<B: BlockNode>(blocks: &mut [B], f: &mut impl FnMut(&mut Vec<B::Inline>)) {
    blocks_mut(blocks, &mut |block| {
        for run in block.children_mut().1 {
            f(run);
        }
    });
}

fn visit_inlines_mut<I: InlineNode>(inlines: &mut [I], f: &mut impl FnMut(&mut I)) {
    for inline in inlines {
        f(inline);
        if let Some(blocks) = inline.footnote_mut() {
            inlines_mut(blocks, f);
        }
        visit_inlines_mut(inline.children_mut(), f);
    }
}

fn footnote_blocks_mut<B: BlockNode>(inlines: &mut [B::Inline], f: &mut impl FnMut(&mut B)) {
    for inline in inlines {
        if let Some(blocks) = inline.footnote_mut() {
            blocks_mut(blocks, f);
        }
        footnote_blocks_mut(inline.children_mut(), f);
    }
}

/// Calls `f` on every block in `blocks` and in everything nested inside
/// them, parents before children, in reading order: [`blocks_mut`] for a
/// document that may only be read (a [`crate::ResolvedDocument`]).
pub fn blocks<B: BlockNode>(blocks: &[B], f: &mut impl FnMut(&B)) {
    for block in blocks {
        f(block);
        let (children, texts) = block.children();
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
pub fn inlines<B: BlockNode>(blocks: &[B], f: &mut impl FnMut(&B::Inline)) {
    for block in blocks {
        let (children, texts) = block.children();
        for content in texts {
            visit_inlines(content, f);
        }
        for child in children {
            inlines(child, f);
        }
    }
}

fn visit_inlines<I: InlineNode>(inlines: &[I], f: &mut impl FnMut(&I)) {
    for inline in inlines {
        f(inline);
        if let Some(blocks) = inline.footnote() {
            self::inlines(blocks, f);
        }
        visit_inlines(inline.children(), f);
    }
}

/// The blocks of every footnote in `inlines` (not of notes inside notes:
/// walking those blocks finds them).
fn footnote_blocks<B: BlockNode>(inlines: &[B::Inline], f: &mut impl FnMut(&B)) {
    for inline in inlines {
        if let Some(content) = inline.footnote() {
            blocks(content, f);
        }
        footnote_blocks(inline.children(), f);
    }
}

/// Plain text content, with marks dropped and footnotes left out.
pub fn plain_text<I: InlineNode>(inlines: &[I]) -> String {
    let mut out = String::new();
    push_plain(inlines, &mut out);
    out
}

fn push_plain<I: InlineNode>(inlines: &[I], out: &mut String) {
    for inline in inlines {
        if let Some(text) = inline.own_text() {
            out.push_str(text);
        }
        push_plain(inline.children(), out);
    }
}

/// The inlines an inline of the family `$inline` wraps, `$empty` (`&[]`
/// or `&mut []`) when it wraps none.
macro_rules! wrapped {
    ($inline:ident, $node:expr, $empty:expr) => {
        match $node {
            $inline::Emph(c) | $inline::Strong(c) => c,
            $inline::Link { content, .. } | $inline::Span { content, .. } => content,
            $inline::Text(_)
            | $inline::Code(_)
            | $inline::Footnote(_)
            | $inline::Ref { .. }
            | $inline::LineBreak => $empty,
        }
    };
}
pub(crate) use wrapped;

/// Implements [`BlockNode`] and [`InlineNode`] for a family of the model
/// (its variants and fields have the same names in both families); a
/// reference reads in plain text as the function `$ref_text` says.
macro_rules! nodes {
    ($block:ident, $inline:ident, $ref_text:ident) => {
        impl $crate::walk::BlockNode for $block {
            type Inline = $inline;

            fn children(&self) -> (Vec<&[$block]>, Vec<&[$inline]>) {
                match self {
                    $block::Paragraph { content, .. } => (Vec::new(), vec![content]),
                    $block::Heading(h) => (Vec::new(), vec![&h.content]),
                    $block::BulletList { items, .. } | $block::OrderedList { items, .. } => {
                        (items.iter().map(Vec::as_slice).collect(), Vec::new())
                    }
                    $block::DefinitionList(defs) => (
                        defs.iter().map(|d| d.details.as_slice()).collect(),
                        defs.iter().map(|d| d.term.as_slice()).collect(),
                    ),
                    $block::Table(t) => {
                        let rows = t.header.iter().chain(&t.body);
                        let mut cells: Vec<&[$block]> = rows
                            .flat_map(|r| r.cells.iter().map(|c| c.content.as_slice()))
                            .collect();
                        cells.push(&t.notes);
                        (cells, t.caption.iter().map(Vec::as_slice).collect())
                    }
                    $block::Figure(fig) => (Vec::new(), vec![&fig.caption]),
                    $block::Quote {
                        blocks,
                        attribution,
                    } => (
                        vec![blocks],
                        attribution.iter().map(Vec::as_slice).collect(),
                    ),
                    $block::Callout { title, blocks, .. } => {
                        (vec![blocks], title.iter().map(Vec::as_slice).collect())
                    }
                    $block::Div { blocks, .. } => (vec![blocks], Vec::new()),
                    $block::PageBreak => (Vec::new(), Vec::new()),
                }
            }

            fn children_mut(&mut self) -> (Vec<&mut Vec<$block>>, Vec<&mut Vec<$inline>>) {
                match self {
                    $block::Paragraph { content, .. } => (Vec::new(), vec![content]),
                    $block::Heading(h) => (Vec::new(), vec![&mut h.content]),
                    $block::BulletList { items, .. } | $block::OrderedList { items, .. } => {
                        (items.iter_mut().collect(), Vec::new())
                    }
                    $block::DefinitionList(defs) => defs
                        .iter_mut()
                        .map(|d| (&mut d.details, &mut d.term))
                        .unzip(),
                    $block::Table(t) => {
                        let rows = t.header.iter_mut().chain(t.body.iter_mut());
                        let mut cells: Vec<&mut Vec<$block>> = rows
                            .flat_map(|r| r.cells.iter_mut().map(|c| &mut c.content))
                            .collect();
                        cells.push(&mut t.notes);
                        (cells, t.caption.iter_mut().collect())
                    }
                    $block::Figure(fig) => (Vec::new(), vec![&mut fig.caption]),
                    $block::Quote {
                        blocks,
                        attribution,
                    } => (vec![blocks], attribution.iter_mut().collect()),
                    $block::Callout { title, blocks, .. } => {
                        (vec![blocks], title.iter_mut().collect())
                    }
                    $block::Div { blocks, .. } => (vec![blocks], Vec::new()),
                    $block::PageBreak => (Vec::new(), Vec::new()),
                }
            }
        }

        impl $crate::walk::InlineNode for $inline {
            type Block = $block;

            fn children(&self) -> &[$inline] {
                $crate::walk::wrapped!($inline, self, &[])
            }

            fn children_mut(&mut self) -> &mut [$inline] {
                $crate::walk::wrapped!($inline, self, &mut [])
            }

            fn footnote(&self) -> Option<&[$block]> {
                match self {
                    $inline::Footnote(blocks) => Some(blocks),
                    _ => None,
                }
            }

            fn footnote_mut(&mut self) -> Option<&mut Vec<$block>> {
                match self {
                    $inline::Footnote(blocks) => Some(blocks),
                    _ => None,
                }
            }

            fn own_text(&self) -> Option<&str> {
                match self {
                    $inline::Text(s) | $inline::Code(s) => Some(s),
                    $inline::Ref { .. } => Some($ref_text(self)),
                    $inline::LineBreak => Some(" "),
                    $inline::Emph(_)
                    | $inline::Strong(_)
                    | $inline::Link { .. }
                    | $inline::Span { .. }
                    | $inline::Footnote(_) => None,
                }
            }
        }
    };
}
pub(crate) use nodes;

nodes!(Block, Inline, ref_label);

/// An input reference reads as its label.
fn ref_label(inline: &Inline) -> &str {
    match inline {
        Inline::Ref { label, .. } => label,
        _ => "",
    }
}
