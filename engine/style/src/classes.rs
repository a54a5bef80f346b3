//! The looks of block classes: the style's `[classes.<name>]` tables, read
//! by both renderers.
//!
//! A class names what a block is (`vision`, `note`, `group`; see
//! [`quire_model::class`]); its entry says how it looks. A class with no
//! entry is drawn plainly, as its kind is with no class: a paragraph as
//! body text, a callout as the style's plain callout box (`colours.callout`
//! with an accent rule), a division as its blocks, a table in the table
//! look, a row as a body row, a span as its text. An entry gives the
//! class's whole look: what it leaves out, the block does not have (a
//! callout with an entry is not also the plain box); tables and rows keep
//! the table look (header rows, rules) with the entry laid over it.
//!
//! Each kind shows the keys that mean something for it:
//!
//! | key | paragraph, callout, division | table | row | span |
//! |---|---|---|---|---|
//! | `background` | fill behind the block | body cells' fill | its cells' fill | behind the text |
//! | `colour` | text colour | text colour | text colour | text colour |
//! | `border_left`, `border` | rules | `border`: the table's rules | – | – |
//! | `padding` | inside fill and rules | – | – | – |
//! | `text_size`, `italic`, `bold` | the text | the cells' text | the cells' text | the text |
//! | `space_before`, `space_after` | around the block | – | – | – |

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::Length;

/// Every class's look, by class name.
pub type Classes = BTreeMap<String, Look>;

/// How blocks of one class look. Colours are `#rrggbb` or the name of a
/// colour under `[colours]` (`accent`, `callout`, …), which the style
/// resolves when it is read, so renderers always see `#rrggbb`.
///
/// A key the style does not give is `null` for the renderers (the Typst
/// template asks `has(look, key)`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Look {
    /// The fill behind the block; none if not given.
    pub background: Option<String>,
    /// The text colour; `colours.text` if not given.
    pub colour: Option<String>,
    /// A rule down the left side.
    pub border_left: Option<Rule>,
    /// A rule all round (a box); for a table, its rules.
    pub border: Option<Rule>,
    /// The room between the fill or the rules and the text (in the Word
    /// copy, the rules' distance from the text; a side with no rule gets one
    /// in the fill's colour).
    pub padding: Option<Length>,
    /// The text size in points; the kind's own size if not given (body
    /// text, or the table size in tables).
    pub text_size: Option<f64>,
    /// Italic text.
    pub italic: bool,
    /// Bold text.
    pub bold: bool,
    /// Room above the block; the ordinary spacing if not given.
    pub space_before: Option<Length>,
    /// Room below the block; the ordinary spacing if not given.
    pub space_after: Option<Length>,
}

/// A rule: its width and colour, `{ width = "1pt", colour = "accent" }`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// The rule's width.
    pub width: Length,
    /// The rule's colour.
    pub colour: String,
}

impl Look {
    /// The look's colours with the style field each is at (`background`,
    /// `border.colour`), for resolving and checking them.
    pub(crate) fn colours_mut(&mut self) -> Vec<(&'static str, &mut String)> {
        let mut out = Vec::new();
        if let Some(c) = self.background.as_mut() {
            out.push(("background", c));
        }
        if let Some(c) = self.colour.as_mut() {
            out.push(("colour", c));
        }
        if let Some(r) = self.border_left.as_mut() {
            out.push(("border_left.colour", &mut r.colour));
        }
        if let Some(r) = self.border.as_mut() {
            out.push(("border.colour", &mut r.colour));
        }
        out
    }

    /// Whether the look draws anything around its blocks (a fill or a rule).
    pub fn is_boxed(&self) -> bool {
        self.background.is_some() || self.border_left.is_some() || self.border.is_some()
    }
}

/// Whether `name` can be a class name in the style: ASCII letters, digits,
/// `-` and `_` (a bare TOML key, and a Word style name part).
pub fn is_class_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}
