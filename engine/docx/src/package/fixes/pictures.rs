//! Pictures, found by their node id: stable ids and alternative text.

use std::collections::HashMap;

use crate::DocxError;
use crate::document::PICTURE_MARK;
use crate::xml::Element;

/// Pictures get stable ids and their alternative text (`wp:docPr/@descr`),
/// found by the node id in each picture's relationship id
/// (`rIdFigure-n3`); a picture docx-rs wrote without one (never one Quire
/// made) is an error, never a guess.
pub(super) fn pictures(doc: &mut Element, alts: &HashMap<String, String>) -> Result<(), DocxError> {
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
        Some(rel) => Err(DocxError::Package(format!(
            "docx-rs wrote the picture `{rel}` without the mark Quire gave it, so its alternative text cannot be found"
        ))),
        None => Ok(()),
    }
}
