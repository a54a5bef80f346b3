//! `quire plugins`: the section plugins a project can use — built-in and
//! loaded from its plugin folders — and, with `--schema NAME`, the JSON
//! Schema of a plugin's data file, for editors that check TOML against one.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use quire_core::{Diagnostics, Origin, Registry, load_project, plugins::registry_for};

use crate::build::default_manifest;
use crate::builtins;
use crate::ui::{EXIT_ERRORS, Ui};

/// Why the plugins could not be listed.
#[derive(Debug, thiserror::Error)]
pub enum PluginsError {
    /// The manifest or a plugin folder has problems.
    #[error("{0}")]
    Project(Diagnostics),
    /// No plugin has that name.
    #[error("there is no plugin called `{name}`; the plugins are: {known}")]
    Unknown {
        /// The name asked for.
        name: String,
        /// The names there are.
        known: String,
    },
    /// The plugin publishes no schema.
    #[error("the `{0}` plugin publishes no data schema")]
    NoSchema(String),
}

/// The registry a project's builds use: built-ins plus its plugin folders.
pub fn project_registry(manifest: &Path) -> Result<Registry, PluginsError> {
    let project = load_project(manifest).map_err(PluginsError::Project)?;
    registry_for(&project, &builtins::registry())
        .map_err(|errors| PluginsError::Project(Diagnostics(errors)))
}

/// One line per plugin: name, version, where it comes from, what it is for.
pub fn listing(registry: &Registry) -> String {
    let mut out = String::new();
    // The names' column is as wide as the longest name (12 at least), so a
    // long name never pushes its line out of step.
    let width = registry
        .names()
        .iter()
        .map(|n| n.chars().count())
        .max()
        .unwrap_or(0)
        .max(12);
    for name in registry.names() {
        let Some(plugin) = registry.get(name) else {
            continue;
        };
        let info = plugin.info();
        let origin = match registry.origin(name) {
            Some(Origin::Library(path)) => path.display().to_string(),
            Some(Origin::Isolated(path)) => format!("{} (own process)", path.display()),
            _ => "built-in".to_string(),
        };
        out.push_str(&format!(
            "{name:<width$} {:<8} {origin}\n{:<width$} {}\n",
            info.version, "", info.description
        ));
        let mut needs = Vec::new();
        if info.needs_data {
            needs.push("a data file".to_string());
        }
        if !info.prose_slots.is_empty() {
            let slots: Vec<_> = info.prose_slots.keys().map(|s| format!("`{s}`")).collect();
            needs.push(format!("prose slots {}", slots.join(", ")));
        }
        if !needs.is_empty() {
            out.push_str(&format!("{:<width$} takes {}\n", "", needs.join("; ")));
        }
    }
    out
}

/// The JSON Schema of plugin `name`'s data file, pretty-printed.
pub fn schema(registry: &Registry, name: &str) -> Result<String, PluginsError> {
    let plugin = registry.get(name).ok_or_else(|| PluginsError::Unknown {
        name: name.into(),
        known: registry.names().join(", "),
    })?;
    let schema = plugin
        .info()
        .data_schema
        .ok_or_else(|| PluginsError::NoSchema(name.into()))?;
    Ok(serde_json::to_string_pretty(&schema).unwrap_or_default())
}

/// Runs `quire plugins [MANIFEST] [--schema NAME]`.
pub fn run(manifest: Option<PathBuf>, schema_of: Option<String>, ui: &Ui) -> ExitCode {
    let manifest = manifest.unwrap_or_else(default_manifest);
    let registry = match project_registry(&manifest) {
        Ok(registry) => registry,
        Err(PluginsError::Project(diagnostics)) => {
            for d in &diagnostics.0 {
                ui.reporter.eprint(&ui.reporter.render(d));
            }
            return ExitCode::from(EXIT_ERRORS);
        }
        Err(other) => {
            ui.reporter
                .eprint(&ui.reporter.render_message(true, &other.to_string()));
            return ExitCode::from(EXIT_ERRORS);
        }
    };
    let text = match &schema_of {
        Some(name) => schema(&registry, name).map(|s| s + "\n"),
        None => Ok(listing(&registry)),
    };
    match text {
        // Asked-for output: printed even when quiet.
        Ok(text) => {
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(error) => {
            ui.reporter
                .eprint(&ui.reporter.render_message(true, &error.to_string()));
            ExitCode::from(EXIT_ERRORS)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_is_listed_and_every_data_plugin_publishes_a_schema() {
        let registry = builtins::registry();
        let listing = listing(&registry);
        for name in registry.names() {
            assert!(listing.contains(name), "{listing}");
            let info = registry.get(name).unwrap().info();
            if info.needs_data {
                let text = schema(&registry, name).unwrap();
                let value: serde_json::Value = serde_json::from_str(&text).unwrap();
                assert_eq!(value["type"], "object", "{name}: {text}");
            }
        }
        assert!(matches!(
            schema(&registry, "prose"),
            Err(PluginsError::NoSchema(_))
        ));
        assert!(matches!(
            schema(&registry, "nope"),
            Err(PluginsError::Unknown { .. })
        ));
    }

    /// A plugin with a long name, for the listing's columns.
    struct LongName;

    impl quire_plugin::SectionPlugin for LongName {
        fn info(&self) -> quire_plugin::PluginInfo {
            quire_plugin::PluginInfo::new("community-safety-themes", "1.2.3", "Themes")
        }

        fn build(
            &self,
            _: &quire_plugin::SectionRequest,
        ) -> Result<quire_plugin::SectionResponse, quire_plugin::PluginErrors> {
            Ok(quire_plugin::SectionResponse::default())
        }
    }

    #[test]
    fn a_long_name_widens_the_names_column_for_every_line() {
        let mut registry = builtins::registry();
        registry.register(std::sync::Arc::new(LongName));
        let listing = listing(&registry);
        // Every version starts in one column, and every description too.
        let version_at = |line: &str| line.find(|c: char| c.is_ascii_digit());
        let columns: Vec<_> = listing
            .lines()
            .filter(|l| !l.starts_with(' '))
            .map(version_at)
            .collect();
        assert!(columns.windows(2).all(|w| w[0] == w[1]), "{listing}");
        let indents: Vec<usize> = listing
            .lines()
            .filter(|l| l.starts_with(' ') && !l.trim_start().starts_with("takes"))
            .map(|l| l.len() - l.trim_start().len())
            .collect();
        assert!(indents.windows(2).all(|w| w[0] == w[1]), "{listing}");
        assert_eq!(indents[0], "community-safety-themes".len() + 1, "{listing}");
    }

    #[test]
    fn a_schema_describes_fields_and_refuses_unknown_ones() {
        let text = schema(&builtins::registry(), "theme").unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(value["additionalProperties"], false, "{text}");
        let description = value["properties"]["definition"]["description"]
            .as_str()
            .unwrap_or_default();
        assert!(description.contains("working definition"), "{text}");
        let text = schema(&builtins::registry(), "plan").unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let required = value["required"].as_array().unwrap();
        assert!(required.contains(&"actions".into()), "{text}");
        assert!(!required.contains(&"caption".into()), "optional: {text}");
    }
}
