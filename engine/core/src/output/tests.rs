use super::*;

/// Every file in `dir`, sorted by name, with its contents.
fn contents(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            let name = e.file_name().to_string_lossy().into_owned();
            let bytes = std::fs::read(e.path()).unwrap_or_default();
            (name, bytes)
        })
        .collect();
    files.sort();
    files
}

fn old_outputs(dir: &Path) {
    std::fs::write(dir.join("doc.pdf"), b"old pdf").unwrap();
    std::fs::write(dir.join("doc.docx"), b"old docx").unwrap();
}

const NEW: [(&str, &[u8]); 2] = [("doc.pdf", b"new pdf"), ("doc.docx", b"new docx")];

fn new_outputs() -> Vec<(String, &'static [u8])> {
    NEW.iter().map(|(n, b)| (n.to_string(), *b)).collect()
}

/// What the tests' manifest declares: `doc.pdf` and `doc.docx`.
fn declared() -> Declared {
    Declared {
        outputs: ["doc.pdf", "doc.docx"].map(String::from).into(),
        reads: Default::default(),
    }
}

fn pair(dir: &Path) -> (Vec<u8>, Vec<u8>) {
    (
        std::fs::read(dir.join("doc.pdf")).unwrap(),
        std::fs::read(dir.join("doc.docx")).unwrap(),
    )
}

const STEPS: [Step; 8] = [
    Step::Prepare,
    Step::Write(0),
    Step::Write(1),
    Step::Backup(0),
    Step::Backup(1),
    Step::Decide,
    Step::Rename(0),
    Step::Rename(1),
];

#[test]
fn a_commit_replaces_both_and_leaves_nothing_else() {
    let dir = tempfile::tempdir().unwrap();
    old_outputs(dir.path());
    commit(dir.path(), &new_outputs()).unwrap();
    assert_eq!(
        contents(dir.path()),
        [
            ("doc.docx".to_string(), b"new docx".to_vec()),
            ("doc.pdf".to_string(), b"new pdf".to_vec())
        ]
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let fresh = tempfile::tempdir().unwrap();
        commit(fresh.path(), &new_outputs()).unwrap();
        let mode = std::fs::metadata(fresh.path().join("doc.pdf"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(
            mode & 0o777,
            0o644,
            "outputs are readable like any document"
        );
    }
}

#[test]
fn a_failure_at_any_step_leaves_the_old_pair_and_nothing_else() {
    for step in STEPS {
        let dir = tempfile::tempdir().unwrap();
        old_outputs(dir.path());
        let before = contents(dir.path());
        let error = commit_with(dir.path(), &new_outputs(), Some(Fault::Fail(step))).unwrap_err();
        assert!(
            matches!(error, CommitError::Untouched { .. }),
            "{step:?}: {error}"
        );
        assert_eq!(contents(dir.path()), before, "{step:?}");
    }
}

#[test]
fn a_failure_while_finishing_keeps_the_new_pair_and_the_next_lock_tidies_up() {
    let dir = tempfile::tempdir().unwrap();
    old_outputs(dir.path());
    commit_with(dir.path(), &new_outputs(), Some(Fault::Fail(Step::Finish))).unwrap();
    assert_eq!(
        pair(dir.path()),
        (b"new pdf".to_vec(), b"new docx".to_vec())
    );
    drop(OutputLock::acquire(dir.path(), &declared(), || {}).unwrap());
    let names: Vec<_> = contents(dir.path()).into_iter().map(|(n, _)| n).collect();
    assert_eq!(names, [".quire.lock", "doc.docx", "doc.pdf"]);
}

#[test]
fn a_kill_at_any_step_is_finished_or_undone_by_the_next_lock() {
    for step in STEPS.into_iter().chain([Step::Finish]) {
        let dir = tempfile::tempdir().unwrap();
        old_outputs(dir.path());
        commit_with(dir.path(), &new_outputs(), Some(Fault::Die(step))).unwrap();
        let decided = matches!(step, Step::Rename(_) | Step::Finish);
        let expected = if decided {
            (b"new pdf".to_vec(), b"new docx".to_vec())
        } else {
            (b"old pdf".to_vec(), b"old docx".to_vec())
        };
        let recovered = recover(dir.path(), &declared()).unwrap();
        assert_eq!(pair(dir.path()), expected, "{step:?}");
        let names: Vec<_> = contents(dir.path()).into_iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["doc.docx", "doc.pdf"], "{step:?}: {recovered:?}");
    }
}

#[test]
fn a_kill_before_the_first_build_leaves_no_outputs() {
    let dir = tempfile::tempdir().unwrap();
    commit_with(dir.path(), &new_outputs(), Some(Fault::Die(Step::Decide))).unwrap();
    assert_eq!(
        recover(dir.path(), &declared()).unwrap(),
        Recovered::RolledBack
    );
    assert!(contents(dir.path()).is_empty());
    commit_with(
        dir.path(),
        &new_outputs(),
        Some(Fault::Fail(Step::Rename(1))),
    )
    .unwrap_err();
    assert!(
        contents(dir.path()).is_empty(),
        "the first output is taken back"
    );
}

#[test]
fn files_no_journal_names_are_never_removed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(".quire-mine.tmp"), b"the author's").unwrap();
    commit_with(
        dir.path(),
        &new_outputs(),
        Some(Fault::Die(Step::Backup(0))),
    )
    .unwrap();
    drop(OutputLock::acquire(dir.path(), &declared(), || {}).unwrap());
    assert_eq!(
        std::fs::read(dir.path().join(".quire-mine.tmp")).unwrap(),
        b"the author's"
    );
}

