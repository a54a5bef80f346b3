//! Reading a project: the manifest, its profile and the house style, with
//! every problem found in them.

use super::*;

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

    /// What a journal in this project's output folder may name: the
    /// outputs of the document and of every profile, in every format, and
    /// (never to be touched) the files the manifest names for reading.
    pub fn declared(&self) -> crate::output::Declared {
        let manifest = &self.manifest;
        let names = std::iter::once(&manifest.output.name)
            .chain(manifest.profiles.values().map(|p| &p.output));
        let outputs = names
            .flat_map(|name| ["pdf", "docx", "html"].map(|ext| format!("{}.{ext}", name.get_ref())))
            .collect();
        let profiles = manifest.profiles.values();
        let sections = manifest
            .sections
            .iter()
            .chain(profiles.clone().flat_map(|p| &p.front));
        let written = std::iter::once(&manifest.project.style)
            .chain(&manifest.project.shared)
            .chain(profiles.filter_map(|p| p.style.as_ref()))
            .chain(sections.flat_map(|s| s.data.iter().chain(s.prose.values())));
        let real = |path: PathBuf| path.canonicalize().unwrap_or(path);
        let reads = written
            .map(|w| real(self.manifest_dir.join(w.get_ref())))
            .chain([real(self.manifest_file.shown.clone())])
            .collect();
        crate::output::Declared { outputs, reads }
    }

    /// An error if the style's font folder is larger than a build reads
    /// ([`quire_files::FONT_FOLDER`]), told at the style's `fonts_dir`
    /// before anything reads a font. (A folder that is missing or holds no
    /// fonts is told by typesetting, which names what it looked for.)
    fn font_folder_error(&self, style_file: &SourceFile) -> Option<Diagnostic> {
        let dir = self.style_dir().join(&self.style.fonts_dir);
        let error = self
            .root
            .font_files(&dir)
            .err()
            .filter(|e| matches!(e, FileError::TooLarge { .. }))?;
        let span = data::span_of_path(&style_file.text, "fonts_dir").unwrap_or(0..0);
        Some(
            Diagnostic::error(format!(
                "field `fonts_dir`: the font folder `{}` cannot be used: {error}",
                self.style.fonts_dir
            ))
            .at(style_file, span)
            .with_hint("keep only the fonts the style names (body, headings, mono) in the folder"),
        )
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
    pub(super) fn read_data(
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

    pub(super) fn read_source(
        &self,
        written: &Spanned<String>,
        what: &str,
    ) -> Result<SourceFile, Diagnostic> {
        let path = self.path(written, what, true)?;
        SourceFile::read_in(&self.root, &path).map_err(|error| {
            self.path_error(written.get_ref(), what, &path, &error)
                .at(&self.manifest_file, written.span())
        })
    }
}

/// What to do when the manifest named (or looked for) cannot be read: the
/// command is not known here, so the hint names none.
fn manifest_hint(manifest_path: &Path) -> String {
    let named = manifest_path.display();
    if manifest_path.is_dir() {
        format!(
            "`{named}` is a folder: name the manifest in it (`{}`)",
            manifest_path.join("quire.toml").display()
        )
    } else {
        format!(
            "check the path `{named}` (relative to the folder the command runs in), or run the command in the project's folder, where `quire.toml` is found by itself"
        )
    }
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
        Diagnostic::error(format!(
            "cannot read the manifest `{}`: {e}",
            manifest_path.display()
        ))
        .with_hint(manifest_hint(manifest_path))
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

    // An unknown profile is reported with the manifest's other problems;
    // the rest is checked as the document without it.
    let mut errors = Vec::new();
    let chosen = profile.and_then(|name| {
        find_profile(&manifest, &manifest_file, name)
            .map_err(|d| errors.push(d))
            .ok()
    });
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
    errors.extend(plugin_process_errors(&manifest, &manifest_file));
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
        .and_then(|path| Ok((path, project.read_source(style_written, "style file")?)))
    {
        Ok((path, file)) => match Style::from_toml(&file.text) {
            Ok(style) => {
                project.style_path = path;
                project.style = style;
                errors.extend(project.font_folder_error(&file));
            }
            Err(e) => errors.extend(style_errors(&file, &e)),
        },
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
pub(super) fn too_wide(root: &Path) -> Option<&'static str> {
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
pub(super) fn accessibility_settings_errors(
    manifest: &Manifest,
    file: &SourceFile,
) -> Vec<Diagnostic> {
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

/// What is wrong with the settings of loaded plugins' processes
/// (`[plugins] memory` and `sandbox`), each at its line: a memory limit out
/// of range, and either setting with `isolation = "none"`, where there is
/// no process of the plugin's own to limit or confine.
pub(super) fn plugin_process_errors(manifest: &Manifest, file: &SourceFile) -> Vec<Diagnostic> {
    use crate::manifest::{Isolation, MAX_MEMORY_MIB, MIN_MEMORY_MIB, Sandbox, valid_memory};
    let plugins = &manifest.plugins;
    let mut errors = Vec::new();
    if let Some(memory) = &plugins.memory {
        if !valid_memory(*memory.get_ref()) {
            errors.push(
                Diagnostic::error(format!(
                    "field `plugins.memory`: {} MiB is not a memory limit Quire can use",
                    memory.get_ref()
                ))
                .at(file, memory.span())
                .with_hint(format!(
                    "give the MiB a plugin's process may use, from {MIN_MEMORY_MIB} to {MAX_MEMORY_MIB} (2048 is 2 GiB, the default)"
                )),
            );
        } else if plugins.isolation == Isolation::None {
            errors.push(
                Diagnostic::error(
                    "field `plugins.memory`: a plugin loaded into Quire's own process (`isolation = \"none\"`) cannot be given a memory limit",
                )
                .at(file, memory.span())
                .with_hint("remove `memory`, or run plugins in processes of their own: `isolation = \"process\"`"),
            );
        }
    }
    if let Some(sandbox) = &plugins.sandbox
        && *sandbox.get_ref() == Sandbox::On
        && plugins.isolation == Isolation::None
    {
        errors.push(
            Diagnostic::error(
                "field `plugins.sandbox`: a plugin loaded into Quire's own process (`isolation = \"none\"`) cannot be confined",
            )
            .at(file, sandbox.span())
            .with_hint("remove `sandbox`, or run plugins in processes of their own: `isolation = \"process\"`"),
        );
    }
    errors
}

/// The profile called `name`; an error listing the manifest's profiles if
/// there is none.
pub(super) fn find_profile<'m>(
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
pub(super) fn placeholder_style() -> Style {
    Style::from_toml(include_str!("../../../../styles/house.toml"))
        .expect("the shipped style parses")
}

/// Every problem a style file that cannot be used has, each at its line:
/// every shape error when it does not read ([`shape::errors`] against
/// [`Style::schema`]), every value that cannot be used when it does.
pub(super) fn style_errors(file: &SourceFile, error: &StyleError) -> Vec<Diagnostic> {
    match error {
        StyleError::Toml(e) => shape::errors(file, &Style::schema().to_value(), e),
        StyleError::Invalid(problems) => problems
            .iter()
            .map(|problem| {
                let message = problem.to_string();
                shape::at_path(
                    Diagnostic::error(message.clone()),
                    file,
                    &problem.field,
                    &message,
                )
            })
            .collect(),
    }
}
