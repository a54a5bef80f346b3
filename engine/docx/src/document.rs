//! The document model to docx-rs: headings, paragraphs, lists, tables,
//! footnotes, cross-references, figures, the title page and the table of
//! contents. What docx-rs cannot express is recorded in [`Built`] for the
//! package layer to add.

use docx_rs::{
    AbstractNumbering, AlignmentType, BreakType, Docx, FieldCharType, Footer, Footnote, Header,
    Hyperlink, HyperlinkType, IndentLevel, InstrText, Level, LevelJc, LevelOverride,
    LevelSuffixType, LevelText, NumberFormat, Numbering, NumberingId, PageMargin,
    PageOrientationType, Paragraph, Pic, Run, RunFonts, SectionProperty, Shading,
    SpecialIndentType, Start, Tab, TabValueType, Table as DocxTable, TableCell, TableCellMargins,
    TableRow, VMergeType, WidthType,
};
use quire_files::image::ImageFormat;
use std::collections::BTreeSet;

use quire_model::{
    Align, Block, ColumnWidth, Figure, FigureContent, Heading, Inline, Table, TargetKind,
    Vocabulary, class,
};
use quire_style::running::{self, Piece};
use quire_style::{Look, Style};

use crate::ids::{Anchors, bookmark_name};
use crate::picture::Png;
use crate::styles::{self, hex};
use crate::{DocxError, DocxInput};

/// Numbering ids. docx-rs's own default numbering takes id 1, so ours start well above it.
pub const HEADING_NUM: usize = 101;
/// The numbering of appendix headings (`Appendix A`, `A.1`).
pub const APPENDIX_NUM: usize = 102;
const BULLET_NUM: usize = 103;
const HEADING_ABSTRACT: usize = 101;
const APPENDIX_ABSTRACT: usize = 102;
const BULLET_ABSTRACT: usize = 103;
const ORDERED_ABSTRACT: usize = 104;
/// The numbering of numbered paragraphs ([`class::NUMBERED`]), linked to
/// their paragraph style: one sequence through the whole document.
pub(crate) const NUMBERED_NUM: usize = 104;
const NUMBERED_ABSTRACT: usize = 105;
/// The paragraph style of numbered paragraphs.
pub const NUMBERED_STYLE: &str = "NumberedParagraph";
/// The bookmark round the document itself (its title page to its end)
/// when front matter comes before it: the contents' field lists only the
/// headings inside it (`TOC \b`). Hidden, as Word's own `_Toc` bookmarks are.
pub const DOCUMENT_BOOKMARK: &str = "_QuireDocument";
/// Room inside every table cell, in twips (5 pt, as the PDF's cells).
const CELL_PADDING: usize = 100;
/// Room above and below a cell's text, in twips: the PDF's 5 pt less half
/// the 0.5 pt rule, which LibreOffice adds to each row's height (the PDF
/// draws its rules over the cells' edges).
const CELL_PADDING_Y: usize = 95;
/// Ordered lists each get their own `w:num` from here on, so each restarts.
const FIRST_LIST_NUM: usize = 200;

/// A built docx-rs document plus what the package layer must add.
pub struct Built {
    /// The docx-rs document.
    pub docx: Docx,
    /// What docx-rs cannot say about tables and pictures, by node identity.
    pub fixups: Fixups,
}

/// The table style every table uses.
pub const TABLE_STYLE: &str = "QuireTable";
/// Between the table style and a table's node id in the style reference
/// docx-rs writes (`QuireTable--n7`), which the package layer reads and
/// puts back to [`TABLE_STYLE`].
pub const TABLE_MARK: &str = "--";
/// Before a picture's node id in its relationship id (`rIdFigure-n3`),
/// which the package layer reads.
pub const PICTURE_MARK: &str = "rIdFigure-";

/// What the package layer adds to tables and pictures, keyed on the
/// model's node ids that docx-rs carries through in the marks above: never
/// on an element's position, so nothing can shift onto the wrong element.
#[derive(Debug, Default)]
pub struct Fixups {
    /// Each table's header rows, which repeat on every page.
    pub header_rows: std::collections::HashMap<String, usize>,
    /// Each picture's alternative text.
    pub alt_texts: std::collections::HashMap<String, String>,
    /// The tables whose first column heads its rows (Word's first-column
    /// table look).
    pub row_header_tables: std::collections::HashSet<String>,
    /// How many sections, from the first, start with a page that has no
    /// running header or footer: the title page's, and the front matter's
    /// before it when there is some (each is its own section).
    pub title_sections: usize,
}

/// Text width in twips for portrait and landscape pages.
struct Widths {
    portrait: u32,
    landscape: u32,
}

struct Builder<'a> {
    style: &'a Style,
    word_mono: String,
    input: DocxInput<'a>,
    anchors: Anchors,
    next_list_num: usize,
    bookmark_id: usize,
    fixups: Fixups,
    /// Made at the first chart: the style's fonts, read once.
    rasteriser: Option<crate::picture::Rasteriser>,
    numberings: Vec<Numbering>,
    widths: Widths,
    landscape: bool,
    in_appendix: bool,
    /// Writing the front matter (a committee report in front of the document).
    in_front: bool,
    /// The classes with a look that paragraphs, callouts and divisions
    /// used: each gets a paragraph style.
    classes: BTreeSet<String>,
    /// The formatting paragraphs start from: a table cell's (its table's
    /// and row's class looks, bold in header rows), else none.
    base: Marks,
}

/// Character formatting carried down through nested inlines.
#[derive(Clone, Copy, Default)]
struct Marks {
    bold: bool,
    italic: bool,
    code: bool,
    link: bool,
    /// A class's text colour, `0xRRGGBB`.
    colour: Option<u32>,
    /// A class's text size in half-points.
    size: Option<usize>,
    /// A class's fill behind the text, `0xRRGGBB`.
    shade: Option<u32>,
}

impl Marks {
    /// These marks with the text formatting of a class's look laid over them.
    fn with_look(self, look: Option<&Look>) -> Self {
        let Some(look) = look else { return self };
        let rgb = |c: &Option<String>| {
            c.as_deref()
                .and_then(quire_style::parse_hex)
                .map(|(r, g, b)| u32::from(r) << 16 | u32::from(g) << 8 | u32::from(b))
        };
        Marks {
            bold: self.bold || look.bold,
            italic: self.italic || look.italic,
            colour: rgb(&look.colour).or(self.colour),
            size: look
                .text_size
                .map(|pt| (pt * 2.0).round() as usize)
                .or(self.size),
            ..self
        }
    }
}

