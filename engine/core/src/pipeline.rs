//! The build pipeline up to the resolved document model: manifest, style,
//! shared data, then every section (data, prose, plugin), then the resolve
//! pass. Independent problems are all collected and reported together.
//!
//! A profile (`[profiles.<name>]` in the manifest) builds the same document
//! under another output name, optionally in another style, with its `front`
//! sections placed before the document's own.

use std::ops::Range;
use std::path::{Path, PathBuf};

use quire_model::resolve::{Part, Position};
use quire_model::{
    AccessibilityRule, Block, Document, FigureContent, Origin, ResolveError, ResolveOptions,
    ResolvedDocument, Size, resolve, walk, xml_chars,
};
use quire_plugin::{PluginError, SectionContext, SectionRequest, format};
use quire_style::{Style, StyleError};
use serde_json::{Value as Json, json};
use toml::Spanned;

use crate::budget;
use crate::charts;
use crate::data::{self, DataFile};
use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::dropped_chars;
use crate::images;
use crate::manifest::{Manifest, Profile, RuleLevel, SectionEntry, valid_id};
use crate::origins::{self, SectionFiles};
use crate::prose::ProseRenderer;
use crate::registry::Registry;
use crate::source::{SourceFile, normalize, shown_path};
use crate::watchdog::{self, Unanswered};
use quire_files::image::{ImageFormat, Images};
use quire_files::{FileError, ProjectRoot};

/// A project whose manifest and style have been read.
#[derive(Debug, Clone)]
pub struct Project {
    /// The manifest.
    pub manifest: Manifest,
    /// The manifest's text.
    pub manifest_file: SourceFile,
    /// The folder the manifest is in; relative paths start here.
    pub manifest_dir: PathBuf,
    /// The project folder; nothing outside it is read.
    pub root: ProjectRoot,
    /// The house style.
    pub style: Style,
    /// The style file (canonical path).
    pub style_path: PathBuf,
    /// Where outputs go.
    pub out_dir: PathBuf,
    /// Output file name without extension.
    pub name: String,
    /// The profile being built (`committee`), if any.
    pub profile: Option<String>,
}

impl Project {
    /// The output path for an extension (`pdf`, `docx`) in the manifest's output folder.
    pub fn output(&self, extension: &str) -> PathBuf {
        self.out_dir.join(self.file_name(extension))
    }

    /// The output file name for an extension (`hate-crime-strategy.pdf`).
    pub fn file_name(&self, extension: &str) -> String {
        format!("{}.{extension}", self.name)
    }

    /// The document's date as readers see it (`30 June 2004`).
    pub fn display_date(&self) -> String {
        let iso = &self.manifest.document.get_ref().date;
        format::british_date(iso).unwrap_or_else(|_| iso.clone())
    }

    /// The folder the style file is in.
    pub fn style_dir(&self) -> &Path {
        self.style_path.parent().unwrap_or(self.root.path())
    }

    /// The profile being built, if any.
    pub fn profile(&self) -> Option<&Profile> {
        self.profile
            .as_ref()
            .and_then(|name| self.manifest.profiles.get(name))
    }

    /// Every section built, in order: the profile's front sections, then
    /// the manifest's own.
    pub fn sections(&self) -> Vec<&SectionEntry> {
        let front = self.profile().map_or(&[][..], |p| p.front.as_slice());
        front.iter().chain(&self.manifest.sections).collect()
    }

    /// Resolves a path written in the manifest to its real path, through
    /// any links. It must lead inside the project folder; `must_exist` also
    /// requires a regular file to be there (an output folder need not exist
    /// yet).
    fn path(
        &self,
        written: &Spanned<String>,
        what: &str,
        must_exist: bool,
    ) -> Result<PathBuf, Diagnostic> {
        let at = |d: Diagnostic| d.at(&self.manifest_file, written.span());
        let joined = self.manifest_dir.join(written.get_ref());
        let resolved = if must_exist {
            self.root.resolve(&joined)
        } else {
            self.root.resolve_for_writing(&joined)
        };
        resolved.map_err(|error| at(self.path_error(written.get_ref(), what, &joined, &error)))
    }

    /// Why the file a path names cannot be used, in the author's words.
    fn path_error(
        &self,
        written: &str,
        what: &str,
        joined: &Path,
        error: &FileError,
    ) -> Diagnostic {
        match error {
            FileError::Outside { real } => Diagnostic::error(format!(
                "the {what} `{written}` is outside the project folder `{}`",
                self.root.path().display()
            ))
            .with_hint(format!(
                "it leads to `{}`; every file a document uses must be inside its project folder (`project.root`): copy it in",
                real.display()
            )),
            FileError::Missing => Diagnostic::error(format!(
                "the {what} `{written}` does not exist"
            ))
            .with_hint(format!("looked for {}", shown_path(joined).display())),
            other => Diagnostic::error(format!(
                "cannot read the {what} `{}`: {other}",
                shown_path(joined).display()
            )),
        }
    }

