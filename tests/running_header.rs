//! End to end: the running header and footer put the document's title,
//! version and date in place of `{title}`, `{version}` and `{date}`, and
//! never read what they put there again: a title holding `{page}`,
//! `{pages}` or `{version}` prints as written in both outputs.

use crate::common;

use common::{copy_project, edit, pdf_text, quire};

const TITLE: &str = "Plan {page} of {pages}, {version} {date} {title}";
const VERSION: &str = "v{title}{page}";

/// The `w:t` text of a Word part, in order.
fn text_of(part: &str) -> String {
    let doc = roxmltree::Document::parse(part).unwrap();
    doc.descendants()
        .filter(|n| n.tag_name().name() == "t")
        .filter_map(|n| n.text())
        .collect()
}

fn occurrences(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn placeholders_in_the_title_and_version_print_as_written() {
    let project = copy_project();
    let p = project.path();
    let manifest = p.join("sections/quire.toml");
    edit(
        &manifest,
        "title = \"Hate Crime Strategy 2004–2007\"",
        &format!("title = {:?}", TITLE),
    );
    edit(
        &manifest,
        "version = \"1.0\"",
        &format!("version = {:?}", VERSION),
    );
    let out = quire(p, &["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Word: the header holds the values as text, and no field; the footer's
    // own `{page}` and `{pages}` are its only fields.
    let docx = std::fs::read(p.join("out/hate-crime-strategy.docx")).unwrap();
    let parts = quire_docx::package::read_parts(&docx).unwrap();
    let headers: Vec<String> = parts
        .iter()
        .filter(|part| part.name.starts_with("word/header"))
        .map(|part| String::from_utf8(part.bytes.clone()).unwrap())
        .collect();
    let header = headers.concat();
    let header_text: String = headers.iter().map(|h| text_of(h)).collect();
    assert!(header_text.contains(TITLE), "{header}");
    assert!(
        header_text.contains(&format!("Version {VERSION}, ")),
        "{header}"
    );
    assert!(!header.contains("PAGE"), "{header}");
    let footers: String = parts
        .iter()
        .filter(|part| part.name.starts_with("word/footer"))
        .map(|part| String::from_utf8(part.bytes.clone()).unwrap())
        .collect();
    assert!(
        footers.contains(" PAGE ") && footers.contains(" NUMPAGES "),
        "{footers}"
    );

    // PDF: every page after the first has the header, with the title and
    // version as written.
    let text = pdf_text(&p.join("out/hate-crime-strategy.pdf"));
    let titles = occurrences(&text, TITLE);
    let versions = occurrences(&text, &format!("Version {VERSION}, "));
    assert!(titles >= 10, "the title is printed {titles} times:\n{text}");
    assert!(versions >= 10, "the version is printed {versions} times");
}
