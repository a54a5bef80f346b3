//! `quire init DIR`: a new document project that builds at once — a
//! manifest, shared data, a data-driven section, prose and a glossary
//! appendix, with the house style, its Typst template and fonts — or, with
//! `--example southwark`, a copy of the full shipped Hate Crime Strategy.
//!
//! The files are compiled into the engine (`include_dir`), so `init` works
//! anywhere. The project is written into a temporary folder next to the
//! target and moved into place whole: a failure leaves nothing behind.

use std::path::{Path, PathBuf};

use include_dir::{Dir, include_dir};

/// The starter document's `sections/`.
static STARTER: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/src/init/sections");
/// The shipped strategy's `sections/`.
static SOUTHWARK: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../sections");
/// The house style, template and fonts (`styles/`), shared by both.
static STYLES: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../../styles");

/// What to start from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum Example {
    /// A short starter document.
    #[default]
    Starter,
    /// The Safer Southwark Partnership's Hate Crime Strategy, complete.
    Southwark,
}

/// Why a project could not be made.
#[derive(Debug, thiserror::Error)]
pub enum InitError {
    /// The folder is there and not empty.
    #[error("`{0}` already exists and is not empty; choose a new folder")]
    NotEmpty(PathBuf),
    /// Writing failed; nothing was left behind.
    #[error("cannot write the project into `{path}`: {source}")]
    Io {
        /// The folder being written.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
}

/// Makes a new project in `dir`; returns the manifest's path.
pub fn init(dir: &Path, example: Example) -> Result<PathBuf, InitError> {
    let io = |source| InitError::Io {
        path: dir.to_path_buf(),
        source,
    };
    if dir.exists() {
        let empty = std::fs::read_dir(dir).map_err(io)?.next().is_none();
        if !empty {
            return Err(InitError::NotEmpty(dir.to_path_buf()));
        }
    }
    let parent = match dir.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(io)?;
    let staging = tempfile::Builder::new()
        .prefix(".quire-init")
        .tempdir_in(&parent)
        .map_err(io)?;
    let sections = match example {
        Example::Starter => &STARTER,
        Example::Southwark => &SOUTHWARK,
    };
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "document".into());
    write_tree(
        sections,
        &staging.path().join("sections"),
        &|path, bytes| {
            if example == Example::Starter && path == Path::new("quire.toml") {
                fill_manifest(bytes, &name)
            } else {
                bytes.to_vec()
            }
        },
    )
    .map_err(io)?;
    write_tree(&STYLES, &staging.path().join("styles"), &|_, b| b.to_vec()).map_err(io)?;
    if dir.exists() {
        // An empty folder (just made by the user): replace it.
        std::fs::remove_dir(dir).map_err(io)?;
    }
    std::fs::rename(staging.path(), dir).map_err(io)?;
    let _ = staging.keep();
    Ok(dir.join("sections/quire.toml"))
}

/// Writes an embedded tree under `to`, passing each file through `fill`.
fn write_tree(
    tree: &Dir<'_>,
    to: &Path,
    fill: &dyn Fn(&Path, &[u8]) -> Vec<u8>,
) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for file in tree.files() {
        let bytes = fill(file.path(), file.contents());
        std::fs::write(to.join(file.path()), bytes)?;
    }
    for sub in tree.dirs() {
        std::fs::create_dir_all(to.join(sub.path()))?;
        write_tree(sub, to, fill)?;
    }
    Ok(())
}

/// The starter manifest with the project's name, a title made from it and
/// a date to edit.
fn fill_manifest(template: &[u8], name: &str) -> Vec<u8> {
    let slug: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let slug = slug.trim_matches('-');
    let slug = if slug.is_empty() { "document" } else { slug };
    let title: String = {
        let words = slug.replace('-', " ");
        let mut chars = words.chars();
        chars
            .next()
            .map(|c| c.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    };
    String::from_utf8_lossy(template)
        .replace("{{title}}", &title.replace('"', ""))
        .replace("{{name}}", slug)
        .replace("{{date}}", &today())
        .into_bytes()
}

/// Today's date (UTC) as `YYYY-MM-DD`.
fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (y, m, d) = civil_from_days(i64::try_from(secs / 86_400).unwrap_or(0));
    format!("{y:04}-{m:02}-{d:02}")
}

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard
/// Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    #[test]
    fn day_counts_become_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(12_599), (2004, 6, 30));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }

    use super::*;

    #[test]
    fn an_existing_folder_with_files_is_refused_and_kept() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("notes.txt"), "mine").unwrap();
        let err = init(dir.path(), Example::Starter).unwrap_err();
        assert!(matches!(err, InitError::NotEmpty(_)), "{err}");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
            "mine"
        );
    }

    #[test]
    fn the_manifest_is_named_after_the_folder() {
        let filled = fill_manifest(
            b"name = \"{{name}}\"\ntitle = \"{{title}}\"",
            "Annual Report 2026",
        );
        assert_eq!(
            String::from_utf8(filled).unwrap(),
            "name = \"annual-report-2026\"\ntitle = \"Annual report 2026\""
        );
    }
}
