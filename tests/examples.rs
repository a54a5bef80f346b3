//! End to end: every built-in plugin's `example.toml` (`plugins/<name>/`)
//! builds. One project of another council's document uses each example as
//! its section's data file, with the starter's shared data (`quire init`)
//! for the themes and aims they name, and must build — the document and its
//! committee profile — with no warning at all (`--deny warnings`: nothing
//! in an example prints empty). A new plugin folder without an example
//! fails the test.

use crate::common;

use std::path::{Path, PathBuf};

use common::{edit, pdf_text, quire, repo};

/// Plugins that take no data file: their example is comments only.
const WITHOUT_DATA: [&str; 1] = ["prose"];

/// The committee report goes in front of the document, in a profile.
const FRONT: &str = "committee";

/// Every plugin folder and its example.
fn examples() -> Vec<(String, PathBuf)> {
    let mut found: Vec<(String, PathBuf)> = std::fs::read_dir(repo().join("plugins"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|dir| dir.join("Cargo.toml").exists())
        .map(|dir| {
            let name = dir.file_name().unwrap().to_string_lossy().into_owned();
            let example = dir.join("example.toml");
            assert!(example.exists(), "plugins/{name} has no example.toml");
            (name, example)
        })
        .collect();
    found.sort();
    found
}

/// A project (made by `quire init`, for its style and shared data) whose
/// sections are the examples, in an order where the plan comes before the
/// theme that refers to its table. Returns the folder and the project.
fn project() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let out = quire(dir.path(), &["init", "northborough"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let root = dir.path().join("northborough");
    let order = [
        "overview",
        "baseline",
        "aims",
        "partnership",
        "plan",
        "theme",
        "process",
    ];
    let mut manifest = String::from(
        r#"[document]
title = "Community Safety Plan 2026–2029"
author = "Northborough Community Safety Partnership"
organisation = "Northborough Council"
date = "2026-03-01"
language = "en-GB"
version = "0.1"

[project]
root = ".."
style = "../styles/house.toml"
shared = "shared.toml"

[output]
name = "plan"
dir = "../out"
"#,
    );
    for (name, example) in examples() {
        let text = std::fs::read_to_string(&example).unwrap();
        let data: toml::Table = toml::from_str(&text)
            .unwrap_or_else(|e| panic!("plugins/{name}/example.toml is not TOML: {e}"));
        if WITHOUT_DATA.contains(&name.as_str()) {
            assert!(
                data.is_empty(),
                "{name} takes no data: its example is comments"
            );
            continue;
        }
        std::fs::write(root.join(format!("sections/data/{name}.toml")), text).unwrap();
        assert!(
            order.contains(&name.as_str()) || name == FRONT,
            "add the `{name}` example to this test's project"
        );
    }
    for name in order {
        manifest.push_str(&format!(
            "\n[[sections]]\nid = \"{name}\"\nplugin = \"{name}\"\ndata = \"data/{name}.toml\"\n"
        ));
    }
    manifest.push_str(&format!(
        "\n[profiles.committee]\noutput = \"plan-committee\"\nstyle = \"../styles/committee.toml\"\nfront = [ {{ id = \"report\", plugin = \"{FRONT}\", data = \"data/{FRONT}.toml\" }} ]\n"
    ));
    std::fs::write(root.join("sections/quire.toml"), manifest).unwrap();
    (dir, root)
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// The `title` an example gives its section.
fn title(name: &str) -> String {
    let text =
        std::fs::read_to_string(repo().join(format!("plugins/{name}/example.toml"))).unwrap();
    let data: toml::Table = toml::from_str(&text).unwrap();
    data["title"].as_str().unwrap().to_string()
}

fn builds_without_warnings(root: &Path, profile: &[&str]) {
    let args = [&["--deny", "warnings", "build"][..], profile].concat();
    let out = quire(root, &args);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(!stderr(&out).contains("warning"), "{}", stderr(&out));
}

#[test]
fn every_plugin_example_builds_with_no_warning() {
    let (_dir, root) = project();
    builds_without_warnings(&root, &[]);
    let text = pdf_text(&root.join("out/plan.pdf"));
    for name in [
        "overview",
        "baseline",
        "aims",
        "partnership",
        "plan",
        "process",
    ] {
        assert!(text.contains(&title(name)), "{name}'s title in: {text}");
    }
    // The theme's heading, the plan's aims from the shared data, the
    // baseline's comparison and own years, the agencies' appendix.
    for words in [
        "Our approach to community safety",
        "Aim 1: Prevent harm",
        "Comparison",
        "Residents who feel safe after dark (2020 and 2024)",
        "Agencies consulted",
    ] {
        assert!(text.contains(words), "{words:?} in: {text}");
    }
    builds_without_warnings(&root, &["--profile", "committee"]);
    let committee = pdf_text(&root.join("out/plan-committee.pdf"));
    assert!(committee.contains(&title(FRONT)), "{committee}");
}

/// What `quire check` says of the examples' project with `from` changed to
/// `to` in the data file of section `name`; the check must fail.
fn refused_with(name: &str, from: &str, to: &str) -> String {
    let (dir, root) = project();
    edit(&root.join(format!("sections/data/{name}.toml")), from, to);
    let out = quire(&root, &["check"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    stderr(&out).replace(&dir.path().display().to_string(), "[tmp]")
}

#[test]
fn an_unknown_aim_in_the_plan_suggests_the_closest_id() {
    insta::assert_snapshot!(refused_with("plan", "aim = \"2\"", "aim = \"22\""));
}

#[test]
fn an_action_a_theme_names_that_the_plan_lacks_is_an_error_at_its_line() {
    // The theme cannot read the plan's data: the engine checks the refs
    // the theme mentions against those the plan defines.
    insta::assert_snapshot!(refused_with(
        "theme",
        "actions = [\"1a\", \"2a\"]",
        "actions = [\"1a\", \"2b\", \"7q\"]",
    ));
}

#[test]
fn the_former_plugin_name_strand_still_builds_with_a_warning() {
    let p = common::copy_project();
    edit(
        &p.path().join("sections/quire.toml"),
        "plugin = \"theme\"",
        "plugin = \"strand\"",
    );
    let out = quire(p.path(), &["check"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("the `strand` plugin is now called `theme`"),
        "{}",
        stderr(&out)
    );
}
