//! The class names Quire's own sections and the engine give blocks and
//! spans (`Block::Paragraph::class`, `Block::Callout::class`,
//! `Block::Div::class`, `Table::class`, `Row::class`, `Inline::Span::class`).
//!
//! A class says what a block *is*; the house style says how it looks, in a
//! `[classes.<name>]` table that both renderers read. A class the style has
//! no entry for is drawn plainly, as its kind is with no class; so a plugin
//! may give any class name, and these constants are the ones the shipped
//! sections use, named once so that a typo is a compile error.
//!
//! Only [`WIDE`] (landscape pages), [`CODE`] (verbatim text), [`NUMBERED`]
//! (numbered paragraphs) and [`TITLE_PAGE`] (the head of the title page)
//! also carry structure that renderers act on whatever the style says.

/// A paragraph of small print: a table's or a chart's source, the warning
/// under figures that are illustrative.
pub const NOTE: &str = "note";

/// A paragraph holding one `Code` inline: verbatim text (a Markdown code
/// block), kept line for line in a monospaced block whatever the style says.
pub const CODE: &str = "code";

/// A table row that heads a group of rows (an aim in the action plan, a
/// sector among the partners); its cells usually span the table.
pub const GROUP: &str = "group";

/// Inline content holding figures not taken from a published source. The
/// text itself says so too, so the mark survives in plain text.
pub const ILLUSTRATIVE: &str = "illustrative";

/// A division whose blocks are set on landscape pages (a wide table). The
/// renderers turn the pages whatever the style says; a style entry adds
/// its look.
pub const WIDE: &str = "wide";

/// A paragraph numbered in one sequence, 1, 2, 3…, that runs on through
/// headings and sections, as councils number every paragraph of a
/// committee report. The number hangs in an indent at the start of the
/// text column (its width is the style's). The Word copy numbers it natively (a
/// paragraph style with its own numbering, so a paragraph a clerk adds
/// after one takes the next number); the PDF counts the same paragraphs in
/// the same order, so both show the same numbers.
pub const NUMBERED: &str = "numbered";

/// A division of the front matter whose blocks are set at the head of the
/// document's title page rather than on a page of their own: the heading
/// that makes the document an appendix of the committee report in front of
/// it ("Appendix 1"). Elsewhere it is drawn as its blocks.
pub const TITLE_PAGE: &str = "title-page";

/// A callout giving the definition a strand of the strategy works to.
pub const DEFINITION: &str = "definition";

/// A callout holding the partnership's vision statement.
pub const VISION: &str = "vision";

/// A paragraph of details about the text before it (the strands an aim
/// serves): secondary, read after the text it describes.
pub const META: &str = "meta";

/// The table of key figures and their sources in the overview.
pub const KEY_FACTS: &str = "key-facts";

/// A table of baseline measures against their latest figures.
pub const MONITORING: &str = "monitoring";

/// The implementation plan's table of actions.
pub const ACTION_PLAN: &str = "action-plan";

/// Every class above, for checks that a style covers them.
pub const ALL: [&str; 13] = [
    NOTE,
    CODE,
    NUMBERED,
    TITLE_PAGE,
    GROUP,
    ILLUSTRATIVE,
    WIDE,
    DEFINITION,
    VISION,
    META,
    KEY_FACTS,
    MONITORING,
    ACTION_PLAN,
];

/// Classes that carry structure as well as a look: renderers act on them
/// with or without a style entry.
pub const STRUCTURAL: [&str; 4] = [WIDE, CODE, NUMBERED, TITLE_PAGE];
