use serde::{Deserialize, Serialize};

/// Document metadata, shown on the title page and written into each output's
/// properties (PDF info and XMP, Word core properties).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// The document title.
    pub title: String,
    /// An optional subtitle shown under the title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subtitle: Option<String>,
    /// The author, usually the body that publishes the document.
    pub author: String,
    /// The organisation or partnership the document belongs to, if different.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    /// Publication date, ISO 8601 (`YYYY-MM-DD`).
    pub date: String,
    /// BCP 47 language tag, for example `en-GB`.
    pub language: String,
    /// Version label, for example `1.0` or `Draft 3`.
    pub version: String,
    /// A one-line description (PDF subject, Word subject).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// Keywords for the document properties.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub keywords: Vec<String>,
}

impl Meta {
    /// Metadata with the fields every document has: its title, author,
    /// date (`YYYY-MM-DD`), language (BCP 47) and version.
    pub fn new(
        title: impl Into<String>,
        author: impl Into<String>,
        date: impl Into<String>,
        language: impl Into<String>,
        version: impl Into<String>,
    ) -> Self {
        Self {
            title: title.into(),
            author: author.into(),
            date: date.into(),
            language: language.into(),
            version: version.into(),
            ..Self::default()
        }
    }
}
