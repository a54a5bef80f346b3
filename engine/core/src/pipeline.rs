//! The build pipeline up to the resolved document model: manifest, style,
//! shared data, then every section (data, prose, plugin), then the resolve
//! pass. Independent problems are all collected and reported together.
//!
//! A profile (`[profiles.<name>]` in the manifest) builds the same document
//! under another output name, optionally in another style, with its `front`
//! sections placed before the document's own.

use std::ops::Range;
use std::path::{Path, PathBuf};

use quire_model::format;
use quire_model::resolve::{Part, Position};
use quire_model::wide_pages;
use quire_model::{
    AccessibilityRule, Block, Document, FigureContent, Origin, ResolveError, ResolveOptions,
    ResolvedDocument, Size, resolve, walk, xml_chars,
};
use quire_style::{Style, StyleError};
use quire_wire::{PluginError, SectionContext, SectionRequest};
use serde_json::{Value as Json, json};
use toml::Spanned;

use crate::budget;
use crate::data::{self, DataFile};
use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::dropped_chars;
use crate::glyphs;
use crate::images;
use crate::manifest::{Manifest, Profile, RuleLevel, SectionEntry, valid_id};
use crate::origins::{self, SectionFiles};
use crate::prose::ProseRenderer;
use crate::registry::Registry;
use crate::shape;
use crate::source::{SourceFile, normalize, shown_path};
use crate::watchdog::{self, Unanswered};
use quire_files::image::{ImageFormat, Images};
use quire_files::{FileError, ProjectRoot};

mod figures;
mod mentions;
mod problems;
mod project;
mod section;

use figures::load_images;
use problems::{locate_resolve_error, section_of, with_accessibility_hint};
pub use project::{Project, load_project, load_project_profile};
use section::{SectionSources, build_section};

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
    /// Each character the style's fonts lack, with where it is first
    /// written (`sections/prose/intro.md:9:56`) when that is known; each
    /// is among the warnings too.
    pub missing_glyphs: Vec<(char, Option<String>)>,
    /// How big the document is, measured as it went into the resolve pass
    /// (what typesetting it is estimated to take follows from it).
    pub size: Size,
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
    assemble_project(load_project_profile(manifest_path, profile)?, registry)
}

