//! The HTML edition as one of Quire's outputs.

use std::time::Instant;

use quire_render::{Output, RenderContext, RenderError, Rendered, Renderer};

use crate::render_html;

/// The HTML edition: one accessible, self-contained web page.
#[derive(Debug, Clone, Copy, Default)]
pub struct Html;

impl Renderer for Html {
    fn output(&self) -> Output {
        Output {
            extension: "html",
            name: "HTML",
            described: "the HTML edition",
        }
    }

    fn render(&self, cx: &RenderContext<'_>) -> Result<Rendered, RenderError> {
        let started = Instant::now();
        let page = render_html(*cx).map_err(|error| RenderError::failed(self.describe(), error))?;
        Ok(Rendered {
            bytes: page.into_bytes(),
            stages: vec![("html", started.elapsed())],
            ..Rendered::default()
        })
    }
}
