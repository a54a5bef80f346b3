//! The figures' images: each read and checked once, before the resolve
//! pass, with problems at the figure's line.

use super::*;

/// Reads and checks every figure's image once (see [`images`]) and points
/// the figure at the image's path inside the project; each problem is an
/// error at the image's path in the section's prose.
pub(super) fn load_images(
    project: &Project,
    entries: &[&SectionEntry],
    origins: &[(Part, Range<usize>, usize)],
    sources: &[SectionSources],
    shared: Option<&SourceFile>,
    document: &mut Document,
    errors: &mut Vec<Diagnostic>,
) -> Images {
    let mut images = Images::new();
    // The images read so far: the path written, and the path read.
    let mut read: std::collections::HashMap<String, String> = std::collections::HashMap::new();
    // The largest image and where it is written, for the document's budget.
    let mut largest: Option<(f64, Diagnostic)> = None;
    let parts = [
        (Part::Front, &mut document.front),
        (Part::Body, &mut document.body),
        (Part::Appendices, &mut document.appendices),
    ];
    for (part, blocks) in parts {
        for (index, block) in blocks.iter_mut().enumerate() {
            let section = section_of(origins, part, index);
            // The figure's line; on it, the path itself when it is written there.
            let at_src = |d: Diagnostic, src: &str, origin: Option<&Origin>| match section {
                Some(section) => {
                    let found = origin
                        .and_then(|o| sources[section].files.locate(o, shared))
                        .map(|(file, line)| {
                            let needle = format!("]({src}");
                            match file.text[line.clone()].find(&needle) {
                                Some(at) => {
                                    let start = line.start + at + 2;
                                    (file, start..start + src.len())
                                }
                                None => (file, line),
                            }
                        });
                    let d = Diagnostic {
                        message: format!(
                            "section `{}`: {}",
                            entries[section].id.get_ref(),
                            d.message
                        ),
                        ..d
                    };
                    match found {
                        Some((file, span)) => d.at(file, span),
                        None => d.at(&project.manifest_file, entries[section].id.span()),
                    }
                }
                None => d.in_file(&project.manifest_file),
            };
            walk::blocks_mut(std::slice::from_mut(block), &mut |block| {
                let Block::Figure(fig) = block else { return };
                let origin = fig.at.clone();
                let FigureContent::Image { src, .. } = &mut fig.content else {
                    return;
                };
                // An image shown twice is read and decoded once.
                if let Some(key) = read.get(src.as_str()) {
                    *src = key.clone();
                    return;
                }
                match images::load(&project.root, src) {
                    Ok((key, image)) => {
                        read.insert(src.clone(), key.clone());
                        let pixels = image.width * image.height;
                        if image.format != ImageFormat::Svg
                            && largest.as_ref().is_none_or(|(most, _)| pixels > *most)
                        {
                            let d = at_src(
                                Diagnostic::error(format!("the image `{src}`")),
                                src,
                                origin.as_ref(),
                            );
                            largest = Some((pixels, d));
                        }
                        images.insert(key.clone(), image);
                        *src = key;
                    }
                    Err(problem) => errors.push(at_src(
                        Diagnostic::error(format!("the image `{src}` {problem}")),
                        src,
                        origin.as_ref(),
                    )),
                }
            });
        }
    }
    if let Err(problem) = images::check_document_pixels(&images)
        && let Some((_, d)) = largest
    {
        errors.push(Diagnostic {
            message: format!(
                "{problem} (the largest is {})",
                d.message.trim_start_matches("the image ")
            ),
            ..d
        });
    }
    images
}
