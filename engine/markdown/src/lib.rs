//! Markdown (CommonMark with footnotes, tables and heading attributes) to the
//! document model, through `pulldown-cmark`.
//!
//! Beyond CommonMark:
//! - `# Heading {#sec-label .unnumbered .unlisted}` sets a label and opts out
//!   of numbering or the table of contents;
//! - `@sec-label` (a label with a `-` or `:` in it, after a space or bracket)
//!   is a cross-reference; `\@` keeps a literal at sign;
//! - `[^note]` footnotes become footnotes in every output;
//! - an image alone in its paragraph, `![alt text](path "Caption")`, is a figure.
//!
//! Raw HTML is kept as literal text: it is never passed through to an output.
//!
//! Quotation marks and apostrophes are typographic (‘ ’ “ ”) wherever text
//! is written, escaped ones and values a template put in too, but never in
//! code, addresses or labels: see [`quotes`].

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Alignment, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use quire_model::xml_chars::{CharFate, fate};
use quire_model::{
    Align, Block, Cell, Column, ColumnWidth, Figure, Heading, Inline, Origin, Row, Table, class,
    walk,
};

pub mod quotes;

/// A Markdown problem, with the 1-based line it is on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct MarkdownError {
    /// 1-based line in the Markdown source.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// How deep lists, quotes, emphasis and links may nest inside one another.
/// Far beyond what a reader can follow; it keeps absurd input (thousands of
/// `>`) from exhausting the stack of everything that walks the model later.
pub const MAX_NESTING: usize = 32;

/// How deep footnotes may refer to further footnotes (a note whose text
/// has a note of its own, and so on).
pub const MAX_NOTE_DEPTH: usize = 8;

/// How many footnotes one Markdown text may make beyond one for each
/// reference written in it: a note referred to from another note is copied
/// into every place that note is, so notes that refer to each other
/// multiply. More than a whole document's budget admits (about 36,000), so
/// only notes that multiply each other reach it; counted as they are made,
/// so the error comes at once.
pub const MAX_NOTES: usize = 40_000;

/// How much footnote text one Markdown text may make beyond its notes'
/// definitions once each, counting repeats as [`MAX_NOTES`] does: as much
/// as the largest file a build reads.
pub const MAX_NOTE_TEXT: usize = 8 * 1024 * 1024;

/// Converts Markdown into blocks. `heading_offset` is added to every heading
/// level, so `#` inside a section can become a level-2 heading.
pub fn to_blocks(source: &str, heading_offset: u8) -> Result<Vec<Block>, MarkdownError> {
    to_blocks_located(source, heading_offset, &|_| None)
}

