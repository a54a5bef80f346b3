//! Typographic quotation marks and apostrophes: `'` and `"` in text become
//! ‘ ’ “ ”, as a typesetter would set them, wherever authors write text —
//! Markdown prose and the data fields plugins turn into document text —
//! so that the PDF and the Word copy never show a straight one.
//!
//! Code (inline or verbatim blocks), cross-references' labels, an
//! autolink's address and any word holding `://` (an address written out)
//! are left exactly as written. Which mark a straight one becomes depends
//! on its neighbours, across emphasis and links: after a letter, a digit or
//! closing punctuation it closes (and an apostrophe is a closing single
//! quote); after a space, an opening bracket or the start of the text, and
//! before something, it opens.

use quire_model::{Block, Inline, walk};

/// One piece of a run of inline content, in reading order.
enum Piece<'a> {
    /// Text whose straight quotes are converted.
    Text(&'a mut String),
    /// Content left as written that reads as a word (code, a reference,
    /// an autolink's address).
    Word,
    /// A line break.
    Space,
}

/// Converts the straight quotes of every run of text in `blocks` (see the
/// module's documentation).
pub fn in_blocks(blocks: &mut [Block]) {
    walk::inline_runs_mut(blocks, &mut |run| in_inlines(run));
}

/// Converts the straight quotes of one run of inline content, reading
/// context across its marks and links. Footnotes inside it are left to
/// [`in_blocks`], which visits their blocks as runs of their own.
pub fn in_inlines(inlines: &mut [Inline]) {
    let mut pieces = Vec::new();
    collect(inlines, &mut pieces);
    if !pieces
        .iter()
        .any(|p| matches!(p, Piece::Text(t) if t.contains(['\'', '"'])))
    {
        return;
    }
    // Every character of the run, pieces left as written standing in as a
    // letter or a space, and where each text piece's characters start.
    let mut chars: Vec<char> = Vec::new();
    let mut starts = Vec::new();
    for piece in &pieces {
        starts.push(chars.len());
        match piece {
            Piece::Text(t) => chars.extend(t.chars()),
            Piece::Word => chars.push('x'),
            Piece::Space => chars.push(' '),
        }
    }
    let converted = convert(&chars);
    for (piece, start) in pieces.into_iter().zip(starts) {
        if let Piece::Text(text) = piece {
            let len = text.chars().count();
            *text = converted[start..start + len].iter().collect();
        }
    }
}

/// `text` with its straight quotes converted, read as a run of its own.
pub fn in_text(text: &str) -> String {
    if !text.contains(['\'', '"']) {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    convert(&chars).into_iter().collect()
}

fn collect<'a>(inlines: &'a mut [Inline], out: &mut Vec<Piece<'a>>) {
    for inline in inlines {
        match inline {
            Inline::Text(t) => out.push(Piece::Text(t)),
            Inline::Emph(c) | Inline::Strong(c) | Inline::Span { content: c, .. } => {
                collect(c, out)
            }
            Inline::Link {
                target, content, ..
            } => {
                if is_autolink(target, content) {
                    out.push(Piece::Word);
                } else {
                    collect(content, out);
                }
            }
            Inline::Code(_) | Inline::Ref { .. } => out.push(Piece::Word),
            Inline::LineBreak => out.push(Piece::Space),
            Inline::Footnote(_) => {}
        }
    }
}

/// A link whose text is its own address (`<https://…>`, `<name@host>`).
fn is_autolink(target: &str, content: &[Inline]) -> bool {
    let text = Inline::plain_text(content);
    text == target || target.strip_prefix("mailto:") == Some(text.as_str())
}

fn convert(chars: &[char]) -> Vec<char> {
    let mut out = chars.to_vec();
    for (i, &c) in chars.iter().enumerate() {
        if !matches!(c, '\'' | '"') || in_an_address(chars, i) {
            continue;
        }
        let before = chars[..i]
            .iter()
            .rev()
            .copied()
            .find(|c| !is_transparent(*c));
        let after = chars[i + 1..].iter().copied().find(|c| !is_transparent(*c));
        let opens = before.is_none_or(|b| b.is_whitespace() || is_opening(b))
            && after.is_some_and(|a| !a.is_whitespace());
        out[i] = match (c, opens) {
            ('\'', true) => '\u{2018}',
            ('\'', false) => '\u{2019}',
            (_, true) => '\u{201C}',
            (_, false) => '\u{201D}',
        };
    }
    out
}

