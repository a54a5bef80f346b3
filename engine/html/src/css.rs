//! The page's stylesheet, made from the house style: its fonts, sizes and
//! colours (the style check holds them to WCAG's contrasts, for the page as
//! for print), each class's look, a measure of about 70 characters, a
//! layout that reflows down to 320 CSS pixels, and rules for print.
//!
//! Sizes are the style's points: a CSS `rem` is 16 px, which is 12 pt, so a
//! size of `s` points is `s / 12` rem and follows the reader's own text
//! size setting. The lengths the outputs share (list and numbered-paragraph
//! indents, table rules, the plain callout) are the layout model's.

use quire_style::{Layout, Length, Look, Style, parse_hex};

/// A font family's name as a CSS string, with a generic family after it.
pub(crate) fn family_name(name: &str) -> String {
    let mut out = String::from("\"");
    for c in name.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            // Nothing a family name holds may end the style element.
            '<' | '>' => out.push_str(&format!("\\{:x} ", u32::from(c))),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A colour the style gives, if it is `#rrggbb` (the style resolves names
/// when it is read; anything else is left out rather than written).
fn colour(value: &str) -> Option<String> {
    parse_hex(value).map(|(r, g, b)| format!("#{r:02x}{g:02x}{b:02x}"))
}

fn rem(points: f64) -> String {
    format!("{:.4}rem", Length(points).rem())
}

/// A length of the layout in `rem`, as short as it can be written (`1.5rem`).
fn layout_rem(length: Length) -> String {
    format!("{}rem", length.rem())
}

/// The declarations of a class's look.
fn look_rules(look: &Look) -> String {
    let mut out = String::new();
    if let Some(c) = look.background.as_deref().and_then(colour) {
        out.push_str(&format!("background: {c}; "));
    }
    if let Some(c) = look.colour.as_deref().and_then(colour) {
        out.push_str(&format!("color: {c}; "));
    }
    if let Some(rule) = &look.border
        && let Some(c) = colour(&rule.colour)
    {
        out.push_str(&format!("border: {}pt solid {c}; ", rule.width.pt()));
    }
    if let Some(rule) = &look.border_left
        && let Some(c) = colour(&rule.colour)
    {
        out.push_str(&format!("border-left: {}pt solid {c}; ", rule.width.pt()));
    }
    if let Some(p) = look.padding {
        out.push_str(&format!("padding: {}; ", rem(p.pt())));
    }
    if let Some(size) = look.text_size {
        out.push_str(&format!("font-size: {}; ", rem(size)));
    }
    if look.italic {
        out.push_str("font-style: italic; ");
    }
    if look.bold {
        out.push_str("font-weight: bold; ");
    }
    if let Some(s) = look.space_before {
        out.push_str(&format!("margin-top: {}; ", rem(s.pt())));
    }
    if let Some(s) = look.space_after {
        out.push_str(&format!("margin-bottom: {}; ", rem(s.pt())));
    }
    out
}

/// The reader's own fonts, for a style that asks for them
/// (`[html] fonts = "system"`).
const SYSTEM_SANS: &str =
    "system-ui, -apple-system, \"Segoe UI\", Roboto, \"Helvetica Neue\", Arial, sans-serif";
const SYSTEM_MONO: &str = "ui-monospace, Menlo, Consolas, \"Liberation Mono\", monospace";

/// The stylesheet: with the `@font-face` rules of the house fonts first,
/// or (`None`) in the reader's system fonts.
pub(crate) fn stylesheet(style: &Style, layout: &Layout, font_faces: Option<&str>) -> String {
    let c = &style.colours;
    let text = colour(&c.text).unwrap_or_else(|| "#000000".into());
    let accent = colour(&c.accent).unwrap_or_else(|| text.clone());
    let header = colour(&c.table_header).unwrap_or_else(|| "#ffffff".into());
    let group = colour(&c.table_group).unwrap_or_else(|| "#ffffff".into());
    let rule = colour(&c.rule).unwrap_or_else(|| text.clone());
    let (body_font, heading_font, mono_font) = match font_faces {
        Some(_) => (
            format!(
                "{}, Arial, Helvetica, sans-serif",
                family_name(&style.fonts.body)
            ),
            format!(
                "{}, Arial, Helvetica, sans-serif",
                family_name(&style.fonts.headings)
            ),
            format!(
                "{}, \"Courier New\", monospace",
                family_name(&style.fonts.mono)
            ),
        ),
        None => (SYSTEM_SANS.into(), SYSTEM_SANS.into(), SYSTEM_MONO.into()),
    };
    let s = &style.sizes;
    let sp = &style.spacing;
    let paragraph = rem(sp.paragraph.pt());
    let (margin_top, margin_right, margin_bottom, margin_left) = (
        style.page.margin_top.pt(),
        style.page.margin_right.pt(),
        style.page.margin_bottom.pt(),
        style.page.margin_left.pt(),
    );
    let mut css = String::from(font_faces.unwrap_or_default());
    css.push_str(&format!(
        r#"html {{ font-family: {body_font}; font-size: 100%; color: {text}; background: #ffffff; -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }}
body {{ margin: 0; font-size: {body}; line-height: {leading}; overflow-wrap: break-word; }}
.page {{ max-width: 60rem; margin: 0 auto; padding: 0 1rem 3rem; }}
p, li, dt, dd, blockquote, figcaption, .box, h1, h2, h3, h4, h5, h6, .heading-deep, .notes {{ max-width: 36em; }}
p, ul, ol, dl, blockquote, figure, pre, .box, .table-scroll {{ margin: {paragraph} 0 0; }}
h1, h2, h3, h4, h5, h6, .heading-deep {{ font-family: {heading_font}; color: {accent}; font-weight: bold; line-height: {heading_leading}; margin: 0; }}
h1 {{ font-size: {title}; margin-top: 1.5rem; }}
h2 {{ font-size: {h1}; margin-top: calc({h1} * {heading_above}); }}
h3 {{ font-size: {h2}; margin-top: calc({h2} * {heading_above}); }}
h4 {{ font-size: {h3}; margin-top: calc({h3} * {heading_above}); }}
h5, h6, .heading-deep {{ font-size: {h4}; margin-top: calc({h4} * {heading_above}); }}
a {{ color: {accent}; text-decoration: underline; text-underline-offset: 0.15em; }}
a:focus {{ outline: 3px solid {text}; outline-offset: 2px; background: #ffffff; }}
a:focus:not(:focus-visible) {{ outline: none; }}
.skip-link {{ position: absolute; left: -10000px; top: auto; padding: 0.5rem 1rem; background: #ffffff; color: {accent}; }}
.skip-link:focus {{ position: static; display: inline-block; }}
.title-block {{ border-top: 0.75rem solid {accent}; padding-top: 0.5rem; }}
.title-block p {{ margin-top: 0.25rem; }}
.subtitle {{ font-size: {h2}; }}
nav.contents ol, nav.contents ul {{ list-style: none; padding-left: 0; }}
nav.contents ul ul {{ padding-left: 1.5rem; }}
nav.contents li {{ margin-top: 0.25rem; }}
ul, ol {{ padding-left: {list_hang}; }}
li + li {{ margin-top: 0.25rem; }}
li > p:first-child {{ margin-top: 0; }}
dt {{ font-weight: bold; margin-top: {paragraph}; }}
dd {{ margin-left: 1.5rem; }}
blockquote {{ margin-left: 0; padding-left: 1rem; border-left: 3pt solid {rule}; }}
.attribution {{ font-style: italic; }}
code, pre {{ font-family: {mono_font}; }}
pre {{ white-space: pre-wrap; overflow-wrap: anywhere; }}
.box > :first-child {{ margin-top: 0; }}
.callout {{ {plain_callout}}}
.box-title {{ margin-top: 0; }}
.numbered {{ padding-left: {numbered}; text-indent: -{numbered}; }}
.paragraph-number {{ display: inline-block; width: {numbered}; text-indent: 0; }}
.table-scroll {{ overflow-x: auto; max-width: 100%; }}
.table-scroll:focus {{ outline: 3px solid {text}; outline-offset: 2px; }}
table {{ border-collapse: collapse; font-size: {table}; line-height: {table_leading}; margin: 0; }}
caption {{ text-align: left; font-weight: bold; padding-bottom: 0.35rem; caption-side: top; }}
th, td {{ border: {table_rule}pt solid {rule}; padding: 0.3rem 0.45rem; vertical-align: top; text-align: left; }}
thead th {{ background: {header}; }}
tbody th {{ font-weight: bold; }}
tr.q-group th, tr.q-group td {{ background: {group}; }}
th.end, td.end {{ text-align: right; }}
th.center, td.center {{ text-align: center; }}
th > p:first-child, td > p:first-child {{ margin-top: 0; }}
.table-notes {{ font-size: {table}; }}
figure {{ margin-left: 0; margin-right: 0; }}
figure img {{ max-width: 100%; height: auto; }}
.chart-scroll {{ overflow-x: auto; max-width: 100%; }}
.chart-scroll:focus {{ outline: 3px solid {text}; outline-offset: 2px; }}
svg.chart {{ display: block; width: 100%; min-width: 30rem; height: auto; }}
figcaption {{ font-weight: bold; margin-top: 0.35rem; }}
.caption-number {{ white-space: nowrap; }}
.note-ref {{ line-height: 0; }}
.note-ref a {{ padding: 0 0.1em; }}
.notes {{ font-size: {footnote}; line-height: {footnote_leading}; padding-left: 1.5rem; }}
.notes li > p:first-child {{ display: inline; }}
.back-link {{ margin-left: 0.35em; }}
"#,
        body = rem(s.body),
        leading = s.leading,
        heading_leading = sp.heading_leading,
        heading_above = sp.heading_above,
        title = rem(s.title),
        h1 = rem(s.headings[0]),
        h2 = rem(s.headings[1]),
        h3 = rem(s.headings[2]),
        h4 = rem(s.headings[3]),
        table = rem(s.table),
        table_leading = sp.table_leading,
        footnote = rem(s.footnote),
        footnote_leading = sp.footnote_leading,
        plain_callout = look_rules(&layout.plain_callout),
        numbered = layout_rem(layout.numbered_indent),
        list_hang = layout_rem(layout.list_hang),
        table_rule = layout.table_rule.pt(),
    ));
    for (name, look) in &style.classes {
        let rules = look_rules(look);
        if !rules.is_empty() {
            let class = crate::blocks::css_class(name);
            css.push_str(&format!(".{class} {{ {rules}}}\n"));
        }
    }
    css.push_str(&format!(
        r#"@media print {{
  @page {{ size: {paper}; margin: {margin_top}pt {margin_right}pt {margin_bottom}pt {margin_left}pt; }}
  body {{ font-size: {body_pt}pt; }}
  .page {{ max-width: none; padding: 0; }}
  .skip-link {{ display: none; }}
  a {{ color: inherit; }}
  nav.contents {{ break-after: page; }}
  h2 {{ break-before: {chapter_break}; }}
  h2, h3, h4, h5, h6, caption, figcaption {{ break-after: avoid; }}
  .table-scroll {{ overflow: visible; }}
  thead {{ display: table-header-group; }}
  tr, figure, .box {{ break-inside: avoid; }}
}}
"#,
        paper = match style.page.paper.size() {
            (w, _) if (w - 612.0).abs() < 1.0 => "letter",
            _ => "A4",
        },
        body_pt = s.body,
        chapter_break = if style.headings.break_before_chapter {
            "page"
        } else {
            "auto"
        },
    ));
    css
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_family_name_cannot_leave_its_string_or_the_style_element() {
        assert_eq!(family_name("Liberation Sans"), "\"Liberation Sans\"");
        assert_eq!(
            family_name("a\"b</style><script>"),
            "\"a\\\"b\\3c /style\\3e \\3c script\\3e \""
        );
    }

    #[test]
    fn only_hex_colours_are_written() {
        assert_eq!(colour("#00447C").as_deref(), Some("#00447c"));
        assert_eq!(colour("red; background: url(x)"), None);
    }
}
