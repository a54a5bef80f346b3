//! Settles every table's columns into fractions of the text width, once,
//! from the cells' text, so that every renderer draws the same columns (and
//! breaks the cells' text into the same lines): Typst's and Word's own
//! automatic column widths differ, and a word a column is too narrow for
//! is broken by one and left to overflow by the other.
//!
//! The rule is the browsers' automatic table layout, measured in ems of the
//! table text: a column is at least as wide as its longest word and at
//! most as wide as its longest cell on one line; when the table's widest
//! widths fit, columns get them, and the width left over is shared in
//! proportion; otherwise each column gets its least width and a share of
//! what is left in proportion to how much more it could use. A column
//! given as a fraction keeps its share, but never less than its longest
//! word (the others give way). Text is measured with
//! [`crate::text_width`]; header rows, which are bold, with its room for
//! bold.

use crate::{Block, Column, ColumnWidth, Inline, Table, class, text_width};

/// The widths tables are laid out in, in ems of the table text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextWidths {
    /// The text width of a portrait page.
    pub portrait: f64,
    /// The text width of a landscape page (`wide` divisions).
    pub landscape: f64,
}

impl Default for TextWidths {
    /// A4 with 25 mm margins, in 10 pt table text.
    fn default() -> Self {
        Self {
            portrait: 45.4,
            landscape: 70.9,
        }
    }
}

/// Room either side of a cell's text (the renderers' 5 pt insets), in ems,
/// with a little to spare.
const PADDING: f64 = 1.1;
/// The least share a `fraction` column gets, in ems per unit of fraction,
/// when auto columns stand beside it.
const FRACTION_EM: f64 = 6.0;

/// Settles the auto columns of every table in `blocks`.
pub fn settle(blocks: &mut [Block], widths: TextWidths) {
    settle_in(blocks, widths, false);
}

fn settle_in(blocks: &mut [Block], widths: TextWidths, landscape: bool) {
    for block in blocks {
        match block {
            Block::Table(table) => {
                let width = if landscape {
                    widths.landscape
                } else {
                    widths.portrait
                };
                settle_table(table, width);
            }
            Block::Div { class: c, blocks } => {
                settle_in(blocks, widths, landscape || c == class::WIDE);
            }
            Block::Callout { blocks, .. } | Block::Quote { blocks, .. } => {
                settle_in(blocks, widths, landscape);
            }
            Block::BulletList { items, .. } | Block::OrderedList { items, .. } => {
                for item in items {
                    settle_in(item, widths, landscape);
                }
            }
            Block::DefinitionList(defs) => {
                for def in defs {
                    settle_in(&mut def.details, widths, landscape);
                }
            }
            _ => {}
        }
    }
}

/// Settles `table`'s columns for a text `width` in ems: auto columns get
/// fractions, and no column stays narrower than its longest word.
pub fn settle_table(table: &mut Table, width: f64) {
    if table.columns.is_empty() {
        return;
    }
    let (least, most) = measure(table);
    let has_auto = table
        .columns
        .iter()
        .any(|c| matches!(c.width, ColumnWidth::Auto));
    let ems: Vec<f64> = if has_auto {
        auto_layout(&table.columns, &least, &most, width)
    } else {
        let sum: f64 = table.columns.iter().map(|c| share(c.width)).sum();
        table
            .columns
            .iter()
            .map(|c| width * share(c.width) / sum)
            .collect()
    };
    let ems = at_least(ems, &least);
    for (column, w) in table.columns.iter_mut().zip(ems) {
        column.width = ColumnWidth::Fraction(round(w.max(PADDING)));
    }
}

/// A fraction column's share (a zero or negative one counts as one).
fn share(width: ColumnWidth) -> f64 {
    match width {
        ColumnWidth::Fraction(f) if f > 0.0 => f,
        _ => 1.0,
    }
}

/// The browsers' automatic layout, with fraction columns sharing what the
/// auto columns leave (at least [`FRACTION_EM`] a unit).
fn auto_layout(columns: &[Column], least: &[f64], most: &[f64], width: f64) -> Vec<f64> {
    let fixed: f64 = columns
        .iter()
        .filter(|c| !matches!(c.width, ColumnWidth::Auto))
        .map(|c| share(c.width) * FRACTION_EM)
        .sum();
    let auto: Vec<usize> = (0..columns.len())
        .filter(|&i| matches!(columns[i].width, ColumnWidth::Auto))
        .collect();
    let room = (width - fixed).max(0.0);
    let least_sum: f64 = auto.iter().map(|&i| least[i]).sum();
    let most_sum: f64 = auto.iter().map(|&i| most[i]).sum();
    let mut ems = vec![0.0; columns.len()];
    for &i in &auto {
        ems[i] = if most_sum <= room {
            most[i]
        } else if least_sum >= room || most_sum <= least_sum {
            least[i]
        } else {
            least[i] + (most[i] - least[i]) * (room - least_sum) / (most_sum - least_sum)
        };
    }
    let left = (width - ems.iter().sum::<f64>()).max(fixed);
    for (i, column) in columns.iter().enumerate() {
        if !matches!(column.width, ColumnWidth::Auto) {
            ems[i] = left * share(column.width) * FRACTION_EM / fixed;
        }
    }
    ems
}

