//! The package's properties and settings: core properties from the
//! manifest, the application's name, and modern compatibility settings
//! only.

use crate::RenderContext;
use crate::xml::{Element, Node};

/// Of docx-rs's compatibility settings only the modern ones stay (Word
/// 2013 and later layout); the legacy and East Asian layout flags go.
pub(super) fn modern_compatibility_only(settings: &mut Element) {
    if let Some(compat) = settings.find_mut("w:compat") {
        compat
            .children
            .retain(|n| matches!(n, Node::Element(e) if e.name == "w:compatSetting"));
    }
}

/// The extended properties name the program that wrote the file.
pub(super) fn name_the_application(app: &mut Element) {
    app.remove_all("Application");
    app.children
        .push(Node::Element(Element::new("Application").text("Quire")));
}

/// The core properties docx-rs keeps private: title, subject, creator,
/// keywords, language and fixed dates from the manifest.
pub(super) fn core_properties(input: RenderContext<'_>) -> Element {
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
