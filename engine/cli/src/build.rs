//! `quire build`: assemble the document, typeset it, write the outputs.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use quire_core::output::{CommitError, LockError, OutputLock, commit};
use quire_core::{Assembled, Diagnostic, Diagnostics, assemble_profile};
use quire_docx::{DocxError, DocxInput};
use quire_typst::{QuireWorld, RenderInput, TypstDiagnostic, TypstError};

use crate::builtins;
use crate::typeset_limits::{self, Limits};
use crate::ui::Ui;

/// The manifest used when none is named: `./quire.toml`, or else
/// `./sections/quire.toml`.
pub fn default_manifest() -> PathBuf {
    let here = PathBuf::from("quire.toml");
    if here.is_file() {
        here
    } else {
        PathBuf::from("sections/quire.toml")
    }
}

/// Which outputs to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Formats {
    /// The typeset PDF.
    pub pdf: bool,
    /// The Word copy.
    pub docx: bool,
    /// The HTML edition.
    pub html: bool,
}

impl Default for Formats {
    fn default() -> Self {
        Self {
            pdf: true,
            docx: true,
            html: true,
        }
    }
}

/// Held by a build of this process while it writes its outputs.
static WRITING: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// How to build.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Write here instead of the manifest's output folder.
    pub out: Option<PathBuf>,
    /// The manifest profile to build (`committee`), if any.
    pub profile: Option<String>,
    /// Which outputs to write.
    pub formats: Formats,
    /// Make the PDF PDF/A-2b as well (also `output.pdf_a` in the manifest).
    pub pdf_a: bool,
    /// Told each stage as it starts (`assembling`, `typesetting`,
    /// `writing`), for a progress line.
    pub progress: Option<fn(&str)>,
    /// Told, with the output folder, when the build has to wait for another
    /// build writing into the same folder.
    pub waiting: Option<fn(&Path)>,
    /// Every warning is an error (`--deny warnings`): a build with any
    /// writes nothing.
    pub deny_warnings: bool,
}

/// What a successful build wrote and how long each stage took.
#[derive(Debug)]
pub struct Report {
    /// The files written, with their sizes in bytes.
    pub written: Vec<(PathBuf, usize)>,
    /// The PDF's page count (0 when no PDF was asked for).
    pub pages: usize,
    /// Warnings from the pipeline.
    pub warnings: Vec<Diagnostic>,
    /// Warnings from Typst.
    pub typst_warnings: Vec<TypstDiagnostic>,
    /// Time per stage.
    pub timings: Timings,
}

impl Report {
    /// The path written for an extension (`pdf`, `docx`).
    pub fn path(&self, extension: &str) -> Option<&Path> {
        self.written
            .iter()
            .map(|(p, _)| p.as_path())
            .find(|p| p.extension().is_some_and(|e| e == extension))
    }
}

/// Wall time per build stage. The PDF and the Word copy are made in
/// parallel, so `total` is less than the sum.
#[derive(Debug, Default, Clone, Copy)]
pub struct Timings {
    /// Manifest, style, data, prose, plugins and the resolve pass.
    pub assemble: Duration,
    /// The PDF: Typst sources, layout and export.
    pub pdf: Duration,
    /// The PDF's stages.
    pub pdf_split: PdfTimings,
    /// The Word copy.
    pub docx: Duration,
    /// The HTML edition.
    pub html: Duration,
    /// Writing the files.
    pub write: Duration,
    /// The whole build, wall clock.
    pub total: Duration,
}

/// Why a build failed.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// Problems in the project's files.
    #[error("{0}")]
    Project(Diagnostics),
    /// Typst could not typeset the document (usually a template problem).
    #[error("{0}")]
    Typst(TypstError),
    /// The Word copy could not be made.
    #[error("error: {0}\n")]
    Docx(DocxError),
    /// The HTML edition could not be made.
    #[error("error: {0}\n")]
    Html(quire_html::HtmlError),
    /// The outputs could not be written (see the error for what became of
    /// the previous ones).
    #[error("{0}")]
    Commit(CommitError),
    /// The output folder could not be taken for writing, or a commit a
    /// killed build left there could not be ended.
    #[error("{0}")]
    Lock(LockError),
}

impl BuildError {
    /// What became of the previous outputs, for the closing line.
    pub fn what_became_of_the_outputs(&self) -> &'static str {
        match self {
            Self::Commit(CommitError::Unrestored { .. }) => {
                "the next build finishes writing the outputs"
            }
            _ => "existing outputs were left as they were",
        }
    }
}