    /// Reads a text file named in the manifest (data, prose, style).
    /// Reads and parses the data file the manifest names at `written`; a
    /// problem is added to `errors`.
    fn read_data(
        &self,
        written: &Spanned<String>,
        what: &str,
        errors: &mut Vec<Diagnostic>,
    ) -> Option<DataFile> {
        match self.read_source(written, what).and_then(data::parse) {
            Ok(file) => Some(file),
            Err(d) => {
                errors.push(d);
                None
            }
        }
    }

    fn read_source(&self, written: &Spanned<String>, what: &str) -> Result<SourceFile, Diagnostic> {
        let path = self.path(written, what, true)?;
        SourceFile::read_in(&self.root, &path).map_err(|error| {
            self.path_error(written.get_ref(), what, &path, &error)
                .at(&self.manifest_file, written.span())
        })
    }
}

/// A document assembled and resolved, ready for the renderers.
#[derive(Debug, Clone)]
pub struct Assembled {
    /// The resolved model.
    pub document: ResolvedDocument,
    /// The project it came from.
    pub project: Project,
    /// The figures' images, read and checked, by the path the model gives.
    pub images: Images,
    /// Things the author should know that did not stop the build.
    pub warnings: Vec<Diagnostic>,
    /// The accessibility rule broken by each problem the manifest accepts
    /// as a warning (`[accessibility]`); each is among the warnings too.
    pub accepted: Vec<AccessibilityRule>,
}

/// Reads the manifest and the style.
pub fn load_project(manifest_path: &Path) -> Result<Project, Diagnostics> {
    load_project_profile(manifest_path, None)
}

/// Reads the manifest and the style for a profile (`None`: the document as
/// the manifest describes it). The profile's output name and style replace
/// the manifest's; an unknown profile is an error listing the known ones.
pub fn load_project_profile(
    manifest_path: &Path,
    profile: Option<&str>,
) -> Result<Project, Diagnostics> {
    let manifest_file = SourceFile::read(manifest_path).map_err(|e| {
        Diagnostic::error(format!("cannot read the manifest `{}`: {e}", manifest_path.display()))
            .with_hint("run `quire build` in the project folder, or name the manifest: `quire build path/to/quire.toml`")
    })?;
    let manifest = crate::manifest::parse(&manifest_file)?;
    let manifest_dir = manifest_path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let manifest_dir = manifest_dir
        .canonicalize()
        .map_err(|e| Diagnostic::error(format!("{}: {e}", manifest_dir.display())))?;

    let root_written = &manifest.project.root;
    let root =
        ProjectRoot::new(&normalize(&manifest_dir.join(root_written.get_ref()))).map_err(|e| {
            Diagnostic::error(format!(
                "the project folder `{}` cannot be used: {e}",
                root_written.get_ref()
            ))
            .at(&manifest_file, root_written.span())
        })?;
    if !manifest_dir.starts_with(root.path()) {
        return Err(
            Diagnostic::error("the manifest must be inside the project folder it names")
                .at(&manifest_file, root_written.span())
                .into(),
        );
    }
    if let Some(why) = too_wide(root.path()) {
        return Err(Diagnostic::error(format!(
            "the project folder `{}` is {why}, which is too wide to be a project: a build reads anything inside its project folder",
            root_written.get_ref()
        ))
        .at(&manifest_file, root_written.span())
        .with_hint("keep the manifest, data, prose, style and images in one folder of their own and name it (`root = \".\"` is the manifest's folder)")
        .into());
    }

    let chosen = match profile {
        Some(name) => Some(find_profile(&manifest, &manifest_file, name)?),
        None => None,
    };

    let mut errors = Vec::new();
    let meta = manifest.document.get_ref();
    if let Err(e) = format::british_date(&meta.date) {
        let span = data::span_of_path(&manifest_file.text, "document.date")
            .unwrap_or(manifest.document.span());
        errors.push(
            Diagnostic::error(format!("field `document.date`: {e}")).at(&manifest_file, span),
        );
    }
    if meta.language.is_empty()
        || !meta
            .language
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        let span = data::span_of_path(&manifest_file.text, "document.language")
            .unwrap_or(manifest.document.span());
        errors.push(
            Diagnostic::error(format!(
                "field `document.language`: `{}` is not a language tag",
                meta.language
            ))
            .at(&manifest_file, span)
            .with_hint("use a BCP 47 tag such as en-GB"),
        );
    }
    errors.extend(accessibility_settings_errors(&manifest, &manifest_file));
    if let Some(timeout) = &manifest.plugins.timeout
        && !crate::manifest::valid_timeout(*timeout.get_ref())
    {
        errors.push(
            Diagnostic::error(format!(
                "field `plugins.timeout`: {} is not a time limit Quire can use",
                timeout.get_ref()
            ))
            .at(&manifest_file, timeout.span())
            .with_hint(format!(
                "give the seconds one plugin call may take, above 0 and at most {}",
                crate::manifest::MAX_TIMEOUT_SECONDS
            )),
        );
    }
    let (name_written, name_field) = match profile.zip(chosen) {
        Some((p, chosen)) => (&chosen.output, format!("profiles.{p}.output")),
        None => (&manifest.output.name, "output.name".to_string()),
    };
    let name = name_written.get_ref().clone();
    if name.is_empty() || name.contains(['/', '\\']) || name.starts_with('.') {
        errors.push(
            Diagnostic::error(format!("field `{name_field}`: `{name}` is not a file name"))
                .at(&manifest_file, name_written.span()),
        );
    }
    let style_written = chosen
        .and_then(|p| p.style.as_ref())
        .unwrap_or(&manifest.project.style);

    let mut project = Project {
        manifest: manifest.clone(),
        manifest_file: manifest_file.clone(),
        manifest_dir,
        root,
        style: placeholder_style(),
        style_path: PathBuf::new(),
        out_dir: PathBuf::new(),
        name,
        profile: profile.map(str::to_string),
    };
    match project.path(&manifest.output.dir, "output folder", false) {
        Ok(dir) => project.out_dir = dir,
        Err(d) => errors.push(d),
    }
    match project
        .path(style_written, "style file", true)
        .and_then(|path| {
            let file = project.read_source(style_written, "style file")?;
            let style = Style::from_toml(&file.text).map_err(|e| style_error(&file, &e))?;
            Ok((path, style))
        }) {
        Ok((path, style)) => {
            project.style_path = path;
            project.style = style;
        }
        Err(d) => errors.push(d),
    }
    if errors.is_empty() {
        Ok(project)
    } else {
        Err(Diagnostics(errors))
    }
}

