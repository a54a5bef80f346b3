//! The plugin registry: section plugin names to plugins.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use quire_wire::SectionPlugin;

use crate::isolated::IsolatedPlugin;

/// Where a registered plugin comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Linked into the engine.
    BuiltIn,
    /// Loaded from this shared library into the engine's process.
    Library(PathBuf),
    /// Loaded from this shared library in a process of its own.
    Isolated(PathBuf),
}

/// Maps plugin names to plugins. Built-in and loaded plugins look alike here.
#[derive(Default, Clone)]
pub struct Registry {
    plugins: BTreeMap<String, (Arc<dyn SectionPlugin>, Origin)>,
    trusted: Vec<PathBuf>,
    host: Option<PathBuf>,
    isolated: BTreeMap<String, Arc<IsolatedPlugin>>,
}

impl Registry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a built-in plugin under the name it gives in its info. A second
    /// plugin of the same name replaces the first; the replaced one is
    /// returned.
    pub fn register(&mut self, plugin: Arc<dyn SectionPlugin>) -> Option<Arc<dyn SectionPlugin>> {
        self.insert(plugin, Origin::BuiltIn)
    }

    /// Adds a plugin loaded from the library at `path`, as [`Self::register`].
    pub fn register_library(
        &mut self,
        plugin: Arc<dyn SectionPlugin>,
        path: &Path,
    ) -> Option<Arc<dyn SectionPlugin>> {
        self.insert(plugin, Origin::Library(path.to_path_buf()))
    }

    /// Adds a plugin run from the library at `path` in a process of its
    /// own ([`crate::isolated`]), as [`Self::register`].
    pub fn register_isolated(
        &mut self,
        plugin: Arc<IsolatedPlugin>,
        path: &Path,
    ) -> Option<Arc<dyn SectionPlugin>> {
        self.isolated
            .insert(plugin.info().name, Arc::clone(&plugin));
        self.insert(plugin, Origin::Isolated(path.to_path_buf()))
    }

    /// The plugin called `name`, if it runs in a process of its own.
    pub fn isolated(&self, name: &str) -> Option<&Arc<IsolatedPlugin>> {
        self.isolated.get(name)
    }

    /// Runs loaded plugins in processes of their own, each started as
    /// `program plugin-host LIBRARY` (Quire's own binary; see
    /// [`crate::isolated`]). Without a host, libraries are loaded into this
    /// process.
    pub fn use_plugin_host(&mut self, program: &Path) {
        self.host = Some(program.to_path_buf());
    }

    /// The plugin host program, if any.
    pub fn plugin_host(&self) -> Option<&Path> {
        self.host.as_deref()
    }

    fn insert(
        &mut self,
        plugin: Arc<dyn SectionPlugin>,
        origin: Origin,
    ) -> Option<Arc<dyn SectionPlugin>> {
        if !matches!(origin, Origin::Isolated(_)) {
            self.isolated.remove(&plugin.info().name);
        }
        self.plugins
            .insert(plugin.info().name, (plugin, origin))
            .map(|(replaced, _)| replaced)
    }

    /// Trusts a plugin folder outside any project (`--plugin-dir`): its
    /// libraries are loaded on top of every project's own.
    pub fn trust_plugin_dir(&mut self, dir: &Path) {
        self.trusted.push(dir.to_path_buf());
    }

    /// The plugin folders trusted with [`Self::trust_plugin_dir`].
    pub fn trusted_dirs(&self) -> &[PathBuf] {
        &self.trusted
    }

    /// The plugin called `name`.
    pub fn get(&self, name: &str) -> Option<&Arc<dyn SectionPlugin>> {
        self.plugins.get(name).map(|(plugin, _)| plugin)
    }

    /// Where the plugin called `name` comes from.
    pub fn origin(&self, name: &str) -> Option<&Origin> {
        self.plugins.get(name).map(|(_, origin)| origin)
    }

    /// Every registered name, sorted.
    pub fn names(&self) -> Vec<&str> {
        self.plugins.keys().map(String::as_str).collect()
    }
}
