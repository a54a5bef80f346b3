//! The resolve pass: turns the input model into the [`ResolvedDocument`]
//! ([`crate::resolved`]). It numbers headings, tables and figures and
//! gives each its identity, normalises tables, draws charts and resolves
//! cross-references, so every renderer shows the same numbers.

use std::collections::HashMap;

mod charts;
mod convert;
mod empty;

pub use crate::resolved::ResolvedDocument;
pub use charts::{DrawChart, Enclosure, NoCharts};

use crate::{
    Block, Document, Inline, NodeId, Origin, RefTarget, TableShapeError, TargetKind, Vocabulary,
    resolved, walk,
};

/// Settings for [`resolve`], taken from the house style.
#[derive(Debug, Clone, PartialEq)]
pub struct ResolveOptions {
    /// Headings deeper than this are never numbered.
    pub numbered_depth: u8,
    /// The words cross-references and appendix numbers are made of.
    pub vocabulary: Vocabulary,
    /// The text widths tables' automatic columns are settled in
    /// ([`crate::column_widths`]).
    pub table_widths: crate::column_widths::TextWidths,
}

impl Default for ResolveOptions {
    fn default() -> Self {
        Self {
            numbered_depth: 3,
            vocabulary: Vocabulary::default(),
            table_widths: crate::column_widths::TextWidths::default(),
        }
    }
}

/// Which part of the document a problem was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Matter before the title page (never numbered).
    Front,
    /// The main matter.
    Body,
    /// The appendices.
    Appendices,
}

/// Where a problem was found: the top-level block that contains it, and
/// where the node at fault was written, when it says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Position {
    /// Main matter or appendices.
    pub part: Part,
    /// Index of the top-level block in that part.
    pub index: usize,
    /// Where the node at fault was written (see [`Origin`]).
    pub origin: Option<Origin>,
}

impl Position {
    fn of(at: &Top, origin: &Option<Origin>) -> Self {
        Self {
            part: at.part,
            index: at.index,
            origin: origin.clone(),
        }
    }
}

/// The top-level block being resolved.
#[derive(Clone, Copy)]
struct Top {
    part: Part,
    index: usize,
}