/// Why a folder is too wide to be a project folder, if it is: a build
/// reads anything inside it, so the file system's root, a folder directly
/// under it (`/home`, `/tmp`) or a home folder (or one holding it) would
/// open the whole machine to a document's paths.
fn too_wide(root: &Path) -> Option<&'static str> {
    match root.components().count() {
        0 | 1 => return Some("the file system's root"),
        2 => return Some("a folder directly under the file system's root"),
        _ => {}
    }
    let home = std::env::var_os("HOME").and_then(|h| PathBuf::from(h).canonicalize().ok());
    home.filter(|home| home.starts_with(root))
        .map(|_| "a home folder, or a folder holding one")
}

/// Rules PDF/UA-1 itself requires can only be warnings when the PDF is not
/// PDF/UA-1: Typst would refuse the export anyway, with a message about the
/// PDF rather than the author's file.
fn accessibility_settings_errors(manifest: &Manifest, file: &SourceFile) -> Vec<Diagnostic> {
    if !manifest.output.pdf_ua {
        return Vec::new();
    }
    [AccessibilityRule::FigureAlt, AccessibilityRule::HeadingLevels]
        .into_iter()
        .filter_map(|rule| {
            let setting = manifest.accessibility.setting(rule)?;
            (*setting.get_ref() == RuleLevel::Warning).then(|| {
                Diagnostic::error(format!(
                    "field `accessibility.{}`: this rule cannot be a warning while the PDF is PDF/UA-1, which requires it",
                    rule.key()
                ))
                .at(file, setting.span())
                .with_hint(
                    "mend the document instead; or, knowing the PDF will not be accessible, set `pdf_ua = false` under `[output]`",
                )
            })
        })
        .collect()
}

/// The profile called `name`; an error listing the manifest's profiles if
/// there is none.
fn find_profile<'m>(
    manifest: &'m Manifest,
    manifest_file: &SourceFile,
    name: &str,
) -> Result<&'m Profile, Diagnostic> {
    if let Some(profile) = manifest.profiles.get(name) {
        return Ok(profile);
    }
    let known: Vec<&str> = manifest.profiles.keys().map(String::as_str).collect();
    if known.is_empty() {
        return Err(Diagnostic::error(format!(
            "there is no profile called `{name}`: the manifest has no profiles"
        ))
        .in_file(manifest_file)
        .with_hint("add one as a `[profiles.<name>]` table with `output` and `front`"));
    }
    let d = Diagnostic::error(format!(
        "there is no profile called `{name}`; the manifest's profiles are: {}",
        known.join(", ")
    ))
    .in_file(manifest_file);
    let close = known
        .iter()
        .filter(|k| quire_model::resolve::edit_distance(k, name) <= 2)
        .min_by_key(|k| quire_model::resolve::edit_distance(k, name));
    Err(match close {
        Some(c) => d.with_hint(format!("did you mean `{c}`?")),
        None => d.with_hint("profiles are the `[profiles.<name>]` tables in the manifest"),
    })
}

