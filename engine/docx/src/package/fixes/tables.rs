//! Tables, found by their node id: header rows that repeat on every page,
//! and the first column that heads the rows.

use crate::DocxError;
use crate::document::{Fixups, TABLE_MARK, TABLE_STYLE};
use crate::xml::{Element, Node};

/// Marks each table's header rows as rows that repeat on every page
/// (`w:tblHeader`), and the first column of a table whose first column
/// heads its rows as such (`w:tblLook w:firstColumn`, with no first-row
/// look), which docx-rs cannot say. The table is known by the node id in
/// its style reference (`QuireTable--n7`), put back to the plain style
/// here; a table docx-rs wrote without one (never one Quire made) is an
/// error, never a guess.
pub(super) fn flag_header_rows(doc: &mut Element, fixups: &Fixups) -> Result<(), DocxError> {
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
        Some(what) => Err(DocxError::Package(format!(
            "docx-rs wrote a table without the mark Quire gave it ({what}), so its header rows cannot be found"
        ))),
        None => Ok(()),
    }
}
