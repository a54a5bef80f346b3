//! Where a problem the resolve pass found was written, and what to do
//! about it.

use super::*;

/// What to do about a broken accessibility rule, and how to accept it
/// knowingly where a council may.
pub(super) fn with_accessibility_hint(d: Diagnostic, error: &ResolveError) -> Diagnostic {
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
pub(super) fn locate_resolve_error(
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
pub(super) fn section_of(
    origins: &[(Part, Range<usize>, usize)],
    part: Part,
    index: usize,
) -> Option<usize> {
    origins
        .iter()
        .find(|(p, r, _)| *p == part && r.contains(&index))
        .map(|(_, _, s)| *s)
}