/// What the Typst back end needs from an assembled project.
pub fn render_input<'a>(assembled: &'a Assembled, display_date: &'a str) -> RenderInput<'a> {
    let project = &assembled.project;
    RenderInput {
        document: &assembled.document,
        style: &project.style,
        style_dir: project.style_dir(),
        files: &project.root,
        images: &assembled.images,
        display_date,
    }
}

/// The PDF's bytes, page count and Typst's warnings.
type PdfResult = Result<(Vec<u8>, usize, Vec<TypstDiagnostic>), BuildError>;

/// The document laid out in pages by Typst, with Typst's warnings.
type LaidOut = (quire_typst::PagedDocument, Vec<TypstDiagnostic>);

/// Lays the document out in pages (the PDF's layout, which the Word copy's
/// contents take their page numbers from).
fn lay_out(
    assembled: &Assembled,
    display_date: &str,
    split: &mut PdfTimings,
) -> Result<LaidOut, BuildError> {
    let project = &assembled.project;
    let started = Instant::now();
    // The template is the project's own code: typesetting runs under a
    // time and memory limit (see `typeset_limits`).
    let _watched = typeset_limits::watch(
        &project.style_dir().join(&project.style.template),
        Limits::for_document(estimate(assembled)),
    );
    let sources =
        quire_typst::emit(render_input(assembled, display_date)).map_err(BuildError::Typst)?;
    let world =
        QuireWorld::new(&project.root, sources, &assembled.images).map_err(BuildError::Typst)?;
    split.emit = started.elapsed();
    let started = Instant::now();
    let (pages, mut warnings) = quire_typst::compile(&world).map_err(BuildError::Typst)?;
    // What Typst set in its own fonts that the check before typesetting
    // could not see (the template's own characters, Typst's markers).
    let told: Vec<char> = assembled.missing_glyphs.iter().map(|(c, _)| *c).collect();
    warnings.extend(quire_typst::fallback_warnings(&world, &pages, &told));
    split.layout = started.elapsed();
    Ok((pages, warnings))
}

/// What typesetting the assembled document is estimated to take, in
/// bytes: the document budget's measure of its content, and its pictures
/// decoded (8 bytes a pixel: the PDF's and the Word copy's; an SVG drawn at
/// 300 dpi for Word, about 9 megapixels at most on a page).
fn estimate(assembled: &Assembled) -> u64 {
    let document = assembled.document.document();
    let mut size = quire_model::Size::of(&document.front);
    size += quire_model::Size::of(&document.body);
    size += quire_model::Size::of(&document.appendices);
    let pictures = assembled
        .images
        .values()
        .map(|image| {
            let pixels = image.width * image.height;
            let drawn = match image.format {
                quire_files::image::ImageFormat::Svg => pixels.max(9e6),
                _ => pixels,
            };
            (image.bytes.len() as u64).saturating_add((drawn * 8.0) as u64)
        })
        .fold(0, u64::saturating_add);
    quire_core::budget::estimate(&size).saturating_add(pictures)
}

/// Writes the laid-out pages as the PDF.
fn make_pdf(
    assembled: &Assembled,
    (pages, warnings): LaidOut,
    pdf_a: bool,
    split: &mut PdfTimings,
) -> PdfResult {
    let project = &assembled.project;
    let started = Instant::now();
    let conformance = quire_typst::Conformance {
        accessible: project.manifest.output.pdf_ua,
        archival: pdf_a || project.manifest.output.pdf_a,
    };
    let pdf = quire_typst::export_pdf(
        &pages,
        &assembled.document.meta().date,
        &project.name,
        conformance,
    )
    .map_err(|mut error| {
        for d in &mut error.diagnostics {
            let Some(first) = d.missing_glyphs.first() else {
                continue;
            };
            let written = assembled
                .missing_glyphs
                .iter()
                .find(|(c, _)| c == first)
                .and_then(|(_, place)| place.clone());
            if let Some(place) = written {
                d.hints
                    .insert(0, format!("`{first}` is first written at {place}"));
            } else if let Some(place) = where_is(assembled.document.document(), *first) {
                d.hints
                    .insert(0, format!("`{first}` is first found {place}"));
            }
        }
        BuildError::Typst(error)
    })?;
    split.export = started.elapsed();
    Ok((pdf, pages.pages().len(), warnings))
}

