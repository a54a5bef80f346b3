//! The Quire document model.
//!
//! One model feeds every renderer. It says *what* a document contains —
//! headings, paragraphs, tables, footnotes, cross-references — and never how
//! it looks: look lives in the house style, keyed by semantic kinds and class
//! names. Section plugins produce [`Block`]s (the input model, also the
//! plugins' wire format); the [`resolve()`] pass numbers headings, tables
//! and figures, gives each its identity, draws charts and checks every
//! cross-reference, making the [`ResolvedDocument`] ([`resolved`], a type
//! family of its own) that every renderer takes, so that all outputs show
//! the same numbers.
//!
//! The model is serialised with serde. [`MODEL_VERSION`] travels with every
//! serialised [`Document`] so that readers can refuse a model they do not
//! understand.
//!
//! [`format`](mod@format) writes numbers, dates and lists in the house form, for the
//! engine's prose helpers and for plugins alike (the SDK re-exports it as
//! `quire_plugin::format`).

mod block;
pub mod class;
pub mod column_widths;
pub mod format;
mod inline;
mod list_wire;
mod meta;
mod origin;
pub mod resolve;
pub mod resolved;
pub mod size;
mod table;
pub mod text_width;
mod vocabulary;
pub mod walk;
pub mod wide_pages;
pub mod xml_chars;

pub use block::{
    Block, Chart, ChartKind, ChartProblem, Definition, Figure, FigureContent, Heading, ListItem,
    Series,
};
pub use inline::{Inline, RefTarget, TargetKind};
pub use meta::Meta;
pub use origin::{NodeId, Origin};
pub use resolve::{
    AccessibilityRule, DrawChart, Enclosure, NoCharts, ResolveError, ResolveOptions, resolve,
};
pub use resolved::ResolvedDocument;
pub use size::Size;
pub use table::{Align, Cell, Column, ColumnWidth, MAX_TABLE_ROWS, Row, Table, TableShapeError};
pub use vocabulary::Vocabulary;

use serde::{Deserialize, Serialize};

/// The version of the serialised model. Bumped whenever a serialised
/// document written by this version could be misread by an older reader.
///
/// Version 2: no raw blocks; engine-owned fields (numbers, resolved
/// cross-references, chart drawings, node ids) are refused on input;
/// headings, tables, figures, links and cross-references carry an origin.
pub const MODEL_VERSION: u32 = 2;

/// A whole document: its metadata, its main matter and its appendices.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    /// The model version this document was written with.
    pub model_version: u32,
    /// Title, author, date, language and the like.
    pub meta: Meta,
    /// Matter placed before the title page and the contents (a committee
    /// report that carries the document as its appendix). Never numbered.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub front: Vec<Block>,
    /// The main matter, in reading order.
    pub body: Vec<Block>,
    /// Appendices, numbered A, B, C… after the main matter.
    #[serde(default)]
    pub appendices: Vec<Block>,
}

impl Document {
    /// An empty document with the given metadata, at the current model version.
    pub fn new(meta: Meta) -> Self {
        Self {
            model_version: MODEL_VERSION,
            meta,
            front: Vec::new(),
            body: Vec::new(),
            appendices: Vec::new(),
        }
    }
}

/// Convenience: a run of plain text as a one-element inline sequence.
pub fn text(s: impl Into<String>) -> Vec<Inline> {
    vec![Inline::Text(s.into())]
}

#[cfg(test)]
mod tests;
