//! Every figure's image is read from the project folder once, before
//! anything is rendered, and checked: inside the project, a regular file,
//! a format the renderers take, decoding whole, and within the pixel
//! limits. The renderers get the bytes ([`Images`]), never a path.

use std::io::Cursor;
use std::path::Path;
use std::sync::Arc;

use quire_files::image::{Image, ImageFormat, Images};
use quire_files::{FileError, Limit, ProjectRoot};

/// The largest image file read: 32 MiB.
pub const MAX_IMAGE_FILE: Limit = Limit {
    bytes: 32 * 1024 * 1024,
    what: "images",
};

/// The most pixels one image may have: 50 megapixels (a 8,660 × 5,773
/// photograph). Decoding takes four bytes a pixel, and typesetting holds
/// the picture again: a 30,000 × 30,000 image would take gigabytes.
pub const MAX_IMAGE_PIXELS: u64 = 50_000_000;

/// The most pixels all of a document's images may have together: 200
/// megapixels, about 800 MB decoded.
pub const MAX_DOCUMENT_PIXELS: u64 = 200_000_000;

/// The largest SVG side, in its own pixels; beyond it, the drawing's size
/// is not a size at all.
const MAX_SVG_SIDE: f64 = 100_000.0;

/// Reads and checks the image at `src` (as written, relative to the
/// project folder). Returns the path to key it by (relative to the project
/// folder, through any links) and the image, or what is wrong, in words
/// that complete "the image `src` …".
pub fn load(root: &ProjectRoot, src: &str) -> Result<(String, Image), String> {
    if Path::new(src).is_absolute() {
        return Err(
            "is outside the project folder: it is an absolute path, and image paths are relative to the project folder"
                .into(),
        );
    }
    let real = root.resolve(Path::new(src)).map_err(|e| file_problem(&e))?;
    let bytes = root
        .read(&real, MAX_IMAGE_FILE)
        .map_err(|e| file_problem(&e))?;
    let key = real
        .strip_prefix(root.path())
        .unwrap_or(&real)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/");
    let image = decode(bytes)?;
    Ok((key, image))
}

fn file_problem(error: &FileError) -> String {
    match error {
        FileError::Outside { real } => format!(
            "is outside the project folder (it leads to `{}`): copy the image into the project folder",
            real.display()
        ),
        FileError::Missing => {
            "does not exist (image paths are relative to the project folder)".into()
        }
        other => format!("cannot be read: {other}"),
    }
}

/// Checks that `bytes` are a whole image of a format the renderers take,
/// within [`MAX_IMAGE_PIXELS`].
pub fn decode(bytes: Vec<u8>) -> Result<Image, String> {
    if bytes.is_empty() {
        return Err("is an empty file".into());
    }
    if looks_like_svg(&bytes) {
        return decode_svg(bytes);
    }
    let reader = image::ImageReader::new(Cursor::new(&bytes[..]))
        .with_guessed_format()
        .map_err(|e| e.to_string())?;
    let format = match reader.format() {
        Some(image::ImageFormat::Png) => ImageFormat::Png,
        Some(image::ImageFormat::Jpeg) => ImageFormat::Jpeg,
        Some(image::ImageFormat::Gif) => ImageFormat::Gif,
        Some(image::ImageFormat::WebP) => ImageFormat::Webp,
        Some(other) => {
            return Err(format!(
                "is a {} image, which Quire does not take: save it as PNG or JPEG (or SVG for drawings)",
                other
                    .extensions_str()
                    .first()
                    .unwrap_or(&"?")
                    .to_uppercase()
            ));
        }
        None => return Err(not_an_image()),
    };
    let (width, height) = reader
        .into_dimensions()
        .map_err(|e| format!("is a damaged {} file: {e}", format.name()))?;
    check_pixels(u64::from(width) * u64::from(height), width, height)?;
    // Decoded whole once, so a file that is damaged past its header is
    // found here rather than by a renderer.
    let mut reader = image::ImageReader::new(Cursor::new(&bytes[..]));
    reader.set_format(match format {
        ImageFormat::Png => image::ImageFormat::Png,
        ImageFormat::Jpeg => image::ImageFormat::Jpeg,
        ImageFormat::Gif => image::ImageFormat::Gif,
        _ => image::ImageFormat::WebP,
    });
    let mut limits = image::Limits::default();
    limits.max_alloc = Some(MAX_IMAGE_PIXELS * 8);
    reader.limits(limits);
    reader
        .decode()
        .map_err(|e| format!("is a damaged {} file: {e}", format.name()))?;
    Ok(Image {
        bytes: Arc::new(bytes),
        format,
        width: f64::from(width),
        height: f64::from(height),
    })
}

fn not_an_image() -> String {
    "is not an image Quire can read: figures take PNG, JPEG, GIF, WebP or SVG".into()
}

fn check_pixels(pixels: u64, width: u32, height: u32) -> Result<(), String> {
    if pixels > MAX_IMAGE_PIXELS {
        return Err(format!(
            "is {width} × {height} pixels ({:.1} megapixels), and an image may have at most {} megapixels: scale it down (a picture across the page at 300 dpi is about 2,000 pixels wide)",
            pixels as f64 / 1e6,
            MAX_IMAGE_PIXELS / 1_000_000
        ));
    }
    if width == 0 || height == 0 {
        return Err("has no pixels".into());
    }
    Ok(())
}

/// SVG is text: an XML declaration, a comment or `<svg` first.
fn looks_like_svg(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    text.starts_with("<svg")
        || ((text.starts_with("<?xml") || text.starts_with("<!--")) && text.contains("<svg"))
}

fn decode_svg(bytes: Vec<u8>) -> Result<Image, String> {
    let tree = usvg::Tree::from_data(&bytes, &svg_options())
        .map_err(|e| format!("is not an SVG drawing Quire can read: {e}"))?;
    let size = tree.size();
    let (width, height) = (f64::from(size.width()), f64::from(size.height()));
    if !(width > 0.0 && height > 0.0 && width <= MAX_SVG_SIDE && height <= MAX_SVG_SIDE) {
        return Err(format!(
            "is an SVG drawing of {width} × {height} pixels, which is not a size Quire can print"
        ));
    }
    Ok(Image {
        bytes: Arc::new(bytes),
        format: ImageFormat::Svg,
        width,
        height,
    })
}

/// SVG options that read nothing but the drawing itself: a picture it
/// links to by path or address is left out (embedded `data:` pictures are
/// kept).
pub fn svg_options() -> usvg::Options<'static> {
    usvg::Options {
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: usvg::ImageHrefResolver::default_data_resolver(),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    }
}

/// Adds up the pixels of a document's images; an error names the total.
pub fn check_document_pixels(images: &Images) -> Result<(), String> {
    let total: f64 = images
        .values()
        .filter(|i| i.format != ImageFormat::Svg)
        .map(|i| i.width * i.height)
        .sum();
    if total > MAX_DOCUMENT_PIXELS as f64 {
        return Err(format!(
            "the document's images have {:.1} megapixels together, and a document's may have at most {}: scale the largest down",
            total / 1e6,
            MAX_DOCUMENT_PIXELS / 1_000_000
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