/// Where in the document a character first appears, in words: "in the
/// document's title", "in section `governance`".
fn where_is(document: &quire_model::Document, wanted: char) -> Option<String> {
    let meta = &document.meta;
    let fields = [
        ("title", Some(&meta.title)),
        ("subtitle", meta.subtitle.as_ref()),
        ("author", Some(&meta.author)),
        ("organisation", meta.organisation.as_ref()),
        ("version", Some(&meta.version)),
    ];
    if let Some((field, _)) = fields
        .iter()
        .find(|(_, value)| value.is_some_and(|v| v.contains(wanted)))
    {
        return Some(format!(
            "in the document's {field} (`[document]` in the manifest)"
        ));
    }
    let mut section = None;
    let parts = [&document.front, &document.body, &document.appendices];
    for block in parts.into_iter().flatten() {
        if let quire_model::Block::Heading(h) = block
            && let Some(id) = h.label.as_deref().and_then(|l| l.strip_prefix("sec-"))
        {
            section = Some(id.to_string());
        }
        let mut found = false;
        quire_model::walk::inlines_mut(&mut [block.clone()], &mut |inline| {
            if let quire_model::Inline::Text(text) = inline {
                found |= text.contains(wanted);
            }
        });
        if found {
            return Some(match section {
                Some(id) => format!("in section `{id}` (its data or prose)"),
                None => "in the document's first section".into(),
            });
        }
    }
    None
}

/// Where the PDF's time goes.
#[derive(Debug, Default, Clone, Copy)]
pub struct PdfTimings {
    /// Typst sources and the world (JSON of the model and style, fonts).
    pub emit: Duration,
    /// Typst's compilation: evaluation and layout.
    pub layout: Duration,
    /// PDF export.
    pub export: Duration,
}

fn make_docx(
    assembled: &Assembled,
    display_date: &str,
    contents_pages: &(dyn Fn() -> Vec<String> + Sync),
) -> Result<Vec<u8>, BuildError> {
    let project = &assembled.project;
    let input = DocxInput {
        document: &assembled.document,
        style: &project.style,
        files: &project.root,
        images: &assembled.images,
        display_date,
        fonts_dir: &project.style_dir().join(&project.style.fonts_dir),
        contents_pages,
    };
    quire_docx::render_docx(input).map_err(BuildError::Docx)
}

fn make_html(assembled: &Assembled, display_date: &str) -> Result<Vec<u8>, BuildError> {
    let project = &assembled.project;
    let input = quire_html::HtmlInput {
        document: &assembled.document,
        style: &project.style,
        files: &project.root,
        images: &assembled.images,
        display_date,
        fonts_dir: &project.style_dir().join(&project.style.fonts_dir),
    };
    quire_html::render_html(input)
        .map(String::into_bytes)
        .map_err(BuildError::Html)
}

/// The outputs of a build, made in memory and not yet written.
pub struct Made {
    /// The assembled, resolved document and its project.
    pub assembled: Assembled,
    /// The PDF's bytes, page count and Typst's warnings, if asked for.
    pub pdf: Option<(Vec<u8>, usize, Vec<TypstDiagnostic>)>,
    /// The Word copy's bytes, if asked for.
    pub docx: Option<Vec<u8>>,
    /// The HTML edition's bytes, if asked for.
    pub html: Option<Vec<u8>>,
    /// Time per stage so far.
    pub timings: Timings,
}

