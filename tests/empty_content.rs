//! End to end: content that would print empty — a heading with nothing
//! under it, a table with only its header row, a paragraph with no words —
//! is a warning at the author's line in `check` and `build` (which still
//! writes both outputs), and `--deny warnings` makes every warning an error:
//! `build` writes nothing and `check` fails.

use crate::common;

use common::{append, copy_project, quire};

/// The shipped strategy with an empty section, a header-only table and a
/// stray "." (three lines after the table) appended to the governance
/// prose; returns the project and the lines of the heading and the table.
fn project_with_empty_content() -> (tempfile::TempDir, [usize; 2]) {
    let project = copy_project();
    let file = project.path().join("sections/prose/governance.md");
    let before = std::fs::read_to_string(&file).unwrap().lines().count();
    append(
        &file,
        "\n## Nothing here yet\n\n## Figures to come\n\n| Year | Incidents |\n|---|---|\n\n.\n",
    );
    // Appending starts with a blank line: the heading is two lines on.
    let heading = before + 2;
    (project, [heading, heading + 4])
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `quire check` in the short message format, which must pass (warnings do
/// not fail it); what it said.
fn check_warnings(project: &std::path::Path) -> String {
    let check = quire(project, &["--message-format", "short", "check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    stderr(&check)
}

/// Asserts that `said` has a warning at `place` (`file:line`) with `words`.
fn warned_at(said: &str, place: &str, words: &str) {
    let expected = format!("{place}:");
    assert!(
        said.lines()
            .any(|l| l.starts_with(&expected) && l.contains("warning") && l.contains(words)),
        "{expected} … {words} in:\n{said}"
    );
}

#[test]
fn empty_content_is_a_warning_at_its_line_and_the_build_goes_on() {
    let (project, [heading, table]) = project_with_empty_content();
    let p = project.path();
    let file = "sections/prose/governance.md";
    let said = check_warnings(p);
    // Each at its own line of the prose template.
    for (place, words) in [
        (
            format!("{file}:{heading}"),
            "the heading “Nothing here yet” has nothing under it",
        ),
        (
            format!("{file}:{table}"),
            "a table has no rows under its header",
        ),
        (
            format!("{file}:{}", table + 3),
            "a paragraph prints only “.”",
        ),
    ] {
        warned_at(&said, &place, words);
    }
    // "Figures to come" has its table under it: not empty.
    assert!(!said.contains("“Figures to come” has nothing"), "{said}");

    let build = quire(p, &["build"]);
    assert!(build.status.success(), "{}", stderr(&build));
    assert!(stderr(&build).contains("has nothing under it"));
    assert!(p.join("out/hate-crime-strategy.pdf").exists());
    assert!(p.join("out/hate-crime-strategy.docx").exists());
}

#[test]
fn deny_warnings_makes_them_errors_and_nothing_is_written() {
    let (project, [heading, ..]) = project_with_empty_content();
    let p = project.path();
    let build = quire(p, &["--deny", "warnings", "build"]);
    assert_eq!(build.status.code(), Some(1), "{}", stderr(&build));
    let said = stderr(&build);
    assert!(
        said.contains(&format!("sections/prose/governance.md:{heading}:")),
        "{said}"
    );
    assert!(
        said.contains("warnings are denied (`--deny warnings`)"),
        "{said}"
    );
    assert!(
        !said.contains("warning:"),
        "every warning is an error:\n{said}"
    );
    assert!(!p.join("out").exists(), "a denied build writes nothing");

    let check = quire(p, &["check", "--deny", "warnings"]);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    assert!(stderr(&check).contains("the check stopped with 3 errors"));
    assert!(!stderr(&check).contains("nothing was written"));

    // Without the empty content, denying warnings changes nothing.
    let clean = copy_project();
    let build = quire(clean.path(), &["--deny", "warnings", "build"]);
    assert!(build.status.success(), "{}", stderr(&build));
}

#[test]
fn the_manifest_can_deny_warnings_for_every_command() {
    let (project, [heading, ..]) = project_with_empty_content();
    let p = project.path();
    append(
        &p.join("sections/quire.toml"),
        "\n[build]\ndeny = [\"warnings\"]\n",
    );
    let by_manifest = "the manifest denies warnings (`[build] deny = [\"warnings\"]`)";
    let build = quire(p, &["build"]);
    assert_eq!(build.status.code(), Some(1), "{}", stderr(&build));
    let said = stderr(&build);
    assert!(
        said.contains(&format!("sections/prose/governance.md:{heading}:")),
        "{said}"
    );
    assert!(said.contains(by_manifest), "{said}");
    assert!(!p.join("out").exists(), "a denied build writes nothing");

    let check = quire(p, &["check"]);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    assert!(stderr(&check).contains(by_manifest), "{}", stderr(&check));

    let a11y = quire(p, &["check", "--a11y"]);
    assert_eq!(a11y.status.code(), Some(1), "{}", stderr(&a11y));
    assert!(stderr(&a11y).contains(by_manifest), "{}", stderr(&a11y));

    // A value other than "warnings" is refused at its place.
    let manifest = p.join("sections/quire.toml");
    common::edit(&manifest, "deny = [\"warnings\"]", "deny = [\"warning\"]");
    let check = quire(p, &["--message-format", "short", "check"]);
    assert_eq!(check.status.code(), Some(1), "{}", stderr(&check));
    assert!(
        stderr(&check).contains("sections/quire.toml:"),
        "{}",
        stderr(&check)
    );
}

#[test]
fn check_a11y_fails_on_warnings_when_they_are_denied() {
    let (project, _) = project_with_empty_content();
    let p = project.path();
    let allowed = quire(p, &["check", "--a11y"]);
    assert!(allowed.status.success(), "{}", stderr(&allowed));
    let denied = quire(p, &["--deny", "warnings", "check", "--a11y"]);
    assert_eq!(denied.status.code(), Some(1), "{}", stderr(&denied));
    assert!(
        stderr(&denied).contains("warnings are denied (`--deny warnings`)"),
        "{}",
        stderr(&denied)
    );
}

#[test]
fn a_prose_slot_that_prints_nothing_is_a_warning_at_its_template() {
    let project = copy_project();
    let p = project.path();
    // Text that depends on a value the data does not have…
    std::fs::write(
        p.join("sections/prose/baseline-intro.md"),
        "\n{{#if data.no_such_value}}Our figures.{{/if}}\n",
    )
    .unwrap();
    // …and a template with no text at all.
    std::fs::write(p.join("sections/prose/plan-intro.md"), "\n\n").unwrap();
    let said = check_warnings(p);
    assert!(
        said.contains(
            "sections/prose/baseline-intro.md:2:1: warning: section `baseline`: the prose slot `intro` (`prose/baseline-intro.md`) prints nothing"
        ),
        "{said}"
    );
    let entry = 1 + std::fs::read_to_string(p.join("sections/quire.toml"))
        .unwrap()
        .lines()
        .position(|l| l.contains("prose/plan-intro.md"))
        .unwrap();
    assert!(
        said.contains(&format!("sections/quire.toml:{entry}:"))
            && said.contains("the prose slot `intro` (`prose/plan-intro.md`) prints nothing"),
        "{said}"
    );
}

#[test]
fn empty_lists_boxes_and_wordless_paragraphs_made_from_data_are_warned_at_their_data_lines() {
    let project = copy_project();
    let p = project.path();
    // A theme whose box, list and partners were left empty: each is a
    // block a plugin made from a data field, and the warning names the
    // field's line, not the section's line in the manifest.
    std::fs::write(
        p.join("sections/data/race-crime.toml"),
        "title = \"Our approach to race crime\"\n\
         theme = \"race\"\n\
         definition = \"\"\"\n\n\"\"\"\n\
         priorities = [\"\", \" \"]\n\
         key_partners = [\"\"]\n",
    )
    .unwrap();
    let said = check_warnings(p);
    let file = "sections/data/race-crime.toml";
    for (line, words) in [
        (3, "the box “Definition” has nothing in it"),
        (6, "a list has no items, or only empty ones"),
        (7, "a paragraph prints only “.”"),
    ] {
        warned_at(&said, &format!("{file}:{line}"), words);
    }
    assert!(
        !said.contains("sections/quire.toml"),
        "nothing is placed at the manifest:\n{said}"
    );
}
