//! The layout model: every length, indent and rule that more than one
//! renderer draws, worked out once from the style ([`Layout::new`]) so that
//! the PDF, the Word copy and the HTML edition read one value each. The
//! Typst template receives it as data (`settings.layout`), Word converts
//! its lengths to twips and half-points, and the HTML edition to `rem`.
//!
//! The style's own values (`[sizes]`, `[spacing]`, `[page]`) are read from
//! the style itself; this model holds what is worked out from them and the
//! house's fixed measures, which were three renderers' constants before.
//!
//! Deliberately renderer-specific, and so not here:
//! - the PDF's title page (its accent band, margins and gaps; the Word
//!   copy's title page is plain paragraphs, the HTML's a title block);
//! - the PDF contents' dot leaders and page-number box (Word puts its page
//!   numbers on a right tab at [`Layout::text_width`]; the HTML has no page
//!   numbers), and the HTML contents' own indents;
//! - the HTML edition's screen measures: its measure, its quotation (a
//!   ruled block, not an inset), definition, notes and table-cell room in
//!   `rem` of the reader's text size, its focus rings;
//! - the PDF's gap under a callout's title (0.6 em; the other outputs give
//!   the paragraph spacing), and the Word copy's indent of a paragraph that
//!   continues a list item or a definition (`ListContinue`, 720 twips,
//!   where the PDF aligns it with the item's text): not yet shared;
//! - the Word copy's header and footer distances (half the margins) and its
//!   footnote separator's height ([`Layout::footnote_separator`]), which
//!   LibreOffice turns into the PDF's clearance.

use serde::Serialize;

use crate::{Length, Look, Rule, Style};

/// The lengths and looks the renderers share, worked out from one style.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Layout {
    /// The width of a portrait page's text (the Word copy's contents tab
    /// stop, its tables' full width).
    pub text_width: Length,
    /// The indent each list level adds, which its marker or number hangs
    /// in: the PDF's marker box, the Word copy's hanging indent per level,
    /// the HTML's list padding.
    pub list_hang: Length,
    /// The hanging indent a numbered paragraph's number sits in
    /// (`quire_model::class::NUMBERED`).
    pub numbered_indent: Length,
    /// How far a quotation is set in from both sides.
    pub quote_inset: Length,
    /// How far a definition's details hang under its term: 1.5 em of the
    /// body text.
    pub term_hang: Length,
    /// The room inside every table cell, on every side of its text.
    pub cell_inset: Length,
    /// The width of a table's rules, unless its class gives its own.
    pub table_rule: Length,
    /// The room between a page's text and its footnotes, the rule included.
    pub footnote_clearance: Length,
    /// The height of the Word copy's footnote separator paragraph: what
    /// makes LibreOffice leave [`Layout::footnote_clearance`] above the
    /// notes (measured: it leaves 2 pt less than the separator's height).
    pub footnote_separator: Length,
    /// The table of contents' spacing and indents.
    pub contents: ContentsLayout,
    /// The look of a callout whose class the style gives none.
    pub plain_callout: Look,
}

/// The table of contents' spacing and indents, in both paged outputs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ContentsLayout {
    /// Room above a chapter's entry: 0.9 em of the body text.
    pub above_chapter: Length,
    /// Room above any other entry: 0.5 em of the body text.
    pub above: Length,
    /// How much further in each level below the first is: 1.5 em of the
    /// body text.
    pub indent: Length,
}

/// The hanging indent of a numbered paragraph's number: half an inch.
const NUMBERED_INDENT: Length = Length(36.0);
/// A list level's hang: a quarter inch.
const LIST_HANG: Length = Length(18.0);
/// A quotation's inset from both sides: half an inch.
const QUOTE_INSET: Length = Length(36.0);
/// The room in a table cell.
const CELL_INSET: Length = Length(5.0);
/// A table's rules.
const TABLE_RULE: Length = Length(0.5);
/// The room above a page's footnotes.
const FOOTNOTE_CLEARANCE: Length = Length(10.0);
/// What LibreOffice leaves above a Word copy's notes less than the height
/// of their separator paragraph (measured).
const SEPARATOR_LOSS: f64 = 2.0;
/// The plain callout's rule down its left, and its padding.
const CALLOUT_RULE: Length = Length(3.0);
const CALLOUT_PADDING: Length = Length(10.0);

impl Layout {
    /// The layout of `style`: worked out once per build, read by every
    /// renderer.
    pub fn new(style: &Style) -> Self {
        let body = style.sizes.body;
        let em = |n: f64| Length(n * body);
        Self {
            text_width: style.text_width(),
            list_hang: LIST_HANG,
            numbered_indent: NUMBERED_INDENT,
            quote_inset: QUOTE_INSET,
            term_hang: em(1.5),
            cell_inset: CELL_INSET,
            table_rule: TABLE_RULE,
            footnote_clearance: FOOTNOTE_CLEARANCE,
            footnote_separator: Length(FOOTNOTE_CLEARANCE.pt() + SEPARATOR_LOSS),
            contents: ContentsLayout {
                above_chapter: em(0.9),
                above: em(0.5),
                indent: em(1.5),
            },
            plain_callout: style.plain_callout(),
        }
    }
}

impl Style {
    /// The look of a callout whose class the style gives none: the plain
    /// box, `colours.callout` with a rule in the accent colour down its left.
    pub fn plain_callout(&self) -> Look {
        Look {
            background: Some(self.colours.callout.clone()),
            border_left: Some(Rule {
                width: CALLOUT_RULE,
                colour: self.colours.accent.clone(),
            }),
            padding: Some(CALLOUT_PADDING),
            ..Look::default()
        }
    }
}
