//! The document manifest: metadata, project settings, outputs, the
//! sections in order, each with its plugin, data file and prose templates,
//! and the profiles: other shapes of the same document (a committee paper).

use std::collections::BTreeMap;

use quire_plugin::model::Meta;
use serde::Deserialize;
use toml::Spanned;

/// A parsed manifest (`sections/quire.toml`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Title, author, date, language, version…
    pub document: Spanned<Meta>,
    /// Where the project is and what it uses.
    pub project: Project,
    /// Where outputs go.
    pub output: Output,
    /// The sections, in reading order.
    pub sections: Vec<SectionEntry>,
    /// Other shapes of the document, by name (`[profiles.committee]`).
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
    /// Section plugins loaded from shared libraries.
    #[serde(default)]
    pub plugins: Plugins,
}

/// Where section plugins built as shared libraries come from.
///
/// ```toml
/// [plugins]
/// dirs = ["plugins"]        # the default: the `plugins` folder next to the manifest, if any
/// override = ["strand"]     # built-ins that a loaded plugin may replace
/// ```
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plugins {
    /// Folders whose plugin libraries (`*.so`, `*.dylib`, `*.dll`) are
    /// loaded, relative to the manifest's folder. When absent, the
    /// `plugins` folder next to the manifest is used if it exists.
    #[serde(default)]
    pub dirs: Option<Vec<Spanned<String>>>,
    /// Names of built-in plugins that a loaded plugin of the same name
    /// deliberately replaces. Without this, such a clash is an error.
    #[serde(default, rename = "override")]
    pub overrides: Vec<Spanned<String>>,
}

/// A profile: the same document under another output name, optionally in
/// another house style, with sections placed before the document's own
/// (a committee report in front of the strategy it presents).
///
/// ```toml
/// [profiles.committee]
/// output = "hate-crime-strategy-committee"
/// style = "../styles/committee.toml"
/// front = [ { id = "committee-report", plugin = "committee", data = "data/committee.toml" } ]
/// ```
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Output file name without extension; replaces `output.name`.
    pub output: Spanned<String>,
    /// A house-style file replacing `project.style`.
    #[serde(default)]
    pub style: Option<Spanned<String>>,
    /// Sections placed before the document's own, in order.
    #[serde(default)]
    pub front: Vec<SectionEntry>,
}

/// Project settings. Paths are relative to the manifest's folder.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    /// The project folder: every path the build reads must stay inside it.
    #[serde(default = "dot")]
    pub root: Spanned<String>,
    /// The house-style file.
    pub style: Spanned<String>,
    /// Data every section sees as `shared`.
    #[serde(default)]
    pub shared: Option<Spanned<String>>,
}

fn dot() -> Spanned<String> {
    Spanned::new(0..0, ".".into())
}

/// Output settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Output {
    /// File name without extension (`hate-crime-strategy`).
    pub name: Spanned<String>,
    /// Output folder, relative to the manifest's folder.
    #[serde(default = "out")]
    pub dir: Spanned<String>,
    /// Make the PDF PDF/A-2b (archival) as well as PDF/UA-1 (accessible,
    /// always).
    #[serde(default)]
    pub pdf_a: bool,
}

fn out() -> Spanned<String> {
    Spanned::new(0..0, "out".into())
}

/// One section of the document.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionEntry {
    /// A unique id: lowercase letters, digits and `-`. The section's top
    /// heading is labelled `sec-<id>`.
    pub id: Spanned<String>,
    /// The plugin that builds it.
    pub plugin: Spanned<String>,
    /// The section's data file.
    #[serde(default)]
    pub data: Option<Spanned<String>>,
    /// Prose templates by slot name.
    #[serde(default)]
    pub prose: BTreeMap<String, Spanned<String>>,
    /// Put the whole section in the appendices.
    #[serde(default)]
    pub appendix: bool,
}

/// Whether a section id is well formed.
pub fn valid_id(id: &str) -> bool {
    id.chars().next().is_some_and(|c| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}
