//! The document manifest: metadata, project settings, outputs, the
//! sections in order, each with its plugin, data file and prose templates,
//! and the profiles: other shapes of the same document (a committee paper).

use std::collections::BTreeMap;

use quire_model::AccessibilityRule;
use quire_model::Meta;
use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::Diagnostics;
use crate::source::SourceFile;

/// Parses a manifest's text. A manifest that does not read gives every
/// shape error in it at once (a wrong type, a missing or unknown field),
/// each at its line and in plain words ([`crate::shape`]); a TOML syntax
/// error is one diagnostic. Paths, the style and the settings' meaning are
/// checked when the project is loaded ([`crate::pipeline::load_project`]).
pub fn parse(file: &SourceFile) -> Result<Manifest, Diagnostics> {
    toml::from_str(&file.text).map_err(|e| Diagnostics(crate::shape::errors(file, &schema(), &e)))
}

/// The manifest's JSON Schema, each field described by its doc comment: what
/// a manifest that does not read is checked against.
pub fn schema() -> serde_json::Value {
    schemars::schema_for!(Manifest).to_value()
}

/// A parsed manifest (`sections/quire.toml`).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Title, author, date, language, version…
    #[schemars(with = "DocumentFields")]
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
    /// How strictly the accessibility rules apply.
    #[serde(default)]
    pub accessibility: Accessibility,
    /// How strictly every build and check of the project goes.
    #[serde(default)]
    pub build: BuildSettings,
}

/// How strictly every build and check of the project goes, as the command
/// line's `--deny` would say it: for a project whose CI must stay clean.
///
/// ```toml
/// [build]
/// deny = ["warnings"]   # every warning is an error, as `--deny warnings`
/// ```
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BuildSettings {
    /// What is an error rather than reported: `warnings`.
    #[serde(default)]
    #[schemars(with = "Vec<Denied>")]
    pub deny: Vec<Spanned<Denied>>,
}

impl BuildSettings {
    /// Whether every warning is an error.
    pub fn denies_warnings(&self) -> bool {
        self.deny.iter().any(|d| *d.get_ref() == Denied::Warnings)
    }
}

/// What `[build] deny` can make an error.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Denied {
    /// Every warning.
    Warnings,
}

/// How strictly each accessibility rule of the resolve pass applies: an
/// `error` (the default) stops the build, a `warning` is reported and the
/// build goes on. Rules that PDF/UA-1 itself requires (`figure_alt`,
/// `heading_levels`) can only be warnings when `[output] pdf_ua = false`.
///
/// ```toml
/// [accessibility]
/// link_text = "warning"
/// ```
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Accessibility {
    /// Every figure has alternative text.
    #[serde(default)]
    #[schemars(with = "Option<RuleLevel>")]
    pub figure_alt: Option<Spanned<RuleLevel>>,
    /// Heading levels are not skipped.
    #[serde(default)]
    #[schemars(with = "Option<RuleLevel>")]
    pub heading_levels: Option<Spanned<RuleLevel>>,
    /// Link text says where the link goes.
    #[serde(default)]
    #[schemars(with = "Option<RuleLevel>")]
    pub link_text: Option<Spanned<RuleLevel>>,
}

impl Accessibility {
    /// The setting for a rule, with where it was written (if it was).
    pub fn setting(&self, rule: AccessibilityRule) -> Option<&Spanned<RuleLevel>> {
        match rule {
            AccessibilityRule::FigureAlt => self.figure_alt.as_ref(),
            AccessibilityRule::HeadingLevels => self.heading_levels.as_ref(),
            AccessibilityRule::LinkText => self.link_text.as_ref(),
        }
    }

    /// How a rule applies.
    pub fn level(&self, rule: AccessibilityRule) -> RuleLevel {
        self.setting(rule).map(|s| *s.get_ref()).unwrap_or_default()
    }
}

/// How a broken accessibility rule is treated.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    /// The build stops.
    #[default]
    Error,
    /// The problem is reported and the build goes on.
    Warning,
}

