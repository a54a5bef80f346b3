//! Footnotes: numbered in reading order, with Word's separators and each
//! note's own number mark.

use std::collections::HashMap;

use super::renumber;
use quire_style::Layout;

use crate::xml::{Element, Node};

/// Footnotes are numbered 1, 2, 3… in reading order, whatever docx-rs's
/// process-wide counter said. Returns old id → new id.
pub(super) fn renumber_footnote_references(doc: &mut Element) -> HashMap<String, String> {
    renumber(doc, "w:footnoteReference", "w:id", |n| n.to_string())
}

/// Footnotes: new ids, Word's separators, and the note's own number mark
/// (`w:footnoteRef`) at the start of its first paragraph.
pub(super) fn footnotes(notes: &mut Element, ids: &HashMap<String, String>, layout: &Layout) {
    let separator_height = layout.footnote_separator.twips().to_string();
    let mut kept: Vec<(usize, Element)> = Vec::new();
    for note in notes.elements() {
        if note.name != "w:footnote" || note.get_attr("w:type").is_some() {
            continue;
        }
        let Some(new) = note.get_attr("w:id").and_then(|old| ids.get(old)) else {
            continue;
        };
        let mut note = note.clone();
        note.set_attr("w:id", new);
        if let Some(p) = note.find_mut("w:p") {
            let mark = Element::new("w:r")
                .child(
                    Element::new("w:rPr")
                        .child(Element::new("w:rStyle").attr("w:val", "FootnoteReference")),
                )
                .child(Element::new("w:footnoteRef"));
            let space = Element::new("w:r")
                .child(Element::new("w:t").attr("xml:space", "preserve").text(" "));
            let at = usize::from(p.find("w:pPr").is_some());
            p.children.insert(at, Node::Element(space));
            p.children.insert(at, Node::Element(mark));
        }
        kept.push((new.parse().unwrap_or(0), note));
    }
    kept.sort_by_key(|(id, _)| *id);
    let separator = |id: &str, kind: &str, mark: &str| {
        Element::new("w:footnote")
            .attr("w:type", kind)
            .attr("w:id", id)
            .child(
                Element::new("w:p")
                    .child(
                        Element::new("w:pPr").child(
                            // Exactly the layout's separator height,
                            // which leaves the PDF's clearance above the
                            // notes.
                            Element::new("w:spacing")
                                .attr("w:before", "0")
                                .attr("w:after", "0")
                                .attr("w:line", &separator_height)
                                .attr("w:lineRule", "exact"),
                        ),
                    )
                    .child(Element::new("w:r").child(Element::new(mark))),
            )
    };
    notes.children = vec![
        Node::Element(separator("-1", "separator", "w:separator")),
        Node::Element(separator(
            "0",
            "continuationSeparator",
            "w:continuationSeparator",
        )),
    ];
    notes
        .children
        .extend(kept.into_iter().map(|(_, n)| Node::Element(n)));
}