/// Like [`to_blocks`], and every heading, table, figure, link and
/// cross-reference carries an [`Origin`]: `locate` turns a byte offset in
/// `source` into where the author wrote it (the engine maps the text a
/// template rendered back to the template's lines).
pub fn to_blocks_located(
    source: &str,
    heading_offset: u8,
    locate: &dyn Fn(usize) -> Option<Origin>,
) -> Result<Vec<Block>, MarkdownError> {
    let options = Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TABLES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION;
    let events: Vec<(Event<'_>, Range<usize>)> = Parser::new_ext(source, options)
        .into_offset_iter()
        .collect();
    let notes = note_definitions(source, &events)?;
    let mut converter = Converter {
        source,
        heading_offset,
        locate,
        stack: Vec::new(),
        made: NotesMade::new(&events, &notes),
        notes,
        open_notes: Vec::new(),
    };
    let mut blocks = converter.convert(&events, 0..events.len())?;
    // pulldown-cmark's smart punctuation leaves escaped quotes straight,
    // and a template's values arrive escaped; figures' alternative text
    // and titles are not text to it at all.
    quotes::in_blocks(&mut blocks);
    walk::blocks_mut(&mut blocks, &mut |block| {
        if let Block::Figure(figure) = block {
            figure.alt = quotes::in_text(&figure.alt);
        }
    });
    Ok(blocks)
}

/// Where each footnote's definition is among the events (the events
/// between its start and end tags); a name defined twice is an error.
fn note_definitions(
    source: &str,
    events: &[(Event<'_>, Range<usize>)],
) -> Result<HashMap<String, Range<usize>>, MarkdownError> {
    let mut notes = HashMap::new();
    let mut open: Vec<(String, usize)> = Vec::new();
    for (index, (event, range)) in events.iter().enumerate() {
        match event {
            Event::Start(Tag::FootnoteDefinition(name)) => {
                open.push((name.to_string(), index + 1));
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                let Some((name, start)) = open.pop() else {
                    continue;
                };
                if notes.insert(name.clone(), start..index).is_some() {
                    let before = &source[..range.start.min(source.len())];
                    return Err(MarkdownError {
                        line: before.matches('\n').count() + 1,
                        message: format!("the footnote `[^{name}]` is defined twice"),
                    });
                }
            }
            _ => {}
        }
    }
    Ok(notes)
}

/// Converts a short piece of Markdown (one paragraph) into inlines. Block
/// structure, if any, is flattened with spaces between paragraphs.
pub fn to_inlines(source: &str) -> Result<Vec<Inline>, MarkdownError> {
    to_inlines_located(source, &|_| None)
}

/// Like [`to_inlines`], with origins as in [`to_blocks_located`].
pub fn to_inlines_located(
    source: &str,
    locate: &dyn Fn(usize) -> Option<Origin>,
) -> Result<Vec<Inline>, MarkdownError> {
    let mut out = Vec::new();
    for block in to_blocks_located(source, 0, locate)? {
        if let Block::Paragraph { content, .. } = block {
            if !out.is_empty() {
                out.push(Inline::Text(" ".into()));
            }
            out.extend(content);
        } else {
            return Err(MarkdownError {
                line: 1,
                message: "expected a single paragraph of text".into(),
            });
        }
    }
    Ok(out)
}

/// Escapes a value so that Markdown reads it back as literal inline text,
/// whatever it holds and wherever in a line it is put (a template's
/// `{{value}}`):
///
/// - every ASCII punctuation character gets a backslash, so nothing in it
///   is markup;
/// - a line break (line feed or carriage return), with the white space
///   around it, becomes one space, as in HTML: a value never starts a new
///   line, so never a new block (a heading, a list, a quote, code);
/// - white space at either end and control characters are written as
///   character references (`&#x20;`), so they neither close the emphasis
///   around the value nor indent anything; U+000B and U+000C so come
///   through to become line breaks in the model
///   ([`quire_model::xml_chars`]);
/// - the other characters XML 1.0 forbids are dropped, as they would be
///   from the model.
///
/// An empty value gives nothing.
pub fn escape(text: &str) -> String {
    let chars: Vec<char> = fold_line_breaks(text)
        .chars()
        .filter(|c| fate(*c) != CharFate::Drop)
        .collect();
    let first = chars.iter().position(|c| !c.is_whitespace());
    let last = chars.iter().rposition(|c| !c.is_whitespace());
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &ch) in chars.iter().enumerate() {
        let at_an_end = first.is_none_or(|f| i < f) || last.is_none_or(|l| i > l);
        if ch.is_ascii_punctuation() {
            out.push('\\');
            out.push(ch);
        } else if ch.is_control() || (at_an_end && ch.is_whitespace()) {
            out.push_str(&format!("&#x{:X};", u32::from(ch)));
        } else {
            out.push(ch);
        }
    }
    out
}

/// Folds each run of white space holding a line break (line feed or
/// carriage return) into one space. U+000B and U+000C are line breaks of
/// their own, kept as they are.
fn fold_line_breaks(text: &str) -> String {
    let foldable = |c: char| c.is_whitespace() && !matches!(c, '\u{B}' | '\u{C}');
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(foldable) {
        out.push_str(&rest[..start]);
        let run_len = rest[start..]
            .find(|c: char| !foldable(c))
            .unwrap_or(rest.len() - start);
        let run = &rest[start..start + run_len];
        if run.contains(['\n', '\r']) {
            out.push(' ');
        } else {
            out.push_str(run);
        }
        rest = &rest[start + run_len..];
    }
    out.push_str(rest);
    out
}

#[derive(Debug)]
enum Kind {
    Root,
    Paragraph,
    Heading {
        level: u8,
        label: Option<String>,
        classes: Vec<String>,
    },
    Quote,
    List {
        start: Option<u64>,
        items: Vec<Vec<Block>>,
    },
    Item,
    Note,
    Emph,
    Strong,
    Link(String),
    Image {
        src: String,
        title: String,
    },
    Code,
    Table {
        aligns: Vec<Alignment>,
        header: Vec<Row>,
        body: Vec<Row>,
    },
    Head {
        cells: Vec<Cell>,
    },
    TableRow {
        cells: Vec<Cell>,
    },
    TableCell,
}

struct Frame {
    kind: Kind,
    range: Range<usize>,
    blocks: Vec<Block>,
    inlines: Vec<Inline>,
    text: String,
    /// Images met directly in this frame: a paragraph holding one image and
    /// nothing else is a figure; an image anywhere else is refused.
    images: Vec<Figure>,
    /// Where the frame starts in the source: the origin of a paragraph
    /// made from its loose inline content (a tight list item's words).
    at: Option<Origin>,
}

impl Kind {
    /// Whether the frame is a level of nesting: a list item and its
    /// paragraph are part of their list's level, and the root is none.
    fn is_level(&self) -> bool {
        !matches!(self, Kind::Root | Kind::Item | Kind::Paragraph)
    }

    /// Whether the frame makes a block that carries where it was written
    /// (or a paragraph from its loose words): inline frames need no origin.
    fn is_located(&self) -> bool {
        matches!(
            self,
            Kind::Paragraph | Kind::Code | Kind::List { .. } | Kind::Item | Kind::Quote
        )
    }
}

impl Frame {
    fn new(kind: Kind, range: Range<usize>, at: Option<Origin>) -> Self {
        Self {
            kind,
            range,
            blocks: Vec::new(),
            inlines: Vec::new(),
            text: String::new(),
            images: Vec::new(),
            at,
        }
    }

    /// Loose inline content in a block container becomes a paragraph.
    fn flush(&mut self) {
        if !self.inlines.is_empty() {
            let content = std::mem::take(&mut self.inlines);
            self.blocks.push(Block::Paragraph {
                content,
                class: None,
                at: self.at.clone(),
            });
        }
    }

    fn finish_blocks(mut self) -> Vec<Block> {
        self.flush();
        self.blocks
    }
}

struct Converter<'a> {
    source: &'a str,
    heading_offset: u8,
    locate: &'a dyn Fn(usize) -> Option<Origin>,
    stack: Vec<Frame>,
    /// Each footnote's definition, as a range of events.
    notes: HashMap<String, Range<usize>>,
    /// The footnotes being converted, outermost first.
    open_notes: Vec<String>,
    /// The footnotes made so far, repeats counted.
    made: NotesMade,
}

/// What footnote references have made so far in one text, each repeat of
/// a note counted again, and what they may make: one note for each
/// reference written and each definition's text once, and
/// [`MAX_NOTES`] and [`MAX_NOTE_TEXT`] more.
struct NotesMade {
    notes: usize,
    text: usize,
    most_notes: usize,
    most_text: usize,
}

impl NotesMade {
    fn new(events: &[(Event<'_>, Range<usize>)], notes: &HashMap<String, Range<usize>>) -> Self {
        let written = events
            .iter()
            .filter(|(e, _)| matches!(e, Event::FootnoteReference(_)))
            .count();
        let defined: usize = notes.values().map(|r| note_text(events, r)).sum();
        Self {
            notes: 0,
            text: 0,
            most_notes: written.saturating_add(MAX_NOTES),
            most_text: defined.saturating_add(MAX_NOTE_TEXT),
        }
    }
}

/// The bytes of source a note's definition (its events in `range`) spans.
fn note_text(events: &[(Event<'_>, Range<usize>)], range: &Range<usize>) -> usize {
    match (
        events.get(range.start),
        events.get(range.end.wrapping_sub(1)),
    ) {
        (Some((_, first)), Some((_, last))) => last.end.saturating_sub(first.start),
        _ => 0,
    }
}

impl Converter<'_> {
    /// Converts the events in `range` (a whole document or one footnote's
    /// definition) into blocks. Definitions are skipped where they stand:
    /// each is converted where it is referred to.
    fn convert(
        &mut self,
        events: &[(Event<'_>, Range<usize>)],
        range: Range<usize>,
    ) -> Result<Vec<Block>, MarkdownError> {
        let base = self.stack.len();
        self.stack.push(Frame::new(Kind::Root, 0..0, None));
        let mut index = range.start;
        while index < range.end {
            let (event, at) = &events[index];
            match event {
                Event::Start(Tag::FootnoteDefinition(name)) => {
                    index = self.notes.get(name.as_ref()).map_or(index, |r| r.end) + 1;
                    continue;
                }
                Event::FootnoteReference(name) => {
                    let blocks = self.note(events, name, at)?;
                    self.push_inline(Inline::Footnote(blocks));
                }
                _ => self.event(event.clone(), at.clone())?,
            }
            index += 1;
        }
        let root = self.stack.pop().expect("root frame");
        debug_assert_eq!(self.stack.len(), base);
        Ok(root.finish_blocks())
    }

    /// The blocks of the footnote `name`, converted from its definition.
    fn note(
        &mut self,
        events: &[(Event<'_>, Range<usize>)],
        name: &str,
        at: &Range<usize>,
    ) -> Result<Vec<Block>, MarkdownError> {
        // pulldown-cmark only reports references whose definition exists.
        let Some(range) = self.notes.get(name).cloned() else {
            return Ok(Vec::new());
        };
        if self.open_notes.iter().any(|open| open == name) {
            return Err(self.error(at, "footnotes refer to each other in a loop"));
        }
        if self.open_notes.len() >= MAX_NOTE_DEPTH {
            return Err(self.error(
                at,
                format!("footnotes refer to further footnotes more than {MAX_NOTE_DEPTH} deep"),
            ));
        }
        self.made.notes += 1;
        self.made.text += note_text(events, &range);
        if self.made.notes > self.made.most_notes || self.made.text > self.made.most_text {
            return Err(self.error(
                at,
                format!(
                    "footnotes that refer to further footnotes make more than {} thousand notes ({} MiB of notes' text) beyond those written here: a note referred to from another note is repeated wherever that note is; refer to each note from the text, not from other notes",
                    MAX_NOTES / 1000,
                    MAX_NOTE_TEXT / (1024 * 1024)
                ),
            ));
        }
        self.open_notes.push(name.to_string());
        let blocks = self.convert(events, range);
        self.open_notes.pop();
        blocks
    }

    fn origin(&self, offset: usize) -> Option<Origin> {
        (self.locate)(offset)
    }

    /// The origin of the content at `span` of the source: where it starts,
    /// and how many characters of that line it takes.
    fn origin_of(&self, span: Range<usize>) -> Option<Origin> {
        let text = self.source.get(span.clone()).unwrap_or_default();
        let first_line = text.split('\n').next().unwrap_or_default().trim_end();
        let length = u32::try_from(first_line.chars().count()).unwrap_or(0);
        self.origin(span.start).map(|o| o.with_length(length))
    }

    /// Where a heading's words are in its source line: after the `#`
    /// marks, before a closing `#` run and an attribute block `{…}`.
    fn heading_words(&self, range: &Range<usize>) -> Range<usize> {
        let text = self.source.get(range.clone()).unwrap_or_default();
        let line = text.split('\n').next().unwrap_or_default();
        let after_marks = line.trim_start_matches([' ', '#']);
        if after_marks.len() == line.len() {
            return range.clone(); // an underlined (setext) heading
        }
        let start = range.start + (line.len() - after_marks.len());
        let words = match after_marks.rfind(" {") {
            Some(at) if after_marks.trim_end().ends_with('}') => &after_marks[..at],
            _ => after_marks,
        };
        let words = words.trim_end().trim_end_matches('#').trim_end();
        start..start + words.len()
    }

    /// Where a link's words are: between its `[` and its `](`.
    fn link_words(&self, range: &Range<usize>) -> Range<usize> {
        let text = self.source.get(range.clone()).unwrap_or_default();
        match (text.starts_with('['), text.find("](")) {
            (true, Some(close)) => range.start + 1..range.start + close,
            _ => range.clone(),
        }
    }

    fn line(&self, offset: usize) -> usize {
        self.source[..offset.min(self.source.len())]
            .matches('\n')
            .count()
            + 1
    }

    fn error(&self, range: &Range<usize>, message: impl Into<String>) -> MarkdownError {
        MarkdownError {
            line: self.line(range.start),
            message: message.into(),
        }
    }

    fn top(&mut self) -> &mut Frame {
        self.stack.last_mut().expect("root frame")
    }

    fn push_inline(&mut self, inline: Inline) {
        let top = self.top();
        if let (Inline::Text(new), Some(Inline::Text(last))) = (&inline, top.inlines.last_mut()) {
            last.push_str(new);
            return;
        }
        top.inlines.push(inline);
    }

    fn push_block(&mut self, block: Block) {
        let top = self.top();
        top.flush();
        top.blocks.push(block);
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) -> Result<(), MarkdownError> {
        match event {
            Event::Start(tag) => self.start(tag, range)?,
            Event::End(tag) => self.end(tag)?,
            Event::Text(text) => {
                if matches!(self.top().kind, Kind::Code | Kind::Image { .. }) {
                    self.top().text.push_str(&text);
                } else {
                    self.text(&text, &range)?;
                }
            }
            Event::Code(code) => self.push_inline(Inline::Code(code.into_string())),
            Event::Html(html) | Event::InlineHtml(html) => {
                self.push_inline(Inline::Text(html.into_string()))
            }
            Event::SoftBreak => self.push_inline(Inline::Text(" ".into())),
            Event::HardBreak => self.push_inline(Inline::LineBreak),
            // Handled by `convert`, which sees every event first.
            Event::FootnoteReference(_) => {}
            Event::Rule => {}
            Event::InlineMath(m) | Event::DisplayMath(m) => {
                self.push_inline(Inline::Text(m.into_string()))
            }
            Event::TaskListMarker(done) => {
                self.push_inline(Inline::Text(if done { "☒ " } else { "☐ " }.into()))
            }
        }
        Ok(())
    }

    /// Text, with `@label` cross-references picked out. A reference must
    /// follow the start of the text, a space or an opening bracket, and its
    /// label must hold a `-` or `:` (`@sec-baseline`, `@tbl-plan`). An at
    /// sign that was written escaped (`\@`) stays literal.
    fn text(&mut self, text: &str, range: &Range<usize>) -> Result<(), MarkdownError> {
        let bytes = self.source.as_bytes();
        let after_bracket = range.start >= 1 && bytes[range.start - 1] == b'[';
        let bracket_escaped = range.start >= 2 && bytes[range.start - 2] == b'\\';
        if text.starts_with('^') && after_bracket && !bracket_escaped {
            let name: String = text[1..].chars().take_while(|&c| c != ']').collect();
            return Err(self.error(
                range,
                format!("the footnote `[^{name}]` has no definition (add `[^{name}]: …`)"),
            ));
        }
        let escaped_start =
            range.start > 0 && self.source.as_bytes().get(range.start - 1) == Some(&b'\\');
        // Where in the source the next reference is looked for.
        let mut cursor = range.start;
        let mut rest = text;
        let mut first = true;
        while let Some(at) = rest.find('@') {
            let before_ok = if at == 0 {
                !(first && escaped_start)
            } else {
                rest[..at]
                    .chars()
                    .last()
                    .is_some_and(|c| c.is_whitespace() || "([{\u{2018}\u{201c}".contains(c))
            };
            let label_len = label_length(&rest[at + 1..]);
            if before_ok && label_len > 0 {
                if at > 0 {
                    self.push_inline(Inline::Text(rest[..at].to_string()));
                }
                let label = rest[at + 1..at + 1 + label_len].to_string();
                let written = format!("@{label}");
                let end = range.end.min(self.source.len());
                let offset = self
                    .source
                    .get(cursor..end)
                    .and_then(|slice| slice.find(&written))
                    .map_or(range.start, |found| cursor + found);
                cursor = offset + written.len();
                // The label itself, after its `@`.
                let span = offset + 1..offset + written.len();
                let mut reference = Inline::reference(label);
                if let Some(origin) = self.origin_of(span) {
                    reference = reference.at(origin);
                }
                self.push_inline(reference);
                rest = &rest[at + 1 + label_len..];
            } else {
                self.push_inline(Inline::Text(rest[..=at].to_string()));
                rest = &rest[at + 1..];
            }
            first = false;
        }
        if !rest.is_empty() {
            self.push_inline(Inline::Text(rest.to_string()));
        }
        Ok(())
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) -> Result<(), MarkdownError> {
        let kind = match tag {
            Tag::Paragraph => Kind::Paragraph,
            Tag::Heading {
                level, id, classes, ..
            } => {
                let level = heading_level(level) + self.heading_offset;
                if level > 6 {
                    return Err(
                        self.error(&range, format!("heading level {level} is deeper than 6"))
                    );
                }
                let classes = classes.iter().map(|c| c.to_string()).collect();
                Kind::Heading {
                    level,
                    label: id.map(|i| i.into_string()),
                    classes,
                }
            }
            Tag::BlockQuote(_) => Kind::Quote,
            Tag::CodeBlock(_) => Kind::Code,
            Tag::List(start) => Kind::List {
                start,
                items: Vec::new(),
            },
            Tag::Item => Kind::Item,
            Tag::FootnoteDefinition(_) => Kind::Note,
            Tag::Emphasis => Kind::Emph,
            Tag::Strong => Kind::Strong,
            Tag::Strikethrough | Tag::Superscript | Tag::Subscript => Kind::Emph,
            Tag::Link { dest_url, .. } => Kind::Link(dest_url.into_string()),
            Tag::Image {
                dest_url, title, ..
            } => Kind::Image {
                src: dest_url.into_string(),
                title: title.into_string(),
            },
            Tag::Table(aligns) => Kind::Table {
                aligns,
                header: Vec::new(),
                body: Vec::new(),
            },
            Tag::TableHead => Kind::Head { cells: Vec::new() },
            Tag::TableRow => Kind::TableRow { cells: Vec::new() },
            Tag::TableCell => Kind::TableCell,
            Tag::HtmlBlock
            | Tag::MetadataBlock(_)
            | Tag::DefinitionList
            | Tag::DefinitionListTitle
            | Tag::DefinitionListDefinition => Kind::Paragraph,
        };
        if matches!(
            kind,
            Kind::Paragraph
                | Kind::Heading { .. }
                | Kind::Quote
                | Kind::List { .. }
                | Kind::Code
                | Kind::Table { .. }
        ) {
            self.top().flush();
        }
        let depth = self.stack.iter().filter(|f| f.kind.is_level()).count();
        if kind.is_level() && depth >= MAX_NESTING {
            return Err(self.error(
                &range,
                format!(
                    "lists, quotes, emphasis and links are nested more than {MAX_NESTING} deep here; Quire reads at most {MAX_NESTING} levels"
                ),
            ));
        }
        let at = if kind.is_located() {
            self.origin_of(range.clone())
        } else {
            None
        };
        self.stack.push(Frame::new(kind, range, at));
        Ok(())
    }

    fn end(&mut self, _tag: TagEnd) -> Result<(), MarkdownError> {
        let frame = self.stack.pop().expect("a frame per start tag");
        let range = frame.range.clone();
        match frame.kind {
            Kind::Root => unreachable!("root is never closed by an end tag"),
            Kind::Paragraph => {
                let content = frame.inlines;
                let mut images = frame.images;
                let blank = content
                    .iter()
                    .all(|i| matches!(i, Inline::Text(t) if t.trim().is_empty()));
                match images.pop() {
                    Some(figure) if images.is_empty() && blank => {
                        self.push_block(Block::Figure(figure))
                    }
                    Some(_) => {
                        return Err(
                            self.error(&range, "an image must stand alone in its own paragraph")
                        );
                    }
                    None if content.is_empty() => {}
                    None => self.push_block(Block::Paragraph {
                        content,
                        class: None,
                        at: frame.at,
                    }),
                }
            }
            Kind::Heading {
                level,
                ref label,
                ref classes,
            } => {
                if !frame.images.is_empty() {
                    return Err(self.error(&range, "images cannot stand inside a heading"));
                }
                let mut heading = Heading::new(level, frame.inlines.clone());
                if let Some(label) = label {
                    heading = heading.with_label(label.clone());
                }
                if classes.iter().any(|c| c == "unnumbered") {
                    heading = heading.unnumbered();
                }
                if classes.iter().any(|c| c == "unlisted") {
                    heading = heading.unlisted();
                }
                if let Some(origin) = self.origin_of(self.heading_words(&range)) {
                    heading = heading.at(origin);
                }
                self.push_block(Block::Heading(heading));
            }
            Kind::Quote => {
                let blocks = Frame {
                    kind: Kind::Root,
                    ..frame
                }
                .finish_blocks();
                self.push_block(Block::Quote {
                    blocks,
                    attribution: None,
                });
            }
            Kind::Code => {
                let text = frame.text.trim_end_matches('\n').to_string();
                self.push_block(Block::Paragraph {
                    content: vec![Inline::Code(text)],
                    class: Some(class::CODE.into()),
                    at: frame.at,
                });
            }
            Kind::List { start, items } => {
                let block = match start {
                    Some(start) => Block::OrderedList {
                        start: u32::try_from(start).unwrap_or(1),
                        items,
                        at: frame.at,
                    },
                    None => Block::BulletList {
                        items,
                        at: frame.at,
                    },
                };
                self.push_block(block);
            }
            Kind::Item => {
                let blocks = Frame {
                    kind: Kind::Root,
                    ..frame
                }
                .finish_blocks();
                match &mut self.top().kind {
                    Kind::List { items, .. } => items.push(blocks),
                    _ => return Err(self.error(&range, "list item outside a list")),
                }
            }
            // Definitions are skipped by `convert`; one never ends up here.
            Kind::Note => {}
            Kind::Emph | Kind::Strong if !frame.images.is_empty() => {
                return Err(self.error(&range, "an image must stand alone in its own paragraph"));
            }
            Kind::Emph => self.push_inline(Inline::Emph(frame.inlines)),
            Kind::Strong => self.push_inline(Inline::Strong(frame.inlines)),
            Kind::Link(target) => {
                if !frame.images.is_empty() {
                    return Err(
                        self.error(&range, "an image must stand alone in its own paragraph")
                    );
                }
                let inline = match target.strip_prefix('#') {
                    Some(label) => Inline::reference(label),
                    None => Inline::link(target, frame.inlines),
                };
                match self.origin_of(self.link_words(&range)) {
                    Some(origin) => self.push_inline(inline.at(origin)),
                    None => self.push_inline(inline),
                }
            }
            Kind::Image { src, title } => {
                // A paragraph holding only this becomes a figure.
                let alt = frame.text;
                let caption = vec![Inline::Text(if title.is_empty() {
                    alt.clone()
                } else {
                    title
                })];
                let mut figure = Figure::image(src, caption, alt);
                if let Some(origin) = self.origin_of(range.clone()) {
                    figure = figure.at(origin);
                }
                self.top().images.push(figure);
            }
            Kind::TableCell => {
                let mut content = frame.inlines;
                if !frame.images.is_empty() {
                    return Err(self.error(&range, "images cannot stand inside a table cell"));
                }
                let cell = if content.is_empty() {
                    Cell::blocks(Vec::new())
                } else {
                    Cell::inlines(std::mem::take(&mut content))
                };
                match &mut self.top().kind {
                    Kind::Head { cells } | Kind::TableRow { cells } => cells.push(cell),
                    _ => return Err(self.error(&range, "table cell outside a row")),
                }
            }
            Kind::Head { cells } => match &mut self.top().kind {
                Kind::Table { header, .. } => header.push(Row::new(cells)),
                _ => return Err(self.error(&range, "table head outside a table")),
            },
            Kind::TableRow { cells } => match &mut self.top().kind {
                Kind::Table { body, .. } => body.push(Row::new(cells)),
                _ => return Err(self.error(&range, "table row outside a table")),
            },
            Kind::Table {
                aligns,
                header,
                body,
            } => {
                let columns = aligns
                    .iter()
                    .map(|a| Column {
                        width: ColumnWidth::Auto,
                        align: match a {
                            Alignment::Center => Align::Center,
                            Alignment::Right => Align::End,
                            Alignment::Left | Alignment::None => Align::Start,
                        },
                    })
                    .collect();
                let mut table = Table::new(columns).rows(body);
                table.header = header;
                if let Some(origin) = self.origin_of(range.clone()) {
                    table = table.at(origin);
                }
                self.push_block(Block::Table(table));
            }
        }
        Ok(())
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Length of a cross-reference label at the start of `s`, or 0 if there is none.
fn label_length(s: &str) -> usize {
    let mut end = 0;
    for (i, c) in s.char_indices() {
        if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':') {
            end = i + c.len_utf8();
        } else {
            break;
        }
    }
    let mut label = &s[..end];
    // A sentence may end right after a reference.
    label = label.trim_end_matches(['.', ':']);
    let starts_alpha = label
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic());
    if starts_alpha && label.contains(['-', ':']) {
        label.len()
    } else {
        0
    }
}

#[cfg(test)]
mod tests;
