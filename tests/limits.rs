//! End to end: absurd input gives a clear error or a correct result, never a
//! hang, a crash or memory without bound. A data file of 100 MB is refused
//! unread; a table of 100,000 rows is refused before typesetting; nesting
//! thousands deep is an error at its line; a million-character string is
//! typeset whole. Every error is quoted around its column, not a whole
//! megabyte line.

use crate::common;

#[path = "../engine/cli/benches/common/generate.rs"]
mod generate;

use std::path::Path;

use common::{append, copy_project, docx_part, edit, fails_with, quire};

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
    let glossary = p.path().join("sections/prose/glossary.md");
    let table_line = std::fs::read_to_string(&glossary).unwrap().lines().count() + 3;
    append(&glossary, &table);
    let started = std::time::Instant::now();
    fails_with(
        p.path(),
        &[
            // At the table's first line, where the author wrote it.
            &format!("sections/prose/glossary.md:{table_line}:1"),
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

/// Adds a `prose` section to the shipped manifest, its body written to
/// `sections/prose/<id>.md` (and its data, if any, to
/// `sections/data/<id>.toml`). Returns the manifest's line of its id.
fn add_section(project: &Path, id: &str, body: &str, data: Option<&str>) -> usize {
    let sections = project.join("sections");
    std::fs::write(sections.join(format!("prose/{id}.md")), body).unwrap();
    let mut entry = format!(
        "\n[[sections]]\nid = \"{id}\"\nplugin = \"prose\"\nprose = {{ body = \"prose/{id}.md\" }}\n"
    );
    if let Some(data) = data {
        std::fs::write(sections.join(format!("data/{id}.toml")), data).unwrap();
        entry.push_str(&format!("data = \"data/{id}.toml\"\n"));
    }
    let manifest = sections.join("quire.toml");
    append(&manifest, &entry);
    let text = std::fs::read_to_string(&manifest).unwrap();
    let needle = format!("id = \"{id}\"");
    text.lines().position(|l| l == needle).unwrap() + 1
}

/// Builds a project whose document is over its budget: exit code 1, the
/// expected words, the section's line in the manifest, nothing written,
/// and all of it in seconds, since the budget is checked before Typst
/// sees the document.
fn over_budget(project: &Path, line: usize, expected: &[&str]) -> String {
    let started = std::time::Instant::now();
    let at = format!("sections/quire.toml:{line}:");
    let mut all = vec![at.as_str(), "a document may take at most"];
    all.extend(expected);
    let stderr = fails_with(project, &all);
    let took = started.elapsed();
    assert!(
        took < std::time::Duration::from_secs(30),
        "refused before typesetting, in {took:?}"
    );
    stderr
}

#[test]
fn many_maximal_tables_are_over_the_document_budget() {
    let p = copy_project();
    // Thirteen tables of 10,000 rows (a header and 9,999) and two columns:
    // each is within the table limit, together 260,000 cells.
    let mut body = String::from("# Data tables\n\n");
    for t in 1..=13 {
        body.push_str(&format!("Table {t}.\n\n| Ward | Incidents |\n|---|---:|\n"));
        for r in 0..9_999 {
            body.push_str(&format!("| {r} | {} |\n", r % 97));
        }
        body.push('\n');
    }
    let line = add_section(p.path(), "data-tables", &body, None);
    over_budget(
        p.path(),
        line,
        &[
            "section `data-tables` has 260,000 table cells of the document's 26",
            "typesetting the document would take about",
            "publish data that big as a spreadsheet beside the document",
        ],
    );
}

#[test]
fn a_flood_of_paragraphs_from_data_is_over_the_budget_and_its_sections_named() {
    let p = copy_project();
    // What a plugin returning hundreds of thousands of paragraphs does, from
    // a data file and a prose template: two sections, 250,000 paragraphs.
    let mut lines = 0;
    for (id, count) in [("flood-a", 150_000), ("flood-b", 100_000)] {
        let items = vec!["\"x\""; count].join(",");
        let data = format!("items = [{items}]\n");
        let body =
            format!("# Flood {id}\n\n{{{{#each data.items}}}}{{{{this}}}}\n\n{{{{/each}}}}\n");
        let line = add_section(p.path(), id, &body, Some(&data));
        if id == "flood-a" {
            lines = line;
        }
    }
    let stderr = over_budget(
        p.path(),
        lines,
        &[
            "section `flood-a` has 150,001 paragraphs and other blocks of the document's",
            "then section `flood-b` (",
            "split the document into volumes",
        ],
    );
    assert!(stderr.contains("section `flood-a` takes"), "{stderr}");
}

#[test]
fn ten_million_characters_in_few_paragraphs_are_over_the_budget() {
    let p = copy_project();
    // Two sections of five paragraphs of a million characters each (each
    // file within the 8 MiB a text file may have).
    let word = "abcdefghi ";
    let paragraph = word.repeat(100_000);
    let lines: Vec<usize> = ["long-a", "long-b"]
        .iter()
        .map(|id| {
            let body = format!("# Long {id}\n\n{}", format!("{paragraph}\n\n").repeat(5));
            add_section(p.path(), id, &body, None)
        })
        .collect();
    // The two take as much: the first is named, and the other after it.
    let stderr = over_budget(
        p.path(),
        lines[0],
        &[
            "section `long-a` has 5,000,00",
            "characters of the document's 10,",
            "then section `long-b` (1.9 GiB)",
        ],
    );
    assert!(
        !stderr.contains("section `plan`"),
        "only the sections that count are named: {stderr}"
    );
}

#[test]
fn footnotes_and_headings_by_the_ten_thousand_are_over_the_budget() {
    let p = copy_project();
    // Two notes to a paragraph: 60,000 footnotes.
    let notes: String = (0..30_000)
        .map(|i| {
            format!("Claim {i}[^a{i}][^b{i}]\n\n[^a{i}]: Source {i}.\n\n[^b{i}]: Other {i}.\n\n")
        })
        .collect();
    let line = add_section(p.path(), "notes", &format!("# Notes\n\n{notes}"), None);
    over_budget(
        p.path(),
        line,
        &[
            "section `notes` has 60,000 footnotes of the document's 60,0",
            "gather the notes into a list of sources at the end",
        ],
    );

    let p = copy_project();
    let headings: String = (0..26_000).map(|i| format!("## Heading {i}\n\n")).collect();
    let line = add_section(
        p.path(),
        "headings",
        &format!("# Headings\n\n{headings}"),
        None,
    );
    over_budget(
        p.path(),
        line,
        &[
            "section `headings` has 26,001 headings of the document's 26,",
            "make the smallest headings bold paragraphs",
        ],
    );
}

#[test]
fn the_shipped_strategy_and_a_400_page_document_are_far_inside_the_budget() {
    use quire_core::budget::{BUDGET, estimate};
    let registry = quire::builtins::registry();
    let work = tempfile::tempdir().unwrap();
    generate::generate(&common::repo(), work.path(), 100);
    for (manifest, share) in [
        (common::repo().join("sections/quire.toml"), 50),
        (work.path().join("quire.toml"), 5),
    ] {
        let assembled =
            quire_core::assemble(&manifest, &registry).unwrap_or_else(|e| panic!("{e}"));
        let size = assembled.size;
        let estimate = estimate(&size);
        assert!(
            estimate < BUDGET / share,
            "{}: {size:?} is estimated at {estimate} bytes, over 1/{share} of the budget",
            manifest.display()
        );
    }
}
