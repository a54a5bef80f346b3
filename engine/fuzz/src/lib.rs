//! Helpers shared by Quire's fuzz targets: the sample project's metadata,
//! shared data and house style, and diagnostics printed the way the command
//! prints them.

use std::sync::LazyLock;

use codespan_reporting::diagnostic::{Diagnostic as Report, Label, Severity as Level};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::termcolor::Buffer;
use codespan_reporting::term::{self, Chars, Config, DisplayStyle};
use quire_core::source::SourceFile;
use quire_core::{Diagnostic, Severity};
use quire_model::{Block, Document, Meta, ResolveOptions};
use quire_style::Style;
use serde_json::Value as Json;

/// The sample manifest's `[document]` table.
pub static META: LazyLock<Meta> = LazyLock::new(|| {
    let file = SourceFile {
        shown: "sections/quire.toml".into(),
        text: include_str!("../../../sections/quire.toml").into(),
    };
    let manifest = quire_core::manifest::parse(&file).expect("the sample manifest parses");
    manifest.document.get_ref().clone()
});

/// The sample project's shared data, as templates see it.
pub static SHARED: LazyLock<Json> = LazyLock::new(|| {
    let file = SourceFile {
        shown: "sections/shared.toml".into(),
        text: include_str!("../../../sections/shared.toml").into(),
    };
    quire_core::data::parse(file)
        .expect("the sample shared data parses")
        .value
});

/// The house style.
pub static STYLE: LazyLock<Style> = LazyLock::new(|| {
    Style::from_toml(include_str!("../../../styles/house.toml")).expect("the house style parses")
});

/// Checks a diagnostic's location against the text it was made from and
/// prints it both ways: `Display` and the command's codespan-reporting form.
pub fn check_diagnostic(diagnostic: &Diagnostic) {
    if let (Some(location), Some(text)) = (&diagnostic.location, &diagnostic.source_text) {
        let span = &location.span;
        assert!(span.start <= span.end, "span backwards: {span:?}");
        assert!(span.end <= text.len(), "span past the end: {span:?}");
        assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
        assert!(location.line >= 1 && location.column >= 1);
    }
    let _ = diagnostic.to_string();
    let _ = render_like_cli(diagnostic);
}

/// A diagnostic as `quire` prints it (engine/cli/src/report.rs, human form,
/// no colour). The command falls back to the bare message when
/// codespan-reporting refuses the span and says that cannot happen, so here
/// a refusal fails the run.
pub fn render_like_cli(d: &Diagnostic) -> String {
    let level = match d.severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
    };
    let file_name = d
        .file
        .as_deref()
        .map(|f| f.display().to_string())
        .unwrap_or_default();
    let mut notes = Vec::new();
    let mut report = Report::new(level).with_message(&d.message);
    let mut text: &str = "";
    let short;
    match (&d.location, &d.source_text) {
        (Some(location), Some(source)) => {
            // As the command does: a very long line is quoted around the span.
            short = quire_core::source::shortened(source, location.span.clone());
            let span = match &short {
                Some((shortened, span)) => {
                    text = shortened;
                    span.clone()
                }
                None => {
                    text = source;
                    location.span.clone()
                }
            };
            report = report.with_labels(vec![Label::primary((), span)]);
        }
        _ => {
            if d.file.is_some() {
                notes.push(format!("in {file_name}"));
            }
        }
    }
    notes.extend(d.hints.iter().map(|h| format!("hint: {h}")));
    report = report.with_notes(notes);
    let config = Config {
        display_style: DisplayStyle::Rich,
        chars: Chars::ascii(),
        ..Config::default()
    };
    let file = SimpleFile::new(file_name, text);
    let mut buffer = Buffer::no_color();
    term::emit_to_write_style(&mut buffer, &config, &file, &report)
        .unwrap_or_else(|e| panic!("codespan-reporting refused the diagnostic: {e}\n{d:?}"));
    String::from_utf8_lossy(buffer.as_slice()).into_owned()
}

/// Resolves a document of these blocks as the pipeline does (the house
/// style's numbering depth); problems are only formatted, never fatal.
pub fn resolve(body: Vec<Block>, appendices: Vec<Block>) {
    let mut document = Document::new(META.clone());
    document.body = body;
    document.appendices = appendices;
    let options = ResolveOptions {
        numbered_depth: STYLE.headings.numbered_depth,
        vocabulary: STYLE.vocabulary.clone(),
        table_widths: STYLE.table_widths(),
    };
    let charts = quire_chart::Charts::new(&STYLE);
    let (_resolved, errors) = quire_model::resolve(document, options, &charts);
    for error in &errors {
        let _ = error.to_string();
    }
}
