//! End to end: absurd input gives a clear error or a correct result, never a
//! hang, a crash or memory without bound. A data file of 100 MB is refused
//! unread; a table of 100,000 rows is refused before typesetting; nesting
//! thousands deep is an error at its line; a million-character string is
//! typeset whole. Every error is quoted around its column, not a whole
//! megabyte line.

mod common;

use std::path::Path;

use common::{copy_project, docx_part, edit, fails_with, quire};

fn append(path: &Path, text: &str) {
    let mut all = std::fs::read_to_string(path).unwrap();
    all.push_str(text);
    std::fs::write(path, all).unwrap();
}

#[test]
fn a_hundred_megabyte_data_file_is_refused_without_being_read() {
    let p = copy_project();
    let data = p.path().join("sections/data/overview.toml");
    // The real size on disk would only slow the test: the size is the point.
    let file = std::fs::OpenOptions::new()
        .append(true)
        .open(&data)
        .unwrap();
    file.set_len(100 * 1024 * 1024).unwrap();
    fails_with(
        p.path(),
        &[
            "sections/data/overview.toml",
            "it is 100.0 MiB, and Quire reads text files (manifest, style, data, prose) of at most 8.0 MiB",
        ],
    );
}

#[test]
fn a_table_of_a_hundred_thousand_rows_is_refused_before_typesetting() {
    let p = copy_project();
    let mut table = String::from("\n\n| Ward | Incidents |\n|---|---:|\n");
    for i in 0..100_000 {
        table.push_str(&format!("| Ward {i} | {} |\n", i % 97));
    }
    append(&p.path().join("sections/prose/glossary.md"), &table);
    let started = std::time::Instant::now();
    fails_with(
        p.path(),
        &[
            "sections/quire.toml:",
            "it has 100001 rows, and a table may have at most 10000",
            "publish a table that long as a spreadsheet",
        ],
    );
    // Refused before Typst sees it (typesetting it takes minutes and GBs).
    assert!(started.elapsed() < std::time::Duration::from_secs(60));
}

#[test]
fn nesting_thousands_deep_is_an_error_at_its_line() {
    // Markdown: quotes and lists.
    for (deep, line) in [
        (format!("\n\n{}deep\n", "> ".repeat(100_000)), 3),
        (
            (0..2_000)
                .map(|i| format!("{}- item\n", "  ".repeat(i)))
                .collect::<String>(),
            33, // the 33rd level
        ),
    ] {
        let p = copy_project();
        let prose = p.path().join("sections/prose/glossary.md");
        let before = std::fs::read_to_string(&prose).unwrap().lines().count();
        append(&prose, &deep);
        let at = format!("sections/prose/glossary.md:{}:", before + line);
        let stderr = fails_with(p.path(), &[&at, "nested more than 32 deep"]);
        assert!(stderr.len() < 4_000, "the error quotes a window: {stderr}");
    }

    // TOML: arrays and inline tables, as deep as a file can hold.
    for deep in [
        format!("deep = {}{}\n", "[".repeat(100_000), "]".repeat(100_000)),
        format!("deep = {}1{}\n", "{a=".repeat(50_000), "}".repeat(50_000)),
    ] {
        let p = copy_project();
        append(&p.path().join("sections/data/overview.toml"), &deep);
        let stderr = fails_with(
            p.path(),
            &["sections/data/overview.toml:", "max recursion depth"],
        );
        assert!(stderr.len() < 4_000, "the error quotes a window: {stderr}");
    }
}

#[test]
fn a_million_character_string_is_typeset_whole() {
    let p = copy_project();
    // One paragraph of a million characters, numbered so any loss shows.
    let words: Vec<String> = (0..100_000).map(|i| format!("w{i:08}")).collect();
    let paragraph = words.join(" ") + " ";
    assert_eq!(paragraph.chars().count(), 1_000_000);
    append(
        &p.path().join("sections/prose/glossary.md"),
        &format!("\n\n{paragraph}\n"),
    );
    // And a million-character word in a data field.
    let word = "q".repeat(1_000_000);
    edit(
        &p.path().join("sections/data/overview.toml"),
        "summary = \"\"\"\n",
        &format!("summary = \"\"\"\n{word} "),
    );
    let out = quire(p.path(), &["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let docx = std::fs::read(p.path().join("out/hate-crime-strategy.docx")).unwrap();
    let xml = docx_part(&docx, "word/document.xml");
    assert!(
        xml.contains(paragraph.trim_end()),
        "the Word copy has it whole"
    );
    assert!(xml.contains(&word));
    let pdf = common::pdf_text(&p.path().join("out/hate-crime-strategy.pdf"));
    let numbered =
        |w: &&str| w.len() == 9 && w.starts_with('w') && w[1..].bytes().all(|b| b.is_ascii_digit());
    let mut found: Vec<&str> = pdf.split(' ').filter(numbered).collect();
    assert!(
        found.windows(2).all(|w| w[0] < w[1]),
        "the PDF has the words in order"
    );
    found.dedup();
    assert_eq!(found.len(), words.len(), "every word is in the PDF once");
    // The long word is broken across lines, but every character is there.
    let qs = pdf.chars().filter(|c| *c == 'q').count();
    assert!(qs >= word.len(), "{qs} of {} q", word.len());
}