/// Builds the whole document.
pub fn build(input: DocxInput<'_>) -> Result<Built, DocxError> {
    let style = input.style;
    let (w, h) = style.page.paper.size();
    let margins = (style.page.margin_left.pt() + style.page.margin_right.pt()) * 20.0;
    let widths = Widths {
        portrait: (w * 20.0 - margins).round() as u32,
        landscape: (h * 20.0 - margins).round() as u32,
    };
    let mut b = Builder {
        style,
        word_mono: style.fonts.for_word().mono,
        input,
        anchors: Anchors::collect(input.document.document(), style.headings.contents_depth),
        next_list_num: FIRST_LIST_NUM,
        bookmark_id: 1,
        fixups: Fixups::default(),
        rasteriser: None,
        numberings: Vec::new(),
        widths,
        landscape: false,
        in_appendix: false,
        in_front: false,
        classes: BTreeSet::new(),
        base: Marks::default(),
    };

    let mut body: Vec<Child> = Vec::new();
    // A profile's front matter (a committee report) comes before the
    // document; what it gives the title page (`title-page` divisions) is set
    // at the head of the title page.
    let front = input.document.front();
    let (on_title_page, report): (Vec<&Block>, Vec<&Block>) = front
        .iter()
        .partition(|b| matches!(b, Block::Div { class, .. } if class == class::TITLE_PAGE));
    b.in_front = true;
    for block in report {
        b.block(block, &mut body, 0)?;
    }
    let mut head = Vec::new();
    for block in on_title_page {
        b.block(block, &mut head, 0)?;
    }
    b.in_front = false;
    // The front matter is a section of its own, so the document's title
    // page starts a section and, like the front matter's first page, has
    // no running header or footer.
    let has_front = !front.is_empty();
    if has_front {
        body.push(para(b.section_break(false)));
    }
    b.fixups.title_sections = if has_front { 2 } else { 1 };
    let scope = b.title_page(&mut body, has_front, head);
    // The document first, the contents last: their page numbers come from
    // the PDF's layout, which may still be under way (`contents_pages`
    // waits for it), so the rest is made meanwhile.
    let mut document = Vec::new();
    for block in input.document.body() {
        b.block(block, &mut document, 0)?;
    }
    b.in_appendix = true;
    for block in input.document.appendices() {
        b.block(block, &mut document, 0)?;
    }
    let pages = (input.contents_pages)();
    b.contents(&mut body, scope.is_some(), &pages);
    body.append(&mut document);
    if let Some(id) = scope {
        close_bookmark(&mut body, id);
    }

    let mut docx = Docx::new();
    docx = styles::apply(docx, style, &b.classes);
    docx = numbering(docx, style, b.classes.contains(class::NUMBERED));
    for n in b.numberings.drain(..) {
        docx = docx.add_numbering(n);
    }
    // Whether the last child was a table, and whether it was kept whole.
    let mut after_table: Option<bool> = None;
    for child in body {
        docx = match child {
            Child::Paragraph(p) => {
                after_table = None;
                docx.add_paragraph(*p)
            }
            Child::Table(t, kept) => {
                // Two tables in a row would be one table to Word: an empty
                // paragraph keeps them apart, as the PDF's space does (and
                // keeps two tables kept whole together, see `table`).
                let docx = match after_table {
                    Some(previous) => {
                        docx.add_paragraph(Paragraph::new().keep_next(previous && kept))
                    }
                    None => docx,
                };
                after_table = Some(kept);
                docx.add_table(*t)
            }
        };
    }
    docx = b.page_setup(docx);
    Ok(Built {
        docx,
        fixups: b.fixups,
    })
}

enum Child {
    Paragraph(Box<Paragraph>),
    /// A table, and whether it is kept whole on one page.
    Table(Box<DocxTable>, bool),
}

fn para(p: Paragraph) -> Child {
    Child::Paragraph(Box::new(p))
}

/// Ends bookmark `id` with the document's last paragraph (a new, empty one
/// if the document ends with a table).
fn close_bookmark(body: &mut Vec<Child>, id: usize) {
    match body.last_mut() {
        Some(Child::Paragraph(p)) => **p = std::mem::take(&mut **p).add_bookmark_end(id),
        _ => body.push(para(Paragraph::new().add_bookmark_end(id))),
    }
}

