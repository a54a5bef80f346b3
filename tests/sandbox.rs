//! Nothing outside the project folder is read: not through a data or prose
//! path, an image, the style's fonts, or the Typst template — whether by
//! `..`, an absolute path or a symbolic link inside the project that leads
//! out. Each is refused with a message naming the path, and nothing is
//! written.

#![cfg(unix)]

mod common;

use std::os::unix::fs::symlink;
use std::path::Path;

use common::{copy_project, edit, fails_with};

/// A file outside the project whose words must never reach an output.
fn secret() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secret.toml");
    std::fs::write(&path, "title = \"SECRET-7f3a\"\n").unwrap();
    (dir, path)
}

fn assert_nothing_written(project: &Path) {
    assert!(!project.join("out").exists(), "nothing is written");
}

#[test]
fn data_and_prose_that_link_outside_are_refused() {
    let (_outside, secret) = secret();
    for (file, expected) in [
        (
            "data/plan.toml",
            "the data file `data/plan.toml` is outside the project folder",
        ),
        (
            "prose/governance.md",
            "the prose template `prose/governance.md` is outside the project folder",
        ),
    ] {
        let p = copy_project();
        let path = p.path().join("sections").join(file);
        std::fs::remove_file(&path).unwrap();
        symlink(&secret, &path).unwrap();
        fails_with(p.path(), &[expected]);
    }
}

#[test]
fn an_image_that_links_outside_is_refused() {
    let (outside, _secret) = secret();
    let picture = outside.path().join("map.png");
    std::fs::copy(common::repo().join("styles/fonts/OFL.txt"), &picture).unwrap();
    let p = copy_project();
    symlink(&picture, p.path().join("sections/map.png")).unwrap();
    edit(
        &p.path().join("sections/prose/governance.md"),
        "## Quarterly monitoring",
        "![A map of the borough](sections/map.png \"The borough\")\n\n## Quarterly monitoring",
    );
    fails_with(
        p.path(),
        &["the image `sections/map.png` is a link to a file outside the project folder"],
    );
    // An absolute path and `..` are refused as well.
    for src in ["/etc/hostname", "../../etc/hostname"] {
        let p = copy_project();
        edit(
            &p.path().join("sections/prose/governance.md"),
            "## Quarterly monitoring",
            &format!("![A map]({src} \"The borough\")\n\n## Quarterly monitoring"),
        );
        fails_with(
            p.path(),
            &[&format!("the image `{src}` is outside the project folder")],
        );
    }
}

#[test]
fn a_font_folder_outside_the_project_is_refused() {
    let outside = tempfile::tempdir().unwrap();
    let p = copy_project();
    let fonts = p.path().join("styles/fonts");
    let moved = outside.path().join("fonts");
    std::fs::rename(&fonts, &moved).unwrap();
    symlink(&moved, &fonts).unwrap();
    fails_with(
        p.path(),
        &["the style's font folder", "is outside the project folder"],
    );

    // A single font file that links out of the folder.
    let p = copy_project();
    let font = p.path().join("styles/fonts/LiberationSans-Regular.ttf");
    let elsewhere = outside.path().join("LiberationSans-Regular.ttf");
    std::fs::rename(&font, &elsewhere).unwrap();
    symlink(&elsewhere, &font).unwrap();
    fails_with(
        p.path(),
        &["LiberationSans-Regular.ttf` is a link to a file outside the style's font folder"],
    );
    assert_nothing_written(p.path());
}

#[test]
fn the_template_cannot_read_outside_the_project() {
    let (_outside, secret) = secret();
    // Through a link inside the project.
    let p = copy_project();
    symlink(&secret, p.path().join("leak.toml")).unwrap();
    let template = p.path().join("styles/quire.typ");
    edit(
        &template,
        "#let pt-of(n) = n * 1pt",
        "#let pt-of(n) = n * 1pt\n#let leaked = read(\"/leak.toml\")",
    );
    let stderr = fails_with(
        p.path(),
        &[
            "`/leak.toml` is a link to a file outside the project folder, which templates may not read",
        ],
    );
    assert!(!stderr.contains("SECRET-7f3a"), "{stderr}");

    // Through `..`, and an absolute path (rooted at the project folder).
    for (path, expected) in [
        (
            "../../../../../../etc/hostname",
            "would escape the project root",
        ),
        ("/etc/hostname", "file not found"),
    ] {
        let p = copy_project();
        edit(
            &p.path().join("styles/quire.typ"),
            "#let pt-of(n) = n * 1pt",
            &format!("#let pt-of(n) = n * 1pt\n#let leaked = read(\"{path}\")"),
        );
        fails_with(p.path(), &[expected]);
    }
}
