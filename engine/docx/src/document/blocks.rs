//! Blocks: each kind of block to paragraphs and tables, and the
//! paragraph styles of classes with a look.

use docx_rs::{BreakType, Paragraph, Run};
use quire_model::class;
use quire_model::resolved::Block;

use super::inlines::Marks;
use super::numbering::NUMBERED_STYLE;
use super::{Builder, Child, para};
use crate::DocxError;
use crate::styles;

impl Builder<'_> {
    pub(super) fn block(
        &mut self,
        block: &Block,
        out: &mut Vec<Child>,
        depth: usize,
    ) -> Result<(), DocxError> {
        match block {
            Block::Paragraph { content, class, .. } => {
                // A numbered paragraph's style numbers it, whatever its look;
                // a class with no look is drawn plainly.
                let style_id = if class.as_deref() == Some(class::NUMBERED) {
                    // Noted, so the style and its numbering are made.
                    self.classes.insert(class::NUMBERED.to_string());
                    NUMBERED_STYLE.into()
                } else {
                    match class.as_deref().and_then(|c| self.class_style(c)) {
                        Some(id) => id,
                        None if depth > 0 => "ListContinue".into(),
                        None => "BodyText".into(),
                    }
                };
                let p = Paragraph::new().style(&style_id);
                out.push(para(self.inlines(p, content, self.base)));
            }
            Block::Heading(h) => out.push(para(self.heading(h))),
            Block::BulletList { items, .. } => self.list(items, None, out, depth)?,
            Block::OrderedList { start, items, .. } => {
                self.list(items, Some(*start), out, depth)?
            }
            Block::DefinitionList(defs) => {
                // As the PDF's: the term in bold, the separator and the
                // first paragraph of its details run on in one paragraph
                // with a hanging indent; further details follow, indented.
                let separator = self.style.vocabulary.term_separator.clone();
                for def in defs {
                    let p = Paragraph::new().style("Term");
                    let mut p = self.inlines(
                        p,
                        &def.term,
                        Marks {
                            bold: true,
                            ..self.base
                        },
                    );
                    let mut details = def.details.iter().peekable();
                    if let Some(Block::Paragraph { content, .. }) = details.peek() {
                        p = p.add_run(self.run(&separator, self.base));
                        p = self.inlines(p, content, self.base);
                        details.next();
                    } else {
                        p = p.keep_next(true);
                    }
                    out.push(para(p));
                    for detail in details {
                        self.block(detail, out, depth + 1)?;
                    }
                }
            }
            Block::Table(t) => self.table(t, out)?,
            Block::Figure(fig) => self.figure(fig, out)?,
            Block::Quote {
                blocks,
                attribution,
            } => {
                for b in blocks {
                    let mut inner = Vec::new();
                    self.block(b, &mut inner, depth)?;
                    for child in inner {
                        out.push(match child {
                            Child::Paragraph(p) => para(p.style("Quote")),
                            other => other,
                        });
                    }
                }
                if let Some(who) = attribution {
                    let p = Paragraph::new()
                        .style("Quote")
                        .add_run(Run::new().add_text("— "));
                    out.push(para(self.inlines(p, who, self.base)));
                }
            }
            Block::Callout {
                class,
                title,
                blocks,
                ..
            } => {
                // A class with no look is the plain callout box.
                let (title_style, body_style) = match self.class_style(class) {
                    Some(id) => (id.clone(), id),
                    None => ("CalloutTitle".into(), "Callout".into()),
                };
                let mut boxed = Vec::new();
                if let Some(title) = title {
                    let p = Paragraph::new().style(&title_style).keep_next(true);
                    boxed.push(para(self.inlines(
                        p,
                        title,
                        Marks {
                            bold: true,
                            ..self.base
                        },
                    )));
                }
                self.boxed_blocks(blocks, &body_style, &mut boxed, depth)?;
                out.extend(self.spaced(boxed, class));
            }
            Block::Div { class, blocks } => {
                // Landscape pages are the class's structure, whatever its look.
                let turn = class == class::WIDE && !self.landscape;
                if turn {
                    out.push(para(self.section_break(false)));
                    self.landscape = true;
                }
                match self.class_style(class) {
                    Some(id) => {
                        let mut boxed = Vec::new();
                        self.boxed_blocks(blocks, &id, &mut boxed, depth)?;
                        out.extend(self.spaced(boxed, class));
                    }
                    None => {
                        for b in blocks {
                            self.block(b, out, depth)?;
                        }
                    }
                }
                if turn {
                    out.push(para(self.section_break(true)));
                    self.landscape = false;
                }
            }
            Block::PageBreak => out.push(para(
                Paragraph::new().add_run(Run::new().add_break(BreakType::Page)),
            )),
        }
        Ok(())
    }

    /// The paragraph style of `class` if the style gives it a look (noted,
    /// so the style is made); `None` draws the block plainly.
    pub(super) fn class_style(&mut self, class: &str) -> Option<String> {
        self.style.look(class)?;
        self.classes.insert(class.to_string());
        Some(styles::class_style_id(class))
    }
}