/// The heading numbering (linked to the heading styles), appendix numbering,
/// bullets, the ordered-list template and, when the document has numbered
/// paragraphs, their numbering (linked to their style).
fn numbering(mut docx: Docx, style: &Style, numbered_paragraphs: bool) -> Docx {
    let depth = usize::from(style.headings.numbered_depth).min(6);
    let mut headings = AbstractNumbering::new(HEADING_ABSTRACT);
    let mut appendix = AbstractNumbering::new(APPENDIX_ABSTRACT);
    for level in 0..depth {
        let text: Vec<String> = (1..=level + 1).map(|l| format!("%{l}")).collect();
        let text = text.join(".");
        let style_id = format!("Heading{}", level + 1);
        headings = headings.add_level(
            Level::new(
                level,
                Start::new(1),
                NumberFormat::new("decimal"),
                LevelText::new(&text),
                LevelJc::new("left"),
            )
            .paragraph_style(&style_id)
            .indent(Some(0), Some(SpecialIndentType::Hanging(0)), None, None)
            // A space after the number, as the PDF's (a tab would reach
            // the next default stop and wrap long headings).
            .suffix(LevelSuffixType::Space),
        );
        let appendix_text = if level == 0 {
            format!("{} %1", style.vocabulary.appendix)
        } else {
            text.clone()
        };
        let format = if level == 0 { "upperLetter" } else { "decimal" };
        appendix = appendix.add_level(
            Level::new(
                level,
                Start::new(1),
                NumberFormat::new(format),
                LevelText::new(&appendix_text),
                LevelJc::new("left"),
            )
            .indent(Some(0), Some(SpecialIndentType::Hanging(0)), None, None)
            .suffix(LevelSuffixType::Space),
        );
    }
    let mut bullets = AbstractNumbering::new(BULLET_ABSTRACT);
    let mut ordered = AbstractNumbering::new(ORDERED_ABSTRACT);
    for level in 0..6usize {
        let indent = 360 * (level as i32 + 1);
        let symbol = ["•", "–", "◦"][level % 3];
        // A list level: its marker, hanging in a deeper indent at each level.
        let list_level = |format: &str, text: String| {
            Level::new(
                level,
                Start::new(1),
                NumberFormat::new(format),
                LevelText::new(text),
                LevelJc::new("left"),
            )
            .indent(
                Some(indent),
                Some(SpecialIndentType::Hanging(360)),
                None,
                None,
            )
        };
        bullets = bullets.add_level(list_level("bullet", symbol.to_string()));
        // Numbers as the PDF's: 1., 2., 3. at every level.
        ordered = ordered.add_level(list_level("decimal", format!("%{}.", level + 1)));
    }
    if numbered_paragraphs {
        let indent = quire_style::NUMBERED_INDENT.twips() as i32;
        let level = Level::new(
            0,
            Start::new(1),
            NumberFormat::new("decimal"),
            LevelText::new("%1."),
            LevelJc::new("left"),
        )
        .paragraph_style(NUMBERED_STYLE)
        .indent(
            Some(indent),
            Some(SpecialIndentType::Hanging(indent)),
            None,
            None,
        );
        docx = docx
            .add_abstract_numbering(AbstractNumbering::new(NUMBERED_ABSTRACT).add_level(level))
            .add_numbering(Numbering::new(NUMBERED_NUM, NUMBERED_ABSTRACT));
    }
    docx = docx
        .add_abstract_numbering(headings)
        .add_abstract_numbering(appendix)
        .add_abstract_numbering(bullets)
        .add_abstract_numbering(ordered)
        .add_numbering(Numbering::new(HEADING_NUM, HEADING_ABSTRACT))
        .add_numbering(Numbering::new(APPENDIX_NUM, APPENDIX_ABSTRACT))
        .add_numbering(Numbering::new(BULLET_NUM, BULLET_ABSTRACT));
    docx
}

