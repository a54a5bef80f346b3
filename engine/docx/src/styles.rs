//! Word styles from the house style: built-in style ids and names (so Word's
//! navigation pane, style gallery and accessibility checker see the
//! structure), fonts, sizes, colours and spacing; and one paragraph style
//! for each class the document gives a paragraph, callout or division and
//! the style gives a look (`[classes.<name>]`).

use std::collections::BTreeSet;

use docx_rs::{
    BorderType, Docx, LineSpacing, LineSpacingType, ParagraphBorder, ParagraphBorderPosition,
    ParagraphBorders, RunFonts, Shading, SpecialIndentType, Style as WordStyle, StyleType, Tab,
    TabLeaderType, TabValueType, TableBorder, TableBorderPosition, TableBorders, VertAlignType,
};
use quire_style::{Layout, Length, Look, Style};

/// `#00447c` → `00447C`, as Word writes colours.
pub fn hex(colour: &str) -> String {
    colour.trim_start_matches('#').to_ascii_uppercase()
}

/// Half-points, Word's font size unit.
fn half_points(pt: f64) -> usize {
    (pt * 2.0).round() as usize
}

fn fonts(family: &str) -> RunFonts {
    RunFonts::new()
        .ascii(family)
        .hi_ansi(family)
        .cs(family)
        .east_asia(family)
}

/// Twips (twentieths of a point), Word's unit of length.
pub fn twips(pt: f64) -> u32 {
    (pt * 20.0).round().max(0.0) as u32
}

/// Lines exactly `height` times `size` points apart (Word's "exactly"
/// spacing, which the PDF's lines match), with `before` points above the
/// paragraph and nothing below: the room between two blocks is given once,
/// above the second ([`quire_style::Spacing`]).
pub fn exact_lines(size: f64, height: f64, before: f64) -> LineSpacing {
    LineSpacing::new()
        .line((size * height * 20.0).round() as i32)
        .line_rule(LineSpacingType::Exact)
        .before(twips(before))
        .after(0)
}

/// The Word paragraph style id of a class with a look (`Class_vision`).
pub fn class_style_id(class: &str) -> String {
    format!("Class_{class}")
}

/// A paragraph style, based on Normal, drawing `look`: its fill, rules
/// (with the padding as their distance from the text, and the paragraph
/// indented by it, so the box lines up with the text column as in the
/// PDF), text and spacing. A side with no rule gets a rule in the fill's
/// colour when there is padding, so the fill reaches round the text.
fn look_style(id: &str, name: &str, look: &Look, style: &Style) -> WordStyle {
    let spacing = &style.spacing;
    let leading = style.sizes.leading;
    let mut st = WordStyle::new(id, StyleType::Paragraph)
        .name(name)
        .based_on("Normal")
        .next("BodyText")
        .q_format(true);
    if let Some(size) = look.text_size {
        st = st.size(half_points(size));
    }
    if let Some(colour) = &look.colour {
        st = st.color(hex(colour));
    }
    if look.bold {
        st = st.bold();
    }
    if look.italic {
        st = st.italic();
    }
    if let Some(size) = look.text_size {
        // Lines keep the body's line height at the look's size.
        let before = look.space_before.map_or(spacing.paragraph.pt(), Length::pt);
        st = st.line_spacing(exact_lines(size, leading, before));
    } else if let Some(before) = look.space_before {
        st = st.line_spacing(LineSpacing::new().before(twips(before.pt())));
    }
    let space = look.padding.map_or(0.0, Length::pt);
    let mut borders = ParagraphBorders::with_empty();
    let mut any = false;
    let mut indent = (0.0, 0.0);
    for side in [
        ParagraphBorderPosition::Top,
        ParagraphBorderPosition::Left,
        ParagraphBorderPosition::Bottom,
        ParagraphBorderPosition::Right,
    ] {
        let rule = match side {
            ParagraphBorderPosition::Left => look.border_left.as_ref().or(look.border.as_ref()),
            _ => look.border.as_ref(),
        };
        let (width, colour) = match (rule, &look.background) {
            (Some(rule), _) => (rule.width.pt(), hex(&rule.colour)),
            (None, Some(fill)) if space > 0.0 => (0.5, hex(fill)),
            _ => continue,
        };
        match side {
            ParagraphBorderPosition::Left => indent.0 = space + width,
            ParagraphBorderPosition::Right => indent.1 = space + width,
            _ => {}
        }
        any = true;
        borders = borders.set(
            ParagraphBorder::new(side)
                .val(BorderType::Single)
                // Eighths of a point, 2 to 96 (the style allows 0.25 to 12 pt).
                .size((width * 8.0).round() as usize)
                .space(space.round() as usize)
                .color(colour),
        );
    }
    if any {
        let twips = |pt: f64| (pt * 20.0).round() as i32;
        st = st.indent(Some(twips(indent.0)), None, Some(twips(indent.1)), None);
    }
    let mut pp = st.paragraph_property.clone();
    if let Some(fill) = &look.background {
        pp = pp.shading(Shading::new().fill(hex(fill)));
    }
    if any {
        pp = pp.set_borders(borders);
    }
    st.paragraph_property = pp;
    st
}

