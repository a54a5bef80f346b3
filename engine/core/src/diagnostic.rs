//! Errors and warnings that point at a file, line and column.

use std::fmt;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::Arc;

use crate::source::{Location, SourceFile};

/// How bad a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The build cannot go on.
    Error,
    /// The build goes on, but the author should look.
    Warning,
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
    /// A suggestion.
    pub hint: Option<String>,
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
            hint: None,
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

    /// The same diagnostic, in a file but at no particular place.
    pub fn in_file(mut self, file: &SourceFile) -> Self {
        self.file = Some(file.shown.clone());
        self
    }

    /// The same diagnostic, at a byte range of a file.
    pub fn at(mut self, file: &SourceFile, span: Range<usize>) -> Self {
        self.file = Some(file.shown.clone());
        self.location = Some(Box::new(file.locate(span)));
        self.source_text = Some(Arc::from(file.text.as_str()));
        self
    }

    /// The same diagnostic, at a known location of a file.
    pub fn at_location(mut self, file: &SourceFile, location: Option<Location>) -> Self {
        self.file = Some(file.shown.clone());
        if location.is_some() {
            self.source_text = Some(Arc::from(file.text.as_str()));
        }
        self.location = location.map(Box::new);
        self
    }

    /// The same diagnostic with a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Diagnostic {
    /// rustc-style: a headline, the position, the quoted line with the span
    /// underlined, and the hint.
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
                    let (shown, column, width) =
                        crate::source::window(&loc.line_text, loc.column, loc.width);
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
        if let Some(hint) = &self.hint {
            writeln!(f, "  = hint: {hint}")?;
        }
        Ok(())
    }
}

/// A "did you mean" hint for unknown-field and unknown-choice messages,
/// in plain words (``unknown field `titel`; the fields here are `title` and
/// `caption` ``) or serde's (``unknown variant `landscpe`, expected …``),
/// naming the closest known name when one is close enough.
pub fn did_you_mean(message: &str) -> Option<String> {
    let (_, rest) = message
        .split_once("unknown field `")
        .or_else(|| message.split_once("unknown choice `"))
        .or_else(|| message.split_once("unknown variant `"))?;
    let (written, expected) = rest.split_once('`')?;
    let candidates = expected.split('`').skip(1).step_by(2);
    let limit = (written.chars().count() / 3).max(2);
    let (best, distance) = candidates
        .map(|c| (c, quire_model::resolve::edit_distance(written, c)))
        .min_by_key(|(_, d)| *d)?;
    (distance <= limit).then(|| format!("did you mean `{best}`?"))
}

/// Every error a build found (and the warnings that came with them).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// How many of them are errors.
    pub fn error_count(&self) -> usize {
        self.0
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
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

#[cfg(test)]
mod tests {
    use super::did_you_mean;

    #[test]
    fn close_names_are_suggested_and_far_ones_are_not() {
        let message = "unknown field `titel`, expected one of `title`, `caption`, `aims`";
        assert_eq!(
            did_you_mean(message).as_deref(),
            Some("did you mean `title`?")
        );
        let message = "unknown variant `landscpe`, expected `portrait` or `landscape`";
        assert_eq!(
            did_you_mean(message).as_deref(),
            Some("did you mean `landscape`?")
        );
        let message = "unknown choice `counts`; the choices are `count` and `percent`";
        assert_eq!(
            did_you_mean(message).as_deref(),
            Some("did you mean `count`?")
        );
        let message = "unknown field `statment`; the fields here are `number` and `statement`";
        assert_eq!(
            did_you_mean(message).as_deref(),
            Some("did you mean `statement`?")
        );
        assert_eq!(did_you_mean("unknown field `zzz`, expected `title`"), None);
        assert_eq!(did_you_mean("invalid type: string"), None);
    }
}
