//! `quire build`: assemble the document, typeset it, write the outputs.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use quire_build::Build;

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

pub use quire_build::{
    BuildError, Formats, Made, Options, OutputTimings, Report, Timings, denied_by,
};

/// Guards the making of the outputs: the template is the project's own
/// code, so typesetting runs under a time and memory limit (see
/// [`typeset_limits`]).
fn limited(template: &Path, estimate: u64) -> Box<dyn std::any::Any> {
    Box::new(typeset_limits::watch(
        template,
        Limits::for_document(estimate),
    ))
}

/// The build of the project at `manifest` with the built-in plugins, its
/// outputs guarded by the typesetting limits.
fn load(manifest: &Path, options: &Options) -> Result<Build, BuildError> {
    let options = Options {
        guard: options.guard.or(Some(limited)),
        ..options.clone()
    };
    Build::load(manifest, builtins::registry(), options)
}

/// Assembles the project at `manifest` and makes every output asked for in
/// parallel from the same model, in memory.
pub fn make(manifest: &Path, options: &Options) -> Result<Made, BuildError> {
    load(manifest, options)?.make()
}

/// Builds the project at `manifest`: every output asked for, made in
/// parallel from the same model. Nothing is written unless all are made;
/// the files are then replaced as one unit.
pub fn build(manifest: &Path, options: &Options) -> Result<Report, BuildError> {
    load(manifest, options)?.build()
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
    let outputs: Vec<String> = t
        .outputs
        .iter()
        .map(|o| {
            let mut line = format!("{} {:.3} s", o.extension, o.total.as_secs_f64());
            if o.stages.len() > 1 {
                let stages: Vec<String> = o
                    .stages
                    .iter()
                    .map(|(name, d)| format!("{name} {:.3}", d.as_secs_f64()))
                    .collect();
                line.push_str(&format!(" ({})", stages.join(", ")));
            }
            line
        })
        .collect();
    ui.detail(&format!(
        "assemble {:.3} s, {} (in parallel), write {:.3} s",
        t.assemble.as_secs_f64(),
        outputs.join(", "),
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
