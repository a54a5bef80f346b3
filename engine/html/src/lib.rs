//! The HTML edition: the resolved document, in the house style, as one web
//! page — the form UK public bodies are asked to publish first.
//!
//! The page is self-contained: its stylesheet, its fonts (cut down to the
//! characters it uses) and its pictures are inlined, and a content security
//! policy in the page itself forbids every request, script included. It is
//! one page like a GOV.UK HTML publication: the title as its one `h1`, a
//! skip link, the contents as a `nav`, headings numbered as in the PDF,
//! tables with captions and scoped header cells in labelled scroll
//! containers, footnotes as numbered links with links back, figures with
//! their captions, and charts as inline SVG described by the same
//! alternative text as the other outputs.
//!
//! HTML is written with [maud](https://maud.lambda.xyz): its templates are
//! checked when Quire compiles, and every value spliced into them is
//! escaped unless it is marked as markup, so text from data is always text
//! (the only markup spliced in is made here: the stylesheet, and the charts'
//! SVG, which the chart crate draws and escapes).

mod blocks;
mod css;
mod fonts;
mod page;
mod renderer;
mod svg;
mod tables;

use quire_render::RenderContext;

pub use fonts::FontError;
pub use renderer::Html;

/// Why the HTML edition could not be made.
#[derive(Debug, thiserror::Error)]
pub enum HtmlError {
    /// A figure's image was not read before rendering.
    #[error("cannot use the image `{0}` in the HTML edition: it was not read before rendering")]
    Image(String),
    /// The style's fonts could not be read or cut down.
    #[error(transparent)]
    Font(#[from] FontError),
}

/// Renders the document as one self-contained HTML page.
pub fn render_html(input: RenderContext<'_>) -> Result<String, HtmlError> {
    page::page(input)
}

#[cfg(test)]
mod tests;
