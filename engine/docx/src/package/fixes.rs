//! The fixes the package layer applies to docx-rs 0.4's parts. Each is a
//! small function over the parsed XML tree, tested through the whole
//! package in this crate's tests and in the end-to-end schema validation.
//! [`apply`] applies them in order; each part or concern has its file.

use std::collections::HashMap;

use super::{Part, parse_part};
use crate::document::Fixups;
use crate::xml::{self, Element};
use crate::{DocxError, RenderContext};

mod notes;
mod order;
mod pages;
mod parts;
mod pictures;
mod properties;
mod sections;
mod styles;
mod tables;

use notes::{footnotes, renumber_footnote_references};
use pages::{after_headings, page_tops};
use parts::{drop_empty_parts, hyperlink_ids, link_parts, strip_w14};
use pictures::pictures;
use properties::{core_properties, modern_compatibility_only, name_the_application};
use sections::{landscape_running_parts, sections};
use styles::{link_heading_numbering, mark_normal_as_default, pagination_rules, style_defaults};
use tables::flag_header_rows;

/// Applies every fix.
pub fn apply(
    parts: &mut Vec<Part>,
    fixups: &Fixups,
    input: RenderContext<'_>,
) -> Result<(), DocxError> {
    let mut trees: HashMap<String, Element> = HashMap::new();
    for part in parts.iter() {
        if part.name.ends_with(".xml") || part.name.ends_with(".rels") {
            trees.insert(part.name.clone(), parse_part(part)?);
        }
    }
    // Tables and pictures may stand in the body, headers, footers and notes.
    for (name, tree) in trees.iter_mut() {
        if name.starts_with("word/") && !name.contains("_rels") {
            flag_header_rows(tree, fixups)?;
        }
    }
    let footnote_ids = if let Some(doc) = trees.get_mut("word/document.xml") {
        sections(doc, fixups.title_sections);
        page_tops(doc);
        after_headings(doc);
        pictures(doc, &fixups.alt_texts)?;
        renumber_footnote_references(doc)
    } else {
        HashMap::new()
    };
    if let Some(notes) = trees.get_mut("word/footnotes.xml") {
        footnotes(notes, &footnote_ids, input.layout);
    }
    if let Some(styles) = trees.get_mut("word/styles.xml") {
        style_defaults(styles, input);
        mark_normal_as_default(styles);
        pagination_rules(styles);
        link_heading_numbering(styles, input.style.headings.numbered_depth);
    }
    if let Some(settings) = trees.get_mut("word/settings.xml") {
        modern_compatibility_only(settings);
    }
    if let Some(app) = trees.get_mut("docProps/app.xml") {
        name_the_application(app);
    }
    let dropped = drop_empty_parts(&mut trees);
    landscape_running_parts(&mut trees);
    hyperlink_ids(&mut trees);
    link_parts(&mut trees, parts);
    trees.insert("docProps/core.xml".into(), core_properties(input));
    for (name, tree) in &mut trees {
        tree.walk_mut(&mut |el| strip_w14(el));
        order::schema_order(name, tree);
    }
    for part in parts.iter_mut() {
        if let Some(tree) = trees.remove(&part.name) {
            part.bytes = xml::write(&tree);
        }
    }
    for (name, tree) in trees {
        parts.push(Part {
            name,
            bytes: xml::write(&tree),
        });
    }
    parts.retain(|part| !dropped.contains(&part.name));
    Ok(())
}

/// Gives attribute `attr` of every `element` a new value in reading order
/// (`make(1)`, `make(2)`…; equal old values keep equal new ones). Returns
/// old value → new value.
pub(super) fn renumber(
    doc: &mut Element,
    element: &str,
    attr: &str,
    make: impl Fn(usize) -> String,
) -> HashMap<String, String> {
    let mut map: HashMap<String, String> = HashMap::new();
    doc.walk_mut(&mut |el| {
        if el.name != element {
            return;
        }
        if let Some(old) = el.get_attr(attr).map(str::to_string) {
            let next = make(map.len() + 1);
            let new = map.entry(old).or_insert(next).clone();
            el.set_attr(attr, &new);
        }
    });
    map
}
