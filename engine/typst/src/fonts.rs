//! Fonts come from the style's font folder, so output never depends on the
//! machine. Typst's embedded fonts follow as a fallback for missing glyphs.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use quire_files::{FONT_FILE, ProjectRoot};
use typst::foundations::Bytes;
use typst::text::Font;
use typst_kit::fonts::FontStore;

use crate::TypstError;

/// What identifies a font folder's contents: each font file's name, size
/// and modification time.
type Fingerprint = Vec<(PathBuf, u64, Option<SystemTime>)>;

/// The fonts loaded last, kept for the next build in this process (a watch
/// loop, a benchmark): reading and parsing fonts is the slowest part of
/// making a world, and they rarely change.
static LOADED: Mutex<Option<(Fingerprint, Fonts)>> = Mutex::new(None);

/// The fonts a world uses: the style folder's first, then Typst's own.
#[derive(Clone)]
pub struct Fonts {
    /// Every font.
    pub store: Arc<FontStore>,
    /// The families of the style folder's fonts.
    pub own_families: Vec<String>,
}

/// The fonts of `dir` inside the project folder (see [`load_fresh`]),
/// reused from the previous build in this process while the folder's font
/// files are unchanged.
pub fn load(files: &ProjectRoot, dir: &Path) -> Result<Fonts, TypstError> {
    let fingerprint = font_files(files, dir)?
        .into_iter()
        .map(|path| {
            let meta = std::fs::metadata(&path).ok();
            let len = meta.as_ref().map_or(0, |m| m.len());
            let modified = meta.and_then(|m| m.modified().ok());
            (path, len, modified)
        })
        .collect::<Fingerprint>();
    let mut loaded = LOADED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some((known, fonts)) = loaded.as_ref()
        && *known == fingerprint
    {
        return Ok(fonts.clone());
    }
    let fonts = load_fresh(files, dir)?;
    *loaded = Some((fingerprint, fonts.clone()));
    Ok(fonts)
}

/// The font files in `dir`, sorted by name.
fn font_files(files: &ProjectRoot, dir: &Path) -> Result<Vec<PathBuf>, TypstError> {
    files.font_files(dir).map_err(|e| {
        TypstError::message(format!(
            "the style's font folder `{}` cannot be read: {e}",
            dir.display()
        ))
    })
}

/// Loads every `.ttf`, `.otf`, `.ttc` and `.otc` in `dir` (sorted by name, so
/// the font order is stable), then the embedded fallback fonts. Each is
/// read like any project file: a link out of the project folder, a named
/// pipe or an oversized file is refused.
pub fn load_fresh(files: &ProjectRoot, dir: &Path) -> Result<Fonts, TypstError> {
    let paths = font_files(files, dir)?;
    if paths.is_empty() {
        return Err(TypstError::message(format!(
            "the style's font folder `{}` holds no fonts",
            dir.display()
        )));
    }
    let mut store = FontStore::new();
    let mut own_families: Vec<String> = Vec::new();
    for path in paths {
        let data = files.read(&path, FONT_FILE).map_err(|e| {
            TypstError::message(format!("cannot read the font `{}`: {e}", path.display()))
        })?;
        let fonts: Vec<Font> = Font::iter(Bytes::new(data)).collect();
        if fonts.is_empty() {
            return Err(TypstError::message(format!(
                "`{}` is not a font Typst can read",
                path.display()
            )));
        }
        for font in &fonts {
            let family = &font.info().family;
            if !own_families.contains(family) {
                own_families.push(family.clone());
            }
        }
        store.extend(fonts.into_iter().map(|f| {
            let info = f.info().clone();
            (f, info)
        }));
    }
    store.extend(typst_kit::fonts::embedded());
    Ok(Fonts {
        store: Arc::new(store),
        own_families,
    })
}
