//! The PDF as one of Quire's outputs: lays the document out in pages (whose
//! contents' page numbers the Word copy prints too) and exports them.

use std::time::Instant;

use quire_render::{Check, Output, RenderContext, RenderError, Rendered, Renderer, counted};

use crate::where_written::first_written;
use crate::{
    Diagnostic, PagedDocument, QuireWorld, TypstError, compile, contents_pages, emit, export_pdf,
    fallback_warnings,
};

/// The typeset PDF, through Typst.
#[derive(Debug, Clone, Copy, Default)]
pub struct Pdf;

/// Pages laid out, with Typst's warnings and the time each stage took.
struct LaidOut {
    pages: PagedDocument,
    warnings: Vec<Diagnostic>,
    stages: Vec<(&'static str, std::time::Duration)>,
}

impl Renderer for Pdf {
    fn output(&self) -> Output {
        Output {
            extension: "pdf",
            name: "PDF",
            described: "the PDF",
        }
    }

    fn paginates(&self) -> bool {
        true
    }

    fn render(&self, cx: &RenderContext<'_>) -> Result<Rendered, RenderError> {
        let LaidOut {
            pages,
            warnings,
            mut stages,
        } = lay_out(cx)?;
        let started = Instant::now();
        let bytes = export_pdf(&pages, &cx.document.meta().date, cx.name, cx.conformance)
            .map_err(|error| placed_missing_glyphs(cx, error))?;
        stages.push(("export", started.elapsed()));
        Ok(Rendered {
            bytes,
            pages: Some(pages.pages().len()),
            warnings,
            stages,
        })
    }

    fn trim_caches(&self) {
        // Typst's memo cache: entries unused for 10 builds go.
        typst::comemo::evict(10);
    }

    fn paginate_only(&self, cx: &RenderContext<'_>) -> Result<(), RenderError> {
        lay_out(cx).map(drop)
    }

    fn accessibility(
        &self,
        cx: &RenderContext<'_>,
        made: &Rendered,
    ) -> Result<Vec<Check>, RenderError> {
        let meta = cx.document.meta();
        let tagged = Check {
            rule: "PDF/UA-1: tagged structure, title shown, language, alternative text, table headers, heading order (checked by Typst while exporting)".into(),
            scope: counted(made.pages.unwrap_or_default(), "pages"),
            problems: Vec::new(),
            warnings: if cx.conformance.accessible {
                Vec::new()
            } else {
                vec!["turned off by `pdf_ua = false` under `[output]`: the PDF is tagged but not checked".into()]
            },
            model_rule: None,
        };
        let titled = Check {
            rule: "the title and language are set (WCAG 2.4.2, 3.1.1)".into(),
            scope: format!("“{}”, {}", meta.title, meta.language),
            problems: if meta.title.trim().is_empty() {
                vec!["the document has no title".into()]
            } else {
                Vec::new()
            },
            warnings: Vec::new(),
            model_rule: None,
        };
        Ok(vec![tagged, titled])
    }
}

/// Lays the document out in pages and publishes the contents' pages (or
/// that there will be none, when the layout fails).
fn lay_out(cx: &RenderContext<'_>) -> Result<LaidOut, RenderError> {
    let laid = typeset(cx);
    match &laid {
        Ok(laid) => cx.contents_pages.publish(contents_pages(&laid.pages)),
        Err(_) => cx.contents_pages.close(),
    }
    laid.map_err(RenderError::from)
}

fn typeset(cx: &RenderContext<'_>) -> Result<LaidOut, TypstError> {
    let started = Instant::now();
    let sources = emit(*cx)?;
    let world = QuireWorld::new(cx.files, sources, cx.images)?;
    let emitted = started.elapsed();
    let started = Instant::now();
    let (pages, mut warnings) = compile(&world)?;
    // What Typst set in its own fonts that the check before typesetting
    // could not see (the template's own characters, Typst's markers).
    let told: Vec<char> = cx.missing_glyphs.iter().map(|(c, _)| *c).collect();
    warnings.extend(fallback_warnings(&world, &pages, &told));
    Ok(LaidOut {
        pages,
        warnings,
        stages: vec![("sources", emitted), ("layout", started.elapsed())],
    })
}

/// The export's error that the fonts lack a character, with where the
/// character is first written.
fn placed_missing_glyphs(cx: &RenderContext<'_>, mut error: TypstError) -> RenderError {
    let Some(missing) = &error.missing else {
        return error.into();
    };
    let (Some(first), Some(d)) = (
        missing.characters.first(),
        error.diagnostics.get_mut(missing.index),
    ) else {
        return error.into();
    };
    let written = cx
        .missing_glyphs
        .iter()
        .find(|(c, _)| c == first)
        .and_then(|(_, place)| place.clone());
    if let Some(place) = written {
        d.hints
            .insert(0, format!("`{first}` is first written at {place}"));
    } else if let Some(place) = first_written(cx.document.document(), *first) {
        d.hints
            .insert(0, format!("`{first}` is first found {place}"));
    }
    error.into()
}
