//! A resolved heading.

use serde::Serialize;

use super::Inline;
use crate::{NodeId, Origin};

/// A heading after the resolve pass ([`crate::Heading`] as written).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Heading {
    /// 1 for a chapter, 2 for a section, and so on (at most 6).
    pub level: u8,
    /// The heading text.
    pub content: Vec<Inline>,
    /// Whether the heading asked for a number.
    pub numbered: bool,
    /// Whether the heading appears in the table of contents.
    pub outlined: bool,
    /// A label other content can refer to (`sec-baseline`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Where the heading was written, if it says.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub at: Option<Origin>,
    /// The number shown before the text (`1.2`, `Appendix A`), for a
    /// numbered heading of the main matter or the appendices within the
    /// style's numbered depth.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub number: Option<String>,
    /// The heading's identity.
    pub id: NodeId,
}