/// Only used while a project is half-read; never rendered.
fn placeholder_style() -> Style {
    Style::from_toml(include_str!("../../../styles/house.toml")).expect("the shipped style parses")
}

fn style_error(file: &SourceFile, error: &StyleError) -> Diagnostic {
    match error {
        StyleError::Toml(e) => data::toml_error(file, e),
        StyleError::Invalid { field, message } => {
            let d = Diagnostic::error(format!("field `{field}`: {message}"));
            match data::span_of_path(&file.text, field) {
                Some(span) => d.at(file, span),
                None => d.in_file(file),
            }
        }
    }
}

/// What one section was built from, for pointing errors at files.
struct SectionSources {
    /// Its files, by the names its content's origins use.
    files: SectionFiles,
    /// Where its files hold characters XML cannot, which are left out.
    dropped_chars: Vec<Diagnostic>,
}

/// Reads everything and builds the resolved document.
pub fn assemble(manifest_path: &Path, registry: &Registry) -> Result<Assembled, Diagnostics> {
    assemble_profile(manifest_path, registry, None)
}

/// Reads everything and builds the resolved document for a profile (`None`:
/// the document as the manifest describes it). `registry` holds the
/// built-in plugins; the project's plugin folders are loaded on top of it
/// (see [`crate::plugins`]). A profile's front sections
/// are built first, exactly like the manifest's own, then all of those;
/// its output name and style replace the manifest's.
pub fn assemble_profile(
    manifest_path: &Path,
    registry: &Registry,
    profile: Option<&str>,
) -> Result<Assembled, Diagnostics> {
    let project = load_project_profile(manifest_path, profile)?;
    let registry = &crate::plugins::registry_for(&project, registry).map_err(Diagnostics)?;
    let manifest = &project.manifest;
    let entries = project.sections();
    let mut errors = Vec::new();
    let mut warnings = Vec::new();

    let shared = manifest
        .project
        .shared
        .as_ref()
        .and_then(|written| project.read_data(written, "shared data file", &mut errors));
    let shared_value = shared.as_ref().map_or(Json::Null, |f| f.value.clone());

    // Characters XML cannot hold are reported where they were written; the
    // model is cleaned of them section by section, before charts are drawn.
    let document_file = &project.manifest_file;
    let meta_json = serde_json::to_value(manifest.document.get_ref()).unwrap_or_default();
    let mut reported = dropped_chars::in_value(document_file, &meta_json, "document");
    if let Some(shared) = &shared {
        reported.extend(dropped_chars::in_value(&shared.source, &shared.value, ""));
    }
    let reported_for_all = !reported.is_empty();
    warnings.extend(reported);

    // The document's own sections first, so that a profile's front section
    // reusing one of their ids is the one pointed at.
    let (front, own) = entries.split_at(entries.len() - manifest.sections.len());
    let checked = own.iter().map(|e| (e, false));
    let mut seen_ids: Vec<&str> = Vec::new();
    for (entry, is_front) in checked.chain(front.iter().map(|e| (e, true))) {
        let id = entry.id.get_ref().as_str();
        if !valid_id(id) {
            errors.push(
                Diagnostic::error(format!("the section id `{id}` is not valid"))
                    .at(&project.manifest_file, entry.id.span())
                    .with_hint("use lowercase letters, digits and `-`, starting with a letter"),
            );
        } else if seen_ids.contains(&id) {
            let d = Diagnostic::error(format!("two sections have the id `{id}`"))
                .at(&project.manifest_file, entry.id.span());
            errors.push(if is_front {
                d.with_hint(
                    "a profile's front sections share their ids with the document's sections",
                )
            } else {
                d
            });
        }
        seen_ids.push(id);
    }

    let mut meta = manifest.document.get_ref().clone();
    xml_chars::clean_meta(&mut meta);
    let mut prose = ProseRenderer::new();
    let mut document = Document::new(meta);
    let mut origins: Vec<(Part, Range<usize>, usize)> = Vec::new();
    let mut sources: Vec<SectionSources> = Vec::new();

    let front_count = entries.len() - manifest.sections.len();
    for (index, entry) in entries.iter().copied().enumerate() {
        let mut section_sources = SectionSources {
            files: SectionFiles::default(),
            dropped_chars: Vec::new(),
        };
        match build_section(
            &project,
            registry,
            entry,
            &shared_value,
            shared.as_ref(),
            &mut prose,
            &mut section_sources,
        ) {
            Ok(mut response) => {
                let dropped = xml_chars::clean_blocks(&mut response.blocks)
                    + xml_chars::clean_blocks(&mut response.appendices);
                if dropped > 0 && !reported_for_all && section_sources.dropped_chars.is_empty() {
                    warnings.push(
                        Diagnostic::warning(format!(
                            "section `{}`: the `{}` plugin gave {dropped} character(s) that XML 1.0 forbids; they are left out",
                            entry.id.get_ref(),
                            entry.plugin.get_ref()
                        ))
                        .at(&project.manifest_file, entry.plugin.span()),
                    );
                }
                // A file two sections read is reported once.
                for d in section_sources.dropped_chars.drain(..) {
                    if !warnings.contains(&d) {
                        warnings.push(d);
                    }
                }
                // Charts are drawn here, once, for every output.
                let completed =
                    charts::complete(response.blocks, &project.style).and_then(|blocks| {
                        let appendices = charts::complete(response.appendices, &project.style)?;
                        Ok((blocks, appendices))
                    });
                match completed {
                    Ok((blocks, appendices)) => {
                        response.blocks = blocks;
                        response.appendices = appendices;
                    }
                    Err(message) => {
                        errors.push(
                            Diagnostic::error(format!(
                                "section `{}`: {message}",
                                entry.id.get_ref()
                            ))
                            .at(&project.manifest_file, entry.plugin.span()),
                        );
                        sources.push(section_sources);
                        continue;
                    }
                }
                let shared_file = shared.as_ref().map(|f| &f.source);
                for w in response.warnings {
                    let d = Diagnostic::warning(format!(
                        "section `{}`: {}",
                        entry.id.get_ref(),
                        w.message
                    ));
                    let at = w
                        .path
                        .as_deref()
                        .and_then(|path| section_sources.files.locate_data(path, shared_file));
                    warnings.push(match at {
                        Some((file, span)) => d.at(file, span),
                        None => d.at(&project.manifest_file, entry.id.span()),
                    });
                }
                let (main, appendix) = if entry.appendix {
                    (Vec::new(), [response.blocks, response.appendices].concat())
                } else {
                    (response.blocks, response.appendices)
                };
                // A profile's front sections come before the title page.
                let (main_part, main_target) = if index < front_count {
                    (Part::Front, &mut document.front)
                } else {
                    (Part::Body, &mut document.body)
                };
                for (part, target, blocks) in [
                    (main_part, main_target, main),
                    (Part::Appendices, &mut document.appendices, appendix),
                ] {
                    let start = target.len();
                    target.extend(blocks);
                    origins.push((part, start..target.len(), index));
                }
            }
            Err(mut ds) => errors.append(&mut ds),
        }
        sources.push(section_sources);
    }
    if !errors.is_empty() {
        return Err(Diagnostics(errors));
    }
    // Before the resolve pass and the renderers: a document too big to
    // typeset within a build's memory is refused at its largest section.
    if let Err(overrun) = budget::check(&section_sizes(&document, &origins, entries.len())) {
        let entry = entries[overrun.section()];
        return Err(Diagnostic::error(
            overrun.message(|index| entries[index].id.get_ref().clone()),
        )
        .at(&project.manifest_file, entry.id.span())
        .with_hint(overrun.hint())
        .into());
    }

    // Images are read before the resolve pass, which leaves the document
    // as it is for the renderers; their problems are told after the
    // resolve pass's, with them.
    let shared_file = shared.as_ref().map(|f| &f.source);
    let mut image_errors = Vec::new();
    let images = load_images(
        &project,
        &entries,
        &origins,
        &sources,
        shared_file,
        &mut document,
        &mut image_errors,
    );
    let options = ResolveOptions {
        numbered_depth: project.style.headings.numbered_depth,
        vocabulary: project.style.vocabulary.clone(),
    };
    let mut accepted_rules = Vec::new();
    let (document, resolve_errors) = resolve(document, options);
    if !resolve_errors.is_empty() {
        let policy = &project.manifest.accessibility;
        let (accepted, refused): (Vec<_>, Vec<_>) = resolve_errors.iter().partition(|e| {
            e.accessibility_rule()
                .is_some_and(|rule| policy.level(rule) == RuleLevel::Warning)
        });
        let locate = |e: &ResolveError| {
            locate_resolve_error(&project, &entries, e, &origins, &sources, shared_file)
        };
        if !refused.is_empty() {
            let mut errors: Vec<Diagnostic> = refused
                .into_iter()
                .map(|e| with_accessibility_hint(locate(e), e))
                .collect();
            errors.append(&mut image_errors);
            return Err(Diagnostics(errors));
        }
        // Every problem left breaks a rule the manifest accepts as a warning;
        // the document is resolved all the same.
        accepted_rules.extend(accepted.iter().filter_map(|e| e.accessibility_rule()));
        warnings.extend(accepted.into_iter().map(|e| {
            let rule = e.accessibility_rule().map(|r| r.key()).unwrap_or_default();
            Diagnostic {
                severity: Severity::Warning,
                ..locate(e)
            }
            .with_hint(format!(
                "accepted as a warning by `{rule} = \"warning\"` under `[accessibility]` in the manifest"
            ))
        }));
    }
    if !image_errors.is_empty() {
        return Err(Diagnostics(image_errors));
    }
    Ok(Assembled {
        document,
        project,
        images,
        warnings,
        accepted: accepted_rules,
    })
}

