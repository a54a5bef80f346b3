//! Typst's diagnostics, turned into file/line/column messages.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use typst::WorldExt;
use typst::diag::{Severity, SourceDiagnostic};
use typst::syntax::VirtualRoot;

use crate::QuireWorld;

/// One message from Typst.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypstDiagnostic {
    /// Whether it stops the build.
    pub is_error: bool,
    /// What Typst says.
    pub message: String,
    /// The file, as a path inside the project (`styles/quire.typ`).
    pub file: Option<String>,
    /// 1-based line and column.
    pub position: Option<(usize, usize)>,
    /// The source line.
    pub line_text: Option<String>,
    /// Typst's hints.
    pub hints: Vec<String>,
    /// The byte range in the file, and the file's text, for printers that
    /// quote around the location.
    pub span: Option<(Range<usize>, Arc<str>)>,
}

impl fmt::Display for TypstDiagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = if self.is_error { "error" } else { "warning" };
        writeln!(f, "{kind}: {}", self.message)?;
        match (&self.file, self.position) {
            (Some(file), Some((line, col))) => {
                writeln!(f, "  --> {file}:{line}:{col}")?;
                if let Some(text) = &self.line_text {
                    writeln!(f, "   | {text}")?;
                }
            }
            (Some(file), None) => writeln!(f, "  --> {file}")?,
            _ => {}
        }
        for hint in &self.hints {
            writeln!(f, "  = hint: {hint}")?;
        }
        Ok(())
    }
}

/// Typesetting failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct TypstError {
    /// Every error Typst reported.
    pub diagnostics: Vec<TypstDiagnostic>,
}

impl TypstError {
    /// An error that is not Typst's own (a missing template, an unreadable font).
    pub fn message(message: impl Into<String>) -> Self {
        let d = TypstDiagnostic {
            is_error: true,
            message: message.into(),
            file: None,
            position: None,
            line_text: None,
            hints: Vec::new(),
            span: None,
        };
        Self {
            diagnostics: vec![d],
        }
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
pub fn convert(world: &QuireWorld, diagnostics: &[SourceDiagnostic]) -> Vec<TypstDiagnostic> {
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

/// Converts diagnostics without looking up their spans.
pub fn convert_detached(diagnostics: &[SourceDiagnostic]) -> Vec<TypstDiagnostic> {
    diagnostics.iter().map(detached).collect()
}

fn detached(d: &SourceDiagnostic) -> TypstDiagnostic {
    TypstDiagnostic {
        is_error: d.severity == Severity::Error,
        message: d.message.to_string(),
        file: None,
        position: None,
        line_text: None,
        hints: d.hints.iter().map(|h| h.v.to_string()).collect(),
        span: None,
    }
}
