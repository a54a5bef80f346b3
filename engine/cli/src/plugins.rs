//! `quire plugins`: the section plugins a project can use — built-in and
//! loaded from its plugin folders — and, for one plugin, its data file's
//! example (`--example NAME`: commented TOML that builds), its reference
//! page (`--reference NAME`: Markdown made from its schema) or the JSON
//! Schema itself (`--schema NAME`, for editors that check TOML against one).

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
    /// The plugin gives no example.
    #[error(
        "the `{0}` plugin gives no example of its data file; `quire plugins --reference {0}` describes its fields"
    )]
    NoExample(String),
}

/// What `quire plugins` prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Show {
    /// Every plugin, one entry each.
    List,
    /// The JSON Schema of a plugin's data file.
    Schema(String),
    /// A plugin's example data file.
    Example(String),
    /// A plugin's reference page.
    Reference(String),
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

/// What plugin `name` says about itself.
fn info(registry: &Registry, name: &str) -> Result<quire_plugin::PluginInfo, PluginsError> {
    let plugin = registry.get(name).ok_or_else(|| PluginsError::Unknown {
        name: name.into(),
        known: registry.names().join(", "),
    })?;
    Ok(plugin.info())
}

/// The JSON Schema of plugin `name`'s data file, pretty-printed.
pub fn schema(registry: &Registry, name: &str) -> Result<String, PluginsError> {
    let schema = info(registry, name)?
        .data_schema
        .ok_or_else(|| PluginsError::NoSchema(name.into()))?;
    Ok(serde_json::to_string_pretty(&schema).unwrap_or_default())
}

/// Plugin `name`'s example data file, as it gives it (ending in a newline).
pub fn example(registry: &Registry, name: &str) -> Result<String, PluginsError> {
    let example = info(registry, name)?
        .example
        .ok_or_else(|| PluginsError::NoExample(name.into()))?;
    Ok(format!("{}\n", example.trim_end()))
}

/// Plugin `name`'s reference page, in Markdown.
pub fn reference(registry: &Registry, name: &str) -> Result<String, PluginsError> {
    Ok(quire_plugin::reference::page(&info(registry, name)?))
}

