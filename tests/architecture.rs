//! The crate boundaries "How it is built" in the README promises, checked
//! on the manifests and sources: the command line names no renderer crate
//! (every output is made through the build driver's list of renderers);
//! each renderer is one `impl Renderer` registered in that list; the core
//! does not depend on the plugin SDK; the wire crate holds no `unsafe`; no
//! renderer checks at run time what the resolved types guarantee.

use crate::common;

use std::path::Path;

use common::repo;

/// The crates the build driver registers as renderers
/// (`engine/build/src/renderers.rs`: `Box::new(quire_typst::Pdf)`), as
/// Rust names them (`quire_typst`).
fn renderer_crates() -> Vec<String> {
    let list = std::fs::read_to_string(repo().join("engine/build/src/renderers.rs")).unwrap();
    let found: Vec<String> = list
        .split("Box::new(")
        .skip(1)
        .filter_map(|rest| rest.split_once("::"))
        .map(|(krate, _)| krate.trim().to_string())
        .collect();
    assert!(found.len() >= 3, "renderers found: {found:?}");
    found
}

/// The source folder of a renderer crate (`quire_typst`: `engine/typst/src`).
fn renderer_sources(krate: &str) -> std::path::PathBuf {
    repo()
        .join("engine")
        .join(krate.trim_start_matches("quire_"))
        .join("src")
}

/// The normal (not dev) dependencies a crate's manifest names.
fn dependencies(krate: &str) -> Vec<String> {
    let text = std::fs::read_to_string(repo().join(krate).join("Cargo.toml")).unwrap();
    let manifest: toml::Table = toml::from_str(&text).unwrap();
    manifest
        .get("dependencies")
        .and_then(|d| d.as_table())
        .map(|d| d.keys().cloned().collect())
        .unwrap_or_default()
}

/// Every `.rs` file under `dir`, with its text.
fn sources(dir: &Path) -> Vec<(std::path::PathBuf, String)> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(sources(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).unwrap();
            found.push((path, text));
        }
    }
    found
}

#[test]
fn the_command_line_names_no_renderer_crate() {
    let renderers = renderer_crates();
    let cli = dependencies("engine/cli");
    for krate in &renderers {
        let package = krate.replace('_', "-");
        assert!(
            !cli.contains(&package),
            "engine/cli depends on the renderer {package}"
        );
        for (path, text) in sources(&repo().join("engine/cli/src")) {
            assert!(
                !text.contains(&format!("{krate}::")),
                "{} names {krate}",
                path.display()
            );
        }
    }
    // Nor Typst itself: its caches are the PDF renderer's to trim.
    assert!(!cli.contains(&"typst".to_string()));
}

#[test]
fn every_renderer_is_one_impl_registered_in_the_driver() {
    for krate in renderer_crates() {
        let impls = sources(&renderer_sources(&krate))
            .iter()
            .map(|(_, text)| text.matches("impl Renderer for ").count())
            .sum::<usize>();
        assert_eq!(impls, 1, "{krate} has {impls} impl Renderer");
        let package = krate.replace('_', "-");
        let path = format!("engine/{}", krate.trim_start_matches("quire_"));
        assert!(
            dependencies(&path).contains(&"quire-render".to_string()),
            "{package} does not depend on quire-render"
        );
    }
}

#[test]
fn the_core_does_not_depend_on_the_plugin_sdk() {
    let core = dependencies("engine/core");
    assert!(
        !core.contains(&"quire-plugin".to_string()),
        "quire-core depends on the SDK: {core:?}"
    );
    // Code, not comments or messages that tell plugin authors the SDK's paths.
    for (path, text) in sources(&repo().join("engine/core/src")) {
        let code = text
            .lines()
            .filter(|l| !l.trim_start().starts_with("//") && !l.contains('"'));
        for line in code {
            assert!(
                !line.contains("quire_plugin::"),
                "{} uses the SDK: {line}",
                path.display()
            );
        }
    }
}

#[test]
fn the_wire_crate_holds_protocol_types_only() {
    for (path, text) in sources(&repo().join("engine/wire/src")) {
        assert!(
            !text.contains("unsafe"),
            "{} holds unsafe code",
            path.display()
        );
    }
    let wire = dependencies("engine/wire");
    for never in ["libloading", "quire-abi", "quire-plugin", "quire-host"] {
        assert!(
            !wire.contains(&never.to_string()),
            "quire-wire depends on {never}"
        );
    }
}

#[test]
fn every_stage_reports_the_one_diagnostic_type() {
    // No crate but quire-diagnostic declares a diagnostic type of its own.
    for entry in std::fs::read_dir(repo().join("engine")).unwrap() {
        let krate = entry.unwrap().path();
        if krate.ends_with("diagnostic") || !krate.join("src").is_dir() {
            continue;
        }
        for (path, text) in sources(&krate.join("src")) {
            for line in text.lines() {
                let declared = line
                    .trim_start()
                    .strip_prefix("pub struct ")
                    .or_else(|| line.trim_start().strip_prefix("struct "));
                let name: String = declared
                    .unwrap_or_default()
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                assert!(
                    !name.ends_with("Diagnostic"),
                    "{} declares `{name}`; report with quire_diagnostic::Diagnostic",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn no_renderer_checks_at_run_time_what_the_resolved_types_guarantee() {
    // Every heading, table and figure a renderer receives has its id and
    // every chart its drawing: no renderer keeps an "identity lost" or a
    // "not drawn" error.
    for krate in renderer_crates() {
        for (path, text) in sources(&renderer_sources(&krate)) {
            for never in ["Identity(", "was not drawn", "not drawn"] {
                assert!(!text.contains(never), "{} holds `{never}`", path.display());
            }
        }
    }
    // The resolved types hold no optional identity.
    for (path, text) in sources(&repo().join("engine/model/src/resolved")) {
        assert!(
            !text.contains("Option<NodeId>"),
            "{} holds an optional node id",
            path.display()
        );
    }
}
