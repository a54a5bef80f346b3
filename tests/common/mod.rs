//! Helpers shared by the end-to-end tests.

#![allow(dead_code)]

pub mod plugins;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository's top folder.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// A copy of the shipped project (`sections/` and `styles/`) in a fresh
/// temporary folder, so a test can break it freely.
pub fn copy_project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for part in ["sections", "styles"] {
        copy_dir(&repo().join(part), &dir.path().join(part));
    }
    dir
}

/// Copies the folder `from` to `to`, recursively.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Runs the `quire` binary in `cwd`.
pub fn quire(cwd: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

/// Runs the `quire` binary in `cwd`, allowing it `seconds`: a run still
/// going then is killed and the test fails (a hang is a failure, never a
/// test that waits for ever).
pub fn quire_within(cwd: &Path, args: &[&str], seconds: u64) -> Output {
    quire_measured(cwd, args, seconds).0
}

/// [`quire_within`], following the process's peak resident memory (on
/// Linux; 0 elsewhere), which it returns in bytes with the output.
pub fn quire_measured(cwd: &Path, args: &[&str], seconds: u64) -> (Output, u64) {
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let status = format!("/proc/{}/status", child.id());
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(seconds);
    let mut peak = 0;
    while child.try_wait().unwrap().is_none() {
        let high_water = std::fs::read_to_string(&status).ok().and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("VmHWM:"))?.to_string();
            line.split_whitespace().nth(1)?.parse::<u64>().ok()
        });
        peak = peak.max(high_water.unwrap_or(0) * 1024);
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            let out = child.wait_with_output().unwrap();
            panic!(
                "`quire {}` was still running after {seconds} s; it printed:\n{}",
                args.join(" "),
                String::from_utf8_lossy(&out.stderr)
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    (child.wait_with_output().unwrap(), peak)
}

/// Replaces the first `from` in a file with `to`; panics if `from` is absent,
/// so a test cannot silently stop testing anything.
pub fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(
        text.contains(from),
        "{} does not contain {from:?}",
        path.display()
    );
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

/// Appends `text` to the file at `path`.
pub fn append(path: &Path, text: &str) {
    let mut all = std::fs::read_to_string(path).unwrap();
    all.push_str(text);
    std::fs::write(path, all).unwrap();
}

/// Builds the project, which must succeed (the error output is shown if not).
pub fn builds(project: &Path) {
    let out = quire(project, &["build"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The text of a PDF with every run of white space folded to one space.
pub fn pdf_text(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    let text = pdf_extract::extract_text_from_mem(&bytes).unwrap();
    fold(&text)
}

/// Folds white space runs to single spaces.
pub fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Removes all white space (for text a PDF may have broken across lines).
pub fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// The text of part `name` (`word/document.xml`) of a Word file.
pub fn docx_part(docx: &[u8], name: &str) -> String {
    let parts = quire_docx::package::read_parts(docx).unwrap();
    let part = parts
        .into_iter()
        .find(|p| p.name == name)
        .unwrap_or_else(|| panic!("no part {name}"));
    String::from_utf8(part.bytes).unwrap()
}

/// Builds the broken project and checks the failure: exit code 1, each
/// expected snippet in the error output, and no output folder created.
pub fn fails_with(project: &Path, expected: &[&str]) -> String {
    let out = quire(project, &["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(
        out.status.code(),
        Some(1),
        "stdout: {}\nstderr: {stderr}",
        String::from_utf8_lossy(&out.stdout)
    );
    for snippet in expected {
        assert!(
            stderr.contains(snippet),
            "expected {snippet:?} in:\n{stderr}"
        );
    }
    assert!(
        !project.join("out").exists(),
        "a failed build must write nothing"
    );
    stderr
}

/// Whether an external tool is installed (it can be started at all). On CI
/// (`CI` set) it must be.
pub fn tool(name: &str, probe: &[&str]) -> bool {
    let found = std::process::Command::new(name)
        .args(probe)
        .output()
        .is_ok();
    if !found {
        assert!(
            std::env::var_os("CI").is_none(),
            "{name} is required on CI (.ci/run installs it)"
        );
        eprintln!("skipping: {name} is not installed here");
    }
    found
}

/// Checks that a run of `quire` ended by itself, without a crash: no panic
/// message, no backtrace hint, no abort or signal, and an exit code Quire
/// documents (0, 1 or 2). Returns the run's standard error.
pub fn no_crash(output: &Output, what: &str) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    for sign in [
        "panicked",
        "RUST_BACKTRACE",
        "stack overflow",
        "Aborted",
        "core dumped",
    ] {
        assert!(!stderr.contains(sign), "{what}: `{sign}` in:\n{stderr}");
    }
    assert!(
        matches!(output.status.code(), Some(0..=2)),
        "{what}: ended with {:?}:\n{stderr}",
        output.status
    );
    stderr
}

/// A watch started by [`start_watch`]: the process, the lines it printed
/// up to waiting for changes, and the rest of its standard output.
#[cfg(unix)]
pub struct Watching {
    /// The `quire` process.
    pub child: std::process::Child,
    /// What it printed before it first waited for changes.
    pub first: Vec<String>,
    /// Its standard output from there on.
    pub rest: std::io::Lines<std::io::BufReader<std::process::ChildStdout>>,
}

/// Starts `quire <args>` (a watch) in `project` with its output piped, and
/// reads its standard output up to the line saying it waits for changes
/// (its first build done).
#[cfg(unix)]
pub fn start_watch(project: &Path, args: &[&str]) -> Watching {
    use std::io::{BufRead, BufReader};
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(args)
        .current_dir(project)
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut rest = BufReader::new(child.stdout.take().unwrap()).lines();
    let mut first = Vec::new();
    for line in rest.by_ref() {
        let line = line.unwrap();
        let waiting = line.contains("watching for changes");
        first.push(line);
        if waiting {
            break;
        }
    }
    Watching { child, first, rest }
}

/// Runs `quire <args> watch` in `project` until its first build is done
/// and it waits for changes, then stops it; returns what it printed.
#[cfg(unix)]
pub fn first_watch(project: &Path, args: &[&str]) -> Output {
    let args: Vec<&str> = args.iter().copied().chain(["watch"]).collect();
    let mut watching = start_watch(project, &args);
    let _ = watching.child.kill();
    watching.child.wait_with_output().unwrap()
}
