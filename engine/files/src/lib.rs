//! The project folder as a sandbox: every file a build reads — manifest,
//! data, prose, style, template, fonts, images, plugin libraries — is
//! found here, through one rule.
//!
//! A path is resolved through every symbolic link to the real file, and the
//! real path must lie inside the project folder (itself canonical). Only
//! regular files are opened: a folder, a named pipe (which would block the
//! build for ever), a socket or a device is refused before it is opened, and
//! the file is opened without blocking and without following a link, then
//! checked again through the open handle, so swapping a file for a link or
//! a pipe between the check and the read does not get past it. Callers are
//! handed the bytes, never a path to open again.

pub mod image;

use std::fs::File;
use std::io::Read;
use std::path::{Component, Path, PathBuf};

/// Why a file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    /// The real path (after following links) is outside the project folder.
    #[error("it leads outside the project folder (to `{}`)", real.display())]
    Outside {
        /// Where it leads.
        real: PathBuf,
    },
    /// Nothing is there (or a link leads nowhere).
    #[error("it does not exist")]
    Missing,
    /// Something is there, but not a regular file.
    #[error("it is {kind}, not a file")]
    NotAFile {
        /// What it is, in words: "a folder", "a named pipe"…
        kind: &'static str,
    },
    /// The file is bigger than the build reads for its kind.
    #[error("it is {}, and Quire reads {what} of at most {}", megabytes(*size), megabytes(*limit))]
    TooLarge {
        /// The file's size in bytes.
        size: u64,
        /// The limit in bytes.
        limit: u64,
        /// What kind of file, in words ("text files (manifest, style, data, prose)").
        what: &'static str,
    },
    /// The operating system's error.
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// How much of a kind of file the build reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    /// The most bytes.
    pub bytes: u64,
    /// The kind of file, in words, for the message.
    pub what: &'static str,
}

/// A size in MiB for messages: `100.0 MiB`.
pub fn megabytes(bytes: u64) -> String {
    format!("{:.1} MiB", bytes as f64 / (1024.0 * 1024.0))
}

/// The largest font file read: 64 MiB (a large CJK collection is ~30 MiB).
pub const FONT_FILE: Limit = Limit {
    bytes: 64 * 1024 * 1024,
    what: "font files",
};

/// The most all the fonts of one font folder may take together: 256 MiB,
/// several families of large CJK collections. Every output reads them (the
/// PDF, the Word copy's pictures, the HTML edition's subsets), so the
/// folder's total bounds a build's memory where each file's limit would not.
pub const FONT_FOLDER: Limit = Limit {
    bytes: 256 * 1024 * 1024,
    what: "font folders (all their fonts together)",
};

/// The project folder: the only place a build reads from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectRoot {
    root: PathBuf,
}

impl ProjectRoot {
    /// The folder at `path`, resolved to its real, absolute path.
    pub fn new(path: &Path) -> std::io::Result<Self> {
        let root = path.canonicalize()?;
        if !root.is_dir() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotADirectory,
                "it is not a folder",
            ));
        }
        Ok(Self { root })
    }

    /// The folder's real, absolute path.
    pub fn path(&self) -> &Path {
        &self.root
    }

    /// Whether a real (canonical) path lies inside the folder.
    pub fn contains(&self, real: &Path) -> bool {
        real.starts_with(&self.root)
    }

    /// The real path of `path` (relative paths start at the folder), which
    /// must exist and lie inside the folder.
    pub fn resolve(&self, path: &Path) -> Result<PathBuf, FileError> {
        let absolute = self.root.join(path);
        match absolute.canonicalize() {
            Ok(real) if self.contains(&real) => Ok(real),
            Ok(real) => Err(FileError::Outside { real }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let lexical = normalize(&absolute);
                if self.contains(&lexical) {
                    Err(FileError::Missing)
                } else {
                    Err(FileError::Outside { real: lexical })
                }
            }
            Err(e) => Err(FileError::Io(e)),
        }
    }

    /// The real path of `path` for writing (it need not exist yet): its
    /// longest existing part is resolved through links, and the result must
    /// lie inside the folder. A dangling link on the way is refused, as
    /// creating the folder would follow it.
    pub fn resolve_for_writing(&self, path: &Path) -> Result<PathBuf, FileError> {
        let absolute = self.root.join(path);
        let parts: Vec<Component> = absolute.components().collect();
        for existing in (1..=parts.len()).rev() {
            let prefix: PathBuf = parts[..existing].iter().collect();
            let Ok(real) = prefix.canonicalize() else {
                continue;
            };
            if let Some(next) = parts.get(existing) {
                let dangling = real.join(next.as_os_str());
                if std::fs::symlink_metadata(&dangling).is_ok() {
                    return Err(FileError::Outside { real: dangling });
                }
            }
            let mut full = real;
            full.extend(&parts[existing..]);
            let full = normalize(&full);
            return if self.contains(&full) {
                Ok(full)
            } else {
                Err(FileError::Outside { real: full })
            };
        }
        Err(FileError::Missing)
    }

    /// Opens the regular file at `path` inside the folder (see the crate
    /// documentation for what is checked). Returns the open file and its
    /// real path.
    pub fn open(&self, path: &Path) -> Result<(File, PathBuf), FileError> {
        let real = self.resolve(path)?;
        let file = open_regular(&real)?;
        // The path the open handle really has: a component swapped for a
        // link between `resolve` and `open` shows here.
        if let Some(opened) = opened_path(&file)
            && !self.contains(&opened)
        {
            return Err(FileError::Outside { real: opened });
        }
        Ok((file, real))
    }

    /// The bytes of the regular file at `path` inside the folder, refused
    /// unread when larger than `limit`.
    pub fn read(&self, path: &Path, limit: Limit) -> Result<Vec<u8>, FileError> {
        let (file, _) = self.open(path)?;
        read_open(file, limit)
    }

    /// The entries of the folder at `dir` inside the project folder (not
    /// those whose names start with `.`), sorted by name, as paths under
    /// the folder's real path. Each must still be read through
    /// [`ProjectRoot::read`], which checks where it leads.
    pub fn entries(&self, dir: &Path) -> Result<Vec<PathBuf>, FileError> {
        let real = self.resolve(dir)?;
        let meta = std::fs::metadata(&real)?;
        if !meta.is_dir() {
            return Err(FileError::NotAFile {
                kind: "a file where a folder was expected",
            });
        }
        let mut paths = Vec::new();
        for entry in std::fs::read_dir(&real)? {
            let entry = entry?;
            if !entry.file_name().to_string_lossy().starts_with('.') {
                paths.push(entry.path());
            }
        }
        paths.sort();
        Ok(paths)
    }
}

