//! The plugin registry: section plugin names to plugins.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use quire_plugin::SectionPlugin;

/// Where a registered plugin comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// Linked into the engine.
    BuiltIn,
    /// Loaded from this shared library.
    Library(PathBuf),
}

/// Maps plugin names to plugins. Built-in and loaded plugins look alike here.
#[derive(Default, Clone)]
pub struct Registry {
    plugins: BTreeMap<String, (Arc<dyn SectionPlugin>, Origin)>,
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

    fn insert(
        &mut self,
        plugin: Arc<dyn SectionPlugin>,
        origin: Origin,
    ) -> Option<Arc<dyn SectionPlugin>> {
        self.plugins
            .insert(plugin.info().name, (plugin, origin))
            .map(|(replaced, _)| replaced)
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
