//! Source files and positions in them.

use std::ops::Range;
use std::path::{Path, PathBuf};

pub use quire_diagnostic::location::{Location, QUOTED_LINE, locate, shortened, window};

pub use quire_files::normalize;
use quire_files::{FileError, Limit, ProjectRoot};

/// A text file the build read, kept so errors can quote it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as shown to the user (relative to the working directory when possible).
    pub shown: PathBuf,
    /// The file's text.
    pub text: String,
}

/// The largest text file the build reads: 8 MiB, far beyond any manifest,
/// style, data file or prose template a person writes.
pub const MAX_TEXT_FILE: usize = 8 * 1024 * 1024;

/// The limit for text files, for messages.
const TEXT_LIMIT: Limit = Limit {
    bytes: MAX_TEXT_FILE as u64,
    what: "text files (manifest, style, data, prose)",
};

impl SourceFile {
    /// Reads a regular file (the manifest named on the command line). A
    /// file larger than [`MAX_TEXT_FILE`] is refused before it is read, so
    /// a stray export of a hundred megabytes costs no memory.
    pub fn read(path: &Path) -> Result<Self, FileError> {
        let bytes = quire_files::read_regular(path, TEXT_LIMIT)?;
        Self::from_bytes(path, bytes)
    }

    /// Reads a regular file inside the project folder (see
    /// [`ProjectRoot::read`]), within the same limit as [`SourceFile::read`].
    pub fn read_in(root: &ProjectRoot, path: &Path) -> Result<Self, FileError> {
        let bytes = root.read(path, TEXT_LIMIT)?;
        Self::from_bytes(path, bytes)
    }

    fn from_bytes(path: &Path, bytes: Vec<u8>) -> Result<Self, FileError> {
        let text = String::from_utf8(bytes).map_err(|_| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                "it is not UTF-8 text; save it as UTF-8",
            )
        })?;
        Ok(Self {
            shown: shown_path(path),
            text,
        })
    }

    /// The location of a byte range.
    pub fn locate(&self, span: Range<usize>) -> Location {
        locate(&self.text, span)
    }
}

impl quire_diagnostic::Source for SourceFile {
    fn shown(&self) -> &Path {
        &self.shown
    }

    fn text(&self) -> &str {
        &self.text
    }
}

/// A path as users should see it: relative to the working directory when it
/// lies below it.
pub fn shown_path(path: &Path) -> PathBuf {
    let cwd = std::env::current_dir().ok();
    let absolute = if path.is_absolute() {
        path.to_path_buf()
    } else {
        cwd.as_deref().map_or(path.to_path_buf(), |c| c.join(path))
    };
    let absolute = normalize(&absolute);
    match cwd.as_deref().and_then(|c| absolute.strip_prefix(c).ok()) {
        Some(rel) => rel.to_path_buf(),
        None => absolute,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_past_the_limit_is_refused_without_being_read() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.toml");
        // Sparse: 100 MiB on paper, nothing on disk.
        std::fs::File::create(&big)
            .unwrap()
            .set_len(100 * 1024 * 1024)
            .unwrap();
        let err = SourceFile::read(&big).unwrap_err();
        assert!(matches!(err, FileError::TooLarge { .. }));
        assert_eq!(
            err.to_string(),
            "it is 100.0 MiB, and Quire reads text files (manifest, style, data, prose) of at most 8.0 MiB"
        );
        let latin1 = dir.path().join("latin1.md");
        std::fs::write(&latin1, b"caf\xe9").unwrap();
        assert!(
            SourceFile::read(&latin1)
                .unwrap_err()
                .to_string()
                .contains("not UTF-8")
        );
        let fine = dir.path().join("fine.md");
        std::fs::write(&fine, "é".repeat(1000)).unwrap();
        assert_eq!(SourceFile::read(&fine).unwrap().text.chars().count(), 1000);
    }
}