impl ProjectRoot {
    /// The font files (`.ttf`, `.otf`, `.ttc`, `.otc`) in the folder `dir`
    /// inside the project, sorted by name; each is read with
    /// [`ProjectRoot::read`] and [`FONT_FILE`], like any project file. A
    /// folder whose fonts together are larger than [`FONT_FOLDER`] is
    /// refused before any is read.
    pub fn font_files(&self, dir: &Path) -> Result<Vec<PathBuf>, FileError> {
        let paths = self.font_paths(dir)?;
        let total: u64 = paths
            .iter()
            .filter_map(|p| std::fs::metadata(p).ok())
            .map(|m| m.len())
            .fold(0, u64::saturating_add);
        if total > FONT_FOLDER.bytes {
            return Err(FileError::TooLarge {
                size: total,
                limit: FONT_FOLDER.bytes,
                what: FONT_FOLDER.what,
            });
        }
        Ok(paths)
    }

    fn font_paths(&self, dir: &Path) -> Result<Vec<PathBuf>, FileError> {
        Ok(self
            .entries(dir)?
            .into_iter()
            .filter(|p| {
                p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                    matches!(
                        e.to_ascii_lowercase().as_str(),
                        "ttf" | "otf" | "ttc" | "otc"
                    )
                })
            })
            .collect())
    }
}

/// Opens the real (canonical) `path` for reading if it is a regular file:
/// anything else is refused before it is opened, and the file is opened
/// without blocking (a named pipe put in its place would otherwise wait for
/// a writer) and without following a final symbolic link, then checked
/// again.
pub fn open_regular(path: &Path) -> Result<File, FileError> {
    let meta = std::fs::metadata(path).map_err(not_found_as_missing)?;
    if !meta.is_file() {
        return Err(FileError::NotAFile {
            kind: kind_of(&meta),
        });
    }
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK | libc::O_NOFOLLOW);
    }
    let file = options.open(path).map_err(not_found_as_missing)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(FileError::NotAFile {
            kind: kind_of(&meta),
        });
    }
    Ok(file)
}

/// The bytes of a regular file outside any project folder (the manifest
/// named on the command line), refused unread when larger than `limit`.
pub fn read_regular(path: &Path, limit: Limit) -> Result<Vec<u8>, FileError> {
    let real = path.canonicalize().map_err(not_found_as_missing)?;
    read_open(open_regular(&real)?, limit)
}

/// The bytes of a file in a folder Quire writes to (its own journal),
/// found without following any link: a symbolic link, a folder, a pipe or a
/// device is refused unopened, and a file larger than `limit` unread.
pub fn read_unfollowed(path: &Path, limit: Limit) -> Result<Vec<u8>, FileError> {
    match std::fs::symlink_metadata(path) {
        Err(e) => return Err(not_found_as_missing(e)),
        Ok(meta) if meta.is_symlink() => {
            return Err(FileError::NotAFile {
                kind: "a symbolic link",
            });
        }
        Ok(_) => {}
    }
    read_open(open_regular(path)?, limit)
}

/// Reads an open file whole, refusing it unread when it is larger than
/// `limit` and never reading past the limit if it grows meanwhile.
pub fn read_open(file: File, limit: Limit) -> Result<Vec<u8>, FileError> {
    let too_large = |size: u64| FileError::TooLarge {
        size,
        limit: limit.bytes,
        what: limit.what,
    };
    let size = file.metadata()?.len();
    if size > limit.bytes {
        return Err(too_large(size));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    file.take(limit.bytes + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit.bytes {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

fn not_found_as_missing(e: std::io::Error) -> FileError {
    if e.kind() == std::io::ErrorKind::NotFound {
        FileError::Missing
    } else {
        FileError::Io(e)
    }
}

/// What something that is not a regular file is, in words ("a folder",
/// "a named pipe").
pub fn kind_of(meta: &std::fs::Metadata) -> &'static str {
    if meta.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let kind = meta.file_type();
        if kind.is_fifo() {
            return "a named pipe";
        }
        if kind.is_socket() {
            return "a socket";
        }
        if kind.is_block_device() || kind.is_char_device() {
            return "a device";
        }
    }
    "something other than a file"
}

/// The path the system has for an open file, where it tells (Linux).
fn opened_path(file: &File) -> Option<PathBuf> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        std::fs::read_link(format!("/proc/self/fd/{}", file.as_raw_fd())).ok()
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = file;
        None
    }
}

/// Removes `.` and resolves `..` lexically (without looking at the disk).
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

#[cfg(test)]
mod tests;
