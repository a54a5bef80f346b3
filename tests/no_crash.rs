//! No input makes Quire crash: for each kind of bad input, `build`,
//! `check` and `check --a11y` end by themselves with an exit code Quire
//! documents, and their output holds no panic message, backtrace hint or
//! abort. (Each class has its own tests of what the message says; this one
//! sweeps them all for crashes.)

use crate::common;

use std::path::Path;

use common::{copy_project, edit, no_crash, quire};

/// Breaks a copy of the shipped project in one way.
type Breakage = fn(&Path);

fn figure(project: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(project.join(name), bytes).unwrap();
    edit(
        &project.join("sections/prose/governance.md"),
        "## Quarterly monitoring",
        &format!("![A picture]({name} \"A picture\")\n\n## Quarterly monitoring"),
    );
}

fn prose(project: &Path, text: &str) {
    edit(
        &project.join("sections/prose/governance.md"),
        "## Quarterly monitoring",
        &format!("{text}\n\n## Quarterly monitoring"),
    );
}

const BREAKAGES: &[(&str, Breakage)] = &[
    ("an empty image", |p| figure(p, "empty.png", b"")),
    ("a text file named .png", |p| {
        figure(p, "words.png", b"words")
    }),
    ("a broken SVG", |p| figure(p, "broken.svg", b"<svg><rect")),
    ("an image that is a folder", |p| {
        std::fs::create_dir(p.join("folder.png")).unwrap();
        figure(p, "other.png", b"");
        edit(
            &p.join("sections/prose/governance.md"),
            "other.png",
            "folder.png",
        );
    }),
    ("a partial including itself", |p| {
        prose(p, "{{> governance}}")
    }),
    ("a triple stash", |p| prose(p, "{{{meta.title}}}")),
    ("control characters in data", |p| {
        edit(
            &p.join("sections/data/overview.toml"),
            "title = \"Hate crime in Southwark: an overview\"",
            "title = \"A\\u0001B\\u000BC\\u001B[31m\"",
        )
    }),
    ("Markdown nested 5,000 deep", |p| {
        prose(p, &"> ".repeat(5000))
    }),
    ("a data file that is not UTF-8", |p| {
        std::fs::write(p.join("sections/data/plan.toml"), b"title = \"caf\xe9\"").unwrap()
    }),
    ("a data file that is a folder", |p| {
        std::fs::remove_file(p.join("sections/data/plan.toml")).unwrap();
        std::fs::create_dir(p.join("sections/data/plan.toml")).unwrap();
    }),
    ("a font that is not a font", |p| {
        std::fs::write(p.join("styles/fonts/Broken.ttf"), b"not a font").unwrap()
    }),
    ("an empty manifest", |p| {
        std::fs::write(p.join("sections/quire.toml"), b"").unwrap()
    }),
    ("an output folder that is a file", |p| {
        std::fs::write(p.join("out"), b"").unwrap()
    }),
    ("a character no font has", |p| prose(p, "An emoji: 🦀")),
];

#[test]
fn no_bad_input_crashes_any_command() {
    for (what, breakage) in BREAKAGES {
        let project = copy_project();
        breakage(project.path());
        for args in [&["build"][..], &["check"], &["check", "--a11y"]] {
            let out = quire(project.path(), args);
            no_crash(&out, &format!("{what}, {args:?}"));
        }
    }
}
