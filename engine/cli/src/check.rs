//! `quire check`: everything a build reads and decides before typesetting —
//! the manifest, the style file, the plugin folders, every section's data
//! and prose templates, every plugin's answer, labels and cross-references
//! — for the document and each of its profiles, without typesetting.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use quire_build::{Build, BuildError, Options};
use quire_core::{Diagnostic, Diagnostics, Severity, load_project};

use crate::build::{default_manifest, stopped};
use crate::builtins;
use crate::ui::{EXIT_ERRORS, Ui};

/// What a clean check found.
#[derive(Debug)]
pub struct Checked {
    /// Sections checked in the document itself.
    pub sections: usize,
    /// The profiles checked as well.
    pub profiles: Vec<String>,
    /// Warnings, each once.
    pub warnings: Vec<Diagnostic>,
    /// How long it took.
    pub elapsed: Duration,
    /// The manifest makes every warning an error (`[build] deny`).
    pub denies_warnings: bool,
}

/// Checks the document and every profile; all problems are reported, each
/// once (a bad data file shared by the document and a profile is one error).
pub fn check(manifest: &Path) -> Result<Checked, Diagnostics> {
    let started = Instant::now();
    let project = load_project(manifest)?;
    // A commit a killed build left half-made is ended first; a journal that
    // cannot be trusted stops the check (it is never "no errors").
    if let Err(e) = quire_core::output::recover_if_idle(&project.out_dir, &project.declared()) {
        return Err(Diagnostics(vec![Diagnostic::error(e.to_string())]));
    }
    let profiles: Vec<String> = project.manifest.profiles.keys().cloned().collect();
    let denies_warnings = project.manifest.build.denies_warnings();
    let registry = builtins::registry();
    let mut found: Vec<Diagnostic> = Vec::new();
    let mut add = |d: Diagnostic| {
        if !found.contains(&d) {
            found.push(d);
        }
    };
    let mut sections = 0;
    for profile in std::iter::once(None).chain(profiles.iter().map(|p| Some(p.as_str()))) {
        let options = Options {
            profile: profile.map(str::to_string),
            ..Options::default()
        };
        let loaded = Build::load(manifest, registry.clone(), options);
        match loaded.map(Build::assemble) {
            Ok(Ok(assembled)) => {
                if profile.is_none() {
                    sections = assembled.project.sections().len();
                }
                assembled.warnings.into_iter().for_each(&mut add);
            }
            Ok(Err(diagnostics)) | Err(BuildError::Project(diagnostics)) => {
                diagnostics.0.into_iter().for_each(&mut add)
            }
            Err(other) => add(Diagnostic::error(other.to_string())),
        }
    }
    if found.iter().any(|d| d.severity == Severity::Error) {
        return Err(Diagnostics(found));
    }
    Ok(Checked {
        sections,
        profiles,
        warnings: found,
        elapsed: started.elapsed(),
        denies_warnings,
    })
}

/// Runs `quire check [MANIFEST]`.
pub fn run(manifest: Option<PathBuf>, ui: &Ui) -> ExitCode {
    let manifest = manifest.unwrap_or_else(default_manifest);
    match check(&manifest) {
        Ok(checked)
            if (ui.deny_warnings || checked.denies_warnings) && !checked.warnings.is_empty() =>
        {
            let hint = crate::build::denied_by(!ui.deny_warnings);
            for w in &checked.warnings {
                let denied = Diagnostic {
                    severity: Severity::Error,
                    ..w.clone()
                }
                .with_hint(hint);
                ui.reporter.eprint(&ui.reporter.render(&denied));
            }
            stopped(ui, checked.warnings.len(), "the check", "");
            ExitCode::from(EXIT_ERRORS)
        }
        Ok(checked) => {
            for w in &checked.warnings {
                ui.reporter.eprint(&ui.reporter.render(w));
            }
            let profiles = match checked.profiles.as_slice() {
                [] => String::new(),
                names => format!(" and profile{} {}", plural(names.len()), names.join(", ")),
            };
            ui.say(&format!(
                "checked {} ({} section{}{profiles}): no errors, in {:.3} s",
                quire_core::source::shown_path(&manifest).display(),
                checked.sections,
                plural(checked.sections),
                checked.elapsed.as_secs_f64()
            ));
            ExitCode::SUCCESS
        }
        Err(diagnostics) => {
            for d in &diagnostics.0 {
                ui.reporter.eprint(&ui.reporter.render(d));
            }
            // A check never writes, so there is nothing to say of outputs.
            stopped(ui, diagnostics.error_count(), "the check", "");
            ExitCode::from(EXIT_ERRORS)
        }
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
