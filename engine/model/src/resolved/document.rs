//! The resolved document and what it holds.

use serde::Serialize;

use super::{Block, Inline};
use crate::{Meta, NodeId, Origin, ResolveError, walk};

/// A whole resolved document, serialised as [`crate::Document`] is (the
/// PDF's template reads this JSON).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    /// The model version the document was written with.
    pub model_version: u32,
    /// Title, author, date, language and the like.
    pub meta: Meta,
    /// Matter placed before the title page and the contents. Never numbered.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub front: Vec<Block>,
    /// The main matter, in reading order.
    pub body: Vec<Block>,
    /// Appendices, numbered A, B, C… after the main matter.
    pub appendices: Vec<Block>,
}

/// A document after the resolve pass, the only form renderers take: every
/// heading, table and figure numbered and carrying its [`NodeId`], every
/// chart drawn, every table rectangular, every cross-reference filled. It
/// is read-only; the only way to make one is [`crate::resolve()`].
#[derive(Debug, Clone, PartialEq)]
pub struct ResolvedDocument {
    pub(crate) document: Document,
    pub(crate) origins: Vec<Option<Origin>>,
    pub(crate) warnings: Vec<ResolveError>,
}

impl ResolvedDocument {
    /// Content that would print empty (a heading with nothing under it, a
    /// table with no rows, an empty list or box, a paragraph with no
    /// words): warnings, each at its place
    /// ([`ResolveError::is_warning`]). The document is whole all the same.
    pub fn warnings(&self) -> &[ResolveError] {
        &self.warnings
    }

    /// The resolved document.
    pub fn document(&self) -> &Document {
        &self.document
    }

    /// Title, author, date and the like.
    pub fn meta(&self) -> &Meta {
        &self.document.meta
    }

    /// Matter before the title page.
    pub fn front(&self) -> &[Block] {
        &self.document.front
    }

    /// The main matter.
    pub fn body(&self) -> &[Block] {
        &self.document.body
    }

    /// The appendices.
    pub fn appendices(&self) -> &[Block] {
        &self.document.appendices
    }

    /// Calls `f` on every block of the document (front matter, body,
    /// appendices), at any depth, in reading order.
    pub fn walk_blocks(&self, f: &mut impl FnMut(&Block)) {
        for part in [self.front(), self.body(), self.appendices()] {
            walk::blocks(part, f);
        }
    }

    /// Calls `f` on every inline of the document, at any depth, in reading order.
    pub fn walk_inlines(&self, f: &mut impl FnMut(&Inline)) {
        for part in [self.front(), self.body(), self.appendices()] {
            walk::inlines(part, f);
        }
    }

    /// Where the node `id` was written, if it says.
    pub fn origin(&self, id: NodeId) -> Option<&Origin> {
        self.origins.get(id.0 as usize).and_then(Option::as_ref)
    }

    /// How many nodes carry an identity (ids run from 0 to this, exclusive).
    pub fn node_count(&self) -> u32 {
        self.origins.len() as u32
    }
}
