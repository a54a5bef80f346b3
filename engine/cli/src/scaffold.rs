//! `quire new-plugin`: a new section plugin crate that builds, tests and
//! loads with no edits — Cargo.toml (a `cdylib`), `src/lib.rs` implementing
//! [`quire_plugin::SectionPlugin`] through `export_plugin!`, a sample data
//! file and a README.
//!
//! The templates are the files in `src/scaffold/`; the few names in them
//! (`{{name}}`, `{{crate}}`, `{{type}}`, `{{title}}`, `{{lib}}`, `{{sdk}}`)
//! are filled by plain replacement, which is all they need.

use std::path::{Path, PathBuf};

/// The files of a new plugin crate: (path in the crate, template).
const TEMPLATES: [(&str, &str); 5] = [
    ("Cargo.toml", include_str!("scaffold/Cargo.toml.tpl")),
    ("src/lib.rs", include_str!("scaffold/lib.rs.tpl")),
    ("sample.toml", include_str!("scaffold/sample.toml.tpl")),
    ("README.md", include_str!("scaffold/README.md.tpl")),
    (".gitignore", "/target\n"),
];

/// Why a plugin crate could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    /// The name cannot be a plugin name.
    #[error(
        "`{0}` cannot be a plugin name: use lowercase letters, digits and `-`, starting with a letter"
    )]
    InvalidName(String),
    /// The crate's folder is already there.
    #[error("`{0}` already exists; choose another name or another folder with --dir")]
    Exists(PathBuf),
    /// The SDK's sources were not found.
    #[error(
        "cannot find the plugin SDK (the `quire-plugin` crate) at `{0}`; pass its folder with --sdk"
    )]
    NoSdk(PathBuf),
    /// Writing failed; nothing was left behind.
    #[error("cannot write the plugin into `{path}`: {source}")]
    Io {
        /// The folder being written.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
}

/// A plugin crate just made.
#[derive(Debug)]
pub struct Created {
    /// The crate's folder.
    pub folder: PathBuf,
    /// The plugin's name.
    pub name: String,
    /// The file name of the library `cargo build` makes on this system.
    pub library: String,
}

impl Created {
    /// What to do next, as printed after making the crate.
    pub fn next_steps(&self) -> String {
        let Created {
            folder,
            name,
            library,
        } = self;
        format!(
            "Created the `{name}` section plugin in {folder}\n\n\
             Next steps:\n  \
             1. cd {folder} && cargo test && cargo build --release\n  \
             2. copy target/release/{library} into your project's plugin folder\n     \
                (`plugins/` next to the manifest: sections/plugins/)\n  \
             3. copy sample.toml to sections/data/{name}.toml and add to sections/quire.toml:\n\n       \
                [[sections]]\n       \
                id = \"{name}\"\n       \
                plugin = \"{name}\"\n       \
                data = \"data/{name}.toml\"\n\n  \
             4. quire build\n\n\
             The README in the plugin's folder says more.",
            folder = folder.display()
        )
    }
}

/// The SDK's folder in the engine's own source tree, when it is there.
pub fn default_sdk() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../plugin")
}

