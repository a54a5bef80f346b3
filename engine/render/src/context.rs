//! The one input every renderer reads.

use std::path::Path;

use quire_files::ProjectRoot;
use quire_files::image::Images;
use quire_model::ResolvedDocument;
use quire_style::{Layout, Style};

use crate::ContentsPages;

/// Everything a renderer may read, the same for every output of a build.
#[derive(Clone, Copy)]
pub struct RenderContext<'a> {
    /// The resolved document.
    pub document: &'a ResolvedDocument,
    /// The house style.
    pub style: &'a Style,
    /// The lengths and looks every renderer shares, worked out once from
    /// the style.
    pub layout: &'a Layout,
    /// The folder the style file is in (template, fonts and logo are
    /// found from here).
    pub style_dir: &'a Path,
    /// The style's font folder.
    pub fonts_dir: &'a Path,
    /// The project folder: the only place a renderer reads files from.
    pub files: &'a ProjectRoot,
    /// The figures' images, read and checked before rendering.
    pub images: &'a Images,
    /// The document's date as readers see it (`30 June 2004`).
    pub display_date: &'a str,
    /// The document's output name (`hate-crime-strategy`), which
    /// identifies the PDF.
    pub name: &'a str,
    /// Which standards a PDF is made to.
    pub conformance: Conformance,
    /// Each character the style's fonts lack, with where it is first
    /// written (`sections/prose/intro.md:9:56`) when that is known.
    pub missing_glyphs: &'a [(char, Option<String>)],
    /// The page of each contents entry, from the output laid out in pages.
    pub contents_pages: &'a ContentsPages,
}

/// No figures' images.
static NO_IMAGES: Images = Images::new();

/// Contents' pages that will never be known.
static NO_PAGES: ContentsPages = ContentsPages::none();

impl<'a> RenderContext<'a> {
    /// A context for `document` in `style` and nothing else: no images,
    /// no date, no folders, the default PDF standards, no missing
    /// characters, and contents' pages that will never be known. Set the
    /// rest with struct update syntax (`RenderContext { images, ..cx }`).
    pub fn new(
        document: &'a ResolvedDocument,
        style: &'a Style,
        layout: &'a Layout,
        files: &'a ProjectRoot,
    ) -> Self {
        Self {
            document,
            style,
            layout,
            style_dir: Path::new(""),
            fonts_dir: Path::new(""),
            files,
            images: &NO_IMAGES,
            display_date: "",
            name: "",
            conformance: Conformance::default(),
            missing_glyphs: &[],
            contents_pages: &NO_PAGES,
        }
    }
}

impl std::fmt::Debug for RenderContext<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RenderContext")
            .field("document", &self.document.meta().title)
            .field("style_dir", &self.style_dir)
            .field("fonts_dir", &self.fonts_dir)
            .field("display_date", &self.display_date)
            .field("name", &self.name)
            .field("conformance", &self.conformance)
            .finish_non_exhaustive()
    }
}

/// Which standards the PDF is made to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Conformance {
    /// PDF/UA-1, for accessibility (the default).
    pub accessible: bool,
    /// Also PDF/A-2b, for archiving.
    pub archival: bool,
}

impl Default for Conformance {
    fn default() -> Self {
        Self {
            accessible: true,
            archival: false,
        }
    }
}
