//! `quire build`: assemble the document, typeset it, write the outputs.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use quire_core::output::write_atomically;
use quire_core::{Assembled, Diagnostic, Diagnostics, assemble};
use quire_typst::{QuireWorld, RenderInput, TypstDiagnostic, TypstError};

use crate::builtins;

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

/// What a successful build wrote and how long each stage took.
#[derive(Debug)]
pub struct Report {
    /// The PDF written.
    pub pdf: PathBuf,
    /// Its size in bytes.
    pub pdf_bytes: usize,
    /// Its page count.
    pub pages: usize,
    /// Warnings from the pipeline.
    pub warnings: Vec<Diagnostic>,
    /// Warnings from Typst.
    pub typst_warnings: Vec<TypstDiagnostic>,
    /// Time per stage.
    pub timings: Timings,
}

/// Wall time per build stage.
#[derive(Debug, Default, Clone, Copy)]
pub struct Timings {
    /// Manifest, style, data, prose, plugins and the resolve pass.
    pub assemble: Duration,
    /// Serialising the model and setting up the Typst world.
    pub emit: Duration,
    /// Typst layout.
    pub compile: Duration,
    /// PDF export.
    pub export: Duration,
    /// Writing the file.
    pub write: Duration,
}

impl Timings {
    /// All stages together.
    pub fn total(&self) -> Duration {
        self.assemble + self.emit + self.compile + self.export + self.write
    }
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
    /// The output could not be written.
    #[error("cannot write {path}: {error}")]
    Write {
        /// The output path.
        path: PathBuf,
        /// The I/O error.
        error: std::io::Error,
    },
}

/// What the Typst back end needs from an assembled project.
pub fn render_input<'a>(assembled: &'a Assembled, display_date: &'a str) -> RenderInput<'a> {
    let project = &assembled.project;
    RenderInput {
        document: &assembled.document,
        style: &project.style,
        style_dir: project.style_dir(),
        root: &project.root,
        display_date,
    }
}

/// Builds the PDF of the project at `manifest`, into `out` or the manifest's
/// output folder. Nothing is written unless every stage succeeds.
pub fn build_pdf(manifest: &Path, out: Option<&Path>) -> Result<Report, BuildError> {
    let mut timings = Timings::default();
    let started = Instant::now();
    let registry = builtins::registry();
    let assembled = assemble(manifest, &registry).map_err(BuildError::Project)?;
    timings.assemble = started.elapsed();

    let project = &assembled.project;
    let started = Instant::now();
    let display_date = project.display_date();
    let sources =
        quire_typst::emit(render_input(&assembled, &display_date)).map_err(BuildError::Typst)?;
    let world = QuireWorld::new(&project.root, &sources).map_err(BuildError::Typst)?;
    timings.emit = started.elapsed();

    let started = Instant::now();
    let (pages, typst_warnings) = quire_typst::compile(&world).map_err(BuildError::Typst)?;
    timings.compile = started.elapsed();

    let started = Instant::now();
    let pdf = quire_typst::export_pdf(&pages, &assembled.document.meta.date, &project.name)
        .map_err(BuildError::Typst)?;
    timings.export = started.elapsed();

    let started = Instant::now();
    let out_dir = out
        .map(Path::to_path_buf)
        .unwrap_or_else(|| project.out_dir.clone());
    let target = out_dir.join(format!("{}.pdf", project.name));
    write_atomically(&target, &pdf).map_err(|error| BuildError::Write {
        path: target.clone(),
        error,
    })?;
    timings.write = started.elapsed();

    Ok(Report {
        pdf: target,
        pdf_bytes: pdf.len(),
        pages: pages.pages().len(),
        warnings: assembled.warnings,
        typst_warnings,
        timings,
    })
}

/// Runs `quire build` and reports it. Exit code 0 on success, 1 when the
/// document has errors (nothing is written then).
pub fn run(manifest: Option<PathBuf>, out: Option<PathBuf>) -> ExitCode {
    let manifest = manifest.unwrap_or_else(default_manifest);
    match build_pdf(&manifest, out.as_deref()) {
        Ok(report) => {
            for w in &report.warnings {
                eprint!("{w}");
            }
            for w in &report.typst_warnings {
                eprint!("{w}");
            }
            println!(
                "wrote {} ({} pages, {} KiB) in {:.2} s",
                quire_core::source::shown_path(&report.pdf).display(),
                report.pages,
                report.pdf_bytes.div_ceil(1024),
                report.timings.total().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprint!("{error}");
            let count = match &error {
                BuildError::Project(d) => d.error_count(),
                BuildError::Typst(e) => e.diagnostics.iter().filter(|d| d.is_error).count(),
                BuildError::Write { .. } => {
                    eprintln!();
                    1
                }
            };
            let plural = if count == 1 { "" } else { "s" };
            eprintln!(
                "error: the build stopped with {count} error{plural}; existing outputs were left as they were"
            );
            ExitCode::FAILURE
        }
    }
}
