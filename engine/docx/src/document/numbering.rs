//! Word's numbering: the ids and definitions of the heading, appendix,
//! bullet, ordered-list and numbered-paragraph numberings, and the lists
//! that use them (each ordered list its own `w:num`, so each restarts).

use docx_rs::{
    AbstractNumbering, Docx, IndentLevel, Level, LevelJc, LevelOverride, LevelSuffixType,
    LevelText, NumberFormat, Numbering, NumberingId, Paragraph, SpecialIndentType, Start,
};
use quire_model::resolved::Block;
use quire_style::{Layout, Style};

use super::{Builder, Child, para};
use crate::DocxError;

/// Numbering ids. docx-rs's own default numbering takes id 1, so ours start well above it.
pub const HEADING_NUM: usize = 101;
/// The numbering of appendix headings (`Appendix A`, `A.1`).
pub const APPENDIX_NUM: usize = 102;
pub(super) const BULLET_NUM: usize = 103;
const HEADING_ABSTRACT: usize = 101;
const APPENDIX_ABSTRACT: usize = 102;
const BULLET_ABSTRACT: usize = 103;
const ORDERED_ABSTRACT: usize = 104;
/// The numbering of numbered paragraphs ([`class::NUMBERED`]), linked to
/// their paragraph style: one sequence through the whole document.
pub(crate) const NUMBERED_NUM: usize = 104;
const NUMBERED_ABSTRACT: usize = 105;
/// The paragraph style of numbered paragraphs.
pub const NUMBERED_STYLE: &str = "NumberedParagraph";
/// Ordered lists each get their own `w:num` from here on, so each restarts.
pub(super) const FIRST_LIST_NUM: usize = 200;

/// The heading numbering (linked to the heading styles), appendix numbering,
/// bullets, the ordered-list template and, when the document has numbered
/// paragraphs, their numbering (linked to their style).
pub(super) fn numbering(
    mut docx: Docx,
    style: &Style,
    layout: &Layout,
    numbered_paragraphs: bool,
) -> Docx {
    let depth = usize::from(style.headings.numbered_depth).min(6);
    let mut headings = AbstractNumbering::new(HEADING_ABSTRACT);
    let mut appendix = AbstractNumbering::new(APPENDIX_ABSTRACT);
    for level in 0..depth {
        let text: Vec<String> = (1..=level + 1).map(|l| format!("%{l}")).collect();
        let text = text.join(".");
        let style_id = format!("Heading{}", level + 1);
        headings = headings.add_level(
            Level::new(
                level,
                Start::new(1),
                NumberFormat::new("decimal"),
                LevelText::new(&text),
                LevelJc::new("left"),
            )
            .paragraph_style(&style_id)
            .indent(Some(0), Some(SpecialIndentType::Hanging(0)), None, None)
            // A space after the number, as the PDF's (a tab would reach
            // the next default stop and wrap long headings).
            .suffix(LevelSuffixType::Space),
        );
        let appendix_text = if level == 0 {
            format!("{} %1", style.vocabulary.appendix)
        } else {
            text.clone()
        };
        let format = if level == 0 { "upperLetter" } else { "decimal" };
        appendix = appendix.add_level(
            Level::new(
                level,
                Start::new(1),
                NumberFormat::new(format),
                LevelText::new(&appendix_text),
                LevelJc::new("left"),
            )
            .indent(Some(0), Some(SpecialIndentType::Hanging(0)), None, None)
            .suffix(LevelSuffixType::Space),
        );
    }
    let mut bullets = AbstractNumbering::new(BULLET_ABSTRACT);
    let mut ordered = AbstractNumbering::new(ORDERED_ABSTRACT);
    // Each level hangs its marker in the layout's list hang, one hang
    // further in than the level above.
    let hang = layout.list_hang.twips() as i32;
    for level in 0..6usize {
        let indent = hang * (level as i32 + 1);
        let symbol = ["•", "–", "◦"][level % 3];
        // A list level: its marker, hanging in a deeper indent at each level.
        let list_level = |format: &str, text: String| {
            Level::new(
                level,
                Start::new(1),
                NumberFormat::new(format),
                LevelText::new(text),
                LevelJc::new("left"),
            )
            .indent(
                Some(indent),
                Some(SpecialIndentType::Hanging(hang)),
                None,
                None,
            )
        };
        bullets = bullets.add_level(list_level("bullet", symbol.to_string()));
        // Numbers as the PDF's: 1., 2., 3. at every level.
        ordered = ordered.add_level(list_level("decimal", format!("%{}.", level + 1)));
    }
    if numbered_paragraphs {
        let indent = layout.numbered_indent.twips() as i32;
        let level = Level::new(
            0,
            Start::new(1),
            NumberFormat::new("decimal"),
            LevelText::new("%1."),
            LevelJc::new("left"),
        )
        .paragraph_style(NUMBERED_STYLE)
        .indent(
            Some(indent),
            Some(SpecialIndentType::Hanging(indent)),
            None,
            None,
        );
        docx = docx
            .add_abstract_numbering(AbstractNumbering::new(NUMBERED_ABSTRACT).add_level(level))
            .add_numbering(Numbering::new(NUMBERED_NUM, NUMBERED_ABSTRACT));
    }
    docx = docx
        .add_abstract_numbering(headings)
        .add_abstract_numbering(appendix)
        .add_abstract_numbering(bullets)
        .add_abstract_numbering(ordered)
        .add_numbering(Numbering::new(HEADING_NUM, HEADING_ABSTRACT))
        .add_numbering(Numbering::new(APPENDIX_NUM, APPENDIX_ABSTRACT))
        .add_numbering(Numbering::new(BULLET_NUM, BULLET_ABSTRACT));
    docx
}

impl Builder<'_> {
    pub(super) fn list(
        &mut self,
        items: &[Vec<Block>],
        start: Option<u32>,
        out: &mut Vec<Child>,
        depth: usize,
    ) -> Result<(), DocxError> {
        let num = match start {
            None => BULLET_NUM,
            Some(start) => {
                let id = self.next_list_num;
                self.next_list_num += 1;
                let n = Numbering::new(id, ORDERED_ABSTRACT)
                    .add_override(LevelOverride::new(depth).start(start as usize));
                self.numberings.push(n);
                id
            }
        };
        for item in items {
            let mut first = true;
            for b in item {
                match b {
                    Block::Paragraph { content, .. } if first => {
                        let p = Paragraph::new()
                            .style("ListParagraph")
                            .numbering(NumberingId::new(num), IndentLevel::new(depth.min(5)));
                        out.push(para(self.inlines(p, content, self.base)));
                    }
                    other => self.block(other, out, depth + 1)?,
                }
                first = false;
            }
        }
        Ok(())
    }
}
