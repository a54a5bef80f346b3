//! Golden tests of the diagnostics authors see: each class of mistake in a
//! project made by `quire init`, the full message (`quire check`, or
//! `quire build` for the Typst template) compared as a snapshot. Review
//! changes with `cargo insta review`.

use crate::common;

use std::path::Path;

use common::{edit, quire};

/// A fresh starter project, with `change` applied (file, from, to).
fn project_with(changes: &[(&str, &str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let out = quire(dir.path(), &["init", "report"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let root = dir.path().join("report");
    for (file, from, to) in changes {
        edit(&root.join(file), from, to);
    }
    dir
}

/// The errors of `quire <command>` run in the project, which must fail.
fn errors(dir: &Path, args: &[&str]) -> String {
    let out = quire(&dir.join("report"), args);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(!dir.join("report/out").exists(), "nothing is written");
    String::from_utf8(out.stderr).unwrap()
}

fn check(changes: &[(&str, &str, &str)]) -> String {
    let dir = project_with(changes);
    errors(dir.path(), &["check"])
}

const AIMS: &str = "sections/data/aims.toml";
const SHARED: &str = "sections/shared.toml";
const MANIFEST: &str = "sections/quire.toml";
const INTRO: &str = "sections/prose/introduction.md";

#[test]
fn toml_syntax() {
    insta::assert_snapshot!(check(&[(AIMS, "title = \"Vision", "title = = \"Vision")]));
}

#[test]
fn wrong_type_names_the_field_path() {
    insta::assert_snapshot!(check(&[(AIMS, "title = \"Vision and aims\"", "title = 2")]));
}

#[test]
fn missing_field() {
    insta::assert_snapshot!(check(&[(SHARED, "title = \"Prevent harm\"\n", "")]));
}

#[test]
fn unknown_field_suggests_the_known_one() {
    insta::assert_snapshot!(check(&[(
        SHARED,
        "statement = \"We will",
        "statment = \"We will"
    )]));
}

/// Every independent mistake in one data file (the shared data's aims),
/// found in one run and said in plain words: a number where text belongs,
/// text where a list belongs, two misspelt fields (each with the field it
/// probably is, and not also reported missing) and a field aims do not
/// have. (A missing field, with what it is for and a line of TOML that
/// gives it, is `missing_field`; a number out of its range is in the SDK's
/// checker tests.)
#[test]
fn every_error_in_a_data_file_at_once() {
    insta::assert_snapshot!(check(&[
        (SHARED, "title = \"Prevent harm\"", "title = 1"),
        (SHARED, "themes = [\"safety\"]", "themes = \"safety\""),
        (SHARED, "id = \"2\"", "id = \"2\"\nweight = 9"),
        (SHARED, "statement = \"Everyone", "statment = \"Everyone"),
        (SHARED, "title = \"Support", "titel = \"Support"),
    ]));
}

/// The manifest's and the style's wrong values are said in the same plain
/// words as a data file's.
#[test]
fn wrong_types_in_the_manifest_and_the_style() {
    insta::assert_snapshot!(
        "wrong_type_in_the_manifest",
        check(&[(
            MANIFEST,
            "keywords = [\"strategy\"]",
            "keywords = \"strategy\""
        )])
    );
    insta::assert_snapshot!(
        "wrong_type_in_the_style",
        check(&[("styles/house.toml", "body = 12", "body = \"12pt\"")])
    );
}

/// What no message to an author may say: serde's and Rust's own words.
const RUST_WORDS: [&str; 9] = [
    "invalid type:",
    "invalid value:",
    "expected u32",
    "expected a string",
    "expected a sequence",
    "String",
    "Vec<",
    "f64",
    "u8",
];

/// Asserts each of `expected` (a place and words of its message) is in
/// `errors`, which say none of Rust's words and count `count` errors.
fn all_in_one_run(errors: &str, count: usize, expected: &[(&str, &str)]) {
    for (place, words) in expected {
        let at = errors
            .find(&format!("--> {place}"))
            .unwrap_or_else(|| panic!("nothing at {place}:\n{errors}"));
        let message = errors[..at].rsplit("error: ").next().unwrap();
        assert!(
            message.contains(words),
            "at {place}, expected {words:?} in {message:?}"
        );
    }
    for rust in RUST_WORDS {
        assert!(!errors.contains(rust), "{rust:?} in:\n{errors}");
    }
    assert!(
        errors.contains(&format!("the check stopped with {count} errors")),
        "{errors}"
    );
}

/// Every independent mistake in the manifest, found in one run, each at its
/// line in plain words: a wrong type, a misspelt field (with the field it
/// probably is, and not also reported missing), a missing field (with what
/// it is for and a line that gives it), a choice that is not one and a
/// wrong type inside a list of tables.
#[test]
fn every_error_in_the_manifest_at_once() {
    let errors = check(&[
        (MANIFEST, "version = \"0.1\"", "version = 0.1"),
        (MANIFEST, "author = ", "auther = "),
        (MANIFEST, "style = \"../styles/house.toml\"\n", ""),
        (
            MANIFEST,
            "dir = \"../out\"",
            "dir = \"../out\"\npdf_ua = \"yes\"",
        ),
        (MANIFEST, "plugin = \"aims\"", "plugin = [\"aims\"]"),
    ]);
    all_in_one_run(
        &errors,
        5,
        &[
            (
                "sections/quire.toml:10:1",
                "field `document.auther`: unknown field `auther`; the fields here are",
            ),
            (
                "sections/quire.toml:13:11",
                "field `document.version`: should be text, not the number 0.1",
            ),
            (
                "sections/quire.toml:17:1",
                "field `project.style`: missing field `style` (text): The house-style file; add it, for example: `style = \"../styles/house.toml\"`",
            ),
            (
                "sections/quire.toml:24:10",
                "field `output.pdf_ua`: should be true or false, not the text \"yes\"",
            ),
            (
                "sections/quire.toml:36:10",
                "field `sections[1].plugin`: should be text, not a list",
            ),
        ],
    );
    assert!(errors.contains("hint: did you mean `author`?"), "{errors}");
    assert!(!errors.contains("missing field `author`"), "{errors}");
    insta::assert_snapshot!(errors);
}

/// Every independent mistake in the style, found in one run, each at its
/// line in plain words: a wrong type, a misspelt field, a missing field and
/// a choice that is not one.
#[test]
fn every_error_in_the_style_at_once() {
    const STYLE: &str = "styles/house.toml";
    let errors = check(&[
        (STYLE, "paper = \"a4\"", "paper = \"A5\""),
        (STYLE, "body = 12", "body = \"12pt\""),
        (STYLE, "numbered_depth = ", "numbered_dept = "),
        (STYLE, "accent = \"#00447c\"\n", ""),
    ]);
    all_in_one_run(
        &errors,
        4,
        &[
            (
                "styles/house.toml:9:9",
                "field `page.paper`: unknown choice `A5`; the choices are `a4` and `us-letter`",
            ),
            (
                "styles/house.toml:28:8",
                "field `sizes.body`: should be a number, not the text \"12pt\"",
            ),
            (
                "styles/house.toml:35:1",
                "field `colours.accent`: missing field `accent` (text): Headings, rules and the title page band; add it, for example: `accent = \"#00447c\"`",
            ),
            (
                "styles/house.toml:99:1",
                "field `headings.numbered_dept`: unknown field `numbered_dept`",
            ),
        ],
    );
    assert!(
        errors.contains("hint: did you mean `numbered_depth`?"),
        "{errors}"
    );
    insta::assert_snapshot!(errors);
}

/// Values a style reads but cannot use (not a colour, out of range) are all
/// reported in one run too, each at its line.
#[test]
fn every_value_the_style_cannot_use_at_once() {
    const STYLE: &str = "styles/house.toml";
    let errors = check(&[
        (STYLE, "rule = \"#7a7a7a\"", "rule = \"grey\""),
        (STYLE, "body = 12", "body = 200"),
        (STYLE, "contents_depth = 2", "contents_depth = 9"),
    ]);
    all_in_one_run(
        &errors,
        3,
        &[
            (
                "styles/house.toml:28:8",
                "field `sizes.body`: 200 pt is out of range (4 to 96)",
            ),
            (
                "styles/house.toml:40:8",
                "field `colours.rule`: `grey` is not a colour",
            ),
            (
                "styles/house.toml:102:18",
                "field `headings.contents_depth`: 9 is out of range (1 to 6)",
            ),
        ],
    );
}

#[test]
fn unknown_theme_suggests_the_closest_id() {
    insta::assert_snapshot!(check(&[(
        SHARED,
        "themes = [\"safety\"]",
        "themes = [\"safty\"]"
    )]));
}

#[test]
fn unknown_field_in_the_manifest() {
    insta::assert_snapshot!(check(&[(MANIFEST, "author = ", "auther = ")]));
}

#[test]
fn unknown_plugin_lists_the_known_ones() {
    insta::assert_snapshot!(check(&[(
        MANIFEST,
        "plugin = \"aims\"",
        "plugin = \"aim\""
    )]));
}

#[test]
fn missing_file() {
    insta::assert_snapshot!(check(&[(MANIFEST, "data/aims.toml", "data/aim.toml")]));
}

#[test]
fn handlebars_unknown_helper() {
    insta::assert_snapshot!(check(&[(
        INTRO,
        "*{{meta.title}}*",
        "*{{shout meta.title}}*"
    )]));
}

#[test]
fn handlebars_missing_variable() {
    insta::assert_snapshot!(check(&[(INTRO, "*{{meta.title}}*", "*{{meta.titel}}*")]));
}

#[test]
fn handlebars_syntax() {
    insta::assert_snapshot!(check(&[(
        INTRO,
        "*{{meta.title}}*",
        "*{{#if meta.title}}*"
    )]));
}

#[test]
fn handlebars_triple_stash() {
    insta::assert_snapshot!(check(&[(INTRO, "*{{meta.title}}*", "*{{{meta.title}}}*")]));
}

#[test]
fn dangling_reference_suggests_the_label() {
    insta::assert_snapshot!(check(&[(INTRO, "@sec-aims", "@sec-aim")]));
}

#[test]
fn duplicate_label() {
    insta::assert_snapshot!(check(&[(
        "sections/prose/glossary.md",
        "# Glossary",
        "# Glossary\n\n## Aims again {#sec-aims}"
    )]));
}

#[test]
fn every_independent_error_is_reported_and_short_format_is_one_line_each() {
    let changes = [
        (SHARED, "statement = \"We will", "statment = \"We will"),
        (MANIFEST, "plugin = \"prose\"", "plugin = \"pros\""),
        (INTRO, "*{{meta.title}}*", "*{{meta.titel}}*"),
    ];
    insta::assert_snapshot!("several_errors_human", check(&changes));
    let dir = project_with(&changes);
    insta::assert_snapshot!(
        "several_errors_short",
        errors(dir.path(), &["--message-format", "short", "check"])
    );
}

#[test]
fn an_error_in_the_typst_template_is_shown_at_typst_s_span() {
    let dir = project_with(&[]);
    // A mistake in the template's last line, so the message does not
    // depend on the rest of the template.
    let template = dir.path().join("report/styles/quire.typ");
    let mut text = std::fs::read_to_string(&template).unwrap();
    text.push_str("#let broken = (1, 2\n");
    std::fs::write(&template, &text).unwrap();
    let lines = text.lines().count();
    let stderr = errors(dir.path(), &["build"]);
    // Not a snapshot: the line number moves whenever the template changes.
    let expected = format!(
        "error: unclosed delimiter\n  {pad}--> styles/quire.typ:{lines}:15\n",
        pad = " ".repeat(lines.to_string().len().saturating_sub(1))
    );
    assert!(stderr.starts_with(&expected), "{stderr}");
    assert!(
        stderr.contains(&format!("{lines} | #let broken = (1, 2")),
        "{stderr}"
    );
    assert!(
        stderr.contains("the build stopped with 1 error"),
        "{stderr}"
    );
}

#[test]
fn skipped_heading_level() {
    insta::assert_snapshot!(check(&[(
        INTRO,
        "Our aims are set out",
        "### Straight to level three\n\nOur aims are set out"
    )]));
}

#[test]
fn figure_without_alternative_text() {
    insta::assert_snapshot!(check(&[(
        INTRO,
        "Our aims are set out",
        "![](images/map.png \"Map of the borough\")\n\nOur aims are set out"
    )]));
}

#[test]
fn vague_link_text() {
    insta::assert_snapshot!(check(&[(
        INTRO,
        "Our aims are set out",
        "For the audit, [click here](https://example.org/audit). Our aims are set out"
    )]));
}

/// A manifest path that leads nowhere is named, with advice that fits
/// whichever command was run (not `quire build`'s).
#[test]
fn a_manifest_that_is_not_there_is_named_for_any_command() {
    let dir = tempfile::tempdir().unwrap();
    for command in ["plugins", "check", "build"] {
        let out = quire(dir.path(), &[command, "plan/quire.toml"]);
        assert_eq!(out.status.code(), Some(1), "{command}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("cannot read the manifest `plan/quire.toml`"),
            "{stderr}"
        );
        assert!(
            stderr.contains("check the path `plan/quire.toml`"),
            "{stderr}"
        );
        assert!(!stderr.contains("quire build"), "{command}: {stderr}");
    }
}
