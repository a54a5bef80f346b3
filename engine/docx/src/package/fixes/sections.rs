//! Sections: the running header and footer on every section, the blank
//! first page of the title sections, and landscape sections' own copies of
//! the running parts.

use std::collections::HashMap;

use crate::xml::{Element, Node};

/// Every section keeps the running header and footer: docx-rs only puts
/// them on the document's last section. The blank first-page header and
/// footer belong to the first `title_sections` sections only (the title
/// page's, and the front matter's when it is a section of its own).
pub(super) fn sections(doc: &mut Element, title_sections: usize) {
    let Some(body) = doc.find_mut("w:body") else {
        return;
    };
    let Some(last) = body.find("w:sectPr").cloned() else {
        return;
    };
    let refs: Vec<Element> = last
        .elements()
        .filter(|e| e.name == "w:headerReference" || e.name == "w:footerReference")
        .cloned()
        .collect();
    let mut index = 0;
    body.walk_mut(&mut |el| {
        if el.name != "w:sectPr" {
            return;
        }
        let first = index < title_sections.max(1);
        index += 1;
        el.children.retain(|n| {
            !matches!(n, Node::Element(e) if e.name == "w:headerReference" || e.name == "w:footerReference" || e.name == "w:titlePg")
        });
        for r in &refs {
            if first || r.get_attr("w:type") != Some("first") {
                el.children.insert(0, Node::Element(r.clone()));
            }
        }
        if first {
            el.children.push(Node::Element(Element::new("w:titlePg")));
        }
    });
}

/// Whether `el` is the properties of a landscape section.
fn is_landscape_section(el: &Element) -> bool {
    el.name == "w:sectPr"
        && el
            .find("w:pgSz")
            .is_some_and(|size| size.get_attr("w:orient") == Some("landscape"))
}

/// Landscape sections get their own copy of the running header and footer
/// (`header1-landscape.xml`), with the right-hand text's tab stop at their
/// own text width: one header's stop, measured for portrait pages, stops
/// two-thirds across a landscape page.
pub(super) fn landscape_running_parts(trees: &mut HashMap<String, Element>) {
    let twips = |el: &Element, name: &str, attr: &str| {
        el.find(name)
            .and_then(|e| e.get_attr(attr))
            .and_then(|v| v.parse::<i64>().ok())
    };
    // Each landscape section's text width, and its running parts' ids.
    let mut wanted: Vec<(i64, String)> = Vec::new();
    if let Some(doc) = trees.get("word/document.xml") {
        doc.walk(&mut |el| {
            if !is_landscape_section(el) {
                return;
            }
            let (Some(w), Some(left), Some(right)) = (
                twips(el, "w:pgSz", "w:w"),
                twips(el, "w:pgMar", "w:left"),
                twips(el, "w:pgMar", "w:right"),
            ) else {
                return;
            };
            for r in el.elements() {
                let running = r.name == "w:headerReference" || r.name == "w:footerReference";
                if running
                    && r.get_attr("w:type") == Some("default")
                    && let Some(id) = r.get_attr("r:id")
                {
                    wanted.push((w - left - right, id.to_string()));
                }
            }
        });
    }
    let rels_name = "word/_rels/document.xml.rels";
    let mut made: HashMap<String, String> = HashMap::new();
    for (width, id) in wanted {
        if made.contains_key(&id) {
            continue;
        }
        let Some(rel) = trees.get(rels_name).and_then(|rels| {
            rels.elements()
                .find(|r| r.get_attr("Id") == Some(id.as_str()))
                .cloned()
        }) else {
            continue;
        };
        let (Some(target), Some(kind)) = (rel.get_attr("Target"), rel.get_attr("Type")) else {
            continue;
        };
        let Some(mut copy) = trees.get(&format!("word/{target}")).cloned() else {
            continue;
        };
        copy.walk_mut(&mut |el| {
            if el.name == "w:tab" && el.get_attr("w:val") == Some("right") {
                el.set_attr("w:pos", &width.to_string());
            }
        });
        let new_target = target.replace(".xml", "-landscape.xml");
        let new_id = format!("{id}Landscape");
        let content_type = trees.get("[Content_Types].xml").and_then(|types| {
            types
                .elements()
                .find(|o| o.get_attr("PartName") == Some(format!("/word/{target}").as_str()))
                .and_then(|o| o.get_attr("ContentType"))
                .map(str::to_string)
        });
        if let Some(rels) = trees.get_mut(rels_name) {
            rels.children.push(Node::Element(
                Element::new("Relationship")
                    .attr("Id", &new_id)
                    .attr("Type", kind)
                    .attr("Target", &new_target),
            ));
        }
        if let (Some(types), Some(content_type)) =
            (trees.get_mut("[Content_Types].xml"), content_type)
        {
            types.children.push(Node::Element(
                Element::new("Override")
                    .attr("PartName", &format!("/word/{new_target}"))
                    .attr("ContentType", &content_type),
            ));
        }
        trees.insert(format!("word/{new_target}"), copy);
        made.insert(id, new_id);
    }
    // The landscape sections point at their copies.
    if let Some(doc) = trees.get_mut("word/document.xml") {
        doc.walk_mut(&mut |el| {
            if !is_landscape_section(el) {
                return;
            }
            for r in el.elements_mut() {
                let replacement = r.get_attr("r:id").and_then(|id| made.get(id)).cloned();
                if r.get_attr("w:type") == Some("default")
                    && let Some(new_id) = replacement
                {
                    r.set_attr("r:id", &new_id);
                }
            }
        });
    }
}
