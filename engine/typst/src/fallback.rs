//! Text the PDF sets in one of Typst's own fonts: Typst falls back to its
//! embedded fonts for a character the style's fonts lack, which puts (say)
//! a serif `‣` among sans-serif text. The engine checks the document's own
//! text before typesetting, where it was written; this finds what that
//! check cannot see — characters the template writes itself, or that Typst
//! adds (a list marker, a quotation mark) — in the laid-out pages, and
//! makes each a warning, at the template's line where it is written there.

use typst::WorldExt;
use typst::diag::SourceDiagnostic;
use typst::layout::{Frame, FrameItem};
use typst::syntax::Span;
use typst_layout::PagedDocument;

use crate::{Diagnostic, QuireWorld, diagnostics};

/// One character set in a fallback font, and where Typst says it is from.
struct Fallback {
    character: char,
    font: String,
    span: Span,
}

/// A warning for each character the PDF sets in a font that is not the
/// style's (once per character and font), leaving out `told`: the
/// characters already reported where the author wrote them.
pub fn fallback_warnings(
    world: &QuireWorld,
    document: &PagedDocument,
    told: &[char],
) -> Vec<Diagnostic> {
    let own = world.own_families();
    let mut found: Vec<Fallback> = Vec::new();
    for page in document.pages() {
        collect(&page.frame, &own, &mut found);
    }
    let warnings: Vec<SourceDiagnostic> = found
        .into_iter()
        .filter(|f| !told.contains(&f.character))
        .map(|f| {
            // The template's own text is told at its place there; text that
            // came in as data (the model, the style's words) has the span of
            // the template's expression that placed it, which is no help.
            let literal = world
                .range(f.span)
                .zip(f.span.id())
                .and_then(|(range, id)| {
                    let source = typst::World::source(world, id).ok()?;
                    source.text().get(range)?.contains(f.character).then_some(())
                })
                .is_some();
            let span = if literal { f.span } else { Span::detached() };
            let mut d = SourceDiagnostic::warning(
                span,
                format!(
                    "the PDF sets `{}` (U+{:04X}) in {}, one of Typst's own fonts: the style's fonts do not have it",
                    f.character,
                    u32::from(f.character),
                    f.font
                ),
            );
            d.hint(
                "use a character the style's fonts have, or add a font that has it to the style's font folder",
            );
            d
        })
        .collect();
    diagnostics::convert(world, &warnings)
}

fn collect(frame: &Frame, own: &[String], found: &mut Vec<Fallback>) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(group) => collect(&group.frame, own, found),
            FrameItem::Text(text) => {
                let family = &text.font.font().info().family;
                if own.iter().any(|f| f.eq_ignore_ascii_case(family)) {
                    continue;
                }
                for glyph in &text.glyphs {
                    let Some(piece) = text.text.get(glyph.range()) else {
                        continue;
                    };
                    for character in piece.chars().filter(|c| !c.is_whitespace()) {
                        if !found
                            .iter()
                            .any(|f| f.character == character && f.font == *family)
                        {
                            found.push(Fallback {
                                character,
                                font: family.clone(),
                                span: glyph.span.0,
                            });
                        }
                    }
                }
            }
            FrameItem::Shape(..)
            | FrameItem::Image(..)
            | FrameItem::Link(..)
            | FrameItem::Tag(_) => {}
        }
    }
}
