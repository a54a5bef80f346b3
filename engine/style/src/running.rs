//! The running header and footer: the style's `[running]` patterns, read
//! once.
//!
//! A pattern is split into literal text and placeholders in one pass over
//! the pattern itself. Renderers put the document's values in place of the
//! placeholders and never read what they put there again, so a title that
//! holds `{page}` or `{version}` prints as written.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

// The doc links of `Running`, which the style's schema repeats as written.
#[cfg(doc)]
use crate::running;

/// One piece of a running pattern.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Text printed as it is.
    Text(&'a str),
    /// `{title}`: the document's title.
    Title,
    /// `{version}`: the document's version.
    Version,
    /// `{date}`: the document's date as readers see it.
    Date,
    /// `{author}`: the document's author (the body that publishes it).
    Author,
    /// `{organisation}`: the document's organisation, or its author when it
    /// names none.
    Organisation,
    /// `{page}`: the page number.
    Page,
    /// `{pages}`: the number of pages.
    Pages,
}

const PLACEHOLDERS: [(&str, Piece<'static>); 7] = [
    ("{title}", Piece::Title),
    ("{version}", Piece::Version),
    ("{date}", Piece::Date),
    ("{author}", Piece::Author),
    ("{organisation}", Piece::Organisation),
    ("{pages}", Piece::Pages),
    ("{page}", Piece::Page),
];

/// Splits a running pattern (`Page {page} of {pages}`) into pieces. A `{`
/// that opens no placeholder is text.
pub fn pieces(pattern: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut text_start = 0;
    let mut at = 0;
    while let Some(open) = pattern[at..].find('{').map(|i| at + i) {
        let found = PLACEHOLDERS
            .iter()
            .find(|(name, _)| pattern[open..].starts_with(name));
        match found {
            Some((name, piece)) => {
                if open > text_start {
                    out.push(Piece::Text(&pattern[text_start..open]));
                }
                out.push(*piece);
                at = open + name.len();
                text_start = at;
            }
            None => at = open + 1,
        }
    }
    if text_start < pattern.len() {
        out.push(Piece::Text(&pattern[text_start..]));
    }
    out
}

/// Running header and footer. `{title}`, `{version}` and `{date}` are
/// replaced with the document's metadata; `{page}` and `{pages}` with the
/// page number and the page count. The pattern is read once
/// ([`running::pieces`]): what replaces a placeholder is never read again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Running {
    /// Header, left.
    pub header_left: String,
    /// Header, right.
    pub header_right: String,
    /// Footer, left.
    pub footer_left: String,
    /// Footer, right.
    pub footer_right: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pattern_splits_into_text_and_placeholders() {
        assert_eq!(
            pieces("Page {page} of {pages}"),
            [
                Piece::Text("Page "),
                Piece::Page,
                Piece::Text(" of "),
                Piece::Pages
            ]
        );
        assert_eq!(
            pieces("{title}{version}, {date}"),
            [Piece::Title, Piece::Version, Piece::Text(", "), Piece::Date]
        );
        assert_eq!(
            pieces("{author} for {organisation}"),
            [Piece::Author, Piece::Text(" for "), Piece::Organisation]
        );
    }

    #[test]
    fn braces_that_open_no_placeholder_are_text() {
        assert_eq!(pieces("{x} {page"), [Piece::Text("{x} {page")]);
        assert_eq!(
            pieces("{{page}}"),
            [Piece::Text("{"), Piece::Page, Piece::Text("}")]
        );
        assert_eq!(pieces(""), []);
    }
}
