//! Unit tests of the page as a whole, on small documents made here.

use std::path::Path;

use quire_files::ProjectRoot;
use quire_files::image::Images;
use quire_model::{
    Block, Cell, Column, Document, Heading, Inline, Meta, ResolveOptions, Row, Table, resolve, text,
};
use quire_style::Style;

use crate::{RenderContext, render_html};

fn house_style() -> Style {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../styles/house.toml");
    Style::from_toml(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The page for `body`, with the house style and its fonts.
fn page(body: Vec<Block>) -> String {
    page_in(body, house_style())
}

fn page_in(body: Vec<Block>, style: Style) -> String {
    let mut doc = Document::new(Meta::new(
        "A <strategy> & more",
        "Partnership",
        "2004-06-30",
        "en-GB",
        "1.0",
    ));
    doc.body = body;
    let (resolved, errors) = resolve(doc, ResolveOptions::default(), &quire_model::NoCharts);
    assert!(errors.is_empty(), "{errors:?}");
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let files = ProjectRoot::new(&repo).unwrap();
    let images = Images::new();
    let layout = quire_style::Layout::new(&style);
    render_html(RenderContext {
        images: &images,
        display_date: "30 June 2004",
        fonts_dir: &repo.join("styles/fonts"),
        ..RenderContext::new(&resolved, &style, &layout, &files)
    })
    .unwrap()
}

fn para(s: &str) -> Block {
    Block::paragraph(text(s))
}

#[test]
fn text_is_text_and_the_page_has_one_h1() {
    let html = page(vec![
        Block::heading(Heading::new(1, text("<script>alert(1)</script>")).label("sec-a")),
        para("Tom & Jerry's \"quote\""),
    ]);
    assert!(html.starts_with("<!DOCTYPE html><html lang=\"en-GB\">"));
    assert!(html.contains("<title>A &lt;strategy&gt; &amp; more</title>"));
    assert!(!html.contains("<script>"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("Tom &amp; Jerry's &quot;quote&quot;"));
    assert_eq!(html.matches("<h1").count(), 1);
    assert!(html.contains("<h2 id=\"sec-a\"><span class=\"heading-number\">1</span> "));
    assert!(
        html.contains("default-src 'none'"),
        "a policy forbids requests"
    );
}

#[test]
fn only_web_links_are_followed() {
    let html = page(vec![Block::paragraph(vec![
        Inline::link("https://example.org/a", text("the partnership's site")),
        Inline::Text(" and ".into()),
        Inline::link("javascript:alert(1)", text("a trap")),
    ])]);
    assert!(html.contains("<a href=\"https://example.org/a\">the partnership's site</a>"));
    assert!(!html.contains("javascript:"));
    assert!(html.contains("a trap"));
}

#[test]
fn footnotes_are_numbered_links_with_links_back() {
    let html = page(vec![
        Block::heading(Heading::new(1, text("Heading"))),
        Block::paragraph(vec![
            Inline::Text("Text".into()),
            Inline::Footnote(vec![para("The first note.")]),
            Inline::Text(" more".into()),
            Inline::Footnote(vec![para("The second note.")]),
        ]),
    ]);
    assert!(html.contains("<a id=\"note-ref-1\" href=\"#note-1\">1</a>"));
    assert!(html.contains("<a id=\"note-ref-2\" href=\"#note-2\">2</a>"));
    let first = html
        .find("<li id=\"note-1\"><p>The first note.</p>")
        .unwrap();
    let second = html
        .find("<li id=\"note-2\"><p>The second note.</p>")
        .unwrap();
    assert!(first < second);
    assert!(html.contains("href=\"#note-ref-2\" aria-label=\"Back to the text 2\""));
}

#[test]
fn tables_have_captions_scoped_headers_and_row_groups_in_a_labelled_scroll_container() {
    let mut group = Row::new(vec![Cell::text("Aim 1").span(2)]);
    group.class = Some(quire_model::class::GROUP.into());
    let table = Table::new(vec![Column::fr(1.0), Column::fr(1.0).end()])
        .caption(text("Actions"))
        .label("tbl-plan")
        .header(Row::new(vec![Cell::text("Action"), Cell::text("Cost")]))
        .rows([
            group.clone(),
            Row::new(vec![Cell::text("Train staff"), Cell::text("5")]),
            group,
            Row::new(vec![Cell::text("Report"), Cell::text("7")]),
        ]);
    let html = page(vec![
        Block::Table(table),
        Block::paragraph(vec![
            Inline::Text("See ".into()),
            Inline::reference("tbl-plan"),
        ]),
    ]);
    assert!(html.contains("<div class=\"table-scroll\" role=\"region\" tabindex=\"0\" aria-labelledby=\"tbl-plan-caption\"><table id=\"tbl-plan\">"));
    assert!(html.contains("<caption id=\"tbl-plan-caption\"><span class=\"caption-number\">Table 1</span>: Actions</caption>"));
    assert!(
        html.contains("<th scope=\"col\">Action</th><th scope=\"col\" class=\"end\">Cost</th>")
    );
    assert_eq!(html.matches("<tbody>").count(), 2);
    assert!(html.contains("<th scope=\"rowgroup\" colspan=\"2\">Aim 1</th>"));
    assert!(html.contains("<a class=\"xref\" href=\"#tbl-plan\">Table 1</a>"));
}

#[test]
fn the_contents_nest_by_level_and_link_every_listed_heading() {
    let html = page(vec![
        Block::heading(Heading::new(1, text("One"))),
        para("a"),
        Block::heading(Heading::new(2, text("One point one"))),
        para("b"),
        Block::heading(Heading::new(3, text("Deep"))),
        para("c"),
        Block::heading(Heading::new(1, text("Two"))),
        para("d"),
        Block::heading(Heading::new(2, text("Hidden")).unlisted()),
        para("e"),
    ]);
    let start = html.find("<nav").unwrap();
    let nav = &html[start..html[start..].find("</nav>").unwrap() + start];
    assert_eq!(nav.matches("<a href=").count(), 4, "{nav}");
    assert!(!nav.contains("Hidden"));
    assert_eq!(nav.matches("<ul>").count(), nav.matches("</ul>").count());
    assert_eq!(nav.matches("<li>").count(), nav.matches("</li>").count());
    assert!(nav.contains("<ul><li><a href=\"#h-"), "{nav}");
    assert!(
        nav.contains("Deep</a></li></ul></li></ul></li><li>"),
        "{nav}"
    );
}

#[test]
fn the_page_carries_only_the_faces_it_uses_cut_down() {
    let html = page(vec![para("Short")]);
    assert_eq!(
        html.matches("@font-face").count(),
        3,
        "regular, bold (headings too), italic"
    );
    assert!(html.len() < 200_000, "{} bytes", html.len());
}

#[test]
fn a_style_may_ask_for_the_readers_system_fonts() {
    let mut style = house_style();
    style.html.fonts = quire_style::HtmlFonts::System;
    let html = page_in(vec![para("Short")], style);
    assert_eq!(html.matches("@font-face").count(), 0);
    assert!(html.contains("font-family: system-ui"));
    assert!(html.len() < 20_000, "{} bytes", html.len());
}

#[test]
fn the_print_stylesheet_takes_the_styles_paper_margins_and_chapter_breaks() {
    let mut style = house_style();
    let css = crate::css::stylesheet(&style, &quire_style::Layout::new(&style), None);
    let print = &css[css.find("@media print").expect("a print stylesheet")..];
    // A4, and the house margins (25 mm top, 22 mm right) in points.
    assert!(print.contains("size: A4;"), "{print}");
    let mm = |v: f64| format!("{}pt", v * 72.0 / 25.4);
    assert!(
        print.contains(&format!("margin: {} {}", mm(25.0), mm(22.0))),
        "{print}"
    );
    assert!(print.contains("h2 { break-before: page; }"), "{print}");
    assert!(print.contains("thead { display: table-header-group; }"));
    style.headings.break_before_chapter = false;
    let css = crate::css::stylesheet(&style, &quire_style::Layout::new(&style), None);
    assert!(css.contains("h2 { break-before: auto; }"));
}
