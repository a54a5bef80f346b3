//! End to end: Quire's own state files in the output folder — the journal
//! (`.quire-journal`) and the lock (`.quire.lock`) — travel with a project
//! (git carries a symbolic link, an empty file, a folder), so they are read
//! by the rules every file follows: no link followed, regular files only,
//! never waited on, a size limit. A journal may name only Quire's own
//! temporary and backup names and the outputs the manifest declares, and
//! never a file the project reads; anything else stops `build` and `check`
//! with a message naming the journal, never acted on and never "no errors".

#![cfg(unix)]

use std::path::Path;

use crate::common;

use common::{copy_project, edit, quire_within};

/// Seconds a command may take here: these all fail at once, before any
/// typesetting; a hang or a read without end runs into this.
const QUICK: u64 = 60;

fn out(project: &Path) -> std::path::PathBuf {
    project.join("out")
}

/// `build` and `check` both stop, exit 1, naming `expected` (and the
/// journal or the lock); nothing is said to be fine.
fn both_refuse(project: &Path, expected: &[&str]) {
    for command in ["check", "build"] {
        let output = quire_within(project, &[command], QUICK);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(1), "{command}: {stderr}");
        for words in expected {
            assert!(stderr.contains(words), "{command}: `{words}` in:\n{stderr}");
        }
        assert!(!stderr.contains("no errors"), "{command}: {stderr}");
        common::no_crash(&output, command);
    }
}

fn mkfifo(path: &Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn a_journal_that_links_to_a_device_is_refused_unread() {
    let project = copy_project();
    let out = out(project.path());
    std::fs::create_dir(&out).unwrap();
    std::os::unix::fs::symlink("/dev/zero", out.join(".quire-journal")).unwrap();
    std::fs::write(out.join(".quire.lock"), b"").unwrap();
    both_refuse(project.path(), &[".quire-journal", "symbolic link"]);
    // Anything else a link could lead to: a real journal elsewhere.
    std::fs::remove_file(out.join(".quire-journal")).unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let real = elsewhere.path().join("journal");
    std::fs::write(&real, r#"{"state":"prepared","files":[]}"#).unwrap();
    std::os::unix::fs::symlink(&real, out.join(".quire-journal")).unwrap();
    both_refuse(project.path(), &[".quire-journal", "symbolic link"]);
    assert!(real.exists(), "nothing behind the link was touched");
}

#[test]
fn a_journal_or_a_lock_that_is_a_named_pipe_is_refused_at_once() {
    let project = copy_project();
    let out = out(project.path());
    std::fs::create_dir(&out).unwrap();
    mkfifo(&out.join(".quire-journal"));
    both_refuse(project.path(), &[".quire-journal", "named pipe"]);
    std::fs::remove_file(out.join(".quire-journal")).unwrap();
    let _ = std::fs::remove_file(out.join(".quire.lock"));
    mkfifo(&out.join(".quire.lock"));
    let output = quire_within(project.path(), &["build"], QUICK);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains(".quire.lock") && stderr.contains("named pipe"),
        "{stderr}"
    );
}

#[test]
fn a_folder_in_the_journals_place_is_named_as_the_journal() {
    let project = copy_project();
    let out = out(project.path());
    std::fs::create_dir_all(out.join(".quire-journal")).unwrap();
    both_refuse(project.path(), &["journal", ".quire-journal", "a folder"]);
    let output = quire_within(project.path(), &["build"], QUICK);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("cannot write out/.quire.lock"), "{stderr}");
}

#[test]
fn a_truncated_or_oversized_journal_stops_the_command() {
    let project = copy_project();
    let out = out(project.path());
    std::fs::create_dir(&out).unwrap();
    std::fs::write(
        out.join(".quire-journal"),
        b"{\"state\":\"committing\",\"fi",
    )
    .unwrap();
    both_refuse(project.path(), &[".quire-journal", "cannot be read"]);
    std::fs::write(out.join(".quire-journal"), vec![b' '; 4 << 20]).unwrap();
    both_refuse(project.path(), &[".quire-journal", "at most"]);
}

/// The output folder is the project's own (`dir = "."`, which is allowed):
/// a journal naming the manifest, the shared data, a prose file or a data
/// file — as a temporary file to remove, a backup to put back or an output
/// to replace — is refused, and every one of them is left as it was.
#[test]
fn a_journal_never_removes_or_replaces_a_file_the_project_reads() {
    let project = copy_project();
    let sections = project.path().join("sections");
    edit(
        &sections.join("quire.toml"),
        "dir = \"../out\"",
        "dir = \".\"",
    );
    let reads = [
        "quire.toml",
        "shared.toml",
        "prose/introduction.md",
        "data/plan.toml",
    ];
    let before: Vec<Vec<u8>> = reads
        .iter()
        .map(|f| std::fs::read(sections.join(f)).unwrap())
        .collect();
    let stamp = "4242-1f";
    let (temp, backup) = (
        format!(".quire-{stamp}-0.tmp"),
        format!(".quire-{stamp}-0.old"),
    );
    std::fs::write(sections.join(&temp), b"made by a killed build").unwrap();
    for state in ["prepared", "committing"] {
        for file in reads {
            for (target, temp, backup) in [
                ("hate-crime-strategy.pdf", file, backup.as_str()),
                ("hate-crime-strategy.pdf", temp.as_str(), file),
                (file, temp.as_str(), backup.as_str()),
            ] {
                let journal = serde_json::json!({
                    "state": state,
                    "files": [{"target": target, "temp": temp, "backup": backup}],
                });
                std::fs::write(sections.join(".quire-journal"), journal.to_string()).unwrap();
                both_refuse(project.path(), &[".quire-journal", "not one Quire wrote"]);
            }
        }
    }
    for (file, bytes) in reads.iter().zip(&before) {
        assert_eq!(
            &std::fs::read(sections.join(file)).unwrap(),
            bytes,
            "{file}"
        );
    }
}

/// A journal Quire wrote is still finished by the next command, so the
/// rules above refuse only what Quire never writes.
#[test]
fn a_journal_quire_wrote_is_still_finished() {
    let project = copy_project();
    let out = out(project.path());
    std::fs::create_dir(&out).unwrap();
    let (temp, backup) = (".quire-77-abc-0.tmp", ".quire-77-abc-0.old");
    std::fs::write(out.join(temp), b"the new PDF").unwrap();
    std::fs::write(out.join("hate-crime-strategy.pdf"), b"the old PDF").unwrap();
    std::fs::hard_link(out.join("hate-crime-strategy.pdf"), out.join(backup)).unwrap();
    let journal = serde_json::json!({
        "state": "committing",
        "files": [{"target": "hate-crime-strategy.pdf", "temp": temp, "backup": backup}],
    });
    std::fs::write(out.join(".quire-journal"), journal.to_string()).unwrap();
    let output = quire_within(project.path(), &["check"], QUICK);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        std::fs::read(out.join("hate-crime-strategy.pdf")).unwrap(),
        b"the new PDF"
    );
    for name in [temp, backup, ".quire-journal"] {
        assert!(!out.join(name).exists(), "{name} is tidied away");
    }
}