/// A problem found by the resolve pass.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ResolveError {
    /// Two things carry the same label.
    #[error("the label `{label}` is used twice (first by {first})")]
    DuplicateLabel {
        /// The label.
        label: String,
        /// What already had it (`Section 2`).
        first: String,
        /// Where the first use is.
        first_at: Position,
        /// Where the second use is.
        at: Position,
    },
    /// A cross-reference names a label nothing carries.
    #[error("the cross-reference `@{label}` points at no heading, table or figure{}", did_you_mean(.suggestion))]
    MissingLabel {
        /// The label.
        label: String,
        /// The closest existing label, if any is close.
        suggestion: Option<String>,
        /// Where the reference is.
        at: Position,
    },
    /// A label has characters labels may not have.
    #[error("the label `{label}` is not valid: use letters, digits, `-`, `_`, `.` and `:` only")]
    InvalidLabel {
        /// The label.
        label: String,
        /// Where it is.
        at: Position,
    },
    /// A heading level is out of range.
    #[error("heading level {level} is out of range (1 to 6)")]
    HeadingLevel {
        /// The level.
        level: u8,
        /// Where it is.
        at: Position,
    },
    /// A heading skips a level (a level-3 heading under a level-1 one):
    /// readers who navigate by headings lose their place (WCAG 1.3.1,
    /// PDF/UA, Word's navigation pane).
    #[error(
        "the heading “{title}” is level {level}, but the heading before it is level {previous}: heading levels must not be skipped"
    )]
    SkippedHeadingLevel {
        /// The heading's text.
        title: String,
        /// Its level.
        level: u8,
        /// The level of the heading before it (0 at the start of a part).
        previous: u8,
        /// Where it is.
        at: Position,
    },
    /// A figure has no alternative text.
    #[error(
        "the figure “{caption}” has no alternative text: readers who cannot see it would miss what it shows"
    )]
    MissingAlt {
        /// The figure's caption.
        caption: String,
        /// Where it is.
        at: Position,
    },
    /// A link whose text says nothing about where it goes out of context
    /// (its own address, or "click here"): WCAG 2.4.4.
    #[error(
        "the link text “{text}” does not say where the link goes: write what the reader will find there (WCAG 2.4.4)"
    )]
    VagueLinkText {
        /// The link's text.
        text: String,
        /// Where it is.
        at: Position,
    },
    /// A table is not rectangular.
    #[error("table {what}: {error}")]
    TableShape {
        /// The caption or label of the table.
        what: String,
        /// What is wrong.
        error: TableShapeError,
        /// Where it is.
        at: Position,
    },
    /// A heading has nothing under it before the next heading of its level
    /// or above (a warning).
    #[error(
        "the heading “{title}” has nothing under it: write what goes there, or leave the heading out"
    )]
    EmptySection {
        /// The heading's text.
        title: String,
        /// Where it is.
        at: Position,
    },
    /// A table has no rows under its header (a warning).
    #[error("{what} has no rows under its header")]
    EmptyTable {
        /// `the table “its caption”`, or `a table`.
        what: String,
        /// Where it is.
        at: Position,
    },
    /// A list has no items, or only empty ones (a warning).
    #[error("a list has no items, or only empty ones")]
    EmptyList {
        /// Where it is.
        at: Position,
    },
    /// A box (a callout) has nothing in it (a warning).
    #[error("{what} has nothing in it")]
    EmptyBox {
        /// `the box “its title”`, or `a box`.
        what: String,
        /// Where it is.
        at: Position,
    },
    /// A paragraph has no words, only marks (a "." left after an empty
    /// value; a warning).
    #[error("a paragraph prints only “{text}”: was a value it was written around left empty?")]
    NoWords {
        /// What it prints.
        text: String,
        /// Where it is.
        at: Position,
    },
    /// A chart cannot be drawn (more bars or labels than its width can
    /// show legibly, a series the palette has no colour for).
    #[error("the chart “{caption}”: {message}")]
    Chart {
        /// The figure's caption.
        caption: String,
        /// What is wrong.
        message: String,
        /// Where it is.
        at: Position,
    },
    /// A footnote holds a block that footnotes cannot hold in every output
    /// (a table, a figure, a heading, a box or a page break).
    #[error(
        "a footnote holds {what}: footnotes may hold paragraphs, lists and quotations only; put {what} in the text and refer to it from the note"
    )]
    InFootnote {
        /// What it holds (`a table`).
        what: &'static str,
        /// Where it is.
        at: Position,
    },
}

fn did_you_mean(s: &Option<String>) -> String {
    s.as_ref()
        .map(|s| format!(" (did you mean `@{s}`?)"))
        .unwrap_or_default()
}

impl ResolveError {
    /// Where the problem is.
    /// Where the problem is: for a label used twice, the use an author
    /// wrote in prose (a `{#label}`) if one of the two is, else the second.
    pub fn position(&self) -> &Position {
        match self {
            ResolveError::DuplicateLabel { first_at, at, .. } => {
                let written = |p: &Position| matches!(p.origin, Some(Origin::Text { .. }));
                if !written(at) && written(first_at) {
                    first_at
                } else {
                    at
                }
            }
            ResolveError::MissingLabel { at, .. }
            | ResolveError::InvalidLabel { at, .. }
            | ResolveError::HeadingLevel { at, .. }
            | ResolveError::SkippedHeadingLevel { at, .. }
            | ResolveError::MissingAlt { at, .. }
            | ResolveError::VagueLinkText { at, .. }
            | ResolveError::TableShape { at, .. }
            | ResolveError::Chart { at, .. }
            | ResolveError::InFootnote { at, .. }
            | ResolveError::EmptySection { at, .. }
            | ResolveError::EmptyTable { at, .. }
            | ResolveError::EmptyList { at }
            | ResolveError::EmptyBox { at, .. }
            | ResolveError::NoWords { at, .. } => at,
        }
    }

    /// The label the problem concerns, if any.
    pub fn label(&self) -> Option<&str> {
        match self {
            ResolveError::DuplicateLabel { label, .. }
            | ResolveError::MissingLabel { label, .. }
            | ResolveError::InvalidLabel { label, .. } => Some(label),
            _ => None,
        }
    }

