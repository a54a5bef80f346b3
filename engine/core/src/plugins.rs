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

use quire_wire::SectionPlugin;
use toml::Spanned;

use crate::diagnostic::Diagnostic;
use crate::dylib::{self, LoadError};
use crate::isolated;
use crate::manifest::{Isolation, Sandbox};
use crate::pipeline::Project;
use crate::registry::Registry;
use crate::source::shown_path;
use quire_files::{FileError, ProjectRoot};

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
    let folders = folders(project, builtins, &mut errors);
    let mut registry = builtins.clone();
    // Which loaded library gave each name, to report duplicates.
    let mut loaded: Vec<(String, PathBuf)> = Vec::new();
    for (folder, within) in &folders {
        let at = |d: Diagnostic| match folder.written {
            Some(written) => d.at(&project.manifest_file, written.span()),
            None => d.in_file(&project.manifest_file),
        };
        let libraries = match libraries_in(&folder.path, within) {
            Ok((libraries, refused)) => {
                errors.extend(refused.into_iter().map(at));
                libraries
            }
            Err(e) => {
                errors.push(at(Diagnostic::error(format!(
                    "cannot list the plugin folder `{}`: {e}",
                    shown_path(&folder.path).display()
                ))));
                continue;
            }
        };
        for library in libraries {
            let settings = host_settings(project);
            let host = builtins
                .plugin_host()
                .filter(|_| project.manifest.plugins.isolation == Isolation::Process);
            let opened = match host {
                Some(program) => {
                    isolated::load_shared(program, &library, &settings).map(Loaded::Isolated)
                }
                None => {
                    if project.manifest.plugins.isolation == Isolation::None {
                        isolated::note_once(UNCONFINED_IN_PROCESS);
                    }
                    dylib::load_within(&library, settings.limit)
                        .map(|p| Loaded::InProcess(Arc::new(p)))
                }
            };
            let plugin = match opened {
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
            match plugin {
                Loaded::Isolated(plugin) => registry.register_isolated(plugin, &library),
                Loaded::InProcess(plugin) => registry.register_library(plugin, &library),
            };
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

/// The note for plugins loaded into Quire's own process, which nothing
/// confines.
const UNCONFINED_IN_PROCESS: &str = "loaded plugins run inside Quire (`[plugins] isolation = \"none\"`), unconfined, with your full rights";

/// How the project's loaded plugins' hosts run: its time limit, its memory
/// limit, and confined to reading the project folder unless `[plugins]
/// sandbox = "off"`.
fn host_settings(project: &Project) -> isolated::HostSettings {
    let plugins = &project.manifest.plugins;
    isolated::HostSettings {
        limit: plugins.limit(),
        memory: plugins.memory_bytes(),
        confine_to: (plugins.sandbox() == Sandbox::On).then(|| project.root.path().to_path_buf()),
    }
}

/// A library loaded in its own process or in the engine's.
enum Loaded {
    Isolated(Arc<isolated::IsolatedPlugin>),
    InProcess(Arc<dyn SectionPlugin>),
}

impl Loaded {
    fn info(&self) -> quire_wire::PluginInfo {
        match self {
            Self::Isolated(p) => p.info(),
            Self::InProcess(p) => p.info(),
        }
    }
}

/// The plugin folders, by their real paths: the project's own (the
/// manifest's `[plugins] dirs`, or `plugins/` next to it), which must be
/// inside the project folder, then those the command line trusts
/// (`--plugin-dir`). Each comes with the folder its libraries must stay in.
fn folders<'m>(
    project: &'m Project,
    builtins: &Registry,
    errors: &mut Vec<Diagnostic>,
) -> Vec<(Folder<'m>, ProjectRoot)> {
    let outside = |written: &str, real: &Path| {
        Diagnostic::error(format!(
            "the plugin folder `{written}` is outside the project folder (it leads to `{}`)",
            real.display()
        ))
        .with_hint(
            "plugins run as part of the build, so only the project's own folders are loaded; to load plugins from elsewhere, name the folder on the command line with `--plugin-dir`",
        )
    };
    let mut folders = Vec::new();
    match &project.manifest.plugins.dirs {
        None => {
            let default = project.manifest_dir.join(DEFAULT_DIR);
            match project.root.resolve(&default) {
                Ok(path) if path.is_dir() => folders.push((
                    Folder {
                        path,
                        written: None,
                    },
                    project.root.clone(),
                )),
                Err(FileError::Outside { real }) => {
                    errors.push(outside(DEFAULT_DIR, &real).in_file(&project.manifest_file));
                }
                _ => {}
            }
        }
        Some(dirs) => {
            for written in dirs {
                let joined = project.manifest_dir.join(written.get_ref());
                let at = |d: Diagnostic| d.at(&project.manifest_file, written.span());
                match project.root.resolve(&joined) {
                    Ok(path) if path.is_dir() => folders.push((
                        Folder {
                            path,
                            written: Some(written),
                        },
                        project.root.clone(),
                    )),
                    Err(FileError::Outside { real }) => {
                        errors.push(at(outside(written.get_ref(), &real)));
                    }
                    _ => errors.push(at(Diagnostic::error(format!(
                        "the plugin folder `{}` does not exist",
                        written.get_ref()
                    ))
                    .with_hint(format!(
                        "looked for {}; plugin folders are relative to the manifest's folder",
                        shown_path(&joined).display()
                    )))),
                }
            }
        }
    }
    for trusted in builtins.trusted_dirs() {
        match ProjectRoot::new(trusted) {
            Ok(root) => folders.push((
                Folder {
                    path: root.path().to_path_buf(),
                    written: None,
                },
                root,
            )),
            Err(e) => errors.push(Diagnostic::error(format!(
                "the plugin folder `{}` given with `--plugin-dir` cannot be used: {e}",
                trusted.display()
            ))),
        }
    }
    folders
}

/// The shared libraries directly inside `dir`, sorted by name, by their
/// real paths, each of which must lie inside `within`. A library that is
/// a link leading out of it is an error, and never loaded.
fn libraries_in(
    dir: &Path,
    within: &ProjectRoot,
) -> Result<(Vec<PathBuf>, Vec<Diagnostic>), FileError> {
    let suffix = std::env::consts::DLL_SUFFIX;
    let mut libraries = Vec::new();
    let mut refused = Vec::new();
    for path in within.entries(dir)? {
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if !name.ends_with(suffix) {
            continue;
        }
        match within.resolve(&path) {
            Ok(real) if real.is_file() => libraries.push(real),
            Ok(_) => {}
            Err(FileError::Outside { real }) => refused.push(
                Diagnostic::error(format!(
                    "`{}` is a link to `{}`, outside the project folder; it was not loaded",
                    shown_path(&path).display(),
                    real.display()
                ))
                .with_hint("copy the library into the plugin folder, or name its folder with `--plugin-dir`"),
            ),
            Err(_) => {}
        }
    }
    Ok((libraries, refused))
}

/// A load failure as a diagnostic, with what to do about it.
fn load_error(error: &LoadError) -> Diagnostic {
    let hint = match error {
        LoadError::NotAbsolute(_) | LoadError::Changed(_) => None,
        LoadError::Stopped { .. } => Some(
            "the plugin ran in a process of its own, so the build went on; `[plugins] timeout` sets how long it may take",
        ),
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
        LoadError::NotConfined { .. } => Some(
            "to run plugins unconfined, with your full rights, set `sandbox = \"off\"` under `[plugins]` in the manifest",
        ),
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
        let within = ProjectRoot::new(dir.path()).unwrap();
        let (libraries, refused) = libraries_in(within.path(), &within).unwrap();
        assert!(refused.is_empty());
        let names: Vec<_> = libraries
            .into_iter()
            .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
            .collect();
        assert_eq!(names, [format!("liba{suffix}"), format!("libb{suffix}")]);
    }
}
