//! Word styles from the house style: built-in style ids and names (so Word's
//! navigation pane, style gallery and accessibility checker see the
//! structure), fonts, sizes, colours and spacing.

use docx_rs::{
    BorderType, Docx, LineSpacing, LineSpacingType, ParagraphBorder, ParagraphBorderPosition,
    ParagraphBorders, RunFonts, Shading, Style as WordStyle, StyleType, TableBorder,
    TableBorderPosition, TableBorders,
};
use quire_style::Style;

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

/// Thin rules in the style's rule colour around and between all cells.
pub fn table_borders(style: &Style) -> TableBorders {
    let rule = hex(&style.colours.rule);
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
                .color(rule.clone())
                .size(4)
                .border_type(BorderType::Single),
        )
    })
}

/// Adds the document defaults and every style the builder uses.
pub fn apply(docx: Docx, style: &Style) -> Docx {
    let s = &style.sizes;
    let body_size = half_points(s.body);
    let line = ((s.leading * 240.0).round() as i32).max(240);
    let accent = hex(&style.colours.accent);
    let word_fonts = style.fonts.for_word();
    let heading_font = &word_fonts.headings;

    let paragraph = |id: &str, name: &str| {
        WordStyle::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .q_format(true)
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
        paragraph("ListParagraph", "List Paragraph"),
        paragraph("ListContinue", "List Continue").indent(Some(720), None, None, None),
        paragraph("Note", "Note").size(half_points(s.table)),
        paragraph("Code", "Code")
            .fonts(fonts(&word_fonts.mono))
            .size(half_points(s.table)),
        paragraph("Term", "Term").bold(),
        paragraph("Caption", "caption")
            .bold()
            .size(half_points(s.table + 1.0)),
        // Pictures sit on single, automatic line spacing: the body's
        // proportional spacing clips an inline picture in LibreOffice.
        paragraph("Figure", "Figure").line_spacing(
            LineSpacing::new()
                .line(240)
                .line_rule(LineSpacingType::Auto),
        ),
        paragraph("Quote", "Quote")
            .italic()
            .indent(Some(720), None, Some(720), None),
        paragraph("CalloutTitle", "Callout Title").bold(),
        paragraph("Callout", "Callout"),
        paragraph("TOCHeading", "TOC Heading")
            .fonts(fonts(heading_font))
            .size(half_points(s.headings[0]))
            .bold()
            .color(&accent),
        paragraph("TableText", "Table Text").size(half_points(s.table)),
        paragraph("Header", "header").size(half_points(s.table)),
        paragraph("Footer", "footer").size(half_points(s.table)),
        paragraph("FootnoteText", "footnote text").size(half_points(s.footnote)),
        WordStyle::new("FootnoteReference", StyleType::Character).name("footnote reference"),
        WordStyle::new("Hyperlink", StyleType::Character)
            .name("Hyperlink")
            .color(&accent)
            .underline("single"),
    ];
    // One contents style for each level the contents list.
    for level in 1..=i32::from(style.headings.contents_depth) {
        let toc = paragraph(&format!("TOC{level}"), &format!("toc {level}"));
        styles.push(match level {
            1 => toc,
            _ => toc.indent(Some(440 * (level - 1)), None, None, None),
        });
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
    // Footnote references are superscript, callouts are boxed, captions keep with their table.
    for st in &mut styles {
        match st.style_id.as_str() {
            "Caption" => st.paragraph_property = st.paragraph_property.clone().keep_next(true),
            "Callout" | "CalloutTitle" => {
                let border = ParagraphBorder::new(ParagraphBorderPosition::Left)
                    .val(BorderType::Single)
                    .size(24)
                    .space(8)
                    .color(accent.clone());
                st.paragraph_property = st
                    .paragraph_property
                    .clone()
                    .shading(Shading::new().fill(hex(&style.colours.callout)))
                    .set_borders(ParagraphBorders::with_empty().set(border));
            }
            _ => {}
        }
    }
    let borders = table_borders(style);
    styles.push(
        WordStyle::new("QuireTable", StyleType::Table)
            .name("Quire Table")
            .set_borders(borders),
    );

    let mut docx = docx
        .default_fonts(fonts(&word_fonts.body))
        .default_size(body_size)
        .default_line_spacing(LineSpacing::new().line(line).after(160));
    for st in styles {
        docx = docx.add_style(st);
    }
    docx
}