/// Where section plugins built as shared libraries come from.
///
/// ```toml
/// [plugins]
/// dirs = ["plugins"]        # the default: the `plugins` folder next to the manifest, if any
/// override = ["strand"]     # built-ins that a loaded plugin may replace
/// timeout = 60              # seconds a plugin may take over a call (the default)
/// isolation = "process"     # each loaded plugin in a process of its own (the default), or "none"
/// memory = 2048             # MiB of memory a plugin's process may use (the default)
/// sandbox = "on"            # confine each plugin's process (the default), or "off"
/// ```
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Plugins {
    /// Folders whose plugin libraries (`*.so`, `*.dylib`, `*.dll`) are
    /// loaded, relative to the manifest's folder. When absent, the
    /// `plugins` folder next to the manifest is used if it exists.
    #[serde(default)]
    #[schemars(with = "Option<Vec<String>>")]
    pub dirs: Option<Vec<Spanned<String>>>,
    /// Names of built-in plugins that a loaded plugin of the same name
    /// deliberately replaces. Without this, such a clash is an error.
    #[serde(default, rename = "override")]
    #[schemars(with = "Vec<String>")]
    pub overrides: Vec<Spanned<String>>,
    /// How many seconds one plugin call (describing itself, building a
    /// section) may take before the build reports it and stops waiting.
    #[serde(default)]
    #[schemars(with = "Option<f64>")]
    pub timeout: Option<Spanned<f64>>,
    /// Where loaded plugins run.
    #[serde(default)]
    pub isolation: Isolation,
    /// How much memory, in MiB, a loaded plugin's process may use (its
    /// address space) before its allocations fail: 2048 (2 GiB) unless set.
    /// Only with `isolation = "process"`.
    #[serde(default)]
    #[schemars(with = "Option<u64>")]
    pub memory: Option<Spanned<u64>>,
    /// Whether each loaded plugin's process is confined: it may read only
    /// the project folder, write nothing, use no network and signal no
    /// process outside its own (`"on"`, the default, on Linux). `"off"`
    /// runs plugins with the rights of the person running Quire. Only
    /// with `isolation = "process"`.
    #[serde(default)]
    #[schemars(with = "Option<Sandbox>")]
    pub sandbox: Option<Spanned<Sandbox>>,
}

/// Whether loaded plugins' processes are confined (`[plugins] sandbox`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Sandbox {
    /// Confined: reading only the project folder, writing nothing, no
    /// network, no signals outside the plugin's own process, no new
    /// processes.
    #[default]
    On,
    /// Not confined: the plugin runs with the rights of the person running
    /// Quire (its memory is still limited, and its process still stopped
    /// with every process it started).
    Off,
}

/// Where loaded (third-party) plugins run; built-ins always run in the
/// engine's process.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Isolation {
    /// Each library in a process of its own: a crash, abort, exit or hang
    /// is that plugin's error, and a hang is stopped.
    #[default]
    Process,
    /// In the engine's process: a little faster, but a plugin that crashes
    /// takes the build down with it.
    None,
}

/// The longest time limit a manifest may set: a day.
pub const MAX_TIMEOUT_SECONDS: f64 = 86_400.0;

impl Plugins {
    /// The time limit for one plugin call: the manifest's `timeout`, or
    /// [`crate::watchdog::DEFAULT_LIMIT`]. A setting out of range (checked
    /// when the project is loaded) gives the default.
    pub fn limit(&self) -> std::time::Duration {
        self.timeout
            .as_ref()
            .map(|t| *t.get_ref())
            .filter(|s| valid_timeout(*s))
            .map_or(
                crate::watchdog::DEFAULT_LIMIT,
                std::time::Duration::from_secs_f64,
            )
    }
}

/// Whether a `timeout` in seconds can be used: above zero, at most a day.
pub fn valid_timeout(seconds: f64) -> bool {
    seconds > 0.0 && seconds <= MAX_TIMEOUT_SECONDS
}

/// The memory a loaded plugin's process may use when the manifest sets no
/// `[plugins] memory`, in MiB: 2 GiB.
pub const DEFAULT_MEMORY_MIB: u64 = crate::isolated::DEFAULT_MEMORY >> 20;

/// The least `[plugins] memory` a manifest may set, in MiB: below this
/// the plugin host itself (Quire's binary, mapped whole) may not start.
pub const MIN_MEMORY_MIB: u64 = 256;

/// The most `[plugins] memory` a manifest may set, in MiB: 1 TiB.
pub const MAX_MEMORY_MIB: u64 = 1 << 20;

/// Whether a `memory` in MiB can be used.
pub fn valid_memory(mib: u64) -> bool {
    (MIN_MEMORY_MIB..=MAX_MEMORY_MIB).contains(&mib)
}

