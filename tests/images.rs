//! Figure images: every image is read once from inside the project and
//! decoded before anything is rendered, so an image that cannot be used is
//! an error at its Markdown line — in `build`, `check`, `check --a11y` and
//! `watch` alike — and never a crash. SVG figures are vector in the PDF and
//! a print-resolution picture in the Word copy; large pictures are scaled
//! down for Word.

use crate::common;

use std::path::Path;

use common::{copy_project, edit, no_crash, quire};

/// Puts the image `bytes` in the project as `name` and shows it as a figure
/// in the governance prose; returns the Markdown line's number.
fn with_figure(project: &Path, name: &str, bytes: &[u8]) -> usize {
    std::fs::write(project.join(name), bytes).unwrap();
    let prose = project.join("sections/prose/governance.md");
    edit(
        &prose,
        "## Quarterly monitoring",
        &format!("![A map of the borough]({name} \"The borough\")\n\n## Quarterly monitoring"),
    );
    let text = std::fs::read_to_string(&prose).unwrap();
    text.lines().position(|l| l.contains(name)).unwrap() + 1
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let pixels: Vec<u8> = (0..width * height)
        .flat_map(|i| [(i % 251) as u8, 90, 160])
        .collect();
    let image = image::RgbImage::from_raw(width, height, pixels).unwrap();
    image
        .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

const SVG: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200" viewBox="0 0 400 200"><rect width="400" height="200" fill="#005ea5"/><circle cx="200" cy="100" r="60" fill="#ffdd00"/></svg>"##;

/// Images no renderer can use, each with the words that say why.
fn unusable() -> Vec<(&'static str, Vec<u8>, &'static str)> {
    let mut truncated = png(64, 64);
    truncated.truncate(truncated.len() - 40);
    // 52 megapixels, over the limit of 50 (one grey, so it is small).
    let mut huge = Vec::new();
    image::GrayImage::from_pixel(8000, 6500, image::Luma([128]))
        .write_to(
            &mut std::io::Cursor::new(&mut huge),
            image::ImageFormat::Png,
        )
        .unwrap();
    vec![
        ("empty.png", Vec::new(), "is an empty file"),
        (
            "words.png",
            b"a text file named .png".to_vec(),
            "is not an image Quire can read",
        ),
        ("truncated.png", truncated, "is a damaged PNG file"),
        ("huge.png", huge, "is 8000 × 6500 pixels (52.0 megapixels)"),
        (
            "broken.svg",
            b"<svg xmlns='http://www.w3.org/2000/svg'><rect".to_vec(),
            "is not an SVG drawing",
        ),
    ]
}

#[test]
fn an_unusable_image_is_an_error_at_its_line_in_every_command() {
    for (name, bytes, words) in unusable() {
        let project = copy_project();
        let line = with_figure(project.path(), name, &bytes);
        let at = format!("sections/prose/governance.md:{line}:");
        for args in [
            &["build"][..],
            &["build", "--only", "docx"],
            &["check"],
            &["check", "--a11y"],
            &["--message-format", "short", "build"],
        ] {
            let out = quire(project.path(), args);
            let stderr = no_crash(&out, &format!("{name}, {args:?}"));
            assert_eq!(out.status.code(), Some(1), "{name}, {args:?}: {stderr}");
            assert!(
                stderr.contains(&format!("the image `{name}` {words}")),
                "{name}, {args:?}: {stderr}"
            );
            if args[0] == "--message-format" {
                assert!(stderr.contains(&at), "{name}: {at} in {stderr}");
            }
        }
        assert!(!project.path().join("out").exists(), "nothing was written");
    }
}

#[cfg(unix)]
#[test]
fn watch_reports_an_unusable_image_and_goes_on_watching() {
    let project = copy_project();
    with_figure(project.path(), "words.png", b"not a picture");
    // The first build failed and the watcher waits for changes.
    let out = common::first_watch(project.path(), &[]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("the image `words.png` is not an image"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn an_svg_figure_is_vector_in_the_pdf_and_a_picture_in_word() {
    let project = copy_project();
    with_figure(project.path(), "drawing.svg", SVG.as_bytes());
    let out = quire(project.path(), &["build"]);
    let stderr = no_crash(&out, "svg");
    assert!(out.status.success(), "{stderr}");
    let docx = std::fs::read(project.path().join("out/hate-crime-strategy.docx")).unwrap();
    let parts = quire_docx::package::read_parts(&docx).unwrap();
    let pictures: Vec<_> = parts
        .iter()
        .filter(|p| p.name.starts_with("word/media/") && p.name.ends_with(".png"))
        .collect();
    // The two charts and the drawing, each a PNG.
    assert_eq!(
        pictures.len(),
        3,
        "{:?}",
        pictures.iter().map(|p| &p.name).collect::<Vec<_>>()
    );
    let drawing = pictures
        .iter()
        .map(|p| image::load_from_memory(&p.bytes).unwrap().to_rgb8())
        .find(|picture| picture.get_pixel(10, 10).0 == [0x00, 0x5e, 0xa5])
        .expect("the drawing's blue is in a Word picture");
    // Printed across the text width (about 6.3 inches) at 300 dpi.
    assert!(
        (1800..=2000).contains(&drawing.width()),
        "{}",
        drawing.width()
    );
    assert_eq!(drawing.height(), drawing.width() / 2);
    let pdf = std::fs::read(project.path().join("out/hate-crime-strategy.pdf")).unwrap();
    let doc = lopdf::Document::load_mem(&pdf).unwrap();
    let images = doc
        .objects
        .values()
        .filter(|o| {
            o.as_stream().is_ok_and(|s| {
                s.dict
                    .get(b"Subtype")
                    .is_ok_and(|t| t.as_name().is_ok_and(|n| n == b"Image"))
            })
        })
        .count();
    assert_eq!(images, 0, "the drawing is vector in the PDF, not a picture");
}

#[test]
fn a_large_picture_is_scaled_to_print_resolution_for_word() {
    let project = copy_project();
    with_figure(project.path(), "wide.png", &png(5000, 1000));
    let out = quire(project.path(), &["build", "--only", "docx"]);
    let stderr = no_crash(&out, "wide");
    assert!(out.status.success(), "{stderr}");
    let docx = std::fs::read(project.path().join("out/hate-crime-strategy.docx")).unwrap();
    let parts = quire_docx::package::read_parts(&docx).unwrap();
    let widths: Vec<u32> = parts
        .iter()
        .filter(|p| p.name.starts_with("word/media/") && p.name.ends_with(".png"))
        .map(|p| image::load_from_memory(&p.bytes).unwrap().width())
        .collect();
    assert!(
        widths.iter().all(|w| *w <= 2000),
        "every picture is at most 300 dpi across the page: {widths:?}"
    );
}

#[test]
fn a_document_whose_images_are_too_many_pixels_together_is_refused() {
    let project = copy_project();
    // Five different 48-megapixel pictures: each is allowed, together they
    // are 240 megapixels. A tiny PNG whose header claims the size decodes
    // as damaged, so real (solid, well-compressed) pictures are used.
    let prose = project.path().join("sections/prose/governance.md");
    let mut figures = String::new();
    for i in 0..5u8 {
        let mut out = Vec::new();
        image::GrayImage::from_pixel(8000, 6000, image::Luma([i * 40]))
            .write_to(&mut std::io::Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        std::fs::write(project.path().join(format!("big{i}.png")), out).unwrap();
        figures.push_str(&format!("![Picture {i}](big{i}.png \"Picture {i}\")\n\n"));
    }
    edit(
        &prose,
        "## Quarterly monitoring",
        &format!("{figures}## Quarterly monitoring"),
    );
    let out = quire(project.path(), &["check"]);
    let stderr = no_crash(&out, "budget");
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("the document's images have 240.0 megapixels together"),
        "{stderr}"
    );
}
