//! The page: its head (language, title, description, the stylesheet and a
//! policy that forbids every request and every script), a skip link, the
//! title block with the page's one `h1`, the contents, the document, and
//! its notes.

use std::collections::BTreeSet;

use maud::{DOCTYPE, Markup, PreEscaped, html};
use quire_model::resolved::{Block, Inline};
use quire_model::{class, walk};
use quire_style::HtmlFonts;

use crate::blocks::{Renderer, heading_anchor};
use crate::fonts::{Wanted, font_faces};
use crate::{HtmlError, RenderContext};

/// What the page may load: nothing from anywhere but itself. Styles and
/// fonts are inline, pictures are data URLs, and no script runs.
const POLICY: &str = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; base-uri 'none'; form-action 'none'";

/// A heading the contents list: its level, anchor and rendered text.
struct Entry {
    level: u8,
    anchor: String,
    number: Option<String>,
    text: Markup,
}

pub(crate) fn page(input: RenderContext<'_>) -> Result<String, HtmlError> {
    let document = input.document;
    let meta = document.meta();
    let words = &input.style.vocabulary;
    let mut renderer = Renderer::new(input);

    let mut entries = Vec::new();
    for part in [document.front(), document.body(), document.appendices()] {
        walk::blocks(part, &mut |b| {
            if let Block::Heading(h) = b
                && h.outlined
            {
                entries.push((
                    h.level,
                    heading_anchor(h),
                    h.number.clone(),
                    h.content.clone(),
                ));
            }
        });
    }
    let entries: Vec<Entry> = entries
        .into_iter()
        .map(|(level, anchor, number, content)| Entry {
            level,
            anchor,
            number,
            text: renderer.inlines(&strip_notes(&content)),
        })
        .collect();

    let front = renderer.blocks(document.front())?;
    let body = renderer.blocks(document.body())?;
    let appendices = renderer.blocks(document.appendices())?;
    let notes = std::mem::take(&mut renderer.notes);

    let organisation = meta.organisation.as_deref().unwrap_or(&meta.author);
    let description = meta.subject.clone().or_else(|| meta.subtitle.clone());
    let keywords = (!meta.keywords.is_empty()).then(|| meta.keywords.join(", "));
    let version = format!("{} {}", words.version, meta.version);
    let notes_title = words.notes.clone();
    let main = html! {
        header.title-block {
            p.organisation { (organisation) }
            h1 { (meta.title) }
            @if let Some(subtitle) = &meta.subtitle { p.subtitle { (subtitle) } }
            p.published {
                @if organisation != meta.author { (meta.author) br; }
                (version) ", " time datetime=(meta.date) { (input.display_date) }
            }
        }
        @if !entries.is_empty() {
            nav.contents aria-labelledby="contents-title" {
                h2 #contents-title { (words.contents) }
                (contents(&entries))
            }
        }
        main #main {
            (front)
            (body)
            (appendices)
            @if !notes.is_empty() {
                section.notes-section aria-labelledby="notes-title" {
                    h2 #notes-title { (notes_title) }
                    ol.notes {
                        @for note in &notes {
                            li id=(format!("note-{}", note.number)) {
                                (note.body)
                                " "
                                a.back-link href=(format!("#note-ref-{}", note.number))
                                    aria-label=(format!("{} {}", words.back_to_text, note.number)) {
                                    (words.back_to_text)
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    let main = main.into_string();

    let faces = match input.style.html.fonts {
        HtmlFonts::Shipped => {
            let chars = page_chars(&main, &[&meta.title, &words.skip_link]);
            let wanted = wanted_faces(input);
            Some(font_faces(input.files, input.fonts_dir, &wanted, &chars)?)
        }
        HtmlFonts::System => None,
    };
    let css = crate::css::stylesheet(input.style, input.layout, faces.as_deref());

    let page = html! {
        (DOCTYPE)
        html lang=(meta.language) {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(POLICY);
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (meta.title) }
                @if let Some(description) = &description { meta name="description" content=(description); }
                meta name="author" content=(meta.author);
                @if let Some(keywords) = &keywords { meta name="keywords" content=(keywords); }
                meta name="generator" content="Quire";
                style { (PreEscaped(css)) }
            }
            body {
                a.skip-link href="#main" { (words.skip_link) }
                div.page { (PreEscaped(main)) }
            }
        }
    };
    Ok(page.into_string())
}

/// A heading's text for the contents, without its footnotes.
fn strip_notes(content: &[Inline]) -> Vec<Inline> {
    content
        .iter()
        .filter(|i| !matches!(i, Inline::Footnote(_)))
        .cloned()
        .collect()
}

/// The contents as nested lists, one level of list per heading level.
fn contents(entries: &[Entry]) -> Markup {
    let mut out = String::from("<ul>");
    let mut depth = 1usize;
    let mut open_item = false;
    for entry in entries {
        // A level deeper than the one before opens one list, never more
        // (a list directly inside a list is not HTML).
        let want = usize::from(entry.level).clamp(1, depth + usize::from(open_item));
        while depth < want {
            out.push_str("<ul>");
            depth += 1;
            open_item = false;
        }
        while depth > want {
            out.push_str("</li></ul>");
            depth -= 1;
        }
        if open_item {
            out.push_str("</li>");
        }
        let item = html! {
            a href=(format!("#{}", entry.anchor)) {
                @if let Some(number) = &entry.number { span.heading-number { (number) } " " }
                (entry.text)
            }
        };
        out.push_str("<li>");
        out.push_str(&item.into_string());
        open_item = true;
    }
    if open_item {
        out.push_str("</li>");
    }
    while depth > 1 {
        out.push_str("</ul></li>");
        depth -= 1;
    }
    out.push_str("</ul>");
    PreEscaped(out)
}

/// Every character the page may print: its text (and, harmlessly, its
/// markup) and the head's texts.
fn page_chars(main: &str, more: &[&str]) -> BTreeSet<char> {
    // Most of a page is ASCII: those bytes are only marked in a table.
    let mut ascii = [false; 128];
    let mut chars = BTreeSet::new();
    for text in std::iter::once(main).chain(more.iter().copied()) {
        for c in text.chars() {
            if c.is_ascii() {
                ascii[c as usize] = true;
            } else {
                chars.insert(c);
            }
        }
    }
    chars.extend((0u8..128).filter(|b| ascii[*b as usize]).map(char::from));
    // Entities stand for characters the text holds, which are in it as
    // themselves too; the digits and letters of numbers are kept whole.
    chars.extend('0'..='9');
    chars.extend([' ', '\u{a0}', '.', ',', ':', '–', '—', '‘', '’', '“', '”']);
    chars
}

/// The faces the page uses: body text regular, bold and italic (and both),
/// headings bold, code in the mono family.
fn wanted_faces<'a>(input: RenderContext<'a>) -> Wanted<'a> {
    let fonts = &input.style.fonts;
    let mut faces = vec![
        (fonts.body.as_str(), false, false),
        (fonts.body.as_str(), true, false),
        (fonts.body.as_str(), false, true),
        (fonts.headings.as_str(), true, false),
    ];
    let mut bold_italic = false;
    let mut code = false;
    input.document.walk_blocks(&mut |b| {
        if let Block::Paragraph { class: Some(c), .. } = b {
            code |= c == class::CODE;
        }
    });
    input.document.walk_inlines(&mut |i| match i {
        Inline::Code(_) => code = true,
        Inline::Strong(c) | Inline::Emph(c) => {
            let inner_mark = c.iter().any(|x| {
                matches!(
                    (i, x),
                    (Inline::Strong(_), Inline::Emph(_)) | (Inline::Emph(_), Inline::Strong(_))
                )
            });
            bold_italic |= inner_mark;
        }
        _ => {}
    });
    if bold_italic {
        faces.push((fonts.body.as_str(), true, true));
    }
    if code {
        faces.push((fonts.mono.as_str(), false, false));
    }
    Wanted { faces }
}
