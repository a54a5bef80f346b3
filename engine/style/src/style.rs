//! The style as a whole: one [`Style`] per style file, its sections each
//! in a file of their own, and the looks of classes.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::vocabulary;
// The doc link of `Style::classes`, which the style's schema repeats as written.
#[cfg(doc)]
use crate::classes;
use crate::{
    Charts, Classes, Colours, Fonts, Headings, Html, Look, Page, Running, Sizes, Spacing,
    Vocabulary,
};

/// A parsed house-style file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Style {
    /// The Typst template, relative to the style file.
    pub template: String,
    /// Folder of font files shipped with the style, relative to the style file.
    pub fonts_dir: String,
    /// Page size and margins.
    pub page: Page,
    /// Font families.
    pub fonts: Fonts,
    /// Font sizes in points.
    pub sizes: Sizes,
    /// Colours.
    pub colours: Colours,
    /// Heading numbering and breaks.
    pub headings: Headings,
    /// Running header and footer.
    pub running: Running,
    /// An optional logo for the title page, relative to the style file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<String>,
    /// How charts are drawn.
    #[serde(default)]
    pub charts: Charts,
    /// The words the document prints around its authors' text (`Table`,
    /// `Contents`); English unless the style changes them.
    #[serde(default)]
    #[schemars(with = "vocabulary::Words")]
    pub vocabulary: Vocabulary,
    /// How blocks of each class look (`[classes.<name>]`), in both
    /// outputs; a class with no entry is drawn plainly ([`classes`]).
    #[serde(default)]
    pub classes: Classes,
    /// Vertical spacing: line heights and the room between blocks, the
    /// same in both outputs so they break pages alike.
    #[serde(default)]
    pub spacing: Spacing,
    /// The HTML edition's own settings (`[html]`).
    #[serde(default)]
    pub html: Html,
}

impl Style {
    /// The JSON Schema of a style file, with each field's doc comment as
    /// its description: what a style that does not read is checked
    /// against, so that every wrong type, unknown field and missing field
    /// in it is found at once.
    pub fn schema() -> schemars::Schema {
        schemars::schema_for!(Style)
    }

    /// The look of blocks of `class`, if the style gives one.
    pub fn look(&self, class: &str) -> Option<&Look> {
        self.classes.get(class)
    }
}
