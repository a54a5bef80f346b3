//! Characters XML 1.0 cannot hold, and what becomes of them.
//!
//! Both outputs are XML underneath (the Word copy's parts, the PDF's XMP
//! metadata, a chart's SVG), and XML 1.0 forbids most C0 control characters
//! and U+FFFE and U+FFFF. Data exported from spreadsheets holds them all
//! the same: Excel writes U+000B for a line break inside a cell. So, on the
//! way into the model:
//!
//! - U+000B (line tabulation) and U+000C (form feed) are line breaks: in
//!   inline text each becomes an [`Inline::LineBreak`], so both outputs
//!   break the line there; in a one-line string (the title, alternative
//!   text, a chart's labels, a link's target) a space;
//! - every other character XML 1.0 forbids is dropped;
//! - a tab is a space: neither output sets tab stops inside running text,
//!   and the house fonts have no glyph for it (PDF/UA-1 refuses a
//!   character it cannot show);
//! - everything else is kept as written.
//!
//! [`clean_document`] applies this to a whole document; the engine reports
//! where each dropped character was written before it runs.

use std::mem;

use crate::{Block, Chart, Document, FigureContent, Inline, Meta};

/// What becomes of one character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharFate {
    /// Kept as it is.
    Keep,
    /// A space (a tab).
    Space,
    /// A line break (U+000B, U+000C).
    LineBreak,
    /// Dropped: XML 1.0 cannot hold it.
    Drop,
}

/// Whether XML 1.0 forbids `c` anywhere in a document (its `Char`
/// production allows tab, line feed, carriage return, U+0020–U+D7FF,
/// U+E000–U+FFFD and U+10000 upwards).
pub fn forbidden_in_xml(c: char) -> bool {
    matches!(c, '\0'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}')
}

/// Whether `c` is not kept as it is.
fn changes(c: char) -> bool {
    c == '\t' || forbidden_in_xml(c)
}

/// What becomes of `c` in the model.
pub fn fate(c: char) -> CharFate {
    match c {
        '\u{B}' | '\u{C}' => CharFate::LineBreak,
        '\t' => CharFate::Space,
        c if forbidden_in_xml(c) => CharFate::Drop,
        _ => CharFate::Keep,
    }
}

/// The characters of `text` that are dropped, with their byte offsets.
pub fn dropped(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    text.char_indices()
        .filter(|(_, c)| fate(*c) == CharFate::Drop)
}

/// Cleans a one-line string: line breaks become spaces, forbidden
/// characters go. Returns how many characters were dropped.
pub fn clean_line(text: &mut String) -> usize {
    if !text.chars().any(changes) {
        return 0;
    }
    let mut count = 0;
    *text = text
        .chars()
        .filter_map(|c| match fate(c) {
            CharFate::Keep => Some(c),
            CharFate::LineBreak | CharFate::Space => Some(' '),
            CharFate::Drop => {
                count += 1;
                None
            }
        })
        .collect();
    count
}

fn clean_option(text: &mut Option<String>) -> usize {
    text.as_mut().map_or(0, clean_line)
}

/// Cleans the document's metadata (one-line strings all). Returns how many
/// characters were dropped.
pub fn clean_meta(meta: &mut Meta) -> usize {
    let Meta {
        title,
        subtitle,
        author,
        organisation,
        date,
        language,
        version,
        subject,
        keywords,
    } = meta;
    [title, author, date, language, version]
        .into_iter()
        .map(clean_line)
        .chain(
            [subtitle, organisation, subject]
                .into_iter()
                .map(clean_option),
        )
        .chain(keywords.iter_mut().map(clean_line))
        .sum()
}

/// Cleans a whole document, metadata included. Returns how many characters
/// were dropped.
pub fn clean_document(document: &mut Document) -> usize {
    clean_meta(&mut document.meta)
        + clean_blocks(&mut document.front)
        + clean_blocks(&mut document.body)
        + clean_blocks(&mut document.appendices)
}

/// Cleans blocks and everything inside them. Returns how many characters
/// were dropped.
pub fn clean_blocks(blocks: &mut [Block]) -> usize {
    blocks.iter_mut().map(clean_block).sum()
}

