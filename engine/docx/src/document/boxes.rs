//! Boxes: callouts and divisions with a look, their paragraphs drawn as
//! one box with the look's room around it.

use quire_model::resolved::Block;

use super::{Builder, Child, para};
use crate::DocxError;
use crate::styles;

impl Builder<'_> {
    /// The blocks of a box (a callout, a division with a look): plain
    /// paragraphs outside lists take the box's paragraph style, so Word
    /// draws them as one box; others keep their own.
    pub(super) fn boxed_blocks(
        &mut self,
        blocks: &[Block],
        style_id: &str,
        out: &mut Vec<Child>,
        depth: usize,
    ) -> Result<(), DocxError> {
        for b in blocks {
            let mut inner = Vec::new();
            self.block(b, &mut inner, depth)?;
            for child in inner {
                out.push(match child {
                    Child::Paragraph(p) if depth == 0 && self.is_plain(b) => {
                        para(p.style(style_id))
                    }
                    other => other,
                });
            }
        }
        Ok(())
    }

    /// Whether `b` is a paragraph drawn plainly: no class, or one with no look.
    pub(super) fn is_plain(&self, b: &Block) -> bool {
        matches!(b, Block::Paragraph { class, .. }
            if class.as_deref().is_none_or(|c| self.style.look(c).is_none()))
    }

    /// A box's paragraphs with the look's room above and below the box as a
    /// whole: the paragraphs inside are the paragraph spacing apart, and
    /// the last leaves the look's room below (less the paragraph spacing
    /// Word adds above what follows), as the PDF's box.
    pub(super) fn spaced(&self, mut boxed: Vec<Child>, class: &str) -> Vec<Child> {
        let Some(look) = self.style.look(class) else {
            return boxed;
        };
        if look.space_before.is_none() && look.space_after.is_none() {
            return boxed;
        }
        let gap = self.style.spacing.paragraph.pt();
        let last = boxed.len().saturating_sub(1);
        for (i, child) in boxed.iter_mut().enumerate() {
            if let Child::Paragraph(p) = child {
                let mut spacing = docx_rs::LineSpacing::new();
                if i > 0 && look.space_before.is_some() {
                    spacing = spacing.before(styles::twips(gap));
                }
                if let (true, Some(after)) = (i == last, look.space_after) {
                    spacing = spacing.after(styles::twips(after.pt() - gap));
                }
                if i > 0 || i == last {
                    **p = std::mem::take(&mut **p).line_spacing(spacing);
                }
            }
        }
        boxed
    }
}
