//! The styles part: default language and colour, Normal as the default
//! style, pagination rules, and the heading styles linked to the heading
//! numbering.

use crate::RenderContext;
use crate::document::HEADING_NUM;
use crate::xml::{Element, Node};

/// Widow and orphan control for every paragraph, as the PDF's; list items
/// with no room between them (Word's contextual spacing: none between
/// paragraphs of one style), as the PDF's tight lists.
pub(super) fn pagination_rules(styles: &mut Element) {
    let defaults = styles.find_or_insert("w:docDefaults");
    let ppr = defaults
        .find_or_insert("w:pPrDefault")
        .find_or_insert("w:pPr");
    ppr.remove_all("w:widowControl");
    ppr.children
        .push(Node::Element(Element::new("w:widowControl")));
    for style in styles.elements_mut() {
        let tight = matches!(style.get_attr("w:styleId"), Some("ListParagraph" | "Term"));
        if style.name == "w:style" && tight {
            let ppr = style.find_or_insert("w:pPr");
            ppr.remove_all("w:contextualSpacing");
            ppr.children
                .push(Node::Element(Element::new("w:contextualSpacing")));
        }
    }
}

/// Normal is the default paragraph style, as Word's own files say.
pub(super) fn mark_normal_as_default(styles: &mut Element) {
    for style in styles.elements_mut() {
        if style.name == "w:style" && style.get_attr("w:styleId") == Some("Normal") {
            style.set_attr("w:default", "1");
        }
    }
}

/// Language (en-GB) and text colour in the default run properties.
pub(super) fn style_defaults(styles: &mut Element, input: RenderContext<'_>) {
    let defaults = styles.find_or_insert("w:docDefaults");
    let rpr = defaults
        .find_or_insert("w:rPrDefault")
        .find_or_insert("w:rPr");
    rpr.remove_all("w:lang");
    let lang = &input.document.meta().language;
    rpr.children.push(Node::Element(
        Element::new("w:lang")
            .attr("w:val", lang)
            .attr("w:eastAsia", lang)
            .attr("w:bidi", "ar-SA"),
    ));
    rpr.remove_all("w:color");
    let colour = input
        .style
        .colours
        .text
        .trim_start_matches('#')
        .to_ascii_uppercase();
    rpr.children.push(Node::Element(
        Element::new("w:color").attr("w:val", &colour),
    ));
}

/// Links the heading styles to the heading numbering, so Word numbers the
/// headings itself (the numbers are not typed into the text).
pub(super) fn link_heading_numbering(styles: &mut Element, depth: u8) {
    for style in styles.elements_mut().filter(|e| e.name == "w:style") {
        let Some(level) = style
            .get_attr("w:styleId")
            .and_then(|id| id.strip_prefix("Heading"))
            .and_then(|l| l.parse::<u8>().ok())
        else {
            continue;
        };
        if level == 0 || level > depth {
            continue;
        }
        let ppr = style.find_or_insert("w:pPr");
        ppr.remove_all("w:numPr");
        let num = Element::new("w:numPr")
            .child(Element::new("w:ilvl").attr("w:val", &(level - 1).to_string()))
            .child(Element::new("w:numId").attr("w:val", &HEADING_NUM.to_string()));
        ppr.children.push(Node::Element(num));
    }
}
