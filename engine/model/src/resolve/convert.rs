//! The input model made into the resolved one, in reading order: each
//! heading, table and figure numbered and given its identity as it is met
//! (parents before children, a block's footnotes after what it holds: the
//! order of [`crate::walk::blocks`]), each chart drawn.

use super::{Enclosure, Numbering, Part, Position, ResolveError, Top};
use crate::{
    Block, Cell, Figure, FigureContent, Heading, Inline, Row, Table, TargetKind, Vocabulary,
    resolved,
};

impl Numbering<'_> {
    /// The blocks, resolved (a figure whose chart cannot be drawn is left
    /// out, with its problem).
    pub(super) fn blocks(&mut self, blocks: Vec<Block>, top: Top) -> Vec<resolved::Block> {
        blocks
            .into_iter()
            .filter_map(|b| self.block(b, top))
            .collect()
    }

    /// One block, resolved.
    pub(super) fn block(&mut self, block: Block, top: Top) -> Option<resolved::Block> {
        Some(match block {
            Block::Paragraph { content, class, at } => resolved::Block::Paragraph {
                content: self.inlines(content, top),
                class,
                at,
            },
            Block::Heading(h) => resolved::Block::Heading(self.heading(h, top)),
            Block::BulletList { items, at } => resolved::Block::BulletList {
                items: self.items(items, top),
                at,
            },
            Block::OrderedList { start, items, at } => resolved::Block::OrderedList {
                start,
                items: self.items(items, top),
                at,
            },
            Block::DefinitionList(defs) => {
                let (terms, details): (Vec<_>, Vec<_>) =
                    defs.into_iter().map(|d| (d.term, d.details)).unzip();
                let details = self.items(details, top);
                let terms: Vec<_> = terms.into_iter().map(|t| self.inlines(t, top)).collect();
                let defs = terms.into_iter().zip(details);
                resolved::Block::DefinitionList(
                    defs.map(|(term, details)| resolved::Definition { term, details })
                        .collect(),
                )
            }
            Block::Table(t) => resolved::Block::Table(self.table(t, top)),
            Block::Figure(f) => resolved::Block::Figure(self.figure(f, top)?),
            Block::Quote {
                blocks,
                attribution,
            } => {
                let blocks = self.blocks(blocks, top);
                let attribution = attribution.map(|a| self.inlines(a, top));
                resolved::Block::Quote {
                    blocks,
                    attribution,
                }
            }
            Block::Callout {
                class,
                title,
                blocks,
                at,
            } => {
                let blocks = self.boxed(Enclosure::Callout(class.clone()), blocks, top);
                let title = title.map(|t| self.inlines(t, top));
                resolved::Block::Callout {
                    class,
                    title,
                    blocks,
                    at,
                }
            }
            Block::Div { class, blocks } => resolved::Block::Div {
                blocks: self.boxed(Enclosure::Division(class.clone()), blocks, top),
                class,
            },
            Block::PageBreak => resolved::Block::PageBreak,
        })
    }

    /// The blocks of a box, resolved standing in it.
    fn boxed(
        &mut self,
        enclosure: Enclosure,
        blocks: Vec<Block>,
        top: Top,
    ) -> Vec<resolved::Block> {
        self.within.push(enclosure);
        let blocks = self.blocks(blocks, top);
        self.within.pop();
        blocks
    }

    fn items(&mut self, items: Vec<Vec<Block>>, top: Top) -> Vec<Vec<resolved::Block>> {
        items.into_iter().map(|i| self.blocks(i, top)).collect()
    }

    fn inlines(&mut self, inlines: Vec<Inline>, top: Top) -> Vec<resolved::Inline> {
        inlines.into_iter().map(|i| self.inline(i, top)).collect()
    }

    /// One inline, resolved; a cross-reference's target is filled once
    /// every label is known.
    fn inline(&mut self, inline: Inline, top: Top) -> resolved::Inline {
        match inline {
            Inline::Text(s) => resolved::Inline::Text(s),
            Inline::Emph(c) => resolved::Inline::Emph(self.inlines(c, top)),
            Inline::Strong(c) => resolved::Inline::Strong(self.inlines(c, top)),
            Inline::Link {
                target,
                content,
                at,
            } => resolved::Inline::Link {
                target,
                content: self.inlines(content, top),
                at,
            },
            Inline::Footnote(blocks) => resolved::Inline::Footnote(self.blocks(blocks, top)),
            Inline::Ref { label, at } => resolved::Inline::Ref {
                label,
                at,
                target: None,
            },
            Inline::LineBreak => resolved::Inline::LineBreak,
            Inline::Code(s) => resolved::Inline::Code(s),
            Inline::Span { class, content } => resolved::Inline::Span {
                class,
                content: self.inlines(content, top),
            },
        }
    }

    /// A heading, numbered (a level out of range is a problem, and
    /// leaves it unnumbered).
    fn heading(&mut self, h: Heading, top: Top) -> resolved::Heading {
        let id = self.next_id(&h.at);
        let number = self.heading_number_of(&h, top);
        resolved::Heading {
            level: h.level,
            content: self.inlines(h.content, top),
            numbered: h.numbered,
            outlined: h.outlined,
            label: h.label,
            at: h.at,
            number,
            id,
        }
    }

    fn heading_number_of(&mut self, h: &Heading, top: Top) -> Option<String> {
        let at = Position::of(&top, &h.at);
        if !(1..=6).contains(&h.level) {
            self.errors
                .push(ResolveError::HeadingLevel { level: h.level, at });
            return None;
        }
        if h.level > self.last_level + 1 {
            self.errors.push(ResolveError::SkippedHeadingLevel {
                title: Inline::plain_text(&h.content),
                level: h.level,
                previous: self.last_level,
                at: at.clone(),
            });
        }
        self.last_level = h.level;
        let number =
            (h.numbered && h.level <= self.options.numbered_depth && top.part != Part::Front)
                .then(|| self.heading_number(h.level, top.part));
        if let Some(label) = &h.label {
            let (kind, display) = match (&number, top.part) {
                (Some(n), Part::Appendices) if h.level == 1 => (TargetKind::Appendix, n.clone()),
                (Some(n), Part::Appendices) => (
                    TargetKind::Appendix,
                    Vocabulary::numbered(&self.options.vocabulary.section, n),
                ),
                (Some(n), Part::Body | Part::Front) => (
                    TargetKind::Section,
                    Vocabulary::numbered(&self.options.vocabulary.section, n),
                ),
                (None, _) => (
                    TargetKind::Section,
                    format!("“{}”", Inline::plain_text(&h.content)),
                ),
            };
            let shown = number.clone().unwrap_or_default();
            self.add_label(label, (kind, shown, display), at);
        }
        number
    }

    /// A table, made rectangular and numbered when it has a caption.
    fn table(&mut self, mut t: Table, top: Top) -> resolved::Table {
        let id = self.next_id(&t.at);
        let at = Position::of(&top, &t.at);
        if let Err(error) = t.normalize() {
            let what = t
                .label
                .clone()
                .or_else(|| t.caption.as_deref().map(Inline::plain_text));
            let what = what
                .map(|w| format!("“{w}”"))
                .unwrap_or_else(|| "without caption".into());
            self.errors.push(ResolveError::TableShape {
                what,
                error,
                at: at.clone(),
            });
        }
        let mut number = None;
        if t.caption.is_some() {
            number = Some(self.next_number(TargetKind::Table, t.label.as_deref(), at));
        } else if let Some(label) = &t.label {
            // A label on an uncaptioned table can never be shown as a number.
            let display = self.options.vocabulary.uncaptioned_table.clone();
            self.add_label(label, (TargetKind::Table, String::new(), display), at);
        }
        let header = self.rows(t.header, top);
        let body = self.rows(t.body, top);
        let notes = self.blocks(t.notes, top);
        let caption = t.caption.map(|c| self.inlines(c, top));
        resolved::Table {
            caption,
            label: t.label,
            columns: t.columns,
            header,
            row_headers: t.row_headers,
            keep_together: t.keep_together,
            body,
            notes,
            class: t.class,
            at: t.at,
            number,
            id,
        }
    }

    fn rows(&mut self, rows: Vec<Row>, top: Top) -> Vec<resolved::Row> {
        rows.into_iter()
            .map(|row| resolved::Row {
                cells: row.cells.into_iter().map(|c| self.cell(c, top)).collect(),
                class: row.class,
            })
            .collect()
    }

    fn cell(&mut self, cell: Cell, top: Top) -> resolved::Cell {
        resolved::Cell {
            content: self.blocks(cell.content, top),
            colspan: cell.colspan,
            rowspan: cell.rowspan,
            align: cell.align,
        }
    }

    /// A figure, numbered, its chart drawn; none when the chart cannot
    /// be drawn (a problem).
    fn figure(&mut self, fig: Figure, top: Top) -> Option<resolved::Figure> {
        let id = self.next_id(&fig.at);
        let at = Position::of(&top, &fig.at);
        if fig.alt.trim().is_empty() {
            self.errors.push(ResolveError::MissingAlt {
                caption: Inline::plain_text(&fig.caption),
                at: at.clone(),
            });
        }
        let number = self.next_number(TargetKind::Figure, fig.label.as_deref(), at.clone());
        let content = match fig.content {
            FigureContent::Image { src, width } => resolved::FigureContent::Image { src, width },
            FigureContent::Chart(data) => match self.charts.draw(&data, &self.within) {
                Ok(svg) => resolved::FigureContent::Chart(resolved::Chart { data, svg }),
                Err(message) => {
                    self.errors.push(ResolveError::Chart {
                        caption: Inline::plain_text(&fig.caption),
                        message,
                        at,
                    });
                    return None;
                }
            },
        };
        Some(resolved::Figure {
            content,
            caption: self.inlines(fig.caption, top),
            alt: fig.alt,
            label: fig.label,
            at: fig.at,
            number,
            id,
        })
    }
}
