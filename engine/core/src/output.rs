//! Writing outputs so that a failure never leaves a half-written file.

use std::io::Write;
use std::path::Path;

/// How the temporary files of [`write_atomically`] are named.
const TEMP_PREFIX: &str = ".quire-";
const TEMP_SUFFIX: &str = ".tmp";

/// Writes `bytes` to `path` atomically: into a temporary file in the same
/// folder, flushed to disk, then renamed over the target. On any error the
/// previous file at `path` is untouched.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let mut file = tempfile::Builder::new()
        .prefix(TEMP_PREFIX)
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)?;
    // Temporary files are private (0600); an output keeps the permissions of
    // the file it replaces, or gets the usual ones for a new document.
    let permissions = match std::fs::metadata(path) {
        Ok(existing) => existing.permissions(),
        Err(_) => default_permissions(),
    };
    file.as_file().set_permissions(permissions)?;
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
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
    /// build holds it, calls `waiting` once and waits for it.
    pub fn acquire(dir: &Path, waiting: impl FnOnce()) -> std::io::Result<Self> {
        std::fs::create_dir_all(dir)?;
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(dir.join(Self::FILE))?;
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                waiting();
                file.lock()?;
            }
            Err(std::fs::TryLockError::Error(e)) => return Err(e),
        }
        // Holding the lock, no other build is writing here: a temporary file
        // left behind is from a build that was killed mid-write.
        for entry in std::fs::read_dir(dir)?.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
        Ok(Self { _file: file })
    }
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
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporaries() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("out/doc.pdf");
        write_atomically(&target, b"one").unwrap();
        write_atomically(&target, b"two").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("out"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names, ["doc.pdf"]);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&target).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o644, "outputs are readable like any document");
        }
    }

    #[test]
    fn a_second_lock_on_a_folder_waits_for_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let first = OutputLock::acquire(dir.path(), || panic!("the folder is free")).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let path = dir.path().to_path_buf();
        let second = std::thread::spawn(move || {
            let lock = OutputLock::acquire(&path, || tx.send("waiting").unwrap()).unwrap();
            drop(lock);
        });
        assert_eq!(rx.recv().unwrap(), "waiting");
        assert!(!second.is_finished(), "it waits while the first is held");
        drop(first);
        second.join().unwrap();
    }

    #[test]
    fn a_failed_write_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("doc.pdf");
        std::fs::write(&target, b"good").unwrap();
        // The target's folder cannot be created under a file.
        assert!(write_atomically(&target.join("child.pdf"), b"bad").is_err());
        assert_eq!(std::fs::read(&target).unwrap(), b"good");
    }
}
