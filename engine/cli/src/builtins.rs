//! The section plugins built into the engine.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use quire_core::Registry;

/// How the command loads plugins, set once at start by `main`.
#[derive(Debug, Default)]
pub struct Loading {
    /// Plugin folders outside any project that the command line trusts
    /// (`--plugin-dir`).
    pub trusted: Vec<PathBuf>,
    /// The plugin host program (this binary): loaded plugins run in
    /// processes of their own. Without one they load into this process.
    pub host: Option<PathBuf>,
}

static LOADING: OnceLock<Loading> = OnceLock::new();

/// Sets how every registry made from now on loads plugins (once per
/// process, from the command line).
pub fn set_loading(loading: Loading) {
    let _ = LOADING.set(loading);
}

/// Built-in plugins kept under a former name, with the name each is now
/// (`plugin = "strand"` builds a `theme` section, with a warning).
pub const FORMER_NAMES: &[(&str, &str)] = &[("strand", "theme")];

/// A registry holding every built-in section plugin, and trusting the
/// plugin folders named on the command line.
pub fn registry() -> Registry {
    let mut registry = Registry::new();
    if let Some(loading) = LOADING.get() {
        for dir in &loading.trusted {
            registry.trust_plugin_dir(dir);
        }
        if let Some(host) = &loading.host {
            registry.use_plugin_host(host);
        }
    }
    registry.register(Arc::new(quire_section_overview::OverviewPlugin));
    registry.register(Arc::new(quire_section_baseline::BaselinePlugin));
    registry.register(Arc::new(quire_section_aims::AimsPlugin));
    registry.register(Arc::new(quire_section_partnership::PartnershipPlugin));
    registry.register(Arc::new(quire_section_plan::PlanPlugin));
    registry.register(Arc::new(quire_section_theme::ThemePlugin));
    // FORMER_NAMES: `strand`.
    registry.register(Arc::new(quire_section_theme::StrandPlugin));
    registry.register(Arc::new(quire_section_process::ProcessPlugin));
    registry.register(Arc::new(quire_section_prose::ProsePlugin));
    registry.register(Arc::new(quire_section_committee::CommitteePlugin));
    registry
}
