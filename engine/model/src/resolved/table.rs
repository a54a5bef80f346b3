//! A resolved table: rectangular, numbered when captioned.

use serde::Serialize;

use super::{Block, Inline};
use crate::{Align, Column, NodeId, Origin};

/// A table after the resolve pass ([`crate::Table`] as written): every row
/// covers every column, and its automatic columns are settled.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Table {
    /// The caption shown with the table number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub caption: Option<Vec<Inline>>,
    /// A label to refer to the table by.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// One entry per column.
    pub columns: Vec<Column>,
    /// Header rows, repeated on every page.
    pub header: Vec<Row>,
    /// Whether the first cell of every body row heads its row
    /// ([`crate::Table::row_headers`]).
    #[serde(skip_serializing_if = "crate::table::is_false")]
    pub row_headers: bool,
    /// Whether the table is kept whole on one page.
    #[serde(skip_serializing_if = "crate::table::is_false")]
    pub keep_together: bool,
    /// Body rows.
    pub body: Vec<Row>,
    /// Notes printed under the table.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Block>,
    /// A class name the style may act on.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
    /// Where the table was written, if it says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<Origin>,
    /// The table's number: tables with a caption are numbered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// The table's identity.
    pub id: NodeId,
}

/// A resolved table row.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    /// The cells, left to right; cells covered by a span from above are left out.
    pub cells: Vec<Cell>,
    /// A class name (`group` marks a row that heads a group of rows).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub class: Option<String>,
}

/// A resolved table cell.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Cell {
    /// The content.
    pub content: Vec<Block>,
    /// How many columns the cell spans.
    pub colspan: u32,
    /// How many rows the cell spans.
    pub rowspan: u32,
    /// Overrides the column's alignment.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub align: Option<Align>,
}
