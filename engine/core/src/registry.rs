//! The plugin registry: section plugin names to plugins.

use std::collections::BTreeMap;
use std::sync::Arc;

use quire_plugin::SectionPlugin;

/// Maps plugin names to plugins. Built-in and loaded plugins look alike here.
#[derive(Default, Clone)]
pub struct Registry {
    plugins: BTreeMap<String, Arc<dyn SectionPlugin>>,
}

impl Registry {
    /// An empty registry.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a plugin under the name it gives in its info. A second plugin of
    /// the same name replaces the first; the replaced one is returned.
    pub fn register(&mut self, plugin: Arc<dyn SectionPlugin>) -> Option<Arc<dyn SectionPlugin>> {
        self.plugins.insert(plugin.info().name, plugin)
    }

    /// The plugin called `name`.
    pub fn get(&self, name: &str) -> Option<&Arc<dyn SectionPlugin>> {
        self.plugins.get(name)
    }

    /// Every registered name, sorted.
    pub fn names(&self) -> Vec<&str> {
        self.plugins.keys().map(String::as_str).collect()
    }
}
