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

use quire_render::RenderContext;

pub use renderer::Word;

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
pub fn render_docx(input: RenderContext<'_>) -> Result<Vec<u8>, DocxError> {
    let built = document::build(input)?;
    package::finish(built, input)
}

#[cfg(test)]
mod tests;
