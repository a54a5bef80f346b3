use serde::{Deserialize, Serialize};

use crate::{Block, Inline, Origin};

/// A table. Header rows repeat on every page a table spans.
///
/// Make one with [`Table::new`] and its builder methods. Rows may be
/// short; the resolve pass calls [`Table::normalize`] so renderers only
/// ever meet rectangular grids. Its number and identity are the resolved
/// table's ([`crate::resolved::Table`]); a plugin that sends them is refused.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[non_exhaustive]
pub struct Table {
    /// The caption shown with the table number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caption: Option<Vec<Inline>>,
    /// A label to refer to the table by.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// One entry per column.
    pub columns: Vec<Column>,
    /// Header rows, repeated on every page.
    #[serde(default)]
    pub header: Vec<Row>,
    /// Whether the first cell of every body row heads its row: a key-value
    /// table (a report's front sheet, "Item no. | 7"), which needs no header
    /// row. Renderers mark those cells as row headers (a tagged PDF's
    /// row-scoped header cells, Word's first-column table look) and draw
    /// them as header cells.
    #[serde(default, skip_serializing_if = "is_false")]
    pub row_headers: bool,
    /// Whether the table is kept whole on one page, moving to the next page
    /// rather than splitting (a short table such as a report's audit trail).
    /// A table taller than a page still splits.
    #[serde(default, skip_serializing_if = "is_false")]
    pub keep_together: bool,
    /// Body rows.
    pub body: Vec<Row>,
    /// Notes printed under the table (sources, "illustrative" warnings).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Block>,
    /// A class name the style may act on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
    /// Where the table was written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<Origin>,
}

impl Table {
    /// A table with these columns and no rows yet.
    pub fn new(columns: Vec<Column>) -> Self {
        Self {
            caption: None,
            label: None,
            columns,
            header: Vec::new(),
            row_headers: false,
            keep_together: false,
            body: Vec::new(),
            notes: Vec::new(),
            class: None,
            at: None,
        }
    }

    /// The same table, with the first cell of each body row heading its row
    /// (a key-value table; see [`Table::row_headers`]).
    pub fn with_row_headers(mut self) -> Self {
        self.row_headers = true;
        self
    }

    /// The same table, kept whole on one page (see [`Table::keep_together`]).
    pub fn kept_together(mut self) -> Self {
        self.keep_together = true;
        self
    }

    /// The same table with one more header row.
    pub fn header(mut self, row: Row) -> Self {
        self.header.push(row);
        self
    }

    /// The same table with these body rows added.
    pub fn rows(mut self, rows: impl IntoIterator<Item = Row>) -> Self {
        self.body.extend(rows);
        self
    }

    /// The same table with a caption (a captioned table is numbered).
    pub fn caption(mut self, caption: Vec<Inline>) -> Self {
        self.caption = Some(caption);
        self
    }

    /// The same table with a note printed under it.
    pub fn note(mut self, note: Block) -> Self {
        self.notes.push(note);
        self
    }

    /// The same table with a class the style acts on.
    pub fn class(mut self, class: impl Into<String>) -> Self {
        self.class = Some(class.into());
        self
    }
}

crate::block::labelled_node!(Table);

/// A column's width and alignment.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Column {
    /// How wide the column is.
    #[serde(default)]
    pub width: ColumnWidth,
    /// How its cells are aligned.
    #[serde(default)]
    pub align: Align,
}

impl Column {
    /// A column taking `fraction` shares of the free width, start-aligned.
    pub fn fr(fraction: f64) -> Self {
        Self {
            width: ColumnWidth::Fraction(fraction),
            align: Align::Start,
        }
    }

    /// The same column, end-aligned (for figures).
    pub fn end(mut self) -> Self {
        self.align = Align::End;
        self
    }
}

/// A column width.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnWidth {
    /// As wide as the content needs.
    #[default]
    Auto,
    /// A share of the width left after auto columns (like CSS `fr`).
    Fraction(f64),
}

/// Horizontal alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Align {
    /// Left in left-to-right text.
    #[default]
    Start,
    /// Centred.
    Center,
    /// Right in left-to-right text.
    End,
}

/// A table row.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Row {
    /// The cells, left to right; cells covered by a span from above are left out.
    pub cells: Vec<Cell>,
    /// A class name (`group` marks a row that heads a group of rows).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
}

impl Row {
    /// A row of cells with no class.
    pub fn new(cells: Vec<Cell>) -> Self {
        Self { cells, class: None }
    }
}

/// A table cell.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cell {
    /// The content.
    pub content: Vec<Block>,
    /// How many columns the cell spans.
    #[serde(default = "one")]
    pub colspan: u32,
    /// How many rows the cell spans.
    #[serde(default = "one")]
    pub rowspan: u32,
    /// Overrides the column's alignment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub align: Option<Align>,
}

pub(crate) fn is_false(b: &bool) -> bool {
    !*b
}

fn one() -> u32 {
    1
}

