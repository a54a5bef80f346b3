//! Resolved blocks.

use serde::Serialize;

use super::{Figure, Heading, Inline, Table};
use crate::Origin;

/// Block-level content after the resolve pass ([`crate::Block`] as
/// written), serialised the same way.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", content = "c", rename_all = "snake_case")]
pub enum Block {
    /// A paragraph of inline content, optionally with a class for the style.
    Paragraph {
        /// The text.
        content: Vec<Inline>,
        /// A class name the style may act on ([`crate::class`]).
        #[serde(skip_serializing_if = "Option::is_none")]
        class: Option<String>,
        /// Where the paragraph was written.
        #[serde(skip_serializing_if = "Option::is_none")]
        at: Option<Origin>,
    },
    /// A heading, numbered.
    Heading(Heading),
    /// A bulleted list; each item holds blocks.
    BulletList {
        /// The items.
        items: Vec<ListItem>,
        /// Where the list was written.
        #[serde(skip_serializing_if = "Option::is_none")]
        at: Option<Origin>,
    },
    /// A numbered list.
    OrderedList {
        /// The number of the first item.
        start: u32,
        /// The items.
        items: Vec<ListItem>,
        /// Where the list was written.
        #[serde(skip_serializing_if = "Option::is_none")]
        at: Option<Origin>,
    },
    /// Terms and their descriptions.
    DefinitionList(Vec<Definition>),
    /// A table, rectangular.
    Table(Table),
    /// A figure, numbered (a chart drawn).
    Figure(Figure),
    /// A block quotation.
    Quote {
        /// The quoted blocks.
        blocks: Vec<Block>,
        /// Who or what is quoted.
        #[serde(skip_serializing_if = "Option::is_none")]
        attribution: Option<Vec<Inline>>,
    },
    /// A boxed aside with a class.
    Callout {
        /// The class name.
        class: String,
        /// An optional title shown at the top of the box.
        #[serde(skip_serializing_if = "Option::is_none")]
        title: Option<Vec<Inline>>,
        /// The content.
        blocks: Vec<Block>,
        /// Where the box was written.
        #[serde(skip_serializing_if = "Option::is_none")]
        at: Option<Origin>,
    },
    /// A group of blocks with a class ([`crate::class::WIDE`]: landscape pages).
    Div {
        /// The class name.
        class: String,
        /// The content.
        blocks: Vec<Block>,
    },
    /// Start a new page.
    PageBreak,
}

/// One list item: a sequence of blocks.
pub type ListItem = Vec<Block>;

/// A term and its description in a definition list.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Definition {
    /// The term.
    pub term: Vec<Inline>,
    /// What it means.
    pub details: Vec<Block>,
}
