//! End to end: budgets hold while content is made, not only once it is.
//! Expansions that multiply — footnotes that repeat each other, loops in
//! loops that print nothing, a Typst template that never ends or builds
//! something enormous, a font folder of padded files — are each stopped by
//! a clear error at the file that caused it, within seconds and within a
//! few GiB, never an abort, a backtrace or a hang; `watch` keeps the last
//! good outputs and goes on.

#![cfg(target_os = "linux")]

use std::path::Path;
use std::time::Duration;

use crate::common;

use common::{append, builds, copy_project};

/// Seconds a command that must stop may take here, far over the limits it
/// meets (the typesetting time limit of a small document is 20 s).
const WITHIN: u64 = 120;

/// Runs `quire <args>` in `project`, allowing it [`WITHIN`]; its output
/// and peak memory.
fn run_measured(project: &Path, args: &[&str]) -> (std::process::Output, u64) {
    common::quire_measured(project, args, WITHIN)
}

/// The command failed with exit 1 and an error naming each of `expected`,
/// without a crash, under 4 GiB.
fn stopped_cleanly(output: &std::process::Output, peak: u64, expected: &[&str]) -> String {
    let stderr = common::no_crash(output, "quire");
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    for words in expected {
        assert!(stderr.contains(words), "`{words}` in:\n{stderr}");
    }
    assert!(!stderr.contains("memory allocation"), "{stderr}");
    assert!(peak < 4 << 30, "peaked at {} MiB", peak >> 20);
    stderr
}

#[test]
fn footnotes_that_repeat_each_other_are_stopped_at_their_line() {
    let project = copy_project();
    let prose = project.path().join("sections/prose/glossary.md");
    // Eight notes, each citing the next six times: some two million notes.
    let mut notes = String::from("\nSee the sources.[^n0]\n\n");
    for i in 0..8 {
        let next = if i < 7 {
            format!("[^n{}]", i + 1).repeat(6)
        } else {
            String::new()
        };
        notes.push_str(&format!("[^n{i}]: Source {i}.{next}\n\n"));
    }
    append(&prose, &notes);
    for command in ["check", "build"] {
        let (output, peak) = run_measured(project.path(), &[command]);
        let stderr = stopped_cleanly(&output, peak, &["glossary.md:", "thousand notes"]);
        assert!(!stderr.contains("no errors"), "{stderr}");
    }
}

#[test]
fn loops_in_loops_that_print_nothing_are_stopped_at_the_loop() {
    let project = copy_project();
    let shared = project.path().join("sections/shared.toml");
    let list: Vec<String> = (0..2_000).map(|i| i.to_string()).collect();
    let text = std::fs::read_to_string(&shared).unwrap();
    std::fs::write(&shared, format!("many = [{}]\n{text}", list.join(", "))).unwrap();
    let prose = project.path().join("sections/prose/foreword.md");
    append(
        &prose,
        "\n{{#each shared.many}}\n{{~#each @root.shared.many}}{{~#each @root.shared.many}}{{/each}}{{/each}}\n{{/each}}\n",
    );
    let lines = std::fs::read_to_string(&prose).unwrap().lines().count();
    let (output, peak) = run_measured(project.path(), &["check"]);
    let stderr = stopped_cleanly(&output, peak, &["passed more than"]);
    // At the loop that went over: the innermost, which passes most.
    assert!(
        stderr.contains(&format!("foreword.md:{}:", lines - 1)),
        "at the inner loops' line {}:\n{stderr}",
        lines - 1
    );
}

/// The project's Typst template runs under a time limit.
#[test]
fn a_template_that_never_ends_is_stopped_and_nothing_is_written() {
    let project = copy_project();
    builds(project.path());
    let pdf = project.path().join("out/hate-crime-strategy.pdf");
    let before = std::fs::read(&pdf).unwrap();
    let template = project.path().join("styles/quire.typ");
    append(
        &template,
        "\n#for i in range(100000) { for j in range(100000) { let k = i * j } }\n",
    );
    let (output, peak) = run_measured(project.path(), &["build"]);
    stopped_cleanly(&output, peak, &["quire.typ", "ran for more than"]);
    assert_eq!(
        std::fs::read(&pdf).unwrap(),
        before,
        "the last outputs stay"
    );
}

