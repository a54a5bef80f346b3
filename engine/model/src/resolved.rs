//! The resolved document: the only form renderers take.
//!
//! Its own family of types, made by the [`crate::resolve`] pass from the
//! input model (what plugins send and the Markdown converter makes). What
//! the pass fills is part of the types, never optional: every heading,
//! table and figure has its [`NodeId`](crate::NodeId), its number where it
//! is numbered and its origin where it is known; every chart its drawing;
//! every table is rectangular. A renderer cannot be handed unresolved
//! content. The types serialise to the JSON the PDF's template reads; they
//! are never read back (a plugin that sends what the engine fills is
//! refused by the input types).

mod block;
mod document;
mod figure;
mod heading;
mod inline;
mod table;

pub use block::{Block, Definition, ListItem};
pub use document::{Document, ResolvedDocument};
pub use figure::{Chart, Figure, FigureContent};
pub use heading::Heading;
pub use inline::Inline;
pub use table::{Cell, Row, Table};
