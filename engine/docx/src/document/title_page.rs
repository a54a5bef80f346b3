//! The title page: the document's title, subtitle, author, organisation,
//! date and version.

use docx_rs::{Paragraph, Run};

use super::{Builder, Child, DOCUMENT_BOOKMARK, para};

impl Builder<'_> {
    /// The title page, with what front matter gives it (`head`: the
    /// heading that makes the document a report's appendix) at its head.
    /// After front matter (`after_front`, which ends with a section break,
    /// so the page is new), a bookmark ([`DOCUMENT_BOOKMARK`]) starts at the
    /// title: its id is returned, for the bookmark's end after the
    /// document's last block.
    pub(super) fn title_page(
        &mut self,
        out: &mut Vec<Child>,
        after_front: bool,
        head: Vec<Child>,
    ) -> Option<usize> {
        let meta = &self.input.document.meta();
        out.extend(head);
        let mut title = Paragraph::new().style("Title");
        let scope = after_front.then(|| self.next_bookmark());
        if let Some(id) = scope {
            title = title.add_bookmark_start(id, DOCUMENT_BOOKMARK);
        }
        out.push(para(title.add_run(Run::new().add_text(&meta.title))));
        if let Some(subtitle) = &meta.subtitle {
            out.push(para(
                Paragraph::new()
                    .style("Subtitle")
                    .add_run(Run::new().add_text(subtitle)),
            ));
        }
        out.push(para(
            Paragraph::new()
                .style("TitleMeta")
                .add_run(Run::new().bold().add_text(&meta.author)),
        ));
        if let Some(org) = &meta.organisation {
            out.push(para(
                Paragraph::new()
                    .style("TitleMeta")
                    .add_run(Run::new().add_text(org)),
            ));
        }
        let version = &self.style.vocabulary.version;
        let line = format!("{}    {version} {}", self.input.display_date, meta.version);
        out.push(para(
            Paragraph::new()
                .style("TitleMeta")
                .add_run(Run::new().add_text(line)),
        ));
        scope
    }
}