/// The project's Typst template runs under a memory limit.
#[test]
fn a_template_that_builds_something_enormous_is_stopped() {
    let project = copy_project();
    let template = project.path().join("styles/quire.typ");
    // A string doubled twelve times: 4 GB, quickly.
    append(
        &template,
        "\n#{ let s = \"x\" * 1000000; for i in range(12) { s = s + s }; s.len() }\n",
    );
    let (output, peak) = run_measured(project.path(), &["build"]);
    stopped_cleanly(&output, peak, &["quire.typ", "MiB of memory"]);
    assert!(!project.path().join("out/hate-crime-strategy.pdf").exists());
}

/// The font folder has a total limit, told at the style's `fonts_dir`
/// before any font is read.
#[test]
fn a_font_folder_too_large_altogether_is_refused_unread() {
    let project = copy_project();
    let fonts = project.path().join("styles/fonts");
    for i in 0..90 {
        // Sparse: 60 MiB each as the system reports them, nothing on disk.
        let file = std::fs::File::create(fonts.join(format!("padded-{i:02}.ttf"))).unwrap();
        file.set_len(60 << 20).unwrap();
    }
    for command in ["check", "build"] {
        let (output, peak) = run_measured(project.path(), &[command]);
        let stderr = stopped_cleanly(&output, peak, &["house.toml:", "fonts_dir", "font folders"]);
        assert!(
            peak < 1 << 30,
            "{command} read the fonts: {} MiB",
            peak >> 20
        );
        assert!(!stderr.contains("no errors"), "{stderr}");
    }
}

/// The address a watch's line `serving the HTML edition at URL` names.
fn served_at(lines: &[String]) -> Option<String> {
    let line = lines
        .iter()
        .rev()
        .find(|l| l.contains("serving the HTML edition at"))?;
    let url = line.split_whitespace().last()?;
    Some(
        url.trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string(),
    )
}

/// `watch` keeps the last good outputs after a template that never ends,
/// and goes on: it serves them where it did, and the next save that fixes
/// the template is built.
#[test]
fn watch_goes_on_after_a_template_that_never_ends() {
    let project = copy_project();
    let template = project.path().join("styles/quire.typ");
    let good = std::fs::read_to_string(&template).unwrap();
    let mut watching = common::start_watch(
        project.path(),
        &["watch", "--only", "pdf,html", "--serve", "--port", "0"],
    );
    let address = served_at(&watching.first).expect("a served address");
    // A watch that never says it stopped the template is ended here, so
    // the test fails instead of waiting for ever.
    let pid = watching.child.id().to_string();
    std::thread::spawn(move || {
        std::thread::sleep(Duration::from_secs(3 * WITHIN));
        let _ = std::process::Command::new("kill")
            .args(["-9", &pid])
            .status();
    });
    let pdf = project.path().join("out/hate-crime-strategy.pdf");
    let before = std::fs::read(&pdf).unwrap();
    append(
        &template,
        "\n#for i in range(100000) { for j in range(100000) { let k = i * j } }\n",
    );
    let mut said = Vec::new();
    let mut kept = false;
    for line in watching.rest.by_ref() {
        let line = line.unwrap();
        said.push(line.clone());
        if line.contains("watching for changes") && kept {
            break;
        }
        kept |= line.contains("last good outputs were kept");
    }
    assert!(kept, "{said:?}");
    assert_eq!(std::fs::read(&pdf).unwrap(), before);
    assert_eq!(
        served_at(&said).as_deref(),
        Some(address.as_str()),
        "{said:?}"
    );
    let (status, page) = crate::serve::get(&address, "/");
    assert_eq!(status, 200, "the last good page is served: {page}");
    std::fs::write(&template, format!("{good}\n// fixed\n")).unwrap();
    let rebuilt = watching
        .rest
        .by_ref()
        .map(|l| l.unwrap())
        .find(|l| l.contains("rebuilt in") || l.contains("built in"));
    let _ = watching.child.kill();
    let output = watching.child.wait_with_output().unwrap();
    assert!(
        rebuilt.is_some(),
        "{said:?}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