/// The size of what each of `sections` sections produced, from the
/// `origins` of the document's top-level blocks.
fn section_sizes(
    document: &Document,
    origins: &[(Part, Range<usize>, usize)],
    sections: usize,
) -> Vec<Size> {
    let mut sizes = vec![Size::default(); sections];
    for (part, range, section) in origins {
        let blocks = match part {
            Part::Front => &document.front,
            Part::Body => &document.body,
            Part::Appendices => &document.appendices,
        };
        sizes[*section] += Size::of(&blocks[range.clone()]);
    }
    sizes
}

/// Builds one section; every problem found in it is returned.
fn build_section(
    project: &Project,
    registry: &Registry,
    entry: &SectionEntry,
    shared_value: &Json,
    shared: Option<&DataFile>,
    prose: &mut ProseRenderer,
    sources: &mut SectionSources,
) -> Result<quire_plugin::SectionResponse, Vec<Diagnostic>> {
    let manifest_file = &project.manifest_file;
    let id = entry.id.get_ref();
    let mut errors = Vec::new();

    let plugin_name = entry.plugin.get_ref();
    let plugin = registry.get(plugin_name);
    if plugin.is_none() {
        let known = registry.names();
        let close = known
            .iter()
            .filter(|k| quire_model::resolve::edit_distance(k, plugin_name) <= 2)
            .min_by_key(|k| quire_model::resolve::edit_distance(k, plugin_name));
        let mut d = Diagnostic::error(format!(
            "section `{id}`: there is no plugin called `{plugin_name}`"
        ))
        .at(manifest_file, entry.plugin.span());
        d = match close {
            Some(c) => d.with_hint(format!(
                "did you mean `{c}`? The plugins are: {}",
                known.join(", ")
            )),
            None => d.with_hint(format!("the plugins are: {}", known.join(", "))),
        };
        errors.push(d);
    }
    let info = plugin.map(|p| p.info());

    let data = match &entry.data {
        Some(written) => project.read_data(written, "data file", &mut errors),
        None => {
            if info.as_ref().is_some_and(|i| i.needs_data) {
                errors.push(
                    Diagnostic::error(format!(
                        "section `{id}`: the `{plugin_name}` plugin needs a data file"
                    ))
                    .at(manifest_file, entry.id.span())
                    .with_hint("add `data = \"data/<file>.toml\"` to the section"),
                );
            }
            None
        }
    };
    sources.files.data = data.as_ref().map(|d| d.source.clone());
    if let Some(data) = &data {
        sources
            .dropped_chars
            .extend(dropped_chars::in_value(&data.source, &data.value, ""));
    }
    let data_value = data.as_ref().map_or(Json::Null, |d| d.value.clone());

    let label = format!("sec-{id}");
    let context = json!({
        "meta": project.manifest.document.get_ref(),
        "data": data_value,
        "shared": shared_value,
        "section": { "id": id, "label": label },
    });
    let mut prose_blocks = std::collections::BTreeMap::new();
    for (slot, written) in &entry.prose {
        if let Some(info) = &info
            && !info.prose_slots.contains_key(slot)
        {
            let slots: Vec<&str> = info.prose_slots.keys().map(String::as_str).collect();
            errors.push(
                Diagnostic::error(format!(
                    "section `{id}`: the `{plugin_name}` plugin has no prose slot `{slot}`"
                ))
                .at(manifest_file, written.span())
                .with_hint(format!("its slots are: {}", slots.join(", "))),
            );
            continue;
        }
        let file = match project.read_source(written, "prose template") {
            Ok(file) => file,
            Err(d) => {
                errors.push(d);
                continue;
            }
        };
        sources.dropped_chars.extend(dropped_chars::in_text(&file));
        // `body` is the whole section; other slots sit under its heading.
        let offset = if slot == "body" { 0 } else { 1 };
        match prose.render(&file, written.get_ref(), &context, offset) {
            Ok(blocks) => {
                prose_blocks.insert(slot.clone(), blocks);
            }
            Err(d) => errors.push(d),
        }
        sources.files.prose.push((written.get_ref().clone(), file));
    }

    let Some(plugin) = plugin else {
        return Err(errors);
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut request = SectionRequest::new(
        SectionContext {
            id: id.clone(),
            label,
        },
        project.manifest.document.get_ref().clone(),
    );
    request.data = data_value;
    request.prose = prose_blocks;
    request.shared = shared_value.clone();
    let called = if let Some(isolated) = registry.isolated(plugin_name) {
        // A plugin in a process of its own keeps its own time, and is
        // stopped when it runs over.
        isolated.call(&request)
    } else {
        let plugin = std::sync::Arc::clone(plugin);
        let limit = project.manifest.plugins.limit();
        watchdog::call(plugin_name, &format!("section `{id}`"), limit, move || {
            plugin.build(&request)
        })
    };
    let response = match called {
        Ok(answer) => answer.map_err(|errors| {
            errors
                .iter()
                .map(|e| plugin_error(project, entry, e, data.as_ref(), shared))
                .collect::<Vec<_>>()
        })?,
        Err(unanswered) => return Err(vec![unanswered_error(project, entry, &unanswered)]),
    };
    if response.model_version != quire_model::MODEL_VERSION {
        return Err(vec![Diagnostic::error(format!(
            "section `{id}`: the `{plugin_name}` plugin returned model version {}, but this engine reads version {}",
            response.model_version,
            quire_model::MODEL_VERSION
        ))
        .at(manifest_file, entry.plugin.span())]);
    }
    Ok(response)
}

/// Points a plugin's error at the file and field it concerns.
fn plugin_error(
    project: &Project,
    entry: &SectionEntry,
    error: &PluginError,
    data: Option<&DataFile>,
    shared: Option<&DataFile>,
) -> Diagnostic {
    let id = entry.id.get_ref();
    match error {
        PluginError::Data { path, .. } => {
            let (file, field) = match path.strip_prefix("shared.") {
                Some(rest) => (shared, rest),
                None => (data, path.as_str()),
            };
            let d = Diagnostic::error(format!("section `{id}`: {error}"));
            match file {
                Some(file) => {
                    let unknown = error.to_string().contains("unknown field");
                    let span = if unknown {
                        data::key_span_of_path(&file.source.text, field)
                    } else {
                        None
                    }
                    .or_else(|| data::span_of_path(&file.source.text, field));
                    let d = match span {
                        Some(span) => d.at(&file.source, span),
                        None => d.in_file(&file.source),
                    };
                    match crate::diagnostic::did_you_mean(&error.to_string()) {
                        Some(hint) => d.with_hint(hint),
                        None => d,
                    }
                }
                None => d.at(&project.manifest_file, entry.id.span()),
            }
        }
        PluginError::Prose { slot, .. } => {
            let d = Diagnostic::error(format!("section `{id}`: {error}"));
            match entry.prose.get(slot) {
                Some(written) => d.at(&project.manifest_file, written.span()),
                None => d
                    .at(&project.manifest_file, entry.id.span())
                    .with_hint(format!(
                        "add `prose = {{ {slot} = \"prose/<file>.md\" }}` to the section"
                    )),
            }
        }
        PluginError::Failed(_) => Diagnostic::error(format!(
            "section `{id}`: the `{}` plugin failed: {error}",
            entry.plugin.get_ref()
        ))
        .at(&project.manifest_file, entry.plugin.span()),
    }
}

/// A plugin call that gave no answer, at the section's `plugin` line.
fn unanswered_error(
    project: &Project,
    entry: &SectionEntry,
    unanswered: &Unanswered,
) -> Diagnostic {
    let d = Diagnostic::error(format!(
        "section `{}`: the `{}` plugin {unanswered}",
        entry.id.get_ref(),
        entry.plugin.get_ref()
    ))
    .at(&project.manifest_file, entry.plugin.span());
    match unanswered {
        Unanswered::TimedOut { .. } | Unanswered::Stopped { .. } => d.with_hint(
            "if the plugin needs longer, raise `timeout` (in seconds) under `[plugins]` in the manifest; otherwise the plugin hangs: report it to its author",
        ),
        Unanswered::Ended(_) => d.with_hint(
            "the plugin ran in a process of its own, so the build went on; report the crash to the plugin's author",
        ),
        Unanswered::StillRunning { .. } | Unanswered::Panicked(_) => d,
    }
}

/// What to do about a broken accessibility rule, and how to accept it
/// knowingly where a council may.
fn with_accessibility_hint(d: Diagnostic, error: &ResolveError) -> Diagnostic {
    match error {
        ResolveError::MissingAlt { .. } => d.with_hint(
            "write what the figure shows, for someone who cannot see it, between the image's square brackets: `![what it shows](path \"caption\")`",
        ),
        ResolveError::SkippedHeadingLevel { previous, .. } => d.with_hint(format!(
            "make it a level-{} heading, or add the heading it belongs under",
            previous + 1
        )),
        ResolveError::VagueLinkText { .. } => d.with_hint(
            "or, to publish it knowingly, set `link_text = \"warning\"` under `[accessibility]` in the manifest",
        ),
        _ => d,
    }
}

/// Finds where a resolve problem came from: the node's origin (a line of
/// prose, or a data item) in the files of the section that produced it;
/// for a node that does not say, the section's entry in the manifest.
fn locate_resolve_error(
    project: &Project,
    entries: &[&SectionEntry],
    error: &ResolveError,
    origins: &[(Part, Range<usize>, usize)],
    sources: &[SectionSources],
    shared: Option<&SourceFile>,
) -> Diagnostic {
    let Position {
        part,
        index,
        origin,
    } = error.position();
    let section = section_of(origins, *part, *index);
    let d = Diagnostic::error(error.to_string());
    let Some(section) = section else { return d };
    let entry = entries[section];
    let d = Diagnostic {
        message: format!("section `{}`: {}", entry.id.get_ref(), error),
        ..d
    };
    let d = match error {
        ResolveError::DuplicateLabel { .. } => d.with_hint(format!(
            "labels must be unique; each section's top heading is labelled `sec-<id>` (here section `{}`)",
            entry.id.get_ref()
        )),
        _ => d,
    };
    let at = origin
        .as_ref()
        .and_then(|origin| sources[section].files.locate(origin, shared));
    match at {
        // A label the author wrote on the node's line is what to change.
        Some((file, span)) => match error.label() {
            Some(label)
                if matches!(
                    error,
                    ResolveError::DuplicateLabel { .. } | ResolveError::InvalidLabel { .. }
                ) =>
            {
                d.at(file, origins::narrow_on_line(&file.text, span, label))
            }
            _ => d.at(file, span),
        },
        None => d.at(&project.manifest_file, entry.id.span()),
    }
}

/// The section that produced the top-level block `index` of `part`.
fn section_of(origins: &[(Part, Range<usize>, usize)], part: Part, index: usize) -> Option<usize> {
    origins
        .iter()
        .find(|(p, r, _)| *p == part && r.contains(&index))
        .map(|(_, _, s)| *s)
}

/// Reads and checks every figure's image once (see [`images`]) and points
/// the figure at the image's path inside the project; each problem is an
/// error at the image's path in the section's prose.
fn load_images(
    project: &Project,
    entries: &[&SectionEntry],
    origins: &[(Part, Range<usize>, usize)],
    sources: &[SectionSources],
    shared: Option<&SourceFile>,
    document: &mut Document,
    errors: &mut Vec<Diagnostic>,
) -> Images {
    let mut images = Images::new();
    // The images read so far: the path written, and the path read.
    let mut read: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    // The largest image and where it is written, for the document's budget.
    let mut largest: Option<(f64, Diagnostic)> = None;
    let parts = [
        (Part::Front, &mut document.front),
        (Part::Body, &mut document.body),
        (Part::Appendices, &mut document.appendices),
    ];
    for (part, blocks) in parts {
        for (index, block) in blocks.iter_mut().enumerate() {
            let section = section_of(origins, part, index);
            // The figure's line; on it, the path itself when it is written there.
            let at_src = |d: Diagnostic, src: &str, origin: Option<&Origin>| match section {
                Some(section) => {
                    let found = origin
                        .and_then(|o| sources[section].files.locate(o, shared))
                        .map(|(file, line)| {
                            let needle = format!("]({src}");
                            match file.text[line.clone()].find(&needle) {
                                Some(at) => {
                                    let start = line.start + at + 2;
                                    (file, start..start + src.len())
                                }
                                None => (file, line),
                            }
                        });
                    let d = Diagnostic {
                        message: format!(
                            "section `{}`: {}",
                            entries[section].id.get_ref(),
                            d.message
                        ),
                        ..d
                    };
                    match found {
                        Some((file, span)) => d.at(file, span),
                        None => d.at(&project.manifest_file, entries[section].id.span()),
                    }
                }
                None => d.in_file(&project.manifest_file),
            };
            walk::blocks_mut(std::slice::from_mut(block), &mut |block| {
                let Block::Figure(fig) = block else { return };
                let origin = fig.at.clone();
                let FigureContent::Image { src, .. } = &mut fig.content else {
                    return;
                };
                // An image shown twice is read and decoded once.
                if let Some(key) = read.get(src.as_str()) {
                    *src = key.clone();
                    return;
                }
                match images::load(&project.root, src) {
                    Ok((key, image)) => {
                        read.insert(src.clone(), key.clone());
                        let pixels = image.width * image.height;
                        if image.format != ImageFormat::Svg
                            && largest.as_ref().is_none_or(|(most, _)| pixels > *most)
                        {
                            let d = at_src(
                                Diagnostic::error(format!("the image `{src}`")),
                                src,
                                origin.as_ref(),
                            );
                            largest = Some((pixels, d));
                        }
                        images.insert(key.clone(), image);
                        *src = key;
                    }
                    Err(problem) => errors.push(at_src(
                        Diagnostic::error(format!("the image `{src}` {problem}")),
                        src,
                        origin.as_ref(),
                    )),
                }
            });
        }
    }
    if let Err(problem) = images::check_document_pixels(&images)
        && let Some((_, d)) = largest
    {
        errors.push(Diagnostic {
            message: format!(
                "{problem} (the largest is {})",
                d.message.trim_start_matches("the image ")
            ),
            ..d
        });
    }
    images
}

#[cfg(test)]
mod tests;
