//! Writing a build's outputs into their folder as one unit: the PDF and the
//! Word copy are both the new ones or both the old ones, whatever fails and
//! whenever the process is killed.
//!
//! A commit, under the folder's [`OutputLock`]:
//!
//! 1. **prepare**: a journal (`.quire-journal`) names the temporary file of
//!    each output and the backup of each file it replaces, before any of
//!    them exists;
//! 2. **write**: each output goes to its temporary file, flushed to disk;
//! 3. **back up**: each file to be replaced gets a second name (a hard
//!    link, or a copy where links are not possible);
//! 4. **decide**: the journal is marked `committing`;
//! 5. **rename**: each temporary file is renamed over its output;
//! 6. **finish**: the backups and the journal are removed.
//!
//! A failure before step 4 removes what was made and leaves the old outputs;
//! a failure in step 5 puts the backups back. A process killed at any point
//! leaves the journal, and the next command that takes the folder's lock
//! ([`OutputLock::acquire`]: build, watch, check) finishes the commit if it
//! was decided, or removes its temporary files if it was not. Only files a
//! journal names are ever removed: a file of the author's that happens to
//! look like a temporary one is left alone.
//!
//! The journal and the lock travel with a project (git carries a link or an
//! empty file), so neither is trusted: both are opened without following a
//! link and without blocking, must be regular files, and the journal is read
//! up to [`JOURNAL_LIMIT`]. A journal may name only files of Quire's own
//! scheme — its temporary and backup names (`.quire-<stamp>-<n>.tmp`,
//! `.old`, one stamp for the whole journal) and the outputs the manifest
//! declares ([`Declared`]) — and never a file the project reads; anything
//! else makes it invalid, and an invalid journal is reported
//! ([`RecoveryError`]) and never acted on.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use quire_files::{FileError, Limit};

use crate::source::shown_path;

use serde::{Deserialize, Serialize};

/// The journal's file name in the output folder.
pub const JOURNAL: &str = ".quire-journal";

/// The most of a journal that is read: 64 KiB, far beyond the few outputs
/// one names; a larger one is not Quire's and is refused unread.
pub const JOURNAL_LIMIT: Limit = Limit {
    bytes: 64 * 1024,
    what: "journals",
};

/// What a journal in an output folder may name, besides Quire's own
/// temporary and backup names: the outputs the manifest declares (for the
/// document and every profile), and never a file the project reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Declared {
    /// The output file names (`hate-crime-strategy.pdf`).
    pub outputs: BTreeSet<String>,
    /// The files the project reads (manifest, style, shared data, data,
    /// prose), as real paths where they exist: recovery never removes or
    /// renames one of them, whatever the output folder is.
    pub reads: BTreeSet<PathBuf>,
}

impl Declared {
    /// Whether `path` is one of the files the project reads.
    fn is_read(&self, path: &Path) -> bool {
        let real = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
        self.reads.contains(&real)
    }
}

/// Why a commit a killed build left behind could not be ended. The command
/// stops: an output folder whose journal cannot be trusted is never written
/// into, and never reported as fine.
#[derive(Debug, thiserror::Error)]
pub enum RecoveryError {
    /// The journal is not one Quire wrote (a link, a pipe, a folder, too
    /// large, unreadable, or naming files outside Quire's scheme): nothing
    /// was done.
    #[error(
        "the journal {} is not one Quire wrote: {reason}; nothing in {} was touched: check the outputs there, then remove it",
        shown_path(journal).display(),
        shown_path(dir).display()
    )]
    Invalid {
        /// The journal's path.
        journal: PathBuf,
        /// The output folder.
        dir: PathBuf,
        /// What is wrong with it, in words.
        reason: String,
    },
    /// Ending the commit the journal records failed part way.
    #[error(
        "cannot end the interrupted build the journal {} records: {error}; the journal is kept",
        shown_path(journal).display()
    )]
    Io {
        /// The journal's path.
        journal: PathBuf,
        /// The operating system's error.
        error: std::io::Error,
    },
}

