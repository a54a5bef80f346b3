//! The style's `[html]`: the HTML edition's own settings.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// The HTML edition's own settings.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Html {
    /// Where the page's fonts come from.
    pub fonts: HtmlFonts,
}

/// Where the HTML edition's fonts come from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum HtmlFonts {
    /// The style's own font files, cut down to the page's characters and
    /// inlined in it: the page looks like the PDF.
    #[default]
    Shipped,
    /// The reader's system fonts (`system-ui` and the like): a lighter
    /// page, in the fonts the reader's device uses everywhere else.
    System,
}
