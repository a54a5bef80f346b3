//! The style's `[fonts]`: the shipped families and the names the Word copy
//! asks for.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Font families. Each must be found in the style's fonts folder.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Fonts {
    /// Running text.
    pub body: String,
    /// Headings and the title page.
    pub headings: String,
    /// Code and verbatim text.
    pub mono: String,
    /// Font names for the Word copy, which cannot embed the shipped fonts:
    /// body, headings and mono (e.g. Arial, metric-compatible with
    /// Liberation Sans). Each falls back to the family above.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub word: Option<WordFonts>,
}

/// Font names the Word copy asks for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WordFonts {
    /// Running text.
    pub body: String,
    /// Headings and the title page.
    pub headings: String,
    /// Code and verbatim text.
    pub mono: String,
}

impl Fonts {
    /// The fonts the Word copy names: `word` if given, else the shipped families.
    pub fn for_word(&self) -> WordFonts {
        self.word.clone().unwrap_or_else(|| WordFonts {
            body: self.body.clone(),
            headings: self.headings.clone(),
            mono: self.mono.clone(),
        })
    }
}
