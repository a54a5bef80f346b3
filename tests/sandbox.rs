//! Nothing outside the project folder is read: not through a data or prose
//! path, an image, the style's fonts, or the Typst template — whether by
//! `..`, an absolute path or a symbolic link inside the project that leads
//! out. Each is refused with a message naming the path, and nothing is
//! written.

#![cfg(unix)]

use crate::common;

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
        &["the image `sections/map.png` is outside the project folder (it leads to"],
    );
    // `lnk/../secret.png` is `./secret.png` on paper; the kernel resolves
    // `..` from the link's target, outside.
    let p = copy_project();
    std::fs::copy(&picture, outside.path().join("secret.png")).unwrap();
    std::fs::create_dir(outside.path().join("folder")).unwrap();
    symlink(outside.path().join("folder"), p.path().join("lnk")).unwrap();
    std::fs::write(p.path().join("secret.png"), b"inside").unwrap();
    edit(
        &p.path().join("sections/prose/governance.md"),
        "## Quarterly monitoring",
        "![A map](lnk/../secret.png \"The borough\")\n\n## Quarterly monitoring",
    );
    fails_with(
        p.path(),
        &["the image `lnk/../secret.png` is outside the project folder"],
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
        &[
            "the style's font folder",
            "leads outside the project folder",
        ],
    );

    // A single font file that links out of the folder.
    let p = copy_project();
    let font = p.path().join("styles/fonts/LiberationSans-Regular.ttf");
    let elsewhere = outside.path().join("LiberationSans-Regular.ttf");
    std::fs::rename(&font, &elsewhere).unwrap();
    symlink(&elsewhere, &font).unwrap();
    fails_with(
        p.path(),
        &["LiberationSans-Regular.ttf`: it leads outside the project folder"],
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
        &["`/leak.toml` cannot be read: it leads outside the project folder"],
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

/// Runs `quire` in `project` with the constructor fixture's marker set.
fn quire_marking(project: &Path, mark: &Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(args)
        .current_dir(project)
        .env("NO_COLOR", "1")
        .env("QUIRE_FIXTURE_MARK", mark)
        .output()
        .unwrap()
}

/// Plugin code from outside the project never runs: not from a plugin
/// folder named by a relative or absolute path that leaves the project, nor
/// from a library in the plugin folder that is a link to one elsewhere. The
/// fixture library's constructor, which runs the moment a library is
/// loaded, would leave a mark; none is left (the projects turn the plugin
/// sandbox off, so that a loaded constructor could write it and sees the
/// marker's name: a confined plugin can do neither). Named on the command
/// line with `--plugin-dir`, the folder is trusted, and the command says so.
#[cfg(target_os = "linux")]
#[test]
fn plugin_code_from_outside_the_project_never_runs_unless_named_on_the_command_line() {
    let library = common::plugins::fixture("constructor");
    let outside = tempfile::tempdir().unwrap();
    let elsewhere = outside.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    let copied = elsewhere.join(library.file_name().unwrap());
    std::fs::copy(&library, &copied).unwrap();
    let mark = outside.path().join("constructor-ran");
    let relative = format!(
        "../../{}/elsewhere",
        outside.path().file_name().unwrap().to_string_lossy()
    );
    let absolute = elsewhere.display().to_string();
    for dir in [relative.as_str(), absolute.as_str()] {
        let p = copy_project();
        // The manifest is `sections/quire.toml`; `../..` leaves the project.
        let manifest = p.path().join("sections/quire.toml");
        let mut text = std::fs::read_to_string(&manifest).unwrap();
        text.push_str(&format!(
            "\n[plugins]\ndirs = [{dir:?}]\nsandbox = \"off\"\n"
        ));
        std::fs::write(&manifest, text).unwrap();
        let out = quire_marking(p.path(), &mark, &["build"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{dir}: {stderr}");
        assert!(
            stderr.contains(&format!(
                "the plugin folder `{dir}` is outside the project folder"
            )),
            "{dir}: {stderr}"
        );
        assert!(stderr.contains("--plugin-dir"), "{stderr}");
        assert!(!mark.exists(), "{dir}: the library was loaded");
    }

    let p = copy_project();
    common::append(
        &p.path().join("sections/quire.toml"),
        "\n[plugins]\nsandbox = \"off\"\n",
    );
    let folder = p.path().join("sections/plugins");
    std::fs::create_dir(&folder).unwrap();
    symlink(&copied, folder.join(library.file_name().unwrap())).unwrap();
    let out = quire_marking(p.path(), &mark, &["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("is a link to")
            && stderr.contains("outside the project folder; it was not loaded"),
        "{stderr}"
    );
    assert!(!mark.exists(), "the linked library was loaded");

    // Trusted on the command line: loaded, and said.
    let p = copy_project();
    common::append(
        &p.path().join("sections/quire.toml"),
        "\n[plugins]\nsandbox = \"off\"\n",
    );
    let out = quire_marking(
        p.path(),
        &mark,
        &["plugins", "--plugin-dir", &elsewhere.display().to_string()],
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("note: loading plugins from outside the project:"),
        "{stderr}"
    );
    assert!(stdout.contains("constructor"), "{stdout}");
    assert!(mark.exists(), "the trusted library was loaded");
}

/// Only regular files are read: a named pipe where a data file, a font or
/// a file the template reads should be is refused at once, never waited on.
#[test]
fn a_named_pipe_is_refused_at_once() {
    let pipe = |path: &Path| {
        let _ = std::fs::remove_file(path);
        let made = std::process::Command::new("mkfifo")
            .arg(path)
            .status()
            .unwrap();
        assert!(made.success());
    };
    let p = copy_project();
    pipe(&p.path().join("sections/data/plan.toml"));
    fails_with(
        p.path(),
        &["cannot read the data file `sections/data/plan.toml`: it is a named pipe, not a file"],
    );

    let p = copy_project();
    pipe(&p.path().join("styles/fonts/Extra.ttf"));
    fails_with(p.path(), &["Extra.ttf", "it is a named pipe, not a file"]);

    let p = copy_project();
    pipe(&p.path().join("styles/pipe.txt"));
    edit(
        &p.path().join("styles/quire.typ"),
        "#let pt-of(n) = n * 1pt",
        "#let pt-of(n) = n * 1pt\n#let leaked = read(\"/styles/pipe.txt\")",
    );
    fails_with(
        p.path(),
        &["`/styles/pipe.txt` cannot be read: it is a named pipe, not a file"],
    );
}

/// The project folder may not be the whole machine: the file system's
/// root, a folder right under it, or a home folder is refused.
#[test]
fn a_project_folder_that_is_the_whole_machine_is_refused() {
    for (root, why) in [
        ("/", "is the file system's root"),
        ("/tmp", "directly under the file system's root"),
    ] {
        let p = copy_project();
        edit(
            &p.path().join("sections/quire.toml"),
            "root = \"..\"",
            &format!("root = {root:?}"),
        );
        // The manifest must be inside the root it names: `/tmp` holds the
        // copy only when the system's temporary folder is `/tmp`.
        let out = common::quire(p.path(), &["build"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{stderr}");
        assert!(
            stderr.contains(why)
                || stderr.contains("the manifest must be inside the project folder"),
            "{root}: {stderr}"
        );
    }
}
