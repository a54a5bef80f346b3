//! Reading a style file: parsed, its class colours resolved and every
//! value checked, or every problem found.

use crate::Style;

/// Why a style file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum StyleError {
    /// The TOML does not parse or does not fit the style's shape. This is
    /// serde's first error; [`Style::schema`] finds every one.
    #[error("{0}")]
    Toml(#[from] toml::de::Error),
    /// Values that parse but cannot be used (out of range, not a colour,
    /// too faint), every one found, in the order of the file's tables.
    #[error("{}", display_all(.0))]
    Invalid(Vec<Invalid>),
}

/// A value in a style that parses but cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("field `{field}`: {message}")]
pub struct Invalid {
    /// The field path (`colours.accent`).
    pub field: String,
    /// What is wrong.
    pub message: String,
}

impl Invalid {
    pub(crate) fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

fn display_all(problems: &[Invalid]) -> String {
    problems
        .iter()
        .map(Invalid::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

impl Style {
    /// Parses and checks a style file's text. Colours a class's look names
    /// (`accent`) are replaced with their values. Every value that cannot
    /// be used is reported, not only the first.
    pub fn from_toml(source: &str) -> Result<Self, StyleError> {
        let mut style: Style = toml::from_str(source)?;
        let mut problems = style.resolve_class_colours();
        style.check(&mut problems);
        if problems.is_empty() {
            Ok(style)
        } else {
            Err(StyleError::Invalid(problems))
        }
    }
}