    /// Whether the problem is a warning whatever the manifest says: content
    /// that would print empty. The document is made all the same (unless
    /// the build denies warnings).
    pub fn is_warning(&self) -> bool {
        matches!(
            self,
            ResolveError::EmptySection { .. }
                | ResolveError::EmptyTable { .. }
                | ResolveError::EmptyList { .. }
                | ResolveError::EmptyBox { .. }
                | ResolveError::NoWords { .. }
        )
    }

    /// The accessibility rule the problem breaks, if it is one.
    pub fn accessibility_rule(&self) -> Option<AccessibilityRule> {
        match self {
            ResolveError::SkippedHeadingLevel { .. } => Some(AccessibilityRule::HeadingLevels),
            ResolveError::MissingAlt { .. } => Some(AccessibilityRule::FigureAlt),
            ResolveError::VagueLinkText { .. } => Some(AccessibilityRule::LinkText),
            _ => None,
        }
    }

    /// Text the problem is about, to find it in the author's files (a
    /// heading's or a figure's words).
    pub fn text(&self) -> Option<&str> {
        match self {
            ResolveError::SkippedHeadingLevel { title, .. } => Some(title),
            ResolveError::MissingAlt { caption, .. } => Some(caption),
            ResolveError::VagueLinkText { text, .. } => Some(text),
            _ => None,
        }
    }
}

/// Whether a link's text fails to say where it goes (WCAG 2.4.4): empty,
/// its own address (with or without the scheme), or a stock phrase such as
/// "click here". An e-mail address (`mailto:`) is good text for itself.
/// One rule for the model and for audits of finished files.
pub fn vague_link_text(target: &str, text: &str) -> bool {
    let text = text.trim().trim_end_matches('.').to_lowercase();
    let bare = |s: &str| {
        s.trim_start_matches("https://")
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_lowercase()
    };
    const STOCK: [&str; 7] = [
        "click here",
        "here",
        "this link",
        "link",
        "read more",
        "more",
        "this",
    ];
    text.is_empty() || bare(&text) == bare(target) || STOCK.contains(&text.as_str())
}

/// The accessibility rules the resolve pass enforces. Each has a name, used
/// under `[accessibility]` in a manifest to make it a warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AccessibilityRule {
    /// Every figure has alternative text (WCAG 1.1.1).
    FigureAlt,
    /// Heading levels are not skipped (WCAG 1.3.1).
    HeadingLevels,
    /// Link text says where the link goes (WCAG 2.4.4).
    LinkText,
}

impl AccessibilityRule {
    /// Every rule, in the order reports list them.
    pub const ALL: [AccessibilityRule; 3] = [
        AccessibilityRule::FigureAlt,
        AccessibilityRule::HeadingLevels,
        AccessibilityRule::LinkText,
    ];

    /// The rule's key in a manifest's `[accessibility]` table.
    pub fn key(self) -> &'static str {
        match self {
            AccessibilityRule::FigureAlt => "figure_alt",
            AccessibilityRule::HeadingLevels => "heading_levels",
            AccessibilityRule::LinkText => "link_text",
        }
    }

    /// What the rule asks, for reports.
    pub fn describe(self) -> &'static str {
        match self {
            AccessibilityRule::FigureAlt => {
                "every figure has alternative text (WCAG 1.1.1, PDF/UA-1 7.3)"
            }
            AccessibilityRule::HeadingLevels => {
                "heading levels go down one at a time, never skipping one (WCAG 1.3.1, PDF/UA-1 7.4.2)"
            }
            AccessibilityRule::LinkText => {
                "link text says where the link goes, not its address or \"click here\" (WCAG 2.4.4)"
            }
        }
    }
}