fn clean_block(block: &mut Block) -> usize {
    match block {
        Block::Paragraph { content, class, .. } => clean_inlines(content) + clean_option(class),
        Block::Heading(h) => clean_inlines(&mut h.content) + clean_option(&mut h.label),
        Block::BulletList { items, .. } | Block::OrderedList { items, .. } => {
            items.iter_mut().map(|item| clean_blocks(item)).sum()
        }
        Block::DefinitionList(definitions) => definitions
            .iter_mut()
            .map(|d| clean_inlines(&mut d.term) + clean_blocks(&mut d.details))
            .sum(),
        Block::Table(t) => {
            let rows: usize = t
                .header
                .iter_mut()
                .chain(t.body.iter_mut())
                .map(|row| {
                    clean_option(&mut row.class)
                        + row
                            .cells
                            .iter_mut()
                            .map(|cell| clean_blocks(&mut cell.content))
                            .sum::<usize>()
                })
                .sum();
            rows + t.caption.as_mut().map_or(0, clean_inlines)
                + clean_option(&mut t.label)
                + clean_blocks(&mut t.notes)
                + clean_option(&mut t.class)
        }
        Block::Figure(f) => {
            let content = match &mut f.content {
                FigureContent::Image { src, .. } => clean_line(src),
                FigureContent::Chart(chart) => clean_chart(chart),
            };
            content
                + clean_inlines(&mut f.caption)
                + clean_line(&mut f.alt)
                + clean_option(&mut f.label)
        }
        Block::Quote {
            blocks,
            attribution,
        } => clean_blocks(blocks) + attribution.as_mut().map_or(0, clean_inlines),
        Block::Callout {
            class,
            title,
            blocks,
            ..
        } => clean_line(class) + title.as_mut().map_or(0, clean_inlines) + clean_blocks(blocks),
        Block::Div { class, blocks } => clean_line(class) + clean_blocks(blocks),
        Block::PageBreak => 0,
    }
}

fn clean_chart(chart: &mut Chart) -> usize {
    let Chart {
        kind: _,
        categories,
        series,
        x_label,
        y_label,
        unit,
        source,
        illustrative: _,
    } = chart;
    categories.iter_mut().map(clean_line).sum::<usize>()
        + series
            .iter_mut()
            .map(|s| clean_line(&mut s.name))
            .sum::<usize>()
        + [x_label, y_label, unit, source]
            .into_iter()
            .map(clean_option)
            .sum::<usize>()
}

/// Cleans a run of inlines: in text and code, U+000B and U+000C become
/// [`Inline::LineBreak`]s and forbidden characters go. Returns how many
/// characters were dropped.
pub fn clean_inlines(inlines: &mut Vec<Inline>) -> usize {
    let needs_splitting = inlines
        .iter()
        .any(|i| matches!(i, Inline::Text(s) | Inline::Code(s) if s.contains(['\u{B}', '\u{C}'])));
    let mut count = 0;
    if needs_splitting {
        let mut out = Vec::with_capacity(inlines.len() + 2);
        for inline in mem::take(inlines) {
            match inline {
                Inline::Text(s) => split_lines(&s, Inline::Text, &mut out),
                Inline::Code(s) => split_lines(&s, Inline::Code, &mut out),
                other => out.push(other),
            }
        }
        *inlines = out;
    }
    for inline in inlines.iter_mut() {
        count += clean_inline(inline);
    }
    if needs_splitting {
        trim_around_line_breaks(inlines);
    }
    if needs_splitting || count > 0 {
        inlines.retain(|i| !matches!(i, Inline::Text(s) | Inline::Code(s) if s.is_empty()));
    }
    count
}

/// Whether `c` shows nothing at the end of a line: white space, and the
/// zero-width characters that only join or separate their neighbours
/// (Typst cannot show one that has no neighbour to act on).
fn blank_at_line_end(c: char) -> bool {
    c.is_whitespace() || zero_width(c)
}

/// The characters with no glyph of their own: zero-width space, joiners,
/// direction marks, word joiner, byte-order mark.
fn zero_width(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{2060}' | '\u{FEFF}')
}