/// Characters a quotation mark's neighbours are read through: controls
/// (but white space) and the other characters XML forbids (`U+FFFE`),
/// which the model drops, and the invisible format characters (zero-width
/// spaces and joiners, direction marks, the byte order mark).
fn is_transparent(c: char) -> bool {
    ((c.is_control() || quire_model::xml_chars::forbidden_in_xml(c)) && !c.is_whitespace())
        || matches!(
            c,
            '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}'
        )
}

/// Punctuation after which a quotation mark opens.
fn is_opening(c: char) -> bool {
    matches!(
        c,
        '(' | '[' | '{' | '\u{2018}' | '\u{201C}' | '-' | '\u{2013}' | '\u{2014}' | '/'
    )
}

/// Whether the character at `i` is inside a word that holds `://`: an
/// address written out, kept as written.
fn in_an_address(chars: &[char], i: usize) -> bool {
    let start = chars[..i]
        .iter()
        .rposition(|c| c.is_whitespace())
        .map_or(0, |p| p + 1);
    let end = chars[i..]
        .iter()
        .position(|c| c.is_whitespace())
        .map_or(chars.len(), |p| i + p);
    let word: String = chars[start..end].iter().collect();
    word.contains("://")
}

#[cfg(test)]
mod tests {
    use super::*;
    use quire_model::text;

    #[test]
    fn characters_the_model_drops_are_read_through() {
        // U+FFFE is dropped from the outputs: the quote follows `[`.
        assert_eq!(in_text("[\u{FFFE}\"x"), "[\u{FFFE}\u{201C}x");
    }

    #[test]
    fn apostrophes_and_quotes_become_typographic() {
        assert_eq!(in_text("the partners' plan"), "the partners\u{2019} plan");
        assert_eq!(
            in_text("Young people's services"),
            "Young people\u{2019}s services"
        );
        assert_eq!(
            in_text("called it \"hate\" ('all of it')."),
            "called it \u{201C}hate\u{201D} (\u{2018}all of it\u{2019})."
        );
        assert_eq!(in_text("\"Quoted.\""), "\u{201C}Quoted.\u{201D}");
        assert_eq!(in_text("no quotes at all"), "no quotes at all");
        // Invisible and control characters do not change which mark it is.
        assert_eq!(
            in_text(" \u{1}'a\u{200D}'"),
            " \u{1}\u{2018}a\u{200D}\u{2019}"
        );
    }

    #[test]
    fn context_reaches_across_marks_but_code_and_addresses_stay_as_written() {
        let mut run = vec![
            Inline::Emph(text("Southwark")),
            Inline::Text("'s \"".into()),
            Inline::Code("it's".into()),
            Inline::Text("\" at http://x.org/it's and ".into()),
            Inline::link("https://x.org/a'b", text("https://x.org/a'b")),
            Inline::Text(" or ".into()),
            Inline::link("https://x.org", text("the council's site")),
        ];
        in_inlines(&mut run);
        assert_eq!(
            run,
            vec![
                Inline::Emph(text("Southwark")),
                Inline::Text("\u{2019}s \u{201C}".into()),
                Inline::Code("it's".into()),
                Inline::Text("\u{201D} at http://x.org/it's and ".into()),
                Inline::link("https://x.org/a'b", text("https://x.org/a'b")),
                Inline::Text(" or ".into()),
                Inline::link("https://x.org", text("the council\u{2019}s site")),
            ]
        );
    }

    #[test]
    fn every_run_of_a_document_is_converted_footnotes_included() {
        let mut blocks = vec![Block::paragraph(vec![
            Inline::Text("the borough's".into()),
            Inline::Footnote(vec![Block::paragraph(text("'Note'"))]),
        ])];
        in_blocks(&mut blocks);
        assert_eq!(
            blocks,
            vec![Block::paragraph(vec![
                Inline::Text("the borough\u{2019}s".into()),
                Inline::Footnote(vec![Block::paragraph(text("\u{2018}Note\u{2019}"))]),
            ])]
        );
    }
}
