//! `quire check --a11y`: prints the accessibility report
//! ([`quire_build::a11y`]) for the document and each profile, and what a
//! person must still check by hand.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use quire_build::a11y::{BY_HAND, Outcome, Report, reports};
use quire_core::Diagnostic;

use crate::build::default_manifest;
use crate::ui::{EXIT_ERRORS, Ui};

/// The report as text.
pub fn render(reports: &[Report], manifest: &Path) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Accessibility report for {}",
        quire_core::source::shown_path(manifest).display()
    );
    for report in reports {
        let shape = match &report.profile {
            None => "the document".to_string(),
            Some(p) => format!("profile `{p}`"),
        };
        let _ = writeln!(out, "\n{} ({shape}): checked automatically", report.title);
        for item in &report.items {
            let (mark, lines) = match &item.outcome {
                Outcome::Pass => ("pass", &[][..]),
                Outcome::Warn(lines) => ("WARN", lines.as_slice()),
                Outcome::Fail(lines) => ("FAIL", lines.as_slice()),
            };
            let _ = writeln!(
                out,
                "  {mark}  {:<8} {} [{}]",
                item.area, item.rule, item.scope
            );
            for line in lines {
                let _ = writeln!(out, "                  - {line}");
            }
        }
    }
    let _ = writeln!(out, "\nCheck by hand (no program can judge these):");
    for line in BY_HAND {
        let _ = writeln!(out, "  - {line}");
    }
    let (pass, warn, fail) = reports
        .iter()
        .map(Report::counts)
        .fold((0, 0, 0), |a, c| (a.0 + c.0, a.1 + c.1, a.2 + c.2));
    let _ = writeln!(
        out,
        "\n{pass} passed, {warn} with warnings, {fail} failed; {} to check by hand",
        BY_HAND.len()
    );
    out
}

/// Runs `quire check --a11y [MANIFEST]`: exit 0 when nothing failed (warnings
/// allowed), 1 when a check failed or the document has errors.
pub fn run(manifest: Option<PathBuf>, ui: &Ui) -> ExitCode {
    let manifest = manifest.unwrap_or_else(default_manifest);
    match reports(&manifest, &crate::builtins::registry()) {
        Ok(reports) => {
            // The warnings, with their files and lines, come first; a
            // warning shared by the document and a profile is shown once.
            let mut shown: Vec<&Diagnostic> = Vec::new();
            for w in reports.iter().flat_map(|r| &r.warnings) {
                if !shown.contains(&w) {
                    ui.reporter.eprint(&ui.reporter.render(w));
                    shown.push(w);
                }
            }
            // A reader that stops early (`| head`) is not an error.
            let _ = std::io::Write::write_all(
                &mut std::io::stdout(),
                render(&reports, &manifest).as_bytes(),
            );
            let denied = ui.deny_warnings || reports.iter().any(|r| r.denies_warnings);
            let warned = !shown.is_empty() || reports.iter().any(|r| r.counts().1 > 0);
            if reports.iter().any(|r| r.counts().2 > 0) {
                ExitCode::from(EXIT_ERRORS)
            } else if denied && warned {
                let hint = quire_build::denied_by(!ui.deny_warnings);
                let message = format!("checks passed with warnings, which are errors here: {hint}");
                ui.reporter
                    .eprint(&ui.reporter.render_message(true, &message));
                ExitCode::from(EXIT_ERRORS)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(error) => {
            ui.failed_build(
                &error,
                "the accessibility report needs a document without errors",
            );
            ExitCode::from(EXIT_ERRORS)
        }
    }
}
