//! The package's parts and their relationships: empty parts dropped,
//! numbering and footnotes linked, hyperlink ids in reading order, and
//! undeclared `w14:` ids stripped.

use std::collections::HashMap;

use super::renumber;
use crate::package::Part;
use crate::xml::{Element, Node};

const RELS_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// Parts docx-rs writes with nothing in them (comments, extended comments,
/// custom properties) go, with their relationships and content types, so a
/// clerk's Word shows no empty comments pane and no stray properties.
/// Returns the names of the parts that went.
pub(super) fn drop_empty_parts(trees: &mut HashMap<String, Element>) -> Vec<String> {
    let candidates = [
        (
            "word/comments.xml",
            "word/_rels/document.xml.rels",
            "comments.xml",
        ),
        (
            "word/commentsExtended.xml",
            "word/_rels/document.xml.rels",
            "commentsExtended.xml",
        ),
        ("docProps/custom.xml", "_rels/.rels", "docProps/custom.xml"),
    ];
    let mut dropped = Vec::new();
    for (part, rels, target) in candidates {
        let empty = trees
            .get(part)
            .is_some_and(|tree| tree.elements().next().is_none());
        if !empty {
            continue;
        }
        trees.remove(part);
        if let Some(rels) = trees.get_mut(rels) {
            rels.children.retain(|n| {
                !matches!(n, Node::Element(e) if e.get_attr("Target").is_some_and(|t| t.trim_start_matches('/') == target))
            });
        }
        if let Some(types) = trees.get_mut("[Content_Types].xml") {
            let name = format!("/{part}");
            types.children.retain(
                |n| !matches!(n, Node::Element(e) if e.get_attr("PartName") == Some(name.as_str())),
            );
        }
        dropped.push(part.to_string());
    }
    dropped
}

/// docx-rs writes `w14:` ids (paragraph ids from a process-wide counter)
/// without declaring them ignorable; they carry nothing, so they go.
pub(super) fn strip_w14(el: &mut Element) {
    el.attrs.retain(|(k, _)| !k.starts_with("w14:"));
    el.children
        .retain(|n| !matches!(n, Node::Element(e) if e.name.starts_with("w14:")));
}

/// Hyperlink relationship ids in reading order (docx-rs numbers them from a
/// process-wide counter, so a second build in one process would differ).
pub(super) fn hyperlink_ids(trees: &mut HashMap<String, Element>) {
    let Some(doc) = trees.get_mut("word/document.xml") else {
        return;
    };
    let map = renumber(doc, "w:hyperlink", "r:id", |n| format!("rIdLink{n}"));
    if let Some(rels) = trees.get_mut("word/_rels/document.xml.rels") {
        for rel in rels.elements_mut() {
            if let Some(new) = rel.get_attr("Id").and_then(|id| map.get(id)).cloned() {
                rel.set_attr("Id", &new);
            }
        }
        rels.children.sort_by_key(|n| match n {
            Node::Element(e) => e.get_attr("Id").map(str::to_string),
            Node::Text(_) => None,
        });
    }
}

/// Makes sure numbering and footnotes are linked from the document and
/// declared in the content types (docx-rs leaves numbering unlinked when
/// only styles use it).
pub(super) fn link_parts(trees: &mut HashMap<String, Element>, parts: &[Part]) {
    let present = |name: &str| parts.iter().any(|p| p.name == name);
    let links = [
        (
            "word/numbering.xml",
            "numbering.xml",
            "numbering",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml",
        ),
        (
            "word/footnotes.xml",
            "footnotes.xml",
            "footnotes",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
        ),
    ];
    for (part, target, kind, content_type) in links {
        if !present(part) {
            continue;
        }
        if let Some(rels) = trees.get_mut("word/_rels/document.xml.rels") {
            let rel_type = format!("{RELS_NS}/{kind}");
            if !rels
                .elements()
                .any(|r| r.get_attr("Type") == Some(rel_type.as_str()))
            {
                let id = format!("rIdQuire{kind}");
                rels.children.push(Node::Element(
                    Element::new("Relationship")
                        .attr("Id", &id)
                        .attr("Type", &rel_type)
                        .attr("Target", target),
                ));
            }
        }
        if let Some(types) = trees.get_mut("[Content_Types].xml") {
            let name = format!("/{part}");
            if !types
                .elements()
                .any(|o| o.get_attr("PartName") == Some(name.as_str()))
            {
                types.children.push(Node::Element(
                    Element::new("Override")
                        .attr("PartName", &name)
                        .attr("ContentType", content_type),
                ));
            }
        }
    }
}
