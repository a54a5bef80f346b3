//! The style's `[headings]`: numbering, the contents' depth and page breaks.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Heading numbering, the contents and page breaks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Headings {
    /// Headings deeper than this are not numbered.
    pub numbered_depth: u8,
    /// Headings deeper than this are not listed in the table of contents
    /// (2: chapters and their sections).
    #[serde(default = "default_contents_depth")]
    pub contents_depth: u8,
    /// Start every level-1 heading on a new page.
    pub break_before_chapter: bool,
}

fn default_contents_depth() -> u8 {
    2
}
