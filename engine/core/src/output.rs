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

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The journal's file name in the output folder.
pub const JOURNAL: &str = ".quire-journal";

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
                temp: format!(".quire-{stamp}-{i}.tmp"),
                backup: format!(".quire-{stamp}-{i}.old"),
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
/// files if not. A journal that cannot be read is left where it is, and
/// nothing is removed. A journal being written when the process was killed
/// (`.quire-journal.new`, never yet in force) is removed: the journal it
/// was to replace, if any, says what to do.
pub fn recover(dir: &Path) -> std::io::Result<Recovered> {
    match std::fs::remove_file(dir.join(format!("{JOURNAL}.new"))) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    let path = dir.join(JOURNAL);
    let text = match std::fs::read(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Recovered::Nothing),
        Err(e) => return Err(e),
    };
    let journal: Journal = serde_json::from_slice(&text).map_err(|e| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "the journal {} cannot be read ({e}); remove it once the outputs are checked",
                path.display()
            ),
        )
    })?;
    if journal
        .files
        .iter()
        .any(|e| !plain_name(&e.temp) || !plain_name(&e.backup) || !plain_name(&e.target))
    {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "the journal {} names files outside its folder; remove it",
                path.display()
            ),
        ));
    }
    let recovered = match journal.state {
        State::Prepared => {
            remove_made(dir, &journal.files);
            Recovered::RolledBack
        }
        State::Committing => {
            for entry in &journal.files {
                let temp = dir.join(&entry.temp);
                if temp.exists() {
                    std::fs::rename(&temp, dir.join(&entry.target))?;
                }
            }
            sync_folder(dir);
            Recovered::Finished
        }
    };
    finish(dir, &journal.files);
    Ok(recovered)
}

/// A file name with no folder in it (the journal only names its folder's files).
fn plain_name(name: &str) -> bool {
    !name.is_empty() && Path::new(name).file_name().is_some_and(|n| n == name) && name != ".."
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
    /// commit a killed build left there ([`recover`]).
    pub fn acquire(dir: &Path, waiting: impl FnOnce()) -> std::io::Result<Self> {
        if std::fs::symlink_metadata(dir).is_ok_and(|m| !m.is_dir()) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotADirectory,
                "the output folder is a file; move it, or choose another folder with `--out`",
            ));
        }
        std::fs::create_dir_all(dir)?;
        let file = open_lock_file(dir, true).map_err(|e| {
            if std::fs::symlink_metadata(dir.join(Self::FILE)).is_ok_and(|m| m.is_symlink()) {
                std::io::Error::new(
                    e.kind(),
                    format!(
                        "{} is a symbolic link, which Quire does not follow; remove it",
                        Self::FILE
                    ),
                )
            } else {
                e
            }
        })?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                waiting();
                file.lock()?;
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(e),
        }
        recover(dir)?;
        Ok(Self { _file: file })
    }
}

/// Ends a commit a killed build left in `dir` ([`recover`]) if no other
/// build holds the folder now (one that does ends it itself). Commands
/// call this first, so a half-made commit never outlives the next command,
/// even one that fails before it writes.
pub fn recover_if_idle(dir: &Path) -> std::io::Result<Recovered> {
    let pending = [JOURNAL.to_string(), format!("{JOURNAL}.new")];
    if !pending.iter().any(|name| dir.join(name).exists()) {
        return Ok(Recovered::Nothing);
    }
    let file = open_lock_file(dir, false)?;
    match file.try_lock() {
        Ok(()) => recover(dir),
        Err(_) => Ok(Recovered::Nothing),
    }
}

/// Opens the lock file of `dir` for writing (creating it if `create`),
/// never through a symbolic link: one put in its place could make a file
/// anywhere.
fn open_lock_file(dir: &Path, create: bool) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(create).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW);
    }
    options.open(dir.join(OutputLock::FILE))
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
