//! Bookmark names for headings, tables and figures: deterministic, derived
//! from labels where there are any, and valid as Word bookmark names
//! (letters, digits and `_`, at most 40 characters; a leading `_` hides
//! them from Word's bookmark list, as Word does for its own).

use std::collections::HashMap;

use quire_model::resolved::{Block, Document, Inline};
use quire_model::{NodeId, walk};

/// The Word bookmark name for a model label.
pub fn bookmark_name(label: &str) -> String {
    let cleaned: String = label
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let name = format!("_q_{cleaned}");
    // Only `-` maps to `_` one-to-one; any other punctuation adds a hash so
    // that two labels never share a name.
    let plain = label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
    if name.len() <= 40 && plain {
        return name;
    }
    // Long labels: keep a readable head and make the tail unique.
    let hash = label.bytes().fold(0xcbf29ce484222325u64, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x100000001b3)
    });
    format!("{}_{:08x}", &name[..29], hash as u32)
}

/// One entry of the table of contents.
#[derive(Debug, Clone, PartialEq)]
pub struct TocEntry {
    /// 1 to the style's contents depth.
    pub level: u8,
    /// The heading's number, if it has one.
    pub number: Option<String>,
    /// The heading's text.
    pub text: String,
    /// The bookmark on the heading.
    pub anchor: String,
}

/// Every heading's bookmark, by its node id, and the contents entries.
pub struct Anchors {
    headings: HashMap<NodeId, String>,
    toc: Vec<TocEntry>,
}

impl Anchors {
    /// Walks the document's headings in reading order; the contents list
    /// those down to level `contents_depth`.
    pub fn collect(document: &Document, contents_depth: u8) -> Self {
        let mut headings = HashMap::new();
        let mut toc = Vec::new();
        let parts = [
            (true, &document.front),
            (false, &document.body),
            (false, &document.appendices),
        ];
        for (in_front, blocks) in parts {
            walk::blocks(blocks, &mut |b| {
                if let Block::Heading(h) = b {
                    let id = h.id;
                    let anchor = match &h.label {
                        Some(label) => bookmark_name(label),
                        None => format!("_Toc_q{}", id.0),
                    };
                    if h.outlined && h.level <= contents_depth && !in_front {
                        let text = Inline::plain_text(&h.content);
                        toc.push(TocEntry {
                            level: h.level,
                            number: h.number.clone(),
                            text,
                            anchor: anchor.clone(),
                        });
                    }
                    headings.insert(id, anchor);
                }
            });
        }
        Self { headings, toc }
    }

    /// The bookmark of the heading `id`.
    pub fn heading_anchor(&self, id: NodeId) -> &str {
        self.headings.get(&id).map_or("", String::as_str)
    }

    /// The contents entries.
    pub fn toc_entries(&self) -> &[TocEntry] {
        &self.toc
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_word_safe_and_unique() {
        assert_eq!(bookmark_name("sec-baseline"), "_q_sec_baseline");
        let a = bookmark_name("tbl-a-very-long-label-that-goes-on-and-on-1");
        let b = bookmark_name("tbl-a-very-long-label-that-goes-on-and-on-2");
        assert!(a.len() <= 40 && b.len() <= 40);
        assert_ne!(a, b);
    }

    #[test]
    fn the_contents_list_headings_down_to_the_contents_depth() {
        use quire_model::{Heading, Meta, NoCharts, ResolveOptions, resolve, text};
        let mut doc = quire_model::Document::new(Meta::default());
        doc.body = (1..=4)
            .map(|level| {
                quire_model::Block::Heading(Heading::new(level, text(format!("Level {level}"))))
            })
            .collect();
        let (doc, _) = resolve(doc, ResolveOptions::default(), &NoCharts);
        let levels = |depth| -> Vec<u8> {
            Anchors::collect(doc.document(), depth)
                .toc_entries()
                .iter()
                .map(|e| e.level)
                .collect()
        };
        assert_eq!(levels(1), [1]);
        assert_eq!(levels(2), [1, 2]);
        assert_eq!(levels(3), [1, 2, 3]);
    }
}