/// Numbers headings (`1`, `1.2`; appendices `Appendix A`, `A.1`), tables and
/// figures and gives each its [`NodeId`]; pads tables into rectangles;
/// draws every chart with `charts`; fills every cross-reference with what
/// it points at: the input model becomes the [`ResolvedDocument`]. Returns
/// it with every problem found, not only the first; a caller decides which
/// problems stop a build.
pub fn resolve(
    mut doc: Document,
    options: ResolveOptions,
    charts: &dyn DrawChart,
) -> (ResolvedDocument, Vec<ResolveError>) {
    for blocks in [&mut doc.front, &mut doc.body, &mut doc.appendices] {
        crate::column_widths::settle(blocks, options.table_widths);
    }
    let mut empty = Vec::new();
    for (part, blocks) in [
        (Part::Front, &doc.front),
        (Part::Body, &doc.body),
        (Part::Appendices, &doc.appendices),
    ] {
        empty::check(part, blocks, &mut empty);
    }
    let mut state = Numbering::new(options, charts);
    let Document {
        model_version,
        meta,
        front,
        body,
        appendices,
    } = doc;
    let mut parts = [
        (Part::Front, front, Vec::new()),
        (Part::Body, body, Vec::new()),
        (Part::Appendices, appendices, Vec::new()),
    ];
    for (part, blocks, resolved) in &mut parts {
        state.headings = [0; 6];
        state.last_level = 0;
        for (index, block) in std::mem::take(blocks).into_iter().enumerate() {
            let at = Top { part: *part, index };
            let mut in_notes = Vec::new();
            footnote_contents(&block, at, &mut in_notes);
            resolved.extend(state.block(block, at));
            state.errors.append(&mut in_notes);
        }
    }
    let Numbering {
        labels,
        mut errors,
        origins,
        ..
    } = state;
    for (part, _, blocks) in &mut parts {
        for (index, block) in blocks.iter_mut().enumerate() {
            let top = Top { part: *part, index };
            walk::inlines_mut(std::slice::from_mut(block), &mut |inline| {
                if let resolved::Inline::Link {
                    target,
                    content,
                    at,
                } = inline
                    && vague_link_text(target, &resolved::Inline::plain_text(content))
                {
                    errors.push(ResolveError::VagueLinkText {
                        text: resolved::Inline::plain_text(content),
                        at: Position::of(&top, at),
                    });
                }
                if let resolved::Inline::Ref { label, target, at } = inline {
                    match labels.get(label.as_str()) {
                        Some(found) => *target = Some(found.clone()),
                        None => errors.push(ResolveError::MissingLabel {
                            label: label.clone(),
                            suggestion: closest(label, labels.keys()),
                            at: Position::of(&top, at),
                        }),
                    }
                }
            });
        }
    }
    let [(_, _, front), (_, _, body), (_, _, appendices)] = parts;
    let resolved = ResolvedDocument {
        document: resolved::Document {
            model_version,
            meta,
            front,
            body,
            appendices,
        },
        origins,
        warnings: empty,
    };
    (resolved, errors)
}

/// Checks that the footnotes in `block` (at any depth) hold only what every
/// output can set in a note: paragraphs, lists and quotations.
fn footnote_contents(block: &Block, top: Top, errors: &mut Vec<ResolveError>) {
    // A note inside a note is walked again with the note that holds it;
    // the same node is the same place in memory each time, so each
    // problem is told once.
    let mut told = std::collections::HashSet::new();
    walk::inlines(std::slice::from_ref(block), &mut |inline| {
        let Inline::Footnote(note) = inline else {
            return;
        };
        walk::blocks(note, &mut |b| {
            let what = match b {
                Block::Table(_) => "a table",
                Block::Figure(_) => "a figure",
                Block::Heading(_) => "a heading",
                Block::Callout { .. } | Block::Div { .. } => "a box",
                Block::PageBreak => "a page break",
                _ => return,
            };
            let origin = &b.origin().cloned();
            if told.insert(std::ptr::from_ref(b) as usize) {
                errors.push(ResolveError::InFootnote {
                    what,
                    at: Position::of(&top, origin),
                });
            }
        });
    });
}

/// The resolve pass's state as it goes through the document in reading
/// order: the numbers and ids given so far, the labels met, the boxes the
/// current block stands in, the problems found.
struct Numbering<'a> {
    options: ResolveOptions,
    charts: &'a dyn DrawChart,
    headings: [u32; 6],
    /// The level of the last heading in this part (0 before the first).
    last_level: u8,
    tables: u32,
    figures: u32,
    labels: HashMap<String, RefTarget>,
    /// Where each label was first used.
    label_places: HashMap<String, Position>,
    errors: Vec<ResolveError>,
    /// Every node given an id so far, with where it was written.
    origins: Vec<Option<Origin>>,
    /// The boxes the block being resolved stands in, outermost first.
    within: Vec<Enclosure>,
}

