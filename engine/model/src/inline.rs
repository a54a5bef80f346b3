use serde::{Deserialize, Serialize};

use crate::{Block, Origin};

/// Inline content: runs of text and the marks that may wrap them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(
    tag = "type",
    content = "c",
    rename_all = "snake_case",
    deny_unknown_fields
)]
pub enum Inline {
    /// Plain text. Always literal: never interpreted as markup by a renderer.
    Text(String),
    /// Emphasised (usually italic) content.
    Emph(Vec<Inline>),
    /// Strongly emphasised (usually bold) content.
    Strong(Vec<Inline>),
    /// A hyperlink to an external target (URL or `mailto:`). Make one with
    /// [`Inline::link`].
    #[non_exhaustive]
    Link {
        /// Where the link points.
        target: String,
        /// The link text; it should make sense out of context.
        content: Vec<Inline>,
        /// Where the link was written.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<Origin>,
    },
    /// A footnote; its blocks are typeset at the foot of the page.
    Footnote(Vec<Block>),
    /// A cross-reference to a labelled heading, table or figure. Make one
    /// with [`Inline::reference`].
    #[non_exhaustive]
    Ref {
        /// The label referred to.
        label: String,
        /// Where the reference was written.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<Origin>,
    },
    /// A forced line break.
    LineBreak,
    /// Inline code or other verbatim text.
    Code(String),
    /// Content carrying a class name the style may act on (e.g. `illustrative`).
    Span {
        /// The class name.
        class: String,
        /// The wrapped content.
        content: Vec<Inline>,
    },
}

/// What a cross-reference resolved to (see [`crate::resolved::Inline::Ref`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefTarget {
    /// The kind of thing referred to.
    pub kind: TargetKind,
    /// The number shown for it (`3.2`, `A`, `4`).
    pub number: String,
    /// The text a reader sees, for example `section 3.2` or `Table 4`.
    pub display: String,
}

/// The kinds of labelled things a cross-reference may point at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TargetKind {
    /// A numbered heading in the main matter.
    Section,
    /// A heading in the appendices.
    Appendix,
    /// A table.
    Table,
    /// A figure.
    Figure,
}

impl Inline {
    /// A link to `target` reading `content`.
    pub fn link(target: impl Into<String>, content: Vec<Inline>) -> Self {
        Inline::Link {
            target: target.into(),
            content,
            at: None,
        }
    }

    /// A cross-reference to the heading, table or figure labelled `label`.
    pub fn reference(label: impl Into<String>) -> Self {
        Inline::Ref {
            label: label.into(),
            at: None,
        }
    }

    /// The same link or cross-reference, written at `origin`; other
    /// inlines are returned as they are.
    pub fn at(mut self, origin: Origin) -> Self {
        if let Inline::Link { at, .. } | Inline::Ref { at, .. } = &mut self {
            *at = Some(origin);
        }
        self
    }

    /// The inlines a mark, link or span wraps (none for text, a footnote
    /// or a reference: a footnote holds blocks).
    pub fn children(&self) -> &[Inline] {
        crate::walk::InlineNode::children(self)
    }

    /// Plain text content, with marks dropped and footnotes left out (a
    /// reference reads as its label: the resolved model's reads as its
    /// target's words).
    pub fn plain_text(inlines: &[Inline]) -> String {
        crate::walk::plain_text(inlines)
    }
}
