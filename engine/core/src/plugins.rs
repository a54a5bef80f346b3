//! Loading the project's section plugins from its plugin folders.
//!
//! Every shared library (`*.so`, `*.dylib`, `*.dll`) directly inside a
//! configured folder is loaded by its absolute, canonical path (never
//! through the system's library search path) and added to the registry
//! under the name it gives. A loaded plugin may replace a built-in of the
//! same name only when the manifest lists that name under
//! `[plugins] override`; any other clash is an error naming both sides.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use quire_plugin::SectionPlugin;
use toml::Spanned;

use crate::diagnostic::Diagnostic;
use crate::dylib::{self, LoadError};
use crate::pipeline::Project;
use crate::registry::Registry;
use crate::source::shown_path;

/// The folder used when the manifest names none: `plugins` next to it.
pub const DEFAULT_DIR: &str = "plugins";

/// A plugin folder and where the manifest names it (none for the default).
struct Folder<'m> {
    path: PathBuf,
    written: Option<&'m Spanned<String>>,
}

/// The registry for `project`: the built-ins plus every plugin in its
/// plugin folders. All problems are reported together.
pub fn registry_for(project: &Project, builtins: &Registry) -> Result<Registry, Vec<Diagnostic>> {
    let mut errors = Vec::new();
    let folders = folders(project, &mut errors);
    let mut registry = builtins.clone();
    // Which loaded library gave each name, to report duplicates.
    let mut loaded: Vec<(String, PathBuf)> = Vec::new();
    for folder in &folders {
        let at = |d: Diagnostic| match folder.written {
            Some(written) => d.at(&project.manifest_file, written.span()),
            None => d.in_file(&project.manifest_file),
        };
        let libraries = match libraries_in(&folder.path) {
            Ok(libraries) => libraries,
            Err(e) => {
                errors.push(at(Diagnostic::error(format!(
                    "cannot list the plugin folder `{}`: {e}",
                    shown_path(&folder.path).display()
                ))));
                continue;
            }
        };
        for library in libraries {
            let plugin = match dylib::load_within(&library, project.manifest.plugins.limit()) {
                Ok(plugin) => plugin,
                Err(e) => {
                    errors.push(at(load_error(&e)));
                    continue;
                }
            };
            let name = plugin.info().name;
            if let Some((_, first)) = loaded.iter().find(|(n, _)| *n == name) {
                errors.push(at(Diagnostic::error(format!(
                    "two plugin libraries are both called `{name}`: `{}` and `{}`",
                    first.display(),
                    library.display()
                ))
                .with_hint("remove one of them from the plugin folders")));
                continue;
            }
            let overridden = project
                .manifest
                .plugins
                .overrides
                .iter()
                .any(|o| *o.get_ref() == name);
            if builtins.get(&name).is_some() && !overridden {
                errors.push(at(Diagnostic::error(format!(
                    "`{}` is a plugin called `{name}`, which is also the name of a built-in plugin",
                    library.display()
                ))
                .with_hint(format!(
                    "to use the loaded plugin instead of the built-in, add `override = [\"{name}\"]` under `[plugins]` in the manifest; otherwise rename the plugin"
                ))));
                continue;
            }
            registry.register_library(Arc::new(plugin), &library);
            loaded.push((name, library));
        }
    }
    for written in &project.manifest.plugins.overrides {
        let name = written.get_ref();
        let problem = if builtins.get(name).is_none() {
            Some(format!(
                "`override` names `{name}`, but there is no built-in plugin called `{name}`"
            ))
        } else if !loaded.iter().any(|(n, _)| n == name) {
            Some(format!(
                "`override` names `{name}`, but no library in the plugin folders is called `{name}`"
            ))
        } else {
            None
        };
        if let Some(message) = problem {
            errors.push(
                Diagnostic::error(message)
                    .at(&project.manifest_file, written.span())
                    .with_hint(format!(
                        "the built-in plugins are: {}",
                        builtins.names().join(", ")
                    )),
            );
        }
    }
    if errors.is_empty() {
        Ok(registry)
    } else {
        Err(errors)
    }
}

/// The configured folders, absolute and canonical.
fn folders<'m>(project: &'m Project, errors: &mut Vec<Diagnostic>) -> Vec<Folder<'m>> {
    let Some(dirs) = &project.manifest.plugins.dirs else {
        let default = project.manifest_dir.join(DEFAULT_DIR);
        return match default.canonicalize() {
            Ok(path) if path.is_dir() => vec![Folder {
                path,
                written: None,
            }],
            _ => Vec::new(),
        };
    };
    let mut folders = Vec::new();
    for written in dirs {
        let joined = project.manifest_dir.join(written.get_ref());
        match joined.canonicalize() {
            Ok(path) if path.is_dir() => folders.push(Folder {
                path,
                written: Some(written),
            }),
            _ => errors.push(
                Diagnostic::error(format!(
                    "the plugin folder `{}` does not exist",
                    written.get_ref()
                ))
                .at(&project.manifest_file, written.span())
                .with_hint(format!(
                    "looked for {}; plugin folders are relative to the manifest's folder",
                    shown_path(&joined).display()
                )),
            ),
        }
    }
    folders
}

/// The shared libraries directly inside `dir`, sorted by name.
fn libraries_in(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let suffix = std::env::consts::DLL_SUFFIX;
    let mut libraries = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if name.ends_with(suffix) && !name.starts_with('.') && path.is_file() {
            libraries.push(path);
        }
    }
    libraries.sort();
    Ok(libraries)
}

/// A load failure as a diagnostic, with what to do about it.
fn load_error(error: &LoadError) -> Diagnostic {
    let hint = match error {
        LoadError::NotAbsolute(_) | LoadError::Changed(_) => None,
        LoadError::NotALibrary { .. } => {
            Some("only plugin libraries built for this system belong in a plugin folder")
        }
        LoadError::MissingSymbol { found: Some(_), .. } => {
            Some("rebuild the plugin against this engine's `quire-plugin` SDK")
        }
        LoadError::MissingSymbol { found: None, .. } => Some(
            "a plugin exports its entry point with `quire_plugin::export_plugin!`; a built-in plugin crate needs `--features export`",
        ),
        LoadError::NewerMinor { .. } => None,
        LoadError::BadInfo { .. } => Some("the plugin's `info` must return a valid `PluginInfo`"),
    };
    let diagnostic = Diagnostic::error(error.to_string());
    match hint {
        Some(hint) => diagnostic.with_hint(hint),
        None => diagnostic,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_visible_libraries_directly_inside_are_candidates_in_name_order() {
        let dir = tempfile::tempdir().unwrap();
        let suffix = std::env::consts::DLL_SUFFIX;
        for name in ["libb", "liba", ".libhidden", "notes.txt"] {
            let file = if name.ends_with(".txt") {
                name.to_string()
            } else {
                format!("{name}{suffix}")
            };
            std::fs::write(dir.path().join(file), b"").unwrap();
        }
        std::fs::create_dir(dir.path().join(format!("libdir{suffix}"))).unwrap();
        let names: Vec<_> = libraries_in(dir.path())
            .unwrap()
            .into_iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, [format!("liba{suffix}"), format!("libb{suffix}")]);
    }
}