/// Why an output folder could not be taken for writing.
#[derive(Debug, thiserror::Error)]
pub enum LockError {
    /// The folder or its lock file could not be made or locked.
    #[error("cannot write {}: {error}", shown_path(path).display())]
    Lock {
        /// The folder or the lock file.
        path: PathBuf,
        /// The operating system's error.
        error: std::io::Error,
    },
    /// A commit a killed build left could not be ended.
    #[error("{0}")]
    Recovery(#[from] RecoveryError),
}

/// How far a commit got, as the journal says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
enum State {
    /// Temporary files may exist; the old outputs stand.
    Prepared,
    /// Every temporary file is whole: they are to replace the outputs.
    Committing,
}

/// One output in the journal: file names inside the output folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Entry {
    target: String,
    temp: String,
    backup: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Journal {
    state: State,
    files: Vec<Entry>,
}

/// Why outputs could not be written.
#[derive(Debug, thiserror::Error)]
pub enum CommitError {
    /// Nothing was replaced: the previous outputs are as they were.
    #[error("cannot write {}: {error}", path.display())]
    Untouched {
        /// The file or folder that could not be written.
        path: PathBuf,
        /// The operating system's error.
        error: std::io::Error,
    },
    /// The commit failed and putting the previous outputs back failed too.
    #[error(
        "cannot write {}: {error}; putting the previous outputs back failed as well ({restore}): the journal {} is kept, and the next build finishes the commit",
        path.display(),
        JOURNAL
    )]
    Unrestored {
        /// The file that could not be written.
        path: PathBuf,
        /// The operating system's error.
        error: std::io::Error,
        /// Why the previous outputs could not be put back.
        restore: std::io::Error,
    },
}

/// A step of a commit, where a test can make it fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Writing the journal of temporary names.
    Prepare,
    /// Writing the n-th output's temporary file.
    Write(usize),
    /// Backing up the n-th existing output.
    Backup(usize),
    /// Marking the journal `committing`.
    Decide,
    /// Renaming the n-th temporary file over its output.
    Rename(usize),
    /// Removing the backups and the journal.
    Finish,
}

/// What a test asks of a commit: fail with an error at a step, or stop
/// dead there as a killed process would (leaving everything as it is).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The step returns an error, as a full disk would.
    Fail(Step),
    /// The process "dies" just before the step.
    Die(Step),
}

/// Writes `outputs` (file names inside `dir`, with their bytes) as one
/// unit. The caller holds `dir`'s [`OutputLock`]. On an error every
/// previous output is as it was (see [`CommitError`]).
pub fn commit(dir: &Path, outputs: &[(String, &[u8])]) -> Result<(), CommitError> {
    commit_with(dir, outputs, None)
}

/// [`commit`], with a [`Fault`] injected at one step (for tests).
pub fn commit_with(
    dir: &Path,
    outputs: &[(String, &[u8])],
    fault: Option<Fault>,
) -> Result<(), CommitError> {
    let untouched = |path: PathBuf, error: std::io::Error| CommitError::Untouched { path, error };
    let at = |step: Step| -> Result<bool, std::io::Error> {
        match fault {
            Some(Fault::Fail(s)) if s == step => Err(std::io::Error::other(format!(
                "a failure injected at {step:?}"
            ))),
            Some(Fault::Die(s)) if s == step => Ok(true),
            _ => Ok(false),
        }
    };
    // A folder where an output should be cannot be replaced: say so before
    // anything is written.
    for (name, _) in outputs {
        let target = dir.join(name);
        if std::fs::symlink_metadata(&target).is_ok_and(|m| m.is_dir()) {
            return Err(untouched(
                target,
                std::io::Error::new(
                    std::io::ErrorKind::IsADirectory,
                    "a folder is in the way of the output; move it",
                ),
            ));
        }
    }
    let stamp = unique_stamp();
    let mut journal = Journal {
        state: State::Prepared,
        files: outputs
            .iter()
            .enumerate()
            .map(|(i, (name, _))| Entry {
                target: name.clone(),
                temp: names(&stamp, i).0,
                backup: names(&stamp, i).1,
            })
            .collect(),
    };
    let journal_path = dir.join(JOURNAL);
    if at(Step::Prepare).map_err(|e| untouched(journal_path.clone(), e))? {
        return Ok(());
    }
    write_journal(dir, &journal).map_err(|e| untouched(journal_path.clone(), e))?;
    let roll_back = |error: CommitError| {
        // Nothing was renamed yet: remove what this commit made.
        remove_made(dir, &journal.files);
        let _ = std::fs::remove_file(dir.join(JOURNAL));
        error
    };
    for (i, ((_, bytes), entry)) in outputs.iter().zip(&journal.files).enumerate() {
        let temp = dir.join(&entry.temp);
        let target = dir.join(&entry.target);
        match at(Step::Write(i)) {
            Ok(true) => return Ok(()),
            Ok(false) => {}
            Err(e) => return Err(roll_back(untouched(target, e))),
        }
        write_new(&temp, bytes, &target).map_err(|e| roll_back(untouched(target.clone(), e)))?;
    }
    for (i, entry) in journal.files.iter().enumerate() {
        let target = dir.join(&entry.target);
        match at(Step::Backup(i)) {
            Ok(true) => return Ok(()),
            Ok(false) => {}
            Err(e) => return Err(roll_back(untouched(target, e))),
        }
        back_up(&target, &dir.join(&entry.backup))
            .map_err(|e| roll_back(untouched(target.clone(), e)))?;
    }
    journal.state = State::Committing;
    match at(Step::Decide) {
        Ok(true) => return Ok(()),
        Ok(false) => {}
        Err(e) => return Err(roll_back(untouched(journal_path.clone(), e))),
    }
    write_journal(dir, &journal).map_err(|e| roll_back(untouched(journal_path.clone(), e)))?;
    for (i, entry) in journal.files.iter().enumerate() {
        let target = dir.join(&entry.target);
        let renamed = match at(Step::Rename(i)) {
            Ok(true) => return Ok(()),
            Ok(false) => std::fs::rename(dir.join(&entry.temp), &target),
            Err(e) => Err(e),
        };
        if let Err(error) = renamed {
            return Err(match restore(dir, &journal.files[..i]) {
                Ok(()) => {
                    remove_made(dir, &journal.files);
                    let _ = std::fs::remove_file(&journal_path);
                    untouched(target, error)
                }
                Err(restore) => CommitError::Unrestored {
                    path: target,
                    error,
                    restore,
                },
            });
        }
    }
    sync_folder(dir);
    if at(Step::Finish).unwrap_or(true) {
        return Ok(());
    }
    finish(dir, &journal.files);
    Ok(())
}

