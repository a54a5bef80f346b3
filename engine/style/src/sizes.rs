//! The style's `[sizes]`: font sizes in points.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Font sizes, in points.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Sizes {
    /// Running text.
    pub body: f64,
    /// Table text.
    pub table: f64,
    /// Footnotes.
    pub footnote: f64,
    /// Headings, level 1, 2, 3 and deeper.
    pub headings: [f64; 4],
    /// The title on the title page.
    pub title: f64,
    /// Line spacing as a multiple of the font size (1.0 = solid).
    pub leading: f64,
}