/// A heading's lines at `level`, with `before` points above it (and, as
/// every block, none below: the next block's room above is the gap).
fn heading_lines(style: &Style, level: usize, before: f64) -> LineSpacing {
    let size = style.sizes.headings[(level - 1).min(3)];
    exact_lines(size, style.spacing.heading_leading, before)
}

/// The style of numbered paragraphs: body text (in the class's look, if
/// the style gives one) numbered by the numbering linked to it, with the
/// number hanging in the layout's numbered indent. A paragraph a clerk
/// starts after one is numbered too, and takes the next number.
fn numbered_style(look: Option<&Look>, style: &Style, layout: &Layout) -> WordStyle {
    let id = crate::document::NUMBERED_STYLE;
    let st = match look {
        Some(look) => look_style(id, "Numbered Paragraph", look, style),
        None => WordStyle::new(id, StyleType::Paragraph)
            .name("Numbered Paragraph")
            .based_on("Normal")
            .q_format(true),
    };
    let indent = layout.numbered_indent.twips() as i32;
    let mut st = st.next(id).indent(
        Some(indent),
        Some(docx_rs::SpecialIndentType::Hanging(indent)),
        None,
        None,
    );
    st.paragraph_property = st.paragraph_property.clone().numbering(
        docx_rs::NumberingId::new(crate::document::NUMBERED_NUM),
        docx_rs::IndentLevel::new(0),
    );
    st
}

/// The layout's thin rules in the style's rule colour around and between
/// all cells.
pub fn table_borders(style: &Style, layout: &Layout) -> TableBorders {
    ruled_table(&hex(&style.colours.rule), layout.table_rule)
}

/// A table class's rules (`border` in its look), or the style's.
pub fn table_borders_for(style: &Style, layout: &Layout, look: Option<&Look>) -> TableBorders {
    match look.and_then(|l| l.border.as_ref()) {
        Some(rule) => ruled_table(&hex(&rule.colour), rule.width),
        None => table_borders(style, layout),
    }
}

/// Rules `width` wide (in Word's eighths of a point) around and between
/// all cells.
fn ruled_table(rule: &str, width: Length) -> TableBorders {
    let size = (width.pt() * 8.0).round() as usize;
    [
        TableBorderPosition::Top,
        TableBorderPosition::Bottom,
        TableBorderPosition::Left,
        TableBorderPosition::Right,
        TableBorderPosition::InsideH,
        TableBorderPosition::InsideV,
    ]
    .into_iter()
    .fold(TableBorders::with_empty(), |b, pos| {
        b.set(
            TableBorder::new(pos)
                .color(rule)
                .size(size)
                .border_type(BorderType::Single),
        )
    })
}

/// Adds the document defaults and every style the builder uses; `classes`
/// are the classes with a look that paragraphs, callouts and divisions used.
/// The footnote number in the text and in the note: superscript, as
/// Word's own footnote reference style is.
fn footnote_reference() -> WordStyle {
    let mut st =
        WordStyle::new("FootnoteReference", StyleType::Character).name("footnote reference");
    st.run_property = st
        .run_property
        .clone()
        .vert_align(VertAlignType::SuperScript);
    st
}