impl<'a> Numbering<'a> {
    fn new(options: ResolveOptions, charts: &'a dyn DrawChart) -> Self {
        Self {
            options,
            charts,
            headings: [0; 6],
            last_level: 0,
            tables: 0,
            figures: 0,
            labels: HashMap::new(),
            label_places: HashMap::new(),
            errors: Vec::new(),
            origins: Vec::new(),
            within: Vec::new(),
        }
    }

    /// The next node's identity; `origin` is where it was written.
    fn next_id(&mut self, origin: &Option<Origin>) -> NodeId {
        let id = NodeId(self.origins.len() as u32);
        self.origins.push(origin.clone());
        id
    }

    /// The next number of a captioned table or a figure; its label, if it
    /// has one, then names it (`Table 4`).
    fn next_number(&mut self, kind: TargetKind, label: Option<&str>, at: Position) -> String {
        let (count, word) = match kind {
            TargetKind::Figure => (&mut self.figures, &self.options.vocabulary.figure),
            _ => (&mut self.tables, &self.options.vocabulary.table),
        };
        *count += 1;
        let number = count.to_string();
        let display = Vocabulary::numbered(word, &number);
        if let Some(label) = label {
            self.add_label(label, (kind, number.clone(), display), at);
        }
        number
    }

    fn heading_number(&mut self, level: u8, part: Part) -> String {
        let depth = usize::from(level);
        self.headings[depth - 1] += 1;
        for deeper in &mut self.headings[depth..] {
            *deeper = 0;
        }
        let parts = &self.headings[..depth];
        match part {
            Part::Front | Part::Body => parts
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join("."),
            Part::Appendices => {
                let letter = appendix_letter(parts[0]);
                if depth == 1 {
                    Vocabulary::numbered(&self.options.vocabulary.appendix, &letter)
                } else {
                    let rest = parts[1..].iter().map(u32::to_string);
                    std::iter::once(letter)
                        .chain(rest)
                        .collect::<Vec<_>>()
                        .join(".")
                }
            }
        }
    }

    /// Records `label` as naming a target of `kind`, shown as `number`
    /// and read as `display` (`Table 4`); a label used twice or not
    /// valid is an error.
    fn add_label(
        &mut self,
        label: &str,
        (kind, number, display): (TargetKind, String, String),
        at: Position,
    ) {
        let target = RefTarget {
            kind,
            number,
            display,
        };
        if !valid_label(label) {
            self.errors.push(ResolveError::InvalidLabel {
                label: label.to_string(),
                at,
            });
            return;
        }
        if let Some(first) = self.labels.get(label) {
            let first = first.display.clone();
            let first_at = self.label_places.get(label).cloned().unwrap_or(at.clone());
            self.errors.push(ResolveError::DuplicateLabel {
                label: label.to_string(),
                first,
                first_at,
                at,
            });
            return;
        }
        self.labels.insert(label.to_string(), target);
        self.label_places.insert(label.to_string(), at);
    }
}

/// `A`…`Z`, then `AA`, `AB`… for the rare document with more appendices.
fn appendix_letter(n: u32) -> String {
    let mut n = n;
    let mut out = Vec::new();
    while n > 0 {
        n -= 1;
        out.push(b'A' + (n % 26) as u8);
        n /= 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Labels are restricted to characters every output format can carry as an
/// identifier (Typst labels, Word bookmarks).
pub fn valid_label(label: &str) -> bool {
    !label.is_empty()
        && label
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
        && label
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
}

/// The existing label closest to `wanted`, if it is close enough to be a typo.
fn closest<'a>(wanted: &str, labels: impl Iterator<Item = &'a String>) -> Option<String> {
    labels
        .map(|l| (edit_distance(wanted, l), l))
        .filter(|(d, l)| *d <= (l.len().max(wanted.len()) / 3).max(1))
        .min_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1)))
        .map(|(_, l)| l.clone())
}

/// Levenshtein distance over chars.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(row[j]).min(row[j + 1])
            };
            prev = cur;
        }
    }
    row[b.len()]
}