/// Makes the plugin crate `name` in `parent/name`, depending on the SDK at
/// `sdk`. The crate is written into a temporary folder first and moved into
/// place whole, so a failure leaves nothing behind.
pub fn new_plugin(name: &str, parent: &Path, sdk: &Path) -> Result<Created, ScaffoldError> {
    if !quire_core::manifest::valid_id(name) {
        return Err(ScaffoldError::InvalidName(name.into()));
    }
    let folder = parent.join(name);
    if folder.exists() {
        return Err(ScaffoldError::Exists(folder));
    }
    let sdk = sdk
        .canonicalize()
        .ok()
        .filter(|p| p.join("Cargo.toml").is_file())
        .ok_or_else(|| ScaffoldError::NoSdk(sdk.to_path_buf()))?;
    let crate_name = format!("quire-section-{name}");
    let library = format!(
        "{}{}{}",
        std::env::consts::DLL_PREFIX,
        crate_name.replace('-', "_"),
        std::env::consts::DLL_SUFFIX
    );
    let fill = |template: &str| {
        template
            .replace("{{name}}", name)
            .replace("{{crate}}", &crate_name)
            .replace("{{type}}", &type_name(name))
            .replace("{{title}}", &title(name))
            .replace("{{lib}}", &library)
            .replace("{{sdk}}", &toml_path(&sdk))
    };
    let io = |source| ScaffoldError::Io {
        path: folder.clone(),
        source,
    };
    std::fs::create_dir_all(parent).map_err(io)?;
    let staging = tempfile::Builder::new()
        .prefix(".quire-new-plugin")
        .tempdir_in(parent)
        .map_err(io)?;
    for (file, template) in TEMPLATES {
        let path = staging.path().join(file);
        std::fs::create_dir_all(path.parent().unwrap_or(staging.path())).map_err(io)?;
        std::fs::write(&path, fill(template)).map_err(io)?;
    }
    format_sources(staging.path());
    std::fs::rename(staging.path(), &folder).map_err(io)?;
    // Moved: nothing is left for the temporary folder's cleanup.
    let _ = staging.keep();
    Ok(Created {
        folder,
        name: name.into(),
        library,
    })
}

/// Runs `rustfmt` over the new sources when it is installed, so long
/// names still give `cargo fmt`-clean code. Without it the code is still
/// correct, only perhaps wider than rustfmt would make it.
fn format_sources(crate_folder: &Path) {
    let _ = std::process::Command::new("rustfmt")
        .args(["--edition", "2024"])
        .arg(crate_folder.join("src/lib.rs"))
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status();
}

/// `key-dates` → `KeyDatesPlugin`.
fn type_name(name: &str) -> String {
    let mut out: String = name.split('-').map(capitalised).collect();
    out.push_str("Plugin");
    out
}

/// `key-dates` → `Key dates`.
fn title(name: &str) -> String {
    capitalised(&name.replace('-', " "))
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A path as a TOML basic string's contents (forward slashes, escaped).
fn toml_path(path: &Path) -> String {
    path.to_string_lossy()
        .replace('\\', "/")
        .replace('"', "\\\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_types_and_titles() {
        assert_eq!(type_name("key-dates"), "KeyDatesPlugin");
        assert_eq!(type_name("contacts2"), "Contacts2Plugin");
        assert_eq!(title("key-dates"), "Key dates");
    }

    #[test]
    fn every_placeholder_is_filled() {
        let dir = tempfile::tempdir().unwrap();
        let created = new_plugin("key-dates", dir.path(), &default_sdk()).unwrap();
        for (file, _) in TEMPLATES {
            let text = std::fs::read_to_string(created.folder.join(file)).unwrap();
            assert!(!text.contains("{{"), "{file} has an unfilled placeholder");
        }
        let lib = std::fs::read_to_string(created.folder.join("src/lib.rs")).unwrap();
        assert!(lib.contains("export_plugin!(KeyDatesPlugin)"));
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "only the crate's folder is left");
    }

    #[test]
    fn bad_names_existing_folders_and_a_missing_sdk_are_refused() {
        let dir = tempfile::tempdir().unwrap();
        let sdk = default_sdk();
        assert!(matches!(
            new_plugin("Key Dates", dir.path(), &sdk),
            Err(ScaffoldError::InvalidName(_))
        ));
        std::fs::create_dir(dir.path().join("taken")).unwrap();
        assert!(matches!(
            new_plugin("taken", dir.path(), &sdk),
            Err(ScaffoldError::Exists(_))
        ));
        assert!(matches!(
            new_plugin("fine", dir.path(), &dir.path().join("no-sdk")),
            Err(ScaffoldError::NoSdk(_))
        ));
        assert!(!dir.path().join("fine").exists());
    }
}
