//! `quire build`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use quire_core::output::write_atomically;
use quire_core::{Diagnostics, assemble};
use quire_typst::RenderInput;

use crate::builtins;

/// The manifest used when none is named.
pub fn default_manifest() -> PathBuf {
    let here = PathBuf::from("quire.toml");
    if here.is_file() { here } else { PathBuf::from("sections/quire.toml") }
}

/// Runs a build and reports it; exit code 1 when the document has errors.
pub fn run(manifest: Option<PathBuf>, out: Option<PathBuf>) -> ExitCode {
    let manifest = manifest.unwrap_or_else(default_manifest);
    match build(&manifest, out.as_deref()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprint!("{message}");
            ExitCode::FAILURE
        }
    }
}

fn build(manifest: &Path, out: Option<&Path>) -> Result<(), String> {
    let started = Instant::now();
    let registry = builtins::registry();
    let assembled = assemble(manifest, &registry).map_err(|d| failure(&d))?;
    for warning in &assembled.warnings {
        eprint!("{warning}");
    }
    let project = &assembled.project;
    let input = RenderInput {
        document: &assembled.document,
        style: &project.style,
        style_dir: project.style_dir(),
        root: &project.root,
    };
    let (pdf, warnings) = quire_typst::render_pdf(input, &project.name).map_err(|e| format!("{e}error: the PDF could not be typeset; the previous output is untouched\n"))?;
    for w in warnings {
        eprint!("{w}");
    }
    let out_dir = out.map(Path::to_path_buf).unwrap_or_else(|| project.out_dir.clone());
    let target = out_dir.join(format!("{}.pdf", project.name));
    write_atomically(&target, &pdf).map_err(|e| format!("error: cannot write {}: {e}\n", target.display()))?;
    println!(
        "wrote {} ({} KiB) in {:.2} s",
        quire_core::source::shown_path(&target).display(),
        pdf.len().div_ceil(1024),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn failure(diagnostics: &Diagnostics) -> String {
    let n = diagnostics.error_count();
    let plural = if n == 1 { "" } else { "s" };
    format!("{diagnostics}error: the build stopped with {n} error{plural}; no output was written\n")
}
