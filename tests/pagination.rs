//! End to end: the Word copy, as LibreOffice lays it out, breaks pages like
//! the PDF. For the strategy and for the committee paper: at least 90% of
//! the chapter and section headings land on the PDF's page, every page
//! number the Word contents carry is the page LibreOffice puts the heading
//! on, no table's caption ends a page, each figure's page shows its chart,
//! and the page counts are within 5% of each other. LibreOffice finds the shipped fonts (Liberation Sans,
//! which the Word copy names as Arial) through a fontconfig file of the
//! test's own.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{copy_project, quire, tool};
use quire_docx::package::read_parts;
use quire_docx::xml::{self, Element};

/// A built project: its PDF, its Word copy and LibreOffice's PDF of it.
struct Rendered {
    _project: tempfile::TempDir,
    pdf: PathBuf,
    docx: PathBuf,
    word_pdf: PathBuf,
}

/// Builds the shipped project (with `profile`) and renders its Word copy
/// with LibreOffice; `None` where LibreOffice or poppler is missing (CI
/// insists on both).
fn rendered(profile: Option<&str>, name: &str) -> Option<Rendered> {
    if !tool("soffice", &["--version"]) || !tool("pdftotext", &["-v"]) {
        return None;
    }
    let project = copy_project();
    let mut args = vec!["build"];
    if let Some(profile) = profile {
        args.extend(["--profile", profile]);
    }
    let out = quire(project.path(), &args);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let pdf = project.path().join(format!("out/{name}.pdf"));
    let docx = project.path().join(format!("out/{name}.docx"));
    let fonts = project.path().join("fonts.conf");
    std::fs::write(
        &fonts,
        format!(
            "<?xml version=\"1.0\"?>\n<!DOCTYPE fontconfig SYSTEM \"fonts.dtd\">\n<fontconfig>\n\
             <include ignore_missing=\"yes\">/etc/fonts/fonts.conf</include>\n\
             <dir>{}</dir>\n<cachedir>{}</cachedir>\n</fontconfig>\n",
            common::repo().join("styles/fonts").display(),
            project.path().join("font-cache").display()
        ),
    )
    .unwrap();
    let dir = project.path().join("word");
    let out = Command::new("soffice")
        .env("FONTCONFIG_FILE", &fonts)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            project.path().join("lo-profile").display()
        ))
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(&dir)
        .arg(&docx)
        .output()
        .unwrap();
    let word_pdf = dir.join(format!("{name}.pdf"));
    assert!(
        word_pdf.exists(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(Rendered {
        _project: project,
        pdf,
        docx,
        word_pdf,
    })
}

/// Each page's lines, white space folded, as `pdftotext -layout` reads them.
fn pages(pdf: &Path) -> Vec<Vec<String>> {
    let out = Command::new("pdftotext")
        .args(["-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    text.split('\u{c}')
        .map(|page| page.lines().map(common::fold).collect())
        .collect()
}

/// A heading of the Word copy: its level, its words (the number is Word's
/// numbering, not text) and its bookmarks.
#[derive(Debug)]
struct Heading {
    level: u8,
    text: String,
    bookmarks: Vec<String>,
}

fn body(docx: &Path) -> Element {
    let parts = read_parts(&std::fs::read(docx).unwrap()).unwrap();
    let part = parts
        .into_iter()
        .find(|p| p.name == "word/document.xml")
        .unwrap();
    xml::parse(&part.bytes)
        .unwrap()
        .find("w:body")
        .unwrap()
        .clone()
}

fn style_of(p: &Element) -> Option<&str> {
    p.find("w:pPr")?.find("w:pStyle")?.get_attr("w:val")
}

/// The text of a paragraph's runs, outside fields' codes.
fn text_of(p: &Element) -> String {
    let mut text = String::new();
    p.walk(&mut |el| {
        if el.name == "w:t" {
            text.push_str(&el.text_content());
        } else if el.name == "w:tab" {
            text.push(' ');
        }
    });
    common::fold(&text)
}

fn headings(body: &Element) -> Vec<Heading> {
    body.elements()
        .filter(|p| p.name == "w:p")
        .filter_map(|p| {
            let level = match style_of(p)? {
                "Heading1" => 1,
                "Heading2" => 2,
                _ => return None,
            };
            let mut bookmarks = Vec::new();
            p.walk(&mut |el| {
                if el.name == "w:bookmarkStart"
                    && let Some(name) = el.get_attr("w:name")
                {
                    bookmarks.push(name.to_string());
                }
            });
            Some(Heading {
                level,
                text: text_of(p),
                bookmarks,
            })
        })
        .collect()
}

/// The line `line` with a heading number (`2.1`, `A.1`, `Appendix A`) taken
/// off its start.
fn without_number(line: &str) -> &str {
    let mut words = line.splitn(2, ' ');
    let first = words.next().unwrap_or_default();
    let rest = words.next().unwrap_or_default();
    let numeric = !first.is_empty()
        && first
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c.is_ascii_uppercase())
        && first
            .chars()
            .any(|c| c.is_ascii_digit() || first.len() == 1);
    if numeric {
        rest
    } else if let Some(rest) = line
        .strip_prefix("Appendix ")
        .and_then(|r| r.split_once(' '))
        .map(|(_, r)| r)
    {
        rest
    } else {
        line
    }
}

/// Whether `line` is (the start of) the heading `text` as set on a page: a
/// contents entry, which ends in dots and a page number, is not.
fn is_heading_line(line: &str, text: &str) -> bool {
    let bare = without_number(line);
    bare == text
        || line == text
        || (bare.chars().count() > 15
            && text.starts_with(bare)
            && !bare.ends_with(|c: char| c.is_ascii_digit()))
}

/// The page (from 1) each heading is found on, in order, each looked for
/// from the page of the one before.
fn heading_pages(pages: &[Vec<String>], headings: &[Heading]) -> Vec<Option<usize>> {
    let mut from = 0;
    headings
        .iter()
        .map(|h| {
            let found =
                (from..pages.len()).find(|&i| pages[i].iter().any(|l| is_heading_line(l, &h.text)));
            if let Some(i) = found {
                from = i;
            }
            found.map(|i| i + 1)
        })
        .collect()
}

/// The contents' entries: each `PAGEREF` field's bookmark and the page it
/// shows.
fn contents(body: &Element) -> Vec<(String, String)> {
    let mut entries = Vec::new();
    for p in body
        .elements()
        .filter(|p| style_of(p).is_some_and(|s| s.starts_with("TOC") && s != "TOCHeading"))
    {
        // The runs in order: the field code, then its result up to `end`.
        let mut code: Option<String> = None;
        let mut result = String::new();
        let mut in_result = false;
        p.walk(&mut |el| match el.name.as_str() {
            "w:instrText" => {
                let text = el.text_content();
                if text.trim_start().starts_with("PAGEREF") {
                    code = Some(text);
                }
            }
            "w:fldChar" => match el.get_attr("w:fldCharType") {
                Some("separate") => in_result = code.is_some(),
                Some("end") => in_result = false,
                _ => {}
            },
            "w:t" if in_result => result.push_str(&el.text_content()),
            _ => {}
        });
        let code = code.unwrap_or_else(|| panic!("a contents entry without a PAGEREF field"));
        let bookmark = code
            .split_whitespace()
            .nth(1)
            .unwrap_or_default()
            .to_string();
        entries.push((bookmark, result));
    }
    entries
}

/// The pixels of page `page` of `pdf` at 40 dpi, as RGB triples.
fn page_pixels(pdf: &Path, page: usize, dir: &Path) -> Vec<[u8; 3]> {
    let prefix = dir.join(format!("page-{page}"));
    let n = page.to_string();
    let status = Command::new("pdftoppm")
        .args(["-r", "40", "-f", &n, "-l", &n, "-singlefile"])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .unwrap();
    assert!(status.success());
    let ppm = std::fs::read(prefix.with_extension("ppm")).unwrap();
    // P6, width, height, 255, one white space each, then the pixels.
    let mut fields = 0;
    let mut at = 0;
    while fields < 4 {
        while ppm[at].is_ascii_whitespace() {
            at += 1;
        }
        while !ppm[at].is_ascii_whitespace() {
            at += 1;
        }
        fields += 1;
    }
    ppm[at + 1..]
        .chunks_exact(3)
        .map(|c| [c[0], c[1], c[2]])
        .collect()
}

fn colour(hex: &str) -> [u8; 3] {
    let v = u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap();
    [(v >> 16) as u8, (v >> 8) as u8, v as u8]
}

fn check(profile: Option<&str>, name: &str, style: &str) {
    let Some(r) = rendered(profile, name) else {
        return;
    };
    let pdf_pages = pages(&r.pdf);
    let word_pages = pages(&r.word_pdf);
    // A trailing form feed ends the last page.
    let count = |p: &[Vec<String>]| p.iter().filter(|p| !p.is_empty()).count();
    let (pdf_count, word_count) = (count(&pdf_pages), count(&word_pages));
    let body = body(&r.docx);
    let headings = headings(&body);
    assert!(headings.len() > 20, "{} headings", headings.len());

    // Headings on the same page.
    let in_pdf = heading_pages(&pdf_pages, &headings);
    let in_word = heading_pages(&word_pages, &headings);
    let report: Vec<String> = headings
        .iter()
        .zip(in_pdf.iter().zip(&in_word))
        .map(|(h, (p, w))| format!("{} {:?} pdf {p:?} word {w:?}", h.level, h.text))
        .collect();
    let same = in_pdf
        .iter()
        .zip(&in_word)
        .filter(|(p, w)| p.is_some() && p == w)
        .count();
    assert!(
        same * 10 >= headings.len() * 9,
        "{same} of {} headings on the PDF's page:\n{}",
        headings.len(),
        report.join("\n")
    );

    // Every number in the Word contents is LibreOffice's page.
    let entries = contents(&body);
    assert!(entries.len() > 20, "{} contents entries", entries.len());
    for (bookmark, shown) in &entries {
        let at = headings
            .iter()
            .position(|h| h.bookmarks.contains(bookmark))
            .unwrap_or_else(|| panic!("no heading has the bookmark {bookmark}"));
        let page = in_word[at].map(|p| p.to_string()).unwrap_or_default();
        assert_eq!(
            shown,
            &page,
            "the contents say {:?} is on page {shown}; LibreOffice puts it on {page}\n{}",
            headings[at].text,
            report.join("\n")
        );
    }

    // The page counts agree within 5%.
    assert!(
        pdf_count.abs_diff(word_count) * 20 <= pdf_count,
        "PDF {pdf_count} pages, Word copy {word_count}"
    );

    let style = quire_style::Style::from_toml(
        &std::fs::read_to_string(common::repo().join("styles").join(style)).unwrap(),
    )
    .unwrap();

    // A table's caption never ends a page: it stands on the page of its
    // table's header and first two rows (at least three more lines).
    for (what, pages) in [("PDF", &pdf_pages), ("Word copy", &word_pages)] {
        for (i, page) in pages.iter().enumerate() {
            // The running header and footer are the first and last lines.
            let body: Vec<&String> = page.iter().filter(|l| !l.is_empty()).collect();
            let body = &body[1.min(body.len())..body.len().saturating_sub(1)];
            for (at, line) in body.iter().enumerate() {
                let caption = line.starts_with(&format!("{} ", style.vocabulary.table))
                    && line.contains(": ");
                assert!(
                    !caption || body.len() - at > 3,
                    "page {} of the {what} ends {} line(s) after the caption {line:?}",
                    i + 1,
                    body.len() - at - 1
                );
            }
        }
    }

    // Each figure's page shows its chart: the first series' colour.
    let series = colour(&style.charts.palette[0]);
    let mut figures = 0;
    for (i, page) in word_pages.iter().enumerate() {
        let captions = page
            .iter()
            .filter(|l| l.starts_with(&format!("{} ", style.vocabulary.figure)) && l.contains(':'))
            .count();
        if captions == 0 {
            continue;
        }
        figures += captions;
        let pixels = page_pixels(&r.word_pdf, i + 1, r._project.path());
        let near = |p: &[u8; 3]| (0..3).all(|c| p[c].abs_diff(series[c]) <= 24);
        let shown = pixels.iter().filter(|p| near(p)).count();
        assert!(
            shown >= 100 * captions,
            "page {} of the Word copy has {captions} figure captions but {shown} pixels of the chart colour",
            i + 1
        );
    }
    assert!(figures >= 2, "{figures} figures found in the Word copy");
}

#[test]
fn the_strategys_word_copy_breaks_pages_like_its_pdf() {
    check(None, "hate-crime-strategy", "house.toml");
}

#[test]
fn the_committee_papers_word_copy_breaks_pages_like_its_pdf() {
    check(
        Some("committee"),
        "hate-crime-strategy-committee",
        "committee.toml",
    );
}
