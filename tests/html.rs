//! End to end: the HTML edition — written with the PDF and the Word copy,
//! saying everything the resolved document says in the same order, and,
//! opened in Chromium, free of axe-core's WCAG 2.2 A and AA violations,
//! reflowing to 320 CSS pixels and asking nothing of the network.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{builds, copy_project, quire, squash};
use quire_model::resolved::{Block, Inline};
use quire_model::{ResolvedDocument, walk};

/// The strategy's page with its assets may weigh at most this (the issue's
/// budget: a page a phone on a slow network opens at once).
const BUDGET: usize = 1024 * 1024;

/// Builds the shipped strategy into a temporary copy; returns the copy and
/// its output folder.
fn built() -> (tempfile::TempDir, PathBuf) {
    let project = copy_project();
    builds(project.path());
    let dir = project.path().join("out");
    (project, dir)
}

fn out_files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    names.sort();
    names
}

#[test]
fn the_html_edition_is_written_with_the_pdf_and_the_word_copy() {
    let project = copy_project();
    let out = quire(project.path(), &["build"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stdout}");
    assert!(
        stdout.contains("wrote out/hate-crime-strategy.html"),
        "{stdout}"
    );
    let dir = project.path().join("out");
    assert_eq!(
        out_files(&dir),
        [
            "hate-crime-strategy.docx",
            "hate-crime-strategy.html",
            "hate-crime-strategy.pdf"
        ]
    );
    // Everything is in the one file: no folder of assets beside it.
    let page = std::fs::metadata(dir.join("hate-crime-strategy.html")).unwrap();
    assert!(
        (page.len() as usize) < BUDGET,
        "the page weighs {} bytes",
        page.len()
    );

    // `--only` chooses; the HTML edition alone is made without the others.
    let only = project.path().join("only");
    let out = quire(
        project.path(),
        &["--verbose", "build", "--only", "html", "--out", "only"],
    );
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stages = stdout
        .lines()
        .find(|l| l.contains("assemble "))
        .unwrap_or_else(|| panic!("no stage times: {stdout}"));
    assert!(
        stages.contains("html ") && !stages.contains("pdf") && !stages.contains("layout"),
        "no pages are laid out for the HTML edition alone: {stages}"
    );
    assert_eq!(out_files(&only), ["hate-crime-strategy.html"]);
    let out = quire(
        project.path(),
        &["build", "--only", "pdf,docx", "--out", "two"],
    );
    assert!(out.status.success());
    assert_eq!(
        out_files(&project.path().join("two")),
        ["hate-crime-strategy.docx", "hate-crime-strategy.pdf"]
    );
    // Two builds give the same page.
    assert_eq!(
        std::fs::read(only.join("hate-crime-strategy.html")).unwrap(),
        std::fs::read(dir.join("hate-crime-strategy.html")).unwrap()
    );
}

/// The page's text, as a reader meets it: the main text (without the
/// contents, which repeat the headings), and the notes' texts in order.
/// Charts' drawings are left out (their words are in the alternative text
/// and the data table).
fn page_texts(html: &str) -> (String, Vec<String>) {
    use html5gum::{Token, Tokenizer};
    let mut main = String::new();
    let mut notes: Vec<String> = Vec::new();
    let mut skip = 0usize;
    let mut in_main = false;
    let mut in_notes = false;
    let mut in_note = false;
    for token in Tokenizer::new(html) {
        match token.unwrap() {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).into_owned();
                let class = tag
                    .attributes
                    .get(b"class".as_slice())
                    .map(|c| String::from_utf8_lossy(c).into_owned())
                    .unwrap_or_default();
                match name.as_str() {
                    "head" | "nav" | "svg" => skip += 1,
                    "main" => in_main = true,
                    "ol" if class == "notes" => in_notes = true,
                    "li" if in_notes => {
                        in_note = true;
                        notes.push(String::new());
                    }
                    "a" if class == "back-link" => skip += 1,
                    _ => {}
                }
            }
            Token::EndTag(tag) => match tag.name.as_slice() {
                b"head" | b"nav" | b"svg" => skip -= 1,
                b"a" if in_note && skip > 0 => skip -= 1,
                b"li" if in_notes => in_note = false,
                b"ol" if in_notes => in_notes = false,
                b"main" => in_main = false,
                _ => {}
            },
            Token::String(text) if skip == 0 => {
                let text = String::from_utf8_lossy(&text);
                if in_note {
                    notes.last_mut().unwrap().push_str(&text);
                } else if in_main && !in_notes {
                    main.push_str(&text);
                }
            }
            _ => {}
        }
    }
    (main, notes)
}

