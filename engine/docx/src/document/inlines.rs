//! Inline content to runs: text, code, emphasis, spans, links, and the
//! character formatting carried down through them.

use docx_rs::{BreakType, Hyperlink, HyperlinkType, Paragraph, Run, RunFonts, Shading};
use quire_model::resolved::Inline;
use quire_style::Look;

use super::Builder;

/// Character formatting carried down through nested inlines.
#[derive(Clone, Copy, Default)]
pub(super) struct Marks {
    pub(super) bold: bool,
    pub(super) italic: bool,
    pub(super) code: bool,
    pub(super) link: bool,
    /// A class's text colour, `0xRRGGBB`.
    pub(super) colour: Option<u32>,
    /// A class's text size in half-points.
    pub(super) size: Option<usize>,
    /// A class's fill behind the text, `0xRRGGBB`.
    pub(super) shade: Option<u32>,
}

impl Marks {
    /// These marks with the text formatting of a class's look laid over them.
    pub(super) fn with_look(self, look: Option<&Look>) -> Self {
        let Some(look) = look else { return self };
        let rgb = |c: &Option<String>| {
            c.as_deref()
                .and_then(quire_style::parse_hex)
                .map(|(r, g, b)| u32::from(r) << 16 | u32::from(g) << 8 | u32::from(b))
        };
        Marks {
            bold: self.bold || look.bold,
            italic: self.italic || look.italic,
            colour: rgb(&look.colour).or(self.colour),
            size: look
                .text_size
                .map(|pt| (pt * 2.0).round() as usize)
                .or(self.size),
            ..self
        }
    }
}

impl Builder<'_> {
    pub(super) fn inlines(
        &mut self,
        mut p: Paragraph,
        inlines: &[Inline],
        marks: Marks,
    ) -> Paragraph {
        for inline in inlines {
            p = self.inline(p, inline, marks);
        }
        p
    }

    pub(super) fn run(&self, text: &str, marks: Marks) -> Run {
        let mut run = Run::new().add_text(text);
        if marks.bold {
            run = run.bold();
        }
        if marks.italic {
            run = run.italic();
        }
        if marks.code {
            run = run.fonts(
                RunFonts::new()
                    .ascii(&self.word_mono)
                    .hi_ansi(&self.word_mono),
            );
        }
        if marks.link {
            run = run.style("Hyperlink");
        }
        if let Some(colour) = marks.colour {
            run = run.color(format!("{colour:06X}"));
        }
        if let Some(size) = marks.size {
            run = run.size(size);
        }
        if let Some(shade) = marks.shade {
            run = run.shading(Shading::new().fill(format!("{shade:06X}")));
        }
        run
    }

    pub(super) fn inline(&mut self, p: Paragraph, inline: &Inline, marks: Marks) -> Paragraph {
        match inline {
            Inline::Text(s) => p.add_run(self.run(s, marks)),
            Inline::Code(s) => {
                // Verbatim text keeps its lines, as in the PDF.
                let marks = Marks {
                    code: true,
                    ..marks
                };
                let mut p = p;
                for (i, line) in s.split('\n').enumerate() {
                    if i > 0 {
                        p = p.add_run(Run::new().add_break(BreakType::TextWrapping));
                    }
                    p = p.add_run(self.run(line, marks));
                }
                p
            }
            Inline::Emph(c) => self.inlines(
                p,
                c,
                Marks {
                    italic: true,
                    ..marks
                },
            ),
            Inline::Strong(c) => self.inlines(
                p,
                c,
                Marks {
                    bold: true,
                    ..marks
                },
            ),
            Inline::Span { class, content } => {
                let look = self.style.look(class);
                let mut marks = marks.with_look(look);
                if let Some((r, g, b)) = look
                    .and_then(|l| l.background.as_deref())
                    .and_then(quire_style::parse_hex)
                {
                    marks.shade = Some(u32::from(r) << 16 | u32::from(g) << 8 | u32::from(b));
                }
                self.inlines(p, content, marks)
            }
            Inline::LineBreak => p.add_run(Run::new().add_break(BreakType::TextWrapping)),
            Inline::Link {
                target, content, ..
            } => {
                let mut link = Hyperlink::new(target, HyperlinkType::External);
                for run in self.flat_runs(
                    content,
                    Marks {
                        link: true,
                        ..marks
                    },
                ) {
                    link = link.add_run(run);
                }
                p.add_hyperlink(link)
            }
            Inline::Ref { label, target, .. } => self.reference(p, label, target, marks),
            Inline::Footnote(blocks) => self.footnote(p, blocks),
        }
    }

    /// Runs for inline content inside a hyperlink (no nested links or notes).
    pub(super) fn flat_runs(&self, inlines: &[Inline], marks: Marks) -> Vec<Run> {
        let mut runs = Vec::new();
        for inline in inlines {
            match inline {
                Inline::Text(s) | Inline::Code(s) => runs.push(self.run(s, marks)),
                Inline::Emph(c) => runs.extend(self.flat_runs(
                    c,
                    Marks {
                        italic: true,
                        ..marks
                    },
                )),
                Inline::Strong(c) => runs.extend(self.flat_runs(
                    c,
                    Marks {
                        bold: true,
                        ..marks
                    },
                )),
                Inline::Span { class, content } => {
                    runs.extend(self.flat_runs(content, marks.with_look(self.style.look(class))))
                }
                Inline::Link { content, .. } => runs.extend(self.flat_runs(content, marks)),
                Inline::Ref { label, target, .. } => runs.push(
                    self.run(
                        target
                            .as_ref()
                            .map_or(label.as_str(), |t| t.display.as_str()),
                        marks,
                    ),
                ),
                Inline::LineBreak | Inline::Footnote(_) => {}
            }
        }
        runs
    }
}
