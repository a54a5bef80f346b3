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
mod document;
mod ids;
pub mod package;
mod picture;
mod renderer;
mod styles;
pub mod xml;

use std::path::Path;

use quire_files::ProjectRoot;
use quire_files::image::Images;
use quire_model::ResolvedDocument;
use quire_style::{Layout, Style};

pub use renderer::Word;

/// Everything the Word back end needs.
#[derive(Clone, Copy)]
pub struct DocxInput<'a> {
    /// The resolved document.
    pub document: &'a ResolvedDocument,
    /// The house style.
    pub style: &'a Style,
    /// The lengths and looks every output shares.
    pub layout: &'a Layout,
    /// The project folder; the style's fonts are read from here.
    pub files: &'a ProjectRoot,
    /// The figures' images, read and checked before rendering.
    pub images: &'a Images,
    /// The document's date as readers see it (`30 June 2004`).
    pub display_date: &'a str,
    /// The style's font folder: charts are rasterised with these fonts.
    pub fonts_dir: &'a Path,
    /// The page number of each heading the contents list, in order, as the
    /// PDF's contents print them (`quire_typst::contents_pages`). The Word
    /// copy is laid out like the PDF, so its contents carry the same
    /// numbers, and Word need not refresh them on opening. Called once, when
    /// the rest of the document is made (it may wait for the PDF's layout).
    /// None: the entries carry no numbers until the clerk refreshes the field.
    pub contents_pages: &'a (dyn Fn() -> Vec<String> + Sync),
}

impl std::fmt::Debug for DocxInput<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DocxInput")
            .field("document", &self.document.meta().title)
            .field("display_date", &self.display_date)
            .field("fonts_dir", &self.fonts_dir)
            .finish_non_exhaustive()
    }
}

/// Why a Word file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum DocxError {
    /// An image named by a figure could not be made into a picture.
    #[error("cannot use the image `{path}` in the Word copy: {message}")]
    Image {
        /// The image path.
        path: String,
        /// What went wrong.
        message: String,
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

/// The PNG a raster figure image (checked before rendering) becomes in the
/// Word copy when printed at most `max_width` pixels wide (300 dpi of its
/// printed width): a wider picture is scaled down.
pub fn word_picture(image: &quire_files::image::Image, max_width: u32) -> Result<Vec<u8>, String> {
    picture::raster(image, max_width).map(|png| png.bytes)
}

/// Renders the document as a `.docx` file's bytes.
pub fn render_docx(input: DocxInput<'_>) -> Result<Vec<u8>, DocxError> {
    let built = document::build(input)?;
    package::finish(built, input)
}

#[cfg(test)]
mod tests;