impl Cell {
    /// A cell holding one paragraph of inline content.
    pub fn inlines(content: Vec<Inline>) -> Self {
        Self::blocks(vec![Block::paragraph(content)])
    }

    /// A cell holding one paragraph of plain text (empty text gives an empty cell).
    pub fn text(s: impl Into<String>) -> Self {
        let s = s.into();
        if s.is_empty() {
            Self::blocks(Vec::new())
        } else {
            Self::inlines(crate::text(s))
        }
    }

    /// A cell holding blocks.
    pub fn blocks(content: Vec<Block>) -> Self {
        Self {
            content,
            colspan: 1,
            rowspan: 1,
            align: None,
        }
    }

    /// The same cell spanning `n` columns.
    pub fn span(mut self, n: u32) -> Self {
        self.colspan = n;
        self
    }
}

/// Why a table could not be made rectangular.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TableShapeError {
    /// The table declares no columns.
    #[error("the table has no columns")]
    NoColumns,
    /// A cell spans zero rows or columns.
    #[error("{part} row {row}: a cell spans zero rows or columns")]
    ZeroSpan {
        /// `header` or `body`.
        part: &'static str,
        /// 1-based row number within the part.
        row: usize,
    },
    /// A row holds more cells than there are columns.
    #[error("{part} row {row} needs {needed} columns but the table has {columns}")]
    TooWide {
        /// `header` or `body`.
        part: &'static str,
        /// 1-based row number within the part.
        row: usize,
        /// Columns the row needs.
        needed: usize,
        /// Columns the table has.
        columns: usize,
    },
    /// The table has more rows than a document can sensibly typeset.
    #[error(
        "it has {rows} rows, and a table may have at most {limit} (about 250 pages); publish a table that long as a spreadsheet beside the document"
    )]
    TooLong {
        /// Header and body rows.
        rows: usize,
        /// [`MAX_TABLE_ROWS`].
        limit: usize,
    },
    /// A cell spans past the last row of its part.
    #[error("{part} row {row}: a cell spans {rowspan} rows but only {left} are left")]
    TooTall {
        /// `header` or `body`.
        part: &'static str,
        /// 1-based row number within the part.
        row: usize,
        /// The cell's row span.
        rowspan: u32,
        /// Rows left in the part, counting this one.
        left: usize,
    },
}

/// The most rows (header and body) one table may have. Typesetting takes
/// memory in proportion to a table's cells (about 75 KB a row of three
/// short cells, in a tagged PDF), so this bounds what absurd input costs.
pub const MAX_TABLE_ROWS: usize = 10_000;

impl Table {
    /// Makes every row cover every column: short rows are padded with empty
    /// cells, taking row and column spans into account. Fails on rows that
    /// are too wide, spans of zero, row spans running off the part, and
    /// tables longer than [`MAX_TABLE_ROWS`].
    pub fn normalize(&mut self) -> Result<(), TableShapeError> {
        let columns = self.columns.len();
        if columns == 0 {
            return Err(TableShapeError::NoColumns);
        }
        let rows = self.header.len() + self.body.len();
        if rows > MAX_TABLE_ROWS {
            return Err(TableShapeError::TooLong {
                rows,
                limit: MAX_TABLE_ROWS,
            });
        }
        normalize_part(&mut self.header, columns, "header")?;
        normalize_part(&mut self.body, columns, "body")
    }
}

fn normalize_part(
    rows: &mut [Row],
    columns: usize,
    part: &'static str,
) -> Result<(), TableShapeError> {
    // How many more rows each column stays covered by a row span from above.
    let mut covered = vec![0u32; columns];
    let total = rows.len();
    for (index, row) in rows.iter_mut().enumerate() {
        let number = index + 1;
        let mut col = 0usize;
        for cell in &row.cells {
            if cell.colspan == 0 || cell.rowspan == 0 {
                return Err(TableShapeError::ZeroSpan { part, row: number });
            }
            while col < columns && covered[col] > 0 {
                col += 1;
            }
            let end = col + cell.colspan as usize;
            if end > columns || (end > col && covered[col..end].iter().any(|&c| c > 0)) {
                let needed = end.max(columns + 1);
                return Err(TableShapeError::TooWide {
                    part,
                    row: number,
                    needed,
                    columns,
                });
            }
            let left = total - index;
            if cell.rowspan as usize > left {
                return Err(TableShapeError::TooTall {
                    part,
                    row: number,
                    rowspan: cell.rowspan,
                    left,
                });
            }
            for c in &mut covered[col..end] {
                *c = cell.rowspan;
            }
            col = end;
        }
        // Pad the free columns of this row with empty cells.
        let free = covered.iter().filter(|&&c| c == 0).count();
        row.cells
            .extend((0..free).map(|_| Cell::blocks(Vec::new())));
        for c in &mut covered {
            *c = c.saturating_sub(1);
        }
        // Columns filled by padding in this row are covered for one row only.
    }
    Ok(())
}
