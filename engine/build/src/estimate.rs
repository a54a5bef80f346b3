//! What rendering a document is estimated to take.

use quire_core::Assembled;
use quire_files::image::ImageFormat;

/// What typesetting the assembled document is estimated to take, in
/// bytes: the document budget's measure of its content, and its pictures
/// decoded (8 bytes a pixel: the PDF's and the Word copy's; an SVG drawn at
/// 300 dpi for Word, about 9 megapixels at most on a page).
pub fn estimate(assembled: &Assembled) -> u64 {
    let pictures = assembled
        .images
        .values()
        .map(|image| {
            let pixels = image.width * image.height;
            let drawn = match image.format {
                ImageFormat::Svg => pixels.max(9e6),
                _ => pixels,
            };
            (image.bytes.len() as u64).saturating_add((drawn * 8.0) as u64)
        })
        .fold(0, u64::saturating_add);
    quire_core::budget::estimate(&assembled.size).saturating_add(pictures)
}