/// Removes zero-width characters from each run of white space that holds
/// a carriage return or line feed (the PDF breaks the line there, leaving
/// them nothing to act on, and cannot show them alone).
fn drop_zero_width_beside_newlines(text: &mut String) {
    if !text.contains(['\r', '\n']) || !text.chars().any(zero_width) {
        return;
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if !blank_at_line_end(chars[i]) {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let end = chars[i..]
            .iter()
            .position(|c| !blank_at_line_end(*c))
            .map_or(chars.len(), |n| i + n);
        let run = &chars[i..end];
        let breaks = run.iter().any(|c| matches!(c, '\r' | '\n'));
        out.extend(run.iter().filter(|c| !(breaks && zero_width(**c))));
        i = end;
    }
    *text = out;
}

/// Trims what shows nothing from the text on either side of each line
/// break that a line-break character became: white space there is
/// invisible in both outputs, and a zero-width joiner there joins nothing.
fn trim_around_line_breaks(inlines: &mut [Inline]) {
    for i in 0..inlines.len() {
        let before_break = matches!(inlines.get(i + 1), Some(Inline::LineBreak));
        let after_break = i > 0 && matches!(inlines[i - 1], Inline::LineBreak);
        if let Inline::Text(s) = &mut inlines[i] {
            if before_break {
                let kept = s.trim_end_matches(blank_at_line_end).len();
                s.truncate(kept);
            }
            if after_break {
                let start = s.len() - s.trim_start_matches(blank_at_line_end).len();
                s.drain(..start);
            }
        }
    }
}

/// Pushes `text` split at its line-break characters, as `make` runs with
/// line breaks between them.
fn split_lines(text: &str, make: fn(String) -> Inline, out: &mut Vec<Inline>) {
    for (i, line) in text.split(['\u{B}', '\u{C}']).enumerate() {
        if i > 0 {
            out.push(Inline::LineBreak);
        }
        if !line.is_empty() {
            out.push(make(line.to_string()));
        }
    }
}

fn clean_inline(inline: &mut Inline) -> usize {
    match inline {
        Inline::Text(s) => {
            drop_zero_width_beside_newlines(s);
            clean_line(s)
        }
        Inline::Code(s) => clean_line(s),
        Inline::Emph(c) | Inline::Strong(c) => clean_inlines(c),
        Inline::Link {
            target, content, ..
        } => clean_line(target) + clean_inlines(content),
        Inline::Footnote(blocks) => clean_blocks(blocks),
        Inline::Ref { label, .. } => clean_line(label),
        Inline::LineBreak => 0,
        Inline::Span { class, content } => clean_line(class) + clean_inlines(content),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Cell, Column, Figure, Heading, Row, Table, text};

    #[test]
    fn the_policy_per_character() {
        for c in ['\u{B}', '\u{C}'] {
            assert_eq!(fate(c), CharFate::LineBreak, "{c:?}");
        }
        for c in [
            '\0', '\u{1}', '\u{8}', '\u{E}', '\u{1B}', '\u{1F}', '\u{FFFE}', '\u{FFFF}',
        ] {
            assert_eq!(fate(c), CharFate::Drop, "{c:?}");
        }
        assert_eq!(fate('\t'), CharFate::Space);
        for c in [
            '\n',
            '\r',
            ' ',
            'a',
            '\u{7F}',
            '\u{85}',
            '\u{D7FF}',
            '\u{E000}',
            '\u{FFFD}',
            '\u{10000}',
            '\u{10FFFF}',
        ] {
            assert_eq!(fate(c), CharFate::Keep, "{c:?}");
        }
    }

    #[test]
    fn a_one_line_string_gets_spaces_for_line_breaks() {
        let mut s = "a\u{B}b\u{1}c\u{1B}[0m\u{FFFF}".to_string();
        assert_eq!(clean_line(&mut s), 3);
        assert_eq!(s, "a bc[0m");
        let mut tab = "a\tb".to_string();
        assert_eq!(clean_line(&mut tab), 0);
        assert_eq!(tab, "a b");
        let mut clean = "nothing to do\nhere".to_string();
        assert_eq!(clean_line(&mut clean), 0);
        assert_eq!(clean, "nothing to do\nhere");
    }

    #[test]
    fn what_shows_nothing_beside_a_line_break_is_trimmed() {
        let mut inlines = vec![Inline::Text(
            "a\r\0\u{200D}\u{C} \u{200C}b c \u{B}\u{200B}".into(),
        )];
        clean_inlines(&mut inlines);
        assert_eq!(
            inlines,
            [
                Inline::Text("a".into()),
                Inline::LineBreak,
                Inline::Text("b c".into()),
                Inline::LineBreak,
            ]
        );
    }

    #[test]
    fn zero_width_characters_beside_a_newline_go() {
        let mut inlines = vec![Inline::Text("\r\u{200E}\r'o a\u{200D}b \u{200F}\n".into())];
        clean_inlines(&mut inlines);
        assert_eq!(inlines, [Inline::Text("\r\r'o a\u{200D}b \n".into())]);
    }

    #[test]
    fn inline_text_gets_line_breaks() {
        let mut inlines = vec![
            Inline::Text("one\u{B}two\u{C}\u{1}".into()),
            Inline::Strong(vec![Inline::Code("x\u{B}y".into())]),
        ];
        assert_eq!(clean_inlines(&mut inlines), 1);
        assert_eq!(
            inlines,
            vec![
                Inline::Text("one".into()),
                Inline::LineBreak,
                Inline::Text("two".into()),
                Inline::LineBreak,
                Inline::Strong(vec![
                    Inline::Code("x".into()),
                    Inline::LineBreak,
                    Inline::Code("y".into())
                ]),
            ]
        );
    }

    #[test]
    fn every_string_of_a_document_is_cleaned() {
        let mut meta = Meta {
            title: "Title\u{1}".into(),
            keywords: vec!["k\u{B}w".into()],
            ..Meta::default()
        };
        meta.subject = Some("s\u{FFFE}".into());
        let mut document = Document::new(meta);
        let cell = Cell::inlines(text("cell\u{1B}"));
        document.body = vec![
            Block::Heading(Heading::new(1, text("Head\u{2}ing"))),
            Block::Table(
                Table::new(vec![Column::fr(1.0)])
                    .rows([Row::new(vec![cell])])
                    .caption(text("cap\u{3}")),
            ),
        ];
        document.appendices = vec![Block::Figure(Figure::image(
            "a.png",
            vec![Inline::Footnote(vec![Block::paragraph(text("note\u{4}"))])],
            "alt\u{5}",
        ))];
        assert_eq!(clean_document(&mut document), 7);
        let json = serde_json::to_string(&document).unwrap();
        assert!(!json.contains("\\u00"), "{json}");
        assert!(!json.contains('\u{FFFE}'), "{json}");
        assert_eq!(document.meta.keywords, ["k w"]);
        assert_eq!(
            clean_document(&mut document),
            0,
            "cleaning twice changes nothing"
        );
    }
}
