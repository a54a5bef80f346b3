//! Resolved inlines.

use serde::Serialize;

use super::Block;
use crate::{Origin, RefTarget};

/// Inline content after the resolve pass ([`crate::Inline`] as written),
/// serialised the same way.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "type", content = "c", rename_all = "snake_case")]
pub enum Inline {
    /// Plain text. Always literal: never interpreted as markup by a renderer.
    Text(String),
    /// Emphasised (usually italic) content.
    Emph(Vec<Inline>),
    /// Strongly emphasised (usually bold) content.
    Strong(Vec<Inline>),
    /// A hyperlink to an external target.
    Link {
        /// Where the link points.
        target: String,
        /// The link text.
        content: Vec<Inline>,
        /// Where the link was written.
        #[serde(skip_serializing_if = "Option::is_none")]
        at: Option<Origin>,
    },
    /// A footnote; its blocks are typeset at the foot of the page.
    Footnote(Vec<Block>),
    /// A cross-reference to a labelled heading, table or figure.
    Ref {
        /// The label referred to.
        label: String,
        /// Where the reference was written.
        #[serde(skip_serializing_if = "Option::is_none")]
        at: Option<Origin>,
        /// What the label turned out to be; none when it names nothing
        /// (a [`crate::ResolveError::MissingLabel`], which stops a build).
        #[serde(skip_serializing_if = "Option::is_none")]
        target: Option<RefTarget>,
    },
    /// A forced line break.
    LineBreak,
    /// Inline code or other verbatim text.
    Code(String),
    /// Content carrying a class name the style may act on.
    Span {
        /// The class name.
        class: String,
        /// The wrapped content.
        content: Vec<Inline>,
    },
}

impl Inline {
    /// The inlines a mark, link or span wraps (none for text, a footnote
    /// or a reference: a footnote holds blocks).
    pub fn children(&self) -> &[Inline] {
        crate::walk::InlineNode::children(self)
    }

    /// Plain text content, with marks dropped and footnotes left out; a
    /// cross-reference reads as its target's words (`Table 4`).
    pub fn plain_text(inlines: &[Inline]) -> String {
        crate::walk::plain_text(inlines)
    }
}

crate::walk::nodes!(Block, Inline, ref_words);

/// A resolved reference reads as its target's words, or its label when it
/// names nothing.
fn ref_words(inline: &Inline) -> &str {
    match inline {
        Inline::Ref { label, target, .. } => target.as_ref().map_or(label, |t| &t.display),
        _ => "",
    }
}
