//! `--deny warnings` (or the manifest's `[build] deny`): a build's warnings
//! as the errors that stop it.

use quire_core::{Diagnostic, Diagnostics, Severity};
use quire_render::RenderError;

use crate::BuildError;

/// The hint a denied warning carries: what denied it, the command line's
/// `--deny warnings` or the manifest's `[build] deny`.
pub fn denied_by(manifest: bool) -> &'static str {
    if manifest {
        "an error because the manifest denies warnings (`[build] deny = [\"warnings\"]`)"
    } else {
        "an error because warnings are denied (`--deny warnings`)"
    }
}

/// The build's warnings, if it has any, as the errors that stop it (the
/// pipeline's first, else the renderers').
pub fn deny_warnings<'a>(
    warnings: &[Diagnostic],
    rendering: impl Iterator<Item = &'a Diagnostic>,
    hint: &str,
) -> Result<(), BuildError> {
    if !warnings.is_empty() {
        let errors = warnings
            .iter()
            .map(|w| {
                let hint = match w.hint() {
                    Some(own) => format!("{own}; {hint}"),
                    None => hint.to_string(),
                };
                Diagnostic {
                    severity: Severity::Error,
                    ..w.clone()
                }
                .with_hint(hint)
            })
            .collect();
        return Err(BuildError::Project(Diagnostics(errors)));
    }
    let rendering: Vec<Diagnostic> = rendering
        .map(|w| {
            Diagnostic {
                severity: Severity::Error,
                ..w.clone()
            }
            .and_hint(hint)
        })
        .collect();
    if !rendering.is_empty() {
        return Err(BuildError::Render(RenderError(rendering)));
    }
    Ok(())
}
