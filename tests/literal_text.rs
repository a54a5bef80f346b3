//! End to end: strings in data reach the PDF literally, whatever Typst,
//! Markdown, Handlebars or XML syntax they hold (only their quotation marks
//! and apostrophes are set typographically).

use crate::common;

use std::path::Path;

use common::{pdf_text, squash};
use proptest::prelude::*;

/// A copy of the probe fixture with the house style beside it.
fn probe_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let fixture = common::repo().join("tests/fixtures/literal");
    for file in [
        "quire.toml",
        "shared.toml",
        "prose/probe.md",
        "data/partnership.toml",
    ] {
        let target = dir.path().join(file);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(fixture.join(file), target).unwrap();
    }
    let styles = dir.path().join("styles");
    std::fs::create_dir_all(styles.join("fonts")).unwrap();
    for file in ["house.toml", "quire.typ"] {
        std::fs::copy(common::repo().join("styles").join(file), styles.join(file)).unwrap();
    }
    for font in std::fs::read_dir(common::repo().join("styles/fonts")).unwrap() {
        let font = font.unwrap();
        std::fs::copy(font.path(), styles.join("fonts").join(font.file_name())).unwrap();
    }
    dir
}

/// Puts `probe` in the shared data (read by a prose template) and in the
/// partnership data (a table's group row), builds, and returns the PDF text.
fn build_with(project: &Path, probe: &str) -> String {
    let quoted = toml::Value::String(probe.to_string()).to_string();
    std::fs::write(project.join("shared.toml"), format!("probe = {quoted}\n")).unwrap();
    let data = std::fs::read_to_string(project.join("data/partnership.toml")).unwrap();
    let data: String = data
        .lines()
        .map(|l| {
            if l.starts_with("name = ") && !l.contains("Agency") {
                format!("name = {quoted}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    std::fs::write(project.join("data/partnership.toml"), data).unwrap();
    let options = quire::build::Options {
        formats: quire::build::Formats::only(["pdf"]),
        ..Default::default()
    };
    let report = quire::build::build(&project.join("quire.toml"), &options)
        .unwrap_or_else(|e| panic!("{e}"));
    pdf_text(report.path("pdf").unwrap())
}

fn occurrences(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn markup_in_data_is_printed_not_obeyed() {
    let project = probe_project();
    let nasty = r#"#set text(fill: red) $x^2$ *bold* _it_ <b>&amp;</b> @sec-probe [^1] {{shared.probe}} \ // `code` = [link](x)"#;
    let text = build_with(project.path(), nasty);
    assert_eq!(occurrences(&squash(&text), &squash(nasty)), 2, "{text}");
}

fn probe_char() -> impl Strategy<Value = char> {
    prop_oneof![
        4 => prop::char::range(' ', '~'),
        1 => prop::char::range('¡', '¬'),
        1 => prop::char::range('®', 'ÿ'),
        1 => prop::char::range('Α', 'Ρ'),
        1 => prop::char::range('α', 'ω'),
        1 => prop::char::range('А', 'я'),
        1 => prop::sample::select(vec!['‘', '’', '“', '”', '–', '—', '…', '•', '€', '£', '№']),
        2 => prop::sample::select(vec!['#', '$', '*', '_', '`', '<', '>', '@', '[', ']', '{', '}', '\\', '&', ';', '=', '/', '^', '~']),
    ]
}

fn probe_string() -> impl Strategy<Value = String> {
    prop::collection::vec(probe_char(), 1..24)
        .prop_map(String::from_iter)
        .prop_filter("needs something visible", |s| !s.trim().is_empty())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_text_in_data_appears_literally(probe in probe_string()) {
        let project = PROJECT.with(|p| p.path().to_path_buf());
        // Fenced with a character no probe contains, so a short probe ("a",
        // ":") cannot also match the page's own words.
        let fenced = format!("‡{probe}‡");
        let text = build_with(&project, &fenced);
        // As printed: with typographic quotes and apostrophes.
        let printed = quire_plugin::markdown::quotes::in_text(&fenced);
        prop_assert_eq!(occurrences(&squash(&text), &squash(&printed)), 2, "{}", text);
    }
}

thread_local! {
    static PROJECT: tempfile::TempDir = probe_project();
}