#[test]
fn a_folder_where_an_output_goes_is_an_error_before_anything_is_written() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("doc.pdf"), b"old pdf").unwrap();
    std::fs::create_dir(dir.path().join("doc.docx")).unwrap();
    let error = commit(dir.path(), &new_outputs()).unwrap_err();
    assert!(
        error.to_string().contains("a folder is in the way"),
        "{error}"
    );
    assert_eq!(
        std::fs::read(dir.path().join("doc.pdf")).unwrap(),
        b"old pdf"
    );
}

#[test]
fn a_journal_naming_files_elsewhere_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let journal =
        r#"{"state":"prepared","files":[{"target":"a","temp":"../victim","backup":"b"}]}"#;
    std::fs::write(dir.path().join(JOURNAL), journal).unwrap();
    assert!(recover(dir.path(), &declared()).is_err());
}

#[test]
fn a_second_lock_on_a_folder_waits_for_the_first() {
    let dir = tempfile::tempdir().unwrap();
    let first =
        OutputLock::acquire(dir.path(), &declared(), || panic!("the folder is free")).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let path = dir.path().to_path_buf();
    let second = std::thread::spawn(move || {
        let lock = OutputLock::acquire(&path, &declared(), || tx.send("waiting").unwrap()).unwrap();
        drop(lock);
    });
    assert_eq!(rx.recv().unwrap(), "waiting");
    assert!(!second.is_finished(), "it waits while the first is held");
    drop(first);
    second.join().unwrap();
}

#[test]
fn an_output_folder_that_is_a_file_is_named_as_such() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("out");
    std::fs::write(&file, b"").unwrap();
    let error = OutputLock::acquire(&file, &declared(), || {}).unwrap_err();
    assert!(
        error.to_string().contains("the output folder is a file"),
        "{error}"
    );
}

#[cfg(unix)]
#[test]
fn a_lock_file_that_is_a_link_is_never_followed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let elsewhere = dir.path().join("elsewhere");
    std::os::unix::fs::symlink(&elsewhere, out.join(OutputLock::FILE)).unwrap();
    let error = OutputLock::acquire(&out, &declared(), || {}).unwrap_err();
    assert!(error.to_string().contains("symbolic link"), "{error}");
    assert!(!elsewhere.exists(), "no file was made through the link");
}

#[test]
fn a_journal_half_written_when_the_build_was_killed_is_cleared_by_the_next_command() {
    // Killed between writing `.quire-journal.new` and renaming it: before
    // the first journal (nothing else was made), or while the decision was
    // being written (the prepared journal says to roll back).
    for with_prepared_journal in [false, true] {
        let dir = tempfile::tempdir().unwrap();
        old_outputs(dir.path());
        if with_prepared_journal {
            commit_with(
                dir.path(),
                &new_outputs(),
                Some(Fault::Die(Step::Backup(1))),
            )
            .unwrap();
        }
        // A build takes the folder's lock before it writes a journal.
        std::fs::write(dir.path().join(OutputLock::FILE), b"").unwrap();
        let half = dir.path().join(format!("{JOURNAL}.new"));
        std::fs::write(&half, b"{\"state\": \"comm").unwrap();
        assert_ne!(
            recover_if_idle(dir.path(), &declared()).unwrap(),
            Recovered::Finished
        );
        assert!(!half.exists());
        assert!(!dir.path().join(JOURNAL).exists());
        assert_eq!(
            pair(dir.path()),
            (b"old pdf".to_vec(), b"old docx".to_vec())
        );
        let names: Vec<String> = contents(dir.path()).into_iter().map(|(n, _)| n).collect();
        assert!(
            names
                .iter()
                .all(|n| !n.starts_with(".quire-") || n == OutputLock::FILE),
            "{names:?}"
        );
    }
}

/// A journal as a killed build would leave it, by the same code that
/// writes one.
fn journal_naming(dir: &Path, state: State, files: Vec<Entry>) {
    write_journal(dir, &Journal { state, files }).unwrap();
}

fn entry(target: &str, temp: &str, backup: &str) -> Entry {
    Entry {
        target: target.into(),
        temp: temp.into(),
        backup: backup.into(),
    }
}

