//! The running header and footer, their page numbers as fields.

use docx_rs::{Footer, Header, Paragraph, Run, Tab, TabValueType};
use quire_style::running::{self, Piece};

use super::Builder;
use super::fields::field_runs;

impl Builder<'_> {
    pub(super) fn running_footer(&self) -> Footer {
        let p = self.running_paragraph(
            &self.style.running.footer_left,
            &self.style.running.footer_right,
            "Footer",
        );
        Footer::new().add_paragraph(p)
    }

    pub(super) fn running(&self, left: &str, right: &str, style_id: &str) -> Header {
        Header::new().add_paragraph(self.running_paragraph(left, right, style_id))
    }

    /// Left text, a right tab, right text; `{page}` and `{pages}` become fields.
    pub(super) fn running_paragraph(&self, left: &str, right: &str, style_id: &str) -> Paragraph {
        let mut p = Paragraph::new().style(style_id).add_tab(
            Tab::new()
                .val(TabValueType::Right)
                .pos(self.widths.portrait as usize),
        );
        for run in self.running_runs(left) {
            p = p.add_run(run);
        }
        p = p.add_run(Run::new().add_tab());
        for run in self.running_runs(right) {
            p = p.add_run(run);
        }
        p
    }

    /// The runs of a running pattern: its text and the document's values as
    /// text, `{page}` and `{pages}` as fields. The pattern is read once, so
    /// a value holding `{page}` prints as written.
    pub(super) fn running_runs(&self, pattern: &str) -> Vec<Run> {
        let meta = &self.input.document.meta();
        let mut runs = Vec::new();
        for piece in running::pieces(pattern) {
            let text = match piece {
                Piece::Text(text) => text,
                Piece::Title => &meta.title,
                Piece::Version => &meta.version,
                Piece::Date => self.input.display_date,
                Piece::Author => &meta.author,
                Piece::Organisation => meta.organisation.as_deref().unwrap_or(&meta.author),
                Piece::Page => {
                    runs.extend(field_runs("PAGE"));
                    continue;
                }
                Piece::Pages => {
                    runs.extend(field_runs("NUMPAGES"));
                    continue;
                }
            };
            if !text.is_empty() {
                runs.push(Run::new().add_text(text));
            }
        }
        runs
    }
}