impl Builder<'_> {
    /// The title page, with what front matter gives it (`head`: the
    /// heading that makes the document a report's appendix) at its head.
    /// After front matter (`after_front`, which ends with a section break,
    /// so the page is new), a bookmark ([`DOCUMENT_BOOKMARK`]) starts at the
    /// title: its id is returned, for the bookmark's end after the
    /// document's last block.
    fn title_page(
        &mut self,
        out: &mut Vec<Child>,
        after_front: bool,
        head: Vec<Child>,
    ) -> Option<usize> {
        let meta = &self.input.document.meta();
        out.extend(head);
        let mut title = Paragraph::new().style("Title");
        let scope = after_front.then(|| self.next_bookmark());
        if let Some(id) = scope {
            title = title.add_bookmark_start(id, DOCUMENT_BOOKMARK);
        }
        out.push(para(title.add_run(Run::new().add_text(&meta.title))));
        if let Some(subtitle) = &meta.subtitle {
            out.push(para(
                Paragraph::new()
                    .style("Subtitle")
                    .add_run(Run::new().add_text(subtitle)),
            ));
        }
        out.push(para(
            Paragraph::new()
                .style("TitleMeta")
                .add_run(Run::new().bold().add_text(&meta.author)),
        ));
        if let Some(org) = &meta.organisation {
            out.push(para(
                Paragraph::new()
                    .style("TitleMeta")
                    .add_run(Run::new().add_text(org)),
            ));
        }
        let version = &self.style.vocabulary.version;
        let line = format!("{}    {version} {}", self.input.display_date, meta.version);
        out.push(para(
            Paragraph::new()
                .style("TitleMeta")
                .add_run(Run::new().add_text(line)),
        ));
        scope
    }

    /// A table of contents already holding its entries: each links to its
    /// heading's bookmark and ends in a `PAGEREF` field to it whose result
    /// is the page the PDF (and so the Word copy, laid out alike) has the
    /// heading on. The whole is a `TOC` field a clerk can refresh.
    /// `scoped`: front matter precedes the document, so the field lists only
    /// the headings inside the document's bookmark (`\b`, for Word; the
    /// front matter's headings are also out of the outline, for LibreOffice,
    /// which ignores `\b`).
    fn contents(&mut self, out: &mut Vec<Child>, scoped: bool, pages: &[String]) {
        out.push(para(
            Paragraph::new()
                .style("TOCHeading")
                .page_break_before(true)
                .add_run(Run::new().add_text(&self.style.vocabulary.contents)),
        ));
        let entries: Vec<_> = self.anchors.toc_entries().to_vec();
        let last = entries.len().saturating_sub(1);
        for (i, entry) in entries.iter().enumerate() {
            let mut p = Paragraph::new().style(&format!("TOC{}", entry.level));
            if i == 0 {
                p = p
                    .add_run(Run::new().add_field_char(FieldCharType::Begin, false))
                    .add_run(Run::new().add_instr_text(InstrText::Unsupported(format!(
                        " TOC \\o \"1-{}\"{} \\h \\z \\u ",
                        self.style.headings.contents_depth,
                        if scoped {
                            format!(" \\b {DOCUMENT_BOOKMARK}")
                        } else {
                            String::new()
                        }
                    ))))
                    .add_run(Run::new().add_field_char(FieldCharType::Separate, false));
            }
            // As Word writes a refreshed entry: the number and the title
            // (a space between, as the heading's own numbering has), a
            // tab to the dotted right-hand stop, the page.
            let text = match &entry.number {
                Some(n) => format!("{n} {}", entry.text),
                None => entry.text.clone(),
            };
            let page = pages.get(i).map(String::as_str).unwrap_or_default();
            let mut link = Hyperlink::new(&entry.anchor, HyperlinkType::Anchor)
                .add_run(Run::new().add_text(text))
                .add_run(Run::new().add_tab());
            for run in field(
                &format!("PAGEREF {} \\h", entry.anchor),
                Run::new().add_text(page),
            ) {
                link = link.add_run(run);
            }
            p = p.add_hyperlink(link);
            if i == last {
                p = p.add_run(Run::new().add_field_char(FieldCharType::End, false));
            }
            out.push(para(p));
        }
        if entries.is_empty() {
            out.push(para(Paragraph::new()));
        }
    }

    fn page_setup(&self, docx: Docx) -> Docx {
        let (w, h) = self.style.page.paper.size();
        docx.page_size((w * 20.0).round() as u32, (h * 20.0).round() as u32)
            .page_margin(self.margins())
            .header(self.running(
                &self.style.running.header_left,
                &self.style.running.header_right,
                "Header",
            ))
            .footer(self.running_footer())
            .first_header(Header::new().add_paragraph(Paragraph::new().style("Header")))
            .first_footer(Footer::new().add_paragraph(Paragraph::new().style("Footer")))
            .title_pg()
    }

    fn margins(&self) -> PageMargin {
        let p = &self.style.page;
        PageMargin::new()
            .top(p.margin_top.twips() as i32)
            .bottom(p.margin_bottom.twips() as i32)
            .left(p.margin_left.twips() as i32)
            .right(p.margin_right.twips() as i32)
            .header(((p.margin_top.twips()) / 2) as i32)
            .footer(((p.margin_bottom.twips()) / 2) as i32)
    }

    fn running_footer(&self) -> Footer {
        let p = self.running_paragraph(
            &self.style.running.footer_left,
            &self.style.running.footer_right,
            "Footer",
        );
        Footer::new().add_paragraph(p)
    }

    fn running(&self, left: &str, right: &str, style_id: &str) -> Header {
        Header::new().add_paragraph(self.running_paragraph(left, right, style_id))
    }

    /// Left text, a right tab, right text; `{page}` and `{pages}` become fields.
    fn running_paragraph(&self, left: &str, right: &str, style_id: &str) -> Paragraph {
        let mut p = Paragraph::new().style(style_id).add_tab(
            Tab::new()
                .val(TabValueType::Right)
                .pos(self.widths.portrait as usize),
        );
        for run in self.running_runs(left) {
            p = p.add_run(run);
        }
        p = p.add_run(Run::new().add_tab());
        for run in self.running_runs(right) {
            p = p.add_run(run);
        }
        p
    }

    /// The runs of a running pattern: its text and the document's values as
    /// text, `{page}` and `{pages}` as fields. The pattern is read once, so
    /// a value holding `{page}` prints as written.
    fn running_runs(&self, pattern: &str) -> Vec<Run> {
        let meta = &self.input.document.meta();
        let mut runs = Vec::new();
        for piece in running::pieces(pattern) {
            let text = match piece {
                Piece::Text(text) => text,
                Piece::Title => &meta.title,
                Piece::Version => &meta.version,
                Piece::Date => self.input.display_date,
                Piece::Author => &meta.author,
                Piece::Organisation => meta.organisation.as_deref().unwrap_or(&meta.author),
                Piece::Page => {
                    runs.extend(field_runs("PAGE"));
                    continue;
                }
                Piece::Pages => {
                    runs.extend(field_runs("NUMPAGES"));
                    continue;
                }
            };
            if !text.is_empty() {
                runs.push(Run::new().add_text(text));
            }
        }
        runs
    }

    /// The style's fonts for drawings, read at the first one.
    fn rasteriser(&mut self) -> Result<&crate::picture::Rasteriser, String> {
        if self.rasteriser.is_none() {
            let rasteriser =
                crate::picture::Rasteriser::new(self.input.files, self.input.fonts_dir)?;
            self.rasteriser = Some(rasteriser);
        }
        Ok(self.rasteriser.as_ref().expect("made above"))
    }

    /// A figure's picture as PNG for a printed width of `inches`.
    fn picture(&mut self, fig: &Figure, inches: f64) -> Result<Png, DocxError> {
        match &fig.content {
            FigureContent::Image { src, .. } => {
                let problem = |message: String| DocxError::Image {
                    path: src.clone(),
                    message,
                };
                let image = self
                    .input
                    .images
                    .get(src)
                    .ok_or_else(|| problem("it was not read before rendering".into()))?;
                let width = crate::picture::print_width(inches);
                if image.format == ImageFormat::Svg {
                    self.rasteriser()
                        .and_then(|r| r.drawing(&image.bytes, width))
                        .map_err(problem)
                } else {
                    crate::picture::raster(image, width).map_err(problem)
                }
            }
            FigureContent::Chart(chart) => {
                let problem = |message: String| DocxError::Chart {
                    title: Inline::plain_text(&fig.caption),
                    message,
                };
                let svg = chart
                    .svg
                    .as_deref()
                    .ok_or_else(|| problem("it was not drawn".into()))?;
                self.rasteriser()
                    .and_then(|r| r.chart(svg))
                    .map_err(problem)
            }
        }
    }

    fn text_width(&self) -> u32 {
        if self.landscape {
            self.widths.landscape
        } else {
            self.widths.portrait
        }
    }

    fn section_break(&self, landscape: bool) -> Paragraph {
        let (w, h) = self.style.page.paper.size();
        let (w, h) = ((w * 20.0).round() as u32, (h * 20.0).round() as u32);
        let mut sp = SectionProperty::new().page_margin(self.margins());
        sp = if landscape {
            sp.page_size(
                docx_rs::PageSize::new()
                    .width(h)
                    .height(w)
                    .orient(PageOrientationType::Landscape),
            )
            .page_orient(PageOrientationType::Landscape)
        } else {
            sp.page_size(docx_rs::PageSize::new().width(w).height(h))
        };
        // The paragraph ending a section is empty: one point high, so it
        // never pushes the section's last line onto a page of its own.
        Paragraph::new().section_property(sp).line_spacing(
            docx_rs::LineSpacing::new()
                .line(20)
                .line_rule(docx_rs::LineSpacingType::Exact)
                .before(0)
                .after(0),
        )
    }

    fn block(
        &mut self,
        block: &Block,
        out: &mut Vec<Child>,
        depth: usize,
    ) -> Result<(), DocxError> {
        match block {
            Block::Paragraph { content, class, .. } => {
                // A numbered paragraph's style numbers it, whatever its look;
                // a class with no look is drawn plainly.
                let style_id = if class.as_deref() == Some(class::NUMBERED) {
                    // Noted, so the style and its numbering are made.
                    self.classes.insert(class::NUMBERED.to_string());
                    NUMBERED_STYLE.into()
                } else {
                    match class.as_deref().and_then(|c| self.class_style(c)) {
                        Some(id) => id,
                        None if depth > 0 => "ListContinue".into(),
                        None => "BodyText".into(),
                    }
                };
                let p = Paragraph::new().style(&style_id);
                out.push(para(self.inlines(p, content, self.base)));
            }
            Block::Heading(h) => out.push(para(self.heading(h))),
            Block::BulletList { items, .. } => self.list(items, None, out, depth)?,
            Block::OrderedList { start, items, .. } => {
                self.list(items, Some(*start), out, depth)?
            }
            Block::DefinitionList(defs) => {
                // As the PDF's: the term in bold, the separator and the
                // first paragraph of its details run on in one paragraph
                // with a hanging indent; further details follow, indented.
                let separator = self.style.vocabulary.term_separator.clone();
                for def in defs {
                    let p = Paragraph::new().style("Term");
                    let mut p = self.inlines(
                        p,
                        &def.term,
                        Marks {
                            bold: true,
                            ..self.base
                        },
                    );
                    let mut details = def.details.iter().peekable();
                    if let Some(Block::Paragraph { content, .. }) = details.peek() {
                        p = p.add_run(self.run(&separator, self.base));
                        p = self.inlines(p, content, self.base);
                        details.next();
                    } else {
                        p = p.keep_next(true);
                    }
                    out.push(para(p));
                    for detail in details {
                        self.block(detail, out, depth + 1)?;
                    }
                }
            }
            Block::Table(t) => self.table(t, out)?,
            Block::Figure(fig) => {
                let width = match &fig.content {
                    FigureContent::Image { width, .. } => *width,
                    FigureContent::Chart(_) => None,
                };
                let max = f64::from(self.text_width()) * 635.0 * width.unwrap_or(1.0);
                let png = self.picture(fig, max / 914_400.0)?;
                let scale = if png.width == 0 {
                    1.0
                } else {
                    max / f64::from(png.width)
                };
                let height = (f64::from(png.height) * scale) as u32;
                let id = fig
                    .id
                    .ok_or_else(|| DocxError::Identity("a figure".into()))?;
                let key = id.to_string();
                let pic = Pic::new_with_dimensions(png.bytes, png.width, png.height)
                    .size(max as u32, height)
                    .id(format!("{PICTURE_MARK}{key}"));
                self.fixups.alt_texts.insert(key, fig.alt.clone());
                out.push(para(
                    Paragraph::new()
                        .style("Figure")
                        .keep_next(true)
                        .add_run(Run::new().add_image(pic)),
                ));
                let number = fig.number.clone().unwrap_or_default();
                let mut p = Paragraph::new().style("Caption");
                let words = &self.style.vocabulary;
                p = self.bookmarked(p, fig.label.as_deref(), |p| {
                    caption_number(p, &words.figure, SEQ_FIGURE, &number)
                });
                p = p.add_run(Run::new().add_text(&words.caption_separator));
                out.push(para(self.inlines(p, &fig.caption, Marks::default())));
            }
            Block::Quote {
                blocks,
                attribution,
            } => {
                for b in blocks {
                    let mut inner = Vec::new();
                    self.block(b, &mut inner, depth)?;
                    for child in inner {
                        out.push(match child {
                            Child::Paragraph(p) => para(p.style("Quote")),
                            other => other,
                        });
                    }
                }
                if let Some(who) = attribution {
                    let p = Paragraph::new()
                        .style("Quote")
                        .add_run(Run::new().add_text("— "));
                    out.push(para(self.inlines(p, who, self.base)));
                }
            }
            Block::Callout {
                class,
                title,
                blocks,
                ..
            } => {
                // A class with no look is the plain callout box.
                let (title_style, body_style) = match self.class_style(class) {
                    Some(id) => (id.clone(), id),
                    None => ("CalloutTitle".into(), "Callout".into()),
                };
                let mut boxed = Vec::new();
                if let Some(title) = title {
                    let p = Paragraph::new().style(&title_style).keep_next(true);
                    boxed.push(para(self.inlines(
                        p,
                        title,
                        Marks {
                            bold: true,
                            ..self.base
                        },
                    )));
                }
                self.boxed_blocks(blocks, &body_style, &mut boxed, depth)?;
                out.extend(self.spaced(boxed, class));
            }
            Block::Div { class, blocks } => {
                // Landscape pages are the class's structure, whatever its look.
                let turn = class == class::WIDE && !self.landscape;
                if turn {
                    out.push(para(self.section_break(false)));
                    self.landscape = true;
                }
                match self.class_style(class) {
                    Some(id) => {
                        let mut boxed = Vec::new();
                        self.boxed_blocks(blocks, &id, &mut boxed, depth)?;
                        out.extend(self.spaced(boxed, class));
                    }
                    None => {
                        for b in blocks {
                            self.block(b, out, depth)?;
                        }
                    }
                }
                if turn {
                    out.push(para(self.section_break(true)));
                    self.landscape = false;
                }
            }
            Block::PageBreak => out.push(para(
                Paragraph::new().add_run(Run::new().add_break(BreakType::Page)),
            )),
        }
        Ok(())
    }

    /// The paragraph style of `class` if the style gives it a look (noted,
    /// so the style is made); `None` draws the block plainly.
    fn class_style(&mut self, class: &str) -> Option<String> {
        self.style.look(class)?;
        self.classes.insert(class.to_string());
        Some(styles::class_style_id(class))
    }

    /// The blocks of a box (a callout, a division with a look): plain
    /// paragraphs outside lists take the box's paragraph style, so Word
    /// draws them as one box; others keep their own.
    fn boxed_blocks(
        &mut self,
        blocks: &[Block],
        style_id: &str,
        out: &mut Vec<Child>,
        depth: usize,
    ) -> Result<(), DocxError> {
        for b in blocks {
            let mut inner = Vec::new();
            self.block(b, &mut inner, depth)?;
            for child in inner {
                out.push(match child {
                    Child::Paragraph(p) if depth == 0 && self.is_plain(b) => {
                        para(p.style(style_id))
                    }
                    other => other,
                });
            }
        }
        Ok(())
    }

    /// Whether `b` is a paragraph drawn plainly: no class, or one with no look.
    fn is_plain(&self, b: &Block) -> bool {
        matches!(b, Block::Paragraph { class, .. }
            if class.as_deref().is_none_or(|c| self.style.look(c).is_none()))
    }

    /// A box's paragraphs with the look's room above and below the box as a
    /// whole: the paragraphs inside are the paragraph spacing apart, and
    /// the last leaves the look's room below (less the paragraph spacing
    /// Word adds above what follows), as the PDF's box.
    fn spaced(&self, mut boxed: Vec<Child>, class: &str) -> Vec<Child> {
        let Some(look) = self.style.look(class) else {
            return boxed;
        };
        if look.space_before.is_none() && look.space_after.is_none() {
            return boxed;
        }
        let gap = self.style.spacing.paragraph.pt();
        let last = boxed.len().saturating_sub(1);
        for (i, child) in boxed.iter_mut().enumerate() {
            if let Child::Paragraph(p) = child {
                let mut spacing = docx_rs::LineSpacing::new();
                if i > 0 && look.space_before.is_some() {
                    spacing = spacing.before(styles::twips(gap));
                }
                if let (true, Some(after)) = (i == last, look.space_after) {
                    spacing = spacing.after(styles::twips(after.pt() - gap));
                }
                if i > 0 || i == last {
                    **p = std::mem::take(&mut **p).line_spacing(spacing);
                }
            }
        }
        boxed
    }

    fn heading(&mut self, h: &Heading) -> Paragraph {
        let level = h.level.clamp(1, 6);
        let mut p = Paragraph::new().style(&format!("Heading{level}"));
        if self.in_front {
            // Front matter runs on, whatever the style says of chapters.
            // And it stays out of the outline LibreOffice builds its
            // contents from (it ignores the contents field's `\b`); Word
            // keeps a heading style's own level, so the heading stays in its
            // navigation.
            p = p.page_break_before(false).outline_lvl(9);
        }
        let numbered = h.number.is_some();
        if !numbered {
            // numId 0 switches the style's numbering off for this heading.
            p = p.numbering(NumberingId::new(0), IndentLevel::new(0));
        } else if self.in_appendix {
            p = p.numbering(
                NumberingId::new(APPENDIX_NUM),
                IndentLevel::new(usize::from(level) - 1),
            );
        }
        let anchor = self.anchors.heading_anchor(h.id).to_string();
        let id = self.next_bookmark();
        p = p.add_bookmark_start(id, anchor);
        p = self.inlines(p, &h.content, Marks::default());
        p.add_bookmark_end(id)
    }

    fn next_bookmark(&mut self) -> usize {
        let id = self.bookmark_id;
        self.bookmark_id += 1;
        id
    }

    /// Wraps what `f` adds in a bookmark for `label`, if there is one.
    fn bookmarked(
        &mut self,
        p: Paragraph,
        label: Option<&str>,
        f: impl FnOnce(Paragraph) -> Paragraph,
    ) -> Paragraph {
        match label {
            Some(label) => {
                let id = self.next_bookmark();
                let p = p.add_bookmark_start(id, bookmark_name(label));
                f(p).add_bookmark_end(id)
            }
            None => f(p),
        }
    }

    fn list(
        &mut self,
        items: &[Vec<Block>],
        start: Option<u32>,
        out: &mut Vec<Child>,
        depth: usize,
    ) -> Result<(), DocxError> {
        let num = match start {
            None => BULLET_NUM,
            Some(start) => {
                let id = self.next_list_num;
                self.next_list_num += 1;
                let n = Numbering::new(id, ORDERED_ABSTRACT)
                    .add_override(LevelOverride::new(depth).start(start as usize));
                self.numberings.push(n);
                id
            }
        };
        for item in items {
            let mut first = true;
            for b in item {
                match b {
                    Block::Paragraph { content, .. } if first => {
                        let p = Paragraph::new()
                            .style("ListParagraph")
                            .numbering(NumberingId::new(num), IndentLevel::new(depth.min(5)));
                        out.push(para(self.inlines(p, content, self.base)));
                    }
                    other => self.block(other, out, depth + 1)?,
                }
                first = false;
            }
        }
        Ok(())
    }

    fn table(&mut self, t: &Table, out: &mut Vec<Child>) -> Result<(), DocxError> {
        let gap = self.style.spacing.paragraph.pt();
        if let (Some(caption), Some(number)) = (&t.caption, &t.number) {
            // The paragraph spacing between the caption and its table.
            let p = Paragraph::new()
                .style("Caption")
                .keep_next(true)
                .line_spacing(docx_rs::LineSpacing::new().after(styles::twips(gap)));
            let words = &self.style.vocabulary;
            let p = self.bookmarked(p, t.label.as_deref(), |p| {
                caption_number(p, &words.table, SEQ_TABLE, number)
            });
            let p = p.add_run(Run::new().add_text(&words.caption_separator));
            out.push(para(self.inlines(p, caption, Marks::default())));
        } else if let Some(Child::Paragraph(p)) = out.last_mut() {
            // A table has no room above it in Word: the paragraph before
            // leaves it, as the PDF's table has.
            **p = std::mem::take(&mut **p)
                .line_spacing(docx_rs::LineSpacing::new().after(styles::twips(gap)));
        }
        let grid = column_widths(t, self.text_width());
        let style = self.style;
        let table_look = t.class.as_deref().and_then(|c| style.look(c));
        let columns = grid.len();
        let mut covered = vec![0u32; columns];
        let mut rows = Vec::new();
        // The header and the first two body rows stay on one page, as in
        // the PDF: each row before the last of them keeps with the next
        // (every row but the last, in a table kept whole).
        let kept_rows = t.header.len() + t.body.len().min(2).saturating_sub(1);
        let last_row = t.header.len() + t.body.len() - 1;
        for (r, row) in t.header.iter().chain(t.body.iter()).enumerate() {
            if r == t.header.len() {
                covered.iter_mut().for_each(|c| *c = 0);
            }
            let in_header = r < t.header.len();
            // The table's class look, then the row's; header rows are bold.
            let row_look = row.class.as_deref().and_then(|c| self.style.look(c));
            let fill = if in_header {
                Some(&self.style.colours.table_header)
            } else {
                row_look
                    .and_then(|l| l.background.as_ref())
                    .or_else(|| table_look.and_then(|l| l.background.as_ref()))
            };
            let marks = Marks {
                bold: in_header,
                ..Marks::default()
            }
            .with_look(table_look)
            .with_look(row_look);
            // A key-value table's first cell heads its row: drawn as header cells are.
            let row_header = t.row_headers && !in_header;
            // A table kept whole: every row keeps with the next.
            let keep = (t.keep_together && r < last_row) || r < kept_rows;
            let mut cells = Vec::new();
            let mut col = 0;
            let mut source = row.cells.iter();
            while col < columns {
                if covered[col] > 0 {
                    covered[col] -= 1;
                    cells.push(
                        TableCell::new()
                            .vertical_merge(VMergeType::Continue)
                            .width(grid[col], WidthType::Dxa)
                            .add_paragraph(Paragraph::new()),
                    );
                    col += 1;
                    continue;
                }
                let Some(cell) = source.next() else { break };
                let span = (cell.colspan as usize).clamp(1, columns - col);
                let width: usize = grid[col..col + span].iter().sum();
                let align = cell.align.unwrap_or(t.columns[col].align);
                let mut tc = TableCell::new().width(width, WidthType::Dxa);
                if span > 1 {
                    tc = tc.grid_span(span);
                }
                let heads_row = row_header && col == 0;
                let fill = if heads_row {
                    Some(&self.style.colours.table_header)
                } else {
                    fill
                };
                let marks = Marks {
                    bold: marks.bold || heads_row,
                    ..marks
                };
                if cell.rowspan > 1 {
                    tc = tc.vertical_merge(VMergeType::Restart);
                    for c in &mut covered[col..col + span] {
                        *c = cell.rowspan - 1;
                    }
                }
                if let Some(fill) = fill {
                    tc = tc.shading(Shading::new().fill(hex(fill)));
                }
                let mut paragraphs = Vec::new();
                let outer = std::mem::replace(&mut self.base, marks);
                for b in &cell.content {
                    let mut inner = Vec::new();
                    let built = self.block(b, &mut inner, 0);
                    if built.is_err() {
                        self.base = outer;
                    }
                    built?;
                    paragraphs.extend(inner);
                }
                self.base = outer;
                if paragraphs.is_empty() {
                    paragraphs.push(para(Paragraph::new()));
                }
                for child in paragraphs {
                    if let Child::Paragraph(p) = child {
                        let p = p.style("TableText").align(alignment(align));
                        tc = tc.add_paragraph(if keep { p.keep_next(true) } else { p });
                    }
                }
                cells.push(tc);
                col += span;
            }
            rows.push(TableRow::new(cells).cant_split());
        }
        let key =
            t.id.ok_or_else(|| DocxError::Identity("a table".into()))?
                .to_string();
        self.fixups.header_rows.insert(key.clone(), t.header.len());
        if t.row_headers {
            self.fixups.row_header_tables.insert(key.clone());
        }
        let table = DocxTable::new(rows)
            .style(format!("{TABLE_STYLE}{TABLE_MARK}{key}"))
            .set_borders(styles::table_borders_for(self.style, table_look))
            .set_grid(grid.clone())
            .width(grid.iter().sum(), WidthType::Dxa)
            // The PDF's cells: 5 pt of room on every side of the text.
            .margins(TableCellMargins::new().margin(
                CELL_PADDING_Y,
                CELL_PADDING,
                CELL_PADDING_Y,
                CELL_PADDING,
            ));
        // A table kept whole right after another (a report's audit trail:
        // its details, then the grid of officers consulted) keeps with it:
        // the one before keeps its last row with the next, so a short table
        // never stands alone on a page of its own.
        if t.keep_together
            && let Some(Child::Table(previous, true)) = out.last_mut()
            && let Some(docx_rs::TableChild::TableRow(row)) = previous.rows.last_mut()
        {
            for cell in &mut row.cells {
                let docx_rs::TableRowChild::TableCell(cell) = cell;
                for content in &mut cell.children {
                    if let docx_rs::TableCellContent::Paragraph(p) = content {
                        **p = std::mem::take(&mut **p).keep_next(true);
                    }
                }
            }
        }
        out.push(Child::Table(Box::new(table), t.keep_together));
        for note in &t.notes {
            self.block(note, out, 0)?;
        }
        Ok(())
    }

    fn inlines(&mut self, mut p: Paragraph, inlines: &[Inline], marks: Marks) -> Paragraph {
        for inline in inlines {
            p = self.inline(p, inline, marks);
        }
        p
    }

    fn run(&self, text: &str, marks: Marks) -> Run {
        let mut run = Run::new().add_text(text);
        if marks.bold {
            run = run.bold();
        }
        if marks.italic {
            run = run.italic();
        }
        if marks.code {
            run = run.fonts(
                RunFonts::new()
                    .ascii(&self.word_mono)
                    .hi_ansi(&self.word_mono),
            );
        }
        if marks.link {
            run = run.style("Hyperlink");
        }
        if let Some(colour) = marks.colour {
            run = run.color(format!("{colour:06X}"));
        }
        if let Some(size) = marks.size {
            run = run.size(size);
        }
        if let Some(shade) = marks.shade {
            run = run.shading(Shading::new().fill(format!("{shade:06X}")));
        }
        run
    }

    fn inline(&mut self, p: Paragraph, inline: &Inline, marks: Marks) -> Paragraph {
        match inline {
            Inline::Text(s) => p.add_run(self.run(s, marks)),
            Inline::Code(s) => {
                // Verbatim text keeps its lines, as in the PDF.
                let marks = Marks {
                    code: true,
                    ..marks
                };
                let mut p = p;
                for (i, line) in s.split('\n').enumerate() {
                    if i > 0 {
                        p = p.add_run(Run::new().add_break(BreakType::TextWrapping));
                    }
                    p = p.add_run(self.run(line, marks));
                }
                p
            }
            Inline::Emph(c) => self.inlines(
                p,
                c,
                Marks {
                    italic: true,
                    ..marks
                },
            ),
            Inline::Strong(c) => self.inlines(
                p,
                c,
                Marks {
                    bold: true,
                    ..marks
                },
            ),
            Inline::Span { class, content } => {
                let look = self.style.look(class);
                let mut marks = marks.with_look(look);
                if let Some((r, g, b)) = look
                    .and_then(|l| l.background.as_deref())
                    .and_then(quire_style::parse_hex)
                {
                    marks.shade = Some(u32::from(r) << 16 | u32::from(g) << 8 | u32::from(b));
                }
                self.inlines(p, content, marks)
            }
            Inline::LineBreak => p.add_run(Run::new().add_break(BreakType::TextWrapping)),
            Inline::Link {
                target, content, ..
            } => {
                let mut link = Hyperlink::new(target, HyperlinkType::External);
                for run in self.flat_runs(
                    content,
                    Marks {
                        link: true,
                        ..marks
                    },
                ) {
                    link = link.add_run(run);
                }
                p.add_hyperlink(link)
            }
            Inline::Ref { label, target, .. } => match target {
                // A numbered table or figure: a `REF` to its caption's
                // bookmark, showing the same words until refreshed.
                Some(t)
                    if matches!(t.kind, TargetKind::Table | TargetKind::Figure)
                        && !t.number.is_empty() =>
                {
                    let shown = self.run(
                        &t.display,
                        Marks {
                            link: true,
                            ..marks
                        },
                    );
                    let code = format!("REF {} \\h", bookmark_name(label));
                    let mut p = p;
                    for run in field(&code, shown) {
                        p = p.add_run(run);
                    }
                    p
                }
                // A numbered heading: its number a `REF` to the heading's
                // bookmark in full context (`\\w`: the heading numbering's
                // own text, `2.1` or `Appendix A`), after the words before
                // it (`Section `), so it follows the heading when a clerk
                // renumbers in Word.
                Some(t)
                    if matches!(t.kind, TargetKind::Section | TargetKind::Appendix)
                        && !t.number.is_empty()
                        && t.display.ends_with(&t.number) =>
                {
                    let linked = Marks {
                        link: true,
                        ..marks
                    };
                    let lead = &t.display[..t.display.len() - t.number.len()];
                    let mut p = p;
                    if !lead.is_empty() {
                        p = p.add_run(self.run(lead, linked));
                    }
                    let code = format!("REF {} \\w \\h", bookmark_name(label));
                    for run in field(&code, self.run(&t.number, linked)) {
                        p = p.add_run(run);
                    }
                    p
                }
                Some(t) => {
                    let link = Hyperlink::new(bookmark_name(label), HyperlinkType::Anchor).add_run(
                        self.run(
                            &t.display,
                            Marks {
                                link: true,
                                ..marks
                            },
                        ),
                    );
                    p.add_hyperlink(link)
                }
                None => p.add_run(self.run(label, marks)),
            },
            Inline::Footnote(blocks) => {
                // The note's own number mark (`w:footnoteRef`) is added by the package layer.
                let mut note = Footnote::new();
                // A note's text starts plain, even from a table cell.
                let outer = std::mem::take(&mut self.base);
                for b in blocks {
                    let mut inner = Vec::new();
                    if self.block(b, &mut inner, 0).is_ok() {
                        for child in inner {
                            if let Child::Paragraph(fp) = child {
                                note = note.add_content(fp.style("FootnoteText"));
                            }
                        }
                    }
                }
                self.base = outer;
                p.add_run(
                    Run::new()
                        .style("FootnoteReference")
                        .add_footnote_reference(note),
                )
            }
        }
    }

    /// Runs for inline content inside a hyperlink (no nested links or notes).
    fn flat_runs(&self, inlines: &[Inline], marks: Marks) -> Vec<Run> {
        let mut runs = Vec::new();
        for inline in inlines {
            match inline {
                Inline::Text(s) | Inline::Code(s) => runs.push(self.run(s, marks)),
                Inline::Emph(c) => runs.extend(self.flat_runs(
                    c,
                    Marks {
                        italic: true,
                        ..marks
                    },
                )),
                Inline::Strong(c) => runs.extend(self.flat_runs(
                    c,
                    Marks {
                        bold: true,
                        ..marks
                    },
                )),
                Inline::Span { class, content } => {
                    runs.extend(self.flat_runs(content, marks.with_look(self.style.look(class))))
                }
                Inline::Link { content, .. } => runs.extend(self.flat_runs(content, marks)),
                Inline::Ref { label, target, .. } => runs.push(
                    self.run(
                        target
                            .as_ref()
                            .map_or(label.as_str(), |t| t.display.as_str()),
                        marks,
                    ),
                ),
                Inline::LineBreak | Inline::Footnote(_) => {}
            }
        }
        runs
    }
}

