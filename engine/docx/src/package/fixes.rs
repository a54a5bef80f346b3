//! The fixes the package layer applies to docx-rs 0.4's parts. Each is a
//! small function over the parsed XML tree, tested through the whole
//! package in this crate's tests and in the end-to-end schema validation.

use std::collections::HashMap;

use super::{Part, parse_part};
use crate::document::{Fixups, HEADING_NUM, PICTURE_MARK, TABLE_MARK, TABLE_STYLE};
use crate::xml::{self, Element, Node};
use crate::{DocxError, DocxInput};

mod order;

const RELS_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// Applies every fix.
pub fn apply(
    parts: &mut Vec<Part>,
    fixups: &Fixups,
    input: DocxInput<'_>,
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
        footnotes(notes, &footnote_ids);
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

/// A paragraph that starts a page after a break (a page break, a new
/// section, its own page break before) has no room above it, as in the
/// PDF, which drops the room above a block at the top of a page (Word and
/// LibreOffice keep it after a break).
fn page_tops(doc: &mut Element) {
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
fn after_headings(doc: &mut Element) {
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

/// Widow and orphan control for every paragraph, as the PDF's; list items
/// with no room between them (Word's contextual spacing: none between
/// paragraphs of one style), as the PDF's tight lists.
fn pagination_rules(styles: &mut Element) {
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
fn mark_normal_as_default(styles: &mut Element) {
    for style in styles.elements_mut() {
        if style.name == "w:style" && style.get_attr("w:styleId") == Some("Normal") {
            style.set_attr("w:default", "1");
        }
    }
}

/// Of docx-rs's compatibility settings only the modern ones stay (Word
/// 2013 and later layout); the legacy and East Asian layout flags go.
fn modern_compatibility_only(settings: &mut Element) {
    if let Some(compat) = settings.find_mut("w:compat") {
        compat
            .children
            .retain(|n| matches!(n, Node::Element(e) if e.name == "w:compatSetting"));
    }
}

/// The extended properties name the program that wrote the file.
fn name_the_application(app: &mut Element) {
    app.remove_all("Application");
    app.children
        .push(Node::Element(Element::new("Application").text("Quire")));
}

/// Parts docx-rs writes with nothing in them (comments, extended comments,
/// custom properties) go, with their relationships and content types, so a
/// clerk's Word shows no empty comments pane and no stray properties.
/// Returns the names of the parts that went.
fn drop_empty_parts(trees: &mut HashMap<String, Element>) -> Vec<String> {
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
fn strip_w14(el: &mut Element) {
    el.attrs.retain(|(k, _)| !k.starts_with("w14:"));
    el.children
        .retain(|n| !matches!(n, Node::Element(e) if e.name.starts_with("w14:")));
}

/// Marks each table's header rows as rows that repeat on every page
/// (`w:tblHeader`), and the first column of a table whose first column
/// heads its rows as such (`w:tblLook w:firstColumn`, with no first-row
/// look), which docx-rs cannot say. The table is known by the node id in
/// its style reference (`QuireTable--n7`), put back to the plain style
/// here; a table without one is an error, never a guess.
fn flag_header_rows(doc: &mut Element, fixups: &Fixups) -> Result<(), DocxError> {
    let header_rows = &fixups.header_rows;
    let mut lost = None;
    doc.walk_mut(&mut |el| {
        if el.name != "w:tbl" {
            return;
        }
        let style = el
            .find_mut("w:tblPr")
            .and_then(|pr| pr.find_mut("w:tblStyle"));
        let key = style.and_then(|style| {
            let value = style.get_attr("w:val")?.to_string();
            let key = value.strip_prefix(TABLE_STYLE)?.strip_prefix(TABLE_MARK)?;
            style.set_attr("w:val", TABLE_STYLE);
            Some(key.to_string())
        });
        let Some(count) = key.as_ref().and_then(|k| header_rows.get(k)) else {
            lost = Some(key.unwrap_or_else(|| "a table with no identity".into()));
            return;
        };
        if key
            .as_ref()
            .is_some_and(|k| fixups.row_header_tables.contains(k))
        {
            let pr = el.find_or_insert("w:tblPr");
            pr.remove_all("w:tblLook");
            let first_row = if *count > 0 { "1" } else { "0" };
            // The bits of w:val: first row 0x20, first column 0x80, no
            // banding 0x600.
            let bits = 0x0680 | if *count > 0 { 0x0020 } else { 0 };
            pr.children.push(Node::Element(
                Element::new("w:tblLook")
                    .attr("w:val", &format!("{bits:04X}"))
                    .attr("w:firstRow", first_row)
                    .attr("w:lastRow", "0")
                    .attr("w:firstColumn", "1")
                    .attr("w:lastColumn", "0")
                    .attr("w:noHBand", "1")
                    .attr("w:noVBand", "1"),
            ));
        }
        for row in el.elements_mut().filter(|e| e.name == "w:tr").take(*count) {
            let pr = row.find_or_insert("w:trPr");
            pr.remove_all("w:tblHeader");
            pr.children.push(Node::Element(Element::new("w:tblHeader")));
        }
    });
    match lost {
        Some(what) => Err(DocxError::Identity(format!(
            "the header rows of table {what}"
        ))),
        None => Ok(()),
    }
}

/// Every section keeps the running header and footer: docx-rs only puts
/// them on the document's last section. The blank first-page header and
/// footer belong to the first `title_sections` sections only (the title
/// page's, and the front matter's when it is a section of its own).
fn sections(doc: &mut Element, title_sections: usize) {
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
fn landscape_running_parts(trees: &mut HashMap<String, Element>) {
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

/// Pictures get stable ids and their alternative text (`wp:docPr/@descr`),
/// found by the node id in each picture's relationship id
/// (`rIdFigure-n3`); a picture without one is an error, never a guess.
fn pictures(doc: &mut Element, alts: &HashMap<String, String>) -> Result<(), DocxError> {
    let mut index = 0;
    let mut lost = None;
    doc.walk_mut(&mut |el| {
        if el.name != "wp:inline" && el.name != "wp:anchor" {
            return;
        }
        let mut embed = None;
        el.walk(&mut |e| {
            if e.name == "a:blip" {
                embed = e.get_attr("r:embed").map(str::to_string);
            }
        });
        let alt = embed
            .as_deref()
            .and_then(|rel| rel.strip_prefix(PICTURE_MARK))
            .and_then(|key| alts.get(key));
        let Some(alt) = alt.cloned() else {
            lost = Some(embed.unwrap_or_default());
            return;
        };
        index += 1;
        el.walk_mut(&mut |e| {
            if e.name == "wp:docPr" {
                e.set_attr("id", &index.to_string());
                e.set_attr("name", &format!("Figure {index}"));
                e.set_attr("descr", &alt);
            } else if e.name == "pic:cNvPr" {
                e.set_attr("id", "0");
                e.set_attr("name", &format!("Figure {index}"));
            }
        });
    });
    match lost {
        Some(rel) => Err(DocxError::Identity(format!("the picture `{rel}`"))),
        None => Ok(()),
    }
}

/// Footnotes are numbered 1, 2, 3… in reading order, whatever docx-rs's
/// process-wide counter said. Returns old id → new id.
fn renumber_footnote_references(doc: &mut Element) -> HashMap<String, String> {
    renumber(doc, "w:footnoteReference", "w:id", |n| n.to_string())
}

/// Gives attribute `attr` of every `element` a new value in reading order
/// (`make(1)`, `make(2)`…; equal old values keep equal new ones). Returns
/// old value → new value.
fn renumber(
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

/// Footnotes: new ids, Word's separators, and the note's own number mark
/// (`w:footnoteRef`) at the start of its first paragraph.
fn footnotes(notes: &mut Element, ids: &HashMap<String, String>) {
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
                            // Exactly 12 pt, as the PDF's clearance above
                            // its notes (the template's `clearance`).
                            Element::new("w:spacing")
                                .attr("w:before", "0")
                                .attr("w:after", "0")
                                .attr("w:line", "240")
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

/// Language (en-GB) and text colour in the default run properties.
fn style_defaults(styles: &mut Element, input: DocxInput<'_>) {
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
fn link_heading_numbering(styles: &mut Element, depth: u8) {
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

/// Hyperlink relationship ids in reading order (docx-rs numbers them from a
/// process-wide counter, so a second build in one process would differ).
fn hyperlink_ids(trees: &mut HashMap<String, Element>) {
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
fn link_parts(trees: &mut HashMap<String, Element>, parts: &[Part]) {
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

/// The core properties docx-rs keeps private: title, subject, creator,
/// keywords, language and fixed dates from the manifest.
fn core_properties(input: DocxInput<'_>) -> Element {
    let meta = input.document.meta();
    let when = format!("{}T00:00:00Z", meta.date);
    let mut core = Element::new("cp:coreProperties")
        .attr(
            "xmlns:cp",
            "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
        )
        .attr("xmlns:dc", "http://purl.org/dc/elements/1.1/")
        .attr("xmlns:dcterms", "http://purl.org/dc/terms/")
        .attr("xmlns:dcmitype", "http://purl.org/dc/dcmitype/")
        .attr("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance")
        .child(Element::new("dc:title").text(&meta.title));
    if let Some(subject) = &meta.subject {
        core = core.child(Element::new("dc:subject").text(subject));
    }
    core = core.child(Element::new("dc:creator").text(&meta.author));
    if !meta.keywords.is_empty() {
        core = core.child(Element::new("cp:keywords").text(&meta.keywords.join(", ")));
    }
    core.child(Element::new("dc:language").text(&meta.language))
        .child(Element::new("cp:lastModifiedBy").text(&meta.author))
        .child(Element::new("cp:revision").text("1"))
        .child(
            Element::new("dcterms:created")
                .attr("xsi:type", "dcterms:W3CDTF")
                .text(&when),
        )
        .child(
            Element::new("dcterms:modified")
                .attr("xsi:type", "dcterms:W3CDTF")
                .text(&when),
        )
}
