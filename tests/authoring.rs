//! End to end: the authors' loop — `quire check` finds mistakes without
//! typesetting, `quire watch` rebuilds as files change and keeps the last
//! good outputs through a mistake, and `quire init` projects build.

use crate::common;

use std::io::Read;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{copy_project, edit, pdf_text, quire};

#[test]
fn check_passes_the_shipped_strategy_and_writes_nothing() {
    let p = copy_project();
    let out = quire(p.path(), &["check"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("13 sections and profile committee): no errors"),
        "{stdout}"
    );
    assert!(!p.path().join("out").exists());
}

#[test]
fn check_catches_each_class_of_mistake_without_typesetting() {
    let cases: [(&str, &str, &str, &str); 6] = [
        (
            "sections/data/plan.toml",
            "title = ",
            "title = = ",
            "this TOML is not valid",
        ),
        (
            "sections/data/aims.toml",
            "themes_label = \"Strands served\"",
            "themes_label = 3",
            "should be text, not the whole number 3",
        ),
        (
            "sections/quire.toml",
            "plugin = \"aims\"",
            "plugin = \"aimz\"",
            "no plugin called `aimz`",
        ),
        (
            "sections/quire.toml",
            "data/plan.toml",
            "data/plans.toml",
            "does not exist",
        ),
        (
            "sections/prose/foreword.md",
            "{{shared.partnership.name}}",
            "{{shout 1}}",
            "shout",
        ),
        (
            "sections/prose/aims-intro.md",
            "@sec-baseline",
            "@sec-baseline-2",
            "sec-baseline",
        ),
    ];
    for (file, from, to, expected) in cases {
        let p = copy_project();
        edit(&p.path().join(file), from, to);
        let out = quire(p.path(), &["check"]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{file}: {stderr}");
        assert!(
            stderr.contains(expected),
            "{file}: expected {expected:?} in {stderr}"
        );
        assert!(
            stderr.contains(file),
            "{file}: the file is named in {stderr}"
        );
        assert!(!p.path().join("out").exists());
    }
}

#[test]
fn a_mistake_in_a_profile_s_front_section_is_checked_too() {
    let p = copy_project();
    edit(
        &p.path().join("sections/data/committee.toml"),
        "heading = ",
        "headng = ",
    );
    let out = quire(p.path(), &["check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("sections/data/committee.toml"), "{stderr}");
    assert!(
        stderr.contains("did you mean `appendix_heading`?"),
        "{stderr}"
    );
}

#[test]
fn init_projects_build_at_once() {
    let dir = tempfile::tempdir().unwrap();
    for (name, args) in [
        ("starter", vec!["init", "starter"]),
        (
            "southwark",
            vec!["init", "southwark", "--example", "southwark"],
        ),
    ] {
        let made = quire(dir.path(), &args);
        assert!(
            made.status.success(),
            "{}",
            String::from_utf8_lossy(&made.stderr)
        );
        let project = dir.path().join(name);
        let built = quire(&project, &["build"]);
        assert!(
            built.status.success(),
            "{name}: {}",
            String::from_utf8_lossy(&built.stderr)
        );
        let pdf = project.join(format!(
            "out/{}.pdf",
            if name == "starter" {
                "starter"
            } else {
                "hate-crime-strategy"
            }
        ));
        let text = pdf_text(&pdf);
        let expected = if name == "starter" {
            "Vision and aims"
        } else {
            "Hate Crime Strategy"
        };
        assert!(text.contains(expected), "{name}: {text}");
    }
    // A folder with files in it is refused and left alone.
    let again = quire(dir.path(), &["init", "starter"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("not empty"));
}

/// A running `quire watch`, its output collected as it comes.
struct Watch {
    child: Child,
    stdout: Arc<Mutex<String>>,
    stderr: Arc<Mutex<String>>,
}

impl Watch {
    fn start(project: &Path) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_quire"))
            .arg("watch")
            .current_dir(project)
            .env("NO_COLOR", "1")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let collect = |mut stream: Box<dyn Read + Send>| {
            let text = Arc::new(Mutex::new(String::new()));
            let sink = Arc::clone(&text);
            std::thread::spawn(move || {
                let mut buffer = [0u8; 4096];
                while let Ok(n) = stream.read(&mut buffer) {
                    if n == 0 {
                        break;
                    }
                    sink.lock()
                        .unwrap()
                        .push_str(&String::from_utf8_lossy(&buffer[..n]));
                }
            });
            text
        };
        let stdout = collect(Box::new(child.stdout.take().unwrap()));
        let stderr = collect(Box::new(child.stderr.take().unwrap()));
        Watch {
            child,
            stdout,
            stderr,
        }
    }

    /// Waits until `stream` has said `what` `times` times in all.
    fn wait_for(&self, stream: &Mutex<String>, what: &str, times: usize) {
        let deadline = Instant::now() + Duration::from_secs(120);
        while stream.lock().unwrap().matches(what).count() < times {
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what:?} x{times}; stdout:\n{}\nstderr:\n{}",
                self.stdout.lock().unwrap(),
                self.stderr.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn watch_rebuilds_on_change_keeps_the_last_good_output_on_error_and_recovers() {
    let p = copy_project();
    let pdf = p.path().join("out/hate-crime-strategy.pdf");
    let watch = Watch::start(p.path());
    watch.wait_for(&watch.stdout, "built in", 1);
    watch.wait_for(&watch.stdout, "watching for changes", 1);

    // An edited data value appears in the rebuilt outputs.
    let plan = p.path().join("sections/data/plan.toml");
    edit(&plan, "title = \"", "title = \"Revised ");
    watch.wait_for(&watch.stdout, "rebuilt in", 1);
    watch.wait_for(&watch.stdout, "watching for changes", 2);
    assert!(
        pdf_text(&pdf).contains("Revised"),
        "the new value is in the PDF"
    );
    let good = std::fs::read(&pdf).unwrap();

    // A broken file: the error is shown, the good output stays as it was.
    edit(&plan, "title = \"Revised ", "title = = \"Revised ");
    watch.wait_for(&watch.stderr, "this TOML is not valid", 1);
    watch.wait_for(&watch.stderr, "the last good outputs were kept", 1);
    assert!(
        std::fs::read(&pdf).unwrap() == good,
        "the last good PDF is untouched"
    );

    // Fixed: it rebuilds.
    edit(&plan, "title = = \"Revised ", "title = \"Fixed ");
    watch.wait_for(&watch.stdout, "rebuilt in", 2);
    watch.wait_for(&watch.stdout, "watching for changes", 4);
    assert!(
        pdf_text(&pdf).contains("Fixed"),
        "the fixed value is in the PDF"
    );
}

#[test]
fn the_starter_names_no_council_and_its_running_text_comes_from_the_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let made = quire(dir.path(), &["init", "ours"]);
    assert!(made.status.success());
    let project = dir.path().join("ours");
    common::edit(
        &project.join("sections/quire.toml"),
        "author = \"Your organisation\"",
        "author = \"Northshire Community Safety Partnership\"\norganisation = \"Northshire Council\"",
    );
    // Nothing of Southwark or its strategy in the starter's files…
    let mut files = vec![
        project.join("styles/house.toml"),
        project.join("styles/committee.toml"),
    ];
    let mut folders = vec![project.join("sections")];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else {
                files.push(path);
            }
        }
    }
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap().to_lowercase();
        for word in ["southwark", "hate crime", "strand"] {
            assert!(!text.contains(word), "{} says {word:?}", file.display());
        }
    }
    // …nor in what it prints, and the footer names the manifest's author.
    let built = quire(&project, &["build"]);
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let pdf = pdf_text(&project.join("out/ours.pdf"));
    assert!(!pdf.contains("Southwark"), "{pdf}");
    assert!(!pdf.to_lowercase().contains("hate crime"), "{pdf}");
    assert!(!pdf.to_lowercase().contains("strand"), "{pdf}");
    assert!(
        pdf.contains("Northshire Community Safety Partnership Page 2"),
        "{pdf}"
    );
    let docx = std::fs::read(project.join("out/ours.docx")).unwrap();
    let parts = quire_docx::package::read_parts(&docx).unwrap();
    let footers: String = parts
        .iter()
        .filter(|p| p.name.starts_with("word/footer"))
        .map(|p| String::from_utf8_lossy(&p.bytes).into_owned())
        .collect();
    assert!(
        footers.contains(">Northshire Community Safety Partnership<"),
        "{footers}"
    );
    assert!(
        parts
            .iter()
            .all(|p| !String::from_utf8_lossy(&p.bytes).contains("Southwark"))
    );
}