/// Runs `quire plugins [MANIFEST] [--schema NAME | --example NAME | --reference NAME]`.
pub fn run(manifest: Option<PathBuf>, show: Show, ui: &Ui) -> ExitCode {
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
    let text = match &show {
        Show::List => Ok(listing(&registry)),
        Show::Schema(name) => schema(&registry, name).map(|s| s + "\n"),
        Show::Example(name) => example(&registry, name),
        Show::Reference(name) => reference(&registry, name),
    };
    match text {
        // Asked-for output: printed even when quiet.
        Ok(text) => {
            // A reader that stops early (`| head`) is not an error.
            let _ = std::io::Write::write_all(&mut std::io::stdout(), text.as_bytes());
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

    /// A plugin with a schema and an example, as a third party writes one.
    struct Scores;

    /// The scores plugin's data.
    #[derive(serde::Deserialize, quire_plugin::schemars::JsonSchema)]
    #[serde(deny_unknown_fields)]
    #[schemars(crate = "quire_plugin::schemars")]
    struct ScoresData {
        /// The heading.
        title: String,
        /// The measures, one table each.
        measures: Vec<Measure>,
    }

    /// One measure.
    #[derive(serde::Deserialize, quire_plugin::schemars::JsonSchema)]
    #[serde(deny_unknown_fields)]
    #[schemars(crate = "quire_plugin::schemars")]
    struct Measure {
        /// What is counted.
        name: String,
        /// Out of five.
        #[schemars(range(min = 1, max = 5))]
        score: u8,
    }

    const SCORES_EXAMPLE: &str = "# The section's heading.\ntitle = \"Scores\"\n\n# One table per measure.\n[[measures]]\nname = \"Reports\"\nscore = 4\n";

    impl quire_plugin::SectionPlugin for Scores {
        fn info(&self) -> quire_plugin::PluginInfo {
            quire_plugin::PluginInfo::new("scores", "1.0.0", "Scores by measure")
                .needs_data()
                .data_schema::<ScoresData>()
                .example(SCORES_EXAMPLE)
        }

        fn build(
            &self,
            request: &quire_plugin::SectionRequest,
        ) -> Result<quire_plugin::SectionResponse, quire_plugin::PluginErrors> {
            let data: ScoresData = quire_plugin::read_data(&request.data)?;
            let items: Vec<_> = data
                .measures
                .iter()
                .map(|m| quire_plugin::model::text(format!("{}: {}", m.name, m.score)))
                .collect();
            Ok(quire_plugin::SectionResponse::new(vec![
                quire_plugin::build::section_heading(request, &data.title),
                quire_plugin::build::bullets(items),
            ]))
        }
    }

    /// The shared data `quire init` starts a project with.
    const STARTER_SHARED: &str = include_str!("init/sections/shared.toml");

    /// Builds every example the plugins of `registry` give, as a section
    /// of their own; the names of those that do not build, with why.
    fn examples_that_do_not_build(registry: &Registry) -> Vec<String> {
        let mut failed = Vec::new();
        for name in registry.names() {
            let Some(plugin) = registry.get(name) else {
                continue;
            };
            let Some(example) = plugin.info().example else {
                continue;
            };
            let data = match toml::from_str::<serde_json::Value>(&example) {
                Ok(data) => data,
                Err(error) => {
                    failed.push(format!("{name}: not TOML: {error}"));
                    continue;
                }
            };
            let mut request = quire_plugin::testing::request(name, "");
            request.data = data;
            // The examples name the themes and aims of the starter's shared
            // data (`quire init`), as `tests/examples.rs` builds them.
            request.shared = toml::from_str(STARTER_SHARED).expect("the starter's shared data");
            if let Err(errors) = plugin.build(&request) {
                failed.push(format!("{name}: {errors}"));
            }
        }
        failed
    }

    #[test]
    fn every_plugins_example_builds() {
        let mut registry = builtins::registry();
        registry.register(std::sync::Arc::new(Scores));
        assert_eq!(examples_that_do_not_build(&registry), Vec::<String>::new());
        assert_eq!(example(&registry, "scores").unwrap(), SCORES_EXAMPLE);
        assert!(matches!(
            example(&registry, "prose"),
            Err(PluginsError::NoExample(_))
        ));
    }

    /// A plugin whose example does not fit its own schema.
    struct BadExample;

    impl quire_plugin::SectionPlugin for BadExample {
        fn info(&self) -> quire_plugin::PluginInfo {
            Scores
                .info()
                .example("title = \"Scores\"\n[[measures]]\nname = \"Reports\"\nscore = 9\n")
        }

        fn build(
            &self,
            request: &quire_plugin::SectionRequest,
        ) -> Result<quire_plugin::SectionResponse, quire_plugin::PluginErrors> {
            Scores.build(request)
        }
    }

    #[test]
    fn an_example_that_does_not_build_is_caught() {
        let mut registry = Registry::new();
        registry.register(std::sync::Arc::new(BadExample));
        let failed = examples_that_do_not_build(&registry);
        assert_eq!(
            failed,
            vec![
                "scores: field `measures[0].score`: should be a whole number from 1 to 5, not the whole number 9"
            ]
        );
    }

    #[test]
    fn a_reference_page_shows_the_fields_and_the_example() {
        let mut registry = builtins::registry();
        registry.register(std::sync::Arc::new(Scores));
        let page = reference(&registry, "scores").unwrap();
        assert!(
            page.contains("| `score` | a whole number from 1 to 5 | yes |  | Out of five. |"),
            "{page}"
        );
        assert!(page.contains(SCORES_EXAMPLE), "{page}");
    }

    /// The folder of the shipped plugins' crates.
    fn plugins_folder() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../plugins")
    }

    /// Each shipped plugin's `README.md` is its reference page as the
    /// plugin makes it now; `QUIRE_BLESS=1` writes them after a change.
    #[test]
    fn every_shipped_plugins_reference_page_is_current() {
        let registry = builtins::registry();
        let bless = std::env::var_os("QUIRE_BLESS").is_some();
        let mut stale = Vec::new();
        for name in registry.names() {
            if builtins::FORMER_NAMES
                .iter()
                .any(|(former, _)| *former == name)
            {
                continue;
            }
            let folder = plugins_folder().join(name);
            assert!(
                folder.is_dir(),
                "no folder for the built-in `{name}`: {}",
                folder.display()
            );
            let path = folder.join("README.md");
            let page = reference(&registry, name).unwrap();
            if bless {
                std::fs::write(&path, &page).unwrap();
            } else if std::fs::read_to_string(&path).ok().as_deref() != Some(page.as_str()) {
                stale.push(path.display().to_string());
            }
        }
        assert!(
            stale.is_empty(),
            "out of date (run `QUIRE_BLESS=1 cargo test -p quire --lib reference_page`): {stale:?}"
        );
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
