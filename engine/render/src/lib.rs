//! What every output of Quire is made through.
//!
//! A renderer turns the one resolved document into one output (the PDF, the
//! Word copy, the HTML edition). Each implements [`Renderer`] and reads
//! everything it needs from one [`RenderContext`]: the resolved document,
//! the house style, the project's files, the figures' images and the
//! document's date as readers see it. The build driver (`quire-build`)
//! makes every renderer's output from the same context, in parallel, and
//! writes them together.
//!
//! A fourth output is a crate implementing [`Renderer`] and one line in the
//! driver's list of renderers.

mod accessibility;
mod context;
mod diagnostic;
mod pages;

pub use accessibility::{Check, counted};
pub use context::{Conformance, RenderContext};
pub use diagnostic::RenderError;
pub use pages::ContentsPages;
pub use quire_diagnostic::{Diagnostic, Location, Severity};

use std::time::Duration;

/// One output of the document.
pub trait Renderer: Send + Sync {
    /// What the renderer makes, in the words each place needs.
    fn output(&self) -> Output;

    /// The output's file extension (`pdf`).
    fn extension(&self) -> &'static str {
        self.output().extension
    }

    /// The output's short name, for reports (`PDF`).
    fn name(&self) -> &'static str {
        self.output().name
    }

    /// The output in the words of a sentence (`the Word copy`).
    fn describe(&self) -> &'static str {
        self.output().described
    }

    /// Whether this renderer lays the document out in pages and publishes
    /// the page of each contents entry to [`RenderContext::contents_pages`]
    /// (at most one renderer does: the PDF's).
    fn paginates(&self) -> bool {
        false
    }

    /// Whether this renderer prints the contents' page numbers, and so
    /// waits for the renderer that [`paginates`](Self::paginates).
    fn needs_pages(&self) -> bool {
        false
    }

    /// Makes the output. A renderer that paginates publishes the contents'
    /// pages as soon as it has them (or leaves `contents_pages` unpublished
    /// when it fails, which ends the wait of the others).
    fn render(&self, cx: &RenderContext<'_>) -> Result<Rendered, RenderError>;

    /// Lays the document out in pages and publishes the contents' pages,
    /// without making the output: for a build that wants another output
    /// that [`needs_pages`](Self::needs_pages) and not this one. Only a
    /// renderer that paginates is asked; the default makes the output and
    /// drops it.
    fn paginate_only(&self, cx: &RenderContext<'_>) -> Result<(), RenderError> {
        self.render(cx).map(drop)
    }

    /// Forgets what the renderer keeps between builds of one process and is
    /// long unused (a watch loop calls it while it waits for the next
    /// change); what the next build can reuse is kept.
    fn trim_caches(&self) {}

    /// The accessibility checks this output passes or fails, for
    /// `quire check --a11y`, from what [`render`](Self::render) made.
    fn accessibility(
        &self,
        cx: &RenderContext<'_>,
        made: &Rendered,
    ) -> Result<Vec<Check>, RenderError> {
        let _ = (cx, made);
        Ok(Vec::new())
    }
}

/// What a renderer makes, in the words each place needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Output {
    /// The file extension, which also names the output on the command line
    /// (`--only pdf,docx`): `pdf`, `docx`, `html`.
    pub extension: &'static str,
    /// The short name, for reports: `PDF`, `Word`, `HTML`.
    pub name: &'static str,
    /// The output in the words of a sentence, for messages such as "the
    /// Word copy failed: …".
    pub described: &'static str,
}

/// One output, made in memory.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// How many pages it has, for an output laid out in pages.
    pub pages: Option<usize>,
    /// What the author should know that did not stop it (Typst's warnings
    /// about the template, characters set in a fallback font).
    pub warnings: Vec<Diagnostic>,
    /// Where its time went, stage by stage (`sources`, `layout`, `export`).
    pub stages: Vec<(&'static str, Duration)>,
}