/// What a reader sees of inline content: marks dropped, cross-references as
/// their words, a footnote as its number (counted in `notes`).
fn visible(inlines: &[Inline], notes: &mut usize, out: &mut String) {
    for inline in inlines {
        match inline {
            Inline::Text(s) | Inline::Code(s) => out.push_str(s),
            Inline::Footnote(_) => {
                *notes += 1;
                out.push_str(&notes.to_string());
            }
            Inline::Ref { label, target, .. } => {
                out.push_str(target.as_ref().map_or(label, |t| &t.display))
            }
            Inline::LineBreak => out.push(' '),
            other => visible(other.children(), notes, out),
        }
    }
}

/// Every paragraph, heading, list item, table cell and caption of the
/// resolved document, in reading order, with the footnotes' paragraphs
/// apart (in the order their marks come).
fn model_texts(document: &ResolvedDocument) -> (Vec<String>, Vec<String>) {
    let mut texts = Vec::new();
    let mut notes_seen = 0usize;
    let mut footnotes = Vec::new();
    for part in [document.front(), document.body(), document.appendices()] {
        for block in part {
            collect(block, &mut texts, &mut notes_seen);
        }
    }
    document.walk_inlines(&mut |inline| {
        if let Inline::Footnote(blocks) = inline {
            let mut text = String::new();
            let mut ignored = usize::MAX / 2;
            walk::blocks(blocks, &mut |b| {
                if let Block::Paragraph { content, .. } = b {
                    visible(content, &mut ignored, &mut text);
                }
            });
            footnotes.push(text);
        }
    });
    assert_eq!(notes_seen, footnotes.len());
    (texts, footnotes)
}

/// One text of inline content, if it prints any.
fn line(inlines: &[Inline], texts: &mut Vec<String>, notes: &mut usize) {
    let mut text = String::new();
    visible(inlines, notes, &mut text);
    if !text.trim().is_empty() {
        texts.push(text);
    }
}

/// A block's texts, in order (footnotes' contents are not walked: they are
/// read apart).
fn collect(block: &Block, texts: &mut Vec<String>, notes: &mut usize) {
    match block {
        Block::Paragraph { content, .. } => line(content, texts, notes),
        Block::Heading(h) => line(&h.content, texts, notes),
        Block::BulletList { items, .. } | Block::OrderedList { items, .. } => {
            for item in items {
                item.iter().for_each(|b| collect(b, texts, notes));
            }
        }
        Block::DefinitionList(definitions) => {
            for d in definitions {
                line(&d.term, texts, notes);
                d.details.iter().for_each(|b| collect(b, texts, notes));
            }
        }
        Block::Table(t) => {
            if let Some(caption) = &t.caption {
                line(caption, texts, notes);
            }
            for row in t.header.iter().chain(&t.body) {
                for cell in &row.cells {
                    cell.content.iter().for_each(|b| collect(b, texts, notes));
                }
            }
            t.notes.iter().for_each(|b| collect(b, texts, notes));
        }
        Block::Figure(f) => line(&f.caption, texts, notes),
        Block::Quote {
            blocks,
            attribution,
        } => {
            blocks.iter().for_each(|b| collect(b, texts, notes));
            if let Some(a) = attribution {
                line(a, texts, notes);
            }
        }
        Block::Callout { title, blocks, .. } => {
            if let Some(t) = title {
                line(t, texts, notes);
            }
            blocks.iter().for_each(|b| collect(b, texts, notes));
        }
        Block::Div { blocks, .. } => blocks.iter().for_each(|b| collect(b, texts, notes)),
        Block::PageBreak => {}
    }
}

/// Finds each text in `haystack` after the one before; panics showing
/// where the order broke.
fn in_order(texts: &[String], haystack: &str, what: &str) {
    let haystack = squash(haystack);
    let mut at = 0;
    for text in texts {
        let needle = squash(text);
        match haystack[at..].find(&needle) {
            Some(i) => at += i + needle.len(),
            None => {
                let near = haystack.ceil_char_boundary(at);
                let end = haystack.floor_char_boundary((near + 120).min(haystack.len()));
                panic!(
                    "not in {what} after what came before: {text:?}\n{what} goes on {:?}",
                    &haystack[near..end]
                );
            }
        }
    }
}