pub fn apply(docx: Docx, style: &Style, layout: &Layout, classes: &BTreeSet<String>) -> Docx {
    let s = &style.sizes;
    let body_size = half_points(s.body);
    let sp = &style.spacing;
    let gap = sp.paragraph.pt();
    let accent = hex(&style.colours.accent);
    let term_hang = layout.term_hang.twips() as i32;
    let quote_inset = layout.quote_inset.twips() as i32;
    let word_fonts = style.fonts.for_word();
    let heading_font = &word_fonts.headings;

    let paragraph = |id: &str, name: &str| {
        WordStyle::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .q_format(true)
    };
    let small = |id: &str, name: &str| {
        paragraph(id, name)
            .size(half_points(s.table))
            .line_spacing(exact_lines(s.table, sp.table_leading, 0.0))
    };
    let mut styles = vec![
        paragraph("BodyText", "Body Text").next("BodyText"),
        paragraph("Title", "Title")
            .fonts(fonts(heading_font))
            .size(half_points(s.title))
            .bold()
            .color(&accent),
        paragraph("Subtitle", "Subtitle").size(half_points(s.headings[1])),
        paragraph("TitleMeta", "Title Details"),
        // List items follow each other with no room between them (the
        // package marks the style's spacing contextual); the room above
        // the list is the first item's.
        paragraph("ListParagraph", "List Paragraph"),
        paragraph("ListContinue", "List Continue").indent(Some(720), None, None, None),
        // A definition: its term, then the details run on, hanging by the
        // layout's term hang as in the PDF; items follow each other with no
        // room between them (contextual spacing, set by the package).
        paragraph("Term", "Term").indent(
            Some(term_hang),
            Some(SpecialIndentType::Hanging(term_hang)),
            None,
            None,
        ),
        paragraph("Caption", "caption").bold(),
        // Pictures sit on single, automatic line spacing: an exact or
        // proportional height clips an inline picture in LibreOffice.
        paragraph("Figure", "Figure").line_spacing(
            LineSpacing::new()
                .line(240)
                .line_rule(LineSpacingType::Auto)
                .before(twips(gap))
                .after(0),
        ),
        paragraph("Quote", "Quote").italic().indent(
            Some(quote_inset),
            None,
            Some(quote_inset),
            None,
        ),
        look_style(
            "CalloutTitle",
            "Callout Title",
            &layout.plain_callout,
            style,
        )
        .bold(),
        look_style("Callout", "Callout", &layout.plain_callout, style),
        paragraph("TOCHeading", "TOC Heading")
            .fonts(fonts(heading_font))
            .size(half_points(s.headings[0]))
            .bold()
            .color(&accent)
            .line_spacing(heading_lines(style, 1, 0.0)),
        // Table text (and the running text, set as small) on its own line
        // height with no room between a cell's paragraphs, as the PDF's.
        small("TableText", "Table Text"),
        small("Header", "header"),
        small("Footer", "footer"),
        paragraph("FootnoteText", "footnote text")
            .size(half_points(s.footnote))
            .line_spacing(exact_lines(s.footnote, sp.footnote_leading, 0.0)),
        footnote_reference(),
        WordStyle::new("Hyperlink", StyleType::Character)
            .name("Hyperlink")
            .color(&accent)
            .underline("single"),
    ];
    // One contents style for each level the contents list, spaced as the
    // PDF's.
    let contents = &layout.contents;
    for level in 1..=i32::from(style.headings.contents_depth) {
        let above = if level == 1 {
            contents.above_chapter
        } else {
            contents.above
        }
        .pt();
        let mut toc = paragraph(&format!("TOC{level}"), &format!("toc {level}"))
            .line_spacing(exact_lines(s.body, s.leading, above));
        // Page numbers at the right margin, dots leading to them.
        toc.paragraph_property = toc.paragraph_property.clone().add_tab(
            Tab::new()
                .val(TabValueType::Right)
                .leader(TabLeaderType::Dot)
                .pos(layout.text_width.twips() as usize),
        );
        if level == 1 {
            toc = toc.bold();
        }
        // Each level further in, as the PDF's contents.
        let indent = contents.indent.twips() as i32 * (level - 1);
        styles.push(toc.indent(Some(indent), None, None, None));
    }
    for level in 1..=6usize {
        let size = s.headings[(level - 1).min(3)];
        let mut h = paragraph(&format!("Heading{level}"), &format!("heading {level}"))
            .next("BodyText")
            .fonts(fonts(heading_font))
            .size(half_points(size))
            .bold()
            .color(&accent)
            .outline_lvl(level - 1);
        // Room above and below as in the PDF, so a heading never sits
        // directly under a table. A chapter that starts a page has none
        // above it, as the PDF drops spacing at the top of a page.
        let breaks = level == 1 && style.headings.break_before_chapter;
        h = h.line_spacing(heading_lines(
            style,
            level,
            if breaks { 0.0 } else { size * sp.heading_above },
        ));
        h.paragraph_property = h
            .paragraph_property
            .clone()
            .keep_next(true)
            .keep_lines(true);
        if level == 1 && style.headings.break_before_chapter {
            h.paragraph_property = h.paragraph_property.clone().page_break_before(true);
        }
        styles.push(h);
    }
    // Captions keep with their table.
    for st in &mut styles {
        if st.style_id == "Caption" {
            st.paragraph_property = st.paragraph_property.clone().keep_next(true);
        }
    }
    // One style for each class with a look that the document used; numbered
    // paragraphs get theirs, numbered, with or without a look.
    for class in classes {
        if class == quire_model::class::NUMBERED {
            styles.push(numbered_style(style.look(class), style, layout));
        } else if let Some(look) = style.look(class) {
            styles.push(look_style(
                &class_style_id(class),
                &format!("Class {class}"),
                look,
                style,
            ));
        }
    }
    let borders = table_borders(style, layout);
    styles.push(
        WordStyle::new("QuireTable", StyleType::Table)
            .name("Quire Table")
            .set_borders(borders),
    );

    let mut docx = docx
        .default_fonts(fonts(&word_fonts.body))
        .default_size(body_size)
        .default_line_spacing(exact_lines(s.body, s.leading, gap));
    for st in styles {
        docx = docx.add_style(st);
    }
    docx
}