/// Assembles the project at `manifest` and makes the PDF, the Word copy
/// and the HTML edition in parallel from the same model, in memory.
pub fn make(manifest: &Path, options: &Options) -> Result<Made, BuildError> {
    let mut timings = Timings::default();
    let stage = |name: &str| {
        if let Some(progress) = options.progress {
            progress(name);
        }
    };
    stage("assembling");
    let started = Instant::now();
    let registry = builtins::registry();
    let assembled = assemble_profile(manifest, &registry, options.profile.as_deref())
        .map_err(BuildError::Project)?;
    timings.assemble = started.elapsed();

    let display_date = assembled.project.display_date();
    let formats = options.formats;
    stage("typesetting");
    // The Word copy is made while Typst lays the document out; it waits for
    // the layout only for its contents' page numbers (the two break pages
    // alike), which it adds last. Then the PDF is written.
    let (layout_done, layout_pages) = std::sync::mpsc::channel::<Vec<String>>();
    let layout_pages = std::sync::Mutex::new(layout_pages);
    let waited = std::sync::Mutex::new(Duration::ZERO);
    let contents_pages = || {
        let started = Instant::now();
        let pages = layout_pages
            .lock()
            .ok()
            .and_then(|r| r.recv().ok())
            .unwrap_or_default();
        if let Ok(mut waited) = waited.lock() {
            *waited += started.elapsed();
        }
        pages
    };
    let (pdf, docx, html) = std::thread::scope(|scope| {
        // The HTML edition needs no layout: it is made beside the others.
        let html = scope.spawn(|| {
            let started = Instant::now();
            let result = formats
                .html
                .then(|| make_html(&assembled, &display_date))
                .transpose();
            (result, started.elapsed())
        });
        let docx = scope.spawn(|| {
            let started = Instant::now();
            let result = formats
                .docx
                .then(|| make_docx(&assembled, &display_date, &contents_pages))
                .transpose();
            (result, started.elapsed())
        });
        let started = Instant::now();
        // The HTML edition alone needs no pages.
        let laid = if formats.pdf || formats.docx {
            lay_out(&assembled, &display_date, &mut timings.pdf_split).map(Some)
        } else {
            Ok(None)
        };
        let pdf = match laid {
            Ok(None) => Ok(None),
            Ok(Some(laid)) => {
                // A Word copy that is not wanted never asks; the send fails.
                let _ = layout_done.send(quire_typst::contents_pages(&laid.0));
                formats
                    .pdf
                    .then(|| make_pdf(&assembled, laid, options.pdf_a, &mut timings.pdf_split))
                    .transpose()
            }
            Err(error) => {
                // The Word copy stops waiting (its result is not used).
                drop(layout_done);
                Err(error)
            }
        };
        let pdf = (pdf, started.elapsed());
        (
            pdf,
            docx.join().expect("the Word back end does not panic"),
            html.join().expect("the HTML back end does not panic"),
        )
    });
    // The Word copy's own time, not its wait for the layout.
    let docx = (
        docx.0,
        docx.1
            .saturating_sub(waited.into_inner().unwrap_or_default()),
    );
    let ((pdf, pdf_time), (docx, docx_time), (html, html_time)) = (pdf, docx, html);
    timings.pdf = pdf_time;
    timings.docx = docx_time;
    timings.html = html_time;
    Ok(Made {
        pdf: pdf?,
        docx: docx?,
        html: html?,
        assembled,
        timings,
    })
}

/// Builds the project at `manifest`: the PDF, the Word copy and the HTML
/// edition, made in parallel from the same model. Nothing is written unless
/// all are made; each file is then written atomically.
pub fn build(manifest: &Path, options: &Options) -> Result<Report, BuildError> {
    let all = Instant::now();
    // A commit a killed build left half-made is ended before anything else,
    // even if this build fails before it writes.
    // A journal that cannot be trusted stops the build here.
    if let Ok(project) = quire_core::load_project_profile(manifest, options.profile.as_deref()) {
        let out_dir = options.out.as_ref().unwrap_or(&project.out_dir);
        quire_core::output::recover_if_idle(out_dir, &project.declared())
            .map_err(BuildError::Lock)?;
    }
    let Made {
        assembled,
        pdf,
        docx,
        html,
        mut timings,
    } = make(manifest, options)?;
    let manifest_denies = assembled.project.manifest.build.denies_warnings();
    if options.deny_warnings || manifest_denies {
        deny_warnings(
            &assembled.warnings,
            pdf.as_ref().map(|p| p.2.as_slice()),
            denied_by(!options.deny_warnings),
        )?;
    }
    if let Some(progress) = options.progress {
        progress("writing");
    }
    let project = &assembled.project;
    let started = Instant::now();
    let out_dir = options
        .out
        .clone()
        .unwrap_or_else(|| project.out_dir.clone());
    // One build writes into a folder at a time, so outputs never mix:
    // builds of this process (`--all`) take turns here, so only another
    // process's build is waited for (and said) at the folder's lock.
    let _turn = WRITING.lock().unwrap_or_else(|p| p.into_inner());
    let _lock = OutputLock::acquire(&out_dir, &project.declared(), || {
        if let Some(waiting) = options.waiting {
            waiting(&out_dir);
        }
    })
    .map_err(BuildError::Lock)?;
    let mut pages = 0;
    let mut typst_warnings = Vec::new();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    if let Some((bytes, count, warnings)) = pdf {
        pages = count;
        typst_warnings = warnings;
        files.push((project.file_name("pdf"), bytes));
    }
    if let Some(bytes) = docx {
        files.push((project.file_name("docx"), bytes));
    }
    if let Some(bytes) = html {
        files.push((project.file_name("html"), bytes));
    }
    // The outputs are replaced as one unit.
    let outputs: Vec<(String, &[u8])> = files
        .iter()
        .map(|(name, bytes)| (name.clone(), bytes.as_slice()))
        .collect();
    commit(&out_dir, &outputs).map_err(BuildError::Commit)?;
    let written = files
        .iter()
        .map(|(name, bytes)| (out_dir.join(name), bytes.len()))
        .collect();
    timings.write = started.elapsed();
    timings.total = all.elapsed();
    Ok(Report {
        written,
        pages,
        warnings: assembled.warnings,
        typst_warnings,
        timings,
    })
}