/// What [`recover`] found and did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recovered {
    /// No journal: the last commit here ended.
    Nothing,
    /// A commit that was not decided: its temporary files were removed.
    RolledBack,
    /// A decided commit: its outputs were put in place.
    Finished,
}

/// Ends a commit a killed process left in `dir` (the caller holds the
/// folder's lock): finishes it if it was decided, removes its temporary
/// files if not. A journal that is not one Quire wrote ([`Declared`] says
/// what it may name) is an error and nothing is touched. A journal being
/// written when the process was killed (`.quire-journal.new`, never yet in
/// force) is removed: the journal it was to replace, if any, says what to do.
pub fn recover(dir: &Path, declared: &Declared) -> Result<Recovered, RecoveryError> {
    let path = dir.join(JOURNAL);
    let invalid = |reason: String| RecoveryError::Invalid {
        journal: path.clone(),
        dir: dir.to_path_buf(),
        reason,
    };
    let io = |error: std::io::Error| RecoveryError::Io {
        journal: path.clone(),
        error,
    };
    let unfinished = dir.join(format!("{JOURNAL}.new"));
    match std::fs::symlink_metadata(&unfinished) {
        Ok(meta) if meta.is_dir() => {
            return Err(invalid(format!(
                "{} is a folder, where Quire writes its next journal",
                unfinished.display()
            )));
        }
        Ok(_) => std::fs::remove_file(&unfinished).map_err(io)?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io(e)),
    }
    let text = match quire_files::read_unfollowed(&path, JOURNAL_LIMIT) {
        Ok(text) => text,
        Err(FileError::Missing) => return Ok(Recovered::Nothing),
        Err(FileError::Io(e)) => return Err(io(e)),
        Err(e) => return Err(invalid(e.to_string())),
    };
    let journal: Journal =
        serde_json::from_slice(&text).map_err(|e| invalid(format!("it cannot be read ({e})")))?;
    check_journal(dir, &journal, declared).map_err(invalid)?;
    let recovered = match journal.state {
        State::Prepared => {
            remove_made(dir, &journal.files);
            Recovered::RolledBack
        }
        State::Committing => {
            for entry in &journal.files {
                let temp = dir.join(&entry.temp);
                if std::fs::symlink_metadata(&temp).is_ok() {
                    std::fs::rename(&temp, dir.join(&entry.target)).map_err(io)?;
                }
            }
            sync_folder(dir);
            Recovered::Finished
        }
    };
    finish(dir, &journal.files);
    Ok(recovered)
}

