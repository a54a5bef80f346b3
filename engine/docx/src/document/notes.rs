//! Footnotes: a note's blocks as the note's paragraphs.

use docx_rs::{Footnote, Paragraph, Run};
use quire_model::resolved::Block;

use super::{Builder, Child};

impl Builder<'_> {
    /// A footnote's reference at the end of `p`, holding the note.
    pub(super) fn footnote(&mut self, p: Paragraph, blocks: &[Block]) -> Paragraph {
        // The note's own number mark (`w:footnoteRef`) is added by the package layer.
        let mut note = Footnote::new();
        // A note's text starts plain, even from a table cell.
        let outer = std::mem::take(&mut self.base);
        for b in blocks {
            let mut inner = Vec::new();
            if self.block(b, &mut inner, 0).is_ok() {
                for child in inner {
                    if let Child::Paragraph(fp) = child {
                        note = note.add_content(fp.style("FootnoteText"));
                    }
                }
            }
        }
        self.base = outer;
        p.add_run(
            Run::new()
                .style("FootnoteReference")
                .add_footnote_reference(note),
        )
    }
}
