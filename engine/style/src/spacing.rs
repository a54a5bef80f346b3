//! The style's `[spacing]`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Length;

/// Vertical spacing, which both renderers read so that the PDF and the
/// Word copy put the same lines on each page.
///
/// Every line of a kind of text is exactly its size times its line height
/// (Word's "exactly" line spacing), and the room between two blocks is
/// given once, above the second (Word's space before; Typst's block
/// spacing): Typst takes the larger of two neighbours' spacings, Word adds
/// them and LibreOffice, reading a Word file, may take either, so a block
/// never leaves room below itself.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Spacing {
    /// Room between paragraphs, and above lists, tables and figures.
    pub paragraph: Length,
    /// Room above a heading, as a multiple of the heading's size. (Below a
    /// heading is the room above what follows it: the paragraph spacing.)
    pub heading_above: f64,
    /// Line height of headings and the title, as a multiple of their size.
    pub heading_leading: f64,
    /// Line height of table text and running heads, as a multiple of its size.
    pub table_leading: f64,
    /// Line height of footnotes, as a multiple of their size.
    pub footnote_leading: f64,
}

impl Default for Spacing {
    fn default() -> Self {
        Self {
            paragraph: Length(6.0),
            heading_above: 1.2,
            heading_leading: 1.2,
            table_leading: 1.2,
            footnote_leading: 1.2,
        }
    }
}