/// Builds the resolved document of a project already loaded (by
/// [`load_project_profile`]): its plugins, every section, the resolve pass.
pub fn assemble_project(project: Project, registry: &Registry) -> Result<Assembled, Diagnostics> {
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
    typographic_meta(&mut meta);
    let mut prose = ProseRenderer::new();
    let mut document = Document::new(meta);
    let mut origins: Vec<(Part, Range<usize>, usize)> = Vec::new();
    let mut sources: Vec<SectionSources> = Vec::new();
    let mut section_ids: Vec<mentions::SectionIds> = Vec::new();

    let front_count = entries.len() - manifest.sections.len();
    for (index, entry) in entries.iter().copied().enumerate() {
        let mut section_sources = SectionSources {
            files: SectionFiles::default(),
            dropped_chars: Vec::new(),
            empty_slots: Vec::new(),
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
                warnings.append(&mut section_sources.empty_slots);
                // A file two sections read is reported once.
                for d in section_sources.dropped_chars.drain(..) {
                    if !warnings.contains(&d) {
                        warnings.push(d);
                    }
                }
                // Charts are drawn here, once, for every output.
                let completed =
                    quire_chart::complete(response.blocks, &project.style).and_then(|blocks| {
                        let appendices =
                            quire_chart::complete(response.appendices, &project.style)?;
                        Ok((blocks, appendices))
                    });
                match completed {
                    Ok((blocks, appendices)) => {
                        // A heading never ends a page alone before a
                        // landscape one: it opens it.
                        response.blocks = wide_pages::headings_open_wide_pages(blocks);
                        response.appendices = wide_pages::headings_open_wide_pages(appendices);
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
                section_ids.push(mentions::SectionIds {
                    section: index,
                    defines: std::mem::take(&mut response.defines),
                    mentions: std::mem::take(&mut response.mentions),
                });
                let shared_file = shared.as_ref().map(|f| &f.source);
                let more = section::too_many(response.warnings.len(), entry);
                for w in response
                    .warnings
                    .into_iter()
                    .take(section::MAX_PLUGIN_PROBLEMS)
                {
                    let d = Diagnostic::warning(format!(
                        "section `{}`: {}",
                        entry.id.get_ref(),
                        w.message
                    ));
                    warnings.push(at_data_item(
                        d,
                        w.path.as_deref(),
                        &section_sources.files,
                        shared_file,
                        &project,
                        entry,
                    ));
                }
                if let Some(more) = more {
                    warnings.push(Diagnostic {
                        severity: Severity::Warning,
                        ..more.at(&project.manifest_file, entry.plugin.span())
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
    // Ids one section mentions and another defines (a theme's actions, the
    // plan's refs), once every section has said its own. A section that
    // failed said nothing, and every mention of its ids would be reported
    // too: the check waits for a document whose sections all built.
    let shared_file = shared.as_ref().map(|f| &f.source);
    let name = |i: usize| entries[i].id.get_ref().clone();
    let checked = if errors.is_empty() {
        mentions::check(&section_ids, name)
    } else {
        Vec::new()
    };
    for problem in checked {
        let d = Diagnostic::error(format!(
            "section `{}`: {}",
            name(problem.section),
            problem.message
        ));
        let d = at_data_item(
            d,
            Some(&problem.path),
            &sources[problem.section].files,
            shared_file,
            &project,
            entries[problem.section],
        );
        errors.push(match problem.suggestion {
            Some(s) => d.with_hint(format!("did you mean `{s}`?")),
            None => d,
        });
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
        table_widths: project.style.table_widths(),
    };
    let mut accepted_rules = Vec::new();
    let mut size = Size::of(&document.front);
    size += Size::of(&document.body);
    size += Size::of(&document.appendices);
    let charts = quire_chart::Charts::new(&project.style);
    let (document, resolve_errors) = resolve(document, options, &charts);
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
    // Content that would print empty: warnings at their places.
    warnings.extend(document.warnings().iter().map(|e| Diagnostic {
        severity: Severity::Warning,
        ..locate_resolve_error(&project, &entries, e, &origins, &sources, shared_file)
    }));
    let (glyph_warnings, missing_glyphs) = missing_glyphs(
        &project,
        &entries,
        document.document(),
        &origins,
        &sources,
        shared_file,
    );
    warnings.extend(glyph_warnings);
    Ok(Assembled {
        missing_glyphs,
        size,
        document,
        project,
        images,
        warnings,
        accepted: accepted_rules,
    })
}

/// A warning for each character the style's fonts lack (see
/// [`glyphs`]), where it was first written: in the files of the section
/// that holds it (its prose, its data, the shared data), or the manifest
/// for the document's title and the like. A character the files do not
/// hold as written (a TOML escape, a word of the style's vocabulary) is
/// told at the section's entry in the manifest. With the warnings, each
/// character with the place it is first written.
fn missing_glyphs(
    project: &Project,
    entries: &[&SectionEntry],
    document: &quire_model::resolved::Document,
    origins: &[(Part, Range<usize>, usize)],
    sources: &[SectionSources],
    shared: Option<&SourceFile>,
) -> (Vec<Diagnostic>, Vec<(char, Option<String>)>) {
    let faces = glyphs::style_faces(project);
    let manifest = &project.manifest_file;
    let mut warnings: Vec<Diagnostic> = Vec::new();
    let mut places: Vec<(char, Option<String>)> = Vec::new();
    for missing in glyphs::missing(document, &project.style, &faces) {
        let section = missing
            .block
            .and_then(|(part, index)| section_of(origins, part, index));
        let d = match section {
            None => glyphs::warning(&missing, &[manifest])
                .unwrap_or_else(|| glyphs::unplaced(&missing).in_file(manifest)),
            Some(s) => {
                let files = &sources[s].files;
                let mut written: Vec<&SourceFile> = files.prose.iter().map(|(_, f)| f).collect();
                written.extend(files.data.as_ref());
                written.extend(shared);
                glyphs::warning(&missing, &written)
                    .unwrap_or_else(|| glyphs::warning_at(&missing, manifest, entries[s].id.span()))
            }
        };
        if !places.iter().any(|(c, _)| *c == missing.character) {
            let place = d.file.as_ref().map(|file| match &d.location {
                Some(at) => format!("{}:{}:{}", file.display(), at.line, at.column),
                None => file.display().to_string(),
            });
            places.push((missing.character, place));
        }
        if !warnings.contains(&d) {
            warnings.push(d);
        }
    }
    (warnings, places)
}

/// The manifest's words the document prints (the title page, the running
/// header and footer), with typographic quotes and apostrophes, as prose and
/// data are set.
fn typographic_meta(meta: &mut quire_model::Meta) {
    use quire_markdown::quotes::in_text;
    for field in [&mut meta.title, &mut meta.author] {
        *field = in_text(field);
    }
    for field in [
        &mut meta.subtitle,
        &mut meta.organisation,
        &mut meta.subject,
    ]
    .into_iter()
    .flatten()
    {
        *field = in_text(field);
    }
}

/// The size of what each of `sections` sections produced, from the
/// `origins` of the document's top-level blocks.
/// Places `d` at the data item `path` of a section (`actions[3]`;
/// `shared.` for the shared data), else at the section's id in the
/// manifest.
fn at_data_item(
    d: Diagnostic,
    path: Option<&str>,
    files: &SectionFiles,
    shared: Option<&SourceFile>,
    project: &Project,
    entry: &SectionEntry,
) -> Diagnostic {
    match path.and_then(|path| files.locate_data(path, shared)) {
        Some((file, span)) => d.at(file, span),
        None => d.at(&project.manifest_file, entry.id.span()),
    }
}

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

#[cfg(test)]
mod tests;
