//! What a renderer reports: Quire's one [`Diagnostic`], placed in the
//! project's files where the problem has a place (the Typst template's
//! file, line and column).

use std::fmt;

use quire_diagnostic::Diagnostic;

/// Why a renderer could not make its output: every problem it found, each
/// placed where it has a place.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct RenderError(pub Vec<Diagnostic>);

impl RenderError {
    /// The output (`the Word copy`) could not be made, for a reason that
    /// has no place in the project's files.
    pub fn failed(output: &str, message: impl fmt::Display) -> Self {
        Self(vec![Diagnostic::error(format!(
            "{output} failed: {message}"
        ))])
    }

    /// The errors among its diagnostics.
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }
}

impl fmt::Display for RenderError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|d| write!(f, "{d}"))
    }
}
