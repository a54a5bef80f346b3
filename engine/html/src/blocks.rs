//! Blocks and inlines to HTML, in reading order. Footnotes are gathered as
//! they are met and numbered in that order, as the PDF numbers them; the
//! page lists them after the text.

use base64::Engine as _;
use maud::{Markup, PreEscaped, html};
use quire_files::image::ImageFormat;
use quire_model::class;
use quire_model::resolved::{Block, Figure, FigureContent, Heading, Inline};

use crate::{HtmlError, RenderContext};

/// A footnote, rendered, with its number.
pub(crate) struct Note {
    /// Its number, from 1.
    pub number: usize,
    /// Its blocks, as HTML.
    pub body: Markup,
}

/// Renders blocks, keeping the document-wide counts as it goes.
pub(crate) struct Renderer<'a> {
    pub input: RenderContext<'a>,
    /// The footnotes met so far.
    pub notes: Vec<Note>,
    /// Paragraphs of the `numbered` class met so far.
    numbered: u32,
}

/// The anchor a heading is linked by: its label, or one made from its id.
pub(crate) fn heading_anchor(heading: &Heading) -> String {
    match &heading.label {
        Some(label) => label.clone(),
        None => format!("h-{}", heading.id),
    }
}

/// The CSS class a model class is drawn by (`q-vision`). Class names are
/// letters, digits, `-` and `_` (checked by the style and the model).
pub(crate) fn css_class(name: &str) -> String {
    let safe: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
        .collect();
    format!("q-{safe}")
}

/// Whether a link target is one a reader's browser may follow from a
/// published page: a web address, e-mail, telephone or a place in the page.
/// Anything else (`javascript:`, `file:`, `data:`) is printed as text.
fn followable(target: &str) -> bool {
    let lower = target.trim_start().to_ascii_lowercase();
    ["https://", "http://", "mailto:", "tel:", "#"]
        .iter()
        .any(|scheme| lower.starts_with(scheme))
}

impl<'a> Renderer<'a> {
    pub fn new(input: RenderContext<'a>) -> Self {
        Self {
            input,
            notes: Vec::new(),
            numbered: 0,
        }
    }

    pub fn blocks(&mut self, blocks: &[Block]) -> Result<Markup, HtmlError> {
        let mut out = String::new();
        for block in blocks {
            out.push_str(&self.block(block)?.into_string());
        }
        Ok(PreEscaped(out))
    }

    /// The blocks of a list item or a table cell: a lone plain paragraph
    /// is written as its text, without a `p` of its own.
    pub fn item(&mut self, blocks: &[Block]) -> Result<Markup, HtmlError> {
        match blocks {
            [
                Block::Paragraph {
                    content,
                    class: None,
                    ..
                },
            ] => Ok(self.inlines(content)),
            _ => self.blocks(blocks),
        }
    }

    fn block(&mut self, block: &Block) -> Result<Markup, HtmlError> {
        Ok(match block {
            Block::Paragraph { content, class, .. } => self.paragraph(content, class.as_deref()),
            Block::Heading(h) => self.heading(h),
            Block::BulletList { items, .. } => {
                let items = self.items(items)?;
                html! { ul { @for item in items { li { (item) } } } }
            }
            Block::OrderedList { start, items, .. } => {
                let items = self.items(items)?;
                let start = (*start != 1).then_some(*start);
                html! { ol start=[start] { @for item in items { li { (item) } } } }
            }
            Block::DefinitionList(definitions) => {
                let mut rows = Vec::new();
                for d in definitions {
                    rows.push((self.inlines(&d.term), self.item(&d.details)?));
                }
                html! {
                    dl {
                        @for (term, details) in rows {
                            dt { (term) }
                            dd { (details) }
                        }
                    }
                }
            }
            Block::Table(table) => self.table(table)?,
            Block::Figure(figure) => self.figure(figure)?,
            Block::Quote {
                blocks,
                attribution,
            } => {
                let body = self.blocks(blocks)?;
                let by = attribution.as_ref().map(|a| self.inlines(a));
                html! {
                    blockquote {
                        (body)
                        @if let Some(by) = by { p.attribution { "— " (by) } }
                    }
                }
            }
            Block::Callout {
                class,
                title,
                blocks,
                ..
            } => {
                let title = title.as_ref().map(|t| self.inlines(t));
                let body = self.blocks(blocks)?;
                let look = if self.input.style.look(class).is_some() {
                    css_class(class)
                } else {
                    "callout".to_string()
                };
                html! {
                    div class=(format!("box {look}")) {
                        @if let Some(title) = title { p.box-title { strong { (title) } } }
                        (body)
                    }
                }
            }
            Block::Div { class, blocks } => {
                let body = self.blocks(blocks)?;
                html! { div class=(css_class(class)) { (body) } }
            }
            // Pages are the reader's browser's business.
            Block::PageBreak => html! {},
        })
    }

    fn items(&mut self, items: &[Vec<Block>]) -> Result<Vec<Markup>, HtmlError> {
        items.iter().map(|item| self.item(item)).collect()
    }

