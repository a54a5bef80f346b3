//! The style's `[charts]`: how charts are drawn.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Length;

/// How charts are drawn.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Charts {
    /// Series colours, in order (`#rrggbb`). Each must stand out from the
    /// white page by 3:1 (WCAG 1.4.11, graphical objects), and each from
    /// the others by 1.5:1 in lightness, so series stay apart in greyscale
    /// print. A chart may have as many series as there are colours.
    pub palette: Vec<String>,
    /// Follow every chart with its data as a table, so nothing is only in a
    /// picture.
    pub data_tables: bool,
    /// The drawing's width. Charts print across the text column, so with
    /// `height` this gives the drawing's proportions; its text is sized for
    /// the column.
    pub width: Length,
    /// The drawing's height.
    pub height: Length,
}

impl Default for Charts {
    fn default() -> Self {
        Self {
            palette: vec!["#14213d".into(), "#a0451a".into(), "#2f9e8f".into()],
            data_tables: true,
            width: Length(453.5),
            height: Length(255.1),
        }
    }
}
