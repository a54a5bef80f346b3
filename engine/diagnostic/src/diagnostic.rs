//! Errors and warnings that point at a file, line and column.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::location::{Location, locate, window};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The build cannot go on.
    Error,
    /// The build goes on, but the author should look.
    Warning,
}

/// A text file a diagnostic can point into.
pub trait Source {
    /// The path as shown to the user.
    fn shown(&self) -> &Path;
    /// The file's text.
    fn text(&self) -> &str;
}

/// One problem, with where it is and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong and what was expected.
    pub message: String,
    /// The file the problem is in, as shown to the user.
    pub file: Option<PathBuf>,
    /// Where in the file (boxed: most diagnostics travel in `Result`s).
    pub location: Option<Box<Location>>,
    /// What to do about it, the most useful first.
    pub hints: Vec<String>,
    /// The text of the file, for printers that quote around the location.
    pub source_text: Option<Arc<str>>,
}

impl Diagnostic {
    /// An error with no location.
    pub fn error(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            message: message.into(),
            file: None,
            location: None,
            hints: Vec::new(),
            source_text: None,
        }
    }

    /// A warning with no location.
    pub fn warning(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(message)
        }
    }

    /// Whether it stops the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The same diagnostic, in a file but at no particular place.
    pub fn in_file(self, file: &impl Source) -> Self {
        self.in_path(file.shown())
    }

    /// The same diagnostic, in the file at `path` (as shown to the user)
    /// but at no particular place.
    pub fn in_path(mut self, path: impl Into<PathBuf>) -> Self {
        self.file = Some(path.into());
        self
    }

    /// The same diagnostic, at a byte range of a file.
    pub fn at(mut self, file: &impl Source, span: Range<usize>) -> Self {
        self.file = Some(file.shown().to_path_buf());
        self.location = Some(Box::new(locate(file.text(), span)));
        self.source_text = Some(Arc::from(file.text()));
        self
    }

    /// The same diagnostic, at a known location of a file.
    pub fn at_location(mut self, file: &impl Source, location: Option<Location>) -> Self {
        self.file = Some(file.shown().to_path_buf());
        if location.is_some() {
            self.source_text = Some(Arc::from(file.text()));
        }
        self.location = location.map(Box::new);
        self
    }

    /// The same diagnostic, at a location of the file at `path` whose text
    /// is `text` (a file another program read: Typst's template).
    pub fn at_text(mut self, path: impl Into<PathBuf>, text: Arc<str>, location: Location) -> Self {
        self.file = Some(path.into());
        self.location = Some(Box::new(location));
        self.source_text = Some(text);
        self
    }

    /// The same diagnostic with this hint instead of any it had.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hints = vec![hint.into()];
        self
    }

    /// The same diagnostic with a hint after the ones it has.
    pub fn and_hint(mut self, hint: impl Into<String>) -> Self {
        self.hints.push(hint.into());
        self
    }

    /// Its first hint, if any.
    pub fn hint(&self) -> Option<&str> {
        self.hints.first().map(String::as_str)
    }
}

impl fmt::Display for Diagnostic {
    /// rustc-style: a headline, the position, the quoted line with the span
    /// underlined, and the hints.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{kind}: {}", self.message)?;
        if let Some(file) = &self.file {
            match &self.location {
                Some(loc) => {
                    let gutter = loc.line.to_string().len();
                    let pad = " ".repeat(gutter);
                    writeln!(f, "{pad}--> {}:{}:{}", file.display(), loc.line, loc.column)?;
                    writeln!(f, "{pad} |")?;
                    let (shown, column, width) = window(&loc.line_text, loc.column, loc.width);
                    writeln!(f, "{} | {shown}", loc.line)?;
                    let lead: String = shown
                        .chars()
                        .take(column - 1)
                        .map(|c| if c == '\t' { '\t' } else { ' ' })
                        .collect();
                    writeln!(f, "{pad} | {lead}{}", "^".repeat(width))?;
                }
                None => writeln!(f, "  --> {}", file.display())?,
            }
        }
        for hint in &self.hints {
            writeln!(f, "  = hint: {hint}")?;
        }
        Ok(())
    }
}

/// Every error a build found (and the warnings that came with them).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// How many of them are errors.
    pub fn error_count(&self) -> usize {
        self.0.iter().filter(|d| d.is_error()).count()
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}
