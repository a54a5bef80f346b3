//! End to end: a heading written right before a landscape division (a
//! plan section with no text before its table) opens the landscape page
//! with the table, in the PDF and in the Word copy, instead of ending a
//! portrait page alone — and no blank page is left where it was.

use crate::common;

use common::{copy_project, docx_part, fold};

/// The shipped strategy with the plan section's intro text taken away, so
/// its heading comes straight before the landscape plan table; built.
fn plan_without_intro() -> tempfile::TempDir {
    let project = copy_project();
    let manifest = project.path().join("sections/quire.toml");
    common::edit(
        &manifest,
        "data = \"data/plan.toml\"\nprose = { intro = \"prose/plan-intro.md\" }\n",
        "data = \"data/plan.toml\"\n",
    );
    common::builds(project.path());
    project
}

/// Each page's media box: whether it is wider than tall.
fn landscape_pages(pdf: &[u8]) -> Vec<bool> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    doc.get_pages()
        .values()
        .map(|id| {
            let page = doc.get_dictionary(*id).unwrap();
            let b = page.get(b"MediaBox").unwrap().as_array().unwrap();
            let n = |i: usize| b[i].as_float().unwrap();
            n(2) - n(0) > n(3) - n(1)
        })
        .collect()
}

#[test]
fn a_heading_before_a_landscape_table_opens_its_page_in_the_pdf() {
    let project = plan_without_intro();
    let pdf = std::fs::read(project.path().join("out/hate-crime-strategy.pdf")).unwrap();
    let pages: Vec<String> = pdf_extract::extract_text_from_mem_by_pages(&pdf)
        .unwrap()
        .iter()
        .map(|p| fold(p))
        .collect();
    let landscape = landscape_pages(&pdf);
    assert_eq!(pages.len(), landscape.len());
    let caption = "actions by strategic aim";
    let table = pages
        .iter()
        .position(|p| p.contains(caption))
        .expect("the plan table's caption");
    assert!(landscape[table], "the plan table is on a landscape page");
    assert!(
        pages[table].contains("6 Implementation plan Table"),
        "the heading opens the table's page: {}",
        pages[table]
    );
    let before = &pages[table - 1];
    assert!(
        !landscape[table - 1] && !before.contains("Implementation plan"),
        "the page before is the last portrait page, without the heading: {before}"
    );
}

#[test]
fn a_heading_before_a_landscape_table_opens_its_section_in_the_word_copy() {
    let project = plan_without_intro();
    let docx = std::fs::read(project.path().join("out/hate-crime-strategy.docx")).unwrap();
    let xml = docx_part(&docx, "word/document.xml");
    let heading = xml.find(">Implementation plan<").expect("the plan heading");
    let table = heading + xml[heading..].find("<w:tbl>").expect("the plan table");
    let last_break = xml[..heading].rfind("<w:sectPr").expect("a section break");
    assert!(
        !xml[last_break..heading].contains("<w:tbl>"),
        "the portrait section ends right before the heading"
    );
    assert!(
        !xml[heading..table].contains("<w:sectPr"),
        "no section break between the heading and its table: they share the landscape section"
    );
}
