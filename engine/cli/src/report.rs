//! Printing diagnostics for people and for editors.
//!
//! - **human** (the default): rustc-style, drawn by `codespan-reporting` —
//!   the headline, `--> file:line:col`, the source line with the span
//!   underlined, and `= hint:` notes;
//! - **short** (`--message-format short`): one line per diagnostic,
//!   `file:line:col: error: message`, which editors' problem matchers read.
//!
//! Colour only when stderr is a terminal and `NO_COLOR` is not set (or when
//! asked with `--color always`).

use std::io::{IsTerminal, Write};
use std::ops::Range;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as Level};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::termcolor::Buffer;
use codespan_reporting::term::{self, Chars, Config, DisplayStyle};
use quire_core::Diagnostic;

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum MessageFormat {
    /// rustc-style, with the source line quoted.
    #[default]
    Human,
    /// One line each: `file:line:col: error: message`.
    Short,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorWhen {
    /// On a terminal, unless `NO_COLOR` is set.
    #[default]
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

impl ColorWhen {
    /// Whether to colour stderr.
    pub fn for_stderr(self) -> bool {
        match self {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => {
                std::io::stderr().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
            }
        }
    }
}

/// Prints diagnostics in one format.
#[derive(Debug, Clone, Copy)]
pub struct Reporter {
    format: MessageFormat,
    color: bool,
}

impl Reporter {
    /// A reporter printing `format`, in colour or not.
    pub fn new(format: MessageFormat, color: bool) -> Self {
        Self { format, color }
    }

    /// A diagnostic of any stage: the manifest, data, templates, plugins,
    /// labels, or a renderer (Typst's errors in the template).
    pub fn render(&self, diagnostic: &Diagnostic) -> String {
        // A message or hint may quote what a plugin printed or returned:
        // a control character in it would act on the terminal.
        let shown = Diagnostic {
            message: visible(&diagnostic.message),
            hints: diagnostic.hints.iter().map(|h| visible(h)).collect(),
            ..diagnostic.clone()
        };
        match self.format {
            MessageFormat::Short if shown.location.is_none() || shown.source_text.is_none() => {
                let kind = if shown.is_error() { "error" } else { "warning" };
                let at = match (&shown.file, &shown.location) {
                    (Some(file), Some(at)) => {
                        format!("{}:{}:{}: ", file.display(), at.line, at.column)
                    }
                    (Some(file), None) => format!("{}: ", file.display()),
                    _ => String::new(),
                };
                format!("{at}{kind}: {}\n", shown.message)
            }
            _ => self.codespan(&shown),
        }
    }

    /// A message with no file: a failed write, a broken Word package.
    pub fn render_message(&self, error: bool, message: &str) -> String {
        self.render(&if error {
            Diagnostic::error(message)
        } else {
            Diagnostic::warning(message)
        })
    }

    /// Writes rendered text to stderr (ignoring a closed stderr).
    pub fn eprint(&self, text: &str) {
        let _ = std::io::stderr().lock().write_all(text.as_bytes());
    }

    fn codespan(&self, item: &Diagnostic) -> String {
        let level = if item.is_error() {
            Level::Error
        } else {
            Level::Warning
        };
        let mut notes: Vec<String> = Vec::new();
        let mut report = Report::new(level).with_message(&item.message);
        let name = item
            .file
            .as_ref()
            .map(|f| f.display().to_string())
            .unwrap_or_default();
        let span = match (&item.location, &item.source_text) {
            (Some(at), Some(text)) => Some((at.span.clone(), text.as_ref())),
            _ => None,
        };
        // A very long line (a minified export) is quoted around the problem.
        let short = span
            .as_ref()
            .and_then(|(range, text)| quire_core::source::shortened(text, range.clone()));
        let (text, range) = match (&short, &span) {
            (Some((text, range)), _) => (text.as_str(), Some(range.clone())),
            (None, Some((range, text))) => (*text, Some(range.clone())),
            (None, None) => ("", None),
        };
        // A control character quoted raw would act on the terminal.
        let shown = range
            .clone()
            .and_then(|range| visible_controls(text, range));
        let (text, range) = match &shown {
            Some((text, range)) => (text.as_str(), Some(range.clone())),
            None => (text, range),
        };
        if let Some(range) = range {
            report = report.with_labels(vec![Label::primary((), range)]);
        } else if let Some(file) = &item.file {
            notes.push(format!("in {}", file.display()));
        }
        notes.extend(item.hints.iter().map(|h| format!("hint: {h}")));
        report = report.with_notes(notes);

        let config = Config {
            display_style: match self.format {
                MessageFormat::Human => DisplayStyle::Rich,
                MessageFormat::Short => DisplayStyle::Short,
            },
            chars: Chars::ascii(),
            ..Config::default()
        };
        let file = SimpleFile::new(name, text);
        let mut buffer = if self.color {
            Buffer::ansi()
        } else {
            Buffer::no_color()
        };
        if term::emit_to_write_style(&mut buffer, &config, &file, &report).is_err() {
            // The span does not fit the text (it cannot, by construction);
            // never lose the message itself.
            return format!("error: {}\n", item.message);
        }
        String::from_utf8_lossy(buffer.as_slice()).into_owned()
    }
}

/// Whether quoting `c` would make a terminal do something rather than
/// show it: a C0 control other than tab and line breaks, or DEL.
fn acts_on_a_terminal(c: char) -> bool {
    matches!(c, '\0'..='\u{8}' | '\u{B}' | '\u{C}' | '\u{E}'..='\u{1F}' | '\u{7F}')
}

/// `text` with each control character that would act on a terminal
/// shown as its picture ([`visible_controls`]).
fn visible(text: &str) -> String {
    visible_controls(text, 0..0).map_or_else(|| text.to_string(), |(shown, _)| shown)
}

/// `text` with each control character that would act on a terminal
/// replaced by its Unicode control picture (`␇` for U+0007), and `range`
/// moved to match; `None` when there is none.
fn visible_controls(text: &str, range: Range<usize>) -> Option<(String, Range<usize>)> {
    if !text.contains(acts_on_a_terminal) {
        return None;
    }
    let mut out = String::with_capacity(text.len() + 16);
    let (mut start, mut end) = (range.start, range.end);
    for (i, c) in text.char_indices() {
        if i == range.start {
            start = out.len();
        }
        if i == range.end {
            end = out.len();
        }
        if acts_on_a_terminal(c) {
            let picture = if c == '\u{7F}' {
                0x2421
            } else {
                0x2400 + u32::from(c)
            };
            out.push(char::from_u32(picture).unwrap_or('?'));
        } else {
            out.push(c);
        }
    }
    if range.end >= text.len() {
        end = out.len();
    }
    if range.start >= text.len() {
        start = out.len();
    }
    Some((out, start..end))
}

#[cfg(test)]
mod tests {
    use super::*;
    use quire_core::source::SourceFile;

    fn file() -> SourceFile {
        SourceFile {
            shown: "sections/data/plan.toml".into(),
            text: "title = \"Plan\"\nlead = 42\n".into(),
        }
    }

    #[test]
    fn control_characters_are_quoted_as_pictures_not_sent_to_the_terminal() {
        let file = SourceFile {
            shown: "sections/prose/x.md".into(),
            text: "intro\nA \u{1B}[31mred\u{7} line\n".into(),
        };
        let d = Diagnostic::warning("this line").at(&file, 8..9);
        let text = Reporter::new(MessageFormat::Human, false).render(&d);
        assert!(
            !text.contains('\u{1B}') && !text.contains('\u{7}'),
            "{text:?}"
        );
        assert!(
            text.contains("2 | A \u{241B}[31mred\u{2407} line"),
            "{text}"
        );
        assert!(text.contains("  |   ^\n"), "{text}");
    }

    #[test]
    fn control_characters_in_messages_and_hints_are_shown_as_pictures() {
        let d = Diagnostic::error("the plugin printed: \u{1B}]0;owned\u{7}\u{1B}[2J")
            .with_hint("it said \u{1B}[31mred");
        for format in [MessageFormat::Human, MessageFormat::Short] {
            let text = Reporter::new(format, false).render(&d);
            assert!(
                !text.contains('\u{1B}') && !text.contains('\u{7}'),
                "{text:?}"
            );
            assert!(text.contains("\u{241B}]0;owned\u{2407}"), "{text}");
        }
    }

    #[test]
    fn human_output_quotes_and_underlines_the_span() {
        let d = Diagnostic::error("field `lead`: expected a string")
            .at(&file(), 22..24)
            .with_hint("write the agency's name");
        let text = Reporter::new(MessageFormat::Human, false).render(&d);
        assert!(
            text.starts_with("error: field `lead`: expected a string\n"),
            "{text}"
        );
        assert!(text.contains("--> sections/data/plan.toml:2:8"), "{text}");
        assert!(text.contains("2 | lead = 42"), "{text}");
        assert!(text.contains("^^"), "{text}");
        assert!(text.contains("= hint: write the agency's name"), "{text}");
    }

    #[test]
    fn short_output_is_one_line_per_diagnostic() {
        let reporter = Reporter::new(MessageFormat::Short, false);
        let located = Diagnostic::error("expected a string").at(&file(), 22..24);
        assert_eq!(
            reporter.render(&located),
            "sections/data/plan.toml:2:8: error: expected a string\n"
        );
        let in_file = Diagnostic::warning("no sections").in_file(&file());
        assert_eq!(
            reporter.render(&in_file),
            "sections/data/plan.toml: warning: no sections\n"
        );
        assert_eq!(
            reporter.render(&Diagnostic::error("disk full")),
            "error: disk full\n"
        );
    }

    #[test]
    fn colour_is_ansi_only_when_asked() {
        let d = Diagnostic::error("bad").at(&file(), 0..5);
        assert!(
            !Reporter::new(MessageFormat::Human, false)
                .render(&d)
                .contains('\x1b')
        );
        assert!(
            Reporter::new(MessageFormat::Human, true)
                .render(&d)
                .contains('\x1b')
        );
    }
}
