//! The Word back end: the document model, in the house style, to a `.docx`.
//!
//! `docx-rs` builds the package parts; a small post-processing layer
//! ([`package`]) then mends what docx-rs 0.4 gets wrong or cannot say —
//! schema order of property elements, repeating table header rows, headers
//! and footers on every section, core properties and language, the
//! pre-filled table of contents, stable ids — and writes a deterministic,
//! compressed zip. Every part the layer touches is re-read and re-written
//! through a small XML tree ([`xml`]), never patched as text.

pub mod audit;
mod chart;
mod document;
mod ids;
pub mod package;
mod styles;
pub mod xml;

use std::path::Path;

use quire_model::Document;
use quire_style::Style;

/// Everything the Word back end needs.
#[derive(Debug, Clone, Copy)]
pub struct DocxInput<'a> {
    /// The resolved document.
    pub document: &'a Document,
    /// The house style.
    pub style: &'a Style,
    /// The project folder; figure images are read from here.
    pub root: &'a Path,
    /// The document's date as readers see it (`30 June 2004`).
    pub display_date: &'a str,
    /// The style's font folder: charts are rasterised with these fonts.
    pub fonts_dir: &'a Path,
}

/// Why a Word file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    /// An image named by a figure could not be read.
    #[error("cannot read the image `{path}`: {error}")]
    Image {
        /// The image path.
        path: String,
        /// The I/O error.
        error: std::io::Error,
    },
    /// A chart's drawing could not be rasterised.
    #[error("cannot draw the chart “{title}” for Word: {message}")]
    Chart {
        /// The chart's caption.
        title: String,
        /// What went wrong.
        message: String,
    },
    /// docx-rs or the zip writer failed.
    #[error("cannot write the Word package: {0}")]
    Package(String),
    /// A part docx-rs wrote is not well-formed XML.
    #[error("the Word part `{part}` is not well-formed: {message}")]
    Xml {
        /// The part name.
        part: String,
        /// What the parser said.
        message: String,
    },
}

/// Renders the document as a `.docx` file's bytes.
pub fn render_docx(input: DocxInput<'_>) -> Result<Vec<u8>, DocxError> {
    let built = document::build(input)?;
    package::finish(built, input)
}

#[cfg(test)]
mod tests;