/// Widens every column narrower than its longest word to it, taking the
/// width from the columns that have more than they need, in proportion.
fn at_least(mut ems: Vec<f64>, least: &[f64]) -> Vec<f64> {
    let short: f64 = ems.iter().zip(least).map(|(w, l)| (l - w).max(0.0)).sum();
    if short <= 0.0 {
        return ems;
    }
    let spare: f64 = ems.iter().zip(least).map(|(w, l)| (w - l).max(0.0)).sum();
    let give = if spare > 0.0 {
        (short / spare).min(1.0)
    } else {
        0.0
    };
    for (w, &l) in ems.iter_mut().zip(least) {
        *w = if *w < l { l } else { *w - (*w - l) * give };
    }
    ems
}

fn round(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// Each column's least and greatest width in ems: its longest word and its
/// longest cell on one line, padding included. A cell spanning columns
/// counts towards none (its columns are sized by the others).
fn measure(table: &Table) -> (Vec<f64>, Vec<f64>) {
    let n = table.columns.len();
    let mut least = vec![PADDING; n];
    let mut most = vec![PADDING; n];
    let header = table.header.len();
    for (r, row) in table.header.iter().chain(&table.body).enumerate() {
        let bold = if r < header { text_width::BOLD } else { 1.0 };
        let measured = |text: &str| text_width::ems(text) * bold;
        let mut col = 0;
        for cell in &row.cells {
            if col >= n {
                break;
            }
            if cell.colspan <= 1 {
                let text = cell_text(&cell.content);
                let word = text.split_whitespace().map(measured).fold(0.0, f64::max);
                let line = text.lines().map(measured).fold(0.0, f64::max);
                least[col] = least[col].max(word + PADDING);
                most[col] = most[col].max(line + PADDING);
            }
            col += cell.colspan.max(1) as usize;
        }
    }
    for (l, m) in least.iter().zip(most.iter_mut()) {
        *m = m.max(*l);
    }
    (least, most)
}

/// A cell's text, a line per paragraph.
fn cell_text(blocks: &[Block]) -> String {
    let mut lines = Vec::new();
    crate::walk::blocks(blocks, &mut |b| {
        if let Block::Paragraph { content, .. } = b {
            lines.push(Inline::plain_text(content));
        }
    });
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Cell, Row};

    /// The columns of `table`, once settled.
    fn widths(table: &Table) -> Vec<f64> {
        table
            .columns
            .iter()
            .map(|c: &Column| match c.width {
                ColumnWidth::Fraction(f) => f,
                ColumnWidth::Auto => 1.0,
            })
            .collect()
    }

    fn table(rows: &[&[&str]]) -> Table {
        let row = |cells: &[&str]| Row::new(cells.iter().map(|t| Cell::text(*t)).collect());
        let auto = Column {
            width: ColumnWidth::Auto,
            align: crate::Align::Start,
        };
        Table::new(vec![auto; rows[0].len()])
            .header(row(rows[0]))
            .rows(rows[1..].iter().map(|r| row(r)))
    }

    #[test]
    fn no_column_is_narrower_than_its_longest_word() {
        let mut t = table(&[
            &["Figure", "What it measures", "Period"],
            &[
                "18,253",
                "Racist incidents recorded by the Metropolitan Police Service across London, every year since records began in the borough",
                "2000/01",
            ],
        ]);
        settle_table(&mut t, 45.0);
        let w = widths(&t);
        let total: f64 = w.iter().sum();
        // "2000/01" is never broken.
        assert!(
            w[2] / total * 45.0 >= text_width::ems("2000/01") + PADDING - 1e-9,
            "{w:?}"
        );
        // The long column takes what is left.
        assert!(w[1] > w[0] && w[1] > w[2], "{w:?}");
    }

    #[test]
    fn a_table_that_fits_keeps_its_proportions() {
        let mut t = table(&[&["A", "Bee"], &["x", "yyyy"]]);
        settle_table(&mut t, 45.0);
        let w = widths(&t);
        assert!(w[1] > w[0], "{w:?}");
    }

    #[test]
    fn fraction_columns_keep_their_shares_unless_a_word_needs_more() {
        let mut t = table(&[&["A", "B"], &["x", "y"]]);
        t.columns = vec![Column::fr(1.0), Column::fr(3.0)];
        settle_table(&mut t, 40.0);
        assert_eq!(widths(&t), vec![10.0, 30.0]);
        let mut t = table(&[&["Period", "B"], &["2000/01", "y"]]);
        t.columns = vec![Column::fr(1.0), Column::fr(30.0)];
        settle_table(&mut t, 40.0);
        let w = widths(&t);
        assert!(w[0] >= text_width::ems("2000/01") + PADDING - 0.01, "{w:?}");
        assert!((w.iter().sum::<f64>() - 40.0).abs() < 0.05, "{w:?}");
    }
}
