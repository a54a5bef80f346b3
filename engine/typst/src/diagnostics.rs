//! Typst's diagnostics, turned into file/line/column messages.

use std::fmt;
use std::sync::Arc;

use quire_render::{Diagnostic, Location, RenderError};

use typst::WorldExt;
use typst::diag::{Severity, SourceDiagnostic};
use typst::syntax::VirtualRoot;

use crate::QuireWorld;

/// Typesetting failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct TypstError {
    /// Every error Typst reported.
    pub diagnostics: Vec<Diagnostic>,
    /// The error that the style's fonts lack characters, if it is among
    /// them: which it is, and the characters.
    pub missing: Option<MissingGlyphs>,
}

/// The characters the style's fonts lack, told in one error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingGlyphs {
    /// The error's place among the diagnostics.
    pub index: usize,
    /// The characters, in the order they were first met.
    pub characters: Vec<char>,
}

impl TypstError {
    /// An error that is not Typst's own (a missing template, an unreadable font).
    pub fn message(message: impl Into<String>) -> Self {
        Self::from(vec![Diagnostic::error(message)])
    }
}

impl From<Vec<Diagnostic>> for TypstError {
    fn from(diagnostics: Vec<Diagnostic>) -> Self {
        Self {
            diagnostics,
            missing: None,
        }
    }
}

impl From<TypstError> for RenderError {
    fn from(error: TypstError) -> Self {
        RenderError(error.diagnostics)
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
pub fn convert(world: &QuireWorld, diagnostics: &[SourceDiagnostic]) -> Vec<Diagnostic> {
    diagnostics
        .iter()
        .map(|d| {
            let mut out = detached(d);
            let Some(id) = d.span.id() else {
                return out;
            };
            // The template's files are the project's; Typst's own (its
            // packages) have no path a user could open.
            let path = matches!(id.root(), VirtualRoot::Project)
                .then(|| id.vpath().get_without_slash().to_string());
            let Some(path) = path else {
                return out;
            };
            out = out.in_path(&path);
            if let (Ok(source), Some(range)) =
                (typst::World::source(world, id), world.range(d.span))
                && let Some((line, col)) = source.lines().byte_to_line_column(range.start)
            {
                let line_text = source.text().lines().nth(line).unwrap_or_default();
                let width = source.text().get(range.clone()).map_or(1, |t| {
                    t.lines().next().unwrap_or_default().chars().count().max(1)
                });
                let location = Location {
                    line: line + 1,
                    column: col + 1,
                    line_text: line_text.to_string(),
                    width,
                    span: range,
                };
                out = out.at_text(path, Arc::from(source.text()), location);
            }
            out
        })
        .collect()
}

/// Converts diagnostics without looking up their spans (the PDF export's),
/// with the characters the fonts lack in one error.
pub fn convert_detached(diagnostics: &[SourceDiagnostic]) -> TypstError {
    merge_missing_glyphs(diagnostics.iter().map(detached).collect())
}

fn detached(d: &SourceDiagnostic) -> Diagnostic {
    let out = match d.severity {
        Severity::Error => Diagnostic::error(d.message.to_string()),
        Severity::Warning => Diagnostic::warning(d.message.to_string()),
    };
    d.hints
        .iter()
        .fold(out, |out, h| out.and_hint(h.v.to_string()))
}

/// Typst reports each character the fonts lack (an emoji, Chinese) as an
/// error of its own, naming neither where it is nor what to do. These
/// become one error listing the characters, with the remedy; the other
/// diagnostics are kept in order.
pub fn merge_missing_glyphs(diagnostics: Vec<Diagnostic>) -> TypstError {
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
        let merged = Diagnostic::error(format!(
            "the PDF cannot show {list}: the style's fonts do not have {them}"
        ))
        .and_hint(format!(
            "add a font that has {them} to the style's font folder (`fonts_dir` in the style file; `styles/fonts` in the shipped style), then build again"
        ));
        kept.insert(at, merged);
        return TypstError {
            diagnostics: kept,
            missing: Some(MissingGlyphs {
                index: at,
                characters: missing,
            }),
        };
    }
    TypstError::from(kept)
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
        let typst = |message: &str| Diagnostic::error(message);
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
        let missing = merged.missing.unwrap();
        let merged = merged.diagnostics;
        assert_eq!(merged.len(), 2);
        assert_eq!(
            merged[0].message,
            "the PDF cannot show `😀` (U+1F600), `中` (U+4E2D) and `文` (U+6587): the style's fonts do not have them"
        );
        assert!(
            merged[0].hints[0].starts_with("add a font that has them to the style's font folder")
        );
        assert_eq!(missing.index, 0);
        assert_eq!(missing.characters, ['😀', '中', '文']);
        assert_eq!(merged[1].message, "another error");
        let escaped = merge_missing_glyphs(vec![typst(
            "the text `\"a\\u{200d}\\\"\"` could not be displayed with font `\"X\"`",
        )]);
        assert_eq!(escaped.missing.unwrap().characters, ['a', '\u{200D}', '"']);
    }
}
