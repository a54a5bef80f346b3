//! Where in the document a character first appears, for an error about it
//! that has no place of its own.

use quire_model::resolved::{Block, Document, Inline};
use quire_model::walk;

/// Where in the document a character first appears, in words: "in the
/// document's title", "in section `governance`".
pub fn first_written(document: &Document, wanted: char) -> Option<String> {
    let meta = &document.meta;
    let fields = [
        ("title", Some(&meta.title)),
        ("subtitle", meta.subtitle.as_ref()),
        ("author", Some(&meta.author)),
        ("organisation", meta.organisation.as_ref()),
        ("version", Some(&meta.version)),
    ];
    if let Some((field, _)) = fields
        .iter()
        .find(|(_, value)| value.is_some_and(|v| v.contains(wanted)))
    {
        return Some(format!(
            "in the document's {field} (`[document]` in the manifest)"
        ));
    }
    let mut section = None;
    let parts = [&document.front, &document.body, &document.appendices];
    for block in parts.into_iter().flatten() {
        if let Block::Heading(h) = block
            && let Some(id) = h.label.as_deref().and_then(|l| l.strip_prefix("sec-"))
        {
            section = Some(id.to_string());
        }
        let mut found = false;
        walk::inlines(std::slice::from_ref(block), &mut |inline| {
            if let Inline::Text(text) = inline {
                found |= text.contains(wanted);
            }
        });
        if found {
            return Some(match section {
                Some(id) => format!("in section `{id}` (its data or prose)"),
                None => "in the document's first section".into(),
            });
        }
    }
    None
}