impl Plugins {
    /// The memory a loaded plugin's process may use, in bytes: the
    /// manifest's `memory`, or [`DEFAULT_MEMORY_MIB`]. A setting out of
    /// range (checked when the project is loaded) gives the default.
    pub fn memory_bytes(&self) -> u64 {
        let mib = self
            .memory
            .as_ref()
            .map(|m| *m.get_ref())
            .filter(|m| valid_memory(*m))
            .unwrap_or(DEFAULT_MEMORY_MIB);
        mib << 20
    }

    /// Whether loaded plugins' processes are confined (`sandbox`, "on"
    /// unless the manifest says "off").
    pub fn sandbox(&self) -> Sandbox {
        self.sandbox
            .as_ref()
            .map(|s| *s.get_ref())
            .unwrap_or_default()
    }
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
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Profile {
    /// Output file name without extension; replaces `output.name`.
    #[schemars(with = "String", extend("examples" = ["report-committee"]))]
    pub output: Spanned<String>,
    /// A house-style file replacing `project.style`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub style: Option<Spanned<String>>,
    /// Sections placed before the document's own, in order.
    #[serde(default)]
    pub front: Vec<SectionEntry>,
}

/// Project settings. Paths are relative to the manifest's folder.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Project {
    /// The project folder: every path the build reads must stay inside it.
    #[serde(default = "dot")]
    #[schemars(with = "String")]
    pub root: Spanned<String>,
    /// The house-style file.
    #[schemars(with = "String", extend("examples" = ["../styles/house.toml"]))]
    pub style: Spanned<String>,
    /// Data every section sees as `shared`.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub shared: Option<Spanned<String>>,
}

fn dot() -> Spanned<String> {
    Spanned::new(0..0, ".".into())
}

/// Output settings.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Output {
    /// File name without extension (`hate-crime-strategy`).
    #[schemars(with = "String", extend("examples" = ["report"]))]
    pub name: Spanned<String>,
    /// Output folder, relative to the manifest's folder.
    #[serde(default = "out")]
    #[schemars(with = "String")]
    pub dir: Spanned<String>,
    /// Make the PDF PDF/A-2b (archival) as well as PDF/UA-1 (accessible).
    #[serde(default)]
    pub pdf_a: bool,
    /// Make the PDF PDF/UA-1 (the default). Turning it off is for a
    /// council that knowingly publishes a document breaking a rule PDF/UA-1
    /// requires; the PDF stays tagged.
    #[serde(default = "yes")]
    pub pdf_ua: bool,
}

fn yes() -> bool {
    true
}

fn out() -> Spanned<String> {
    Spanned::new(0..0, "out".into())
}

/// One section of the document.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SectionEntry {
    /// A unique id: lowercase letters, digits and `-`. The section's top
    /// heading is labelled `sec-<id>`.
    #[schemars(with = "String", extend("examples" = ["introduction"]))]
    pub id: Spanned<String>,
    /// The plugin that builds it.
    #[schemars(with = "String", extend("examples" = ["prose"]))]
    pub plugin: Spanned<String>,
    /// The section's data file.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub data: Option<Spanned<String>>,
    /// Prose templates by slot name.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, String>")]
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

/// The `[document]` table as the manifest's schema describes it: the
/// fields of [`Meta`] (whose crate has no schema), each with what it is for.
/// A unit test keeps the two alike.
#[allow(dead_code)]
#[derive(JsonSchema)]
#[schemars(deny_unknown_fields)]
struct DocumentFields {
    /// The document title.
    #[schemars(extend("examples" = ["Hate Crime Strategy"]))]
    title: String,
    /// An optional subtitle shown under the title.
    subtitle: Option<String>,
    /// The author, usually the body that publishes the document.
    #[schemars(extend("examples" = ["Your organisation"]))]
    author: String,
    /// The organisation or partnership the document belongs to, if different.
    organisation: Option<String>,
    /// Publication date, ISO 8601 (`YYYY-MM-DD`).
    #[schemars(extend("examples" = ["2026-06-30"]))]
    date: String,
    /// BCP 47 language tag, for example `en-GB`.
    #[schemars(extend("examples" = ["en-GB"]))]
    language: String,
    /// Version label, for example `1.0` or `Draft 3`.
    #[schemars(extend("examples" = ["1.0"]))]
    version: String,
    /// A one-line description (PDF subject, Word subject).
    subject: Option<String>,
    /// Keywords for the document properties.
    #[serde(default)]
    keywords: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(text: &str) -> SourceFile {
        SourceFile {
            shown: "quire.toml".into(),
            text: text.into(),
        }
    }