#[test]
fn a_journal_naming_anything_but_quires_own_files_is_refused_and_nothing_is_touched() {
    let (temp, backup) = names("7-1f", 0);
    let cases = [
        // The project's own files, in an output folder that is the project's.
        entry("doc.pdf", "quire.toml", &backup),
        entry("doc.pdf", &temp, "shared.toml"),
        entry("quire.toml", &temp, &backup),
        // Names that look like Quire's but are not its scheme.
        entry("doc.pdf", ".quire-mine.tmp", &backup),
        entry("doc.pdf", ".quire-7-1f-1.tmp", ".quire-7-1f-1.old"),
        entry("doc.pdf", ".quire-x-1f-0.tmp", ".quire-x-1f-0.old"),
        entry("doc.pdf", &temp, ".quire-8-1f-0.old"),
        // Outside the folder.
        entry("doc.pdf", "../victim", &backup),
        entry("/etc/passwd", &temp, &backup),
    ];
    for state in [State::Prepared, State::Committing] {
        for case in &cases {
            let dir = tempfile::tempdir().unwrap();
            old_outputs(dir.path());
            for name in [
                "quire.toml",
                "shared.toml",
                ".quire-mine.tmp",
                ".quire-7-1f-1.tmp",
            ] {
                std::fs::write(dir.path().join(name), b"the author's").unwrap();
            }
            journal_naming(dir.path(), state, vec![case.clone()]);
            let before = contents(dir.path());
            let error = recover(dir.path(), &declared()).unwrap_err();
            assert!(
                matches!(error, RecoveryError::Invalid { .. }),
                "{case:?}: {error}"
            );
            assert!(error.to_string().contains(JOURNAL), "{error}");
            assert_eq!(contents(dir.path()), before, "{state:?} {case:?}");
        }
    }
}

#[test]
fn a_journal_never_touches_a_file_the_project_reads() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("doc.pdf"), b"the author's data").unwrap();
    let (temp, backup) = names("7-1f", 0);
    std::fs::write(dir.path().join(&temp), b"made").unwrap();
    journal_naming(
        dir.path(),
        State::Committing,
        vec![entry("doc.pdf", &temp, &backup)],
    );
    let mut reads = declared();
    reads
        .reads
        .insert(dir.path().join("doc.pdf").canonicalize().unwrap());
    let error = recover(dir.path(), &reads).unwrap_err();
    assert!(
        error.to_string().contains("a file the project reads"),
        "{error}"
    );
    assert_eq!(
        std::fs::read(dir.path().join("doc.pdf")).unwrap(),
        b"the author's data"
    );
}

#[test]
fn a_journal_that_is_not_a_file_or_not_whole_is_an_error_never_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join(JOURNAL);
    // Truncated, and empty.
    for text in [&b"{\"state\": \"prep"[..], b""] {
        std::fs::write(&journal, text).unwrap();
        let error = recover(dir.path(), &declared()).unwrap_err();
        assert!(error.to_string().contains("cannot be read"), "{error}");
        assert!(journal.exists(), "an unreadable journal is kept");
    }
    std::fs::remove_file(&journal).unwrap();
    // Too large to be one Quire wrote: refused unread.
    std::fs::write(&journal, vec![b' '; 1 << 20]).unwrap();
    let error = recover(dir.path(), &declared()).unwrap_err();
    assert!(error.to_string().contains("at most"), "{error}");
    std::fs::remove_file(&journal).unwrap();
    // A folder.
    std::fs::create_dir(&journal).unwrap();
    let error = recover(dir.path(), &declared()).unwrap_err();
    assert!(error.to_string().contains("a folder"), "{error}");
    std::fs::remove_dir(&journal).unwrap();
    #[cfg(unix)]
    {
        // A link to a device that never ends, and one to a real journal.
        std::os::unix::fs::symlink("/dev/zero", &journal).unwrap();
        let error = recover(dir.path(), &declared()).unwrap_err();
        assert!(error.to_string().contains("symbolic link"), "{error}");
        std::fs::remove_file(&journal).unwrap();
        // A named pipe: refused at once, never waited on.
        let status = std::process::Command::new("mkfifo")
            .arg(&journal)
            .status()
            .unwrap();
        assert!(status.success());
        let error = recover(dir.path(), &declared()).unwrap_err();
        assert!(error.to_string().contains("named pipe"), "{error}");
    }
}

#[cfg(unix)]
#[test]
fn a_lock_file_that_is_a_pipe_or_a_folder_is_refused_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let lock = dir.path().join(OutputLock::FILE);
    let status = std::process::Command::new("mkfifo")
        .arg(&lock)
        .status()
        .unwrap();
    assert!(status.success());
    let error = OutputLock::acquire(dir.path(), &declared(), || {}).unwrap_err();
    assert!(error.to_string().contains("named pipe"), "{error}");
    std::fs::remove_file(&lock).unwrap();
    std::fs::create_dir(&lock).unwrap();
    let error = OutputLock::acquire(dir.path(), &declared(), || {}).unwrap_err();
    assert!(error.to_string().contains("a folder"), "{error}");
    assert!(error.to_string().contains(OutputLock::FILE), "{error}");
}
