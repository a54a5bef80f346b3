//! Breaks between pages in the body: no room at the top of a page after
//! a break, and no widow or orphan control right after a heading, as in
//! the PDF.

use crate::xml::{Element, Node};

/// A paragraph that starts a page after a break (a page break, a new
/// section, its own page break before) has no room above it, as in the
/// PDF, which drops the room above a block at the top of a page (Word and
/// LibreOffice keep it after a break).
pub(super) fn page_tops(doc: &mut Element) {
    let Some(body) = doc.find_mut("w:body") else {
        return;
    };
    let mut fresh = false;
    for child in body.elements_mut() {
        if child.name != "w:p" {
            fresh = false;
            continue;
        }
        let ppr = child.find("w:pPr");
        let breaks_before = ppr.is_some_and(|p| p.find("w:pageBreakBefore").is_some());
        let ends_section = ppr.is_some_and(|p| p.find("w:sectPr").is_some());
        if (fresh || breaks_before) && !ends_section {
            let spacing = child.find_or_insert("w:pPr").find_or_insert("w:spacing");
            spacing.set_attr("w:before", "0");
        }
        let mut page_break = false;
        child.walk(&mut |el| {
            page_break |= el.name == "w:br" && el.get_attr("w:type") == Some("page");
        });
        fresh = ends_section || page_break || (fresh && is_empty(child));
    }
}

/// The paragraph right after a heading has no widow or orphan control, as
/// in the PDF: LibreOffice does not take a heading along when it moves the
/// paragraph after it whole (its keep-with-next is then broken), so the
/// two outputs would break pages apart there.
pub(super) fn after_headings(doc: &mut Element) {
    let Some(body) = doc.find_mut("w:body") else {
        return;
    };
    let mut after_heading = false;
    for child in body.elements_mut() {
        if child.name != "w:p" {
            after_heading = false;
            continue;
        }
        let style = child
            .find("w:pPr")
            .and_then(|p| p.find("w:pStyle"))
            .and_then(|s| s.get_attr("w:val"))
            .unwrap_or_default()
            .to_string();
        let heading = style.starts_with("Heading");
        if after_heading && !heading {
            let ppr = child.find_or_insert("w:pPr");
            ppr.remove_all("w:widowControl");
            ppr.children.push(Node::Element(
                Element::new("w:widowControl").attr("w:val", "0"),
            ));
        }
        after_heading = heading;
    }
}

/// Whether a paragraph has no text, pictures or breaks.
fn is_empty(p: &Element) -> bool {
    let mut content = false;
    p.walk(&mut |el| content |= matches!(el.name.as_str(), "w:t" | "w:drawing" | "w:br" | "w:tab"));
    !content
}