    const GOOD: &str = r#"[document]
title = "Report"
author = "Council"
date = "2026-06-30"
language = "en-GB"
version = "1.0"

[project]
style = "../styles/house.toml"

[output]
name = "report"

[[sections]]
id = "intro"
plugin = "prose"
"#;

    /// The messages and lines of a manifest's errors.
    fn errors(text: &str) -> Vec<(String, usize)> {
        let Err(errors) = parse(&file(text)) else {
            panic!("the manifest must be refused");
        };
        errors
            .0
            .into_iter()
            .map(|d| (d.message, d.location.map_or(0, |l| l.line)))
            .collect()
    }

    #[test]
    fn a_good_manifest_parses() {
        let manifest = parse(&file(GOOD)).unwrap();
        assert_eq!(manifest.sections[0].id.get_ref(), "intro");
    }

    #[test]
    fn every_shape_error_is_reported_at_its_line() {
        let text = GOOD
            .replace("version = \"1.0\"", "version = 1")
            .replace("style = ", "stile = ")
            .replace("name = \"report\"", "")
            .replace("plugin = \"prose\"", "plugin = \"prose\"\nappendix = 1");
        let errors = errors(&text);
        assert_eq!(
            errors,
            [
                (
                    "field `document.version`: should be text, not the whole number 1".into(),
                    6
                ),
                (
                    "field `project.stile`: unknown field `stile`; the fields here are `root`, `shared` and `style`".into(),
                    9
                ),
                (
                    "field `output.name`: missing field `name` (text): File name without extension (`hate-crime-strategy`); add it, for example: `name = \"report\"`".into(),
                    11
                ),
                (
                    "field `sections[0].appendix`: should be true or false, not the whole number 1".into(),
                    17
                ),
            ]
        );
    }

    #[test]
    fn plugin_processes_get_2_gib_and_are_confined_unless_the_manifest_says_otherwise() {
        let plugins = parse(&file(GOOD)).unwrap().plugins;
        assert_eq!(plugins.memory_bytes(), 2 << 30);
        assert_eq!(plugins.sandbox(), Sandbox::On);
        let set = format!("{GOOD}\n[plugins]\nmemory = 512\nsandbox = \"off\"\n");
        let plugins = parse(&file(&set)).unwrap().plugins;
        assert_eq!(plugins.memory_bytes(), 512 << 20);
        assert_eq!(plugins.sandbox(), Sandbox::Off);
        // Out of range (reported when the project is loaded): the default.
        let small = format!("{GOOD}\n[plugins]\nmemory = 10\n");
        assert_eq!(
            parse(&file(&small)).unwrap().plugins.memory_bytes(),
            2 << 30
        );
        assert!(valid_memory(MIN_MEMORY_MIB) && valid_memory(MAX_MEMORY_MIB));
        assert!(!valid_memory(MIN_MEMORY_MIB - 1) && !valid_memory(MAX_MEMORY_MIB + 1));
    }

    #[test]
    fn a_syntax_error_is_one_error() {
        let errors = errors(&GOOD.replace("title = \"Report\"", "title = = 1\nauthor = 2"));
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert!(
            errors[0].0.starts_with("this TOML is not valid"),
            "{errors:?}"
        );
        assert_eq!(errors[0].1, 2);
    }

    #[test]
    fn what_only_serde_refuses_is_reported_as_serde_says_it() {
        // A TOML date reads as text in the schema, not in the manifest.
        let errors = errors(&GOOD.replace("\"2026-06-30\"", "2026-06-30"));
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].1, 4, "{errors:?}");
        assert!(
            errors[0].0.starts_with("field `date`: should be text"),
            "{errors:?}"
        );
    }

    #[test]
    fn the_document_table_s_schema_has_meta_s_fields() {
        let schema = schema();
        let fields = schema
            .pointer("/$defs/DocumentFields/properties")
            .and_then(|p| p.as_object())
            .expect("the [document] table is described");
        let mut described: Vec<&str> = fields.keys().map(String::as_str).collect();
        described.sort();
        let full = Meta {
            subtitle: Some(String::new()),
            organisation: Some(String::new()),
            subject: Some(String::new()),
            keywords: vec![String::new()],
            ..Meta::default()
        };
        let full = serde_json::to_value(full).unwrap();
        let mut read: Vec<&str> = full
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        read.sort();
        assert_eq!(described, read);
    }
}