/// Whether `journal` names only files of Quire's scheme: one stamp, the
/// temporary and backup names made from it in order, declared outputs each
/// once, and nothing the project reads. The reason, in words, if not.
fn check_journal(dir: &Path, journal: &Journal, declared: &Declared) -> Result<(), String> {
    let Some(first) = journal.files.first() else {
        return Ok(());
    };
    let stamp = first
        .temp
        .strip_prefix(".quire-")
        .and_then(|rest| rest.strip_suffix("-0.tmp"))
        .filter(|stamp| valid_stamp(stamp))
        .ok_or_else(|| format!("`{}` is not a temporary name Quire makes", first.temp))?;
    let mut targets = BTreeSet::new();
    for (i, entry) in journal.files.iter().enumerate() {
        let expected = names(stamp, i);
        if entry.temp != expected.0 {
            return Err(format!(
                "`{}` is not a temporary name Quire makes",
                entry.temp
            ));
        }
        if entry.backup != expected.1 {
            return Err(format!(
                "`{}` is not a backup name Quire makes",
                entry.backup
            ));
        }
        if !declared.outputs.contains(&entry.target) {
            return Err(format!(
                "`{}` is not an output the manifest declares",
                entry.target
            ));
        }
        if !targets.insert(&entry.target) {
            return Err(format!("it names the output `{}` twice", entry.target));
        }
        for name in [&entry.target, &entry.temp, &entry.backup] {
            if declared.is_read(&dir.join(name)) {
                return Err(format!("`{name}` is a file the project reads"));
            }
        }
    }
    Ok(())
}

/// A stamp as [`unique_stamp`] makes it: a process id, `-`, hexadecimal digits.
fn valid_stamp(stamp: &str) -> bool {
    stamp.split_once('-').is_some_and(|(pid, time)| {
        !pid.is_empty()
            && !time.is_empty()
            && pid.bytes().all(|b| b.is_ascii_digit())
            && time.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

/// The temporary and backup names of a commit's `i`-th output.
fn names(stamp: &str, i: usize) -> (String, String) {
    (
        format!(".quire-{stamp}-{i}.tmp"),
        format!(".quire-{stamp}-{i}.old"),
    )
}

/// Removes this commit's temporary files and backups, where they exist.
fn remove_made(dir: &Path, files: &[Entry]) {
    for entry in files {
        let _ = std::fs::remove_file(dir.join(&entry.temp));
        let _ = std::fs::remove_file(dir.join(&entry.backup));
    }
}

/// Removes the backups, then the journal.
fn finish(dir: &Path, files: &[Entry]) {
    for entry in files {
        let _ = std::fs::remove_file(dir.join(&entry.backup));
    }
    let _ = std::fs::remove_file(dir.join(JOURNAL));
    sync_folder(dir);
}

/// Puts the backups of the outputs already renamed back in place (an output
/// that did not exist before is removed).
fn restore(dir: &Path, renamed: &[Entry]) -> std::io::Result<()> {
    for entry in renamed {
        let backup = dir.join(&entry.backup);
        let target = dir.join(&entry.target);
        if backup.exists() {
            std::fs::rename(&backup, &target)?;
        } else {
            std::fs::remove_file(&target)?;
        }
    }
    Ok(())
}

/// A second name for `target` (if it exists), so it can be put back.
fn back_up(target: &Path, backup: &Path) -> std::io::Result<()> {
    match std::fs::symlink_metadata(target) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e),
        Ok(_) => std::fs::hard_link(target, backup).or_else(|_| {
            std::fs::copy(target, backup)?;
            std::fs::File::open(backup)?.sync_all()
        }),
    }
}

/// Writes a new file (never an existing one), flushed to disk, with the
/// permissions of the output it will replace or the usual ones.
fn write_new(path: &Path, bytes: &[u8], replaces: &Path) -> std::io::Result<()> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)?;
    let permissions = match std::fs::metadata(replaces) {
        Ok(existing) => existing.permissions(),
        Err(_) => default_permissions(),
    };
    file.set_permissions(permissions)?;
    file.write_all(bytes)?;
    file.sync_all()
}

/// Writes the journal atomically: a new file, flushed, renamed into place.
fn write_journal(dir: &Path, journal: &Journal) -> std::io::Result<()> {
    let bytes = serde_json::to_vec_pretty(journal).map_err(std::io::Error::other)?;
    let next = dir.join(format!("{JOURNAL}.new"));
    let _ = std::fs::remove_file(&next);
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&next)?;
    file.write_all(&bytes)?;
    file.sync_all()?;
    std::fs::rename(&next, dir.join(JOURNAL))?;
    sync_folder(dir);
    Ok(())
}

