//! Typst's diagnostics, turned into file/line/column messages.

use std::fmt;
use std::sync::Arc;

use quire_render::{RenderDiagnostic, RenderError};

use typst::WorldExt;
use typst::diag::{Severity, SourceDiagnostic};
use typst::syntax::VirtualRoot;

use crate::QuireWorld;

/// Typesetting failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct TypstError {
    /// Every error Typst reported.
    pub diagnostics: Vec<RenderDiagnostic>,
}

impl TypstError {
    /// An error that is not Typst's own (a missing template, an unreadable font).
    pub fn message(message: impl Into<String>) -> Self {
        Self {
            diagnostics: vec![RenderDiagnostic::message_only(message)],
        }
    }
}

impl From<TypstError> for RenderError {
    fn from(error: TypstError) -> Self {
        RenderError::Diagnostics(error.diagnostics)
    }
}

impl fmt::Display for TypstError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.diagnostics {
            write!(f, "{d}")?;
        }
        Ok(())
    }
}

/// Converts diagnostics that have spans in `world`'s files.
pub fn convert(world: &QuireWorld, diagnostics: &[SourceDiagnostic]) -> Vec<RenderDiagnostic> {
    diagnostics
        .iter()
        .map(|d| {
            let mut out = detached(d);
            if let Some(id) = d.span.id() {
                if matches!(id.root(), VirtualRoot::Project) {
                    out.file = Some(id.vpath().get_without_slash().to_string());
                }
                if let (Ok(source), Some(range)) =
                    (typst::World::source(world, id), world.range(d.span))
                    && let Some((line, col)) = source.lines().byte_to_line_column(range.start)
                {
                    out.position = Some((line + 1, col + 1));
                    out.line_text = source.text().lines().nth(line).map(str::to_string);
                    out.span = Some((range, Arc::from(source.text())));
                }
            }
            out
        })
        .collect()
}

/// Converts diagnostics without looking up their spans (the PDF export's),
/// with the characters the fonts lack in one error.
pub fn convert_detached(diagnostics: &[SourceDiagnostic]) -> Vec<RenderDiagnostic> {
    merge_missing_glyphs(diagnostics.iter().map(detached).collect())
}

fn detached(d: &SourceDiagnostic) -> RenderDiagnostic {
    RenderDiagnostic {
        is_error: d.severity == Severity::Error,
        message: d.message.to_string(),
        file: None,
        position: None,
        line_text: None,
        hints: d.hints.iter().map(|h| h.v.to_string()).collect(),
        span: None,
        missing_glyphs: Vec::new(),
    }
}

/// Typst reports each character the fonts lack (an emoji, Chinese) as an
/// error of its own, naming neither where it is nor what to do. These
/// become one error listing the characters, with the remedy; the other
/// diagnostics are kept in order.
pub fn merge_missing_glyphs(diagnostics: Vec<RenderDiagnostic>) -> Vec<RenderDiagnostic> {
    let mut missing: Vec<char> = Vec::new();
    let mut first = None;
    let mut kept = Vec::new();
    for d in diagnostics {
        match missing_text(&d.message) {
            Some(text) => {
                first.get_or_insert(kept.len());
                let text = text.as_str();
                for c in text.chars() {
                    if !missing.contains(&c) {
                        missing.push(c);
                    }
                }
            }
            None => kept.push(d),
        }
    }
    if let Some(at) = first {
        let names: Vec<String> = missing
            .iter()
            .map(|c| format!("`{c}` (U+{:04X})", u32::from(*c)))
            .collect();
        let (list, them) = match names.split_last() {
            Some((last, [])) => (last.clone(), "it"),
            Some((last, rest)) => (format!("{} and {last}", rest.join(", ")), "them"),
            None => (String::new(), "them"),
        };
        let mut merged = RenderDiagnostic::message_only(format!(
            "the PDF cannot show {list}: the style's fonts do not have {them}"
        ));
        merged.hints.push(format!(
            "add a font that has {them} to the style's font folder (`fonts_dir` in the style file; `styles/fonts` in the shipped style), then build again"
        ));
        merged.missing_glyphs = missing;
        kept.insert(at, merged);
    }
    kept
}

/// The text of Typst's "could not be displayed with font" error, if it is
/// one: Typst quotes it as a string literal (`"\u{200d}"`), read back here.
fn missing_text(message: &str) -> Option<String> {
    let start = message.find("the text `")? + "the text `".len();
    let end = start + message[start..].find("` could not be displayed with font")?;
    let quoted = &message[start..end];
    let inner = quoted
        .strip_prefix('"')
        .and_then(|t| t.strip_suffix('"'))
        .unwrap_or(quoted);
    let mut text = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            text.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => text.push('\n'),
            Some('r') => text.push('\r'),
            Some('t') => text.push('\t'),
            Some('u') => {
                let code: String = chars
                    .by_ref()
                    .skip_while(|c| *c == '{')
                    .take_while(|c| *c != '}')
                    .collect();
                if let Some(c) = u32::from_str_radix(&code, 16).ok().and_then(char::from_u32) {
                    text.push(c);
                }
            }
            Some(other) => text.push(other),
            None => {}
        }
    }
    Some(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn characters_the_fonts_lack_are_one_error_saying_what_to_do() {
        let typst = |message: &str| RenderDiagnostic::message_only(message);
        let merged = merge_missing_glyphs(vec![
            typst(
                "PDF/UA-1 error: the text `\"😀\"` could not be displayed with font `\"Liberation Sans\"`",
            ),
            typst("another error"),
            typst(
                "PDF/UA-1 error: the text `\"中文\"` could not be displayed with font `\"Liberation Sans\"`",
            ),
            typst(
                "PDF/UA-1 error: the text `\"😀\"` could not be displayed with font `\"Liberation Sans\"`",
            ),
        ]);
        assert_eq!(merged.len(), 2);
        assert_eq!(
            merged[0].message,
            "the PDF cannot show `😀` (U+1F600), `中` (U+4E2D) and `文` (U+6587): the style's fonts do not have them"
        );
        assert!(
            merged[0].hints[0].starts_with("add a font that has them to the style's font folder")
        );
        assert_eq!(merged[0].missing_glyphs, ['😀', '中', '文']);
        assert_eq!(merged[1].message, "another error");
        let escaped = merge_missing_glyphs(vec![typst(
            "the text `\"a\\u{200d}\\\"\"` could not be displayed with font `\"X\"`",
        )]);
        assert_eq!(escaped[0].missing_glyphs, ['a', '\u{200D}', '"']);
    }
}