/// What comes before a caption's text: the vocabulary's word, the number
/// and the separator (`Table 3: `).
/// The sequence Word numbers tables in (`SEQ Table`), whatever the word.
const SEQ_TABLE: &str = "Table";
/// The sequence Word numbers figures in.
const SEQ_FIGURE: &str = "Figure";

/// A caption's word and number (`Table 3`): the number a `SEQ` field, with
/// the resolve pass's number as its result, so a clerk who adds a table in
/// Word can refresh the numbers. The caption's bookmark holds exactly
/// these, so a reference to it (`REF`) reads "Table 3".
fn caption_number(p: Paragraph, word: &str, sequence: &str, number: &str) -> Paragraph {
    let lead = Vocabulary::numbered(word, number);
    let before = lead.strip_suffix(number).unwrap_or(&lead).to_string();
    let mut p = p.add_run(Run::new().add_text(before));
    for run in field(
        &format!("SEQ {sequence} \\* ARABIC"),
        Run::new().add_text(number),
    ) {
        p = p.add_run(run);
    }
    p
}

fn alignment(align: Align) -> AlignmentType {
    match align {
        Align::Start => AlignmentType::Left,
        Align::Center => AlignmentType::Center,
        Align::End => AlignmentType::Right,
    }
}

/// Column widths in twips: fractions share what auto columns leave.
fn column_widths(t: &Table, total: u32) -> Vec<usize> {
    let total = f64::from(total);
    let fractions: Vec<f64> = t
        .columns
        .iter()
        .map(|c| match c.width {
            ColumnWidth::Fraction(f) if f > 0.0 => f,
            _ => 1.0,
        })
        .collect();
    let sum: f64 = fractions.iter().sum();
    fractions
        .iter()
        .map(|f| (total * f / sum).floor() as usize)
        .collect()
}

/// A Word field (`PAGE`, `NUMPAGES`) as its runs, showing 1 until Word
/// works it out.
fn field_runs(code: &str) -> [Run; 5] {
    field(code, Run::new().add_text("1"))
}

/// A Word field: its code, and `result` as what it shows until refreshed.
fn field(code: &str, result: Run) -> [Run; 5] {
    [
        Run::new().add_field_char(FieldCharType::Begin, false),
        Run::new().add_instr_text(InstrText::Unsupported(format!(" {code} "))),
        Run::new().add_field_char(FieldCharType::Separate, false),
        result,
        Run::new().add_field_char(FieldCharType::End, false),
    ]
}
