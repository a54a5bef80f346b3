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

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Alignment, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use quire_model::xml_chars::{CharFate, fate};
use quire_model::{
    Align, Block, Cell, Column, ColumnWidth, Figure, FigureContent, Heading, Inline, Row, Table,
};

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

/// Converts Markdown into blocks. `heading_offset` is added to every heading
/// level, so `#` inside a section can become a level-2 heading.
pub fn to_blocks(source: &str, heading_offset: u8) -> Result<Vec<Block>, MarkdownError> {
    let mut converter = Converter {
        source,
        heading_offset,
        stack: vec![Frame::new(Kind::Root, 0..0)],
        notes: HashMap::new(),
    };
    let options = Options::ENABLE_FOOTNOTES
        | Options::ENABLE_TABLES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION;
    for (event, range) in Parser::new_ext(source, options).into_offset_iter() {
        converter.event(event, range)?;
    }
    let root = converter.stack.pop().expect("root frame");
    let mut blocks = root.finish_blocks();
    fill_footnotes(&mut blocks, &converter.notes)?;
    Ok(blocks)
}

/// Converts a short piece of Markdown (one paragraph) into inlines. Block
/// structure, if any, is flattened with spaces between paragraphs.
pub fn to_inlines(source: &str) -> Result<Vec<Inline>, MarkdownError> {
    let mut out = Vec::new();
    for block in to_blocks(source, 0)? {
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

const FOOTNOTE_MARK: &str = "quire:footnote";

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
    Note(String),
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
}

impl Kind {
    /// Whether the frame is a level of nesting: a list item and its
    /// paragraph are part of their list's level, and the root is none.
    fn is_level(&self) -> bool {
        !matches!(self, Kind::Root | Kind::Item | Kind::Paragraph)
    }
}

impl Frame {
    fn new(kind: Kind, range: Range<usize>) -> Self {
        Self {
            kind,
            range,
            blocks: Vec::new(),
            inlines: Vec::new(),
            text: String::new(),
        }
    }

    /// Loose inline content in a block container becomes a paragraph.
    fn flush(&mut self) {
        if !self.inlines.is_empty() {
            let content = std::mem::take(&mut self.inlines);
            self.blocks.push(Block::paragraph(content));
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
    stack: Vec<Frame>,
    notes: HashMap<String, Vec<Block>>,
}

impl Converter<'_> {
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
            Event::FootnoteReference(name) => {
                let mark = Block::Raw {
                    format: FOOTNOTE_MARK.into(),
                    text: name.into_string(),
                };
                self.push_inline(Inline::Footnote(vec![mark]));
            }
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
                self.push_inline(Inline::Ref {
                    label,
                    target: None,
                });
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
            Tag::FootnoteDefinition(name) => Kind::Note(name.into_string()),
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
        self.stack.push(Frame::new(kind, range));
        Ok(())
    }

    fn end(&mut self, _tag: TagEnd) -> Result<(), MarkdownError> {
        let frame = self.stack.pop().expect("a frame per start tag");
        let range = frame.range.clone();
        match frame.kind {
            Kind::Root => unreachable!("root is never closed by an end tag"),
            Kind::Paragraph => {
                let content = frame.inlines;
                match figure_from(&content) {
                    Some(figure) => self.push_block(Block::Figure(figure)),
                    None if content.iter().any(is_image_marker) => {
                        return Err(
                            self.error(&range, "an image must stand alone in its own paragraph")
                        );
                    }
                    None if content.is_empty() => {}
                    None => self.push_block(Block::paragraph(content)),
                }
            }
            Kind::Heading {
                level,
                ref label,
                ref classes,
            } => {
                let mut heading = Heading::new(level, frame.inlines.clone());
                heading.label = label.clone();
                heading.numbered = !classes.iter().any(|c| c == "unnumbered");
                heading.outlined = !classes.iter().any(|c| c == "unlisted");
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
                    class: Some("code".into()),
                });
            }
            Kind::List { start, items } => {
                let block = match start {
                    Some(start) => Block::OrderedList {
                        start: u32::try_from(start).unwrap_or(1),
                        items,
                    },
                    None => Block::BulletList(items),
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
            Kind::Note(ref name) => {
                let name = name.clone();
                let blocks = Frame {
                    kind: Kind::Root,
                    ..frame
                }
                .finish_blocks();
                if self.notes.insert(name.clone(), blocks).is_some() {
                    return Err(
                        self.error(&range, format!("the footnote `[^{name}]` is defined twice"))
                    );
                }
            }
            Kind::Emph => self.push_inline(Inline::Emph(frame.inlines)),
            Kind::Strong => self.push_inline(Inline::Strong(frame.inlines)),
            Kind::Link(target) => match target.strip_prefix('#') {
                Some(label) => self.push_inline(Inline::Ref {
                    label: label.to_string(),
                    target: None,
                }),
                None => self.push_inline(Inline::Link {
                    target,
                    content: frame.inlines,
                }),
            },
            Kind::Image { src, title } => {
                // Kept as a marker span; a paragraph holding only this becomes a figure.
                let alt = frame.text;
                self.push_inline(Inline::Span {
                    class: "quire:image".into(),
                    content: vec![Inline::Text(src), Inline::Text(title), Inline::Text(alt)],
                });
            }
            Kind::TableCell => {
                let mut content = frame.inlines;
                if content.iter().any(is_image_marker) {
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
                let table = Table {
                    caption: None,
                    label: None,
                    columns,
                    header,
                    body,
                    notes: Vec::new(),
                    class: None,
                    number: None,
                };
                self.push_block(Block::Table(table));
            }
        }
        // Any image marker left in ordinary text is an inline image, which we do not support.
        if let Some(frame) = self.stack.last()
            && !matches!(frame.kind, Kind::Paragraph)
            && frame.inlines.iter().any(is_image_marker)
        {
            return Err(self.error(&range, "an image must stand alone in its own paragraph"));
        }
        Ok(())
    }
}

fn is_image_marker(inline: &Inline) -> bool {
    matches!(inline, Inline::Span { class, .. } if class == "quire:image")
}

/// A paragraph that is one image (and nothing else but white space) is a figure.
fn figure_from(content: &[Inline]) -> Option<Figure> {
    let mut images = content.iter().filter(|i| is_image_marker(i));
    let image = images.next()?;
    let others_blank = content
        .iter()
        .all(|i| is_image_marker(i) || matches!(i, Inline::Text(t) if t.trim().is_empty()));
    if images.next().is_some() || !others_blank {
        return None;
    }
    let Inline::Span { content, .. } = image else {
        return None;
    };
    let [Inline::Text(src), Inline::Text(title), Inline::Text(alt)] = content.as_slice() else {
        return None;
    };
    Some(Figure {
        content: FigureContent::Image {
            src: src.clone(),
            width: None,
        },
        caption: vec![Inline::Text(if title.is_empty() {
            alt.clone()
        } else {
            title.clone()
        })],
        alt: alt.clone(),
        label: None,
        number: None,
    })
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

/// Replaces footnote markers with their definitions. Definitions may hold
/// references of their own, so this repeats until no marker is left; a loop
/// of notes referring to each other is an error.
fn fill_footnotes(
    blocks: &mut [Block],
    notes: &HashMap<String, Vec<Block>>,
) -> Result<(), MarkdownError> {
    for _ in 0..8 {
        let mut replaced = false;
        quire_model::walk::inlines_mut(blocks, &mut |inline| {
            let Inline::Footnote(content) = inline else {
                return;
            };
            let [Block::Raw { format, text: name }] = content.as_slice() else {
                return;
            };
            if format != FOOTNOTE_MARK {
                return;
            }
            // pulldown-cmark only reports references whose definition exists.
            if let Some(definition) = notes.get(name) {
                *content = definition.clone();
                replaced = true;
            }
        });
        if !replaced {
            return Ok(());
        }
    }
    Err(MarkdownError {
        line: 1,
        message: "footnotes refer to each other in a loop".into(),
    })
}

#[cfg(test)]
mod tests;