/// The hint a denied warning carries: what denied it, the command line's
/// `--deny warnings` or the manifest's `[build] deny`.
pub fn denied_by(manifest: bool) -> &'static str {
    if manifest {
        "an error because the manifest denies warnings (`[build] deny = [\"warnings\"]`)"
    } else {
        "an error because warnings are denied (`--deny warnings`)"
    }
}

/// With `--deny warnings`: the build's warnings, if it has any, as the
/// errors that stop it (the pipeline's first, else Typst's).
fn deny_warnings(
    warnings: &[Diagnostic],
    typst: Option<&[TypstDiagnostic]>,
    hint: &str,
) -> Result<(), BuildError> {
    if !warnings.is_empty() {
        let errors = warnings
            .iter()
            .map(|w| {
                let hint = match &w.hint {
                    Some(own) => format!("{own}; {hint}"),
                    None => hint.to_string(),
                };
                Diagnostic {
                    severity: quire_core::Severity::Error,
                    ..w.clone()
                }
                .with_hint(hint)
            })
            .collect();
        return Err(BuildError::Project(quire_core::Diagnostics(errors)));
    }
    if let Some(typst) = typst.filter(|t| !t.is_empty()) {
        let diagnostics = typst
            .iter()
            .map(|w| {
                let mut e = w.clone();
                e.is_error = true;
                e.hints.push(hint.to_string());
                e
            })
            .collect();
        return Err(BuildError::Typst(quire_typst::TypstError { diagnostics }));
    }
    Ok(())
}

/// Runs `quire build` and reports it. Exit code 0 on success, 1 when the
/// document has errors (nothing is written then).
pub fn run(manifest: Option<PathBuf>, mut options: Options, ui: &Ui) -> ExitCode {
    let manifest = manifest.unwrap_or_else(default_manifest);
    options.progress = ui.progress();
    let result = build(&manifest, &options);
    ui.end_progress();
    match result {
        Ok(report) => {
            report_success(&report, ui);
            ExitCode::SUCCESS
        }
        Err(error) => {
            ui.failed_build(&error, error.what_became_of_the_outputs());
            ExitCode::from(crate::ui::EXIT_ERRORS)
        }
    }
}

/// Prints a successful build's warnings, what it wrote and its time.
pub fn report_success(report: &Report, ui: &Ui) {
    ui.warnings(report);
    for (path, bytes) in &report.written {
        let pages = if path.extension().is_some_and(|e| e == "pdf") {
            format!("{} pages, ", report.pages)
        } else {
            String::new()
        };
        ui.say(&format!(
            "wrote {} ({pages}{} KiB)",
            quire_core::source::shown_path(path).display(),
            bytes.div_ceil(1024)
        ));
    }
    let t = &report.timings;
    ui.detail(&format!(
        "assemble {:.3} s, pdf {:.3} s (sources {:.3}, layout {:.3}, export {:.3}), docx {:.3} s, html {:.3} s (in parallel), write {:.3} s",
        t.assemble.as_secs_f64(),
        t.pdf.as_secs_f64(),
        t.pdf_split.emit.as_secs_f64(),
        t.pdf_split.layout.as_secs_f64(),
        t.pdf_split.export.as_secs_f64(),
        t.docx.as_secs_f64(),
        t.html.as_secs_f64(),
        t.write.as_secs_f64()
    ));
    ui.say(&format!("built in {:.2} s", t.total.as_secs_f64()));
}

/// The closing line of a run that found errors.
pub fn stopped(ui: &Ui, count: usize, what: &str, after: &str) {
    let plural = if count == 1 { "" } else { "s" };
    let message = if after.is_empty() {
        format!("{what} stopped with {count} error{plural}")
    } else {
        format!("{what} stopped with {count} error{plural}; {after}")
    };
    ui.reporter
        .eprint(&ui.reporter.render_message(true, &message));
}