/// Flushes a folder's entries (renames) to disk, where the system allows.
fn sync_folder(dir: &Path) {
    #[cfg(unix)]
    if let Ok(folder) = std::fs::File::open(dir) {
        let _ = folder.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// A stamp no other commit in this folder has: the process id and the time.
fn unique_stamp() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{}-{nanos:x}", std::process::id())
}

/// An exclusive lock on an output folder, held while a build writes its
/// outputs there, so two builds into one folder cannot interleave their
/// files (one build's PDF with the other's Word copy). The lock is the
/// operating system's (`flock`), on the file `.quire.lock` in the folder; it
/// is released when dropped, or when the process ends in any way.
#[derive(Debug)]
pub struct OutputLock {
    _file: std::fs::File,
}

impl OutputLock {
    /// The lock file's name inside the output folder.
    pub const FILE: &'static str = ".quire.lock";

    /// Takes the lock on `dir` (creating the folder if need be). If another
    /// build holds it, calls `waiting` once and waits for it. Then ends any
    /// commit a killed build left there ([`recover`]), by what `declared`
    /// allows a journal to name.
    pub fn acquire(
        dir: &Path,
        declared: &Declared,
        waiting: impl FnOnce(),
    ) -> Result<Self, LockError> {
        let lock_error = |path: PathBuf, error: std::io::Error| LockError::Lock { path, error };
        if std::fs::symlink_metadata(dir).is_ok_and(|m| !m.is_dir()) {
            return Err(lock_error(
                dir.to_path_buf(),
                std::io::Error::new(
                    std::io::ErrorKind::NotADirectory,
                    "the output folder is a file; move it, or choose another folder with `--out`",
                ),
            ));
        }
        std::fs::create_dir_all(dir).map_err(|e| lock_error(dir.to_path_buf(), e))?;
        let file = open_lock_file(dir, true).map_err(|e| lock_error(dir.join(Self::FILE), e))?;
        let locked = match file.try_lock() {
            Ok(()) => Ok(()),
            Err(std::fs::TryLockError::WouldBlock) => {
                waiting();
                file.lock()
            }
            Err(std::fs::TryLockError::Error(e)) => Err(e),
        };
        locked.map_err(|e| lock_error(dir.join(Self::FILE), e))?;
        recover(dir, declared)?;
        Ok(Self { _file: file })
    }
}

/// Ends a commit a killed build left in `dir` ([`recover`]) if no other
/// build holds the folder now (one that does ends it itself). Commands
/// call this first, so a half-made commit never outlives the next command,
/// even one that fails before it writes; a journal that cannot be trusted
/// stops the command.
pub fn recover_if_idle(dir: &Path, declared: &Declared) -> Result<Recovered, LockError> {
    let pending = [JOURNAL.to_string(), format!("{JOURNAL}.new")];
    if !pending
        .iter()
        .any(|name| std::fs::symlink_metadata(dir.join(name)).is_ok())
    {
        return Ok(Recovered::Nothing);
    }
    let file = open_lock_file(dir, true).map_err(|error| LockError::Lock {
        path: dir.join(OutputLock::FILE),
        error,
    })?;
    match file.try_lock() {
        Ok(()) => Ok(recover(dir, declared)?),
        Err(_) => Ok(Recovered::Nothing),
    }
}

/// Opens the lock file of `dir` for writing (creating it if `create`: a
/// journal may have come without its lock, which git does not carry), by
/// the rules of every file Quire opens: never through a symbolic link (one
/// put in its place could make a file anywhere), never waiting on a named
/// pipe, and only a regular file. Its contents are never read.
fn open_lock_file(dir: &Path, create: bool) -> std::io::Result<std::fs::File> {
    let path = dir.join(OutputLock::FILE);
    let not_ours = |kind: &str| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("it is {kind}, not Quire's lock file; remove it"),
        )
    };
    match std::fs::symlink_metadata(&path) {
        Ok(meta) if meta.is_symlink() => {
            return Err(not_ours("a symbolic link (which Quire does not follow)"));
        }
        Ok(meta) if !meta.is_file() => return Err(not_ours(quire_files::kind_of(&meta))),
        _ => {}
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(create).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = options.open(&path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(not_ours(quire_files::kind_of(&meta)));
    }
    Ok(file)
}

#[cfg(unix)]
fn default_permissions() -> std::fs::Permissions {
    use std::os::unix::fs::PermissionsExt;
    std::fs::Permissions::from_mode(0o644)
}

#[cfg(not(unix))]
fn default_permissions() -> std::fs::Permissions {
    let mut permissions = std::fs::metadata(".")
        .map(|m| m.permissions())
        .unwrap_or_else(|_| {
            std::fs::metadata(std::env::temp_dir())
                .expect("a temporary folder")
                .permissions()
        });
    permissions.set_readonly(false);
    permissions
}

#[cfg(test)]
mod tests;
