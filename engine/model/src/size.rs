//! How big a run of blocks is, in the measures that typesetting memory
//! follows: blocks, headings, table cells, footnotes and characters. A document's
//! budget (in `quire-core`) is checked against these counts before anything
//! is typeset.

use std::ops::AddAssign;

use crate::{Block, FigureContent, Inline, Table};

/// The size of some blocks, counted at every depth: inside lists, quotes,
/// callouts, divs, table cells and footnotes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Size {
    /// Blocks of every kind (a list item's paragraph and a footnote's
    /// paragraph each count), except the first block of each table cell,
    /// which is typeset as part of the cell.
    pub blocks: usize,
    /// Headings (each is among the blocks too): numbered, in the contents
    /// and the PDF's outline, each costs several paragraphs.
    pub headings: usize,
    /// Table cells: each table counts its rows times its columns, as the
    /// resolve pass pads short rows to that grid (or the cells it was given,
    /// if there are more).
    pub cells: usize,
    /// Footnotes.
    pub footnotes: usize,
    /// Characters of text: text runs, code, cross-reference labels, raw
    /// content, alternative text and chart labels.
    pub chars: usize,
}

impl Size {
    /// The size of `blocks` and everything inside them.
    pub fn of(blocks: &[Block]) -> Self {
        let mut size = Self::default();
        size.add_blocks(blocks);
        size
    }

    fn add_blocks(&mut self, blocks: &[Block]) {
        for block in blocks {
            self.add_block(block);
        }
    }

    fn add_block(&mut self, block: &Block) {
        self.blocks += 1;
        match block {
            Block::Paragraph { content, .. } => self.add_inlines(content),
            Block::Heading(heading) => {
                self.headings += 1;
                self.add_inlines(&heading.content);
            }
            Block::BulletList { items, .. } | Block::OrderedList { items, .. } => {
                items.iter().for_each(|item| self.add_blocks(item));
            }
            Block::DefinitionList(definitions) => {
                for definition in definitions {
                    self.add_inlines(&definition.term);
                    self.add_blocks(&definition.details);
                }
            }
            Block::Table(table) => self.add_table(table),
            Block::Figure(figure) => {
                self.add_inlines(&figure.caption);
                self.chars += figure.alt.chars().count();
                if let FigureContent::Chart(chart) = &figure.content {
                    let labels = chart.categories.iter().chain(chart.x_label.iter());
                    self.chars += labels.map(|l| l.chars().count()).sum::<usize>();
                    self.cells += chart.categories.len() * chart.series.len();
                }
            }
            Block::Quote {
                blocks,
                attribution,
            } => {
                self.add_blocks(blocks);
                attribution.iter().for_each(|a| self.add_inlines(a));
            }
            Block::Callout { title, blocks, .. } => {
                title.iter().for_each(|t| self.add_inlines(t));
                self.add_blocks(blocks);
            }
            Block::Div { blocks, .. } => self.add_blocks(blocks),
            Block::PageBreak => {}
        }
    }

    fn add_table(&mut self, table: &Table) {
        let rows = table.header.iter().chain(&table.body);
        let given: usize = rows.clone().map(|row| row.cells.len()).sum();
        let grid = (table.header.len() + table.body.len()).saturating_mul(table.columns.len());
        self.cells += given.max(grid);
        for cell in rows.flat_map(|row| &row.cells) {
            self.add_blocks(&cell.content);
            // The cell's first block is part of the cell.
            self.blocks -= usize::from(!cell.content.is_empty());
        }
        table.caption.iter().for_each(|c| self.add_inlines(c));
        self.add_blocks(&table.notes);
    }

    fn add_inlines(&mut self, inlines: &[Inline]) {
        for inline in inlines {
            match inline {
                Inline::Text(text) | Inline::Code(text) => self.chars += text.chars().count(),
                Inline::Ref { label, .. } => self.chars += label.chars().count(),
                Inline::Emph(content) | Inline::Strong(content) => self.add_inlines(content),
                Inline::Link { content, .. } | Inline::Span { content, .. } => {
                    self.add_inlines(content)
                }
                Inline::Footnote(blocks) => {
                    self.footnotes += 1;
                    self.add_blocks(blocks);
                }
                Inline::LineBreak => {}
            }
        }
    }
}

impl AddAssign for Size {
    fn add_assign(&mut self, other: Self) {
        self.blocks += other.blocks;
        self.headings += other.headings;
        self.cells += other.cells;
        self.footnotes += other.footnotes;
        self.chars += other.chars;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Cell, Column, Heading, Row, text};

    fn table(columns: usize, rows: Vec<Row>) -> Table {
        Table::new(vec![Column::fr(1.0); columns])
            .rows(rows)
            .caption(text("Caption"))
    }

    #[test]
    fn counts_blocks_characters_and_footnotes_at_every_depth() {
        let note = Inline::Footnote(vec![Block::paragraph(text("note"))]);
        let blocks = vec![
            Block::heading(Heading::new(1, text("Title"))),
            Block::paragraph(vec![Inline::Text("abc".into()), note]),
            Block::bullet_list(vec![
                vec![Block::paragraph(text("one"))],
                vec![Block::Quote {
                    blocks: vec![Block::paragraph(text("deep"))],
                    attribution: None,
                }],
            ]),
        ];
        let size = Size::of(&blocks);
        // Heading, paragraph, the footnote's paragraph, the list, its two
        // paragraphs and the quote.
        assert_eq!(size.blocks, 7);
        assert_eq!(size.headings, 1);
        assert_eq!(size.footnotes, 1);
        assert_eq!(size.chars, "Title".len() + 3 + 4 + 3 + 4);
        assert_eq!(size.cells, 0);
    }

    #[test]
    fn a_table_counts_its_whole_grid_even_when_rows_are_short() {
        let short = Row::new(vec![Cell::text("a")]);
        let blocks = vec![Block::Table(table(4, vec![short; 10]))];
        let size = Size::of(&blocks);
        assert_eq!(size.cells, 40, "padded to four columns by the resolve pass");
        assert_eq!(
            size.blocks, 1,
            "the table; each cell's paragraph is part of the cell"
        );
        assert_eq!(size.chars, "Caption".len() + 10);
        let two = Cell::blocks(vec![
            Block::paragraph(text("a")),
            Block::paragraph(text("b")),
        ]);
        let size = Size::of(&[Block::Table(table(1, vec![Row::new(vec![two])]))]);
        assert_eq!((size.cells, size.blocks), (1, 2), "a second block counts");
    }

    #[test]
    fn sizes_add_up() {
        let a = Size::of(&[Block::paragraph(text("ab"))]);
        let mut total = a;
        total += Size::of(&[Block::paragraph(text("cde"))]);
        assert_eq!(
            total,
            Size {
                blocks: 2,
                headings: 0,
                cells: 0,
                footnotes: 0,
                chars: 5
            }
        );
    }
}
