//! End to end: problems found after the plugins ran point at where the
//! content was written, through the origins content carries (a prose
//! template's line and column, or a data item's path), never by searching
//! the files for the words; and what footnotes and plugins may hold is
//! checked by kind, at its line.

use crate::common;

use common::plugins::{add_section, fixture, install};
use common::{append, builds, copy_project, fails_with, quire};

/// The first diagnostic's location line (`--> file:line:column`) and its
/// message, which is what a golden test compares: the rest of the report
/// quotes the author's text.
fn headline(stderr: &str) -> String {
    let message = stderr
        .lines()
        .find(|l| l.starts_with("error") || l.starts_with("warning"))
        .unwrap_or_default();
    let location = stderr
        .lines()
        .find(|l| l.trim_start().starts_with("-->"))
        .unwrap_or_default()
        .trim();
    format!("{message}\n{location}")
}

#[test]
fn a_problem_with_words_written_twice_points_at_the_occurrence_at_fault() {
    // "The borough" is already a heading on line 3; the one added on line
    // 15 skips a level. A search for the words would find line 3.
    let p = copy_project();
    let prose = p.path().join("sections/prose/overview-intro.md");
    assert_eq!(std::fs::read_to_string(&prose).unwrap().lines().count(), 13);
    append(&prose, "\n### The borough\n\nAgain.\n");
    let stderr = fails_with(p.path(), &[]);
    insta::assert_snapshot!(headline(&stderr), @r"
    error: section `overview`: the heading “The borough” is level 4, but the heading before it is level 2: heading levels must not be skipped
    --> sections/prose/overview-intro.md:15:5
    ");
}

#[test]
fn a_problem_after_a_loop_points_at_the_template_line_not_the_rendered_one() {
    // The loop renders more lines than the template has: the heading on
    // template line 19 is further down in what the template rendered.
    let p = copy_project();
    let prose = p.path().join("sections/prose/overview-intro.md");
    append(
        &prose,
        "\n{{#each shared.themes}}\nOne strand.\n\n{{/each}}\n### Deep {{section.id}}\n\nText.\n",
    );
    let stderr = fails_with(p.path(), &[]);
    let head = headline(&stderr);
    assert!(
        head.contains("the heading “Deep overview” is level 4"),
        "{head}"
    );
    assert!(
        head.contains("sections/prose/overview-intro.md:19:5"),
        "{head}"
    );
}

/// A copy of the shipped project with the probe plugin installed and a
/// section `id` using it with `data`.
fn with_probe(id: &str, data: &str) -> tempfile::TempDir {
    let p = copy_project();
    install(p.path(), &fixture("probe"));
    add_section(p.path(), id, "probe", data);
    p
}

/// What `quire check` prints for `project`, which must pass.
fn checks(project: &tempfile::TempDir) -> String {
    let out = quire(project.path(), &["check"]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    stderr
}

#[test]
fn a_plugin_warning_points_at_the_data_item_it_is_about() {
    let p = with_probe(
        "warned",
        "mode = \"warn\"\nwarn_at = \"items[1].name\"\n\n[[items]]\nname = \"first\"\n\n[[items]]\nname = \"second\"\n",
    );
    let stderr = checks(&p);
    insta::assert_snapshot!(headline(&stderr), @r"
    warning: section `warned`: the probe warns about this item
    --> sections/data/warned.toml:8:8
    ");
}

#[test]
fn a_plugin_s_problems_past_a_hundred_are_counted_not_each_shown() {
    let p = with_probe(
        "warned",
        "mode = \"warn\"\ntimes = 150\nwarn_at = \"mode\"\n",
    );
    let stderr = checks(&p);
    assert_eq!(
        stderr.matches("the probe warns about this item").count(),
        100,
        "{stderr}"
    );
    assert!(
        stderr.contains("reported 50 more problems, not shown (the first 100 are)"),
        "{stderr}"
    );
}

#[test]
fn a_plugin_reports_every_error_at_once() {
    let p = with_probe("twice", "mode = \"fail_twice\"\nsay = 1\n");
    fails_with(
        p.path(),
        &[
            "sections/data/twice.toml:1:8",
            "the probe was asked to fail twice",
            "sections/data/twice.toml:2:7",
            "and this is the second reason",
        ],
    );
}

#[test]
fn a_table_or_a_figure_in_a_footnote_is_refused_at_its_line() {
    let p = copy_project();
    let prose = p.path().join("sections/prose/overview-intro.md");
    append(
        &prose,
        "\nSee the notes.[^t][^f]\n\n[^t]: Counts:\n\n    | a | b |\n    |---|---|\n    | 1 | 2 |\n\n[^f]: ![A map of the wards](map.png \"Wards\")\n",
    );
    fails_with(
        p.path(),
        &[
            "a footnote holds a table: footnotes may hold paragraphs, lists and quotations only",
            "sections/prose/overview-intro.md:19:5",
            "a footnote holds a figure",
            "sections/prose/overview-intro.md:23:7",
        ],
    );
}

#[test]
fn a_plugin_returning_raw_markup_is_refused_naming_the_plugin_and_the_section() {
    let p = copy_project();
    install(p.path(), &fixture("raw_block"));
    add_section(p.path(), "injected", "raw-block", "");
    let stderr = fails_with(
        p.path(),
        &[
            "section `injected`",
            "libraw_block",
            "a block of a type this engine does not know, at `blocks[0]`",
            "unknown variant `raw`",
        ],
    );
    assert!(!stderr.contains("injected]"), "{stderr}");
}

#[test]
fn a_footnote_holding_a_list_reaches_both_outputs() {
    let p = copy_project();
    let prose = p.path().join("sections/prose/overview-intro.md");
    append(
        &prose,
        "\nThree sources.[^s]\n\n[^s]: The sources are:\n\n    - the Metropolitan Police\n    - the council's housing service\n",
    );
    builds(p.path());
    let pdf = common::pdf_text(&p.path().join("out/hate-crime-strategy.pdf"));
    assert!(pdf.contains("the council’s housing service"), "PDF");
    let docx = std::fs::read(p.path().join("out/hate-crime-strategy.docx")).unwrap();
    let notes = common::docx_part(&docx, "word/footnotes.xml");
    assert!(notes.contains("the council’s housing service"), "{notes}");
    assert!(notes.contains("the Metropolitan Police"), "{notes}");
}
