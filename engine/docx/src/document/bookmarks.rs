//! Bookmarks: their ids, and the bookmarks round labelled captions and
//! round the document.

use docx_rs::Paragraph;

use super::{Builder, Child, para};
use crate::ids::bookmark_name;

/// Ends bookmark `id` with the document's last paragraph (a new, empty one
/// if the document ends with a table).
pub(super) fn close_bookmark(body: &mut Vec<Child>, id: usize) {
    match body.last_mut() {
        Some(Child::Paragraph(p)) => **p = std::mem::take(&mut **p).add_bookmark_end(id),
        _ => body.push(para(Paragraph::new().add_bookmark_end(id))),
    }
}

impl Builder<'_> {
    pub(super) fn next_bookmark(&mut self) -> usize {
        let id = self.bookmark_id;
        self.bookmark_id += 1;
        id
    }

    /// Wraps what `f` adds in a bookmark for `label`, if there is one.
    pub(super) fn bookmarked(
        &mut self,
        p: Paragraph,
        label: Option<&str>,
        f: impl FnOnce(Paragraph) -> Paragraph,
    ) -> Paragraph {
        match label {
            Some(label) => {
                let id = self.next_bookmark();
                let p = p.add_bookmark_start(id, bookmark_name(label));
                f(p).add_bookmark_end(id)
            }
            None => f(p),
        }
    }
}
