//! Source files and positions in them.

use std::ops::Range;
use std::path::{Path, PathBuf};

/// A text file the build read, kept so errors can quote it.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as shown to the user (relative to the working directory when possible).
    pub shown: PathBuf,
    /// The file's text.
    pub text: String,
}

/// A 1-based line and column, with the line's text for quoting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// The whole line, without its line break.
    pub line_text: String,
    /// How many characters to underline (at least 1).
    pub width: usize,
    /// The byte range in the file (within one line; at least one character
    /// unless the file is empty).
    pub span: Range<usize>,
}

impl SourceFile {
    /// Reads a file; the error is the I/O error's text.
    pub fn read(path: &Path) -> std::io::Result<Self> {
        let text = std::fs::read_to_string(path)?;
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

/// The location of a byte range in `text`.
pub fn locate(text: &str, span: Range<usize>) -> Location {
    let start = floor_char_boundary(text, span.start.min(text.len()));
    let end = floor_char_boundary(text, span.end.clamp(start, text.len()));
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = text[..start].matches('\n').count() + 1;
    let column = text[line_start..start].chars().count() + 1;
    let line_text = text[line_start..line_end]
        .trim_end_matches('\r')
        .to_string();
    let underlined = &text[start..end.min(line_end)];
    let width = underlined.chars().count().max(1);
    let span_end = if underlined.is_empty() {
        // At least one character, if the line has one.
        text[start..line_end]
            .chars()
            .next()
            .map_or(start, |c| start + c.len_utf8())
    } else {
        start + underlined.len()
    };
    Location {
        line,
        column,
        line_text,
        width,
        span: start..span_end,
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
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

/// Removes `.` and resolves `..` lexically.
pub fn normalize(path: &Path) -> PathBuf {
    use std::path::Component;
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
mod tests {
    use super::*;

    #[test]
    fn locate_counts_lines_and_characters() {
        let text = "a = 1\nnamé = \"x\"\nz";
        let at = text.find("\"x\"").unwrap();
        let loc = locate(text, at..at + 3);
        assert_eq!((loc.line, loc.column, loc.width), (2, 8, 3));
        assert_eq!(loc.line_text, "namé = \"x\"");
        assert_eq!(locate(text, 100..200).line, 3);
    }

    #[test]
    fn normalize_resolves_parents() {
        assert_eq!(
            normalize(Path::new("/a/b/../c/./d")),
            PathBuf::from("/a/c/d")
        );
    }
}
