//! The document model to docx-rs: headings, paragraphs, lists, tables,
//! footnotes, cross-references, figures, the title page and the table of
//! contents. What docx-rs cannot express is recorded in [`Built`] for the
//! package layer to add.
//!
//! This file holds the [`Builder`] and the order it builds in ([`build`]);
//! each kind of content has a file of its own under `document/`, each adding
//! its methods to the builder.

mod blocks;
mod bookmarks;
mod boxes;
mod captions;
mod contents;
mod fields;
mod figures;
mod headings;
mod inlines;
mod notes;
mod numbering;
mod pages;
mod references;
mod running;
mod tables;
mod title_page;

use docx_rs::{Docx, Numbering, Paragraph, Table as DocxTable};
use std::collections::BTreeSet;

use quire_model::class;
use quire_model::resolved::Block;
use quire_style::Style;

use crate::ids::Anchors;
use crate::styles;
use crate::{DocxError, RenderContext};

use bookmarks::close_bookmark;
pub use contents::DOCUMENT_BOOKMARK;
pub use figures::PICTURE_MARK;
use inlines::Marks;
pub(crate) use numbering::NUMBERED_NUM;
use numbering::{FIRST_LIST_NUM, numbering};
pub use numbering::{HEADING_NUM, NUMBERED_STYLE};
pub use tables::{TABLE_MARK, TABLE_STYLE};

/// A built docx-rs document plus what the package layer must add.
pub struct Built {
    /// The docx-rs document.
    pub docx: Docx,
    /// What docx-rs cannot say about tables and pictures, by node identity.
    pub fixups: Fixups,
}

/// What the package layer adds to tables and pictures, keyed on the
/// model's node ids that docx-rs carries through in the marks above: never
/// on an element's position, so nothing can shift onto the wrong element.
#[derive(Debug, Default)]
pub struct Fixups {
    /// Each table's header rows, which repeat on every page.
    pub header_rows: std::collections::HashMap<String, usize>,
    /// Each picture's alternative text.
    pub alt_texts: std::collections::HashMap<String, String>,
    /// The tables whose first column heads its rows (Word's first-column
    /// table look).
    pub row_header_tables: std::collections::HashSet<String>,
    /// How many sections, from the first, start with a page that has no
    /// running header or footer: the title page's, and the front matter's
    /// before it when there is some (each is its own section).
    pub title_sections: usize,
}

/// Text width in twips for portrait and landscape pages.
struct Widths {
    portrait: u32,
    landscape: u32,
}

struct Builder<'a> {
    style: &'a Style,
    word_mono: String,
    input: RenderContext<'a>,
    anchors: Anchors,
    next_list_num: usize,
    bookmark_id: usize,
    fixups: Fixups,
    /// Made at the first chart: the style's fonts, read once.
    rasteriser: Option<crate::picture::Rasteriser>,
    numberings: Vec<Numbering>,
    widths: Widths,
    landscape: bool,
    in_appendix: bool,
    /// Writing the front matter (a committee report in front of the document).
    in_front: bool,
    /// The classes with a look that paragraphs, callouts and divisions
    /// used: each gets a paragraph style.
    classes: BTreeSet<String>,
    /// The formatting paragraphs start from: a table cell's (its table's
    /// and row's class looks, bold in header rows), else none.
    base: Marks,
}

/// Builds the whole document.
pub fn build(input: RenderContext<'_>) -> Result<Built, DocxError> {
    let style = input.style;
    let (w, h) = style.page.paper.size();
    let margins = (style.page.margin_left.pt() + style.page.margin_right.pt()) * 20.0;
    let widths = Widths {
        portrait: (w * 20.0 - margins).round() as u32,
        landscape: (h * 20.0 - margins).round() as u32,
    };
    let mut b = Builder {
        style,
        word_mono: style.fonts.for_word().mono,
        input,
        anchors: Anchors::collect(input.document.document(), style.headings.contents_depth),
        next_list_num: FIRST_LIST_NUM,
        bookmark_id: 1,
        fixups: Fixups::default(),
        rasteriser: None,
        numberings: Vec::new(),
        widths,
        landscape: false,
        in_appendix: false,
        in_front: false,
        classes: BTreeSet::new(),
        base: Marks::default(),
    };

    let mut body: Vec<Child> = Vec::new();
    // A profile's front matter (a committee report) comes before the
    // document; what it gives the title page (`title-page` divisions) is set
    // at the head of the title page.
    let front = input.document.front();
    let (on_title_page, report): (Vec<&Block>, Vec<&Block>) = front
        .iter()
        .partition(|b| matches!(b, Block::Div { class, .. } if class == class::TITLE_PAGE));
    b.in_front = true;
    for block in report {
        b.block(block, &mut body, 0)?;
    }
    let mut head = Vec::new();
    for block in on_title_page {
        b.block(block, &mut head, 0)?;
    }
    b.in_front = false;
    // The front matter is a section of its own, so the document's title
    // page starts a section and, like the front matter's first page, has
    // no running header or footer.
    let has_front = !front.is_empty();
    if has_front {
        body.push(para(b.section_break(false)));
    }
    b.fixups.title_sections = if has_front { 2 } else { 1 };
    let scope = b.title_page(&mut body, has_front, head);
    // The document first, the contents last: their page numbers come from
    // the PDF's layout, which may still be under way (`contents_pages`
    // waits for it), so the rest is made meanwhile.
    let mut document = Vec::new();
    for block in input.document.body() {
        b.block(block, &mut document, 0)?;
    }
    b.in_appendix = true;
    for block in input.document.appendices() {
        b.block(block, &mut document, 0)?;
    }
    let pages = input.contents_pages.wait();
    b.contents(&mut body, scope.is_some(), &pages);
    body.append(&mut document);
    if let Some(id) = scope {
        close_bookmark(&mut body, id);
    }

    let mut docx = Docx::new();
    docx = styles::apply(docx, style, input.layout, &b.classes);
    docx = numbering(
        docx,
        style,
        input.layout,
        b.classes.contains(class::NUMBERED),
    );
    for n in b.numberings.drain(..) {
        docx = docx.add_numbering(n);
    }
    // Whether the last child was a table, and whether it was kept whole.
    let mut after_table: Option<bool> = None;
    for child in body {
        docx = match child {
            Child::Paragraph(p) => {
                after_table = None;
                docx.add_paragraph(*p)
            }
            Child::Table(t, kept) => {
                // Two tables in a row would be one table to Word: an empty
                // paragraph keeps them apart, as the PDF's space does (and
                // keeps two tables kept whole together, see `table`).
                let docx = match after_table {
                    Some(previous) => {
                        docx.add_paragraph(Paragraph::new().keep_next(previous && kept))
                    }
                    None => docx,
                };
                after_table = Some(kept);
                docx.add_table(*t)
            }
        };
    }
    docx = b.page_setup(docx);
    Ok(Built {
        docx,
        fixups: b.fixups,
    })
}

enum Child {
    Paragraph(Box<Paragraph>),
    /// A table, and whether it is kept whole on one page.
    Table(Box<DocxTable>, bool),
}

fn para(p: Paragraph) -> Child {
    Child::Paragraph(Box::new(p))
}
