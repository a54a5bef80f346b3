//! Accessibility end to end: `quire check --a11y` on the shipped strategy,
//! and the manifest's `[accessibility]` and `pdf_ua` settings, through the
//! `quire` binary on copies of the shipped project.

use crate::common;

use common::{copy_project, edit, quire};
use quire_docx::audit::DocxRule;
use quire_model::AccessibilityRule;

const MANIFEST: &str = "sections/quire.toml";
const GOVERNANCE: &str = "sections/prose/governance.md";

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_report_passes_the_shipped_strategy_and_says_what_a_person_must_check() {
    let project = copy_project();
    let out = quire(project.path(), &["check", "--a11y"]);
    let report = stdout(&out);
    assert!(out.status.success(), "{report}\n{}", stderr(&out));
    for rule in AccessibilityRule::ALL {
        assert!(report.contains(rule.describe()), "{rule:?} missing");
    }
    for rule in DocxRule::ALL {
        assert!(report.contains(rule.describe()), "{rule:?} missing");
    }
    for line in quire_build::a11y::BY_HAND {
        assert!(report.contains(line), "{line}");
    }
    assert!(report.contains("PDF/UA-1"), "{report}");
    assert!(
        report.contains("profile `committee`"),
        "every profile is reported"
    );
    assert!(
        !report.contains("FAIL") && !report.contains("WARN"),
        "{report}"
    );
    assert!(report.contains(" 0 failed"), "{report}");
    assert!(
        !project.path().join("out").exists(),
        "the report writes nothing"
    );
}

#[test]
fn vague_link_text_stops_the_build_unless_the_manifest_accepts_it() {
    let project = copy_project();
    edit(
        &project.path().join(GOVERNANCE),
        "The LBS Community Safety Team supports",
        "For the terms of reference, [click here](https://www.southwark.gov.uk/). The LBS Community Safety Team supports",
    );
    common::fails_with(
        project.path(),
        &[
            "the link text “click here” does not say where the link goes",
            "governance.md:",
        ],
    );

    edit(
        &project.path().join(MANIFEST),
        "[output]",
        "[accessibility]\nlink_text = \"warning\"\n\n[output]",
    );
    let out = quire(project.path(), &["build"]);
    let warnings = stderr(&out);
    assert!(out.status.success(), "{warnings}");
    assert!(
        warnings.contains("warning: section `governance`"),
        "{warnings}"
    );
    assert!(
        warnings.contains("governance.md:"),
        "points at the file: {warnings}"
    );
    assert!(
        warnings.contains("link_text = \"warning\""),
        "says why it is allowed: {warnings}"
    );

    // The report shows the accepted problem in the model and in the Word
    // copy as warnings, not failures.
    let out = quire(project.path(), &["check", "--a11y"]);
    let report = stdout(&out);
    assert!(out.status.success(), "{report}\n{}", stderr(&out));
    assert!(report.contains("WARN  document link text"), "{report}");
    assert!(report.contains("WARN  Word     link text"), "{report}");
    assert!(
        report.contains("has the text “click here” (accepted"),
        "{report}"
    );
    assert!(!report.contains("FAIL"), "{report}");
}

#[test]
fn a_rule_pdf_ua_requires_is_a_warning_only_with_pdf_ua_off() {
    let project = copy_project();
    let manifest = project.path().join(MANIFEST);
    edit(
        &manifest,
        "[output]",
        "[accessibility]\nheading_levels = \"warning\"\n\n[output]",
    );
    common::fails_with(
        project.path(),
        &[
            "field `accessibility.heading_levels`: this rule cannot be a warning while the PDF is PDF/UA-1",
            "quire.toml:32:18",
            "pdf_ua = false",
        ],
    );

    edit(
        &manifest,
        "dir = \"../out\"",
        "dir = \"../out\"\npdf_ua = false",
    );
    edit(
        &project.path().join(GOVERNANCE),
        "## Quarterly monitoring",
        "#### Quarterly monitoring",
    );
    let out = quire(project.path(), &["build"]);
    let warnings = stderr(&out);
    assert!(out.status.success(), "{warnings}");
    assert!(
        warnings.contains("is level 4, but the heading before it is level 2"),
        "{warnings}"
    );
    let pdf = std::fs::read(project.path().join("out/hate-crime-strategy.pdf")).unwrap();
    let raw = String::from_utf8_lossy(&pdf);
    assert!(
        !raw.contains("pdfuaid:part"),
        "no PDF/UA-1 claim once turned off"
    );
    assert!(raw.contains("/StructTreeRoot"), "still tagged");

    let out = quire(project.path(), &["check", "--a11y"]);
    let report = stdout(&out);
    assert!(out.status.success(), "{report}");
    assert!(report.contains("WARN  PDF      PDF/UA-1"), "{report}");
    assert!(
        report.contains("turned off by `pdf_ua = false`"),
        "{report}"
    );
    assert!(report.contains("WARN  Word     headings"), "{report}");
}

#[test]
fn the_report_fails_a_style_whose_text_is_too_faint_before_typesetting() {
    let project = copy_project();
    edit(
        &project.path().join("styles/house.toml"),
        "callout = \"",
        "callout = \"#777777\"\n# was: callout = \"",
    );
    let out = quire(project.path(), &["check", "--a11y"]);
    assert_eq!(out.status.code(), Some(1), "{}", stdout(&out));
    let errors = stderr(&out);
    assert!(errors.contains("field `colours.callout`"), "{errors}");
    assert!(
        errors.contains("text in callouts has a contrast of"),
        "{errors}"
    );
    assert!(errors.contains("house.toml:"), "{errors}");
}
