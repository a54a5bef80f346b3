//! The table of contents, pre-filled with its entries and their pages.

use docx_rs::{FieldCharType, Hyperlink, HyperlinkType, InstrText, Paragraph, Run};

use super::fields::field;
use super::{Builder, Child, para};

/// The bookmark round the document itself (its title page to its end)
/// when front matter comes before it: the contents' field lists only the
/// headings inside it (`TOC \b`). Hidden, as Word's own `_Toc` bookmarks are.
pub const DOCUMENT_BOOKMARK: &str = "_QuireDocument";

impl Builder<'_> {
    /// A table of contents already holding its entries: each links to its
    /// heading's bookmark and ends in a `PAGEREF` field to it whose result
    /// is the page the PDF (and so the Word copy, laid out alike) has the
    /// heading on. The whole is a `TOC` field a clerk can refresh.
    /// `scoped`: front matter precedes the document, so the field lists only
    /// the headings inside the document's bookmark (`\b`, for Word; the
    /// front matter's headings are also out of the outline, for LibreOffice,
    /// which ignores `\b`).
    pub(super) fn contents(&mut self, out: &mut Vec<Child>, scoped: bool, pages: &[String]) {
        out.push(para(
            Paragraph::new()
                .style("TOCHeading")
                .page_break_before(true)
                .add_run(Run::new().add_text(&self.style.vocabulary.contents)),
        ));
        let entries: Vec<_> = self.anchors.toc_entries().to_vec();
        let last = entries.len().saturating_sub(1);
        for (i, entry) in entries.iter().enumerate() {
            let mut p = Paragraph::new().style(&format!("TOC{}", entry.level));
            if i == 0 {
                p = p
                    .add_run(Run::new().add_field_char(FieldCharType::Begin, false))
                    .add_run(Run::new().add_instr_text(InstrText::Unsupported(format!(
                        " TOC \\o \"1-{}\"{} \\h \\z \\u ",
                        self.style.headings.contents_depth,
                        if scoped {
                            format!(" \\b {DOCUMENT_BOOKMARK}")
                        } else {
                            String::new()
                        }
                    ))))
                    .add_run(Run::new().add_field_char(FieldCharType::Separate, false));
            }
            // As Word writes a refreshed entry: the number and the title
            // (a space between, as the heading's own numbering has), a
            // tab to the dotted right-hand stop, the page.
            let text = match &entry.number {
                Some(n) => format!("{n} {}", entry.text),
                None => entry.text.clone(),
            };
            let page = pages.get(i).map(String::as_str).unwrap_or_default();
            let mut link = Hyperlink::new(&entry.anchor, HyperlinkType::Anchor)
                .add_run(Run::new().add_text(text))
                .add_run(Run::new().add_tab());
            for run in field(
                &format!("PAGEREF {} \\h", entry.anchor),
                Run::new().add_text(page),
            ) {
                link = link.add_run(run);
            }
            p = p.add_hyperlink(link);
            if i == last {
                p = p.add_run(Run::new().add_field_char(FieldCharType::End, false));
            }
            out.push(para(p));
        }
        if entries.is_empty() {
            out.push(para(Paragraph::new()));
        }
    }
}