fn parity(manifest: &Path, profile: Option<&str>) {
    let options = quire::build::Options {
        profile: profile.map(str::to_string),
        formats: quire::build::Formats::only(["html"]),
        ..Default::default()
    };
    let made = quire::build::make(manifest, &options).unwrap_or_else(|e| panic!("{e}"));
    let html = String::from_utf8(made.output("html").expect("asked for").bytes.clone()).unwrap();
    let (texts, footnotes) = model_texts(&made.assembled.document);
    assert!(texts.len() > 300, "{} texts", texts.len());
    assert!(!footnotes.is_empty());
    let (main, notes) = page_texts(&html);
    in_order(&texts, &main, "the page's text");
    assert_eq!(notes.len(), footnotes.len(), "one note for each footnote");
    for (i, (note, footnote)) in notes.iter().zip(&footnotes).enumerate() {
        assert!(
            squash(note).contains(&squash(footnote)),
            "note {} reads {note:?}, not {footnote:?}",
            i + 1
        );
    }
}

#[test]
fn the_page_says_everything_the_document_says_in_the_same_order() {
    let project = copy_project();
    let manifest = project.path().join("sections/quire.toml");
    parity(&manifest, None);
    parity(&manifest, Some("committee"));
}

/// The environment's Python, if it can drive Chromium (Playwright), and
/// axe-core's script (`AXE_CORE_JS`); on CI all must be there.
fn browser() -> Option<(String, PathBuf)> {
    let python = std::env::var("QUIRE_PYTHON").unwrap_or_else(|_| "python3".into());
    let playwright = Command::new(&python)
        .args(["-c", "import playwright.sync_api"])
        .output()
        .is_ok_and(|o| o.status.success());
    let chromium = Path::new("/usr/bin/chromium").exists();
    let axe = std::env::var_os("AXE_CORE_JS")
        .map(PathBuf::from)
        .filter(|p| p.exists());
    match (playwright, chromium, axe) {
        (true, true, Some(axe)) => Some((python, axe)),
        found => {
            assert!(
                std::env::var_os("CI").is_none(),
                "CI needs Playwright, /usr/bin/chromium and AXE_CORE_JS (.ci/run installs them): {found:?}"
            );
            eprintln!(
                "skipping: the browser check needs Playwright for {python}, /usr/bin/chromium and AXE_CORE_JS ({found:?})"
            );
            None
        }
    }
}

/// Opens the page in Chromium and checks it as the issue asks.
fn check_in_browser(page: &Path, name: &str) {
    let Some((python, axe)) = browser() else {
        return;
    };
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("html-screenshots");
    let out = Command::new(python)
        .arg(common::repo().join("tests/browser/check_page.py"))
        .arg(page)
        .arg("--axe")
        .arg(&axe)
        .arg("--shots")
        .arg(&shots)
        .args(["--name", name])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let violations = report["violations"].as_array().unwrap();
    assert!(
        violations.is_empty(),
        "axe-core finds WCAG 2.2 A/AA violations in {name}: {}",
        serde_json::to_string_pretty(violations).unwrap()
    );
    assert!(report["passes"].as_u64().unwrap() > 10, "{report}");
    assert_eq!(
        report["requests"].as_array().unwrap().len(),
        0,
        "the page asked the network: {}",
        report["requests"]
    );
    for width in ["320", "768", "1280"] {
        let w = &report["widths"][width];
        assert!(
            w["scroll"].as_u64() <= w["window"].as_u64(),
            "{name} scrolls sideways at {width} px: {w}"
        );
        assert!(
            w["fonts"].as_u64().unwrap() >= 3,
            "the house fonts load: {w}"
        );
        assert!(shots.join(format!("{name}-{width}.png")).exists());
    }
}

#[test]
fn the_strategy_passes_axe_reflows_and_stays_on_the_machine() {
    let (_project, dir) = built();
    check_in_browser(&dir.join("hate-crime-strategy.html"), "strategy");
}

#[test]
fn the_starter_project_passes_axe_reflows_and_stays_on_the_machine() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("starter");
    let out = quire(dir.path(), &["init", "starter"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = quire(&project, &["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page = std::fs::read_dir(project.join("out"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "html"))
        .expect("the starter writes an HTML edition");
    check_in_browser(&page, "starter");
}
