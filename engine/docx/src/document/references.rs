//! Cross-references: to numbered tables, figures and headings as `REF`
//! fields that follow a clerk's renumbering, to others as links.

use docx_rs::{Hyperlink, HyperlinkType, Paragraph};
use quire_model::{RefTarget, TargetKind};

use super::Builder;
use super::fields::field;
use super::inlines::Marks;
use crate::ids::bookmark_name;

impl Builder<'_> {
    /// A cross-reference to `label`, as its target's words (`Table 3`).
    pub(super) fn reference(
        &self,
        p: Paragraph,
        label: &str,
        target: &Option<RefTarget>,
        marks: Marks,
    ) -> Paragraph {
        match target {
            // A numbered table or figure: a `REF` to its caption's
            // bookmark, showing the same words until refreshed.
            Some(t)
                if matches!(t.kind, TargetKind::Table | TargetKind::Figure)
                    && !t.number.is_empty() =>
            {
                let shown = self.run(
                    &t.display,
                    Marks {
                        link: true,
                        ..marks
                    },
                );
                let code = format!("REF {} \\h", bookmark_name(label));
                let mut p = p;
                for run in field(&code, shown) {
                    p = p.add_run(run);
                }
                p
            }
            // A numbered heading: its number a `REF` to the heading's
            // bookmark in full context (`\\w`: the heading numbering's
            // own text, `2.1` or `Appendix A`), after the words before
            // it (`Section `), so it follows the heading when a clerk
            // renumbers in Word.
            Some(t)
                if matches!(t.kind, TargetKind::Section | TargetKind::Appendix)
                    && !t.number.is_empty()
                    && t.display.ends_with(&t.number) =>
            {
                let linked = Marks {
                    link: true,
                    ..marks
                };
                let lead = &t.display[..t.display.len() - t.number.len()];
                let mut p = p;
                if !lead.is_empty() {
                    p = p.add_run(self.run(lead, linked));
                }
                let code = format!("REF {} \\w \\h", bookmark_name(label));
                for run in field(&code, self.run(&t.number, linked)) {
                    p = p.add_run(run);
                }
                p
            }
            Some(t) => {
                let link =
                    Hyperlink::new(bookmark_name(label), HyperlinkType::Anchor).add_run(self.run(
                        &t.display,
                        Marks {
                            link: true,
                            ..marks
                        },
                    ));
                p.add_hyperlink(link)
            }
            None => p.add_run(self.run(label, marks)),
        }
    }
}