    fn paragraph(&mut self, content: &[Inline], class: Option<&str>) -> Markup {
        match class {
            Some(class::CODE) => {
                let text = Inline::plain_text(content);
                html! { pre.q-code { code { (text) } } }
            }
            Some(class::NUMBERED) => {
                self.numbered += 1;
                let number = self.numbered;
                let text = self.inlines(content);
                html! { p.numbered { span.paragraph-number { (number) "." } " " (text) } }
            }
            Some(class) => {
                let text = self.inlines(content);
                html! { p class=(css_class(class)) { (text) } }
            }
            None => {
                let text = self.inlines(content);
                html! { p { (text) } }
            }
        }
    }

    fn heading(&mut self, h: &Heading) -> Markup {
        let id = heading_anchor(h);
        let text = self.inlines(&h.content);
        let inner = html! {
            @if let Some(number) = &h.number { span.heading-number { (number) } " " }
            (text)
        };
        // The document's title is the page's one `h1`; the model's levels
        // start under it.
        match h.level {
            1 => html! { h2 id=(id) { (inner) } },
            2 => html! { h3 id=(id) { (inner) } },
            3 => html! { h4 id=(id) { (inner) } },
            4 => html! { h5 id=(id) { (inner) } },
            5 => html! { h6 id=(id) { (inner) } },
            level => {
                html! { p.heading-deep id=(id) role="heading" aria-level=(level + 1) { (inner) } }
            }
        }
    }

    fn figure(&mut self, figure: &Figure) -> Result<Markup, HtmlError> {
        let words = &self.input.style.vocabulary;
        let id = figure_anchor(figure);
        let caption_id = format!("{id}-caption");
        let label = format!("{} {}", words.figure, figure.number);
        let separator = words.caption_separator.clone();
        let caption = self.inlines(&figure.caption);
        let title = format!("{label}{separator}{}", Inline::plain_text(&figure.caption));
        let picture = match &figure.content {
            FigureContent::Image { src, width } => {
                let image = self
                    .input
                    .images
                    .get(src)
                    .ok_or_else(|| HtmlError::Image(src.clone()))?;
                let mime = match image.format {
                    ImageFormat::Png => "image/png",
                    ImageFormat::Jpeg => "image/jpeg",
                    ImageFormat::Gif => "image/gif",
                    ImageFormat::Webp => "image/webp",
                    ImageFormat::Svg => "image/svg+xml",
                };
                let data = base64::engine::general_purpose::STANDARD.encode(&*image.bytes);
                let style = width.map(|w| format!("width: {:.1}%", (w * 100.0).clamp(1.0, 100.0)));
                html! {
                    img src=(format!("data:{mime};base64,{data}")) alt=(figure.alt)
                        width=(image.width.round()) height=(image.height.round()) style=[style];
                }
            }
            FigureContent::Chart(chart) => {
                let svg = PreEscaped(crate::svg::accessible(&chart.svg, &id, &title, &figure.alt));
                // A chart keeps a readable size on a narrow screen and
                // scrolls on its own (a drawing is two-dimensional content,
                // which WCAG 1.4.10 lets scroll); its figures follow as a table.
                html! {
                    div.chart-scroll role="region" tabindex="0" aria-labelledby=(caption_id) { (svg) }
                }
            }
        };
        Ok(html! {
            figure id=(id) {
                (picture)
                figcaption id=(caption_id) { span.caption-number { (label) } (separator) (caption) }
            }
        })
    }

    /// Inline content as HTML; footnotes become numbered links to the notes.
    pub fn inlines(&mut self, inlines: &[Inline]) -> Markup {
        let mut out = String::new();
        for inline in inlines {
            out.push_str(&self.inline(inline).into_string());
        }
        PreEscaped(out)
    }

    fn inline(&mut self, inline: &Inline) -> Markup {
        match inline {
            Inline::Text(text) => html! { (text) },
            Inline::Emph(c) => {
                let c = self.inlines(c);
                html! { em { (c) } }
            }
            Inline::Strong(c) => {
                let c = self.inlines(c);
                html! { strong { (c) } }
            }
            Inline::Link {
                target, content, ..
            } => {
                let c = self.inlines(content);
                if followable(target) {
                    html! { a href=(target.trim()) { (c) } }
                } else {
                    c
                }
            }
            Inline::Footnote(blocks) => self.footnote(blocks),
            Inline::Ref { label, target, .. } => match target {
                Some(t) => html! { a.xref href=(format!("#{label}")) { (t.display) } },
                None => html! { (label) },
            },
            Inline::LineBreak => html! { br; },
            Inline::Code(code) => html! { code { (code) } },
            Inline::Span { class, content } => {
                let c = self.inlines(content);
                html! { span class=(css_class(class)) { (c) } }
            }
        }
    }

    fn footnote(&mut self, blocks: &[Block]) -> Markup {
        // The number is taken before the note's own blocks are rendered, so
        // a note inside a note comes after it, as in the PDF.
        let number = self.notes.len() + 1;
        self.notes.push(Note {
            number,
            body: html! {},
        });
        // A note's blocks never fail: the resolve pass keeps figures and
        // tables out of notes.
        let body = self.blocks(blocks).unwrap_or_else(|_| html! {});
        self.notes[number - 1].body = body;
        html! {
            sup.note-ref {
                a id=(format!("note-ref-{number}")) href=(format!("#note-{number}")) { (number) }
            }
        }
    }
}

/// The anchor a figure is linked by: its label, or one made from its id.
pub(crate) fn figure_anchor(figure: &Figure) -> String {
    match &figure.label {
        Some(label) => label.clone(),
        None => format!("f-{}", figure.id),
    }
}
