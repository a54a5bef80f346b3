//! Tables: their captions, cells, merged cells, fills and rules, and
//! which rows keep together.

use docx_rs::{
    AlignmentType, Paragraph, Run, Shading, Table as DocxTable, TableCell, TableCellMargins,
    TableRow, VMergeType, WidthType,
};
use quire_model::resolved::Table;
use quire_model::{Align, ColumnWidth};

use super::captions::{SEQ_TABLE, caption_number};
use super::inlines::Marks;
use super::{Builder, Child, para};
use crate::DocxError;
use crate::styles::{self, hex};

/// The table style every table uses.
pub const TABLE_STYLE: &str = "QuireTable";
/// Between the table style and a table's node id in the style reference
/// docx-rs writes (`QuireTable--n7`), which the package layer reads and
/// puts back to [`TABLE_STYLE`].
pub const TABLE_MARK: &str = "--";

impl Builder<'_> {
    pub(super) fn table(&mut self, t: &Table, out: &mut Vec<Child>) -> Result<(), DocxError> {
        let gap = self.style.spacing.paragraph.pt();
        if let (Some(caption), Some(number)) = (&t.caption, &t.number) {
            // The paragraph spacing between the caption and its table.
            let p = Paragraph::new()
                .style("Caption")
                .keep_next(true)
                .line_spacing(docx_rs::LineSpacing::new().after(styles::twips(gap)));
            let words = &self.style.vocabulary;
            let p = self.bookmarked(p, t.label.as_deref(), |p| {
                caption_number(p, &words.table, SEQ_TABLE, number)
            });
            let p = p.add_run(Run::new().add_text(&words.caption_separator));
            out.push(para(self.inlines(p, caption, Marks::default())));
        } else if let Some(Child::Paragraph(p)) = out.last_mut() {
            // A table has no room above it in Word: the paragraph before
            // leaves it, as the PDF's table has.
            **p = std::mem::take(&mut **p)
                .line_spacing(docx_rs::LineSpacing::new().after(styles::twips(gap)));
        }
        let grid = column_widths(t, self.text_width());
        let style = self.style;
        let table_look = t.class.as_deref().and_then(|c| style.look(c));
        let columns = grid.len();
        let mut covered = vec![0u32; columns];
        let mut rows = Vec::new();
        // The header and the first two body rows stay on one page, as in
        // the PDF: each row before the last of them keeps with the next
        // (every row but the last, in a table kept whole).
        let kept_rows = t.header.len() + t.body.len().min(2).saturating_sub(1);
        let last_row = t.header.len() + t.body.len() - 1;
        for (r, row) in t.header.iter().chain(t.body.iter()).enumerate() {
            if r == t.header.len() {
                covered.iter_mut().for_each(|c| *c = 0);
            }
            let in_header = r < t.header.len();
            // The table's class look, then the row's; header rows are bold.
            let row_look = row.class.as_deref().and_then(|c| self.style.look(c));
            let fill = if in_header {
                Some(&self.style.colours.table_header)
            } else {
                row_look
                    .and_then(|l| l.background.as_ref())
                    .or_else(|| table_look.and_then(|l| l.background.as_ref()))
            };
            let marks = Marks {
                bold: in_header,
                ..Marks::default()
            }
            .with_look(table_look)
            .with_look(row_look);
            // A key-value table's first cell heads its row: drawn as header cells are.
            let row_header = t.row_headers && !in_header;
            // A table kept whole: every row keeps with the next.
            let keep = (t.keep_together && r < last_row) || r < kept_rows;
            let mut cells = Vec::new();
            let mut col = 0;
            let mut source = row.cells.iter();
            while col < columns {
                if covered[col] > 0 {
                    covered[col] -= 1;
                    cells.push(
                        TableCell::new()
                            .vertical_merge(VMergeType::Continue)
                            .width(grid[col], WidthType::Dxa)
                            .add_paragraph(Paragraph::new()),
                    );
                    col += 1;
                    continue;
                }
                let Some(cell) = source.next() else { break };
                let span = (cell.colspan as usize).clamp(1, columns - col);
                let width: usize = grid[col..col + span].iter().sum();
                let align = cell.align.unwrap_or(t.columns[col].align);
                let mut tc = TableCell::new().width(width, WidthType::Dxa);
                if span > 1 {
                    tc = tc.grid_span(span);
                }
                let heads_row = row_header && col == 0;
                let fill = if heads_row {
                    Some(&self.style.colours.table_header)
                } else {
                    fill
                };
                let marks = Marks {
                    bold: marks.bold || heads_row,
                    ..marks
                };
                if cell.rowspan > 1 {
                    tc = tc.vertical_merge(VMergeType::Restart);
                    for c in &mut covered[col..col + span] {
                        *c = cell.rowspan - 1;
                    }
                }
                if let Some(fill) = fill {
                    tc = tc.shading(Shading::new().fill(hex(fill)));
                }
                let mut paragraphs = Vec::new();
                let outer = std::mem::replace(&mut self.base, marks);
                for b in &cell.content {
                    let mut inner = Vec::new();
                    let built = self.block(b, &mut inner, 0);
                    if built.is_err() {
                        self.base = outer;
                    }
                    built?;
                    paragraphs.extend(inner);
                }
                self.base = outer;
                if paragraphs.is_empty() {
                    paragraphs.push(para(Paragraph::new()));
                }
                for child in paragraphs {
                    if let Child::Paragraph(p) = child {
                        let p = p.style("TableText").align(alignment(align));
                        tc = tc.add_paragraph(if keep { p.keep_next(true) } else { p });
                    }
                }
                cells.push(tc);
                col += span;
            }
            rows.push(TableRow::new(cells).cant_split());
        }
        let key = t.id.to_string();
        self.fixups.header_rows.insert(key.clone(), t.header.len());
        if t.row_headers {
            self.fixups.row_header_tables.insert(key.clone());
        }
        let table = DocxTable::new(rows)
            .style(format!("{TABLE_STYLE}{TABLE_MARK}{key}"))
            .set_borders(styles::table_borders_for(
                self.style,
                self.input.layout,
                table_look,
            ))
            .set_grid(grid.clone())
            .width(grid.iter().sum(), WidthType::Dxa)
            .margins(cell_margins(self.input.layout));
        // A table kept whole right after another (a report's audit trail:
        // its details, then the grid of officers consulted) keeps with it:
        // the one before keeps its last row with the next, so a short table
        // never stands alone on a page of its own.
        if t.keep_together
            && let Some(Child::Table(previous, true)) = out.last_mut()
            && let Some(docx_rs::TableChild::TableRow(row)) = previous.rows.last_mut()
        {
            for cell in &mut row.cells {
                let docx_rs::TableRowChild::TableCell(cell) = cell;
                for content in &mut cell.children {
                    if let docx_rs::TableCellContent::Paragraph(p) = content {
                        **p = std::mem::take(&mut **p).keep_next(true);
                    }
                }
            }
        }
        out.push(Child::Table(Box::new(table), t.keep_together));
        for note in &t.notes {
            self.block(note, out, 0)?;
        }
        Ok(())
    }
}

fn alignment(align: Align) -> AlignmentType {
    match align {
        Align::Start => AlignmentType::Left,
        Align::Center => AlignmentType::Center,
        Align::End => AlignmentType::Right,
    }
}

/// Column widths in twips: fractions share what auto columns leave.
fn column_widths(t: &Table, total: u32) -> Vec<usize> {
    let total = f64::from(total);
    let fractions: Vec<f64> = t
        .columns
        .iter()
        .map(|c| match c.width {
            ColumnWidth::Fraction(f) if f > 0.0 => f,
            _ => 1.0,
        })
        .collect();
    let sum: f64 = fractions.iter().sum();
    fractions
        .iter()
        .map(|f| (total * f / sum).floor() as usize)
        .collect()
}

/// The layout's room on every side of a cell's text; above and below it,
/// less half the table's rule, which LibreOffice adds to each row's height
/// (the PDF draws its rules over the cells' edges).
fn cell_margins(layout: &quire_style::Layout) -> TableCellMargins {
    let x = layout.cell_inset;
    let y = quire_style::Length(x.pt() - layout.table_rule.pt() / 2.0);
    let (x, y) = (x.twips() as usize, y.twips() as usize);
    TableCellMargins::new().margin(y, x, y, x)
}
