//! Images read and checked once, before rendering: every renderer takes
//! them from here, never from the disk.

use std::collections::BTreeMap;
use std::sync::Arc;

/// The image formats the renderers take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageFormat {
    /// Portable Network Graphics.
    Png,
    /// JPEG.
    Jpeg,
    /// GIF (its first frame).
    Gif,
    /// WebP.
    Webp,
    /// Scalable Vector Graphics: vector in the PDF, rasterised for Word.
    Svg,
}

impl ImageFormat {
    /// The format's name, for messages.
    pub fn name(self) -> &'static str {
        match self {
            Self::Png => "PNG",
            Self::Jpeg => "JPEG",
            Self::Gif => "GIF",
            Self::Webp => "WebP",
            Self::Svg => "SVG",
        }
    }
}

/// An image a figure shows: its bytes, as read from the project folder and
/// checked to decode, and its size.
#[derive(Debug, Clone, PartialEq)]
pub struct Image {
    /// The file's bytes.
    pub bytes: Arc<Vec<u8>>,
    /// What they are.
    pub format: ImageFormat,
    /// Width in pixels (for SVG, in its own CSS pixels).
    pub width: f64,
    /// Height in pixels (for SVG, in its own CSS pixels).
    pub height: f64,
}

/// The images of a document, by the path its figures give (relative to the
/// project folder, with `/` between parts).
pub type Images = BTreeMap<String, Image>;
