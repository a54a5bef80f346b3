//! Headings: their style, numbering and bookmark.

use docx_rs::{IndentLevel, NumberingId, Paragraph};
use quire_model::resolved::Heading;

use super::Builder;
use super::inlines::Marks;
use super::numbering::APPENDIX_NUM;

impl Builder<'_> {
    pub(super) fn heading(&mut self, h: &Heading) -> Paragraph {
        let level = h.level.clamp(1, 6);
        let mut p = Paragraph::new().style(&format!("Heading{level}"));
        if self.in_front {
            // Front matter runs on, whatever the style says of chapters.
            // And it stays out of the outline LibreOffice builds its
            // contents from (it ignores the contents field's `\b`); Word
            // keeps a heading style's own level, so the heading stays in its
            // navigation.
            p = p.page_break_before(false).outline_lvl(9);
        }
        let numbered = h.number.is_some();
        if !numbered {
            // numId 0 switches the style's numbering off for this heading.
            p = p.numbering(NumberingId::new(0), IndentLevel::new(0));
        } else if self.in_appendix {
            p = p.numbering(
                NumberingId::new(APPENDIX_NUM),
                IndentLevel::new(usize::from(level) - 1),
            );
        }
        let anchor = self.anchors.heading_anchor(h.id).to_string();
        let id = self.next_bookmark();
        p = p.add_bookmark_start(id, anchor);
        p = self.inlines(p, &h.content, Marks::default());
        p.add_bookmark_end(id)
    }
}
