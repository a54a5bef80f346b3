//! What a renderer reports: problems placed in the project's files where
//! they have a place (the Typst template's file, line and column), and
//! failures of the output as a whole.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

/// One message from a renderer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderDiagnostic {
    /// Whether it stops the build.
    pub is_error: bool,
    /// What the renderer (or Typst underneath it) says.
    pub message: String,
    /// The file, as a path inside the project (`styles/quire.typ`).
    pub file: Option<String>,
    /// 1-based line and column.
    pub position: Option<(usize, usize)>,
    /// The source line.
    pub line_text: Option<String>,
    /// Hints, first the most useful.
    pub hints: Vec<String>,
    /// The byte range in the file, and the file's text, for printers that
    /// quote around the location.
    pub span: Option<(Range<usize>, Arc<str>)>,
    /// For the error that the style's fonts lack characters: which.
    pub missing_glyphs: Vec<char>,
}

impl RenderDiagnostic {
    /// An error with only a message.
    pub fn message_only(message: impl Into<String>) -> Self {
        Self {
            is_error: true,
            message: message.into(),
            file: None,
            position: None,
            line_text: None,
            hints: Vec::new(),
            span: None,
            missing_glyphs: Vec::new(),
        }
    }
}

impl fmt::Display for RenderDiagnostic {
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

/// Why a renderer could not make its output.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RenderError {
    /// Problems, each placed where it has a place (every error Typst
    /// reported about the template).
    #[error("{}", Listed(.0))]
    Diagnostics(Vec<RenderDiagnostic>),
    /// The output as a whole could not be made.
    #[error("{output} failed: {message}")]
    Failed {
        /// The output in words (`the Word copy`).
        output: &'static str,
        /// What went wrong.
        message: String,
    },
}

impl RenderError {
    /// The errors among its diagnostics (one for a failure).
    pub fn error_count(&self) -> usize {
        match self {
            Self::Diagnostics(list) => list.iter().filter(|d| d.is_error).count(),
            Self::Failed { .. } => 1,
        }
    }
}

/// Diagnostics shown one after another.
struct Listed<'a>(&'a [RenderDiagnostic]);

impl fmt::Display for Listed<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|d| write!(f, "{d}"))
    }
}
